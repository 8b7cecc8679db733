"""Open311 GeoReport v2, JSON and XML, under `/open311/v2/` for outside apps and channels.

Mapping (see docs/api.md):
- services = report categories (`service_code` = category code, `group` = the category's group);
- a service request = a report; `service_request_id` = the tracking id; `status` is `open` until
  the report is completed or archived, then `closed`; `status_notes` = the Indonesian stage label;
  `agency_responsible` = the OPD's name; `expected_datetime` = the response deadline.

Privacy of the public reads: reports marked secret (`is_secret`) never appear, not even by id;
reports not verified yet are not listed (the coordinator may still mark them secret) and, asked for
by id, show only their status; no reporter identity is ever part of the output.

Formats: every endpoint answers JSON at `….json` and XML at `….xml`. Both render the same data,
computed once by the shared functions below; only the rendering differs. XML follows the spec's
element names (`<services><service>`, `<service_requests><request>`, `<service_definition>`,
`<discovery>`), is built with `xml.etree.ElementTree`, UTF-8 with an XML declaration, served as
`application/xml; charset=utf-8`; null is an empty element, booleans are `true`/`false`. Text
that XML 1.0 cannot carry (control characters other than tab, LF and CR; U+FFFE/U+FFFF; lone
surrogates) is replaced by U+FFFD in XML output only; CR is written as `&#13;` so parsers do not
fold CR LF into LF. JSON output is unchanged.

Errors use Open311's own format with that HTTP status: JSON `[{"code": 400, "description": "..."}]`,
XML `<errors><error><code>400</code><description>...</description></error></errors>`.
Creating a request (POST) needs a channel API key (`api_key`), like the native intake.

`jurisdiction_id` (setting `open311_jurisdiction_id`, listed in the discovery document) is optional:
absent, empty or equal to ours (case-insensitive) is accepted; another value is refused with 404,
as the spec says for a jurisdiction_id that was not found. Discovery itself takes no
jurisdiction_id (the Service Discovery spec defines none).
"""

from __future__ import annotations

import json
import re
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
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

CHANGESET = "2026-11-01T00:00:00+09:00"
MAX_REQUESTS = 1000
MAX_SPAN = timedelta(days=90)
MAX_DESCRIPTION = 4000
CLOSED_STATUSES = ("completed", "archived")
JSON_MEDIA_TYPE = "application/json"
XML_MEDIA_TYPE = "application/xml"

Format = Literal["json", "xml"]


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
    jurisdiction_id: str = Field(description="pass it, or nothing, as jurisdiction_id")
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


_ERROR_TEXT = {
    400: "bad request",
    403: "missing or invalid api_key",
    404: "not found (also: another jurisdiction_id)",
}


def _json_errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {c: {"description": _ERROR_TEXT[c], "model": list[Open311Error]} for c in codes}


def _xml_errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {
        c: {
            "description": _ERROR_TEXT[c] + " (<errors><error><code/><description/></error>)",
            "content": {
                XML_MEDIA_TYPE: {
                    "schema": {"type": "string"},
                    "example": xml_document(
                        "errors", [{"code": c, "description": _ERROR_TEXT[c]}]
                    ).decode(),
                }
            },
        }
        for c in codes
    }


def _xml_ok(root: str, status: int = 200) -> dict[int | str, dict[str, Any]]:
    return {
        status: {
            "description": f"XML document, root element <{root}> (elements as in the JSON twin)",
            "content": {XML_MEDIA_TYPE: {"schema": {"type": "string"}}},
        }
    }


class XMLResponse(Response):
    """An XML document (bytes, UTF-8, with its declaration)."""

    media_type = XML_MEDIA_TYPE

    def __init__(self, content: bytes, status_code: int = 200):
        super().__init__(
            content, status_code, headers={"Content-Type": f"{XML_MEDIA_TYPE}; charset=utf-8"}
        )


class Refusal(Exception):
    """An Open311 error answer (HTTP status and description), rendered in the endpoint's format."""

    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status = status
        self.description = description


