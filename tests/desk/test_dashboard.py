"""Dashboard figures equal the same figures computed independently from the raw SQLite rows.

The service aggregates in SQL; this test reads the rows with plain sqlite3 and counts in Python,
with its own working-day loop over `WorkingCalendar.is_working_day`.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta

import pytest

from lapor_core.calendar import DEFAULT_CALENDAR, MIMIKA_TZ, WorkingCalendar
from lapor_core.reference import load_reference
from lapor_desk.models.store import Store
from lapor_desk.services import dashboard, deadlines_overview
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


# -- every figure against a reference that walks each report's timeline --------------------------
#
# The service aggregates the timeline in SQL; this reference reads every event with plain sqlite3
# and walks each report's timeline in `position` order (the server's order; local pending entries
# sort after it) in Python. The data is the generator's, roughened the way real stores are: answers
# before a later reassignment, second answers, times sent in UTC (another local date), reports at
# an OPD without a dispatch entry, a server clock that put an answer before its dispatch, and local
# pending reassignments and answers queued by the desk.

STATUS_ORDER = (
    "unverified", "verified", "dispatched", "in_progress", "postponed", "completed", "archived",
)  # fmt: skip
AT_AGENCY = {"dispatched", "in_progress", "postponed", "completed"}
HOLIDAY_CALENDAR = WorkingCalendar(
    extra_holidays={date(2026, 2, 9), date(2026, 2, 10), date(2026, 3, 2), date(2026, 3, 16)},
    extra_working_days={date(2026, 2, 14), date(2026, 3, 7)},
)


def _utc_text(iso: str, style: str) -> str:
    moment = datetime.fromisoformat(iso).astimezone(UTC)
    return moment.isoformat() if style == "offset" else moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _roughen(snapshots, seed: int):
    rng = random.Random(seed)
    agencies = [a.code for a in load_reference().agencies]
    for s in snapshots:
        events = s["events"]
        kinds = [e["kind"] for e in events]
        roll = rng.random()
        answered = "respond" in kinds
        if s["status"] in AT_AGENCY and answered and roll < 0.06:
            # Answered, then reassigned: the old answer no longer counts; half answered again.
            last = datetime.fromisoformat(events[-1]["created_at"])
            to = rng.choice([a for a in agencies if a != s["agency_code"]])
            moved = last + timedelta(days=rng.randint(1, 9), hours=3)
            events.append(dict(events[-1], kind="reassign", agency_code=to, text="Salah OPD",
                               visibility="internal", created_at=moved.isoformat()))  # fmt: skip
            s["agency_code"], s["status"] = to, "dispatched"
            if rng.random() < 0.5:
                again = moved + timedelta(days=rng.randint(0, 12), hours=rng.randint(0, 20))
                events.append(dict(events[-1], kind="respond", agency_code=to,
                                   visibility="public", created_at=again.isoformat()))  # fmt: skip
                s["status"] = "in_progress"
        elif answered and roll < 0.12:
            # A second answer: the first one after the dispatch is the one that counts.
            later = datetime.fromisoformat(events[-1]["created_at"]) + timedelta(days=3)
            events.append(dict(events[kinds.index("respond")], created_at=later.isoformat()))
        elif roll < 0.20:
            # Sent in UTC: early-morning WIT times fall on the previous date in UTC.
            style = rng.choice(("offset", "z"))
            for e in events:
                e["created_at"] = _utc_text(e["created_at"], style)
        elif s["status"] in AT_AGENCY and roll < 0.23:
            # At an OPD without a dispatch entry (an old import): no timing at all.
            s["events"] = [e for e in events if e["kind"] not in ("dispatch", "reassign")]
        elif answered and roll < 0.26:
            # The server's clock put the answer before the dispatch: the position order decides.
            i = kinds.index("respond")
            j = max(k for k, kind in enumerate(kinds[:i]) if kind in ("dispatch", "reassign"))
            early = datetime.fromisoformat(events[j]["created_at"]) - timedelta(days=2)
            events[i] = dict(events[i], created_at=early.isoformat())
        elif roll < 0.27:
            s["category_code"] = None
        elif roll < 0.28:
            s["district_code"] = None
        s["version"] = len(s["events"])
        for k, e in enumerate(s["events"]):
            e["id"] = f"{s['id']}-{k}"
    return snapshots


def _add_pending(store, seed: int) -> None:
    """Local entries the desk queued and the server has not confirmed (positions after the server's
    timeline), with the desk's own UTC times; a few with positions beyond 10^12."""
    rng = random.Random(seed)
    with store.write_conn() as conn:
        rows = conn.exec_driver_sql(
            "SELECT id, agency_code FROM reports "
            "WHERE status IN ('dispatched', 'in_progress') ORDER BY id"
        ).all()
        seq = 0
        for report_id, agency in rows:
            roll = rng.random()
            if roll > 0.11:
                continue
            if roll < 0.04 or 0.08 <= roll < 0.09:
                kinds = ["respond"]
            elif roll < 0.06 or 0.09 <= roll < 0.10:
                kinds = ["reassign"]
            else:
                kinds = ["reassign", "respond"]
            base = 1_000_000_000 if roll < 0.08 else 10**12
            for kind in kinds:
                seq += 1
                at = datetime(2026, 3, rng.randint(1, 17), rng.randint(0, 23), 5, tzinfo=UTC)
                conn.exec_driver_sql(
                    "INSERT INTO events (id, report_id, position, kind, actor, agency_code, text, "
                    "visibility, created_at, attachments, pending) "
                    "VALUES (?, ?, ?, ?, 'Petugas', ?, 'x', ?, ?, '[]', 1)",
                    (f"local:{seq}", report_id, base + seq, kind, agency,
                     "public" if kind == "respond" else "internal", at.isoformat()),
                )  # fmt: skip


