"""Every fact the server sends reaches the desks over the real sync (HTTPS, real server): the OPD
an officer suggested on a return, a reassignment's from/to, the original of a duplicate, the
citizen's original title (coordinators only), an answer's bounded written time and the compliance
counted from it, and the admin's extra holidays in the desk's days-left (issue 11)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from lapor_core.calendar import WorkingCalendar, local_date
from lapor_desk.services import dashboard
from lapor_desk.services.queue import QueueService
from lapor_desk.services.reports import ReportService
from lapor_desk.services.screening import Screening, returned_reports
from tests.e2e.world import AGENCY, OTHER_AGENCY, server_db


def _page(desk, rid):
    return ReportService(desk.store, desk.account).page(rid)


def _event(page, kind):
    return [e for e in page.detail.events if e.kind == kind][-1]


def test_return_reassign_duplicate_and_original_title_reach_the_desks(world):
    r_return, r_move, r_orig, r_dup = world.create_reports(4, dispatch_to=None)
    world.coord("verify", r_return, {"title": "Obat malaria kosong di Puskesmas Timika Jaya"})
    world.coord("dispatch", r_return, {"agency_code": OTHER_AGENCY})
    for rid in (r_move, r_orig):
        world.coord("verify", rid, {})
        world.coord("dispatch", rid, {"agency_code": AGENCY})

    # PUPR's officer returns it offline, naming the OPD it belongs to
    ani = world.desk("ani")
    assert ani.sync().error is None
    assert _page(ani, r_return).detail.original_title is None  # not for an OPD
    ani.actions.return_report(r_return, "Urusan kesehatan, bukan PUPR.", AGENCY)
    local = _event(_page(ani, r_return), "return")
    assert local.pending and local.data["suggested_agency_code"] == AGENCY
    assert ani.sync().error is None

    world.coord(
        "reassign", r_move, {"agency_code": OTHER_AGENCY, "reason": "jalan, bukan kesehatan"}
    )
    tracking = world.sql("SELECT tracking_id FROM reports WHERE id = :i", i=r_orig)[0][0]
    world.coord("archive", r_dup, {"reason": "duplicate", "duplicate_of": tracking})

    koord = world.desk("koord")
    assert koord.sync().error is None
    page = _page(koord, r_return)
    assert page.detail.title == "Obat malaria kosong di Puskesmas Timika Jaya"
    assert page.detail.original_title.startswith("Laporan ")  # the citizen's own words
    assert _event(page, "verify").data["changes"] == {"title": True}
    assert _event(page, "return").data["suggested_agency_code"] == AGENCY
    with koord.store.read_conn() as conn:
        [listed] = [r for r in returned_reports(conn) if r.report_id == r_return]
    assert listed.suggested_agency_code == AGENCY and listed.returned_by == OTHER_AGENCY
    first = Screening(koord.store, koord.actions).suggestions(r_return).agencies[0]
    assert first.code == AGENCY and first.suggested_by == OTHER_AGENCY

    move = _event(_page(koord, r_move), "reassign")
    assert dict(move.data) == {"from": AGENCY, "to": OTHER_AGENCY}
    dup = _page(koord, r_dup)
    assert dup.detail.archive_reason == "duplicate" and dup.detail.duplicate_of == r_orig
    assert dup.duplicate_of_tracking == tracking and dup.archive_reason_name

    # the OPD it moved to sees where it came from
    assert ani.sync().error is None
    assert dict(_event(_page(ani, r_move), "reassign").data) == {"from": AGENCY, "to": OTHER_AGENCY}


def _move_dispatch_back(world, rid: str, days: int) -> datetime:
    """As if the report had been dispatched `days` ago (the server's own columns and event)."""
    from lapor_server import encoded

    db = server_db(world.srv)
    try:
        with db.write() as s:
            at = s.execute(
                sa.text("SELECT dispatched_at FROM reports WHERE id = :i"), {"i": rid}
            ).scalar()
            at = (at if isinstance(at, datetime) else datetime.fromisoformat(at)).replace(
                tzinfo=UTC
            ) - timedelta(days=days)
            naive = at.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
            s.execute(
                sa.text("UPDATE reports SET dispatched_at = :a, updated_at = :a WHERE id = :i"),
                {"a": naive, "i": rid},
            )
            s.execute(
                sa.text(
                    "UPDATE report_events SET created_at = :a WHERE report_id = :i"
                    " AND kind IN ('submit', 'verify', 'dispatch')"
                ),
                {"a": naive, "i": rid},
            )
            encoded.refresh(s, [rid])  # the feed's stored bytes show the moved dispatch too
    finally:
        db.dispose()
    return at


def test_an_answer_written_offline_keeps_its_bounded_written_time(world):
    [rid] = world.create_reports(1)
    dispatched = _move_dispatch_back(world, rid, 3)
    budi = world.desk()
    assert budi.sync().error is None
    # written two days ago while offline (the outbox row's time), sent only now
    op = budi.respond(rid, "Tim sudah memperbaiki pipa di lokasi.")
    written = datetime.now(UTC) - timedelta(days=2)
    with budi.store.write_conn() as conn:
        conn.exec_driver_sql(
            "UPDATE outbox SET created_at = ? WHERE op_id = ?", (written.isoformat(), op)
        )
    # a desk clock far ahead cannot push an answer past the moment it arrived
    ahead = budi.respond(rid, "Jawaban dengan jam komputer yang salah.")
    with budi.store.write_conn() as conn:
        conn.exec_driver_sql(
            "UPDATE outbox SET created_at = ? WHERE op_id = ?",
            ((datetime.now(UTC) + timedelta(days=30)).isoformat(), ahead),
        )
    assert budi.sync().error is None
    answers = {e.op_id: e for e in _page(budi, rid).detail.events if e.kind == "respond"}
    assert datetime.fromisoformat(answers[op].written_at) == written
    assert datetime.fromisoformat(answers[op].created_at) > written + timedelta(days=1)
    later = answers[ahead]
    assert datetime.fromisoformat(later.written_at) == datetime.fromisoformat(later.created_at)
    assert datetime.fromisoformat(answers[op].written_at) >= dispatched

    # compliance counts the written day, on the desk as on the server
    koord = world.desk("koord")
    assert koord.sync().error is None
    with koord.store.read_conn() as conn:
        [timing] = [t for t in dashboard.answer_timings(conn) if t.report_id == rid]
    assert timing.answered_on == local_date(written) != local_date(datetime.now(UTC))


def test_a_synced_holiday_changes_days_left_on_the_desk(fresh_world):
    from lapor_server import manage

    world = fresh_world
    [rid] = world.create_reports(1)
    budi = world.desk()
    assert budi.sync().error is None
    queue = QueueService(budi.store)
    today = queue.today()
    respond_by = datetime.fromisoformat(
        budi.q("SELECT respond_by FROM reports WHERE id = ?", rid)[0][0]
    ).date()
    left = queue.days_left(respond_by, "dispatched")
    assert left >= 2
    holiday = WorkingCalendar().add_working_days(today, 1)
    assert holiday < respond_by

    db = server_db(world.srv)
    try:
        assert manage.add_calendar_day(db, day=holiday, name="Libur daerah Mimika") >= 1
    finally:
        db.dispose()
    r = budi.sync()
    assert r.error is None and r.reference_updated

    # the desk knows the day: the same date is one working day closer ...
    assert not queue.calendar.is_working_day(holiday)
    assert queue.days_left(respond_by, "dispatched") == left - 1
    # ... and the report's own deadline moved with it (recomputed on the server), so its
    # days-left stays what the server's calendar says, with the reason in the timeline
    moved = datetime.fromisoformat(
        budi.q("SELECT respond_by FROM reports WHERE id = ?", rid)[0][0]
    ).date()
    assert moved == WorkingCalendar(extra_holidays=[holiday]).add_working_days(respond_by, 1)
    assert queue.days_left(moved, "dispatched") == left
    page = _page(budi, rid)
    assert _event(page, "deadlines").data["day"] == holiday.isoformat()
    assert [d.days_left for d in page.deadlines if d.stage == "respond"] == [left]
    # a quiet sync after that fetches nothing more
    again = budi.sync()
    assert again.error is None and again.requests == 1 and not again.reference_updated


def test_a_store_from_before_0006_gets_the_dropped_facts_with_its_next_sync(world):
    """Revision 0006 drops the cursor and sets `refill`: the next sync replaces every report,
    also those whose version did not change, so details synced before the upgrade appear."""
    [rid] = world.create_reports(1, dispatch_to=None)
    world.coord("verify", rid, {"title": "Judul dari koordinator"})
    koord = world.desk("koord")
    assert koord.sync().error is None
    version = koord.reports()[rid]
    with koord.store.write_conn() as conn:  # what a store synced before 0006 holds
        conn.exec_driver_sql("UPDATE events SET data = NULL, written_at = NULL")
        conn.exec_driver_sql("UPDATE reports SET original_title = NULL")
        conn.exec_driver_sql("DELETE FROM sync_state WHERE key = 'cursor'")
        conn.exec_driver_sql("INSERT INTO sync_state(key, value) VALUES ('refill', '1')")
    r = koord.sync()
    assert r.error is None and r.reports_changed >= 1
    page = _page(koord, rid)
    assert page.detail.version == version  # same version, replaced anyway
    assert page.detail.original_title and _event(page, "verify").data["changes"] == {"title": True}
    assert koord.q("SELECT value FROM sync_state WHERE key = 'refill'") == []
    assert koord.sync().reports_changed == 0  # once only
