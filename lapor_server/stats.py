"""Report counts and deadline compliance per distrik, category, OPD, status or month (`/stats`).

The rules are `lapor_core.compliance` (docs/compliance.md), the same the desk dashboard and the
monthly recap use: the answer clock starts at the latest dispatch or reassignment; the first
`respond` after it counts at its bounded written time (`written_at`), else when it was received;
overdue is open and past the current stage's deadline.

Counting is SQL (`GROUP BY`); only the working-day arithmetic, which needs the holiday calendar,
runs in Python, over distinct (start date, first answer date) pairs with their counts, not over
reports. The HTTP side (parameters, roles, the answer's shape) is `routers/stats.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from lapor_core.calendar import MIMIKA_TZ, WorkingCalendar
from lapor_core.compliance import (
    ANSWER_KIND,
    OVERDUE_DEADLINE,
    START_KINDS,
    Compliance,
    ComplianceTally,
    shared_between,
)
from lapor_core.workflow import AGENCY_STATUSES, LABELS_ID, STATUS_ORDER, Status, values
from lapor_server.models import Agency, Category, District, Report, ReportEvent

GROUPS = ("district", "category", "agency", "status", "month")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
_STATUS_ORDER = list(values(STATUS_ORDER))
_UNSET = {
    "district": "(distrik belum ditentukan)",
    "category": "(kategori belum ditentukan)",
    "agency": "(belum didisposisikan)",
    "status": "-",
    "month": "-",
}
_UTC_OFFSET_HOURS = 9  # WIT has no daylight saving time


@dataclass
class Group:
    """The figures of one group of reports."""

    key: str | None
    label: str = ""
    total: int = 0
    by_status: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_STATUS_ORDER, 0))
    overdue: int = 0
    answers: ComplianceTally | None = None

    @property
    def compliance(self) -> Compliance:
        return self.answers.figures() if self.answers else Compliance()


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
        names.update({st.value: LABELS_ID[st] for st in Status})
    elif group_by == "month":
        for k in keys:
            if k:
                year, month = k.split("-")
                names[k] = f"{_MONTHS[int(month) - 1]} {year}"
    return {k: names.get(k) or (k if k is not None else _UNSET[group_by]) for k in keys}


def _overdue_expr(today: date) -> Any:
    """`lapor_core.compliance.OVERDUE_DEADLINE` as an SQL CASE (1 overdue, else 0)."""
    r = Report.__table__.c
    today_p = sa.bindparam("today", today, type_=sa.Date)
    whens = [
        (sa.and_(r.status == st.value, r[column] < today_p), 1)
        for st, column in OVERDUE_DEADLINE.items()
    ]
    return sa.case(*whens, else_=0)


#: the overdue rule as SQL, for other modules counting reports (the centre's aggregates)
overdue_expr = _overdue_expr


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The submission times [lo, hi) of reports submitted from `start` to `end` (WIT dates)."""
    lo = datetime.combine(start, time.min, MIMIKA_TZ)
    return lo, datetime.combine(end + timedelta(days=1), time.min, MIMIKA_TZ)


def _answer_pairs(s: Session, key: Any, period: Any, dialect: str) -> list[Any]:
    """(group key, start day, first answer day or None, reports) of every report at an OPD."""
    r = Report.__table__.c
    e = ReportEvent.__table__.c
    at_agency = sa.and_(period, r.status.in_(values(AGENCY_STATUSES)), r.agency_code.is_not(None))
    start = (
        sa.select(e.report_id, sa.func.max(e.id).label("start_id"))
        .select_from(ReportEvent.__table__.join(Report.__table__, r.id == e.report_id))
        .where(e.kind.in_(START_KINDS), at_agency)
        .group_by(e.report_id)
        .subquery("start")
    )
    first = (
        sa.select(start.c.report_id, sa.func.min(e.id).label("answer_id"))
        .select_from(
            start.join(
                ReportEvent.__table__,
                sa.and_(
                    e.report_id == start.c.report_id,
                    e.kind == ANSWER_KIND,
                    e.id > start.c.start_id,
                ),
            )
        )
        .group_by(start.c.report_id)
        .subquery("first")
    )
    started = aliased(ReportEvent, name="started")
    answer = aliased(ReportEvent, name="answer")
    start_day = _local_day(started.created_at, dialect).label("d")
    answer_day = _local_day(sa.func.coalesce(answer.written_at, answer.created_at), dialect)
    answer_day = answer_day.label("a")
    return s.execute(
        sa.select(key, start_day, answer_day, sa.func.count())
        .select_from(Report.__table__)
        .join(start, start.c.report_id == r.id)
        .join(started, started.id == start.c.start_id)
        .outerjoin(first, first.c.report_id == r.id)
        .outerjoin(answer, answer.id == first.c.answer_id)
        .group_by(key, start_day, answer_day)
    ).all()


def compute(
    s: Session,
    *,
    group_by: str,
    start: date,
    end: date,
    today: date,
    calendar: WorkingCalendar,
) -> tuple[list[Group], Group]:
    """The groups (sorted for display) and the totals of reports submitted from `start` to `end`
    (dates in WIT), as of `today`."""
    dialect = s.get_bind().dialect.name
    r = Report.__table__.c
    lo, hi = period_bounds(start, end)
    period = sa.and_(r.submitted_at >= lo, r.submitted_at < hi)
    key = _key_expr(group_by, dialect).label("key")
    counts = s.execute(
        sa.select(
            key,
            r.status,
            sa.func.count(),
            sa.func.coalesce(sa.func.sum(_overdue_expr(today)), 0),
        )
        .where(period)
        .group_by(key, r.status)
    ).all()
    pairs = _answer_pairs(s, key, period, dialect)

    between = shared_between(calendar)
    groups: dict[str | None, Group] = {}
    totals = Group("all", "Semua", answers=ComplianceTally(today, calendar, between=between))

    def group(k: str | None) -> Group:
        if k not in groups:
            groups[k] = Group(k, answers=ComplianceTally(today, calendar, between=between))
        return groups[k]

    for k, status, n, late in counts:
        g = group(k)
        g.total += n
        g.by_status[status] = g.by_status.get(status, 0) + n
        g.overdue += int(late or 0)
    for k, d_raw, a_raw, n in pairs:
        started_on = _as_date(d_raw)
        if started_on is not None:
            group(k).answers.add(started_on, _as_date(a_raw), n)  # type: ignore[union-attr]

    labels = _labels(s, group_by, list(groups))
    for k, g in groups.items():
        g.label = labels[k]
        totals.total += g.total
        totals.overdue += g.overdue
        for st, n in g.by_status.items():
            totals.by_status[st] = totals.by_status.get(st, 0) + n
        totals.answers.merge(g.answers)  # type: ignore[union-attr, arg-type]

    rows = list(groups.values())
    if group_by == "month":
        rows.sort(key=lambda x: x.key or "")
    elif group_by == "status":
        rows.sort(key=lambda x: _STATUS_ORDER.index(x.key) if x.key in _STATUS_ORDER else 99)
    else:
        rows.sort(key=lambda x: (x.key is None, -x.total, x.label))
    return rows, totals
