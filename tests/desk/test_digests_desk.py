"""The digests on the desk (docs/digests.md), from its own store: the escalation flag of the
coordinator's deadline view by the shared rule, the calendar it has and the server's threshold;
the OPD league table (view and export); the start-of-day notification, once per local day."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import QLocale

from lapor_core.digests import Rules, Urgency, classify
from lapor_desk.models import bulk, sync_state
from lapor_desk.models.account import Account
from lapor_desk.services import digests
from lapor_desk.services.coordinator import CoordinatorService
from lapor_desk.services.deadlines_overview import Bucket, Stage
from lapor_desk.services.digests import StartOfDayService
from lapor_desk.services.exports import read_back
from lapor_desk.views.coordinator.deadlines import DeadlineOverviewPane
from lapor_desk.views.coordinator.desk import CoordinatorDesk
from lapor_desk.views.main_window import MainWindow
from tests.desk._coordinator_data import load, make_snapshots
from tests.desk.conftest import fill, make_snapshot

TODAY = date(2026, 3, 18)
KOOR = Account("https://lapor.example", "koor", "koordinator", None, "Koordinator Diskominfo")
BOSS = Account("https://lapor.example", "bupati", "pimpinan", None, "Bupati")


@pytest.fixture
def svc(tmp_path, runner):
    from lapor_desk.models.store import Store

    store = Store.open(tmp_path / "koor.sqlite3")
    load(store, make_snapshots(300, TODAY, seed=21))
    service = CoordinatorService(store, KOOR, today=lambda: TODAY)
    yield service
    runner.shutdown(wait=True)
    store.close()


def _reference(store, **rules) -> None:
    with store.write_conn() as conn:
        bulk.replace_reference(
            conn,
            {"calendar": rules.pop("calendar", []), "deadline_rules": rules} if rules else {},
        )
    store.reference_changed()


# -- the rule over the store -----------------------------------------------------------------------


def test_escalation_follows_the_synced_threshold_and_the_extra_holidays(store) -> None:
    """Due Wed 11 Mar 2026; on Fri 13 Mar two working days late: escalated at the default 2. An
    extra holiday of the admin's on Thu 12 Mar makes it one; a threshold of 1 escalates again."""
    fri = date(2026, 3, 13)
    fill(store, [_late(1, "2026-03-11")])

    def flagged() -> list[str]:
        with store.read_conn() as conn:
            groups = digests.escalation(
                conn, today=fri, calendar=store.calendar, rules=digests.rules(conn)
            )
        return [rid for g in groups for rid in g.report_ids]

    assert flagged() == ["r000001"]
    _reference(store, calendar=[{"date": "2026-03-12", "name": "Libur daerah", "working": False}],
               escalate_after_days=2, digest_due_soon_days=2)  # fmt: skip
    assert flagged() == []
    _reference(store, calendar=[{"date": "2026-03-12", "name": "Libur daerah", "working": False}],
               escalate_after_days=1, digest_due_soon_days=2)  # fmt: skip
    with store.read_conn() as conn:
        assert sync_state.deadline_rules(conn) == Rules(2, 1)
    assert flagged() == ["r000001"]


# -- the coordinator's deadline view ---------------------------------------------------------------


def test_deadline_view_flags_the_escalated_reports_and_drills_down(svc, qtbot) -> None:
    pane = DeadlineOverviewPane(svc)
    qtbot.addWidget(pane)
    pane.resize(1300, 800)
    pane.show()
    pane.refresh()
    qtbot.waitUntil(lambda: pane._bundle is not None, timeout=5000)
    bundle = pane._bundle
    with svc.store.read_conn() as conn:
        rows = conn.exec_driver_sql(
            "SELECT id, status, respond_by, agency_code FROM reports WHERE agency_code IS NOT NULL"
        ).all()
    expected: dict[str, set[str]] = {}
    for rid, status, due, agency in rows:
        c = classify(status, date.fromisoformat(due) if due else None, TODAY, svc.calendar)
        if c is not None and c.escalated:
            expected.setdefault(agency, set()).add(rid)
    assert expected, "the data set has escalated reports"
    assert {e.agency_code: set(e.report_ids) for e in bundle.escalation} == expected
    total = sum(len(v) for v in expected.values())
    assert pane.escalation.isVisible()
    assert QLocale().toString(total) in pane.escalation.text()
    flags = {}
    for row in range(pane.per_opd.rowCount()):
        code = pane.per_opd.item(row, 0).data(0x0100)
        flags[code] = pane.per_opd.item(row, 4).data(0x0100)
    assert {c: n for c, n in flags.items() if n} == {c: len(v) for c, v in expected.items()}
    assert "2" in pane.per_opd.horizontalHeaderItem(4).text()
    # the banner lists every escalated report; a cell of the column that OPD's
    pane.escalation.click()
    every = svc.drill_down(bucket=Bucket.ESCALATED)
    assert set(every) == set().union(*expected.values())
    qtbot.waitUntil(lambda: set(pane.drill.keys()) == set(every), timeout=5000)
    row = next(r for r in range(pane.per_opd.rowCount()) if pane.per_opd.item(r, 4).data(0x0100))
    code = pane.per_opd.item(row, 0).data(0x0100)
    pane.per_opd.cellClicked.emit(row, 4)
    qtbot.waitUntil(lambda: set(pane.drill.keys()) == expected[code], timeout=5000)
    # every escalated report is also counted overdue at the answer stage
    late = set(svc.drill_down(stage=Stage.ANSWER, bucket=Bucket.OVERDUE))
    assert set(every) <= late


# -- the league table ------------------------------------------------------------------------------