def error(status: int, description: str) -> JSONResponse:
    return JSONResponse([{"code": status, "description": description}], status_code=status)


# --- XML rendering -------------------------------------------------------------------------------

#: element name of a list's items (the spec's plural/singular pairs)
_ITEM_TAGS = {
    "services": "service",
    "service_requests": "request",
    "endpoints": "endpoint",
    "formats": "format",
    "attributes": "attribute",
    "values": "value",
    "errors": "error",
}
#: characters outside XML 1.0's `Char` production (C0 controls but tab/LF/CR, surrogates, FFFE/FFFF)
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(value: str) -> str:
    return _NOT_XML_CHAR.sub("\ufffd", value)


def _fill(element: ET.Element, value: Any) -> None:
    if isinstance(value, BaseModel):
        value = value.model_dump()
    if isinstance(value, dict):
        for key, item in value.items():
            _fill(ET.SubElement(element, key), item)
    elif isinstance(value, list):
        tag = _ITEM_TAGS[element.tag]
        for item in value:
            _fill(ET.SubElement(element, tag), item)
    elif value is None:
        pass  # an empty element: null in the spec's JSON/XML mapping
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    else:
        element.text = _xml_text(str(value))


def xml_document(root: str, data: Any) -> bytes:
    """`data` (models, dicts, lists, scalars) as an XML document with root element `root`."""
    element = ET.Element(root)
    _fill(element, data)
    body = ET.tostring(element, encoding="UTF-8", xml_declaration=True)
    # CR is legal but parsers turn CR LF into LF; a character reference keeps it. ElementTree
    # writes no CR of its own, so every CR byte here is one of the data's.
    return body.replace(b"\r", b"&#13;")


def _render_error(fmt: Format, status: int, description: str) -> Response:
    if fmt == "xml":
        errors = [{"code": status, "description": description}]
        return XMLResponse(xml_document("errors", errors), status_code=status)
    return error(status, description)


def _answer(fmt: Format, root: str, produce: Callable[[], Any], status: int = 200) -> Any:
    """The data from `produce` in `fmt` (JSON: for FastAPI's response_model), or its refusal."""
    try:
        data = produce()
    except Refusal as exc:
        return _render_error(fmt, exc.status, exc.description)
    if fmt == "xml":
        return XMLResponse(xml_document(root, data), status_code=status)
    return data


# --- shared helpers ------------------------------------------------------------------------------


def _check_jurisdiction(request: Request, given: str | None) -> None:
    """Absent, empty or ours: fine. Another one: 404 (the spec's "jurisdiction_id not found")."""
    own: str = request.app.state.settings.open311_jurisdiction_id
    if given is None or not given.strip():
        return
    if given.strip().casefold() != own.casefold():
        raise Refusal(
            404, f"jurisdiction_id '{given[:100]}' not found: this endpoint serves only '{own}'"
        )


def _jurisdiction(
    jurisdiction_id: str | None = Query(
        None, description="optional; only this server's own (see discovery) is accepted"
    ),
) -> str | None:
    """The `jurisdiction_id` query parameter (declared here once for every GET endpoint)."""
    return jurisdiction_id


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(MIMIKA_TZ).isoformat(timespec="seconds")


def _end_of_day(day: date | None) -> str | None:
    if day is None:
        return None
    return datetime.combine(day, time(23, 59, 59), MIMIKA_TZ).isoformat()


# --- discovery and services ----------------------------------------------------------------------


def _discovery(request: Request) -> Discovery:
    settings = request.app.state.settings
    base = (settings.public_base_url or str(request.base_url)).rstrip("/")
    return Discovery(
        changeset=CHANGESET,
        contact="Diskominfo Kabupaten Mimika (pengelola SP4N-LAPOR!)",
        key_service="Kunci API diberikan oleh admin Diskominfo (lapor-server issue-channel-key)",
        jurisdiction_id=settings.open311_jurisdiction_id,
        endpoints=[
            Endpoint(
                specification="http://wiki.open311.org/GeoReport_v2",
                url=f"{base}/open311/v2",
                changeset=CHANGESET,
                type="production",
                formats=[JSON_MEDIA_TYPE, XML_MEDIA_TYPE],
            )
        ],
    )


