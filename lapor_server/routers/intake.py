"""Intake from channels: `POST /api/v1/intake/reports` and reporter replies.

Channels (the web form, the SMS gateway, WhatsApp, Open311 clients) authenticate with an API key
in `X-Api-Key` (issued by `lapor-server issue-channel-key`, stored hashed). A new report starts
`unverified` with its deadlines and a feed position, so coordinators' desks receive it on their
next sync. A channel may send its own `external_id`: sending the same report again then answers
200 with the existing ids instead of creating a duplicate (a retry after a lost answer) — also
when both attempts arrive together: a unique index on (channel, external_id) makes the second
insert fail, and its retry finds the first.

Reporter replies re-open a completed report within its 10-working-day window, resume a postponed
one, and otherwise just add to the timeline. An optional `reply_id` (UUID) makes a retried reply
count once.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Annotated, Any, Literal

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Path, Response
from fastapi.security import APIKeyHeader
from pydantic import BaseModel, ConfigDict, Field, StrictBool
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lapor_core.calendar import local_date
from lapor_core.wire import MAX_TEXT, MAX_TITLE, is_uuid
from lapor_core.workflow import LABELS_ID, Action, NotAllowed, Status
from lapor_server import manage
from lapor_server import reports as rep
from lapor_server.citizen import tokens
from lapor_server.citizen.tables import PublicUpdate
from lapor_server.db import Database
from lapor_server.deps import Db, Now
from lapor_server.errors import Problem
from lapor_server.models import Category, Channel, District, OpRecord, Report
from lapor_server.ops import OpActor, apply_system_action

router = APIRouter(prefix="/api/v1/intake", tags=["intake"])

_api_key = APIKeyHeader(
    name="X-Api-Key", auto_error=False, description="API key of an intake channel"
)
ApiKey = Annotated[str | None, Depends(_api_key)]
REPORTER = OpActor(role="reporter", agency_code=None, display_name=rep.REPORTER_ACTOR)
Classification = Literal["pengaduan", "aspirasi", "permintaan_informasi"]
ChannelName = Literal[
    "web", "sms", "mobile", "twitter", "facebook", "instagram", "whatsapp", "open311", "walk_in"
]


# --- channel authentication ----------------------------------------------------------------------


def channel_of_key(db: Database, key: str | None) -> Channel:
    """The active channel behind an API key, or Problem 401."""
    if not key:
        raise Problem(
            401,
            "api-key-required",
            "kunci API kanal diperlukan (header X-Api-Key)",
            headers={"WWW-Authenticate": "ApiKey"},
        )
    with db.read() as s:
        channel = manage.channel_for_key(s, key)
    if channel is None:
        raise Problem(
            401,
            "invalid-api-key",
            "kunci API kanal tidak valid atau sudah dicabut",
            headers={"WWW-Authenticate": "ApiKey"},
        )
    return channel


def bound_channel_name(channel: Channel, claimed: str | None) -> str:
    """The channel a report is filed under: the key's own. Naming another is refused (a key of
    the web form cannot file reports as SMS or WhatsApp)."""
    own = channel.name[:32]
    if claimed is not None and claimed != own:
        raise Problem(
            403,
            "channel-mismatch",
            f"kunci API ini milik kanal '{own}', bukan '{claimed}'",
            reason="channel_mismatch",
        )
    return own


def speaks_for_reporter(
    s: Session, report: Report, channel: Channel | None, token: str | None
) -> None:
    """Problem 403 unless `channel` filed the report or `token` is its reporter token."""
    own = channel is not None and report.channel_id == channel.id
    if own or tokens.valid(s, report.id, token):
        return
    raise Problem(
        403,
        "not-your-report",
        "laporan ini tidak dikirim melalui kanal ini; sertakan reporter_token pelapor",
        reason="not_your_report",
    )


def current_channel(key: ApiKey, db: Db) -> Channel:
    """FastAPI dependency: the calling channel."""
    return channel_of_key(db, key)


#: the intake channel of the request's X-Api-Key (401 without a valid one)
IntakeChannel = Annotated[Channel, Depends(current_channel)]


# --- shapes --------------------------------------------------------------------------------------


class ReporterIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    name: str = Field(min_length=1, max_length=200)
    phone: str | None = Field(default=None, max_length=64)
    email: str | None = Field(default=None, max_length=200)


class AttachmentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="uploaded before with PUT")
    filename: str = Field(min_length=1, max_length=255)


class IntakeReport(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    title: str = Field(min_length=1, max_length=MAX_TITLE)
    body: str = Field(min_length=1, max_length=MAX_TEXT)
    classification: Classification = "pengaduan"
    category_code: str | None = Field(default=None, max_length=64)
    district_code: str | None = Field(default=None, max_length=64)
    village: str | None = Field(default=None, max_length=200)
    address: str | None = Field(default=None, max_length=500)
    lat: float | None = Field(default=None, ge=-90, le=90, allow_inf_nan=False)
    lon: float | None = Field(default=None, ge=-180, le=180, allow_inf_nan=False)
    incident_date: date | None = Field(default=None, description="not in the future")
    channel: ChannelName | None = Field(
        default=None,
        description="the key's own channel (default); another channel name is refused (403)",
    )
    is_anonymous: StrictBool = False
    is_secret: StrictBool = False
    reporter: ReporterIn | None = None
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=20)
    external_id: str | None = Field(
        default=None,
        min_length=1,
        max_length=128,
        description="the channel's own id; a resend with the same id returns the same report",
    )


class IntakeCreated(BaseModel):
    id: str
    tracking_id: str
    reporter_token: str | None = Field(
        default=None,
        description="lets the reporter reply or rate through another channel; shown once (a "
        "resend with the same external_id gets a fresh one, both valid)",
    )


class ReplyIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    text: str = Field(min_length=1, max_length=MAX_TEXT)
    reply_id: str | None = Field(
        default=None, max_length=36, description="optional UUID: a resend counts once"
    )
    reporter_token: str | None = Field(
        default=None,
        max_length=200,
        description="needed when this channel did not file the report",
    )


class ReplyOut(BaseModel):
    tracking_id: str
    status: str
    status_label: str
    version: int
    duplicate: bool = False
    #: the reply's entry in the public conversation (Open311 `update_id`); null for a duplicate
    update_id: str | None = None


def _invalid(field: str, message: str, reason: str = "invalid") -> Problem:
    return Problem(
        422,
        "validation-error",
        f"{field}: {message}",
        reason=reason,
        errors=[{"loc": ["body", field], "msg": message, "type": reason}],
    )


def check_codes(s: Session, category_code: str | None, district_code: str | None) -> None:
    if category_code is not None and s.get(Category, category_code) is None:
        raise _invalid("category_code", f"kategori '{category_code}' tidak dikenal", "unknown_code")
    if district_code is not None and s.get(District, district_code) is None:
        raise _invalid("district_code", f"distrik '{district_code}' tidak dikenal", "unknown_code")


def create_from_intake(
    db: Database,
    channel: Channel,
    *,
    now: datetime,
    fields: dict[str, Any],
    attachments: list[tuple[str, str]],
    external_id: str | None,
) -> tuple[Report, bool]:
    """Create (or find the already created) report; returns (report, created)."""
    if fields.get("incident_date") and fields["incident_date"] > local_date(now):
        raise _invalid("incident_date", "tanggal kejadian tidak boleh di masa depan", "future_date")
    for attempt in range(2):
        try:
            with db.write() as s:
                if external_id is not None:
                    existing = s.scalar(
                        sa.select(Report).where(
                            Report.channel_id == channel.id, Report.external_id == external_id
                        )
                    )
                    if existing is not None:
                        # A resend after a lost answer: the channel may never have seen the
                        # first token, so it gets a fresh one (both stay valid).
                        existing.reporter_token = tokens.issue(s, existing.id, "intake", now)  # type: ignore[attr-defined]
                        return existing, False
                check_codes(s, fields.get("category_code"), fields.get("district_code"))
                if attachments:
                    missing = rep.missing_attachments(s, [h for h, _ in attachments])
                    if missing:
                        raise _invalid(
                            "attachments",
                            "lampiran belum diunggah: " + ", ".join(h[:12] for h in missing),
                            "attachment_missing",
                        )
                report = rep.create_report(
                    s,
                    submitted_at=now,
                    now=now,
                    calendar=rep.load_calendar(s),
                    channel_id=channel.id,
                    external_id=external_id,
                    attachments=attachments,
                    **fields,
                )
                report.reporter_token = tokens.issue(s, report.id, "intake", now)  # type: ignore[attr-defined]
                return report, True
        except IntegrityError:
            # A tracking id drawn twice at once, or a concurrent twin with the same external id.
            if attempt:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


# --- endpoints -----------------------------------------------------------------------------------

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "missing or invalid channel API key"},
    422: {"description": "invalid report (unknown codes, bad dates, out-of-range values)"},
}


@router.post(
    "/reports",
    status_code=201,
    response_model=IntakeCreated,
    summary="Submit a new report from a channel",
    responses={
        200: {"description": "already submitted (same external_id)", "model": IntakeCreated},
        **_ERRORS,
    },
)
def submit_report(
    body: IntakeReport,
    response: Response,
    channel: IntakeChannel,
    db: Db,
    now: Now,
) -> IntakeCreated:
    reporter = body.reporter
    fields = dict(
        title=body.title,
        body=body.body,
        classification=body.classification,
        channel=bound_channel_name(channel, body.channel),
        category_code=body.category_code or None,
        district_code=body.district_code or None,
        village=body.village or None,
        address=body.address or None,
        lat=body.lat,
        lon=body.lon,
        incident_date=body.incident_date,
        is_anonymous=body.is_anonymous,
        is_secret=body.is_secret,
        reporter_name=reporter.name if reporter else None,
        reporter_phone=(reporter.phone or None) if reporter else None,
        reporter_email=(reporter.email or None) if reporter else None,
    )
    report, created = create_from_intake(
        db,
        channel,
        now=now,
        fields=fields,
        attachments=[(a.sha256, a.filename) for a in body.attachments],
        external_id=body.external_id,
    )
    if not created:
        response.status_code = 200
    return IntakeCreated(
        id=report.id,
        tracking_id=report.tracking_id,
        reporter_token=getattr(report, "reporter_token", None),
    )


def latest_update_id(s: Session, report_id: str) -> str | None:
    """The id of the report's newest conversation entry (just written by the caller)."""
    found = s.scalar(
        sa.select(PublicUpdate.id)
        .where(PublicUpdate.report_id == report_id)
        .order_by(PublicUpdate.id.desc())
        .limit(1)
    )
    return str(found) if found is not None else None


