"""The centre's API (`role = centre` only; docs/api.md, "Centre"): signed aggregates in, the
national map's figures out. Regions authenticate by their Ed25519 signature, people by a desk
token of a `pusat` (or admin) account; nobody here ever sees a report, only aggregates.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from lapor_core.calendar import local_date
from lapor_core.workflow import Role
from lapor_server.auth import AuthUser, authenticate
from lapor_server.deps import Db, Now
from lapor_server.errors import Problem
from lapor_server.pusat import centre, signing
from lapor_server.pusat import centre_queries as q
from lapor_server.pusat.aggregate import months_back

router = APIRouter(prefix="/api/v1/centre", tags=["centre"])
Measure = Literal["volume", "overdue", "compliance", "satisfaction"]
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_READERS = (Role.PUSAT, Role.ADMIN)


def _fail(exc: centre.CentreError) -> Problem:
    return Problem(exc.status, exc.reason.replace("_", "-"), str(exc), reason=exc.reason)


def _months(from_: str | None, to: str | None, now: datetime) -> tuple[str, str]:
    this = months_back(local_date(now), 1)[0]
    end = to or this
    start = from_ or end
    for value in (start, end):
        if not _MONTH.match(value):
            raise Problem(422, "validation-error", "months are written YYYY-MM", reason="period")
    if start > end:
        raise Problem(422, "validation-error", "'from' must not be after 'to'", reason="period")
    return start, end


@router.post(
    "/aggregates",
    status_code=200,
    summary="A region's signed monthly aggregate (idempotent per region, month and version)",
)
async def submit(request: Request, db: Db, now: Now) -> dict[str, Any]:
    raw = await request.body()
    region = request.headers.get(signing.REGION_HEADER)
    try:
        centre.authenticate(db, region, raw, request.headers.get(signing.SIGNATURE_HEADER), now)
        result = centre.ingest(db, raw, region or "", now)
    except centre.CentreError as exc:
        raise _fail(exc) from None
    return {"region": region, "outcome": result.outcome, "version": result.version}


_FROM = Query(default=None, alias="from", description="first month, YYYY-MM (default: `to`)")
_TO = Query(default=None, description="last month, YYYY-MM (default: this month)")


@router.get("/regions", summary="The registered regions and when each last sent")
def regions(request: Request, db: Db, now: Now) -> list[dict[str, Any]]:
    _check_reader(request, db)
    return [
        {
            "code": r.code,
            "name": r.name,
            "months": r.periods,
            "last_received": r.last_received.isoformat() if r.last_received else None,
        }
        for r in centre.list_regions(db, now)
    ]


def _check_reader(request: Request, db: Any) -> AuthUser:
    """The signed-in pusat (or admin) account: 401 without a token, 403 for other roles."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Problem(
            401,
            "unauthorized",
            "login diperlukan (Authorization: Bearer <token>)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    user = authenticate(request.app.state.db, token.strip(), request.app.state.clock())
    if user.role not in _READERS:
        raise Problem(403, "forbidden", "peran Anda tidak boleh memakai fitur ini")
    return user


@router.get("/map", summary="Every region's figures for a range of months, for one measure")
def national_map(
    request: Request,
    db: Db,
    now: Now,
    measure: Measure = Query(default="volume"),
    from_: str | None = _FROM,
    to: str | None = _TO,
) -> dict[str, Any]:
    _check_reader(request, db)
    start, end = _months(from_, to, now)
    with db.read(snapshot=True) as s:
        figures = q.by_region(s, start, end)
    return {
        "from": start,
        "to": end,
        "measure": measure,
        "national": q.national(figures).as_dict(measure),
        "regions": [f.as_dict(measure) for f in figures],
    }


@router.get("/regions/{code}/districts", summary="A region's figures per distrik")
def region_districts(
    code: str, request: Request, db: Db, now: Now, from_: str | None = _FROM, to: str | None = _TO
) -> dict[str, Any]:
    _check_reader(request, db)
    start, end = _months(from_, to, now)
    with db.read(snapshot=True) as s:
        known = {f.code: f for f in q.by_region(s, start, end)}
        if code not in known:
            raise Problem(404, "not-found", f"region {code} is not registered")
        out = q.districts(s, code, start, end)
    return {**out, "name": known[code].name, "totals": known[code].as_dict()}


