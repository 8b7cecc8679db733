"""One data set, one set of compliance figures: the server's `/stats` (over real HTTPS), the
coordinator desk's dashboard and the figures of its monthly recap (meeting rows per OPD) count
answered-within-5, the median working days to the first answer and overdue reports the same
way (`lapor_core.compliance`, docs/compliance.md) — also for a report a reporter's reply
re-opened after its answer, where the server moves `dispatched_at` and the desk does not, and for
an answer written offline, which counts at its bounded written time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from lapor_core.calendar import WorkingCalendar, local_date
from lapor_desk.services.coordinator import CoordinatorService
from lapor_desk.services.dashboard import Period
from tests.e2e.world import AGENCY, OTHER_AGENCY, World, server_db
from tests.support.days import working_days_ago
from tests.support.world import intake_body


def _set(world: World, report_id: str, dispatched: datetime | None = None, **columns) -> None:
    """Set report columns on the server (e.g. a deadline into the past); with `dispatched`,
    pretend the report's latest dispatch happened then (its event and `dispatched_at`). The
    report's pre-encoded feed snapshots are rebuilt in the same transaction."""
    from lapor_server import encoded
    from lapor_server.models import Report, ReportEvent

    db = server_db(world.srv)
    try:
        with db.write() as s:
            latest = s.scalar(
                sa.select(sa.func.max(ReportEvent.id)).where(
                    ReportEvent.report_id == report_id,
                    ReportEvent.kind.in_(("dispatch", "reassign")),
                )
            )
            if dispatched is not None:
                s.execute(
                    sa.update(ReportEvent)
                    .where(ReportEvent.id == latest)
                    .values(created_at=dispatched)
                )
                columns = {"dispatched_at": dispatched, **columns}
            s.execute(sa.update(Report).where(Report.id == report_id).values(**columns))
            encoded.refresh(s, [report_id])
    finally:
        db.dispose()


