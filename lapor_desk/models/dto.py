"""Frozen plain data handed from the store to services and the UI.

ORM objects never leave the unit of work (`Store.read()`/`write()`) that loaded them: they are
bound to a Session and a thread. Convert them here, inside the unit of work, and hand these on.
This module imports no database library, so views may use it freely. Dates and times are the ISO
8601 text the server sent (they sort correctly; format them for display in the view).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

# Column order of a queue row; services select exactly these columns of `reports`.
REPORT_ROW_FIELDS = (
    "id",
    "tracking_id",
    "title",
    "category_code",
    "district_code",
    "agency_code",
    "submitted_at",
    "status",
    "respond_by",
    "last_event_at",
    "is_secret",
    "is_anonymous",
    "sync_state",
    "sync_reason",
)


@dataclass(frozen=True, slots=True)
class ReportRow:
    """One line of the work queue."""

    id: str
    tracking_id: str
    title: str
    category_code: str | None
    district_code: str | None
    agency_code: str | None
    submitted_at: str
    status: str
    respond_by: str | None
    last_event_at: str | None
    is_secret: bool
    is_anonymous: bool
    sync_state: str
    sync_reason: str | None

    @classmethod
    def from_row(cls, row: Any) -> ReportRow:
        """From a result row whose columns follow `REPORT_ROW_FIELDS`."""
        values = list(row)
        values[10] = bool(values[10])
        values[11] = bool(values[11])
        return cls(*values)


@dataclass(frozen=True, slots=True)
class EventView:
    id: str
    kind: str
    actor: str | None
    agency_code: str | None
    text: str | None
    visibility: str
    created_at: str
    attachments: tuple[str, ...]
    pending: bool
    #: the desk op that made the entry, when known (None: not from a desk, or synced before 0005)
    op_id: str | None = None
    #: the server's details (docs/api.md, events `data`): suggested_agency_code of a return,
    #: from/to of a reassignment, reason/duplicate_of of an archive, changes of a verify, ...
    data: MappingProxyType[str, Any] = MappingProxyType({})
    #: an answer's (bounded) written time, when it differs in meaning from `created_at`
    written_at: str | None = None

    @classmethod
    def from_orm(cls, e: Any) -> EventView:
        data = e.data
        if isinstance(data, str):
            data = json.loads(data)
        return cls(
            id=e.id,
            kind=e.kind,
            actor=e.actor,
            agency_code=e.agency_code,
            text=e.text,
            visibility=e.visibility,
            created_at=e.created_at,
            attachments=tuple(_sha(a) for a in (e.attachments or ())),
            pending=bool(e.pending),
            op_id=e.op_id,
            data=MappingProxyType(dict(data)) if isinstance(data, dict) else MappingProxyType({}),
            written_at=e.written_at,
        )


def _sha(item: Any) -> str:
    # Event attachments are sha256 strings; tolerate objects carrying one.
    return item.get("sha256", "") if isinstance(item, dict) else str(item)


@dataclass(frozen=True, slots=True)
class AttachmentView:
    sha256: str
    filename: str
    media_type: str
    size: int
    cache_path: str | None
    hidden_from_agency: bool

    @classmethod
    def from_orm(cls, a: Any) -> AttachmentView:
        return cls(
            sha256=a.sha256,
            filename=a.filename,
            media_type=a.media_type,
            size=a.size,
            cache_path=a.cache_path,
            hidden_from_agency=bool(a.hidden_from_agency),
        )


@dataclass(frozen=True, slots=True)
class ReportDetail:
    """Everything the report view shows: all snapshot fields, timeline and attachments."""

    id: str
    tracking_id: str
    title: str
    body: str
    classification: str | None
    category_code: str | None
    district_code: str | None
    village: str | None
    address: str | None
    lat: float | None
    lon: float | None
    incident_date: str | None
    submitted_at: str
    channel: str | None
    status: str
    agency_code: str | None
    version: int
    is_anonymous: bool
    is_secret: bool
    reporter_name: str | None
    reporter: MappingProxyType[str, Any] | None
    verify_by: str | None
    dispatch_by: str | None
    respond_by: str | None
    closes_at: str | None
    postponed_from: str | None
    last_event_at: str | None
    sync_state: str
    sync_reason: str | None
    events: tuple[EventView, ...]
    attachments: tuple[AttachmentView, ...]
    archive_reason: str | None = None
    #: the server id of the original when this report was archived as its duplicate
    duplicate_of: str | None = None
    #: the citizen's title before verification changed it (coordinators only receive it)
    original_title: str | None = None
    #: the coordinator's redacted public text (coordinators only receive it; null: not redacted)
    public_body: str | None = None
    public_address: str | None = None

    @classmethod
    def from_orm(cls, r: Any) -> ReportDetail:
        reporter = r.reporter_json
        if isinstance(reporter, str):
            reporter = json.loads(reporter)
        return cls(
            id=r.id,
            tracking_id=r.tracking_id,
            title=r.title,
            body=r.body,
            classification=r.classification,
            category_code=r.category_code,
            district_code=r.district_code,
            village=r.village,
            address=r.address,
            lat=r.lat,
            lon=r.lon,
            incident_date=r.incident_date,
            submitted_at=r.submitted_at,
            channel=r.channel,
            status=r.status,
            agency_code=r.agency_code,
            version=r.version,
            is_anonymous=bool(r.is_anonymous),
            is_secret=bool(r.is_secret),
            reporter_name=r.reporter_name,
            reporter=MappingProxyType(dict(reporter)) if reporter else None,
            verify_by=r.verify_by,
            dispatch_by=r.dispatch_by,
            respond_by=r.respond_by,
            closes_at=r.closes_at,
            postponed_from=r.postponed_from,
            last_event_at=r.last_event_at,
            sync_state=r.sync_state,
            sync_reason=r.sync_reason,
            events=tuple(EventView.from_orm(e) for e in r.events),
            attachments=tuple(AttachmentView.from_orm(a) for a in r.attachments),
            archive_reason=r.archive_reason,
            duplicate_of=r.duplicate_of,
            original_title=r.original_title,
            public_body=r.public_body,
            public_address=r.public_address,
        )


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """An outbox row as the sync engine and the conflict list see it."""

    seq: int
    op_id: str
    report_id: str
    kind: str
    payload: MappingProxyType[str, Any]
    base_version: int | None
    created_at: str
    state: str
    attempts: int
    last_error: str | None
    outcome: str | None
    outcome_detail: str | None
    outcome_reason: str | None
    report_title: str | None
    done_at: str | None

    @classmethod
    def from_orm(cls, o: Any) -> OutboxItem:
        payload = o.payload
        if isinstance(payload, str):
            payload = json.loads(payload)
        return cls(
            seq=o.seq,
            op_id=o.op_id,
            report_id=o.report_id,
            kind=o.kind,
            payload=MappingProxyType(dict(payload or {})),
            base_version=o.base_version,
            created_at=o.created_at,
            state=o.state,
            attempts=o.attempts,
            last_error=o.last_error,
            outcome=o.outcome,
            outcome_detail=o.outcome_detail,
            outcome_reason=o.outcome_reason,
            report_title=o.report_title,
            done_at=o.done_at,
        )
