"""Open311 GeoReport v2 (JSON) under `/open311/v2/` for outside apps and channel integrations.

Mapping (see docs/api.md):
- services = report categories (`service_code` = category code, `group` = the category's group);
- a service request = a report; `service_request_id` = the tracking id; `status` is `open` until
  the report is completed or archived, then `closed`; `status_notes` = the Indonesian stage label;
  `agency_responsible` = the OPD's name; `expected_datetime` = the response deadline.

Privacy of the public reads: reports marked secret (`is_secret`) never appear, not even by id;
reports not verified yet are not listed (the coordinator may still mark them secret) and, asked for
by id, show only their status; no reporter identity is ever part of the output.

Errors use Open311's own format, `[{"code": 400, "description": "..."}]`, with that HTTP status.
Creating a request (POST) needs a channel API key (`api_key`), like the native intake.
"""

from __future__ import annotations

import json
import urllib.parse
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from lapor_core.calendar import MIMIKA_TZ
from lapor_core.wire import MAX_TITLE
from lapor_core.workflow import LABELS_ID, Status
from lapor_server import manage
from lapor_server.db import Database
from lapor_server.deps import get_db, get_now
from lapor_server.models import Agency, Category, District, Report
from lapor_server.routers.intake import create_from_intake

router = APIRouter(prefix="/open311/v2", tags=["open311"])

JURISDICTION = "mimikakab.go.id"
CHANGESET = "2026-11-01T00:00:00+09:00"
MAX_REQUESTS = 1000
MAX_SPAN = timedelta(days=90)
MAX_DESCRIPTION = 4000
CLOSED_STATUSES = ("completed", "archived")


# --- shapes (for the OpenAPI document) -----------------------------------------------------------


class Open311Error(BaseModel):
    code: int
    description: str


class Endpoint(BaseModel):
    specification: str
    url: str
    changeset: str
    type: str
    formats: list[str]


class Discovery(BaseModel):
    changeset: str
    contact: str
    key_service: str
    endpoints: list[Endpoint]


class Service(BaseModel):
    service_code: str
    service_name: str
    description: str
    metadata: bool
    type: str
    keywords: str
    group: str


class ServiceDefinition(BaseModel):
    service_code: str
    attributes: list[dict[str, Any]]


class ServiceRequest(BaseModel):
    service_request_id: str
    status: str = Field(description="open or closed")
    status_notes: str | None
    service_name: str | None
    service_code: str | None
    description: str | None
    agency_responsible: str | None
    service_notice: str | None
    requested_datetime: str
    updated_datetime: str
    expected_datetime: str | None
    address: str | None
    address_id: str | None
    zipcode: str | None
    lat: float | None
    long: float | None
    media_url: str | None


class CreatedRequest(BaseModel):
    service_request_id: str
    service_notice: str | None
    account_id: str | None


_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"description": "bad request", "model": list[Open311Error]},
    404: {"description": "not found", "model": list[Open311Error]},
}


def error(status: int, description: str) -> JSONResponse:
    return JSONResponse([{"code": status, "description": description}], status_code=status)


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(MIMIKA_TZ).isoformat(timespec="seconds")


def _end_of_day(day: date | None) -> str | None:
    if day is None:
        return None
    return datetime.combine(day, time(23, 59, 59), MIMIKA_TZ).isoformat()


# --- discovery and services ----------------------------------------------------------------------


@router.get("/discovery.json", response_model=Discovery, summary="Open311 service discovery")
def discovery(request: Request) -> Discovery:
    settings = request.app.state.settings
    base = (settings.public_base_url or str(request.base_url)).rstrip("/")
    return Discovery(
        changeset=CHANGESET,
        contact="Diskominfo Kabupaten Mimika (pengelola SP4N-LAPOR!)",
        key_service="Kunci API diberikan oleh admin Diskominfo (lapor-server issue-channel-key)",
        endpoints=[
            Endpoint(
                specification="http://wiki.open311.org/GeoReport_v2",
                url=f"{base}/open311/v2",
                changeset=CHANGESET,
                type="production",
                formats=["application/json"],
            )
        ],
    )