def test_stats_dashboard_and_recap_agree_on_one_data_set(fresh_world: World) -> None:
    world = fresh_world
    now = datetime.now(UTC)
    today = local_date(now)
    calendar = WorkingCalendar()
    r1, r2, r4, r6, r7, r8 = world.create_reports(6)
    [r5] = world.create_reports(1, dispatch_to=None)
    # r3 comes in through the intake of a channel, so that channel may pass its reporter's reply on
    key = world.srv.admin.issue_channel_key("web")
    with world.srv.client(headers={"X-Api-Key": key}) as intake:
        created = intake.post("/api/v1/intake/reports", json=intake_body(category_code="kesehatan"))
        assert created.status_code == 201, created.text
        r3, tracking_r3 = created.json()["id"], created.json()["tracking_id"]
    for kind, payload in (("verify", {}), ("dispatch", {"agency_code": AGENCY})):
        assert world.coord(kind, r3, payload).outcome == "applied"
    officer = world.desk("budi", name="officer")
    coord = world.desk("koord", name="coordinator")
    try:
        # Moments in working days, not calendar days: the suite must pass on any day, also in a
        # holiday period (14 calendar days can be fewer than 5 working days).
        at_r3, at_r4, at_r8 = (
            working_days_ago(2, now),
            working_days_ago(12, now),
            working_days_ago(7, now),
        )
        written_r8 = working_days_ago(4, now)
        # r2: dispatched 8 working days ago, never answered: measurable, and overdue.
        _set(world, r2, working_days_ago(8, now), respond_by=today - timedelta(days=2))
        # r3: dispatched 2 working days ago, answered finally now, then the reporter replies and
        # re-opens it: the answer still counts from the dispatch (the server moved dispatched_at).
        _set(world, r3, at_r3)
        # r4: dispatched 12 working days ago, answered (not finally) now: late, and overdue.
        _set(world, r4, at_r4)
        # r7: dispatched 7 working days ago and answered by the first OPD, then reassigned: the new
        # OPD's clock starts at the reassignment, the old answer does not count.
        _set(world, r7, at_r8)
        # r8: dispatched 7 working days ago, answered 4 working days ago on a desk that was
        # offline until now: it counts at its (bounded) written time, not when the server got it.
        _set(world, r8, at_r8)
        officer.sync()
        officer.respond(r1, "Sudah diperbaiki.", final=True)
        officer.respond(r3, "Sudah ditangani.", final=True)
        officer.respond(r4, "Sedang dikerjakan.", final=False)
        officer.respond(r7, "Kami cek dulu.", final=False)
        officer.actions.postpone(r6, "Mohon kirim foto lokasinya.")
        offline = officer.respond(r8, "Sudah kami perbaiki minggu lalu.", final=True)
        written = written_r8.astimezone(UTC).isoformat(timespec="milliseconds")
        with officer.store.write_conn() as conn:
            conn.exec_driver_sql(
                "UPDATE outbox SET created_at = ? WHERE op_id = ?", (written, offline)
            )
        assert officer.sync() is not None
        moved_away = world.coord("reassign", r7, {"agency_code": OTHER_AGENCY, "reason": "PUPR"})
        assert moved_away.outcome == "applied"
        with world.srv.client(headers={"X-Api-Key": key}) as intake:
            reply = intake.post(
                f"/api/v1/intake/reports/{tracking_r3}/replies",
                json={"text": "Belum beres, masih berlubang."},
            )
            assert reply.status_code == 201, reply.text
        [(status,)] = world.sql("SELECT status FROM reports WHERE id = :i", i=r3)
        assert status == "in_progress"
        # r5: unverified past its verification deadline; r6: postponed past its deadline (its
        # clock is paused: never overdue).
        _set(world, r5, verify_by=today - timedelta(days=1))
        _set(world, r6, respond_by=today - timedelta(days=3))

        # The server's figures, over HTTPS.
        token = world.srv.login("koord")
        with world.srv.client(token) as c:
            got = c.get(
                "/api/v1/stats",
                params={"from": today.isoformat(), "to": today.isoformat(), "group_by": "agency"},
            )
        assert got.status_code == 200, got.text
        stats = got.json()
        totals = stats["totals"]
        rows = {row["key"]: row for row in stats["rows"]}

        # The desk's figures, from its own store after a sync.
        coord.sync()
        service = CoordinatorService(coord.store, coord.account, actions=coord.actions)
        period = Period(today, today)
        dash = service.dashboard(period)
        meeting = {m.agency_code: m for m in service.deadlines(period).meeting}
        by_agency = {a.code: a for a in dash.by_agency}

        # What the rules say for this data set (not only that the three agree).
        r3_days = calendar.working_days_between(local_date(at_r3), today)
        r4_days = calendar.working_days_between(local_date(at_r4), today)
        start_r8 = local_date(at_r8)
        r8_days = calendar.working_days_between(start_r8, local_date(written_r8))
        assert r3_days <= 5 < r4_days
        assert r8_days <= 5 < calendar.working_days_between(start_r8, today)
        days = sorted([0, r3_days, r4_days, r8_days])
        expected = {
            # r1, r3 (re-opened), r4, r8 (written offline); r7's answer came before its
            # reassignment
            "answered": 4,
            "within": 3,  # r1, r3, r8
            "measurable": 5,  # + r2 (unanswered past 5 working days)
            "median": (days[1] + days[2]) / 2,
            "overdue": 3,  # r2, r4, r5 (not the postponed r6)
        }
        server = {
            "answered": totals["responded"],
            "within": totals["responded_within_5"],
            "measurable": totals["measurable"],
            "median": totals["median_working_days_to_first_response"],
            "overdue": totals["overdue_open"],
        }
        desk = {
            "answered": dash.answered,
            "within": dash.answered_within_5,
            "measurable": dash.measurable,
            "median": dash.median_days_to_first_answer,
            "overdue": dash.overdue,
        }
        assert server == desk == expected

        # Per OPD: the server's rows, the dashboard's and the recap's meeting rows.
        for code in (AGENCY, OTHER_AGENCY):
            row, fig, meet = rows[code], by_agency[code], meeting[code]
            assert (
                (
                    row["responded"],
                    row["responded_within_5"],
                    row["measurable"],
                    row["median_working_days_to_first_response"],
                    row["overdue_open"],
                )
                == (
                    fig.answered,
                    fig.answered_within_5,
                    fig.measurable,
                    fig.median_days_to_first_answer,
                    fig.overdue,
                )
                == (
                    meet.answered,
                    meet.answered_within_5,
                    meet.measurable,
                    meet.median_days_to_first_answer,
                    meet.overdue,
                )
            )
        assert (meeting[AGENCY].answered, meeting[OTHER_AGENCY].answered) == (4, 0)
        assert meeting[AGENCY].share_within_5 == by_agency[AGENCY].share_within_5 == 3 / 5

        # The OPD league table (docs/digests.md) counts the same: the server's weekly e-mail
        # and the pimpinan's tab on the desk, over the same period; and the escalation the
        # server mails is the one the coordinator's deadline view flags.
        from lapor_core.digests import Rules
        from lapor_server import reports as rep
        from lapor_server.digests import content

        db = server_db(world.srv)
        try:
            with db.read() as s:
                cal = rep.load_calendar(s)
                server_league = content.league(s, start=today, end=today, today=today, calendar=cal)
                server_due = content.due_items(s, today=today, calendar=cal, rules=Rules())
        finally:
            db.dispose()
        desk_league = service.league(period).rows
        assert [(r.agency_code, r.answered, r.within, r.measurable, r.median_days)
                for r in server_league] == [
            (r.agency_code, r.answered, r.within, r.measurable, r.median_days)
            for r in desk_league
        ]  # fmt: skip
        league_row = next(r for r in desk_league if r.agency_code == AGENCY)
        assert (league_row.within, league_row.measurable) == (3, 5)
        escalated_server = {i.tracking_id for lst in server_due.values() for i in lst
                            if i.escalated}  # fmt: skip
        flagged = service.deadlines(period).escalation
        assert escalated_server == set(
            service.tracking_ids([rid for g in flagged for rid in g.report_ids]).values()
        )
    finally:
        officer.close()
        coord.close()
