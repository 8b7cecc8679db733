"""Akai Meno's public view, `/publik`: the non-secret reports and their status, a list with
filters and pages, per-distrik counts and a map (docs/akai-meno.md, "Public view").

What it shows is exactly what Open311 already publishes, read through Open311's own code
(`routers.open311.queries`): its row query (secret reports are never part of it, the public text
is the coordinator's redaction where there is one), its `published` rule (only reports that went
through verification) and its conversion to a `ServiceRequest` (no reporter field exists there).
The page adds only the workflow stage, which every report's public conversation names anyway
(`servicerequestupdates`). No reporter data is read by this module.

Everything works without script: the filters are a GET form, pages are links, and the map is an
SVG drawn here from the distrik boundaries the server ships (each distrik a link that filters the
list); the counts table below it carries the same figures for screen readers and text browsers.
"""

from __future__ import annotations

import json
import math
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache
from typing import Any
from urllib.parse import urlencode

import sqlalchemy as sa
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from lapor_core.calendar import MIMIKA_TZ
from lapor_core.workflow import LABELS_ID, Status
from lapor_server.db import Database
from lapor_server.deps import Db
from lapor_server.models import Category, District, FeedCounter, Report, ServerMeta
from lapor_server.routers.open311 import queries
from lapor_server.routers.open311.schemas import CLOSED_STATUSES
from lapor_server.web import assets
from lapor_server.web.i18n import Lang, lang_of
from lapor_server.web.public_messages import STATUS_EN
from lapor_server.web.render import page

router = APIRouter()

PAGE_SIZE = 20
#: status filter values of the form -> the Open311 statuses they select
STATUS_FILTERS = {"terbuka": "open", "selesai": "closed"}
#: the map's drawing width in SVG units (it scales to the screen)
MAP_WIDTH = 640.0
#: colour classes of the map (0: no report; 1..LEVELS-1 by share of the busiest distrik)
LEVELS = 5

_MONTHS = {
    "id": "Jan Feb Mar Apr Mei Jun Jul Agu Sep Okt Nov Des".split(),
    "en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(),
}


@dataclass(frozen=True, slots=True)
class Filters:
    """The visitor's choice; values that name nothing known are dropped (never an error)."""

    status: str = ""
    category: str = ""
    district: str = ""
    page: int = 1

    def link(self, lang: Lang, **change: Any) -> str:
        """`/publik?...` for these filters with `change` applied (page 1 and empty omitted)."""
        chosen = replace(self, **change)
        params = {
            "status": chosen.status,
            "kategori": chosen.category,
            "distrik": chosen.district,
            "hal": str(chosen.page) if chosen.page > 1 else "",
        }
        if lang.explicit:
            params["lang"] = lang.code
        query = urlencode({k: v for k, v in params.items() if v})
        return f"/publik?{query}" if query else "/publik"


def read_filters(request: Request, categories: set[str], districts: set[str]) -> Filters:
    q = request.query_params
    status = q.get("status", "")
    category = q.get("kategori", "")
    district = q.get("distrik", "")
    try:
        number = int(q.get("hal", "1"))
    except ValueError:
        number = 1
    return Filters(
        status=status if status in STATUS_FILTERS else "",
        category=category if category in categories else "",
        district=district if district in districts else "",
        page=min(max(number, 1), 1_000_000),
    )


def _visible() -> list[Any]:
    """Open311's own conditions for a listed report: not secret (its row query's WHERE) and
    published (went through verification)."""
    r = Report.__table__.c
    return [queries._select().whereclause, queries.published(r)]


def _chosen(f: Filters, *, district: bool = True) -> list[Any]:
    r = Report.__table__.c
    out = []
    if f.status == "terbuka":
        out.append(r.status.not_in(CLOSED_STATUSES))
    elif f.status == "selesai":
        out.append(r.status.in_(CLOSED_STATUSES))
    if f.category:
        out.append(r.category_code == f.category)
    if district and f.district:
        out.append(r.district_code == f.district)
    return out


