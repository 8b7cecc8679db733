"""`GET /api/v1/stats`: report counts and deadline compliance per distrik, category, OPD, status or
month — for coordinators, the leadership (pimpinan) and admins. No report text, no personal data.

Definitions (the same as the desk's dashboard, `lapor_desk.services.dashboard`):
- a report belongs to the period by its submission date in Mimika (WIT);
- `overdue_open`: open and past the deadline of its current stage (verify_by while unverified,
  dispatch_by while verified, respond_by while at an OPD); a postponed report is never overdue;
- first response: the first `respond` event after the report's latest dispatch or reassignment,
  at its bounded written time (`written_at`, else when received; docs/api.md "Operations"),
  counted in working days (`WorkingCalendar.working_days_between`) from the dispatch date;
- `responded_within_5`: first response within 5 working days; `measurable`: responded reports
  plus unanswered ones whose 5 working days have passed (the denominator of the compliance share).

Counting is SQL (`GROUP BY`); only the working-day arithmetic, which needs the holiday calendar,
runs in Python — over distinct (dispatch date, first response date) pairs with their counts, not
over reports.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, Literal

import sqlalchemy as sa
from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from lapor_core.calendar import MIMIKA_TZ, WorkingCalendar, local_date
from lapor_core.deadlines import RESPOND_DAYS
from lapor_core.workflow import CLOCK_RUNNING, LABELS_ID, Status, values
from lapor_server import reports as rep
from lapor_server.deps import Db, Now, StatsReader
from lapor_server.errors import Problem
from lapor_server.models import Agency, Category, District, Report, ReportEvent

router = APIRouter(prefix="/api/v1", tags=["stats"])

GroupBy = Literal["district", "category", "agency", "status", "month"]
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
_STATUS_ORDER = [s.value for s in Status]
_UNSET = {
    "district": "(distrik belum ditentukan)",
    "category": "(kategori belum ditentukan)",
    "agency": "(belum didisposisikan)",
    "status": "-",
    "month": "-",
}
_UTC_OFFSET_HOURS = 9  # WIT has no daylight saving time
_EARLIEST = date(1970, 1, 1)
_LATEST = date(2999, 12, 31)


class StatsRow(BaseModel):
    key: str | None = Field(description="the group's code (null: not set yet)")
    label: str
    total: int
    by_status: dict[str, int]
    responded: int
    responded_within_5: int
    measurable: int = Field(description="responded + unanswered past 5 working days")
    overdue_open: int
    median_working_days_to_first_response: float | None


class Stats(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    group_by: GroupBy
    from_: date = Field(alias="from")
    to: date
    today: date
    rows: list[StatsRow]
    totals: StatsRow


def _local_day(col: Any, dialect: str) -> Any:
    if dialect == "postgresql":
        return sa.cast(sa.func.timezone(MIMIKA_TZ.key, col), sa.Date)
    return sa.func.date(col, f"+{_UTC_OFFSET_HOURS} hours")


def _month(col: Any, dialect: str) -> Any:
    if dialect == "postgresql":
        return sa.func.to_char(sa.func.timezone(MIMIKA_TZ.key, col), "YYYY-MM")
    return sa.func.strftime("%Y-%m", col, f"+{_UTC_OFFSET_HOURS} hours")


def _key_expr(group_by: str, dialect: str) -> Any:
    r = Report.__table__.c
    return {
        "district": r.district_code,
        "category": r.category_code,
        "agency": r.agency_code,
        "status": r.status,
        "month": _month(r.submitted_at, dialect) if group_by == "month" else None,
    }[group_by]


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _median(hist: dict[int, int]) -> float | None:
    n = sum(hist.values())
    if not n:
        return None
    wanted = {(n - 1) // 2, n // 2}
    found: list[int] = []
    seen = 0
    for days in sorted(hist):
        count = hist[days]
        for pos in sorted(wanted):
            if seen <= pos < seen + count:
                found.append(days)
        seen += count
    return sum(found) / len(found)


def _labels(s: Session, group_by: str, keys: list[str | None]) -> dict[str | None, str]:
    model = {"district": District, "category": Category, "agency": Agency}.get(group_by)
    names: dict[str | None, str] = {}
    if model is not None:
        present = [k for k in keys if k is not None]
        if present:
            names.update(
                s.execute(sa.select(model.code, model.name).where(model.code.in_(present))).all()
            )
    elif group_by == "status":
        names.update({s.value: LABELS_ID[s] for s in Status})
    elif group_by == "month":
        for k in keys:
            if k:
                year, month = k.split("-")
                names[k] = f"{_MONTHS[int(month) - 1]} {year}"
    out = {}
    for k in keys:
        out[k] = names.get(k) or (k if k is not None else _UNSET[group_by])
    return out


def compute(
    s: Session,
    *,
    group_by: str,
    start: date,
    end: date,
    today: date,
    calendar: WorkingCalendar,
) -> tuple[list[StatsRow], StatsRow]:
    """The rows (one per group) and the totals of reports submitted from `start` to `end`."""
    dialect = s.get_bind().dialect.name
    r = Report.__table__.c
    lo = datetime.combine(start, time.min, MIMIKA_TZ)
    hi = datetime.combine(end + timedelta(days=1), time.min, MIMIKA_TZ)
    period = sa.and_(Report.submitted_at >= lo, Report.submitted_at < hi)
    key = _key_expr(group_by, dialect).label("key")
    today_p = sa.bindparam("today", today, type_=sa.Date)
    overdue = sa.case(
        (sa.and_(r.status == "unverified", r.verify_by < today_p), 1),
        (sa.and_(r.status == "verified", r.dispatch_by < today_p), 1),
        (sa.and_(r.status.in_(values(CLOCK_RUNNING)), r.respond_by < today_p), 1),
        else_=0,
    )
    counts = s.execute(
        sa.select(key, r.status, sa.func.count(), sa.func.coalesce(sa.func.sum(overdue), 0))
        .where(period)
        .group_by(key, r.status)
    ).all()

    e = ReportEvent.__table__.c
    first = (
        # an answer counts from when it was written (bounded, see ops.written_time)
        sa.select(
            e.report_id, sa.func.min(sa.func.coalesce(e.written_at, e.created_at)).label("first_at")
        )
        .select_from(ReportEvent.__table__.join(Report.__table__, r.id == e.report_id))
        .where(e.kind == "respond", e.created_at >= r.dispatched_at, period)
        .group_by(e.report_id)
        .subquery()
    )
    dispatched_day = _local_day(r.dispatched_at, dialect).label("d")
    answered_day = _local_day(first.c.first_at, dialect).label("a")
    pairs = s.execute(
        sa.select(key, dispatched_day, answered_day, sa.func.count())
        .select_from(Report.__table__.outerjoin(first, first.c.report_id == r.id))
        .where(period, r.dispatched_at.is_not(None))
        .group_by(key, dispatched_day, answered_day)
    ).all()

    between = lru_cache(maxsize=65536)(calendar.working_days_between)
    groups: dict[str | None, dict[str, Any]] = {}

    def group(k: str | None) -> dict[str, Any]:
        return groups.setdefault(
            k,
            {
                "total": 0,
                "by_status": dict.fromkeys(_STATUS_ORDER, 0),
                "overdue": 0,
                "responded": 0,
                "within": 0,
                "measurable": 0,
                "hist": defaultdict(int),
            },
        )

    for k, status, n, late in counts:
        g = group(k)
        g["total"] += n
        g["by_status"][status] = g["by_status"].get(status, 0) + n
        g["overdue"] += int(late or 0)
    for k, d_raw, a_raw, n in pairs:
        g = group(k)
        d, a = _as_date(d_raw), _as_date(a_raw)
        if d is None:
            continue
        if a is not None:
            days = between(d, a)
            g["responded"] += n
            g["measurable"] += n
            g["hist"][days] += n
            if days <= RESPOND_DAYS:
                g["within"] += n
        elif between(d, today) > RESPOND_DAYS:
            g["measurable"] += n

    labels = _labels(s, group_by, list(groups))

    def row(k: str | None, label: str, g: dict[str, Any]) -> StatsRow:
        return StatsRow(
            key=k,
            label=label,
            total=g["total"],
            by_status=g["by_status"],
            responded=g["responded"],
            responded_within_5=g["within"],
            measurable=g["measurable"],
            overdue_open=g["overdue"],
            median_working_days_to_first_response=_median(g["hist"]),
        )

    rows = [row(k, labels[k], g) for k, g in groups.items()]
    if group_by == "month":
        rows.sort(key=lambda x: x.key or "")
    elif group_by == "status":
        rows.sort(key=lambda x: _STATUS_ORDER.index(x.key) if x.key in _STATUS_ORDER else 99)
    else:
        rows.sort(key=lambda x: (x.key is None, -x.total, x.label))

    total: dict[str, Any] = {
        "total": 0,
        "by_status": dict.fromkeys(_STATUS_ORDER, 0),
        "overdue": 0,
        "responded": 0,
        "within": 0,
        "measurable": 0,
        "hist": defaultdict(int),
    }
    for g in groups.values():
        for name in ("total", "overdue", "responded", "within", "measurable"):
            total[name] += g[name]
        for st, n in g["by_status"].items():
            total["by_status"][st] = total["by_status"].get(st, 0) + n
        for days, n in g["hist"].items():
            total["hist"][days] += n
    return rows, row("all", "Semua", total)


@router.get(
    "/stats",
    response_model=Stats,
    summary="Counts and deadline compliance per distrik, category, OPD, status or month",
    responses={403: {"description": "officers (petugas) do not get statistics"}},
)
def stats(
    *,
    group_by: GroupBy = Query(default="status"),
    from_: date | None = Query(default=None, alias="from", description="first submission date"),
    to: date | None = Query(default=None, description="last submission date (inclusive)"),
    user: StatsReader,
    db: Db,
    now: Now,
) -> Stats:
    today = local_date(now)
    end = to or today
    start = from_ or date(end.year, 1, 1)
    if start > end:
        raise Problem(422, "validation-error", "'from' must not be after 'to'")
    if start < _EARLIEST or end > _LATEST:
        raise Problem(
            422,
            "validation-error",
            f"dates must lie between {_EARLIEST.isoformat()} and {_LATEST.isoformat()}",
        )
    with db.read(snapshot=True) as s:
        rows, totals = compute(
            s,
            group_by=group_by,
            start=start,
            end=end,
            today=today,
            calendar=rep.load_calendar(s),
        )
    return Stats(group_by=group_by, from_=start, to=end, today=today, rows=rows, totals=totals)