def _reply_fingerprint(report_id: str, text: str) -> str:
    return hashlib.sha256(f"reporter_reply|{report_id}|{text}".encode()).hexdigest()


_REFUSED = {
    "closed": (
        "reply-window-closed",
        "Masa tanggapan 10 hari kerja sudah lewat dan laporan sudah ditutup; "
        "kirim laporan baru bila masalahnya belum selesai.",
    ),
    "status": (
        "report-archived",
        "Laporan ini sudah diarsipkan sehingga tanggapan tidak dapat diterima.",
    ),
}


def add_reply(
    db: Database,
    tracking_id: str,
    text: str,
    reply_id: str | None,
    now: datetime,
    *,
    channel: Channel | None,
    reporter_token: str | None = None,
) -> ReplyOut:
    """Apply a reporter reply (exactly once per reply_id) or raise Problem 403/404/409."""
    tid = tracking_id.strip().upper()
    fp = None
    if reply_id is not None:
        if not is_uuid(reply_id):
            raise _invalid("reply_id", "harus berupa UUID", "reply_id")
        reply_id = reply_id.lower()
    for attempt in range(2):
        try:
            with db.write() as s:
                report = s.scalar(
                    sa.select(Report).where(Report.tracking_id == tid).with_for_update()
                )
                if report is None:
                    raise Problem(404, "not-found", f"laporan {tid} tidak ditemukan")
                speaks_for_reporter(s, report, channel, reporter_token)
                if reply_id is not None:
                    fp = _reply_fingerprint(report.id, text)
                    stored = s.get(OpRecord, reply_id)
                    if stored is not None:
                        if stored.fingerprint != fp or stored.kind != "reporter_reply":
                            raise Problem(
                                409,
                                "reply-id-reused",
                                "reply_id ini sudah dipakai untuk tanggapan lain",
                                reason="reply_id_reused",
                            )
                        return ReplyOut(
                            tracking_id=report.tracking_id,
                            status=report.status,
                            status_label=LABELS_ID[Status(report.status)],
                            version=report.version,
                            duplicate=True,
                        )
                try:
                    version = apply_system_action(
                        s,
                        report,
                        Action.REPORTER_REPLY,
                        REPORTER,
                        now,
                        rep.load_calendar(s),
                        text=text,
                    )
                    update_id = latest_update_id(s, report.id)
                except NotAllowed as exc:
                    slug, detail = _REFUSED.get(exc.reason, ("reply-refused", exc.message))
                    raise Problem(409, slug, detail, reason=exc.reason) from None
                if reply_id is not None:
                    s.add(
                        OpRecord(
                            op_id=reply_id,
                            user_id=None,
                            kind="reporter_reply",
                            report_id=report.id,
                            fingerprint=fp,
                            outcome="applied",
                            report_version=version,
                            created_at=now,
                        )
                    )
                    s.flush()
                return ReplyOut(
                    tracking_id=report.tracking_id,
                    status=report.status,
                    status_label=LABELS_ID[Status(report.status)],
                    version=version,
                    update_id=update_id,
                )
        except IntegrityError:
            if attempt or reply_id is None:
                raise  # pragma: no cover - only a concurrent twin of the same reply gets here
    raise AssertionError("unreachable")  # pragma: no cover


@router.post(
    "/reports/{tracking_id}/replies",
    status_code=201,
    response_model=ReplyOut,
    summary="Add the reporter's reply to a report (re-opens or resumes it when that applies)",
    responses={
        200: {"description": "this reply_id was applied before", "model": ReplyOut},
        403: {"description": "another channel filed the report and no reporter_token was given"},
        404: {"description": "no report with this tracking id"},
        409: {"description": "the report no longer takes replies (closed or archived)"},
        **_ERRORS,
    },
)
def reply(
    *,
    body: ReplyIn,
    response: Response,
    tracking_id: str = Path(min_length=1, max_length=32),
    channel: IntakeChannel,
    db: Db,
    now: Now,
) -> ReplyOut:
    out = add_reply(
        db,
        tracking_id,
        body.text,
        body.reply_id,
        now,
        channel=channel,
        reporter_token=body.reporter_token,
    )
    if out.duplicate:
        response.status_code = 200
    return out