def district_counts(db: Database, f: Filters) -> dict[str, int]:
    """Listed reports per distrik code under the status and category filters (not the distrik
    filter: the map shows every distrik); "" counts the reports that name no distrik."""
    r = Report.__table__.c
    query = (
        sa.select(r.district_code, sa.func.count())
        .where(*_visible(), *_chosen(f, district=False))
        .group_by(r.district_code)
    )
    with db.read() as s:
        return {code or "": n for code, n in s.execute(query).all()}


@dataclass(frozen=True, slots=True)
class Item:
    """One listed report: Open311's public record of it, and its stage."""

    request: Any  # schemas.ServiceRequest
    stage: Status
    answer: str | None  # the latest public answer (Open311's status_notes when there is one)


def matching(counts: dict[str, int], f: Filters) -> int:
    """How many reports the list holds: the per-distrik counts already cover the status and
    category filters, so no second pass over the reports is needed."""
    return counts.get(f.district, 0) if f.district else sum(counts.values())


def find(db: Database, f: Filters, total: int) -> list[Item]:
    """The items of page `f.page` (of `total` matching reports), newest first."""
    if (f.page - 1) * PAGE_SIZE >= total:
        return []
    r = Report.__table__.c
    with db.read() as s:
        # The page's ids first, from the reports table alone: Open311's row query computes its
        # latest-answer subqueries for every row it sorts (1.3 s at 100k reports, 0.1 s so).
        page_ids = s.scalars(
            sa.select(r.tracking_id)
            .where(*_visible(), *_chosen(f))
            .order_by(r.submitted_at.desc(), r.tracking_id)
            .limit(PAGE_SIZE)
            .offset((f.page - 1) * PAGE_SIZE)
        ).all()
        rows = s.execute(queries._select().where(r.tracking_id.in_(page_ids))).all()
    place = {tid: i for i, tid in enumerate(page_ids)}
    items = []
    for row in sorted(rows, key=lambda row: place[row.tracking_id]):
        req = queries._to_request(row)
        items.append(Item(req, Status(row.status), req.status_notes if row.answer else None))
    return items


# --- answers kept between changes ------------------------------------------------------------
#
# The page is public and needs no account, so anyone can ask for it as often as they like; the
# counts are a grouped pass over every published report (0.6–1 s at 100k reports). Every change of
# a report moves the feed counter (`lapor_server.reports.next_seq`), so what the page read under
# one counter value stays true until it moves: repeated views, and a flood of them, cost one
# indexed read each. Per process, bounded.

_KEPT_MAX = 256
_kept: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_kept_lock = threading.Lock()


def feed_state(db: Database) -> tuple[str, str, int]:
    """(database, feed epoch, feed counter): changes whenever any report does."""
    with db.read() as s:
        epoch = s.scalar(sa.select(ServerMeta.value).where(ServerMeta.key == "epoch")) or ""
        counter = s.scalar(sa.select(FeedCounter.value).where(FeedCounter.id == 1)) or 0
    return str(db.url), epoch, counter


def kept(key: tuple[Any, ...], compute: Any) -> Any:
    """`compute()` for `key`, or its answer from an earlier call with the same key."""
    with _kept_lock:
        if key in _kept:
            _kept.move_to_end(key)
            return _kept[key]
    value = compute()
    with _kept_lock:
        _kept[key] = value
        while len(_kept) > _KEPT_MAX:
            _kept.popitem(last=False)
    return value


# --- the map ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Shape:
    geo_name: str
    d: str  # SVG path data


