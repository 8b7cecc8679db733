"""Facts the server keeps and sends (issue 11): the citizen's original title, an answer's bounded
written time (and compliance counted from it), the event details desks show, and deadlines that
follow an admin's extra holiday."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from lapor_core.calendar import WorkingCalendar
from lapor_server import manage
from lapor_server.models import Report, ReportEvent
from tests.server.conftest import AGENCY_A, AGENCY_B, World, make_op


def _snap(world: World, who: str, rid: str) -> dict:
    r = world.get(who, f"/api/v1/reports/{rid}")
    assert r.status_code == 200, r.text
    return r.json()


def _op(kind: str, rid: str, payload: dict, base: int, created_at: datetime | None) -> dict:
    op = make_op(kind, rid, payload, base_version=base)
    if created_at is None:
        op.pop("created_at")
    else:
        op["created_at"] = created_at.isoformat()
    return op


def test_verify_with_a_new_title_keeps_the_citizens_title_for_coordinators(world: World) -> None:
    rid = world.report("unverified", title="jalan rusak tolong pak dekat rumah sy")
    res = world.op1("koor", make_op("verify", rid, {"title": "Jalan rusak di Jl. Budi Utomo"}))
    assert res["outcome"] == "applied"
    koor = _snap(world, "koor", rid)
    assert koor["title"] == "Jalan rusak di Jl. Budi Utomo"
    assert koor["original_title"] == "jalan rusak tolong pak dekat rumah sy"
    verify = [e for e in koor["events"] if e["kind"] == "verify"][-1]
    assert verify["data"]["changes"] == {"title": True}  # the text itself stays off the event
    world.op1("koor", make_op("dispatch", rid, {"agency_code": AGENCY_A}, base_version=2))
    # the OPD, leadership and admin get the coordinator's title only
    for who in ("petugas_a", "pimpinan", "admin"):
        assert _snap(world, who, rid)["original_title"] is None
    # untouched titles have no original
    other = world.report("verified")
    assert _snap(world, "koor", other)["original_title"] is None


def test_event_details_reach_every_desk(world: World) -> None:
    """Suggested OPD of a return, reassignment from/to, the original of a duplicate."""
    rid = world.report("dispatched")
    v = _snap(world, "koor", rid)["version"]
    payload = {"reason": "urusan kesehatan", "suggested_agency_code": AGENCY_B}
    assert world.op1("petugas_a", make_op("return", rid, payload, v))["outcome"] == "applied"
    ev = _snap(world, "koor", rid)["events"][-1]
    assert ev["kind"] == "return" and ev["data"]["suggested_agency_code"] == AGENCY_B
    world.op1("koor", make_op("dispatch", rid, {"agency_code": AGENCY_A}, v + 1))
    reassign = {"agency_code": AGENCY_B, "reason": "salah OPD"}
    assert world.op1("koor", make_op("reassign", rid, reassign, v + 2))["outcome"] == "applied"
    ev = _snap(world, "petugas_b", rid)["events"][-1]
    assert ev["data"] == {"from": AGENCY_A, "to": AGENCY_B}

    original = world.report("verified")
    tracking = _snap(world, "koor", original)["tracking_id"]
    dup = world.report("unverified")
    payload = {"reason": "duplicate", "duplicate_of": tracking}
    assert world.op1("koor", make_op("archive", dup, payload))["outcome"] == "applied"
    snap = _snap(world, "koor", dup)
    assert snap["duplicate_of"] == original and snap["archive_reason"] == "duplicate"
    assert snap["events"][-1]["data"] == {"reason": "duplicate", "duplicate_of": original}


def test_an_answer_keeps_its_written_time_bounded_so_it_cannot_be_forged(world: World) -> None:
    rid = world.report("dispatched")
    dispatched = world.clock()
    base = _snap(world, "petugas_a", rid)["version"]
    world.clock.advance(days=6)
    received = world.clock()

    def answer(created_at: datetime | None, base_version: int) -> dict:
        payload = {"text": "Tim sudah ke lokasi.", "final": False}
        res = world.op1("petugas_a", _op("respond", rid, payload, base_version, created_at))
        assert res["outcome"] == "applied", res
        return _snap(world, "petugas_a", rid)["events"][-1]

    # written offline a day after the dispatch, received six days later: the written time counts
    written = dispatched + timedelta(days=1, hours=2)
    ev = answer(written, base)
    assert datetime.fromisoformat(ev["written_at"]) == written
    assert datetime.fromisoformat(ev["created_at"]) == received
    # a desk clock in the future cannot claim "later than received"
    ev = answer(received + timedelta(days=30), base + 1)
    assert datetime.fromisoformat(ev["written_at"]) == received
    # nor can it claim a time before the version it answered existed
    world.clock.advance(hours=1)
    version_made = world.clock()
    world.op1("koor", make_op("note", rid, {"text": "cek lagi"}, base + 2))
    world.clock.advance(hours=1)
    ev = answer(dispatched - timedelta(days=9), base + 3)
    assert datetime.fromisoformat(ev["written_at"]) == version_made
    # nor before the report reached the OPD, whatever base version it names
    ev = answer(dispatched - timedelta(days=9), 1)
    assert datetime.fromisoformat(ev["written_at"]) == dispatched
    # an op without a time was written when it arrived
    ev = answer(None, base + 5)
    assert datetime.fromisoformat(ev["written_at"]) == world.clock()
    # other events carry none
    assert all(
        e["written_at"] is None
        for e in _snap(world, "koor", rid)["events"]
        if e["kind"] != "respond"
    )


def test_compliance_counts_the_bounded_written_time(world: World) -> None:
    rid = world.report("dispatched")
    dispatched = world.clock()
    base = _snap(world, "petugas_a", rid)["version"]
    world.clock.advance(days=14)  # received 10 working days later: late by arrival
    payload = {"text": "Sudah ditangani.", "final": False}
    written = dispatched + timedelta(days=1)
    assert world.op1("petugas_a", _op("respond", rid, payload, base, written))["outcome"] == (
        "applied"
    )
    day = dispatched.date().isoformat()
    r = world.get("koor", "/api/v1/stats", params={"from": day, "to": day, "group_by": "agency"})
    assert r.status_code == 200, r.text
    totals = r.json()["totals"]
    assert totals["responded"] == 1 and totals["responded_within_5"] == 1
    assert totals["median_working_days_to_first_response"] == 1


def _deadlines(world: World, rid: str) -> tuple[int, dict]:
    snap = _snap(world, "koor", rid)
    return snap["version"], snap["deadlines"]


def test_an_extra_holiday_moves_open_deadlines_and_reaches_desks_through_the_feed(
    world: World,
) -> None:
    dispatched = world.report("dispatched")
    archived = world.report("archived")
    unverified = world.report("unverified")
    v0, d0 = _deadlines(world, dispatched)
    va, da = _deadlines(world, archived)
    respond_by = date.fromisoformat(d0["respond_by"])
    _items, cursor = world.feed_all("petugas_a")
    first_page = world.get("petugas_a", "/api/v1/feed", params={"after": cursor}).json()
    ref_before = first_page["reference_version"]

    # a working day inside the running stage becomes a holiday
    cal = WorkingCalendar()
    holiday = cal.add_working_days(world.clock().date(), 2)
    assert holiday < respond_by
    moved = manage.add_calendar_day(world.db, day=holiday, name="Libur daerah", now=world.clock())
    assert moved == 2  # the dispatched and the unverified report; not the archived one

    v1, d1 = _deadlines(world, dispatched)
    expected = WorkingCalendar(extra_holidays=[holiday]).add_working_days(respond_by, 0 + 1)
    assert v1 == v0 + 1 and d1["respond_by"] == expected.isoformat()
    assert _deadlines(world, archived) == (va, da)
    assert (
        _deadlines(world, unverified)[1]["verify_by"]
        > _snap(world, "koor", unverified)["submitted_at"][:10]
    )
    ev = _snap(world, "koor", dispatched)["events"][-1]
    assert ev["kind"] == "deadlines" and ev["actor_role"] == "system"
    assert ev["visibility"] == "internal" and ev["version"] == v1
    assert ev["data"]["day"] == holiday.isoformat() and ev["data"]["working"] is False
    assert ev["data"]["before"] == {"respond_by": d0["respond_by"]}
    assert ev["data"]["after"] == {"respond_by": d1["respond_by"]}

    # the officer's desk gets the new dates and learns the calendar changed
    page = world.get("petugas_a", "/api/v1/feed", params={"after": cursor}).json()
    got = {i["report"]["id"]: i["report"] for i in page["items"] if i["type"] == "report"}
    assert got[dispatched]["deadlines"]["respond_by"] == d1["respond_by"]
    assert page["reference_version"] != ref_before
    ref = world.get("petugas_a", "/api/v1/reference").json()
    assert {"date": holiday.isoformat(), "name": "Libur daerah", "working": False} in ref[
        "calendar"
    ]

    # saving the same day again moves nothing and changes no version
    assert manage.add_calendar_day(world.db, day=holiday, name="Libur daerah") == 0
    assert _deadlines(world, dispatched)[0] == v1


def test_events_versions_stay_contiguous_after_a_calendar_change(world: World) -> None:
    rid = world.report("dispatched")
    holiday = WorkingCalendar().add_working_days(world.clock().date(), 1)
    manage.add_calendar_day(world.db, day=holiday, name="Cuti bersama", now=world.clock())
    with world.db.read() as s:
        versions = s.scalars(
            sa.select(ReportEvent.version)
            .where(ReportEvent.report_id == rid)
            .order_by(ReportEvent.id)
        ).all()
        current = s.scalar(sa.select(Report.version).where(Report.id == rid))
    assert versions == list(range(1, current + 1))


def test_add_holiday_command_says_how_many_reports_moved(world: World, capsys) -> None:
    from lapor_server.cli import main

    world.report("dispatched")
    day = WorkingCalendar().add_working_days(datetime.now(UTC).date(), 1)
    code = main(["add-holiday", "--db", world.settings.db_url, "--date", day.isoformat(),
                 "--name", "Libur daerah"])  # fmt: skip
    assert code == 0
    assert "open report(s) moved" in capsys.readouterr().out
