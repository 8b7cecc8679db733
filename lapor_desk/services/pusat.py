"""The centre's figures for the desk (no Qt): the national map, a region's distrik, trends, the
ranking and the national recap of a `pusat` account, and a region's national standing for its
coordinators (docs/pusat.md).

Everything is read online from the server the account belongs to (`/api/v1/centre/…`, or
`/api/v1/standing` on a regional server); nothing is stored on the desk: it is aggregate data
that the centre holds, and the desk of a centre account has no reports to sync.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from lapor_desk.errors import AuthError
from lapor_desk.services.exports import ExportFormat, export_rows

MEASURES = ("volume", "overdue", "compliance", "satisfaction")
#: the recap's columns, in Indonesian (the file may be forwarded)
RECAP_HEADERS = (
    "Kode",
    "Kabupaten/Kota",
    "Laporan",
    "Terbuka",
    "Lewat tenggat",
    "Porsi lewat tenggat",
    "Dijawab",
    "Dijawab ≤ 5 hari kerja",
    "Terukur",
    "Porsi tepat waktu",
    "Penilaian",
    "Rata-rata penilaian",
)


@dataclass(frozen=True, slots=True)
class RegionFigure:
    code: str
    name: str
    total: int
    open: int
    overdue: int
    responded: int
    within: int
    measurable: int
    ratings: int
    rating_sum: int
    months: int
    overdue_share: float | None
    within_share: float | None
    satisfaction: float | None

    def value(self, measure: str) -> float | None:
        if not self.months:
            return None  # sent nothing for these months: no data, not zero
        return {
            "volume": float(self.total),
            "overdue": self.overdue_share,
            "compliance": self.within_share,
            "satisfaction": self.satisfaction,
        }[measure]


def _figure(d: dict[str, Any]) -> RegionFigure:
    return RegionFigure(
        code=str(d["code"]),
        name=str(d["name"]),
        **{
            k: int(d.get(k) or 0)
            for k in (
                "total",
                "open",
                "overdue",
                "responded",
                "within",
                "measurable",
                "ratings",
                "rating_sum",
                "months",
            )
        },
        overdue_share=d.get("overdue_share"),
        within_share=d.get("within_share"),
        satisfaction=d.get("satisfaction"),
    )


@dataclass(frozen=True, slots=True)
class NationalMap:
    start: str
    end: str
    regions: tuple[RegionFigure, ...]
    national: RegionFigure

    def by_code(self) -> dict[str, RegionFigure]:
        return {r.code: r for r in self.regions}


@dataclass(frozen=True, slots=True)
class RankRow:
    rank: int
    of: int
    figure: RegionFigure
    value: float


@dataclass(frozen=True, slots=True)
class DistrictRow:
    code: str
    name: str
    total: int
    open: int
    overdue: int
    overdue_share: float | None


@dataclass(frozen=True, slots=True)
class OpdRow:
    """An OPD's figures in a region (`agency` "*": the OPDs merged by the disclosure rule)."""

    agency: str
    name: str
    total: int
    within_share: float | None
    satisfaction: float | None


@dataclass(frozen=True, slots=True)
class Drilldown:
    code: str
    name: str
    totals: RegionFigure
    districts: tuple[DistrictRow, ...]
    opd: tuple[OpdRow, ...] = ()


@dataclass(frozen=True, slots=True)
class MonthRow:
    period: str
    regions: int
    total: int
    overdue_share: float | None
    within_share: float | None
    satisfaction: float | None
    median_days: float | None


@dataclass(frozen=True, slots=True)
class Standing:
    region: str
    name: str
    regions: int
    #: measure -> (rank, of) or None
    ranks: dict[str, tuple[int, int] | None]


class PusatService:
    """Read the centre's figures through a transport from `client_factory` (None: logged out)."""

    def __init__(self, client_factory: Callable[[], Any]):
        self.client_factory = client_factory

    def _get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        client = self.client_factory()
        if client is None:
            raise AuthError("no device token (logged out)")
        with client:
            return client.get_json(path, {k: v for k, v in (params or {}).items() if v})

    def national_map(self, start: str | None = None, end: str | None = None) -> NationalMap:
        body = self._get("/api/v1/centre/map", {"from": start, "to": end})
        return NationalMap(
            body["from"],
            body["to"],
            tuple(_figure(r) for r in body["regions"]),
            _figure(body["national"]),
        )

    def ranking(self, data: NationalMap, measure: str) -> list[RankRow]:
        """The regions ranked by `measure`, best first (the centre's ranking rule, computed on
        the map already fetched: lower overdue share is better, ties share a rank)."""
        valued = [(r, r.value(measure)) for r in data.regions if r.value(measure) is not None]
        sign = 1 if measure == "overdue" else -1
        valued.sort(key=lambda rv: (sign * rv[1], rv[0].code))  # type: ignore[operator]
        rows: list[RankRow] = []
        for i, (region, value) in enumerate(valued):
            rank = rows[-1].rank if rows and rows[-1].value == value else i + 1
            rows.append(RankRow(rank, len(valued), region, float(value)))  # type: ignore[arg-type]
        return rows

    def districts(self, code: str, start: str | None, end: str | None) -> Drilldown:
        body = self._get(f"/api/v1/centre/regions/{code}/districts", {"from": start, "to": end})
        totals = _figure({**body["totals"], "code": code, "name": body["name"]})
        rows = tuple(
            DistrictRow(
                str(d["code"]),
                str(d["name"]),
                int(d["total"]),
                int(d["open"]),
                int(d["overdue"]),
                d.get("overdue_share"),
            )
            for d in body["districts"]
        )
        opd = tuple(
            OpdRow(
                str(o["agency"]),
                str(o["name"]),
                int(o["total"]),
                o.get("within_share"),
                o.get("satisfaction"),
            )
            for o in body.get("opd") or []
        )
        return Drilldown(code, str(body["name"]), totals, rows, opd)

    def trends(
        self, start: str | None, end: str | None, region: str | None = None
    ) -> list[MonthRow]:
        body = self._get("/api/v1/centre/trends", {"from": start, "to": end, "region": region})
        return [
            MonthRow(
                m["period"],
                int(m["regions"]),
                int(m["total"]),
                m.get("overdue_share"),
                m.get("within_share"),
                m.get("satisfaction"),
                m.get("median_days"),
            )
            for m in body["months"]
        ]

    def standing(self, start: str | None = None, end: str | None = None) -> Standing:
        """This region's national standing, through its own server (a coordinator's desk)."""
        body = self._get("/api/v1/standing", {"from": start, "to": end})
        ranks = {
            m: ((int(v["rank"]), int(v["of"])) if v else None)
            for m, v in (body.get("standing") or {}).items()
        }
        return Standing(str(body["region"]), str(body["name"]), int(body["regions"]), ranks)


def recap_rows(data: NationalMap) -> Iterator[tuple]:
    for r in data.regions:
        yield (
            r.code,
            r.name,
            r.total,
            r.open,
            r.overdue,
            _round(r.overdue_share),
            r.responded,
            r.within,
            r.measurable,
            _round(r.within_share),
            r.ratings,
            _round(r.satisfaction),
        )


def _round(value: float | None) -> float | str:
    return "" if value is None else round(value, 3)


def export_recap(data: NationalMap, path: str | os.PathLike, fmt: ExportFormat | str) -> int:
    """The national recap (one row per kabupaten/kota) as CSV or XLSX; rows written."""
    return export_rows(
        recap_rows(data),
        path,
        fmt,
        total=len(data.regions),
        title=f"Rekap nasional {data.start}–{data.end}",
        headers=RECAP_HEADERS,
    )