@cache
def shapes() -> tuple[float, tuple[Shape, ...]]:
    """(height, one SVG path per distrik) of the boundaries, MAP_WIDTH units wide."""
    path = assets._path("distrik.json")
    if path is None:
        return 0.0, ()
    features = json.loads(path.read_bytes())["features"]
    rings: list[tuple[str, list[list[list[float]]]]] = []
    for feature in features:
        geometry = feature["geometry"]
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        rings.append((feature["properties"]["distrik"], [ring for p in polygons for ring in p]))
    points = [pt for _, rs in rings for ring in rs for pt in ring]
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    # Equirectangular, shrunk east-west by cos(latitude): true shapes this close to the equator.
    kx = math.cos(math.radians((south + north) / 2))
    scale = MAP_WIDTH / ((east - west) * kx)
    height = round((north - south) * scale, 1)

    def xy(pt: list[float]) -> str:
        return f"{(pt[0] - west) * kx * scale:.1f} {(north - pt[1]) * scale:.1f}"

    out = []
    for name, rs in rings:
        d = "".join("M" + "L".join(xy(pt) for pt in ring) + "Z" for ring in rs)
        out.append(Shape(name, d))
    return height, tuple(out)


def level(count: int, busiest: int) -> int:
    if count <= 0 or busiest <= 0:
        return 0
    return max(1, math.ceil((LEVELS - 1) * count / busiest))


# --- the page --------------------------------------------------------------------------------


def when(iso: str | None, lang: Lang) -> str:
    if not iso:
        return ""
    t = datetime.fromisoformat(iso).astimezone(MIMIKA_TZ)
    return f"{t.day} {_MONTHS[lang.code][t.month - 1]} {t.year} {t:%H.%M} WIT"


def stage_label(stage: Status, lang: Lang) -> str:
    return LABELS_ID[stage] if lang.code == "id" else STATUS_EN[stage]


@router.get("/publik", response_class=HTMLResponse)
def public_reports(request: Request, db: Db) -> HTMLResponse:
    lang = lang_of(request)
    with db.read() as s:
        categories = s.execute(
            sa.select(Category.code, Category.name).order_by(Category.name)
        ).all()
        districts = s.execute(
            sa.select(District.code, District.name, District.geo_name).order_by(District.name)
        ).all()
    f = read_filters(request, {c.code for c in categories}, {d.code for d in districts})
    state = feed_state(db)
    counts = kept((*state, "counts", f.status, f.category), lambda: district_counts(db, f))
    total = matching(counts, f)
    items = kept((*state, "items", f, total, PAGE_SIZE), lambda: find(db, f, total))
    pages = max(1, math.ceil(total / PAGE_SIZE))
    busiest = max((n for code, n in counts.items() if code), default=0)
    by_geo = {(d.geo_name or d.name): d for d in districts}
    height, paths = shapes()
    regions = [
        {
            "d": sh.d,
            "code": by_geo[sh.geo_name].code if sh.geo_name in by_geo else "",
            "name": sh.geo_name,
            "count": counts.get(by_geo[sh.geo_name].code, 0) if sh.geo_name in by_geo else 0,
        }
        for sh in paths
    ]
    for region in regions:
        region["level"] = level(region["count"], busiest)
    return page(
        request,
        "public_list.html",
        lang=lang,
        f=f,
        categories=categories,
        districts=[
            {"code": d.code, "name": d.name, "count": counts.get(d.code, 0)} for d in districts
        ],
        counted=sum(counts.values()),
        unplaced=counts.get("", 0),
        total=total,
        items=items,
        pages=pages,
        regions=regions,
        map_size=(MAP_WIDTH, height),
        legend=legend(busiest),
        when=lambda iso: when(iso, lang),
        stage=lambda st: stage_label(st, lang),
    )


def legend(busiest: int) -> list[tuple[int, int, int]]:
    """(colour class, smallest count, largest count) of each class that can occur."""
    out = [(0, 0, 0)]
    for i in range(1, LEVELS):
        low = math.floor((i - 1) * busiest / (LEVELS - 1)) + 1
        high = math.floor(i * busiest / (LEVELS - 1))
        if low <= high:
            out.append((i, low, high))
    return out
