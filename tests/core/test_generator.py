"""The demo-report generator: deterministic, valid for the contract and the workflow, realistic."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import struct
import subprocess
import sys
import zlib
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from lapor_core.calendar import DEFAULT_CALENDAR, MIMIKA_TZ
from lapor_core.corpus import writer
from lapor_core.generator import GeneratedReport, generate_reports, make_photo
from lapor_core.reference import load_reference
from lapor_core.wire import CHANNELS, CLASSIFICATIONS, is_code, validate_op_payload
from lapor_core.workflow import AGENCY_STATUSES, ReportState, Role, Status, transition

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 4, 15, 10, 30, tzinfo=MIMIKA_TZ)  # just after Idul Fitri 2026


@pytest.fixture(scope="module")
def reports() -> list[GeneratedReport]:
    return list(generate_reports(5000, seed=11, now=NOW))


def _digest(items: list[GeneratedReport]) -> str:
    text = json.dumps([_plain(r) for r in items], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _plain(r: GeneratedReport) -> dict:
    return {
        "index": r.index,
        "intake": r.intake,
        "submitted_at": r.submitted_at.isoformat(),
        "history": [
            [s.at.isoformat(), str(s.action), str(s.role), s.payload, s.agency_code]
            for s in r.history
        ],
        "photos": r.photos,
        "status": str(r.status),
    }


# -- determinism ------------------------------------------------------------------------------


def test_same_seed_gives_the_same_reports():
    first = list(generate_reports(400, seed=5, now=NOW))
    again = list(generate_reports(400, seed=5, now=NOW))
    assert first == again


def test_same_seed_gives_the_same_reports_in_another_process():
    code = (
        "import sys; from datetime import datetime;"
        "from lapor_core.calendar import MIMIKA_TZ;"
        "from lapor_core.generator import generate_reports;"
        "from tests.core.test_generator import _digest;"
        "now = datetime(2026, 4, 15, 10, 30, tzinfo=MIMIKA_TZ);"
        "print(_digest(list(generate_reports(300, seed=5, now=now))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "12345"},  # str hashing must not matter
    )
    assert out.stdout.strip() == _digest(list(generate_reports(300, seed=5, now=NOW)))


def test_different_seeds_give_different_reports():
    a = [r.intake["title"] for r in generate_reports(50, seed=1, now=NOW)]
    b = [r.intake["title"] for r in generate_reports(50, seed=2, now=NOW)]
    assert a != b


def test_a_million_reports_are_generated_lazily():
    it = generate_reports(1_000_000, now=NOW)
    first = list(itertools.islice(it, 10))
    assert [r.index for r in first] == list(range(10))


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError):
        generate_reports(-1, now=NOW)
    with pytest.raises(ValueError):
        generate_reports(5, now=datetime(2026, 4, 15, 10, 30))  # naive
    with pytest.raises(ValueError):
        generate_reports(5, now=NOW, months=0)
    assert list(generate_reports(0, now=NOW)) == []


# -- the intake body --------------------------------------------------------------------------

_OPTIONAL_TEXT = ("village", "address")


def _check_intake(body: dict, ref) -> None:
    """A local mirror of the intake contract (docs/api.md, Intake)."""
    assert list(body) == [
        "title", "body", "classification", "category_code", "district_code", "village",
        "address", "lat", "lon", "incident_date", "channel", "is_anonymous", "is_secret",
        "reporter",
    ]  # fmt: skip
    assert isinstance(body["title"], str) and 0 < len(body["title"].strip()) <= 300
    assert isinstance(body["body"], str) and 0 < len(body["body"].strip()) <= 4000
    assert body["classification"] in CLASSIFICATIONS
    assert body["channel"] in CHANNELS
    if body["category_code"] is not None:
        assert ref.category(body["category_code"])
    district = ref.district(body["district_code"])
    if body["village"] is not None:
        assert body["village"] in district.villages
    for key in _OPTIONAL_TEXT:
        assert body[key] is None or (isinstance(body[key], str) and body[key].strip())
    assert (body["lat"] is None) == (body["lon"] is None)
    if body["lat"] is not None:
        assert -5.5 < body["lat"] < -3.5 and 134.5 < body["lon"] < 138.5
    if body["incident_date"] is not None:
        date.fromisoformat(body["incident_date"])
    assert isinstance(body["is_anonymous"], bool) and isinstance(body["is_secret"], bool)
    reporter = body["reporter"]
    assert set(reporter) == {"name", "phone", "email"}
    assert isinstance(reporter["name"], str) and reporter["name"].strip()
    if reporter["phone"] is not None:
        assert reporter["phone"].startswith("08") and reporter["phone"].isdigit()
        # demo numbers sit in an obviously artificial block, never a random real subscriber's
        assert reporter["phone"][4:8] == "0000" and len(reporter["phone"]) == 12
    if reporter["email"] is not None:
        assert reporter["email"].count("@") == 1
        assert reporter["email"].rsplit("@")[1].startswith("example.")
    for text in (body["title"], body["body"], body["address"] or ""):
        assert "{" not in text and "}" not in text, text


def test_every_intake_follows_the_contract(reports):
    ref = load_reference()
    for r in reports:
        _check_intake(r.intake, ref)
        assert 0 <= r.photos <= 3


def test_submission_times_are_ordered_and_inside_the_range(reports):
    start = NOW - timedelta(days=round(6 * 30.4375))
    times = [r.submitted_at for r in reports]
    assert times == sorted(times)
    assert start <= times[0] and times[-1] < NOW
    assert all(t.utcoffset() == timedelta(hours=9) for t in times)
    assert [r.index for r in reports] == list(range(len(reports)))
    # spread over the whole range, not bunched at one end
    assert times[len(times) // 2] - start > timedelta(days=60)


def test_coordinates_fall_inside_their_distrik(reports):
    ref = load_reference()
    features = json.loads((ROOT / "resources/maps/mimika-distrik.geojson").read_text())["features"]
    shapes = {f["properties"]["distrik"]: f["geometry"] for f in features}
    placed = [r for r in reports if r.intake["lat"] is not None]
    assert len(placed) > len(reports) // 4
    for r in placed:
        geometry = shapes[ref.district(r.intake["district_code"]).geo_name]
        assert _inside(r.intake["lon"], r.intake["lat"], geometry), r.intake


def _inside(x: float, y: float, geometry: dict) -> bool:
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    hit = False
    for polygon in polygons:
        for ring in polygon:
            for (x1, y1), (x2, y2) in itertools.pairwise([*ring, ring[0]]):
                if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                    hit = not hit
    return hit


# -- the planned history ----------------------------------------------------------------------


def test_every_history_replays_through_the_workflow(reports):
    ref = load_reference()
    for r in reports:
        state = ReportState(Status.UNVERIFIED)
        last = r.submitted_at
        for step in r.history:
            assert last < step.at < NOW, (r.index, step)
            assert DEFAULT_CALENDAR.is_working_day(step.at.date())
            last = step.at
            payload = validate_op_payload(step.action, step.payload)
            if step.role == Role.PETUGAS:
                assert step.agency_code == state.agency_code  # acts for the agency it is at
            else:
                assert step.role == Role.KOORDINATOR and step.agency_code is None
            for key in ("agency_code", "suggested_agency_code"):
                if key in payload:
                    assert ref.agency(payload[key])
            if payload.get("reason") == "duplicate":
                assert step.duplicate_of_index is not None
                assert 0 <= step.duplicate_of_index < r.index
            t = transition(
                step.actor,
                step.action,
                state,
                target_agency=payload.get("agency_code"),
                final=payload.get("final", False),
            )
            state = ReportState(t.status, t.agency_code, t.postponed_from)
        assert state.status == r.status
        assert state.agency_code == r.agency_code
        if r.agency_code is not None:
            assert r.status in AGENCY_STATUSES
        elif r.status in AGENCY_STATUSES:  # the coordinator postponed it before dispatching
            assert r.status == Status.POSTPONED


def test_duplicates_point_at_earlier_reports_and_resolve_to_ids(reports):
    duplicates = [(r, s) for r in reports for s in r.history if s.duplicate_of_index is not None]
    assert len(duplicates) > 20
    r, step = duplicates[0]
    original = reports[step.duplicate_of_index]
    assert original.intake["district_code"] == r.intake["district_code"]
    resolved = step.payload_for(lambda i: f"report-{i}")
    assert resolved["duplicate_of"] == f"report-{step.duplicate_of_index}"
    assert validate_op_payload("archive", resolved)["reason"] == "duplicate"


def test_status_mix_depends_on_age(reports):
    waiting = {Status.UNVERIFIED, Status.VERIFIED, Status.DISPATCHED}
    recent = [r for r in reports if NOW - r.submitted_at < timedelta(days=3)]
    old = [r for r in reports if NOW - r.submitted_at > timedelta(days=45)]
    assert recent and old
    assert sum(r.status in waiting for r in recent) / len(recent) > 0.6
    done = sum(r.status in (Status.COMPLETED, Status.ARCHIVED) for r in old) / len(old)
    assert done > 0.6
    statuses = Counter(r.status for r in reports)
    assert set(statuses) == set(Status)  # every status occurs, postponed and archived included
    kinds = Counter(s.action for r in reports for s in r.history)
    for action in ("verify", "dispatch", "respond", "note", "postpone", "resume", "return",
                   "reassign", "archive"):  # fmt: skip
        assert kinds[action] > 0, action
    # some reports wait past their response deadline (5 working days after dispatch)
    overdue = [
        r
        for r in reports
        if r.status == Status.DISPATCHED
        and DEFAULT_CALENDAR.working_days_between(r.history[-1].at.date(), NOW.date()) > 5
    ]
    assert overdue


def test_officers_write_indonesian_answers(reports):
    answers = [s.payload["text"] for r in reports for s in r.history if s.action == "respond"]
    assert answers
    assert all("Bapak/Ibu" in a or "Terima kasih" in a for a in answers)
    assert all("{" not in a and "}" not in a for a in answers)
    finals = [s.payload["text"] for r in reports for s in r.history if s.payload.get("final")]
    assert len(set(finals)) > 200


# -- distributions and variety ----------------------------------------------------------------


def test_mimika_baru_and_infrastructure_dominate(reports):
    districts = Counter(r.intake["district_code"] for r in reports)
    assert districts.most_common(1)[0][0] == "mimika_baru"
    assert len(districts) == 18  # even the small distrik report something
    categories = Counter(r.intake["category_code"] for r in reports if r.intake["category_code"])
    assert categories.most_common(1)[0][0] == "pekerjaan_umum"
    channels = Counter(r.intake["channel"] for r in reports)
    assert len(channels) >= 7


def test_privacy_flags_and_photos_shares():
    sample = list(generate_reports(2000, seed=3, now=NOW))
    anonymous = sum(r.intake["is_anonymous"] for r in sample) / len(sample)
    secret = sum(r.intake["is_secret"] for r in sample) / len(sample)
    with_photos = sum(r.photos > 0 for r in sample) / len(sample)
    assert 0.05 <= anonymous <= 0.15
    assert 0.01 <= secret <= 0.10
    assert 0.05 <= with_photos < 0.5  # some have photos, most do not


def test_text_is_varied(reports):
    titles = {r.intake["title"] for r in reports}
    assert len(titles) >= 150
    bodies = {r.intake["body"] for r in reports}
    assert len(bodies) > len(reports) * 0.9
    names = {r.intake["reporter"]["name"] for r in reports}
    assert len(names) > 500


def test_every_corpus_template_can_be_filled():
    """A slot typo in the JSON corpus would otherwise surface only for some seeds."""
    import random

    corpus = writer.load_corpus()
    step = {k: "x" for k in writer.STEP_SLOTS}
    templates = [
        t
        for topic in corpus.topics
        for t in (
            *topic.titles,
            *topic.openings,
            *topic.details,
            *topic.progress,
            *topic.final,
            *topic.notes,
            *topic.postpone,
        )
    ]
    for pairs in corpus.special.values():
        templates += [t for pair in pairs for t in pair]
    for key, pool in corpus.officer.items():
        if isinstance(pool, list):
            templates += pool
        elif key == "archive_notes":
            templates += [t for notes in pool.values() for t in notes]
    ref = load_reference()
    for place in corpus.places.values():
        slots = writer.Slots(corpus, place, writer.FastRandom(1), place.villages[0])
        slots.update(step)
        for t in templates:
            assert "{" not in writer.fill(t, slots), t
    topics_by_category = {t.category for t in corpus.topics}
    assert topics_by_category == {c.code for c in ref.categories}
    for t in corpus.topics:
        for agency in (t.agency, *t.confused_with):
            assert agency == "distrik" or ref.agency(agency), (t.code, agency)
    assert issubclass(writer.FastRandom, random.Random)


# -- photos -----------------------------------------------------------------------------------


def test_photos_are_valid_deterministic_pngs():
    data = make_photo(7)
    assert data == make_photo(7)
    assert data != make_photo(8) and data != make_photo(7, 1)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    _length, kind = struct.unpack(">I4s", data[8:16])
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    assert (kind, width, height, depth, colour) == (b"IHDR", 320, 240, 8, 2)
    pos, raw = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos : pos + 8])
        chunk = data[pos + 8 : pos + 8 + n]
        (crc,) = struct.unpack(">I", data[pos + 8 + n : pos + 12 + n])
        assert crc == zlib.crc32(kind + chunk) & 0xFFFFFFFF
        if kind == b"IDAT":
            raw += chunk
        pos += 12 + n
    assert len(zlib.decompress(raw)) == (1 + 320 * 3) * 240
    assert len(data) < 50_000


def test_codes_in_generated_reports_are_valid(reports):
    for r in reports[:500]:
        assert is_code(r.intake["district_code"])
        assert r.intake["category_code"] is None or is_code(r.intake["category_code"])