def _service(row: Any) -> Service:
    description = row.description or f"Pengaduan kategori {row.name}"
    return Service(
        service_code=row.code,
        service_name=row.name,
        description=description,
        metadata=False,
        type="realtime",
        keywords=", ".join(w.strip(",") for w in row.name.lower().split() if len(w) > 3),
        group=row.group or "umum",
    )


@router.get("/services.json", response_model=list[Service], summary="Services (categories)")
def services(db: Database = Depends(get_db)) -> list[Service]:
    with db.read() as s:
        rows = s.execute(
            sa.select(Category.code, Category.name, Category.description, Category.group).order_by(
                Category.name
            )
        ).all()
    return [_service(r) for r in rows]


@router.get(
    "/services/{service_code}.json",
    response_model=ServiceDefinition,
    summary="Service definition (no extra attributes)",
    responses=_ERROR_RESPONSES,
)
def service_definition(service_code: str, db: Database = Depends(get_db)) -> Any:
    with db.read() as s:
        found = s.get(Category, service_code) if len(service_code) <= 64 else None
    if found is None:
        return error(404, f"service_code '{service_code}' not found")
    return ServiceDefinition(service_code=service_code, attributes=[])


# --- reading requests ----------------------------------------------------------------------------


def _select() -> sa.Select:
    r = Report.__table__.c
    return (
        sa.select(
            r.tracking_id,
            r.status,
            r.body,
            r.category_code,
            r.address,
            r.village,
            r.lat,
            r.lon,
            r.submitted_at,
            r.updated_at,
            r.respond_by,
            r.verified_at,
            Category.name.label("category_name"),
            Agency.name.label("agency_name"),
            District.name.label("district_name"),
        )
        .select_from(Report.__table__)
        .outerjoin(Category, Category.code == r.category_code)
        .outerjoin(Agency, Agency.code == r.agency_code)
        .outerjoin(District, District.code == r.district_code)
        .where(r.is_secret.is_(False))
    )


def _published(r: Any) -> Any:
    """SQL condition: the report went through verification (spam archived unseen never did)."""
    return sa.and_(r.status != Status.UNVERIFIED.value, r.verified_at.is_not(None))


def _to_request(row: Any) -> ServiceRequest:
    status = Status(row.status)
    if row.verified_at is None:
        # Never verified (waiting, or archived as spam before): only that it exists and its
        # stage; the coordinator may still mark it secret, and its text was never published.
        return ServiceRequest(
            service_request_id=row.tracking_id,
            status="closed" if row.status in CLOSED_STATUSES else "open",
            status_notes=LABELS_ID[status],
            service_name=None,
            service_code=None,
            description=None,
            agency_responsible=None,
            service_notice=None,
            requested_datetime=_iso(row.submitted_at),
            updated_datetime=_iso(row.updated_at),
            expected_datetime=None,
            address=None,
            address_id=None,
            zipcode=None,
            lat=None,
            long=None,
            media_url=None,
        )
    parts = [p for p in (row.address, row.village, row.district_name) if p]
    return ServiceRequest(
        service_request_id=row.tracking_id,
        status="closed" if row.status in CLOSED_STATUSES else "open",
        status_notes=LABELS_ID[status],
        service_name=row.category_name,
        service_code=row.category_code,
        description=(row.body or "")[:MAX_DESCRIPTION],
        agency_responsible=row.agency_name,
        service_notice=None,
        requested_datetime=_iso(row.submitted_at),
        updated_datetime=_iso(row.updated_at),
        expected_datetime=_end_of_day(row.respond_by)
        if row.status not in CLOSED_STATUSES
        else None,
        address=", ".join([*parts, "Kabupaten Mimika"]) if parts else None,
        address_id=None,
        zipcode=None,
        lat=row.lat,
        long=row.lon,
        media_url=None,
    )


