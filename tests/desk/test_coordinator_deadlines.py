"""The deadline overview agrees with the shared working-day calendar, holidays included.

Today is Tuesday 17 March 2026: Nyepi, Idul Fitri and their cuti bersama make the next working day
Wednesday 25 March, so every deadline up to the 25th is "due soon" (1 working day left at most).
"""

from __future__ import annotations

import copy
import itertools
from datetime import date, timedelta

import pytest

from lapor_core.calendar import DEFAULT_CALENDAR
from lapor_desk.models.store import Store
from lapor_desk.services import deadlines_overview as dov
from lapor_desk.services.deadlines_overview import Bucket, Stage
from tests.desk._coordinator_data import load, make_snapshots

TODAY = date(2026, 3, 17)
DAYS = [date(2026, 3, 9) + timedelta(days=k) for k in range(22)]
AGENCIES = ("dinas_pupr", "dinkes", "dishub")


def _bucket(deadline: date) -> str:
    left = DEFAULT_CALENDAR.working_days_left(TODAY, deadline)
    if deadline < TODAY:
        return "overdue"
    return "due_soon" if left <= 1 else "later"


@pytest.fixture(scope="module")
def reports():
    template = make_snapshots(1, TODAY, seed=1)[0]
    out = []
    counter = itertools.count()
    cases = [("unverified", None), ("verified", None)]
    cases += [("dispatched", a) for a in AGENCIES]
    # Answered-not-final reports still count (as in the officer's queue); paused ones do not.
    cases += [("in_progress", "dinkes"), ("postponed", "dishub")]
    for (status, agency), day in itertools.product(cases, DAYS):
        n = next(counter)
        s = copy.deepcopy(template)
        s.update(
            id=f"r{n:04d}",
            tracking_id=f"T{n:04d}",
            status=status,
            agency_code=agency,
            events=[],
            deadlines={
                "verify_by": day.isoformat() if status == "unverified" else None,
                "dispatch_by": day.isoformat() if status in ("unverified", "verified") else None,
                "respond_by": day.isoformat() if agency else None,
                "closes_at": None,
            },
        )
        out.append((s, status, agency, day))
    return out


@pytest.fixture(scope="module")
def store(tmp_path_factory, reports):
    s = Store.open(tmp_path_factory.mktemp("deadlines") / "c.sqlite3")
    load(s, [r[0] for r in reports])
    yield s
    s.close()


def test_due_soon_reaches_over_the_holidays():
    assert dov.due_soon_until(TODAY) == date(2026, 3, 25)


def test_overview_counts_match_the_calendar(store, reports):
    with store.read_conn() as conn:
        ov = dov.overview(conn, today=TODAY)
    stage_of = {
        "unverified": Stage.VERIFY,
        "verified": Stage.DISPATCH,
        "dispatched": Stage.ANSWER,
        "in_progress": Stage.ANSWER,
        "postponed": Stage.ANSWER,  # open at its OPD; its clock is paused (issue 18, item 10)
    }
    running = ("unverified", "verified", "dispatched", "in_progress")

    def _open(status, agency):
        return status != "postponed" or agency is not None

    for stage in Stage:
        mine = [
            (status, day)
            for _s, status, a, day in reports
            if stage_of.get(status) == stage and _open(status, a)
        ]
        row = ov.stage(stage)
        assert row.open_reports == len(mine)
        assert row.overdue == sum(st in running and _bucket(d) == "overdue" for st, d in mine)
        assert row.due_soon == sum(st in running and _bucket(d) == "due_soon" for st, d in mine)
    for agency in AGENCIES:
        mine = [
            (status, day)
            for _s, status, a, day in reports
            if status in ("dispatched", "in_progress", "postponed") and a == agency
        ]
        row = ov.agency(agency)
        assert (row.open_reports, row.overdue, row.due_soon) == (
            len(mine),
            sum(st != "postponed" and _bucket(d) == "overdue" for st, d in mine),
            sum(st != "postponed" and _bucket(d) == "due_soon" for st, d in mine),
        )
    # Over the long holiday all 9 calendar days of deadlines from 17 to 25 March are due soon.
    assert ov.agency("dinas_pupr").due_soon == 9
    assert ov.agency("dinkes").due_soon == 18


def test_drill_down_lists_the_reports_behind_each_number(store, reports):
    with store.read_conn() as conn:
        overdue = dov.report_ids(
            conn, today=TODAY, stage=Stage.ANSWER, agency_code="dinkes", bucket=Bucket.OVERDUE
        )
        soon = dov.report_ids(conn, today=TODAY, stage=Stage.VERIFY, bucket=Bucket.DUE_SOON)
    assert set(overdue) == {
        s["id"]
        for s, st, a, d in reports
        if st in ("dispatched", "in_progress") and a == "dinkes" and _bucket(d) == "overdue"
    }
    assert set(soon) == {
        s["id"] for s, st, _a, d in reports if st == "unverified" and _bucket(d) == "due_soon"
    }
    # The most urgent first.
    days = {s["id"]: d for s, *_rest, d in reports}
    assert [days[i] for i in overdue] == sorted(days[i] for i in overdue)


def test_meeting_figures_count_open_work_per_opd(store, reports):
    with store.read_conn() as conn:
        rows = {r.agency_code: r for r in dov.meeting_figures(conn, today=TODAY)}
    dinkes = rows["dinkes"]
    # Open at Dinkes: the dispatched ones and the answered-but-not-final ones.
    assert dinkes.open_reports == 2 * len(DAYS)
    assert dinkes.overdue == 2 * sum(_bucket(d) == "overdue" for d in DAYS)
    # Dishub's postponed reports are open but never overdue.
    assert rows["dishub"].open_reports == 2 * len(DAYS)
    assert rows["dishub"].overdue == sum(_bucket(d) == "overdue" for d in DAYS)
    # The oldest overdue deadline, 9 March, is 6 working days before 17 March.
    assert dinkes.worst_overdue_days == DEFAULT_CALENDAR.working_days_between(DAYS[0], TODAY) == 6
