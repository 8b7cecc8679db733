"""Pre-encoded snapshots (lapor_server.encoded): the stored bytes are exactly what each role may
see, they follow every change in the changing transaction, outdated or missing rows are never
served, and the migration fills them for reports that existed before."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import orjson
import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from lapor_server import encoded
from lapor_server import reports as rep
from lapor_server.db import Database, upgrade
from lapor_server.models import EncodedSnapshot, Report
from lapor_server.snapshots import build_snapshots
from lapor_server.storage import store_bytes
from tests.server.conftest import (
    AGENCY_A,
    AGENCY_B,
    CANARY_EMAIL,
    CANARY_NAME,
    CANARY_PHONE,
    World,
    make_op,
)

ROLES = {"koor": "koordinator", "pimpinan": "pimpinan", "admin": "admin", "petugas_a": "petugas"}
CANARIES = (CANARY_NAME, CANARY_PHONE, CANARY_EMAIL, "Kanari")


def _varied(world: World) -> dict[str, str]:
    """Reports covering the privacy rules: anonymous (the canary), contact details, a file hidden
    from the OPD, another OPD, every status."""
    ids = {
        "anon": world.report(
            "in_progress",
            reporter_name=CANARY_NAME,
            reporter_phone=CANARY_PHONE,
            reporter_email=CANARY_EMAIL,
            is_anonymous=True,
        ),
        "named": world.report("dispatched"),
        "other_opd": world.report("postponed", agency=AGENCY_B),
        "waiting": world.report("unverified"),
        "done": world.report("completed"),
        "archived": world.report("archived"),
    }
    face = b"\xff\xd8\xff foto wajah pelapor"
    with world.db.write() as s:
        store_bytes(s, world.settings.attachments_dir, face, "image/jpeg", world.clock())
        rep.link_attachments(
            s,
            s.get(Report, ids["named"]),
            None,
            [(hashlib.sha256(face).hexdigest(), "wajah-pelapor.jpg")],
            world.clock(),
        )
    sha = hashlib.sha256(face).hexdigest()
    r = world.client.post(
        f"/api/v1/reports/{ids['named']}/attachments/{sha}/visibility",
        json={"hidden_from_agency": True},
        headers=world.headers("koor"),
    )
    assert r.status_code == 200, r.text
    ids["face_sha"] = sha
    return ids


def _stored(world: World) -> list[tuple[str, str, bytes]]:
    with world.db.read() as s:
        return [
            (r.report_id, r.audience, bytes(r.body))
            for r in s.execute(sa.select(EncodedSnapshot)).scalars()
        ]


def test_stored_bytes_are_each_roles_snapshot_and_keep_the_privacy_rules(world: World) -> None:
    ids = _varied(world)
    world.op1("koor", make_op("note", ids["anon"], {"text": "catatan"}))
    rows = _stored(world)
    assert {a for _, a, _ in rows} == set(encoded.AUDIENCES)
    for _, audience, body in rows:
        for canary in CANARIES:  # the anonymous reporter's identity, in no audience's bytes
            assert canary.encode() not in body, audience
        if audience != "koordinator":  # contact details are the coordinator's only
            assert b"0812-1111-2222" not in body and b"maria@example.org" not in body
        if audience == "petugas":
            assert ids["face_sha"].encode() not in body and b"wajah-pelapor" not in body
    officer_rows = {rid for rid, a, _ in rows if a == "petugas"}
    assert officer_rows == {ids["anon"], ids["named"], ids["other_opd"], ids["done"]}

    # Byte for byte what the rules build now, for every role (admin shares pimpinan's bytes:
    # this fails the day their rules differ, instead of serving one the other's view).
    all_ids = [v for k, v in ids.items() if k != "face_sha"]
    stored = {(rid, a): body for rid, a, body in rows}
    with world.db.read() as s:
        for role in ("koordinator", "pimpinan", "admin"):
            live = build_snapshots(s, all_ids, role, None)
            audience = encoded.AUDIENCE_OF_ROLE[role]
            assert {rid: stored[rid, audience] for rid in all_ids} == {
                rid: orjson.dumps(snap) for rid, snap in live.items()
            }
        for agency in (AGENCY_A, AGENCY_B):
            for rid, snap in build_snapshots(s, all_ids, "petugas", agency).items():
                assert stored[rid, "petugas"] == orjson.dumps(snap)


def test_feed_pages_are_the_stored_bytes_and_identical_when_rows_are_missing(world: World):
    ids = _varied(world)
    pages = {who: world.get(who, "/api/v1/feed", params={"summary": 1}).content for who in ROLES}
    for who, page in pages.items():
        for canary in CANARIES:
            assert canary.encode() not in page
        snaps = {i["report"]["id"]: i["report"] for i in orjson.loads(page)["items"]}
        if who == "petugas_a":
            assert set(snaps) == {ids["anon"], ids["named"], ids["done"]}
            assert ids["face_sha"] not in page.decode()
    # Outdated (another rules fingerprint) or missing rows are never served: the page is built
    # live and is the same page.
    with world.db.write() as s:
        s.execute(sa.update(EncodedSnapshot).values(rules="0" * 16))
    for who, page in pages.items():
        assert world.get(who, "/api/v1/feed", params={"summary": 1}).content == page
    with world.db.write() as s:
        s.execute(sa.delete(EncodedSnapshot))
    for who, page in pages.items():
        assert world.get(who, "/api/v1/feed", params={"summary": 1}).content == page
    with world.db.write() as s:
        assert encoded.backfill(s) == 6
        assert encoded.backfill(s) == 0
    for who, page in pages.items():
        assert world.get(who, "/api/v1/feed", params={"summary": 1}).content == page


def test_a_change_re_encodes_in_the_same_transaction(world: World) -> None:
    rid = world.report("dispatched")
    world.op1(
        "petugas_a", make_op("respond", rid, {"text": "Tim sudah ke lokasi.", "final": False})
    )
    with world.db.read() as s:
        seq = s.get(Report, rid).feed_seq
        rows = s.execute(sa.select(EncodedSnapshot).where(EncodedSnapshot.report_id == rid)).all()
    assert len(rows) == 3
    for (row,) in rows:
        assert row.feed_seq == seq and row.rules == encoded.RULES
        assert b"Tim sudah ke lokasi." in bytes(row.body)
    # A reassignment takes it away from OPD A: no officer bytes stay for OPD A's old view...
    world.op1("koor", make_op("reassign", rid, {"agency_code": AGENCY_B, "reason": "salah OPD"}))
    page = orjson.loads(world.get("petugas_b", "/api/v1/feed").content)
    assert [i["report"]["agency_code"] for i in page["items"]] == [AGENCY_B]
    page = orjson.loads(world.get("petugas_a", "/api/v1/feed").content)
    assert [i["type"] for i in page["items"]] == ["tombstone"]


def test_a_failed_transaction_writes_no_bytes(world: World) -> None:
    rid = world.report("dispatched")
    before = _stored(world)
    with pytest.raises(RuntimeError), world.db.write() as s:
        report = s.get(Report, rid)
        report.title = "Judul yang tidak pernah disimpan"
        s.flush()
        raise RuntimeError("boom")
    assert _stored(world) == before


def test_the_migration_encodes_reports_that_existed_before(tmp_path, monkeypatch) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    upgrade(url, "0004")
    # At 0004 there is no conversation table yet (0006); revision 0006 fills it from the timeline.
    monkeypatch.setattr("lapor_server.citizen.conversation.record_change", lambda *a, **k: [])
    engine = sa.create_engine(url)
    now = datetime(2026, 11, 4, 1, 0, tzinfo=UTC)
    with Session(engine) as s, s.begin():
        # No reference data: the models' agencies have columns a 0004 database lacks (0008).
        made = [
            rep.create_report(
                s,
                title=f"Lampu jalan mati {i}",
                body="Sudah tiga malam gelap.",
                classification="pengaduan",
                channel="web",
                submitted_at=now,
                now=now,
                calendar=rep.load_calendar(s),
                is_anonymous=i == 0,
                reporter_name=CANARY_NAME if i == 0 else "Yakob Magal",
            ).id
            for i in range(3)
        ]
    engine.dispose()
    upgrade(url)
    db = Database(url)
    try:
        with db.read() as s:
            rows = s.execute(sa.select(EncodedSnapshot)).scalars().all()
            assert {(r.report_id, r.audience) for r in rows} == {
                (rid, a) for rid in made for a in ("koordinator", "pimpinan")
            }
            assert all(CANARY_NAME.encode() not in r.body for r in rows)
            live = build_snapshots(s, made, "koordinator", None)
            for r in rows:
                if r.audience == "koordinator":
                    assert bytes(r.body) == orjson.dumps(live[r.report_id])
    finally:
        db.dispose()
