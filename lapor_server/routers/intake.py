"""Intake from channels: `POST /api/v1/intake/reports` (replies and ratings: `reporter.py`).

Channels (the web form, the SMS gateway, WhatsApp, Open311 clients) authenticate with an API key
in `X-Api-Key` (issued by `lapor-server issue-channel-key`, stored hashed). A new report starts
`unverified` with its deadlines and a feed position, so coordinators' desks receive it on their
next sync. A channel may send its own `external_id`: sending the same report again then answers
200 with the existing ids instead of creating a duplicate (a retry after a lost answer) — also
when both attempts arrive together: a unique index on (channel, external_id) makes the second
insert fail, and its retry finds the first.

A key is its channel (issue 12, item 9): reports are filed under the key's channel name, and the
answer carries a `reporter_token` with which the reporter may speak through another channel.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Response
from fastapi.security import APIKeyHeader
from pydantic import BaseModel, ConfigDict, Field, StrictBool, field_validator
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lapor_core.calendar import local_date
from lapor_core.wire import (
    INCIDENT_MAX_AGE_YEARS,
    MAX_TEXT,
    MAX_TITLE,
    attachment_name_problem,
)
from lapor_server import manage
from lapor_server import reports as rep
from lapor_server.citizen import tokens
from lapor_server.db import Database
from lapor_server.deps import Db, Now
from lapor_server.errors import Problem
from lapor_server.models import Category, Channel, District, Report
from lapor_server.ops import OpActor

router = APIRouter(prefix="/api/v1/intake", tags=["intake"])

_api_key = APIKeyHeader(
    name="X-Api-Key", auto_error=False, description="API key of an intake channel"
)
ApiKey = Annotated[str | None, Depends(_api_key)]
REPORTER = OpActor(role="reporter", agency_code=None, display_name=rep.REPORTER_ACTOR)
Classification = Literal["pengaduan", "aspirasi", "permintaan_informasi"]
ChannelName = Literal[
    "web",
    "sms",
    "mobile",
    "twitter",
    "facebook",
    "instagram",
    "whatsapp",
    "open311",
    "walk_in",
    "akai_meno",
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
    filename: str = Field(
        min_length=1,
        max_length=255,
        description="no control characters, no / or \\, no executable extension (.exe, .js, …)",
    )

    @field_validator("filename")
    @classmethod
    def _safe_name(cls, value: str) -> str:
        problem = attachment_name_problem(value)
        if problem:
            raise ValueError(problem)
        return value


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
    oldest = date(local_date(now).year - INCIDENT_MAX_AGE_YEARS, 1, 1)
    if fields.get("incident_date") and fields["incident_date"] < oldest:
        raise _invalid(
            "incident_date",
            f"tanggal kejadian tidak masuk akal (sebelum {oldest.isoformat()})",
            "date_too_old",
        )
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
                    # Only files this channel uploaded (issue 12 #3).
                    missing = rep.unlinkable_attachments(
                        s, [h for h, _ in attachments], report_id=None, channel_id=channel.id
                    )
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