def test_league_table_view_ranks_the_opds_and_exports(svc, qtbot, tmp_path) -> None:
    boss = CoordinatorService(svc.store, BOSS, today=lambda: TODAY)
    desk = CoordinatorDesk(boss)
    qtbot.addWidget(desk)
    desk.resize(1300, 800)
    desk.show()
    assert desk.screening is None  # the pimpinan reads, and gets the league table
    desk.setCurrentWidget(desk.league)
    qtbot.waitUntil(lambda: desk.league.league is not None, timeout=5000)
    league = desk.league.league
    assert (league.start, league.end) == (date(2026, 2, 16), date(2026, 3, 15))
    assert league.rows and desk.league.table.rowCount() == len(league.rows)
    shares = [r.share_within for r in league.rows if r.share_within is not None]
    assert shares == sorted(shares, reverse=True)
    # the figures are the dashboard's (one compliance definition) for the same period
    from lapor_desk.services.dashboard import Period
    from lapor_desk.services.deadlines_overview import meeting_figures

    period = Period(league.start, league.end)
    with svc.store.read_conn() as conn:
        figures = meeting_figures(conn, today=TODAY, period=period, calendar=svc.calendar)
    meeting = {m.agency_code: m for m in figures}
    for r in league.rows:
        m = meeting[r.agency_code]
        got = (r.answered, r.within, r.measurable, r.median_days)
        assert got == (m.answered, m.answered_within_5, m.measurable, m.median_days_to_first_answer)
    first = desk.league.table.item(0, 1).text()
    assert first == league.rows[0].agency_name
    desk.league.weeks.setValue(1)
    qtbot.waitUntil(lambda: desk.league.league.start == date(2026, 3, 9), timeout=5000)

    target = tmp_path / "peringkat.csv"
    desk.league.export(str(target), "csv")
    qtbot.waitUntil(lambda: hasattr(desk.league, "last_saved_notice"), timeout=5000)
    cells = read_back(target)
    assert cells[0][:2] == ["Peringkat", "OPD"]
    assert [row[1] for row in cells[1:]] == [r.agency_name for r in desk.league.league.rows]
    desk.league.last_saved_notice.close()


# -- the start-of-day notification -----------------------------------------------------------------


def _late(n: int, due: str, status: str = "dispatched") -> dict:
    deadlines = {"verify_by": None, "dispatch_by": None, "respond_by": due, "closes_at": None}
    return make_snapshot(n, status=status, deadlines=deadlines)


def test_start_of_day_notice_once_per_day_from_the_store(qtbot, runner, desk_context) -> None:
    day = [date(2026, 3, 16)]  # Monday
    ctx = desk_context([_late(1, "2026-03-10"), _late(2, "2026-03-17"), _late(3, "2026-03-30"),
                        _late(4, "2026-03-05", status="postponed")])  # fmt: skip
    store = ctx.queue.store
    ctx = replace(ctx, start_of_day=StartOfDayService(store, ctx.account, today=lambda: day[0]))

    def window() -> MainWindow:
        w = MainWindow(ctx, runner=runner)
        qtbot.addWidget(w)
        w.show()
        qtbot.waitUntil(lambda: runner.pending() == 0, timeout=5000)
        return w

    w = window()
    qtbot.waitUntil(lambda: w.start_of_day_bar.isVisible(), timeout=5000)
    text = w.start_of_day.full_text
    # 10 Mar is 4 working days late, 17 Mar one left, 30 Mar not yet; the postponed one is paused
    assert "MMK-2603-00001" in text and "MMK-2603-00002" in text
    assert "MMK-2603-00003" not in text and "MMK-2603-00004" not in text
    assert w.start_of_day.digest.overdue == 1 and w.start_of_day.digest.due_soon == 1
    assert w.last_notification == text  # also a desktop notification, when enabled
    assert w.start_of_day.label.text() in text and "MMK-2603-00001" in w.start_of_day.details.text()
    assert w.start_of_day_bar.height() < 80  # two lines, not a wrapped paragraph
    w.start_of_day.show_button.click()
    assert w.nav.current_entry().view.value == "overdue"
    w.start_of_day.close_button.click()
    assert not w.start_of_day_bar.isVisible()
    w.close()

    again = window()  # a restart the same day: already shown
    again.start_of_day.check()
    qtbot.waitUntil(lambda: runner.pending() == 0, timeout=5000)
    assert not again.start_of_day_bar.isVisible()

    day[0] = date(2026, 3, 17)  # left open overnight: the first sync after midnight shows it
    again.start_of_day.check()
    qtbot.waitUntil(lambda: again.start_of_day_bar.isVisible(), timeout=5000)
    assert again.start_of_day.digest.today == date(2026, 3, 17)


def test_the_coordinators_notice_is_the_escalation(store) -> None:
    fill(store, [_late(1, "2026-03-10"), _late(2, "2026-03-13"), _late(3, "2026-03-17")])
    notice = StartOfDayService(store, KOOR, today=lambda: date(2026, 3, 16)).due()
    assert notice is not None and notice.audience == "leader"
    # 10 Mar: 4 working days late (escalated); 13 Mar: 1 (not yet); 17 Mar: not late
    assert [r.tracking_id for r in notice.reports] == ["MMK-2603-00001"]
    assert notice.escalated == 1 and [e.count for e in notice.agencies] == [1]
    assert all(r.urgency == Urgency.OVERDUE for r in notice.reports)
    admin = Account("https://lapor.example", "admin", "admin", None, "Admin")
    assert StartOfDayService(store, admin, today=lambda: date(2026, 3, 16)).due() is None
