"""Dashboard figures from the local store: volumes per status, category, OPD, month and distrik,
time to first answer and deadline compliance. Works offline: everything comes from the local SQLite.

Counting is done by SQL (`GROUP BY` over the reports table); only the working-day arithmetic, which
needs the holiday calendar, is done in Python over (dispatch date, first answer date) pairs, cached
per pair because thousands of reports share the same few hundred date pairs.

Definitions (also in docs/coordinator.md):
- a report belongs to the period by its submission date in Mimika (WIT);
- *open* = not completed and not archived; *overdue* = open and past the deadline of its current
  stage: verify_by while unverified, dispatch_by while verified, respond_by while at an OPD
  (`dispatched` or `in_progress`, the same rule as the officer's "Terlambat" queue, so both desks
  show the same numbers); a postponed report is never overdue because its clock is paused;
- *first answer* = the first public response (`respond` event) after the report's latest dispatch or
  reassignment; its working days are counted with `WorkingCalendar.working_days_between`;
- *answered within 5 HK* share = answered within 5 working days / (answered + unanswered reports
  whose 5 working days have passed), per OPD the report is currently at.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, text

from lapor_core.calendar import DEFAULT_CALENDAR, MIMIKA_TZ, WorkingCalendar, local_date
from lapor_core.deadlines import RESPOND_DAYS
from lapor_core.reference import load_reference

OPEN_STATUSES = ("unverified", "verified", "dispatched", "in_progress", "postponed")
AT_AGENCY = ("dispatched", "in_progress", "postponed", "completed")
STATUS_ORDER = (*OPEN_STATUSES, "completed", "archived")

#: SQL: 1 when the report is open and past the deadline of its current stage, else 0.
OVERDUE_SQL = """CASE
  WHEN status = 'unverified' AND verify_by < :today THEN 1
  WHEN status = 'verified' AND dispatch_by < :today THEN 1
  WHEN status IN ('dispatched', 'in_progress') AND respond_by < :today THEN 1
  ELSE 0 END"""
OPEN_SQL = (
    "CASE WHEN status IN ('unverified','verified','dispatched','in_progress','postponed') "
    "THEN 1 ELSE 0 END"
)
#: SQL: the month (YYYY-MM) of submission in Mimika time (SQLite turns the offset into UTC first).
MONTH_SQL = "strftime('%Y-%m', submitted_at, '+9 hours')"


@dataclass(frozen=True, slots=True)
class Period:
    """Submission dates from `start` to `end` inclusive (local Mimika dates); None = unbounded."""

    start: date | None = None
    end: date | None = None

    def where(self, column: str = "submitted_at") -> tuple[str, dict[str, Any]]:
        """A SQL condition and its parameters selecting reports submitted in the period."""
        parts, params = [], {}
        if self.start is not None:
            parts.append(f"julianday({column}) >= julianday(:p_start)")
            params["p_start"] = _utc_iso(self.start)
        if self.end is not None:
            parts.append(f"julianday({column}) < julianday(:p_end)")
            params["p_end"] = _utc_iso(self.end + timedelta(days=1))
        return (" AND ".join(parts) or "1=1"), params

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        first = date(year, month, 1)
        nxt = date(year + (month == 12), month % 12 + 1, 1)
        return cls(first, nxt - timedelta(days=1))


def _utc_iso(day: date) -> str:
    """Local midnight of `day` in Mimika as an ISO string with offset (SQLite compares in UTC)."""
    return datetime.combine(day, time(0), MIMIKA_TZ).isoformat()


@dataclass(frozen=True, slots=True)
class Count:
    code: str | None
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class MonthFigure:
    month: str
    submitted: int
    completed: int


@dataclass(frozen=True, slots=True)
class AgencyFigure:
    """One OPD's figures (reports currently at that OPD, submitted in the period)."""

    code: str
    name: str
    reports: int
    open_reports: int
    overdue: int
    completed: int
    answered: int
    answered_within_5: int
    #: answered + unanswered reports whose 5 working days have passed
    measurable: int
    median_days_to_first_answer: float | None

    @property
    def share_within_5(self) -> float | None:
        return self.answered_within_5 / self.measurable if self.measurable else None