@pytest.fixture(scope="module")
def rough_store(tmp_path_factory):
    s = Store.open(tmp_path_factory.mktemp("rough") / "coordinator.sqlite3")
    load(s, _roughen(make_snapshots(2500, TODAY, seed=29), seed=5))
    _add_pending(s, seed=6)
    yield s
    s.close()


def _working_days(calendar, start: date, end: date) -> int:
    return sum(
        calendar.is_working_day(start + timedelta(days=k)) for k in range(1, (end - start).days + 1)
    )


def _reference_timings(db, reports) -> dict[str, tuple[str, date, date | None]]:
    """Per report at an OPD: (OPD, local date of the latest dispatch or reassignment, local date
    of the first answer after it), walking the report's timeline in position order."""
    timelines = defaultdict(list)
    for report_id, position, kind, created_at in db.execute(
        "SELECT report_id, position, kind, created_at FROM events"
    ):
        timelines[report_id].append((position, kind, created_at))
    out = {}
    for r in reports:
        if r["agency_code"] is None or r["status"] not in AT_AGENCY:
            continue
        dispatched = answered = None
        for _position, kind, created_at in sorted(timelines[r["id"]]):
            if kind in ("dispatch", "reassign"):
                dispatched, answered = created_at, None
            elif kind == "respond" and dispatched is not None and answered is None:
                answered = created_at
        if dispatched is not None:
            out[r["id"]] = (
                r["agency_code"],
                _local(dispatched).date(),
                _local(answered).date() if answered else None,
            )
    return out


def _reference_dashboard(path, period: Period, today: date, calendar) -> dashboard.Dashboard:
    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row
    reports = [
        r
        for r in db.execute("SELECT * FROM reports")
        if (period.start is None or _local(r["submitted_at"]).date() >= period.start)
        and (period.end is None or _local(r["submitted_at"]).date() <= period.end)
    ]
    names = {
        table: dict(db.execute(f"SELECT code, name FROM {table}").fetchall())
        for table in ("categories", "agencies", "districts")
    }
    timings = _reference_timings(db, reports)
    db.close()

    def late(r) -> bool:
        deadline = {
            "unverified": r["verify_by"],
            "verified": r["dispatch_by"],
            "dispatched": r["respond_by"],
            "in_progress": r["respond_by"],
        }.get(r["status"])
        return deadline is not None and deadline < today.isoformat()

    durations, within, measurable = defaultdict(list), Counter(), Counter()
    for code, dispatched_on, answered_on in timings.values():
        if answered_on is not None:
            days = _working_days(calendar, dispatched_on, answered_on)
            durations[code].append(days)
            measurable[code] += 1
            within[code] += days <= 5
        elif _working_days(calendar, dispatched_on, today) > 5:
            measurable[code] += 1

    status_n = Counter(r["status"] for r in reports)
    category_n = Counter(r["category_code"] for r in reports)
    month_of = {r["id"]: _local(r["submitted_at"]).strftime("%Y-%m") for r in reports}
    reference = load_reference()
    districts = []
    for code, name in names["districts"].items():
        mine = [r for r in reports if r["district_code"] == code]
        ref = reference.district(code)
        districts.append(
            dashboard.DistrictFigure(
                code,
                name,
                ref.geo_name,
                len(mine),
                sum(r["status"] in OPEN for r in mine),
                sum(late(r) for r in mine),
                ref.population,
            )
        )
    agencies = []
    for code in sorted({r["agency_code"] for r in reports if r["agency_code"]}):
        mine = [r for r in reports if r["agency_code"] == code and r["status"] in AT_AGENCY]
        if not mine:
            continue
        agencies.append(
            dashboard.AgencyFigure(
                code=code,
                name=names["agencies"].get(code, code),
                reports=len(mine),
                open_reports=sum(r["status"] in OPEN for r in mine),
                overdue=sum(late(r) for r in mine),
                completed=sum(r["status"] == "completed" for r in mine),
                answered=len(durations[code]),
                answered_within_5=within[code],
                measurable=measurable[code],
                median_days_to_first_answer=(
                    float(statistics.median(durations[code])) if durations[code] else None
                ),
            )
        )
    everything = [d for v in durations.values() for d in v]
    return dashboard.Dashboard(
        today=today,
        period=period,
        total=len(reports),
        open_reports=sum(r["status"] in OPEN for r in reports),
        overdue=sum(late(r) for r in reports),
        by_status=[dashboard.Count(s, s, status_n[s]) for s in STATUS_ORDER]
        + [dashboard.Count(s, s, n) for s, n in status_n.items() if s not in STATUS_ORDER],
        by_category=sorted(
            (
                dashboard.Count(c, names["categories"].get(c, c or "-"), n)
                for c, n in category_n.items()
            ),
            key=lambda c: (-c.count, c.code or ""),
        ),
        by_month=[
            dashboard.MonthFigure(
                m,
                sum(v == m for v in month_of.values()),
                sum(month_of[r["id"]] == m for r in reports if r["status"] == "completed"),
            )
            for m in sorted(set(month_of.values()))
        ],
        by_agency=sorted(agencies, key=lambda a: (-a.reports, a.code)),
        by_district=sorted(districts, key=lambda d: (-d.reports, d.name)),
        answered=len(everything),
        answered_within_5=sum(within.values()),
        measurable=sum(measurable.values()),
        median_days_to_first_answer=float(statistics.median(everything)) if everything else None,
        extras={"timings": timings, "durations": durations},
    )