@router.get("/trends", summary="Per month: national (or one region's) figures")
def trends(
    request: Request,
    db: Db,
    now: Now,
    region: str | None = Query(default=None, description="a region code (default: national)"),
    from_: str | None = _FROM,
    to: str | None = _TO,
) -> dict[str, Any]:
    _check_reader(request, db)
    start, end = _months(from_, to, now)
    with db.read(snapshot=True) as s:
        months = q.trends(s, start, end, region)
    return {"from": start, "to": end, "region": region, "months": months}


@router.get("/ranking", summary="Regions ranked by a measure, best first")
def ranking(
    request: Request,
    db: Db,
    now: Now,
    measure: Measure = Query(default="compliance"),
    from_: str | None = _FROM,
    to: str | None = _TO,
) -> dict[str, Any]:
    _check_reader(request, db)
    start, end = _months(from_, to, now)
    with db.read(snapshot=True) as s:
        figures = q.by_region(s, start, end)
    return {"from": start, "to": end, "measure": measure, "rows": q.ranking(figures, measure)}


@router.get("/standing/{code}", summary="A region's rank among the regions for every measure")
def region_standing(
    code: str, request: Request, db: Db, now: Now, from_: str | None = _FROM, to: str | None = _TO
) -> dict[str, Any]:
    if request.headers.get(signing.REGION_HEADER):
        _check_region_request(request, db, now, code)
    else:
        _check_reader(request, db)
    start, end = _months(from_, to, now)
    with db.read(snapshot=True) as s:
        figures = q.by_region(s, start, end)
    mine = next((f for f in figures if f.code == code), None)
    if mine is None:
        raise Problem(404, "not-found", f"region {code} is not registered")
    return {
        "region": code,
        "name": mine.name,
        "from": start,
        "to": end,
        "regions": len(figures),
        "figures": mine.as_dict(),
        "standing": q.standing(figures, code),
    }


def _check_region_request(request: Request, db: Any, now: datetime, code: str) -> None:
    region = request.headers.get(signing.REGION_HEADER)
    stamp = request.headers.get(signing.TIMESTAMP_HEADER, "")
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        raise Problem(
            401, "unauthorized", "a signed request carries its time", reason="unsigned"
        ) from None
    if moment.tzinfo is None or abs((moment - now).total_seconds()) > signing.CLOCK_SKEW_SECONDS:
        raise Problem(
            401, "unauthorized", "the request's time is too far from the centre's", reason="clock"
        )
    path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    message = signing.request_message(request.method, path, stamp)
    try:
        centre.authenticate(db, region, message, request.headers.get(signing.SIGNATURE_HEADER), now)
    except centre.CentreError as exc:
        raise _fail(exc) from None
    if region != code:
        raise Problem(
            403, "forbidden", "a region may ask only for its own standing", reason="region_mismatch"
        )


@router.get("/recap.csv", summary="The national recap: every region's figures as CSV")
def recap_csv(
    request: Request, db: Db, now: Now, from_: str | None = _FROM, to: str | None = _TO
) -> Response:
    _check_reader(request, db)
    start, end = _months(from_, to, now)
    with db.read(snapshot=True) as s:
        figures = q.by_region(s, start, end)
    return Response(recap_text(figures, start, end), media_type="text/csv; charset=utf-8")


RECAP_COLUMNS = (
    "kode",
    "wilayah",
    "laporan",
    "terbuka",
    "lewat_tenggat",
    "dijawab",
    "dijawab_5_hari",
    "terukur",
    "penilaian",
    "rata_rata_penilaian",
)


def recap_text(figures: list[q.Figures], start: str, end: str) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(RECAP_COLUMNS)
    for f in figures:
        sat = f.value("satisfaction")
        w.writerow(
            [
                f.code,
                f.name,
                f.total,
                f.open,
                f.overdue,
                f.responded,
                f.within,
                f.measurable,
                f.ratings,
                "" if sat is None else f"{sat:.2f}",
            ]
        )
    return buf.getvalue()
