"""Dashboard figures from the local store: volumes per status, category, OPD, month and distrik,
time to first answer and deadline compliance. Works offline: everything comes from the local SQLite.

Counting is done by SQL (`GROUP BY` over the reports table), and so is picking each report's latest
dispatch and first answer out of the timeline (`_TIMING_SQL`), counted per (OPD, dispatch date,
first answer date). Only the working-day arithmetic, which needs the holiday calendar, is done in
Python over those date pairs, cached per pair because thousands of reports share the same few
hundred date pairs.

Definitions: the compliance rules are `lapor_core.compliance` (docs/compliance.md), the same the
server's `/stats` and the monthly recap use; a report belongs to the period by its submission date
in Mimika (WIT); *open* = not completed and not archived; *overdue* = open and past the deadline
of its current stage (a postponed report never is: its clock is paused); the first answer is the
first `respond` after the latest dispatch or reassignment, and the 5-working-day share is counted
per OPD the report is currently at.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, text

from lapor_core import workflow
from lapor_core.calendar import DEFAULT_CALENDAR, MIMIKA_TZ, WorkingCalendar, local_date
from lapor_core.compliance import Compliance, ComplianceTally, overdue_sql, shared_between
from lapor_core.reference import load_reference
from lapor_core.workflow import sql_list, values
from lapor_desk.services.ratings import Rating, rating_figures

OPEN_STATUSES = values(workflow.OPEN_STATUSES)
AT_AGENCY = values(workflow.AGENCY_STATUSES)
STATUS_ORDER = values(workflow.STATUS_ORDER)

#: SQL: 1 when the report is open and past the deadline of its current stage, else 0.
OVERDUE_SQL = overdue_sql(":today")
OPEN_SQL = f"CASE WHEN status IN ({sql_list(workflow.OPEN_STATUSES)}) THEN 1 ELSE 0 END"
#: SQL: the month (YYYY-MM) of submission in Mimika time (SQLite turns the offset into UTC first).
MONTH_SQL = "strftime('%Y-%m', submitted_at, '+9 hours')"
#: SQL: report counts grouped by every dashboard dimension at once (`{where}`: the period).
#: NOT INDEXED: every report is read anyway; walking an index first adds a table lookup per row.
GROUPED_SQL = (
    f"SELECT status, category_code, district_code, agency_code, {MONTH_SQL} AS m, "
    f"COUNT(*), SUM({OVERDUE_SQL}) FROM reports NOT INDEXED WHERE {{where}} "
    "GROUP BY status, category_code, district_code, agency_code, m"
)


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
    #: the reporters' ratings of this OPD's final answers (`services.ratings`)
    ratings: int = 0
    rating_average: float | None = None
    #: ratings of 4 or 5
    satisfied: int = 0

    @property
    def share_within_5(self) -> float | None:
        return self.answered_within_5 / self.measurable if self.measurable else None

    @property
    def share_satisfied(self) -> float | None:
        return self.satisfied / self.ratings if self.ratings else None


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


#: Positions from 0 to this - 1 fit the fixed-width keys of `_TIMING_SQL` (server positions are
#: the timeline index, local pending entries `LOCAL_POSITION_BASE` = 10^9 + their outbox seq).
_KEY_POSITIONS = 10**12

#: CTE `timing(report_id, agency_code, dispatched_at, answered_at)`: per report currently at an
#: OPD and submitted in the period (`{where}`), the time of its latest dispatch or reassignment
#: and of the first answer (`respond`) after it, by timeline position (NULL: not answered), at
#: its written time (`written_at`, bounded by the server; docs/sync.md), else when received.
#:
#: One sort and one GROUP BY over the dispatch, reassignment and answer entries and the at-OPD
#: reports (whose row brings the OPD), by report id. Each entry carries a text key of fixed-width
#: digits plus its time, whose smallest value per report is the entry wanted: `2*10^12 - 1 -
#: position`, `is reassign`, `created_at` for the latest dispatch (highest position, a dispatch
#: before a reassignment at the same position, then the earliest time: the entry the former
#: walk in index order kept), `10^12 + position`, the written (else received) time for the first
#: answer, taken when its position is after the latest dispatch. The rest (the first answer came
#: before the latest dispatch, e.g. answered and then reassigned; a position outside the keys'
#: width: key '0') is looked up in the events' covering index, one report at a time.
_TIMING_SQL = f"""
WITH stream AS (
  SELECT report_id,
    CASE WHEN position BETWEEN 0 AND {_KEY_POSITIONS - 1}
      THEN ({2 * _KEY_POSITIONS - 1} - position) || (kind = 'reassign') || created_at
      ELSE '0' END AS dkey,
    NULL AS akey, NULL AS agency_code
  FROM events WHERE kind IN ('dispatch', 'reassign')
  UNION ALL
  SELECT report_id, NULL,
    CASE WHEN position BETWEEN 0 AND {_KEY_POSITIONS - 1}
      THEN ({_KEY_POSITIONS} + position) || coalesce(written_at, created_at) ELSE '0' END,
    NULL
  FROM events WHERE kind = 'respond'
  UNION ALL
  SELECT id, NULL, NULL, agency_code FROM reports NOT INDEXED
  WHERE agency_code IS NOT NULL
    AND status IN ({sql_list(workflow.AGENCY_STATUSES)}) AND {{where}}
), per_report AS (
  SELECT report_id, max(agency_code) AS agency_code, min(dkey) AS dkey, min(akey) AS akey
  FROM stream GROUP BY report_id
), dispatched AS (
  SELECT report_id, agency_code, dkey, akey,
    CASE WHEN dkey != '0'
      THEN {2 * _KEY_POSITIONS - 1} - CAST(substr(dkey, 1, 13) AS INTEGER)
      ELSE (
        SELECT max(e.position) FROM events e
        WHERE e.kind IN ('dispatch', 'reassign') AND e.report_id = p.report_id
      ) END AS dpos
  FROM per_report p WHERE agency_code IS NOT NULL AND dkey IS NOT NULL
), timing AS (
  SELECT report_id, agency_code,
    CASE WHEN dkey != '0' THEN substr(dkey, 15) ELSE (
      SELECT e.created_at FROM events e
      WHERE e.kind IN ('dispatch', 'reassign') AND e.report_id = d.report_id
        AND e.position = d.dpos
      ORDER BY e.kind, e.created_at LIMIT 1
    ) END AS dispatched_at,
    CASE WHEN akey IS NULL THEN NULL
      WHEN akey != '0' AND CAST(substr(akey, 1, 13) AS INTEGER) - {_KEY_POSITIONS} > dpos
        THEN substr(akey, 14)
      ELSE (
        SELECT coalesce(e.written_at, e.created_at) FROM events e
        WHERE e.kind = 'respond' AND e.report_id = d.report_id AND e.position > d.dpos
        ORDER BY e.position, e.created_at LIMIT 1
      ) END AS answered_at
  FROM dispatched d
)
"""
_ANSWER_TIMES_SQL = (
    _TIMING_SQL + "SELECT report_id, agency_code, dispatched_at, answered_at FROM timing"
)


def _day_key(column: str) -> str:
    """SQL: a time reduced to what its local date depends on, for `_local_day` (the date part
    plus "+09:00" when the time is in WIT already, else the whole time)."""
    return (
        f"CASE WHEN substr({column}, -6) = '+09:00' AND length({column}) >= 10 "
        f"THEN substr({column}, 1, 10) || '+09:00' ELSE {column} END"
    )


#: Reports at an OPD per (OPD, dispatch day, first answer day): a few thousand rows for 100k
#: reports. `LIMIT -1` keeps `timing` a subquery of its own (evaluated once per report).
_ANSWER_DAYS_SQL = (
    _TIMING_SQL
    + f"SELECT agency_code, {_day_key('dispatched_at')} AS d, {_day_key('answered_at')} AS a, "
    "COUNT(*) FROM (SELECT agency_code, dispatched_at, answered_at FROM timing LIMIT -1) "
    "GROUP BY agency_code, d, a"
)


def _raw(conn: Connection):
    # Tens of thousands of small rows: read them through the sqlite3 cursor itself, which is
    # several times faster than SQLAlchemy's row processing (same connection, same snapshot).
    return conn.connection.driver_connection


def answer_timings(conn: Connection, period: Period = Period()) -> list[AnswerTiming]:
    """Dispatch and first-answer dates of every report currently at an OPD.

    SQL picks the two times per report (`_TIMING_SQL`); Python only turns them into local dates.
    """
    where, params = period.where()
    rows = _raw(conn).execute(_ANSWER_TIMES_SQL.format(where=where), params).fetchall()
    return [
        AnswerTiming(
            report_id, agency, _local_day(dispatched_at), _local_day(answered) if answered else None
        )
        for report_id, agency, dispatched_at, answered in rows
    ]


def answer_day_counts(
    conn: Connection, period: Period = Period()
) -> list[tuple[str, date, date | None, int]]:
    """`answer_timings` counted per (OPD, dispatch date, first answer date): what the tallies
    need, without a row per report."""
    where, params = period.where()
    rows = _raw(conn).execute(_ANSWER_DAYS_SQL.format(where=where), params).fetchall()
    return [
        (agency, _local_day(dispatched), _local_day(answered) if answered else None, n)
        for agency, dispatched, answered, n in rows
    ]


@lru_cache(maxsize=65536)
def _iso_day(value: str) -> date:
    return local_date(datetime.fromisoformat(value))


def _local_day(value: str) -> date:
    # Most times are already in WIT: the date is the first ten characters (no parsing needed).
    if value.endswith("+09:00") and len(value) >= 10:
        return _date_of(value[:10])
    return _iso_day(value)


@lru_cache(maxsize=4096)
def _date_of(day: str) -> date:
    return date.fromisoformat(day)


def tally_answers(
    timings: Iterable[AnswerTiming], today: date, calendar: WorkingCalendar = DEFAULT_CALENDAR
) -> dict[str, ComplianceTally]:
    """Per OPD: working days to first answer, and the 5-working-day compliance counts."""
    return tally_answer_days(
        ((t.agency_code, t.dispatched_on, t.answered_on, 1) for t in timings), today, calendar
    )


def tally_answer_days(
    counts: Iterable[tuple[str, date, date | None, int]],
    today: date,
    calendar: WorkingCalendar = DEFAULT_CALENDAR,
) -> dict[str, ComplianceTally]:
    """`tally_answers` over (OPD, start date, answer date, reports) counts, by the shared rules
    (`lapor_core.compliance`). Working days are counted once per (start, end) pair."""
    between = shared_between(calendar)
    out: dict[str, ComplianceTally] = {}
    for agency, dispatched_on, answered_on, n in counts:
        tally = out.get(agency)
        if tally is None:
            tally = out[agency] = ComplianceTally(today, calendar, between=between)
        tally.add(dispatched_on, answered_on, n)
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

    # One scan of the reports, grouped by every dimension at once; Python then folds the few
    # thousand groups per dimension (four separate GROUP BY scans cost three times as much).
    by_status_n: Counter[str] = Counter()
    by_category_n: Counter[str | None] = Counter()
    months: dict[str, list[int]] = {}
    districts: dict[str | None, list[int]] = {}
    agencies_n: dict[str, list[int]] = {}
    total = open_n = late = 0
    for status, category, district, agency, month, n, late_n in q(GROUPED_SQL):
        is_open = status in OPEN_STATUSES
        done = status == "completed"
        total += n
        open_n += n if is_open else 0
        late += late_n
        by_status_n[status] += n
        by_category_n[category] += n
        m = months.setdefault(month, [0, 0])
        m[0] += n
        m[1] += n if done else 0
        d = districts.setdefault(district, [0, 0, 0])
        d[0] += n
        d[1] += n if is_open else 0
        d[2] += late_n
        if agency is not None and status in AT_AGENCY:
            a = agencies_n.setdefault(agency, [0, 0, 0, 0])
            a[0] += n
            a[1] += n if is_open else 0
            a[2] += late_n
            a[3] += n if done else 0

    by_status = [Count(s, s, by_status_n.get(s, 0)) for s in STATUS_ORDER]
    by_status += [Count(s, s, n) for s, n in by_status_n.items() if s not in STATUS_ORDER]
    categories = _names(conn, "categories")
    by_category = [
        Count(code, categories.get(code, code or "-"), n)
        for code, n in sorted(by_category_n.items(), key=lambda kv: (-kv[1], kv[0] or ""))
    ]
    by_month = [MonthFigure(m, v[0], v[1]) for m, v in sorted(months.items()) if m]
    by_district = _district_figures(conn, {k: tuple(v) for k, v in districts.items()})
    agency_rows = [(code, *v) for code, v in agencies_n.items()]
    tallies = tally_answer_days(answer_day_counts(conn, period), today, calendar)
    agencies = _names(conn, "agencies")
    rated = rating_figures(conn, period)
    by_agency = []
    for code, a_total, a_open, a_late, a_done in agency_rows:
        answers = tallies[code].figures() if code in tallies else Compliance()
        stars = rated.get(code, Rating())
        by_agency.append(
            AgencyFigure(
                code=code,
                name=agencies.get(code, code),
                reports=a_total,
                open_reports=a_open,
                overdue=a_late,
                completed=a_done,
                answered=answers.answered,
                answered_within_5=answers.within,
                measurable=answers.measurable,
                median_days_to_first_answer=answers.median_days,
                ratings=stars.count,
                rating_average=stars.average,
                satisfied=stars.satisfied,
            )
        )
    by_agency.sort(key=lambda a: (-a.reports, a.code))

    overall = ComplianceTally(today, calendar)
    for tally in tallies.values():
        overall.merge(tally)
    answers = overall.figures()
    return Dashboard(
        today=today,
        period=period,
        total=total,
        open_reports=open_n,
        overdue=late,
        by_status=by_status,
        by_category=by_category,
        by_month=by_month,
        by_agency=by_agency,
        by_district=by_district,
        answered=answers.answered,
        answered_within_5=answers.within,
        measurable=answers.measurable,
        median_days_to_first_answer=answers.median_days,
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