@dataclass(frozen=True, slots=True)
class DistrictFigure:
    code: str
    name: str
    geo_name: str
    reports: int
    open_reports: int
    overdue: int
    population: int = 0

    @property
    def overdue_share(self) -> float | None:
        return self.overdue / self.open_reports if self.open_reports else None


@dataclass(frozen=True)
class Dashboard:
    today: date
    period: Period
    total: int
    open_reports: int
    overdue: int
    by_status: list[Count]
    by_category: list[Count]
    by_month: list[MonthFigure]
    by_agency: list[AgencyFigure]
    by_district: list[DistrictFigure]
    answered: int
    answered_within_5: int
    measurable: int
    median_days_to_first_answer: float | None
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def share_within_5(self) -> float | None:
        return self.answered_within_5 / self.measurable if self.measurable else None

    def count_of(self, status: str) -> int:
        return next((c.count for c in self.by_status if c.code == status), 0)


# -- first answers ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class AnswerTiming:
    """For one report at an OPD: its latest dispatch and first answer after it (local dates)."""

    report_id: str
    agency_code: str
    dispatched_on: date
    answered_on: date | None


_TIMINGS_SQL = """
WITH last_dispatch AS (
  -- one aggregate only: SQLite then takes the bare column `at` from the row holding the maximum
  SELECT e.report_id, MAX(julianday(e.created_at)) AS jd, e.created_at AS at
  FROM events e WHERE e.kind IN ('dispatch', 'reassign') GROUP BY e.report_id
)
SELECT r.id, r.agency_code, d.at,
  (SELECT a.created_at FROM events a
    WHERE a.report_id = r.id AND a.kind = 'respond' AND julianday(a.created_at) >= d.jd
    ORDER BY julianday(a.created_at) LIMIT 1) AS first_answer
FROM reports r JOIN last_dispatch d ON d.report_id = r.id
WHERE r.agency_code IS NOT NULL AND r.status IN ('dispatched','in_progress','postponed','completed')
  AND {where}
"""


def answer_timings(conn: Connection, period: Period = Period()) -> list[AnswerTiming]:
    """Dispatch and first-answer dates of every report currently at an OPD."""
    where, params = period.where("r.submitted_at")
    rows = conn.execute(text(_TIMINGS_SQL.format(where=where)), params).all()
    out = []
    for report_id, agency, dispatched_at, answered_at in rows:
        out.append(
            AnswerTiming(
                report_id,
                agency,
                _local_day(dispatched_at),
                _local_day(answered_at) if answered_at else None,
            )
        )
    return out


@lru_cache(maxsize=65536)
def _iso_day(value: str) -> date:
    return local_date(datetime.fromisoformat(value))


def _local_day(value: str) -> date:
    return _iso_day(value)


@dataclass
class _AnswerTally:
    durations: list[int] = field(default_factory=list)
    within: int = 0
    measurable: int = 0

    def median(self) -> float | None:
        return float(statistics.median(self.durations)) if self.durations else None


def tally_answers(
    timings: Iterable[AnswerTiming], today: date, calendar: WorkingCalendar = DEFAULT_CALENDAR
) -> dict[str, _AnswerTally]:
    """Per OPD: working days to first answer, and the 5-working-day compliance counts."""
    between = lru_cache(maxsize=65536)(calendar.working_days_between)
    out: dict[str, _AnswerTally] = {}
    for t in timings:
        tally = out.setdefault(t.agency_code, _AnswerTally())
        if t.answered_on is not None:
            days = between(t.dispatched_on, t.answered_on)
            tally.durations.append(days)
            tally.measurable += 1
            if days <= RESPOND_DAYS:
                tally.within += 1
        elif between(t.dispatched_on, today) > RESPOND_DAYS:
            tally.measurable += 1
    return out


# -- the dashboard ---------------------------------------------------------------------------------
def _names(conn: Connection, table: str) -> dict[str, str]:
    return dict(conn.execute(text(f"SELECT code, name FROM {table}")).all())


