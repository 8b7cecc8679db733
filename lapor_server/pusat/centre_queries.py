"""The centre's figures for the map: per region, a region's distrik, trends, ranking, standing.

Every figure is a sum of what the regions published (their months' totals and published cells),
never anything finer, so no answer of the centre can uncover a merged cell (docs/pusat.md). A
range of months adds the months up; shares are computed from the sums:

- `volume`: reports submitted in the months;
- `overdue`: overdue share of the open reports (lower is better);
- `compliance`: share answered within 5 working days of the measurable ones (lapor_core.compliance);
- `satisfaction`: mean rating (1–5) of the published ratings.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from lapor_core.compliance import median
from lapor_core.workflow import OPEN_STATUSES, values
from lapor_server.pusat.disclosure import ANY
from lapor_server.pusat.tables import CentreCell, CentrePeriod, CentreRegion

MEASURES = ("volume", "overdue", "compliance", "satisfaction")
#: for the ranking: whether a higher value is better
HIGHER_IS_BETTER = {"volume": True, "overdue": False, "compliance": True, "satisfaction": True}
_OPEN = values(OPEN_STATUSES)


@dataclass(slots=True)
class Figures:
    code: str
    name: str
    total: int = 0
    open: int = 0
    overdue: int = 0
    responded: int = 0
    within: int = 0
    measurable: int = 0
    ratings: int = 0
    rating_sum: int = 0
    months: int = 0

    def value(self, measure: str) -> float | None:
        if measure == "volume":
            return float(self.total)
        if measure == "overdue":
            return self.overdue / self.open if self.open else None
        if measure == "compliance":
            return self.within / self.measurable if self.measurable else None
        if measure == "satisfaction":
            return self.rating_sum / self.ratings if self.ratings else None
        raise ValueError(measure)

    def as_dict(self, measure: str | None = None) -> dict[str, Any]:
        out = asdict(self)
        out["overdue_share"] = self.value("overdue")
        out["within_share"] = self.value("compliance")
        out["satisfaction"] = self.value("satisfaction")
        if measure:
            out["value"] = self.value(measure)
        return out


_SUMS = ("total", "open", "overdue", "responded", "within", "measurable", "ratings", "rating_sum")


def by_region(s: Session, start: str, end: str) -> list[Figures]:
    """Every registered region's figures for the months `start`..`end` (none sent: zeros, and
    `months` = 0, which the map shows as "no data")."""
    p = CentrePeriod.__table__.c
    rows = s.execute(
        sa.select(
            p.region_code,
            *(sa.func.sum(p[c]) for c in _SUMS),
            sa.func.count(),
        )
        .where(p.period >= start, p.period <= end)
        .group_by(p.region_code)
    ).all()
    sums = {r[0]: r[1:] for r in rows}
    out = []
    for code, name in s.execute(sa.select(CentreRegion.code, CentreRegion.name).order_by("code")):
        f = Figures(code, name)
        if code in sums:
            *counts, months = sums[code]
            for field, v in zip(_SUMS, counts, strict=True):
                setattr(f, field, int(v or 0))
            f.months = int(months)
        out.append(f)
    return out


def national(figures: list[Figures]) -> Figures:
    total = Figures("*", "Nasional")
    for f in figures:
        for field in (*_SUMS, "months"):
            setattr(total, field, getattr(total, field) + getattr(f, field))
    return total


def ranking(figures: list[Figures], measure: str) -> list[dict[str, Any]]:
    """Regions with a value for `measure`, best first, with their rank (ties share a rank)."""
    valued = [(f, f.value(measure)) for f in figures if f.months and f.value(measure) is not None]
    sign = -1 if HIGHER_IS_BETTER[measure] else 1
    valued.sort(key=lambda fv: (sign * fv[1], fv[0].code))  # type: ignore[operator]
    out: list[dict[str, Any]] = []
    for i, (f, v) in enumerate(valued):
        rank = out[-1]["rank"] if out and out[-1]["value"] == v else i + 1
        out.append({"rank": rank, "of": len(valued), **f.as_dict(measure)})
    return out


def standing(figures: list[Figures], code: str) -> dict[str, Any]:
    """A region's rank among the regions for every measure (None: no value for it)."""
    out: dict[str, Any] = {}
    for measure in MEASURES:
        ranked = ranking(figures, measure)
        mine = next((r for r in ranked if r["code"] == code), None)
        out[measure] = (
            {"rank": mine["rank"], "of": mine["of"], "value": mine["value"]} if mine else None
        )
    return out


