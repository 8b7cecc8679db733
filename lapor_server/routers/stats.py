"""`GET /api/v1/stats`: report counts and deadline compliance per distrik, category, OPD, status or
month — for coordinators, the leadership (pimpinan) and admins. No report text, no personal data.

This module only wires HTTP (parameters, roles, the answer's shape); the figures are computed by
`lapor_server.stats` with the shared rules of `lapor_core.compliance` — the same the desk
dashboard and the monthly recap use (docs/compliance.md). A report belongs to the period by its
submission date in Mimika (WIT).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from lapor_core.calendar import local_date
from lapor_server import reports as rep
from lapor_server import stats as figures
from lapor_server.deps import Db, Now, StatsReader
from lapor_server.errors import Problem
from lapor_server.stats import Group

router = APIRouter(prefix="/api/v1", tags=["stats"])

GroupBy = Literal["district", "category", "agency", "status", "month"]  # stats.GROUPS
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


def _row(g: Group) -> StatsRow:
    c = g.compliance
    return StatsRow(
        key=g.key,
        label=g.label,
        total=g.total,
        by_status=g.by_status,
        responded=c.answered,
        responded_within_5=c.within,
        measurable=c.measurable,
        overdue_open=g.overdue,
        median_working_days_to_first_response=c.median_days,
    )


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
        groups, totals = figures.compute(
            s,
            group_by=group_by,
            start=start,
            end=end,
            today=today,
            calendar=rep.load_calendar(s),
        )
    return Stats(
        group_by=group_by,
        from_=start,
        to=end,
        today=today,
        rows=[_row(g) for g in groups],
        totals=_row(totals),
    )
