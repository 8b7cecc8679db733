"""Dashboard figures equal the same figures computed independently from the raw SQLite rows.

The service aggregates in SQL; this test reads the rows with plain sqlite3 and counts in Python,
with its own working-day loop over `WorkingCalendar.is_working_day`.
"""

from __future__ import annotations

import sqlite3
import statistics
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

import pytest

from lapor_core.calendar import DEFAULT_CALENDAR, MIMIKA_TZ
from lapor_desk.models.store import Store
from lapor_desk.services import dashboard
from lapor_desk.services.dashboard import Period
from tests.desk._coordinator_data import load, make_snapshots

TODAY = date(2026, 3, 18)
OPEN = {"unverified", "verified", "dispatched", "in_progress", "postponed"}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = Store.open(tmp_path_factory.mktemp("dash") / "coordinator.sqlite3")
    load(s, make_snapshots(1500, TODAY, seed=11))
    yield s
    s.close()


def _local(iso: str) -> datetime:
    return datetime.fromisoformat(iso).astimezone(MIMIKA_TZ)


def _hk_between(start: date, end: date) -> int:
    """Working days d with start < d <= end, counted the slow obvious way."""
    return sum(
        1
        for k in range(1, (end - start).days + 1)
        if DEFAULT_CALENDAR.is_working_day(start + timedelta(days=k))
    )


def _overdue(r: sqlite3.Row) -> bool:
    today = TODAY.isoformat()
    if r["status"] == "unverified":
        return r["verify_by"] is not None and r["verify_by"] < today
    if r["status"] == "verified":
        return r["dispatch_by"] is not None and r["dispatch_by"] < today
    if r["status"] in ("dispatched", "in_progress"):
        return r["respond_by"] is not None and r["respond_by"] < today
    return False


def _expected(path, period: Period):
    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row
    reports = [
        r
        for r in db.execute("SELECT * FROM reports")
        if (period.start is None or _local(r["submitted_at"]).date() >= period.start)
        and (period.end is None or _local(r["submitted_at"]).date() <= period.end)
    ]
    ids = {r["id"] for r in reports}
    events = defaultdict(list)
    for e in db.execute("SELECT report_id, kind, created_at FROM events"):
        if e["report_id"] in ids:
            events[e["report_id"]].append((_local(e["created_at"]), e["kind"]))
    db.close()

    exp = {
        "total": len(reports),
        "status": Counter(r["status"] for r in reports),
        "category": Counter(r["category_code"] for r in reports),
        "month": Counter(_local(r["submitted_at"]).strftime("%Y-%m") for r in reports),
        "month_done": Counter(
            _local(r["submitted_at"]).strftime("%Y-%m")
            for r in reports
            if r["status"] == "completed"
        ),
        "open": sum(r["status"] in OPEN for r in reports),
        "overdue": sum(_overdue(r) for r in reports),
        "district": defaultdict(lambda: [0, 0, 0]),
        "agency": defaultdict(lambda: [0, 0, 0, 0]),
        "durations": defaultdict(list),
        "within": Counter(),
        "measurable": Counter(),
    }
    for r in reports:
        d = exp["district"][r["district_code"]]
        d[0] += 1
        d[1] += r["status"] in OPEN
        d[2] += _overdue(r)
        if r["agency_code"] and r["status"] in {
            "dispatched",
            "in_progress",
            "postponed",
            "completed",
        }:
            a = exp["agency"][r["agency_code"]]
            a[0] += 1
            a[1] += r["status"] in OPEN
            a[2] += _overdue(r)
            a[3] += r["status"] == "completed"
            timeline = sorted(events[r["id"]])
            dispatches = [t for t, k in timeline if k in ("dispatch", "reassign")]
            if not dispatches:
                continue
            last = dispatches[-1]
            answers = [t for t, k in timeline if k == "respond" and t >= last]
            code = r["agency_code"]
            if answers:
                days = _hk_between(last.date(), answers[0].date())
                exp["durations"][code].append(days)
                exp["measurable"][code] += 1
                exp["within"][code] += days <= 5
            elif _hk_between(last.date(), TODAY) > 5:
                exp["measurable"][code] += 1
    return exp


@pytest.mark.parametrize(
    "period",
    [Period(), Period.month(2026, 2), Period(date(2026, 1, 10), date(2026, 3, 1))],
    ids=["all", "february", "range"],
)
def test_dashboard_numbers_equal_independent_sql(store, period):
    with store.read_conn() as conn:
        got = dashboard.compute(conn, today=TODAY, period=period)
    exp = _expected(store.path, period)

    assert got.total == exp["total"] > 0
    assert {c.code: c.count for c in got.by_status if c.count} == dict(exp["status"])
    assert {c.code: c.count for c in got.by_category} == dict(exp["category"])
    assert {m.month: m.submitted for m in got.by_month} == dict(exp["month"])
    assert {m.month: m.completed for m in got.by_month if m.completed} == dict(exp["month_done"])
    assert got.open_reports == exp["open"]
    assert got.overdue == exp["overdue"]
    assert {
        d.code: [d.reports, d.open_reports, d.overdue] for d in got.by_district if d.reports
    } == dict(exp["district"])
    assert {
        a.code: [a.reports, a.open_reports, a.overdue, a.completed] for a in got.by_agency
    } == dict(exp["agency"])
    for a in got.by_agency:
        durations = exp["durations"][a.code]
        assert a.answered == len(durations)
        assert a.median_days_to_first_answer == (
            statistics.median(durations) if durations else None
        )
        assert a.answered_within_5 == exp["within"][a.code]
        assert a.measurable == exp["measurable"][a.code]
    all_durations = [d for v in exp["durations"].values() for d in v]
    assert got.median_days_to_first_answer == statistics.median(all_durations)
    assert got.share_within_5 == sum(exp["within"].values()) / sum(exp["measurable"].values())


def test_every_distrik_is_listed_with_its_map_name(store):
    with store.read_conn() as conn:
        got = dashboard.compute(conn, today=TODAY)
    assert len(got.by_district) == 18
    mimika_baru = next(d for d in got.by_district if d.code == "mimika_baru")
    assert mimika_baru.geo_name == "Mimika Baru"
    # The seat of Timika has by far the most people, and so the most reports.
    assert got.by_district[0].code == "mimika_baru"


def test_month_boundary_follows_mimika_time(tmp_path):
    """A report sent at 23:30 WIT on 31 January is a January report, although it is 14:30 UTC."""
    snaps = make_snapshots(1, TODAY, seed=3)
    snaps[0]["submitted_at"] = "2026-01-31T14:30:00+00:00"
    with Store.open(tmp_path / "s.sqlite3") as s:
        load(s, snaps)
        with s.read_conn() as conn:
            jan = dashboard.compute(conn, today=TODAY, period=Period.month(2026, 1))
            feb = dashboard.compute(conn, today=TODAY, period=Period.month(2026, 2))
    assert (jan.total, feb.total) == (1, 0)
    assert [m.month for m in jan.by_month] == ["2026-01"]