ROUGH_CASES = [
    (Period(), TODAY, DEFAULT_CALENDAR),
    (Period.month(2026, 2), TODAY, DEFAULT_CALENDAR),
    (Period(date(2026, 1, 10), date(2026, 3, 1)), TODAY, DEFAULT_CALENDAR),
    (Period(), date(2026, 3, 9), HOLIDAY_CALENDAR),
    (Period(date(2026, 3, 10), date(2026, 3, 10)), TODAY, HOLIDAY_CALENDAR),
]
ROUGH_IDS = ["all", "february", "range", "holidays-earlier-today", "one-day"]


@pytest.mark.parametrize(("period", "today", "calendar"), ROUGH_CASES, ids=ROUGH_IDS)
def test_every_figure_equals_a_timeline_walk(rough_store, period, today, calendar):
    with rough_store.read_conn() as conn:
        got = dashboard.compute(conn, today=today, period=period, calendar=calendar)
    exp = _reference_dashboard(rough_store.path, period, today, calendar)
    # The data exercises what the figures depend on.
    timings = exp.extras["timings"]
    assert exp.total > 0 and len(timings) > 0
    if period == Period():
        assert any(c.code is None for c in exp.by_category)
        assert sum(d.reports for d in exp.by_district) < exp.total  # distrik unknown
        assert exp.answered > 100 and exp.measurable > exp.answered
        assert any(
            answered and answered < dispatched for _, dispatched, answered in timings.values()
        )

    assert got.total == exp.total
    assert (got.open_reports, got.overdue) == (exp.open_reports, exp.overdue)
    assert got.by_status == exp.by_status
    assert got.by_category == exp.by_category
    assert got.by_month == exp.by_month
    assert got.by_district == exp.by_district
    assert got.by_agency == exp.by_agency
    assert (got.answered, got.answered_within_5, got.measurable) == (
        exp.answered,
        exp.answered_within_5,
        exp.measurable,
    )
    assert got.median_days_to_first_answer == exp.median_days_to_first_answer
    assert got.share_within_5 == exp.share_within_5


@pytest.mark.parametrize(("period", "today", "calendar"), ROUGH_CASES, ids=ROUGH_IDS)
def test_answer_timings_and_meeting_figures_equal_a_timeline_walk(
    rough_store, period, today, calendar
):
    """`answer_timings`/`tally_answers` also feed the meeting figures of the deadline overview."""
    exp = _reference_dashboard(rough_store.path, period, today, calendar)
    with rough_store.read_conn() as conn:
        timings = dashboard.answer_timings(conn, period)
        meeting = deadlines_overview.meeting_figures(
            conn, today=today, period=period, calendar=calendar
        )
    assert len(timings) == len(exp.extras["timings"])
    assert {
        t.report_id: (t.agency_code, t.dispatched_on, t.answered_on) for t in timings
    } == exp.extras["timings"]
    tallies = dashboard.tally_answers(timings, today, calendar)
    by_agency = {a.code: a for a in exp.by_agency}
    assert set(tallies) == set(by_agency)
    for row in meeting:
        a = by_agency.get(row.agency_code)
        expected = (
            (a.answered, a.answered_within_5, a.measurable, a.median_days_to_first_answer)
            if a
            else (0, 0, 0, None)
        )
        assert (
            row.answered,
            row.answered_within_5,
            row.measurable,
            row.median_days_to_first_answer,
        ) == expected
        if a:
            assert sorted(tallies[row.agency_code].days.elements()) == sorted(
                exp.extras["durations"][row.agency_code]
            )
