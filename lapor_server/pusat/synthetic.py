"""Generated aggregates of many regions and months, for the bench, the desk's tests and
screenshots (docs/pusat.md, "Scale"): deterministic for a seed, shaped like what a region sends
(the disclosure rule applied, totals equal to the cells), with region sizes that vary a lot as
Indonesia's do.

    bodies = list(synthetic.aggregates(regions, months, seed=1))   # one per (region, month)
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import Any

from lapor_core.workflow import OPEN_STATUSES, STATUS_ORDER, values
from lapor_server.pusat.aggregate import FORMAT
from lapor_server.pusat.disclosure import DEFAULT_THRESHOLD, Count, merge_small_cells

CATEGORIES = (
    "infrastruktur",
    "kesehatan",
    "pendidikan",
    "air_bersih",
    "kependudukan",
    "lingkungan",
    "keamanan",
    "pungli",
    "listrik",
    "sosial",
)
CHANNELS = ("web", "sms", "whatsapp", "mobile", "loket")
OPDS = (
    ("dinas_pupr", "Dinas Pekerjaan Umum dan Penataan Ruang"),
    ("dinkes", "Dinas Kesehatan"),
    ("disdik", "Dinas Pendidikan"),
    ("dukcapil", "Dinas Kependudukan dan Pencatatan Sipil"),
    ("dlh", "Dinas Lingkungan Hidup"),
    ("dinsos", "Dinas Sosial"),
)
_STATUSES = values(STATUS_ORDER)
_OPEN = set(values(OPEN_STATUSES))


def months_between(first: str, count: int) -> list[str]:
    year, month = (int(p) for p in first.split("-"))
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _region_body(
    rng: random.Random,
    code: str,
    period: str,
    size: float,
    districts: Sequence[tuple[str, str]],
    as_of: date,
) -> dict[str, Any]:
    reports = max(0, int(rng.gauss(size, size * 0.15)))
    raw: dict[tuple[str, str, str, str], list[int]] = {}
    # overdue: only open reports can be; a region has its own habits
    late_rate = rng.uniform(0.05, 0.6)
    for _ in range(reports):
        key = (
            rng.choices(CATEGORIES, weights=(30, 12, 10, 10, 8, 8, 5, 3, 8, 6))[0],
            districts[min(len(districts) - 1, int(rng.paretovariate(1.2)) - 1)][0],
            rng.choices(_STATUSES, weights=(6, 4, 10, 12, 3, 55, 10))[0],
            rng.choices(CHANNELS, weights=(40, 15, 30, 10, 5))[0],
        )
        cell = raw.setdefault(key, [0, 0])
        cell[0] += 1
        if key[2] in _OPEN and rng.random() < late_rate:
            cell[1] += 1
    cells = merge_small_cells({k: Count(n, o) for k, (n, o) in raw.items()}, DEFAULT_THRESHOLD)
    by_status: dict[str, int] = {}
    for (_, _, status, _), c in cells.items():
        by_status[status] = by_status.get(status, 0) + c.n
    at_agency = reports - by_status.get("unverified", 0) - by_status.get("verified", 0)
    responded = int(at_agency * rng.uniform(0.5, 0.95))
    within = int(responded * rng.uniform(0.3, 0.95))
    ratings = int(responded * rng.uniform(0.0, 0.3))
    ratings = ratings if ratings >= DEFAULT_THRESHOLD else 0
    days: dict[str, int] = {}
    for _ in range(responded):
        d = str(min(30, int(rng.expovariate(0.25))))
        days[d] = days.get(d, 0) + 1
    # the OPDs share the answered reports; the smallest ones merged as the rule does
    opd, left = [], at_agency
    answered_left, within_left = responded, within
    for i, (agency, _) in enumerate(OPDS):
        share = left if i == len(OPDS) - 1 else int(left * rng.uniform(0.2, 0.5))
        left -= share
        ans = min(answered_left, int(share * responded / max(1, at_agency)))
        inside = min(within_left, int(ans * rng.uniform(0.4, 1.0)))
        answered_left -= ans
        within_left -= inside
        rated = int(ans * 0.2) if ans * 0.2 >= DEFAULT_THRESHOLD else 0
        opd.append(
            {
                "agency": agency if share >= DEFAULT_THRESHOLD else "*",
                "total": share,
                "overdue": 0,
                "responded": ans,
                "within": inside,
                "measurable": ans,
                "median_days": None,
                "ratings": rated or None,
                "rating_sum": int(rated * rng.uniform(2.5, 4.7)) if rated else None,
            }
        )
    return {
        "format": FORMAT,
        "region": code,
        "period": period,
        "version": 1,
        "as_of": as_of.isoformat(),
        "threshold": DEFAULT_THRESHOLD,
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
            "total": reports,
            "overdue": sum(c.overdue for c in cells.values()),
            "responded": responded,
            "within": within,
            "measurable": max(responded, int(at_agency * 0.97)),
            "median_days": None,
            "by_status": by_status,
            "days": days,
            "ratings": ratings,
            "rating_sum": int(ratings * rng.uniform(2.4, 4.6)),
        },
        "opd": [o for o in opd if o["total"]],
        "labels": {"district": dict(districts), "agency": dict(OPDS)},
    }


def aggregates(
    regions: Sequence[str],
    months: Sequence[str],
    *,
    seed: int = 1,
    as_of: date | None = None,
    scale: float = 1.0,
    districts_of: Mapping[str, Sequence[tuple[str, str]]] | None = None,
    size_of: Mapping[str, float] | None = None,
) -> Iterator[dict[str, Any]]:
    """One aggregate per region and month (regions in order, months in order within each);
    `districts_of` gives a region its real distrik (code, name), biggest first; `size_of` its
    mean reports a month."""
    rng = random.Random(seed)
    as_of = as_of or date.today()
    for code in regions:
        # a few big cities, many small kabupaten: monthly volumes from ~5 to ~600
        size = min(600.0, 4.0 * rng.paretovariate(1.1)) * scale
        size = (size_of or {}).get(code, size)
        count = rng.randint(5, 25)
        districts = (districts_of or {}).get(code) or [
            (f"{code}.d{i:02d}", f"Distrik {i + 1}") for i in range(count)
        ]
        for period in months:
            yield _region_body(rng, code, period, size, districts, as_of)
