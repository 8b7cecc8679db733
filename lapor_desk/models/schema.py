"""SQLAlchemy models of the desk's local work queue (the tables; the Alembic revisions create them).

Dates and times are ISO 8601 text as the server sends them, so they sort correctly and round-trip
without time-zone surprises. JSON columns hold small lists/objects from the snapshot. `reports.rid`
is a local integer key: the row id of the full-text index `report_fts` (see `search.py`); the
server id `reports.id` is what everything else refers to.

The ORM is for single-record work inside one unit of work; bulk feed pages go through `bulk.py`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Text,
)
from sqlalchemy import (
    text as sql_text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from lapor_desk.models import outbox

SYNC_STATES = ("synced", "pending", "conflict", "error")
VISIBILITIES = ("public", "internal")
DRAFT_MODES = ("public", "internal")

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Report(Base):
    """A report snapshot from the server, plus the local sync badge."""

    __tablename__ = "reports"
    __table_args__ = (
        CheckConstraint(_in("sync_state", SYNC_STATES), name="sync_state"),
        Index("ix_reports_status_respond_by", "status", "respond_by"),
        Index("ix_reports_agency_code_status", "agency_code", "status"),
        # Revision 0003: the queue's key queries (id in display order: submitted_at, rid) read
        # only these indexes, for all reports or one status, distrik or category.
        Index("ix_reports_submitted_at_rid_id", "submitted_at", "rid", "id"),
        Index("ix_reports_status_submitted_at_rid_id", "status", "submitted_at", "rid", "id"),
        Index(
            "ix_reports_district_code_submitted_at_rid_id",
            "district_code",
            "submitted_at",
            "rid",
            "id",
        ),
        Index(
            "ix_reports_category_code_submitted_at_rid_id",
            "category_code",
            "submitted_at",
            "rid",
            "id",
        ),
        Index("ix_reports_sync_state", "sync_state"),
        Index("ix_reports_tracking_id", "tracking_id"),
        Index("ix_reports_last_event_at", "last_event_at"),  # revision 0002
    )
    # The ORM identifies a report by its server id; `rid` is the table's INTEGER PRIMARY KEY
    # (row id alias) so that the FTS row ids stay stable, also across VACUUM.
    __mapper_args__ = {"primary_key": ["id"]}

    rid: Mapped[int] = mapped_column(Integer, primary_key=True)
    id: Mapped[str] = mapped_column(Text, unique=True)
    tracking_id: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    classification: Mapped[str | None] = mapped_column(Text)
    category_code: Mapped[str | None] = mapped_column(Text)
    district_code: Mapped[str | None] = mapped_column(Text)
    village: Mapped[str | None] = mapped_column(Text)
    address: Mapped[str | None] = mapped_column(Text)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    incident_date: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[str] = mapped_column(Text)
    channel: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text)
    agency_code: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)
    is_anonymous: Mapped[bool] = mapped_column(Boolean, server_default=sql_text("0"))
    is_secret: Mapped[bool] = mapped_column(Boolean, server_default=sql_text("0"))
    # Exactly what the snapshot's `reporter` holds for this account (null for anonymous reports);
    # the desk never adds contact data the server did not send.
    reporter_name: Mapped[str | None] = mapped_column(Text)
    reporter_json: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    verify_by: Mapped[str | None] = mapped_column(Text)
    dispatch_by: Mapped[str | None] = mapped_column(Text)
    respond_by: Mapped[str | None] = mapped_column(Text)
    closes_at: Mapped[str | None] = mapped_column(Text)
    postponed_from: Mapped[str | None] = mapped_column(Text)
    last_event_at: Mapped[str | None] = mapped_column(Text)
    # Revision 0006: facts the snapshot always carried, kept now.
    archive_reason: Mapped[str | None] = mapped_column(Text)
    #: the original report's server id when this one was archived as its duplicate
    duplicate_of: Mapped[str | None] = mapped_column(Text)
    #: the citizen's title before verification changed it (the server sends it to coordinators)
    original_title: Mapped[str | None] = mapped_column(Text)
    # Revision 0007: the coordinator's redacted public text (null: not redacted); coordinators
    # only receive it, next to the citizen's original in body/address.
    public_body: Mapped[str | None] = mapped_column(Text)
    public_address: Mapped[str | None] = mapped_column(Text)
    sync_state: Mapped[str] = mapped_column(Text, server_default=sql_text("'synced'"))
    sync_reason: Mapped[str | None] = mapped_column(Text)

    events: Mapped[list[Event]] = relationship(
        back_populates="report",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Event.position",
    )
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="report", cascade="all, delete-orphan", passive_deletes=True
    )


class Event(Base):
    """One timeline entry. `pending` marks a local entry (`local:<op_id>`) not yet on the server."""

    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint(_in("visibility", VISIBILITIES), name="visibility"),
        Index("ix_events_report_id_position", "report_id", "position"),
        # Revision 0003 (written_at since 0006): covers the dashboard's scan of
        # dispatch/reassign/respond entries.
        Index(
            "ix_events_kind_report_id_position_created_at_written_at",
            "kind",
            "report_id",
            "position",
            "created_at",
            "written_at",
        ),
    )

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    report_id: Mapped[str] = mapped_column(Text, ForeignKey("reports.id", ondelete="CASCADE"))
    # Order in the server's timeline (oldest first); local pending events sort after it.
    position: Mapped[int] = mapped_column(Integer, server_default=sql_text("0"))
    kind: Mapped[str] = mapped_column(Text)
    actor: Mapped[str | None] = mapped_column(Text)
    agency_code: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str | None] = mapped_column(Text)
    visibility: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(Text)
    attachments: Mapped[list[Any]] = mapped_column(JSON, server_default=sql_text("'[]'"))
    pending: Mapped[bool] = mapped_column(Boolean, server_default=sql_text("0"))
    #: the desk op that made this entry (the server's events carry it); tells the officer's own
    #: changes from others' (the composer's "report changed" warning)
    op_id: Mapped[str | None] = mapped_column(Text)
    #: the event's details as the server sent them (revision 0006): suggested_agency_code of a
    #: return, from/to of a reassignment, reason/duplicate_of of an archive, changes of a verify
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    #: an answer's written time (bounded by the server; revision 0006), else null
    written_at: Mapped[str | None] = mapped_column(Text)

    report: Mapped[Report] = relationship(back_populates="events")


class Attachment(Base):
    """Attachment metadata of a report; `cache_path` is set once the bytes are downloaded."""

    __tablename__ = "attachments"
    __table_args__ = (Index("ix_attachments_sha256", "sha256"),)

    report_id: Mapped[str] = mapped_column(
        Text, ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True
    )
    sha256: Mapped[str] = mapped_column(Text, primary_key=True)
    filename: Mapped[str] = mapped_column(Text)
    media_type: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(Integer)
    cache_path: Mapped[str | None] = mapped_column(Text)
    hidden_from_agency: Mapped[bool] = mapped_column(Boolean, server_default=sql_text("0"))

    report: Mapped[Report] = relationship(back_populates="attachments")


class LocalFile(Base):
    """A file the officer attached locally, waiting to be uploaded (content-addressed)."""

    __tablename__ = "local_files"

    sha256: Mapped[str] = mapped_column(Text, primary_key=True)
    path: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str | None] = mapped_column(Text)
    media_type: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[str | None] = mapped_column(Text)


class Agency(Base):
    __tablename__ = "agencies"

    code: Mapped[str] = mapped_column(Text, primary_key=True)
    name: Mapped[str] = mapped_column(Text)


class District(Base):
    __tablename__ = "districts"

    code: Mapped[str] = mapped_column(Text, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    villages: Mapped[list[Any]] = mapped_column(JSON, server_default=sql_text("'[]'"))


class Category(Base):
    __tablename__ = "categories"

    code: Mapped[str] = mapped_column(Text, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    default_agency: Mapped[str | None] = mapped_column(Text)


class CalendarDay(Base):
    """An extra holiday (`working` false) or working day of the server's calendar (0006)."""

    __tablename__ = "calendar_days"

    day: Mapped[str] = mapped_column(Text, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    working: Mapped[bool] = mapped_column(Boolean, server_default=sql_text("0"))


class OutboxEntry(Base):
    """One local action waiting for (or answered by) the server.

    `report_id` is deliberately not a foreign key: the row must outlive its report when a tombstone
    removes the report, so that the officer's text turns into a visible conflict.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint(_in("state", outbox.STATES), name="state"),
        Index("ix_outbox_state_seq", "state", "seq"),
        Index("ix_outbox_report_id_seq", "report_id", "seq"),
        {"sqlite_autoincrement": True},
    )

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    op_id: Mapped[str] = mapped_column(Text, unique=True)
    report_id: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    base_version: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(Text, server_default=sql_text("'pending'"))
    attempts: Mapped[int] = mapped_column(Integer, server_default=sql_text("0"))
    last_error: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(Text)
    outcome_detail: Mapped[str | None] = mapped_column(Text)
    outcome_reason: Mapped[str | None] = mapped_column(Text)
    report_title: Mapped[str | None] = mapped_column(Text)
    done_at: Mapped[str | None] = mapped_column(Text)


class SyncState(Base):
    """Key/value sync bookkeeping: `cursor`, `last_success`, `last_attempt`, `server_url`, ..."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(Text, primary_key=True)
    value: Mapped[str | None] = mapped_column(Text)


class Draft(Base):
    """Autosaved compose text; not tied to the report row so a tombstone never deletes it."""

    __tablename__ = "drafts"
    __table_args__ = (CheckConstraint(_in("mode", DRAFT_MODES), name="mode"),)

    report_id: Mapped[str] = mapped_column(Text, primary_key=True)
    mode: Mapped[str] = mapped_column(Text, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    final: Mapped[bool] = mapped_column(Boolean, server_default=sql_text("0"))
    updated_at: Mapped[str] = mapped_column(Text)


class FtsPending(Base):
    """Reports whose full-text entry is still to be (re)built (deferred indexing, see bulk.py)."""

    __tablename__ = "fts_pending"

    rid: Mapped[int] = mapped_column(Integer, primary_key=True)


class SavedView(Base):
    """A named queue filter the officer saved (added by revision 0002)."""

    __tablename__ = "saved_views"

    name: Mapped[str] = mapped_column(Text, primary_key=True)
    filter: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[str | None] = mapped_column(Text)
