"""A regional server's privacy-safe aggregate of one month, as the centre receives it.

What leaves the region (docs/pusat.md, "What a region sends"): counts of the reports submitted in
the month (WIT) by category × distrik × status × channel with their overdue count, after the
disclosure rule (`disclosure.merge_small_cells`); the month's compliance figures of the region
and per OPD, counted by `lapor_server.stats` with the one definition of `lapor_core.compliance`;
satisfaction ratings per OPD where `disclosure.publishable_ratings` allows; and the names of the
codes it uses. Never a report's text, id, tracking number, reporter, address, village or
coordinates: the query below reads none of those columns.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.orm import Session

from lapor_core.calendar import WorkingCalendar
from lapor_server import stats
from lapor_server.models import Agency, Category, District, Report, ReportEvent
from lapor_server.pusat.disclosure import (
    ANY,
    DEFAULT_THRESHOLD,
    Count,
    Ratings,
    merge_small_cells,
    publishable_ratings,
)

FORMAT = 1
#: shown for a code the region has not set (a report not yet given a distrik or category)
UNSET = "-"


def month_bounds(period: str) -> tuple[date, date]:
    """The first and last day of a month written `YYYY-MM`."""
    year, month = (int(p) for p in period.split("-"))
    first = date(year, month, 1)
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def months_back(today: date, count: int) -> list[str]:
    """The `count` months up to and including today's, oldest first (`YYYY-MM`)."""
    out = []
    year, month = today.year, today.month
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return out[::-1]


def _raw_cells(s: Session, start: date, end: date, today: date) -> dict[tuple, Count]:
    r = Report.__table__.c
    lo, hi = stats.period_bounds(start, end)
    rows = s.execute(
        sa.select(
            r.category_code,
            r.district_code,
            r.status,
            r.channel,
            sa.func.count(),
            sa.func.coalesce(sa.func.sum(stats.overdue_expr(today)), 0),
        )
        .where(r.submitted_at >= lo, r.submitted_at < hi)
        .group_by(r.category_code, r.district_code, r.status, r.channel)
    ).all()
    return {
        (cat or UNSET, dist or UNSET, status, channel or UNSET): Count(int(n), int(late))
        for cat, dist, status, channel, n, late in rows
    }


def _ratings(s: Session, start: date, end: date) -> dict[str, Ratings]:
    """Ratings of the month's reports per rated OPD (a rating event carries the OPD)."""
    r = Report.__table__.c
    e = ReportEvent.__table__.c
    lo, hi = stats.period_bounds(start, end)
    rows = s.execute(
        sa.select(e.agency_code, e.data)
        .select_from(ReportEvent.__table__.join(Report.__table__, r.id == e.report_id))
        .where(e.kind == "rating", r.submitted_at >= lo, r.submitted_at < hi)
    ).all()
    count: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    for agency, data in rows:
        score = (data or {}).get("score")
        if agency and isinstance(score, int) and 1 <= score <= 5:
            count[agency] += 1
            total[agency] += score
    return {a: Ratings(count[a], total[a]) for a in count}


def _compliance(g: stats.Group) -> dict[str, Any]:
    c = g.compliance
    return {
        "total": g.total,
        "overdue": g.overdue,
        "responded": c.answered,
        "within": c.within,
        "measurable": c.measurable,
        "median_days": c.median_days,
    }


def build(
    s: Session,
    *,
    region: str,
    period: str,
    today: date,
    calendar: WorkingCalendar,
    threshold: int = DEFAULT_THRESHOLD,
) -> dict[str, Any]:
    """The month's aggregate as a JSON-ready dict (without version and signature)."""
    start, end = month_bounds(period)
    cells = merge_small_cells(_raw_cells(s, start, end, today), threshold)
    agencies, totals = stats.compute(
        s, group_by="agency", start=start, end=end, today=today, calendar=calendar
    )
    days = totals.answers.days if totals.answers else {}
    opd_rows = [g for g in agencies if g.key is not None]
    shown = [g for g in opd_rows if g.total >= threshold]
    rest = [g for g in opd_rows if g.total < threshold]
    ratings, region_ratings = publishable_ratings(_ratings(s, start, end), threshold)
    opd = []
    for g in shown:
        row = {"agency": g.key, **_compliance(g)}
        rated = ratings.get(g.key or "")
        row["ratings"] = rated.count if rated else None
        row["rating_sum"] = rated.total if rated else None
        opd.append(row)
    if rest:
        # OPDs with fewer reports than the threshold: one merged row, its median left out
        figures = [_compliance(g) for g in rest]
        merged = {k: sum(f[k] for f in figures) for k in ("total", "overdue", "responded")}
        merged.update({k: sum(f[k] for f in figures) for k in ("within", "measurable")})
        opd.append({"agency": ANY, **merged, "median_days": None})
        opd[-1].update({"ratings": None, "rating_sum": None})
    labels = {
        "district": _names(s, District, {k[1] for k in cells}),
        "category": _names(s, Category, {k[0] for k in cells}),
        "agency": _names(s, Agency, {g.key for g in shown if g.key}),
    }
    return {
        "format": FORMAT,
        "region": region,
        "period": period,
        "as_of": today.isoformat(),
        "threshold": threshold,
        "cells": [
            {
                "category": k[0],
                "district": k[1],
                "status": k[2],
                "channel": k[3],
                "n": c.n,
                "overdue": c.overdue,
            }
            for k, c in sorted(cells.items())
        ],
        "totals": {
            **_compliance(totals),
            "by_status": {k: v for k, v in totals.by_status.items() if v},
            "days": {str(d): n for d, n in sorted(days.items())},
            "ratings": region_ratings.count if region_ratings else 0,
            "rating_sum": region_ratings.total if region_ratings else 0,
        },
        "opd": opd,
        "labels": labels,
    }


def _names(s: Session, model: Any, codes: set[str]) -> dict[str, str]:
    wanted = sorted(c for c in codes if c not in (ANY, UNSET))
    if not wanted:
        return {}
    return dict(s.execute(sa.select(model.code, model.name).where(model.code.in_(wanted))).all())


def content_hash(body: dict[str, Any]) -> str:
    """The SHA-256 of what the aggregate says (its day of computing left out), so the same
    figures computed on another day are the same version."""
    keep = {k: v for k, v in body.items() if k not in ("as_of", "version", "sent_at")}
    return hashlib.sha256(orjson.dumps(keep, option=orjson.OPT_SORT_KEYS)).hexdigest()