@router.get("/discovery.json", response_model=Discovery, summary="Open311 service discovery")
def discovery(request: Request) -> Any:
    return _answer("json", "discovery", lambda: _discovery(request))


@router.get(
    "/discovery.xml",
    response_class=XMLResponse,
    summary="Open311 service discovery (XML)",
    responses=_xml_ok("discovery"),
)
def discovery_xml(request: Request) -> Response:
    return _answer("xml", "discovery", lambda: _discovery(request))


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


def _services(request: Request, jurisdiction_id: str | None, db: Database) -> list[Service]:
    _check_jurisdiction(request, jurisdiction_id)
    with db.read() as s:
        rows = s.execute(
            sa.select(Category.code, Category.name, Category.description, Category.group).order_by(
                Category.name
            )
        ).all()
    return [_service(r) for r in rows]


@router.get(
    "/services.json",
    response_model=list[Service],
    summary="Services (categories)",
    responses=_json_errors(404),
)
def services(
    request: Request,
    jurisdiction_id: str | None = Depends(_jurisdiction),
    db: Database = Depends(get_db),
) -> Any:
    return _answer("json", "services", lambda: _services(request, jurisdiction_id, db))


@router.get(
    "/services.xml",
    response_class=XMLResponse,
    summary="Services (categories), XML",
    responses={**_xml_ok("services"), **_xml_errors(404)},
)
def services_xml(
    request: Request,
    jurisdiction_id: str | None = Depends(_jurisdiction),
    db: Database = Depends(get_db),
) -> Response:
    return _answer("xml", "services", lambda: _services(request, jurisdiction_id, db))


def _service_definition(
    request: Request, service_code: str, jurisdiction_id: str | None, db: Database
) -> ServiceDefinition:
    _check_jurisdiction(request, jurisdiction_id)
    with db.read() as s:
        found = s.get(Category, service_code) if len(service_code) <= 64 else None
    if found is None:
        raise Refusal(404, f"service_code '{service_code[:64]}' not found")
    return ServiceDefinition(service_code=service_code, attributes=[])


@router.get(
    "/services/{service_code}.json",
    response_model=ServiceDefinition,
    summary="Service definition (no extra attributes)",
    responses=_json_errors(400, 404),
)
def service_definition(
    request: Request,
    service_code: str,
    jurisdiction_id: str | None = Depends(_jurisdiction),
    db: Database = Depends(get_db),
) -> Any:
    return _answer(
        "json",
        "service_definition",
        lambda: _service_definition(request, service_code, jurisdiction_id, db),
    )


@router.get(
    "/services/{service_code}.xml",
    response_class=XMLResponse,
    summary="Service definition (no extra attributes), XML",
    responses={**_xml_ok("service_definition"), **_xml_errors(400, 404)},
)
def service_definition_xml(
    request: Request,
    service_code: str,
    jurisdiction_id: str | None = Depends(_jurisdiction),
    db: Database = Depends(get_db),
) -> Response:
    return _answer(
        "xml",
        "service_definition",
        lambda: _service_definition(request, service_code, jurisdiction_id, db),
    )


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


