"""Pydantic models that document the wire shapes in the OpenAPI document.

The feed is encoded with orjson directly (speed); these models describe exactly what it sends,
so schemathesis and outside integrators can rely on `/openapi.json`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class AttachmentRef(BaseModel):
    sha256: str
    filename: str
    media_type: str
    size: int
    hidden_from_agency: bool | None = Field(
        default=None, description="coordinators only: hidden from the OPD"
    )


class Event(BaseModel):
    id: int
    kind: str = Field(
        description="submit, verify, archive, dispatch, reassign, return, respond, "
        "note, postpone, resume, reporter_reply, close"
    )
    actor: str
    actor_role: str
    agency_code: str | None
    text: str | None
    visibility: Literal["public", "internal"]
    created_at: datetime
    attachments: list[AttachmentRef]
    data: dict[str, Any]
    version: int = Field(description="the report version this event produced")
    op_id: str | None = Field(description="the desk op that produced it (null: intake, system)")
    written_at: datetime | None = Field(
        default=None,
        description="respond only: when the officer wrote the answer (the op's created_at, "
        "bounded by the base version's time, the latest dispatch and the time received)",
    )


class Reporter(BaseModel):
    name: str | None
    phone: str | None = Field(default=None, description="coordinators only")
    email: str | None = Field(default=None, description="coordinators only")


class DeadlinesOut(BaseModel):
    verify_by: date | None
    dispatch_by: date | None
    respond_by: date | None
    closes_at: date | None


class ReportSnapshot(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    tracking_id: str
    title: str
    body: str
    classification: str
    category_code: str | None
    district_code: str | None
    village: str | None
    address: str | None
    lat: float | None
    lon: float | None
    incident_date: date | None
    submitted_at: datetime
    channel: str
    status: str
    agency_code: str | None
    version: int
    is_anonymous: bool
    is_secret: bool
    reporter: Reporter | None = Field(description="null for anonymous reports, for every role")
    deadlines: DeadlinesOut
    events: list[Event]
    attachments: list[AttachmentRef]
    postponed_from: str | None
    archive_reason: str | None
    duplicate_of: str | None
    closed_at: datetime | None
    updated_at: datetime
    original_title: str | None = Field(
        default=None,
        description="koordinator only: the citizen's title before verification changed it",
    )
    public_body: str | None = Field(
        default=None,
        description="koordinator only: the redacted public body (`redact` op) that everyone "
        "else reads as `body`; null when not redacted",
    )
    public_address: str | None = Field(
        default=None,
        description="koordinator only: the redacted public address; null when not redacted",
    )


class ReportItem(BaseModel):
    type: Literal["report"]
    report: ReportSnapshot


class TombstoneItem(BaseModel):
    type: Literal["tombstone"]
    report_id: str
    reason: str = Field(description="reassigned or returned")
    at: str | None = Field(None, description="when the report left the OPD (RFC 3339, UTC)")
    by: str | None = Field(None, description="display name of who moved it")
    to_agency_code: str | None = Field(
        None, description="the OPD it went to (reassigned); null when returned to the coordinator"
    )


class ScopeSummary(BaseModel):
    count: int = Field(description="reports in the caller's scope")
    version_sum: int = Field(description="sum of their versions")


class FeedPage(BaseModel):
    items: list[ReportItem | TombstoneItem]
    cursor: str
    has_more: bool
    summary: ScopeSummary | None = Field(
        default=None, description="with summary=1, on the last page (has_more false) only"
    )
    reference_version: str | None = Field(
        default=None,
        description="on the last page only: fingerprint of GET /reference (calendar, agencies, "
        "...); fetch the reference again when it changed",
    )


class Op(BaseModel):
    # Strict: a number is not an op_id, "3" is not a version (the desk always sends proper types).
    model_config = ConfigDict(strict=True)

    op_id: str = Field(max_length=64, description="a UUID made by the desk, permanent")
    kind: str = Field(max_length=32)
    report_id: str = Field(max_length=64)
    base_version: int | None = Field(default=None, ge=0, le=2**31 - 1)
    payload: dict[str, Any] = Field(default_factory=dict)
    created_at: datetime | None = Field(
        default=None,
        description="when the officer did it, on the desk's clock (ISO 8601 with a time zone)",
    )

    @field_validator("created_at", mode="before")
    @classmethod
    def _iso_with_zone(cls, value: Any) -> Any:
        if value is None or isinstance(value, datetime):
            return value
        if not isinstance(value, str):
            raise ValueError("must be an ISO 8601 date-time text")
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise ValueError("not an ISO 8601 date-time") from None
        if moment.tzinfo is None:
            raise ValueError("the time must carry a time zone")
        return moment


class OpsRequest(BaseModel):
    model_config = ConfigDict(strict=True)

    ops: list[Op] = Field(max_length=100)


class OpResultOut(BaseModel):
    op_id: str
    outcome: Literal["applied", "duplicate", "conflict", "rejected"]
    detail: str | None
    report_version: int | None
    reason: str | None = Field(default=None, description="stable machine code beside `detail`")


class OpsResponse(BaseModel):
    results: list[OpResultOut]
