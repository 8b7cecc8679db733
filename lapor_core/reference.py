"""Mimika reference data: OPDs (agencies), distrik with their villages, LAPOR categories, labels.

The data ships as JSON inside the package (`lapor_core/data/`) so the server can seed it, the desk
can show it offline and tests can rely on it. `load_reference()` reads it once per process.
`as_wire()` is the body of `GET /api/v1/reference` (docs/api.md, Reference data), with a few
extra fields.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from lapor_core.workflow import LABELS_ID, Status


@dataclass(frozen=True, slots=True)
class Agency:
    code: str
    name: str
    short_name: str
    #: dinas, badan, distrik, bumd, setda, satuan, uptd
    kind: str = "dinas"
    #: for a distrik office: the code of its distrik
    district_code: str | None = None


@dataclass(frozen=True, slots=True)
class District:
    code: str
    name: str
    population: int
    villages: tuple[str, ...]
    #: the `distrik` property in resources/maps/mimika-distrik.geojson (the map joins on it)
    geo_name: str
    #: kota, pinggiran, pesisir or pedalaman (settlement type; the demo generator uses it)
    kind: str = "kota"
    #: (lon, lat) inside the distrik polygon, for a map label or bubble
    label_point: tuple[float, float] | None = None


@dataclass(frozen=True, slots=True)
class Category:
    code: str
    name: str
    #: the OPD the coordinator is offered first for this category
    default_agency: str
    #: relative frequency of the category in the demo data
    weight: float
    #: Open311 service group
    group: str = ""
    description: str = ""


@dataclass(frozen=True, slots=True)
class Label:
    """An Indonesian label for a fixed code (classification, channel, archive reason)."""

    code: str
    name: str


@dataclass(frozen=True)
class Reference:
    agencies: tuple[Agency, ...]
    districts: tuple[District, ...]
    categories: tuple[Category, ...]
    classifications: tuple[Label, ...]
    channels: tuple[Label, ...] = ()
    archive_reasons: tuple[Label, ...] = ()
    _agency: dict[str, Agency] = field(init=False, repr=False, compare=False)
    _district: dict[str, District] = field(init=False, repr=False, compare=False)
    _category: dict[str, Category] = field(init=False, repr=False, compare=False)
    _by_name: dict[str, District] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # frozen: the lookup tables are derived once here
        object.__setattr__(self, "_agency", {a.code: a for a in self.agencies})
        object.__setattr__(self, "_district", {d.code: d for d in self.districts})
        object.__setattr__(self, "_category", {c.code: c for c in self.categories})
        by_name: dict[str, District] = {}
        for d in self.districts:
            by_name[_norm(d.name)] = d
            by_name[_norm(d.geo_name)] = d
        object.__setattr__(self, "_by_name", by_name)

    def agency(self, code: str) -> Agency:
        """The agency with this code; KeyError if there is none."""
        return self._agency[code]

    def district(self, code: str) -> District:
        """The distrik with this code; KeyError if there is none."""
        return self._district[code]

    def category(self, code: str) -> Category:
        """The category with this code; KeyError if there is none."""
        return self._category[code]

    def district_by_name(self, name: str) -> District:
        """The distrik by its name or geojson name (case and spacing ignored); KeyError if none."""
        return self._by_name[_norm(name)]

    def district_office(self, district_code: str) -> Agency | None:
        """The distrik office (an OPD) of a distrik, if the reference has one."""
        return self._agency.get(f"distrik_{district_code}")

    def classification_label(self, code: str) -> str:
        return next(c.name for c in self.classifications if c.code == code)

    def as_wire(self) -> dict[str, Any]:
        """The body of `GET /api/v1/reference`: the contract's fields plus a few extra ones."""
        return {
            "agencies": [
                {
                    "code": a.code,
                    "name": a.name,
                    "short_name": a.short_name,
                    "kind": a.kind,
                    "district_code": a.district_code,
                }
                for a in self.agencies
            ],
            "districts": [
                {
                    "code": d.code,
                    "name": d.name,
                    "villages": list(d.villages),
                    "population": d.population,
                    "geo_name": d.geo_name,
                }
                for d in self.districts
            ],
            "categories": [
                {
                    "code": c.code,
                    "name": c.name,
                    "default_agency": c.default_agency,
                    "group": c.group,
                }
                for c in self.categories
            ],
            "classifications": [{"code": c.code, "name": c.name} for c in self.classifications],
            "statuses": [{"code": s.value, "name": LABELS_ID[s]} for s in Status],
            "channels": [{"code": c.code, "name": c.name} for c in self.channels],
            "archive_reasons": [{"code": c.code, "name": c.name} for c in self.archive_reasons],
        }


def _norm(name: str) -> str:
    return " ".join(name.split()).casefold()


def read_json(package: str, name: str) -> Any:
    """A JSON file shipped inside a package (works from a wheel or a frozen app too)."""
    return json.loads(resources.files(package).joinpath(name).read_text(encoding="utf-8"))


def _labels(rows: list[dict]) -> tuple[Label, ...]:
    return tuple(Label(r["code"], r["name"]) for r in rows)


@cache
def load_reference() -> Reference:
    """The Mimika reference data shipped with the package (read once, then cached)."""
    pkg = "lapor_core.data"
    agencies = tuple(
        Agency(a["code"], a["name"], a["short_name"], a.get("kind", "dinas"), a.get("district"))
        for a in read_json(pkg, "agencies.json")["agencies"]
    )
    districts = tuple(
        District(
            code=d["code"],
            name=d["name"],
            population=int(d["population"]),
            villages=tuple(d["villages"]),
            geo_name=d.get("geo_name", d["name"]),
            kind=d.get("kind", "kota"),
            label_point=tuple(d["label_point"]) if d.get("label_point") else None,
        )
        for d in read_json(pkg, "districts.json")["districts"]
    )
    categories = tuple(
        Category(
            c["code"],
            c["name"],
            c["default_agency"],
            float(c["weight"]),
            c.get("group", ""),
            c.get("description", ""),
        )
        for c in read_json(pkg, "categories.json")["categories"]
    )
    labels = read_json(pkg, "labels.json")
    return Reference(
        agencies=agencies,
        districts=districts,
        categories=categories,
        classifications=_labels(labels["classifications"]),
        channels=_labels(labels["channels"]),
        archive_reasons=_labels(labels["archive_reasons"]),
    )


def as_wire() -> dict[str, Any]:
    """`GET /api/v1/reference` body for the shipped reference data."""
    return load_reference().as_wire()