def _find_requests(
    request: Request, jurisdiction_id: str | None, db: Database, now: datetime
) -> list[ServiceRequest]:
    _check_jurisdiction(request, jurisdiction_id)
    q = request.query_params
    r = Report.__table__.c
    query = _select()
    ids_param = q.get("service_request_id")
    if ids_param:
        ids = [i.strip().upper() for i in ids_param.split(",") if i.strip()][:MAX_REQUESTS]
        if not ids or any(len(i) > 32 for i in ids):
            raise Refusal(400, "service_request_id must be a comma-separated list of ids")
        with db.read() as s:
            rows = s.execute(query.where(r.tracking_id.in_(ids))).all()
        by_id = {row.tracking_id: row for row in rows}
        return [_to_request(by_id[i]) for i in dict.fromkeys(ids) if i in by_id]
    try:
        end = _parse_time("end_date", q["end_date"]) if q.get("end_date") else now
        start = _parse_time("start_date", q["start_date"]) if q.get("start_date") else None
    except ValueError as exc:
        raise Refusal(400, str(exc)) from None
    if start is None:
        start = end - MAX_SPAN
    if start > end:
        raise Refusal(400, "start_date must be before end_date")
    if end - start > MAX_SPAN:
        raise Refusal(400, "start_date and end_date may be at most 90 days apart")
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
            raise Refusal(400, "status must be open, closed or both (comma-separated)")
        if wanted == {"open"}:
            query = query.where(r.status.not_in(CLOSED_STATUSES))
        elif wanted == {"closed"}:
            query = query.where(r.status.in_(CLOSED_STATUSES))
    query = query.order_by(r.submitted_at.desc(), r.tracking_id).limit(MAX_REQUESTS)
    with db.read() as s:
        rows = s.execute(query).all()
    return [_to_request(row) for row in rows]


def _list_filters(
    service_request_id: str | None = Query(None, description="comma list; overrides the rest"),
    service_code: str | None = Query(None, description="comma list"),
    start_date: str | None = Query(None, description="ISO 8601 with zone"),
    end_date: str | None = Query(None, description="ISO 8601 with zone; at most 90 days"),
    status: str | None = Query(None, description="open, closed or open,closed"),
) -> None:
    """Declared (as plain text) for the OpenAPI document only: `_find_requests` reads and checks
    them, answering with Open311's error format rather than FastAPI's validation problem."""


@router.get(
    "/requests.json",
    response_model=list[ServiceRequest],
    summary="Service requests (public; never secret reports, never reporter identity)",
    responses=_json_errors(400, 404),
)
def list_requests(
    request: Request,
    _filters: None = Depends(_list_filters),
    jurisdiction_id: str | None = Depends(_jurisdiction),
    db: Database = Depends(get_db),
    now: datetime = Depends(get_now),
) -> Any:
    return _answer(
        "json", "service_requests", lambda: _find_requests(request, jurisdiction_id, db, now)
    )


@router.get(
    "/requests.xml",
    response_class=XMLResponse,
    summary="Service requests, XML (public; never secret reports, never reporter identity)",
    responses={**_xml_ok("service_requests"), **_xml_errors(400, 404)},
)
def list_requests_xml(
    request: Request,
    _filters: None = Depends(_list_filters),
    jurisdiction_id: str | None = Depends(_jurisdiction),
    db: Database = Depends(get_db),
    now: datetime = Depends(get_now),
) -> Response:
    return _answer(
        "xml", "service_requests", lambda: _find_requests(request, jurisdiction_id, db, now)
    )


def _one_request(
    request: Request, service_request_id: str, jurisdiction_id: str | None, db: Database
) -> list[ServiceRequest]:
    _check_jurisdiction(request, jurisdiction_id)
    tid = service_request_id.strip().upper()
    row = None
    if 0 < len(tid) <= 32:
        with db.read() as s:
            row = s.execute(_select().where(Report.__table__.c.tracking_id == tid)).first()
    if row is None:
        raise Refusal(404, f"service_request_id '{service_request_id[:40]}' not found")
    return [_to_request(row)]


@router.get(
    "/requests/{service_request_id}.json",
    response_model=list[ServiceRequest],
    summary="One service request by its id (the tracking id)",
    responses=_json_errors(400, 404),
)
def get_request(
    request: Request,
    service_request_id: str,
    jurisdiction_id: str | None = Depends(_jurisdiction),
    db: Database = Depends(get_db),
) -> Any:
    return _answer(
        "json",
        "service_requests",
        lambda: _one_request(request, service_request_id, jurisdiction_id, db),
    )


