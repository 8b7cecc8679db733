"""What the Open311 reads answer: discovery, services, service requests (format-free data).

Privacy: secret reports never appear, not even by id; reports not verified yet are not listed and,
asked for by id, show only their status; no reporter identity is ever part of the output.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

import sqlalchemy as sa
from fastapi import Request

from lapor_core.calendar import MIMIKA_TZ
from lapor_core.conversation import ANSWER
from lapor_core.workflow import LABELS_ID, Status
from lapor_server import manage
from lapor_server.citizen.tables import PublicUpdate
from lapor_server.db import Database
from lapor_server.models import Agency, Category, Channel, District, Report, ReportRedaction
from lapor_server.routers.open311.encoding import Refusal
from lapor_server.routers.open311.schemas import (
    CHANGESET,
    CLOSED_STATUSES,
    JSON_MEDIA_TYPE,
    MAX_DESCRIPTION,
    MAX_REQUESTS,
    MAX_SPAN,
    XML_MEDIA_TYPE,
    Discovery,
    Endpoint,
    Service,
    ServiceDefinition,
    ServiceRequest,
)


def _yes_no(code: str, order: int, description: str) -> dict[str, Any]:
    return {
        "variable": True,
        "code": code,
        "datatype": "singlevaluelist",
        "required": False,
        "datatype_description": "true atau false (bawaan: false)",
        "order": order,
        "description": description,
        "values": [{"key": "false", "name": "Tidak"}, {"key": "true", "name": "Ya"}],
    }


#: Extra attributes of every service, sent as `attribute[code]=key` with a POST (the spec's way).
ATTRIBUTES = [
    _yes_no(
        "anonim",
        1,
        "Anonim: identitas pelapor disimpan di server tetapi tidak pernah ditampilkan kepada "
        "petugas (anonymous: the server keeps the identity, staff never see it)",
    ),
    _yes_no(
        "rahasia",
        2,
        "Rahasia: laporan tidak pernah tampil di Open311 atau publik (secret: never public)",
    ),
]


def check_jurisdiction(request: Request, given: str | None) -> None:
    """Absent, empty or ours: fine. Another one: 404 (the spec's "jurisdiction_id not found")."""
    own: str = request.app.state.settings.open311_jurisdiction_id
    if given is None or not given.strip():
        return
    if given.strip().casefold() != own.casefold():
        raise Refusal(
            404, f"jurisdiction_id '{given[:100]}' not found: this endpoint serves only '{own}'"
        )


def posting_channel(request: Request, form: dict[str, str], db: Database) -> Channel:
    """The channel an Open311 POST speaks for: its jurisdiction checked, its `api_key` (form field
    or X-Api-Key header) resolved to an active channel, else 403. One rule for every POST."""
    check_jurisdiction(
        request, form.get("jurisdiction_id") or request.query_params.get("jurisdiction_id")
    )
    key = form.get("api_key") or request.headers.get("x-api-key") or ""
    with db.read() as s:
        channel = manage.channel_for_key(s, key) if key else None
    if channel is None:
        raise Refusal(403, "api_key is missing or not valid")
    return channel


def iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(MIMIKA_TZ).isoformat(timespec="seconds")


def _end_of_day(day: date | None) -> str | None:
    if day is None:
        return None
    return datetime.combine(day, time(23, 59, 59), MIMIKA_TZ).isoformat()


def parse_time(name: str, value: str) -> datetime:
    """An ISO 8601 date-time with a zone, as an aware UTC datetime; ValueError with the reason."""
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{name} must be an ISO 8601 date-time, not '{value[:40]}'") from None
    if moment.tzinfo is None:
        raise ValueError(f"{name} must include a time zone (e.g. Z or +09:00)")
    try:
        # year 1 at +09:00 or year 9999 at -12:00 has no UTC equivalent a datetime can hold
        return moment.astimezone(UTC)
    except (OverflowError, ValueError):
        raise ValueError(f"{name} is out of range (years 2 to 9998)") from None


def date_window(q: Any, now: datetime) -> tuple[datetime, datetime]:
    """(start, end) from `start_date` / `end_date` (default: 90 days up to now); Refusal 400."""
    try:
        end = parse_time("end_date", q["end_date"]) if q.get("end_date") else now
        start = parse_time("start_date", q["start_date"]) if q.get("start_date") else None
    except ValueError as exc:
        raise Refusal(400, str(exc)) from None
    if start is None:
        try:
            start = end - MAX_SPAN
        except OverflowError:
            raise Refusal(400, "end_date is out of range") from None
    if start > end:
        raise Refusal(400, "start_date must be before end_date")
    if end - start > MAX_SPAN:
        raise Refusal(400, "start_date and end_date may be at most 90 days apart")
    return start, end


# --- discovery and services ----------------------------------------------------------------------


def discovery(request: Request) -> Discovery:
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


def _service(row: Any) -> Service:
    description = row.description or f"Pengaduan kategori {row.name}"
    return Service(
        service_code=row.code,
        service_name=row.name,
        description=description,
        metadata=True,  # the attributes anonim and rahasia (see ATTRIBUTES)
        type="realtime",
        keywords=", ".join(w.strip(",") for w in row.name.lower().split() if len(w) > 3),
        group=row.group or "umum",
    )


def services(request: Request, jurisdiction_id: str | None, db: Database) -> list[Service]:
    check_jurisdiction(request, jurisdiction_id)
    with db.read() as s:
        rows = s.execute(
            sa.select(Category.code, Category.name, Category.description, Category.group).order_by(
                Category.name
            )
        ).all()
    return [_service(r) for r in rows]


def service_definition(
    request: Request, service_code: str, jurisdiction_id: str | None, db: Database
) -> ServiceDefinition:
    check_jurisdiction(request, jurisdiction_id)
    with db.read() as s:
        found = s.get(Category, service_code) if len(service_code) <= 64 else None
    if found is None:
        raise Refusal(404, f"service_code '{service_code[:64]}' not found")
    return ServiceDefinition(service_code=service_code, attributes=ATTRIBUTES)


# --- service requests ----------------------------------------------------------------------------


def _select() -> sa.Select:
    r = Report.__table__.c
    u = PublicUpdate.__table__.c
    rr = ReportRedaction.__table__.c
    # What the reporter was last told (citizen.conversation): its time is `updated_datetime`, the
    # latest public answer is `status_notes`; internal changes (notes) move neither.
    public_at = sa.select(sa.func.max(u.created_at)).where(u.report_id == r.id).scalar_subquery()
    answer = (
        sa.select(u.description)
        .where(u.report_id == r.id, u.kind == ANSWER)
        .order_by(u.seq.desc(), u.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    return (
        sa.select(
            public_at.label("public_at"),
            answer.label("answer"),
            r.tracking_id,
            r.status,
            # the coordinator's redacted public text where there is one (`redact` op)
            sa.func.coalesce(rr.public_body, r.body).label("body"),
            r.category_code,
            sa.func.coalesce(rr.public_address, r.address).label("address"),
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
        .outerjoin(ReportRedaction.__table__, rr.report_id == r.id)
        .outerjoin(Category, Category.code == r.category_code)
        .outerjoin(Agency, Agency.code == r.agency_code)
        .outerjoin(District, District.code == r.district_code)
        .where(r.is_secret.is_(False))
    )


def published(r: Any) -> Any:
    """SQL condition: the report went through verification (spam archived unseen never did)."""
    return sa.and_(r.status != Status.UNVERIFIED.value, r.verified_at.is_not(None))


def _updated(row: Any) -> str | None:
    return iso(_aware(row.public_at) if row.public_at is not None else row.updated_at)


def _aware(value: Any) -> datetime:
    """A time from a scalar subquery (SQLite hands back text or a naive UTC datetime)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


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
            requested_datetime=iso(row.submitted_at),
            updated_datetime=_updated(row),
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
        status_notes=row.answer or LABELS_ID[status],
        service_name=row.category_name,
        service_code=row.category_code,
        description=(row.body or "")[:MAX_DESCRIPTION],
        agency_responsible=row.agency_name,
        service_notice=None,
        requested_datetime=iso(row.submitted_at),
        updated_datetime=_updated(row),
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


def find_requests(
    request: Request, jurisdiction_id: str | None, db: Database, now: datetime
) -> list[ServiceRequest]:
    check_jurisdiction(request, jurisdiction_id)
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
    start, end = date_window(q, now)
    query = query.where(published(r), r.submitted_at >= start, r.submitted_at <= end)
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


def one_request(
    request: Request, service_request_id: str, jurisdiction_id: str | None, db: Database
) -> list[ServiceRequest]:
    check_jurisdiction(request, jurisdiction_id)
    tid = service_request_id.strip().upper()
    row = None
    if 0 < len(tid) <= 32:
        with db.read() as s:
            row = s.execute(_select().where(Report.__table__.c.tracking_id == tid)).first()
    if row is None:
        raise Refusal(404, f"service_request_id '{service_request_id[:40]}' not found")
    return [_to_request(row)]