def _parse_time(name: str, value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{name} must be an ISO 8601 date-time, not '{value[:40]}'") from None
    if moment.tzinfo is None:
        raise ValueError(f"{name} must include a time zone (e.g. Z or +09:00)")
    return moment


@router.get(
    "/requests.json",
    response_model=list[ServiceRequest],
    summary="Service requests (public; never secret reports, never reporter identity)",
    responses=_ERROR_RESPONSES,
)
def list_requests(
    request: Request,
    # Declared (as plain text) for the OpenAPI document; checked below, answering with
    # Open311's error format rather than FastAPI's validation problem.
    service_request_id: str | None = Query(None, description="comma list; overrides the rest"),
    service_code: str | None = Query(None, description="comma list"),
    start_date: str | None = Query(None, description="ISO 8601 with zone"),
    end_date: str | None = Query(None, description="ISO 8601 with zone; at most 90 days"),
    status: str | None = Query(None, description="open, closed or open,closed"),
    db: Database = Depends(get_db),
    now: datetime = Depends(get_now),
) -> Any:
    q = request.query_params
    r = Report.__table__.c
    query = _select()
    ids_param = q.get("service_request_id")
    if ids_param:
        ids = [i.strip().upper() for i in ids_param.split(",") if i.strip()][:MAX_REQUESTS]
        if not ids or any(len(i) > 32 for i in ids):
            return error(400, "service_request_id must be a comma-separated list of ids")
        with db.read() as s:
            rows = s.execute(query.where(r.tracking_id.in_(ids))).all()
        by_id = {row.tracking_id: row for row in rows}
        return [_to_request(by_id[i]) for i in dict.fromkeys(ids) if i in by_id]
    try:
        end = _parse_time("end_date", q["end_date"]) if q.get("end_date") else now
        start = _parse_time("start_date", q["start_date"]) if q.get("start_date") else None
    except ValueError as exc:
        return error(400, str(exc))
    if start is None:
        start = end - MAX_SPAN
    if start > end:
        return error(400, "start_date must be before end_date")
    if end - start > MAX_SPAN:
        return error(400, "start_date and end_date may be at most 90 days apart")
    query = query.where(
        _published(r),
        r.submitted_at >= start.astimezone(UTC),
        r.submitted_at <= end.astimezone(UTC),
    )
    if q.get("service_code"):
        codes = [c.strip() for c in q["service_code"].split(",") if c.strip()]
        query = query.where(r.category_code.in_(codes))
    if q.get("status"):
        wanted = {w.strip().lower() for w in q["status"].split(",") if w.strip()}
        if not wanted <= {"open", "closed"}:
            return error(400, "status must be open, closed or both (comma-separated)")
        if wanted == {"open"}:
            query = query.where(r.status.not_in(CLOSED_STATUSES))
        elif wanted == {"closed"}:
            query = query.where(r.status.in_(CLOSED_STATUSES))
    query = query.order_by(r.submitted_at.desc(), r.tracking_id).limit(MAX_REQUESTS)
    with db.read() as s:
        rows = s.execute(query).all()
    return [_to_request(row) for row in rows]


@router.get(
    "/requests/{service_request_id}.json",
    response_model=list[ServiceRequest],
    summary="One service request by its id (the tracking id)",
    responses=_ERROR_RESPONSES,
)
def get_request(service_request_id: str, db: Database = Depends(get_db)) -> Any:
    tid = service_request_id.strip().upper()
    row = None
    if 0 < len(tid) <= 32:
        with db.read() as s:
            row = s.execute(_select().where(Report.__table__.c.tracking_id == tid)).first()
    if row is None:
        return error(404, f"service_request_id '{service_request_id[:40]}' not found")
    return [_to_request(row)]


# --- creating requests ---------------------------------------------------------------------------

_POST_SCHEMA = {
    "type": "object",
    "required": ["api_key", "service_code"],
    "properties": {
        "api_key": {"type": "string"},
        "service_code": {"type": "string"},
        "lat": {"type": "number"},
        "long": {"type": "number"},
        "address_string": {"type": "string"},
        "address_id": {"type": "string"},
        "email": {"type": "string"},
        "device_id": {"type": "string"},
        "account_id": {"type": "string"},
        "first_name": {"type": "string"},
        "last_name": {"type": "string"},
        "phone": {"type": "string"},
        "description": {"type": "string", "maxLength": MAX_DESCRIPTION},
        "media_url": {"type": "string"},
    },
}


async def _form(request: Request) -> dict[str, str]:
    """The POST parameters, form-encoded (the spec) or a JSON object (accepted too)."""
    raw = await request.body()
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "application/json":
        data = json.loads(raw or b"{}")
        if not isinstance(data, dict):
            raise ValueError("the JSON body must be an object")
        return {str(k): "" if v is None else str(v) for k, v in data.items()}
    if ctype in ("application/x-www-form-urlencoded", ""):
        pairs = urllib.parse.parse_qsl(
            raw.decode("utf-8"), keep_blank_values=True, strict_parsing=False, max_num_fields=100
        )
        return dict(pairs)
    raise ValueError("send application/x-www-form-urlencoded (or application/json)")


def _title_from(description: str, service_name: str) -> str:
    first = description.strip().splitlines()[0] if description.strip() else service_name
    if len(first) > 100:
        first = first[:99].rstrip() + "…"
    return first[:MAX_TITLE] or service_name


def _float(form: dict[str, str], key: str, low: float, high: float) -> float | None:
    raw = form.get(key, "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{key} must be a number") from None
    if not (low <= value <= high):  # also refuses nan
        raise ValueError(f"{key} must be between {low:g} and {high:g}")
    return value


@router.post(
    "/requests.json",
    status_code=201,
    response_model=list[CreatedRequest],
    summary="Create a service request (needs a channel api_key)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/x-www-form-urlencoded": {"schema": _POST_SCHEMA},
                "application/json": {"schema": _POST_SCHEMA},
            },
        }
    },
    responses={
        403: {"description": "missing or invalid api_key", "model": list[Open311Error]},
        **_ERROR_RESPONSES,
    },
)
async def create_request(
    request: Request, db: Database = Depends(get_db), now: datetime = Depends(get_now)
) -> Any:
    from starlette.concurrency import run_in_threadpool

    try:
        form = await _form(request)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        return error(400, f"unreadable request body: {str(exc)[:200]}")
    key = form.get("api_key") or request.headers.get("x-api-key") or ""

    def work() -> Any:
        with db.read() as s:
            channel = manage.channel_for_key(s, key) if key else None
        if channel is None:
            return error(403, "api_key is missing or not valid")
        code = form.get("service_code", "").strip()
        if not code:
            return error(400, "service_code is required")
        with db.read() as s:
            category = s.get(Category, code) if len(code) <= 64 else None
        if category is None:
            return error(404, f"service_code '{code[:64]}' not found")
        try:
            lat = _float(form, "lat", -90, 90)
            lon = _float(form, "long", -180, 180)
        except ValueError as exc:
            return error(400, str(exc))
        address = form.get("address_string", "").strip()[:500] or None
        address_id = form.get("address_id", "").strip()[:200] or None
        if (lat is None) != (lon is None):
            return error(400, "lat and long must be given together")
        if lat is None and not address and not address_id:
            return error(400, "a location is required: lat and long, address_string or address_id")
        description = form.get("description", "").strip()
        if not description:
            return error(400, "description is required")
        if len(description) > MAX_DESCRIPTION:
            return error(400, f"description may have at most {MAX_DESCRIPTION} characters")
        if address_id and not address:
            address = f"address_id {address_id}"
        name = " ".join(
            p for p in (form.get("first_name", "").strip(), form.get("last_name", "").strip()) if p
        )[:200]
        body = description
        media = form.get("media_url", "").strip()
        if media:
            # Kept as text for the coordinator; the server never fetches outside URLs.
            body += f"\n\nFoto/media dari pelapor: {media[:1000]}"
        fields = dict(
            title=_title_from(description, category.name),
            body=body,
            classification="pengaduan",
            channel="open311",
            category_code=category.code,
            address=address,
            lat=lat,
            lon=lon,
            is_anonymous=False,
            is_secret=False,
            reporter_name=name or None,
            reporter_phone=form.get("phone", "").strip()[:64] or None,
            reporter_email=form.get("email", "").strip()[:200] or None,
        )
        report, _created = create_from_intake(
            db, channel, now=now, fields=fields, attachments=[], external_id=None
        )
        return [
            CreatedRequest(
                service_request_id=report.tracking_id,
                service_notice=(
                    "Laporan diterima dan akan diverifikasi paling lambat "
                    f"{report.verify_by:%d-%m-%Y}."
                    if report.verify_by
                    else None
                ),
                account_id=form.get("account_id") or None,
            )
        ]

    return await run_in_threadpool(work)