@router.get(
    "/requests/{service_request_id}.xml",
    response_class=XMLResponse,
    summary="One service request by its id (the tracking id), XML",
    responses={**_xml_ok("service_requests"), **_xml_errors(400, 404)},
)
def get_request_xml(
    request: Request,
    service_request_id: str,
    jurisdiction_id: str | None = Depends(_jurisdiction),
    db: Database = Depends(get_db),
) -> Response:
    return _answer(
        "xml",
        "service_requests",
        lambda: _one_request(request, service_request_id, jurisdiction_id, db),
    )


# --- creating requests ---------------------------------------------------------------------------

_POST_SCHEMA = {
    "type": "object",
    "required": ["api_key", "service_code"],
    "properties": {
        "api_key": {"type": "string"},
        "jurisdiction_id": {"type": "string"},
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
_POST_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/x-www-form-urlencoded": {"schema": _POST_SCHEMA},
            "application/json": {"schema": _POST_SCHEMA},
        },
    }
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


def _create(request: Request, form: dict[str, str], db: Database, now: datetime) -> Any:
    """Create the report a POST describes (runs in a worker thread); refusals as `Refusal`."""
    _check_jurisdiction(
        request, form.get("jurisdiction_id") or request.query_params.get("jurisdiction_id")
    )
    key = form.get("api_key") or request.headers.get("x-api-key") or ""
    with db.read() as s:
        channel = manage.channel_for_key(s, key) if key else None
    if channel is None:
        raise Refusal(403, "api_key is missing or not valid")
    code = form.get("service_code", "").strip()
    if not code:
        raise Refusal(400, "service_code is required")
    with db.read() as s:
        category = s.get(Category, code) if len(code) <= 64 else None
    if category is None:
        raise Refusal(404, f"service_code '{code[:64]}' not found")
    try:
        lat = _float(form, "lat", -90, 90)
        lon = _float(form, "long", -180, 180)
    except ValueError as exc:
        raise Refusal(400, str(exc)) from None
    address = form.get("address_string", "").strip()[:500] or None
    address_id = form.get("address_id", "").strip()[:200] or None
    if (lat is None) != (lon is None):
        raise Refusal(400, "lat and long must be given together")
    if lat is None and not address and not address_id:
        raise Refusal(400, "a location is required: lat and long, address_string or address_id")
    description = form.get("description", "").strip()
    if not description:
        raise Refusal(400, "description is required")
    if len(description) > MAX_DESCRIPTION:
        raise Refusal(400, f"description may have at most {MAX_DESCRIPTION} characters")
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
                f"Laporan diterima dan akan diverifikasi paling lambat {report.verify_by:%d-%m-%Y}."
                if report.verify_by
                else None
            ),
            account_id=form.get("account_id") or None,
        )
    ]


async def _post(fmt: Format, request: Request, db: Database, now: datetime) -> Any:
    from starlette.concurrency import run_in_threadpool

    try:
        form = await _form(request)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        return _render_error(fmt, 400, f"unreadable request body: {str(exc)[:200]}")
    return await run_in_threadpool(
        _answer, fmt, "service_requests", lambda: _create(request, form, db, now), 201
    )


@router.post(
    "/requests.json",
    status_code=201,
    response_model=list[CreatedRequest],
    summary="Create a service request (needs a channel api_key)",
    openapi_extra=_POST_BODY,
    responses=_json_errors(400, 403, 404),
)
async def create_request(
    request: Request, db: Database = Depends(get_db), now: datetime = Depends(get_now)
) -> Any:
    return await _post("json", request, db, now)


@router.post(
    "/requests.xml",
    status_code=201,
    response_class=XMLResponse,
    summary="Create a service request, XML answer (needs a channel api_key)",
    openapi_extra=_POST_BODY,
    responses={**_xml_ok("service_requests", 201), **_xml_errors(400, 403, 404)},
)
async def create_request_xml(
    request: Request, db: Database = Depends(get_db), now: datetime = Depends(get_now)
) -> Response:
    return await _post("xml", request, db, now)
