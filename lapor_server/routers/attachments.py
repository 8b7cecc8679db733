"""Attachments: content-addressed upload and download, and hiding a file from the OPD.

- `PUT /api/v1/attachments/{sha256}` (a desk token, or a channel's `X-Api-Key`): the raw bytes,
  streamed to a temporary file while hashed; 415 for a media type outside the allow-list or for
  content that is not what the `Content-Type` says (magic bytes), 413 as soon as the stream passes
  the size limit, 422 when the bytes do not hash to the address; 201 stored, 200 already there.
  Uploading makes a file visible to nobody: only a report referencing it does.
- `GET /api/v1/attachments/{sha256}`: the bytes, for a caller who may see a report that references
  the file (an officer: a report at their OPD, and not hidden from the OPD); otherwise 404, the
  same answer as for a file that does not exist.
- `POST /api/v1/reports/{id}/attachments/{sha256}/visibility` (koordinator): hide a file from the
  OPD, e.g. a photo that could identify an anonymous reporter; the report's version goes up so
  every desk gets the new snapshot.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import FileResponse
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, StrictBool
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from lapor_core.wire import ALLOWED_MEDIA_TYPES
from lapor_core.workflow import AGENCY_STATUSES, OVERSIGHT_ROLES, Role, values
from lapor_server import auth, previews, storage
from lapor_server import reports as rep
from lapor_server.auth import AuthUser
from lapor_server.config import ServerSettings
from lapor_server.db import Database
from lapor_server.deps import (
    Coordinator,
    CurrentUser,
    Db,
    Now,
    Settings,
)
from lapor_server.errors import Problem
from lapor_server.models import Attachment, Channel, Report, ReportAttachment
from lapor_server.routers.intake import channel_of_key
from lapor_server.snapshots import neutral_filename
from lapor_server.upload_checks import check_content, check_media_type, check_size

log = logging.getLogger("lapor_server.attachments")
router = APIRouter(prefix="/api/v1", tags=["attachments"])

SHA256_PATTERN = r"^[0-9a-f]{64}$"
NOT_FOUND = "Lampiran tidak ditemukan."
_AGENCY_STATUS_VALUES = values(AGENCY_STATUSES)
_bearer = HTTPBearer(auto_error=False)
_api_key = APIKeyHeader(name="X-Api-Key", auto_error=False)
BearerCredentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
ApiKey = Annotated[str | None, Depends(_api_key)]


class StoredAttachment(BaseModel):
    sha256: str
    size: int
    media_type: str


class VisibilityIn(BaseModel):
    hidden_from_agency: StrictBool


class VisibilityOut(BaseModel):
    report_id: str
    sha256: str
    hidden_from_agency: bool
    version: int


def uploader(
    request: Request,
    credentials: BearerCredentials,
    key: ApiKey,
    db: Db,
) -> AuthUser | Channel:
    """A desk user (bearer token) or an intake channel (X-Api-Key) may upload."""
    if credentials is not None and credentials.scheme.lower() == "bearer":
        return auth.authenticate(db, credentials.credentials, request.app.state.clock())
    if key:
        return channel_of_key(db, key)
    raise Problem(
        401,
        "unauthorized",
        "login diperlukan (Authorization: Bearer <token>) atau X-Api-Key",
        headers={"WWW-Authenticate": "Bearer"},
    )


#: a desk account or an intake channel (attachments may come from either)
Uploader = Annotated[AuthUser | Channel, Depends(uploader)]


def _problem_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    text = {
        401: "not logged in",
        403: "role may not do this",
        404: "no such attachment (or not visible to the caller)",
        413: "larger than the attachment limit",
        415: "media type not allowed, or content does not match it",
        422: "the bytes do not hash to the address",
        429: "the daily upload quota is used up (`reason` `upload_quota`, `Retry-After`)",
    }
    return {c: {"description": text[c]} for c in codes}


@router.put(
    "/attachments/{sha256}",
    status_code=201,
    response_model=StoredAttachment,
    summary="Upload an attachment (raw bytes, addressed by their SHA-256)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                t: {"schema": {"type": "string", "format": "binary"}}
                for t in sorted(ALLOWED_MEDIA_TYPES)
            },
        }
    },
    responses={
        200: {"description": "already stored", "model": StoredAttachment},
        **_problem_responses(401, 403, 404, 413, 415, 422, 429),
    },
)
async def upload(
    *,
    request: Request,
    sha256: str = Path(pattern=SHA256_PATTERN, description="lower-case hex SHA-256"),
    report_id: str | None = Query(
        default=None,
        min_length=1,
        max_length=36,
        description="the report the file is for (optional): the caller must be able to write "
        "to it, and only ops on that report may link the file",
    ),
    who: Uploader,
    db: Db,
    settings: Settings,
    now: Now,
) -> Any:
    await run_in_threadpool(_may_upload, db, who, report_id)
    declared = request.headers.get("content-length")
    await run_in_threadpool(_check_quota, db, settings, who, now, int(declared) if declared else 0)
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    check_media_type(media_type)
    limit = settings.max_attachment_bytes
    up = storage.Upload(settings.attachments_dir)
    try:
        try:
            async for chunk in request.stream():
                check_size(up, chunk, limit)
                if chunk:
                    up.write(chunk)
        except ClientDisconnect:
            return Response(status_code=400)  # nobody is listening any more
        await run_in_threadpool(up.finish)
        await run_in_threadpool(check_content, up, media_type, sha256)
        await run_in_threadpool(_check_quota, db, settings, who, now, up.size)
        created = await run_in_threadpool(
            _store, db, settings, up, sha256, media_type, who, now, report_id
        )
    finally:
        up.discard()
    # the small preview desks prefetch for the field (lapor_server.previews)
    await run_in_threadpool(previews.after_store, settings.attachments_dir, sha256, created[1])
    body = StoredAttachment(sha256=sha256, size=up.size, media_type=created[1])
    return Response(
        body.model_dump_json(),
        status_code=201 if created[0] else 200,
        media_type="application/json",
    )


# --- shared with Akai Meno's photo uploads (lapor_server.web) ---------------------------------


def keep_upload(
    db: Database,
    settings: ServerSettings,
    up: storage.Upload,
    media_type: str,
    who: AuthUser | Channel,
    now: datetime,
) -> tuple[bool, str]:
    """Quota, then store a checked upload and make its preview: (created, stored media type)."""
    _check_quota(db, settings, who, now, up.size)
    created = _store(db, settings, up, up.sha256, media_type, who, now)
    previews.after_store(settings.attachments_dir, up.sha256, created[1])
    return created


#: roles that write to reports (ops with files); pimpinan and admin only read (issue 12 #13)
WRITING_ROLES = (Role.PETUGAS, Role.KOORDINATOR)


def _may_upload(db: Database, who: AuthUser | Channel, report_id: str | None) -> None:
    """403 for a read-only role; 404 for a named report the caller cannot write to (the same
    answer as for a report that does not exist)."""
    if isinstance(who, Channel):
        if report_id is not None:
            raise Problem(404, "not-found", "Laporan tidak ditemukan.")
        return
    if who.role not in WRITING_ROLES:
        raise Problem(
            403,
            "forbidden",
            f"peran {who.role} hanya dapat membaca; lampiran diunggah oleh petugas atau "
            "koordinator",
            reason="read_only_role",
        )
    if report_id is None:
        return
    with db.read() as s:
        row = s.execute(
            sa.select(Report.agency_code, Report.status).where(Report.id == report_id)
        ).first()
    if row is None or (
        who.role == Role.PETUGAS
        and (row.agency_code != who.agency_code or row.status not in _AGENCY_STATUS_VALUES)
    ):
        raise Problem(404, "not-found", "Laporan tidak ditemukan.")


def _day_start(now: datetime) -> datetime:
    return now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def _check_quota(
    db: Database, settings: ServerSettings, who: AuthUser | Channel, now: datetime, adding: int
) -> None:
    """429 `upload_quota` when this upload would pass the account's (or channel's) daily bytes."""
    start = _day_start(now)
    key = {"user_id": who.id} if isinstance(who, AuthUser) else {"channel_id": who.id}
    with db.read() as s:
        used = rep.uploaded_since(s, start, **key)
    quota = settings.upload_quota_bytes_per_day
    if used + max(adding, 0) > quota:
        retry = int((start + timedelta(days=1) - now).total_seconds()) + 1
        raise Problem(
            429,
            "too-many-requests",
            f"batas unggahan harian akun ini ({quota // (1024 * 1024)} MB) sudah tercapai; "
            "coba lagi besok",
            headers={"Retry-After": str(max(1, retry))},
            reason="upload_quota",
        )


def _store(
    db: Database,
    settings: ServerSettings,
    up: storage.Upload,
    sha256: str,
    media_type: str,
    who: AuthUser | Channel,
    now: datetime,
    report_id: str | None = None,
) -> tuple[bool, str]:
    """Move the file into place and record it and who uploaded it; (created, stored type)."""
    grant = {
        "user_id": who.id if isinstance(who, AuthUser) else None,
        "channel_id": who.id if isinstance(who, Channel) else None,
        "report_id": report_id,
    }
    with db.read() as s:
        existing = s.get(Attachment, sha256)
    if existing is not None:
        target = storage.resolve(settings.attachments_dir, existing.storage_path)
        if target is None or not target.is_file():
            up.commit(sha256)  # the row survived but the file went missing: put it back
        with db.write() as s:
            rep.record_upload(s, sha256, up.size, now, **grant)
        return False, existing.media_type
    up.commit(sha256)
    try:
        with db.write() as s:
            s.add(
                Attachment(
                    sha256=sha256,
                    size=up.size,
                    media_type=media_type,
                    storage_path=storage.relative_path(sha256),
                    created_at=now,
                    uploaded_by=grant["user_id"],
                    uploaded_by_channel=grant["channel_id"],
                )
            )
            s.flush()
            rep.record_upload(s, sha256, up.size, now, **grant)
    except IntegrityError:
        # The same file uploaded twice at once: the other upload recorded it.
        with db.write() as s:
            row = s.get(Attachment, sha256)
            if row is None:
                raise
            rep.record_upload(s, sha256, up.size, now, **grant)
            return False, row.media_type
    return True, media_type


def visible_attachment(db: Database, user: AuthUser, sha256: str) -> tuple[Any, str] | None:
    """(attachment row, file name) when the caller may see a report that references it.

    The file name is the one the caller's snapshot shows: on an anonymous report a neutral
    `lampiran-<n>.<ext>` (issue 12 #8)."""
    r = Report.__table__.c
    ra = ReportAttachment.__table__.c
    q = (
        sa.select(Attachment, ra.filename, r.id, r.is_anonymous)
        .join(ReportAttachment.__table__, ra.sha256 == Attachment.sha256)
        .join(Report.__table__, r.id == ra.report_id)
        .where(Attachment.sha256 == sha256)
    )
    if user.role == Role.PETUGAS:
        q = q.where(
            r.agency_code == user.agency_code,
            r.status.in_(_AGENCY_STATUS_VALUES),
            ra.hidden_from_agency.is_(False),
        )
    elif user.role not in OVERSIGHT_ROLES:
        return None
    with db.read() as s:
        row = s.execute(q.order_by(ra.id).limit(1)).first()
        if row is None:
            return None
        att, filename, report_id, anonymous = row
        if anonymous:
            order = s.execute(
                sa.select(ra.sha256, sa.func.min(ra.id).label("first"))
                .where(ra.report_id == report_id)
                .group_by(ra.sha256)
                .order_by("first")
            ).all()
            number = next(i for i, (sha, _) in enumerate(order, 1) if sha == sha256)
            filename = neutral_filename(number, att.media_type)
    return att, filename


@router.get(
    "/attachments/{sha256}",
    response_class=FileResponse,
    summary="Download an attachment of a report the caller may see",
    responses={
        200: {
            "description": "the bytes, with their media type",
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        },
        **_problem_responses(401, 404),
    },
)
def download(
    *,
    sha256: str = Path(pattern=SHA256_PATTERN),
    user: CurrentUser,
    db: Db,
    settings: Settings,
) -> FileResponse:
    found = visible_attachment(db, user, sha256)
    if found is None:
        raise Problem(404, "not-found", NOT_FOUND)
    att, filename = found
    path = storage.resolve(settings.attachments_dir, att.storage_path)
    if path is None or not path.is_file():
        log.error("attachment %s is recorded but its file %s is missing", sha256, path)
        raise Problem(404, "not-found", NOT_FOUND)
    return FileResponse(
        path,
        media_type=att.media_type,
        filename=filename,
        headers={
            "ETag": f'"{sha256}"',
            "Cache-Control": "private, max-age=31536000, immutable",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "sandbox",
        },
    )


@router.post(
    "/reports/{report_id}/attachments/{sha256}/visibility",
    response_model=VisibilityOut,
    summary="Hide an attachment from the OPD (or show it again); koordinator only",
    responses={
        404: {"description": "no such report, or the report has no such attachment"},
        **_problem_responses(401, 403),
    },
)
def set_visibility(
    *,
    body: VisibilityIn,
    report_id: str = Path(min_length=1, max_length=36),
    sha256: str = Path(pattern=SHA256_PATTERN),
    user: Coordinator,
    db: Db,
    now: Now,
) -> VisibilityOut:
    hidden = body.hidden_from_agency
    with db.write() as s:
        report = s.scalar(sa.select(Report).where(Report.id == report_id).with_for_update())
        links = []
        if report is not None:
            links = list(
                s.scalars(
                    sa.select(ReportAttachment).where(
                        ReportAttachment.report_id == report_id,
                        ReportAttachment.sha256 == sha256,
                    )
                )
            )
        if report is None or not links:
            raise Problem(404, "not-found", "Laporan atau lampirannya tidak ditemukan.")
        if all(bool(link.hidden_from_agency) == hidden for link in links):
            return VisibilityOut(
                report_id=report.id,
                sha256=sha256,
                hidden_from_agency=hidden,
                version=report.version,
            )
        for link in links:
            link.hidden_from_agency = hidden
        rep.add_event(
            s,
            report,
            kind="attachment_visibility",
            actor=user.display_name,
            actor_role=user.role,
            actor_user_id=user.id,
            agency_code=report.agency_code,
            # No file name here: officers read this event, and a name can identify a reporter.
            text=(
                "Sebuah lampiran disembunyikan dari OPD."
                if hidden
                else "Sebuah lampiran ditampilkan lagi untuk OPD."
            ),
            data={"hidden_from_agency": hidden},
            now=now,
            visibility="internal",
        )
        version = rep.touch(s, report, now, rep.load_calendar(s))
        return VisibilityOut(
            report_id=report.id, sha256=sha256, hidden_from_agency=hidden, version=version
        )