def districts(s: Session, code: str, start: str, end: str) -> dict[str, Any]:
    """A region's figures per distrik (sums of its published cells; merged distrik: `*`)."""
    c = CentreCell.__table__.c
    rows = s.execute(
        sa.select(
            c.district,
            sa.func.sum(c.n),
            sa.func.sum(c.overdue),
            sa.func.sum(sa.case((c.status.in_(_OPEN), c.n), else_=0)),
        )
        .where(c.region_code == code, c.period >= start, c.period <= end)
        .group_by(c.district)
    ).all()
    names: dict[str, str] = {}
    agencies: dict[str, str] = {}
    opd: dict[str, dict[str, Any]] = {}
    for labels, rows_opd in s.execute(
        sa.select(CentrePeriod.labels, CentrePeriod.opd).where(
            CentrePeriod.region_code == code,
            CentrePeriod.period >= start,
            CentrePeriod.period <= end,
        )
    ):
        names.update((labels or {}).get("district") or {})
        agencies.update((labels or {}).get("agency") or {})
        for row in rows_opd or []:
            _add_opd(opd, row)
    out = []
    for district, n, late, open_ in rows:
        share = int(late or 0) / int(open_) if open_ else None
        label = "(lain-lain, disamarkan)" if district == ANY else names.get(district, district)
        out.append(
            {
                "code": district,
                "name": label,
                "total": int(n or 0),
                "open": int(open_ or 0),
                "overdue": int(late or 0),
                "overdue_share": share,
            }
        )
    out.sort(key=lambda r: (r["code"] == ANY, -r["total"], r["name"]))
    opd_rows = []
    for agency, row in opd.items():
        name = "(OPD lain, digabung)" if agency == ANY else agencies.get(agency, agency)
        rated = row["ratings"]
        opd_rows.append(
            {
                "agency": agency,
                "name": name,
                **{k: row[k] for k in _OPD_SUMS},
                "within_share": row["within"] / row["measurable"] if row["measurable"] else None,
                "satisfaction": row["rating_sum"] / rated if rated else None,
            }
        )
    opd_rows.sort(key=lambda r: (r["agency"] == ANY, -r["total"], r["name"]))
    return {"region": code, "from": start, "to": end, "districts": out, "opd": opd_rows}


_OPD_SUMS = ("total", "overdue", "responded", "within", "measurable", "ratings", "rating_sum")


def _add_opd(into: dict[str, dict[str, Any]], row: dict[str, Any]) -> None:
    """Add one month's published OPD row (ratings only where that month published them)."""
    agency = str(row.get("agency") or ANY)
    acc = into.setdefault(agency, dict.fromkeys(_OPD_SUMS, 0))
    for k in ("total", "overdue", "responded", "within", "measurable"):
        acc[k] += int(row.get(k) or 0)
    if row.get("ratings"):
        acc["ratings"] += int(row["ratings"])
        acc["rating_sum"] += int(row.get("rating_sum") or 0)


def trends(s: Session, start: str, end: str, code: str | None = None) -> list[dict[str, Any]]:
    """Per month: the sums over every region (or one), the number of regions and the median
    working days to a first answer (from the regions' published histograms)."""
    p = CentrePeriod.__table__.c
    q = sa.select(p.period, *(p[c] for c in _SUMS), p.days).where(
        p.period >= start, p.period <= end
    )
    if code:
        q = q.where(p.region_code == code)
    months: dict[str, dict[str, Any]] = {}
    hist: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for row in s.execute(q):
        m = months.setdefault(row[0], {"period": row[0], "regions": 0, **dict.fromkeys(_SUMS, 0)})
        m["regions"] += 1
        for field, v in zip(_SUMS, row[1:-1], strict=True):
            m[field] += int(v or 0)
        for d, n in (row[-1] or {}).items():
            hist[row[0]][int(d)] += int(n)
    out = []
    for period in sorted(months):
        m = months[period]
        m["overdue_share"] = m["overdue"] / m["open"] if m["open"] else None
        m["within_share"] = m["within"] / m["measurable"] if m["measurable"] else None
        m["satisfaction"] = m["rating_sum"] / m["ratings"] if m["ratings"] else None
        m["median_days"] = median(hist[period])
        out.append(m)
    return out