def compute(
    conn: Connection,
    *,
    today: date,
    period: Period = Period(),
    calendar: WorkingCalendar = DEFAULT_CALENDAR,
) -> Dashboard:
    """Every dashboard figure for reports submitted in `period`, as of `today`."""
    where, params = period.where()
    params = {**params, "today": today.isoformat()}
    q = lambda sql: conn.execute(text(sql.format(where=where)), params).all()  # noqa: E731

    status_rows = dict(q("SELECT status, COUNT(*) FROM reports WHERE {where} GROUP BY status"))
    by_status = [Count(s, s, status_rows.get(s, 0)) for s in STATUS_ORDER]
    by_status += [Count(s, s, n) for s, n in status_rows.items() if s not in STATUS_ORDER]

    categories = _names(conn, "categories")
    by_category = [
        Count(code, categories.get(code, code or "-"), n)
        for code, n in q(
            "SELECT category_code, COUNT(*) AS n FROM reports WHERE {where} "
            "GROUP BY category_code ORDER BY n DESC, category_code"
        )
    ]

    by_month = [
        MonthFigure(month, n, done)
        for month, n, done in q(
            f"SELECT {MONTH_SQL} AS m, COUNT(*), SUM(status = 'completed') FROM reports "
            "WHERE {where} GROUP BY m ORDER BY m"
        )
    ]

    district_rows = {
        code: (n, open_n, late)
        for code, n, open_n, late in q(
            f"SELECT district_code, COUNT(*), SUM({OPEN_SQL}), SUM({OVERDUE_SQL}) FROM reports "
            "WHERE {where} GROUP BY district_code"
        )
    }
    by_district = _district_figures(conn, district_rows)

    agency_rows = q(
        f"SELECT agency_code, COUNT(*), SUM({OPEN_SQL}), SUM({OVERDUE_SQL}), "
        "SUM(status = 'completed') FROM reports "
        "WHERE {where} AND agency_code IS NOT NULL "
        "AND status IN ('dispatched','in_progress','postponed','completed') GROUP BY agency_code"
    )
    tallies = tally_answers(answer_timings(conn, period), today, calendar)
    agencies = _names(conn, "agencies")
    by_agency = []
    for code, n, open_n, late, done in agency_rows:
        tally = tallies.get(code, _AnswerTally())
        by_agency.append(
            AgencyFigure(
                code=code,
                name=agencies.get(code, code),
                reports=n,
                open_reports=open_n or 0,
                overdue=late or 0,
                completed=done or 0,
                answered=len(tally.durations),
                answered_within_5=tally.within,
                measurable=tally.measurable,
                median_days_to_first_answer=tally.median(),
            )
        )
    by_agency.sort(key=lambda a: (-a.reports, a.code))

    all_durations = [d for t in tallies.values() for d in t.durations]
    total, open_n, late = q(
        f"SELECT COUNT(*), SUM({OPEN_SQL}), SUM({OVERDUE_SQL}) FROM reports WHERE {{where}}"
    )[0]
    return Dashboard(
        today=today,
        period=period,
        total=total,
        open_reports=open_n or 0,
        overdue=late or 0,
        by_status=by_status,
        by_category=by_category,
        by_month=by_month,
        by_agency=by_agency,
        by_district=by_district,
        answered=len(all_durations),
        answered_within_5=sum(t.within for t in tallies.values()),
        measurable=sum(t.measurable for t in tallies.values()),
        median_days_to_first_answer=(
            float(statistics.median(all_durations)) if all_durations else None
        ),
    )


def _district_figures(
    conn: Connection, rows: dict[str | None, tuple[int, int, int]]
) -> list[DistrictFigure]:
    """Every distrik of the store (zeros included, so the map can colour and click them all)."""
    reference = load_reference()
    out = []
    for code, name in _names(conn, "districts").items():
        try:
            ref = reference.district(code)
            geo_name, population = ref.geo_name, ref.population
        except KeyError:
            geo_name, population = name, 0
        n, open_n, late = rows.get(code, (0, 0, 0))
        out.append(DistrictFigure(code, name, geo_name, n, open_n or 0, late or 0, population))
    out.sort(key=lambda d: (-d.reports, d.name))
    return out
