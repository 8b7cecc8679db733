"""Database schema of the central server (SQLAlchemy 2.x declarative models).

Works on SQLite (embedded default) and PostgreSQL (production). Every piece of state lives here —
tokens, login attempts, op records, the feed counter — so server processes stay stateless.

Times are stored as UTC (`UTCDateTime` attaches the zone again on read, also on SQLite, which keeps
no zone); dates (deadlines, holidays) are Mimika-local calendar dates.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, validates
from sqlalchemy.types import TypeDecorator

from lapor_core import contact
from lapor_core.workflow import AGENCY_STATUSES, values

# Stable constraint names so Alembic migrations can refer to them on both databases.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """An aware datetime stored as UTC; naive values are refused (they are always a bug here)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


JSONType = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING)


# --- server-wide ---------------------------------------------------------------------------------


class ServerMeta(Base):
    """Key/value facts about this database: `epoch` (changes when the feed history is reset),
    `feed_floor` (the oldest feed position still served to agency desks)."""

    __tablename__ = "server_meta"
    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    value: Mapped[str] = mapped_column(sa.Text)


class FeedCounter(Base):
    """The single row holding the last assigned feed sequence number (see `feed.next_seq`)."""

    __tablename__ = "feed_counter"
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    value: Mapped[int] = mapped_column(sa.BigInteger, default=0)


# --- reference data ------------------------------------------------------------------------------


class Agency(Base):
    __tablename__ = "agencies"
    code: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    short_name: Mapped[str | None] = mapped_column(sa.String(100), nullable=True)
    #: dinas, badan, distrik, bumd, setda, satuan, uptd
    kind: Mapped[str] = mapped_column(sa.String(16), default="dinas")
    #: for a distrik office: its distrik
    district_code: Mapped[str | None] = mapped_column(sa.String(64), nullable=True)
    active: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    #: the OPD's contact person (issue 15): digests and notices go to them too
    contact_name: Mapped[str | None] = mapped_column(sa.String(200), nullable=True)
    contact_email: Mapped[str | None] = mapped_column(sa.String(254), nullable=True)
    contact_phone: Mapped[str | None] = mapped_column(sa.String(32), nullable=True)
    #: incremented by every administrative change (two admins editing one OPD conflict)
    version: Mapped[int] = mapped_column(sa.Integer, default=1, server_default=sa.text("1"))

    @validates("contact_name")
    def _check_contact_name(self, _key: str, value: str | None) -> str | None:
        return contact.clean_name(value)

    @validates("contact_email")
    def _check_contact_email(self, _key: str, value: str | None) -> str | None:
        return contact.clean_email(value)

    @validates("contact_phone")
    def _check_contact_phone(self, _key: str, value: str | None) -> str | None:
        return contact.clean_phone(value)


class District(Base):
    __tablename__ = "districts"
    code: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    villages: Mapped[list[str]] = mapped_column(JSONType, default=list)
    population: Mapped[int | None] = mapped_column(sa.Integer, nullable=True)
    #: the distrik's name in the map file (the dashboard map joins on it)
    geo_name: Mapped[str | None] = mapped_column(sa.String(200), nullable=True)


class Category(Base):
    __tablename__ = "categories"
    code: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    #: the OPD that usually handles the category (a hint for the coordinator's dispatch)
    default_agency_code: Mapped[str | None] = mapped_column(sa.String(64), nullable=True)
    #: Open311 service group
    group: Mapped[str | None] = mapped_column(sa.String(100), nullable=True)
    #: incremented by every administrative change (two admins editing one category conflict)
    version: Mapped[int] = mapped_column(sa.Integer, default=1, server_default=sa.text("1"))


class CalendarDay(Base):
    """An admin-configured day: an extra holiday (cuti bersama, regional) or extra working day."""

    __tablename__ = "calendar_days"
    day: Mapped[date] = mapped_column(sa.Date, primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    working: Mapped[bool] = mapped_column(sa.Boolean, default=False)


# --- accounts ------------------------------------------------------------------------------------


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(sa.String(64), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(200))
    role: Mapped[str] = mapped_column(sa.String(16))
    agency_code: Mapped[str | None] = mapped_column(
        sa.String(64), sa.ForeignKey("agencies.code"), nullable=True
    )
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    disabled: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: where the account's digests and notices go (issue 15); null: none
    email: Mapped[str | None] = mapped_column(sa.String(254), nullable=True)
    #: incremented by every administrative change (two admins editing one account conflict)
    version: Mapped[int] = mapped_column(sa.Integer, default=1, server_default=sa.text("1"))

    @validates("email")
    def _check_email(self, _key: str, value: str | None) -> str | None:
        return contact.clean_email(value)


class DeviceToken(Base):
    """A desk's login. Only the SHA-256 of the token is stored; the token itself is shown once."""

    __tablename__ = "device_tokens"
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    device_name: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: the desk version it signed in with (its User-Agent), for the admin's device list
    desk_version: Mapped[str | None] = mapped_column(sa.String(32), nullable=True)


class LoginAttempt(Base):
    """Failed logins per username (known or not), for throttling; successes clear the count."""

    __tablename__ = "login_attempts"
    __table_args__ = (sa.Index("ix_login_attempts_username_at", "username", "at"),)
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(sa.String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    success: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    remote_addr: Mapped[str | None] = mapped_column(sa.String(64), nullable=True)


# --- intake channels -----------------------------------------------------------------------------


class Channel(Base):
    __tablename__ = "channels"
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    active: Mapped[bool] = mapped_column(sa.Boolean, default=True)


class ChannelKey(Base):
    """An API key of an intake channel, stored as SHA-256 (keys are long random strings)."""

    __tablename__ = "channel_keys"
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    channel_id: Mapped[int] = mapped_column(sa.ForeignKey("channels.id"), index=True)
    key_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    #: the first characters of the key, so an admin can tell keys apart
    prefix: Mapped[str] = mapped_column(sa.String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


# --- reports -------------------------------------------------------------------------------------

#: report statuses at an agency
AGENCY_STATUS_VALUES = values(AGENCY_STATUSES)


class Report(Base):
    __tablename__ = "reports"
    __table_args__ = (
        # The agency feed: reports currently at one agency, in feed order.
        sa.Index("ix_reports_agency_feed", "agency_code", "feed_seq"),
        sa.Index("ix_reports_status_closes", "status", "closes_at"),
        # One report per channel and external id, also when a channel sends the same report
        # twice at once (intake answers the twin with the first one). NULLs never collide.
        sa.Index("uq_reports_channel_external", "channel_id", "external_id", unique=True),
    )
    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    tracking_id: Mapped[str] = mapped_column(sa.String(32), unique=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    #: the citizen's title as submitted, once a coordinator changed it (null: never changed)
    original_title: Mapped[str | None] = mapped_column(sa.String(300), nullable=True)
    body: Mapped[str] = mapped_column(sa.Text)
    classification: Mapped[str] = mapped_column(sa.String(32))
    category_code: Mapped[str | None] = mapped_column(sa.String(64), nullable=True)
    district_code: Mapped[str | None] = mapped_column(sa.String(64), nullable=True)
    village: Mapped[str | None] = mapped_column(sa.String(200), nullable=True)
    address: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    lat: Mapped[float | None] = mapped_column(sa.Float, nullable=True)
    lon: Mapped[float | None] = mapped_column(sa.Float, nullable=True)
    incident_date: Mapped[date | None] = mapped_column(sa.Date, nullable=True)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    channel: Mapped[str] = mapped_column(sa.String(32))
    channel_id: Mapped[int | None] = mapped_column(sa.ForeignKey("channels.id"), nullable=True)
    #: the channel's own id for the report (Open311 clients may send one); unique per channel
    external_id: Mapped[str | None] = mapped_column(sa.String(128), nullable=True)

    status: Mapped[str] = mapped_column(sa.String(16), index=True)
    agency_code: Mapped[str | None] = mapped_column(sa.String(64), nullable=True)
    postponed_from: Mapped[str | None] = mapped_column(sa.String(16), nullable=True)
    version: Mapped[int] = mapped_column(sa.Integer, default=1)

    is_anonymous: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    is_secret: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    reporter_name: Mapped[str | None] = mapped_column(sa.String(200), nullable=True)
    reporter_phone: Mapped[str | None] = mapped_column(sa.String(64), nullable=True)
    reporter_email: Mapped[str | None] = mapped_column(sa.String(200), nullable=True)

    archive_reason: Mapped[str | None] = mapped_column(sa.String(32), nullable=True)
    duplicate_of: Mapped[str | None] = mapped_column(sa.String(36), nullable=True)

    # Inputs of lapor_core.deadlines.compute, kept on the row so deadlines need no event scan.
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    dispatched_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: postponements as [[start_iso, end_iso_or_null], ...]
    pauses: Mapped[list[list[str | None]]] = mapped_column(JSONType, default=list)

    verify_by: Mapped[date | None] = mapped_column(sa.Date, nullable=True)
    dispatch_by: Mapped[date | None] = mapped_column(sa.Date, nullable=True)
    respond_by: Mapped[date | None] = mapped_column(sa.Date, nullable=True)
    closes_at: Mapped[date | None] = mapped_column(sa.Date, nullable=True)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: feed position of the report's latest change (unique; the coordinator feed walks this index)
    feed_seq: Mapped[int] = mapped_column(sa.BigInteger, unique=True)


class ReportEvent(Base):
    """One timeline entry. `kind` is the action (verify, respond, ...) or `submit`."""

    __tablename__ = "report_events"
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    report_id: Mapped[str] = mapped_column(sa.ForeignKey("reports.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(32))
    #: the name shown in the timeline (display name; "Pelapor" for the reporter, "Sistem")
    actor: Mapped[str] = mapped_column(sa.String(200))
    actor_role: Mapped[str] = mapped_column(sa.String(16))
    actor_user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), nullable=True)
    agency_code: Mapped[str | None] = mapped_column(sa.String(64), nullable=True)
    text: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    visibility: Mapped[str] = mapped_column(sa.String(8))
    #: structured extras: final flag, archive reason, from/to agency, changed fields
    data: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: an answer's bounded written time (`op_checks.written_time`); null for every other event
    written_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    op_id: Mapped[str | None] = mapped_column(sa.String(36), nullable=True)
    #: the report version this event produced
    version: Mapped[int] = mapped_column(sa.Integer)


class Attachment(Base):
    """A stored file, addressed by its SHA-256; the bytes live under the attachments directory."""

    __tablename__ = "attachments"
    sha256: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    size: Mapped[int] = mapped_column(sa.BigInteger)
    media_type: Mapped[str] = mapped_column(sa.String(128))
    storage_path: Mapped[str] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    uploaded_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), nullable=True)
    uploaded_by_channel: Mapped[int | None] = mapped_column(
        sa.ForeignKey("channels.id"), nullable=True
    )


class ReportRedaction(Base):
    """The coordinator's redacted public text of a report (`redact` op, issue 12 #17): what
    everyone but a koordinator reads, Open311 included. The original stays in `reports`."""

    __tablename__ = "report_redactions"
    report_id: Mapped[str] = mapped_column(
        sa.ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True
    )
    #: null: that field is not redacted
    public_body: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    public_address: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    redacted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    redacted_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), nullable=True)


class AttachmentUpload(Base):
    """One accepted upload: who sent the file (account or channel), for which report if said, its
    size. Linking a file needs such a row of the linking account (issue 12 #3); the daily quota
    sums them (#13)."""

    __tablename__ = "attachment_uploads"
    __table_args__ = (
        sa.Index("ix_attachment_uploads_user_at", "user_id", "created_at"),
        sa.Index("ix_attachment_uploads_channel_at", "channel_id", "created_at"),
        sa.Index("ix_attachment_uploads_sha256", "sha256"),
    )
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    sha256: Mapped[str] = mapped_column(sa.ForeignKey("attachments.sha256"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), nullable=True)
    channel_id: Mapped[int | None] = mapped_column(sa.ForeignKey("channels.id"), nullable=True)
    report_id: Mapped[str | None] = mapped_column(sa.String(36), nullable=True)
    size: Mapped[int] = mapped_column(sa.BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ReportAttachment(Base):
    """An attachment used by a report (from intake: event_id null; from an op: its event)."""

    __tablename__ = "report_attachments"
    __table_args__ = (sa.Index("ix_report_attachments_sha256", "sha256"),)
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    report_id: Mapped[str] = mapped_column(sa.ForeignKey("reports.id"), index=True)
    sha256: Mapped[str] = mapped_column(sa.ForeignKey("attachments.sha256"))
    event_id: Mapped[int | None] = mapped_column(sa.ForeignKey("report_events.id"), nullable=True)
    filename: Mapped[str] = mapped_column(sa.String(255))
    #: set by the coordinator when the file could identify an anonymous reporter
    hidden_from_agency: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


# --- ops and the feed ----------------------------------------------------------------------------


class OpRecord(Base):
    """Every op ever received with its outcome; op ids are remembered permanently (exactly once)."""

    __tablename__ = "ops"
    op_id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), nullable=True)
    kind: Mapped[str] = mapped_column(sa.String(32))
    report_id: Mapped[str] = mapped_column(sa.String(64))
    base_version: Mapped[int | None] = mapped_column(sa.Integer, nullable=True)
    #: SHA-256 of the canonical JSON of (kind, report_id, payload, base_version)
    fingerprint: Mapped[str] = mapped_column(sa.String(64))
    outcome: Mapped[str] = mapped_column(sa.String(16))
    detail: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    reason: Mapped[str | None] = mapped_column(sa.String(64), nullable=True)
    report_version: Mapped[int | None] = mapped_column(sa.Integer, nullable=True)
    client_created_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ScopeChange(Base):
    """A tombstone: at feed position `seq` the report left `agency_code`'s scope."""

    __tablename__ = "scope_changes"
    __table_args__ = (sa.Index("ix_scope_changes_agency_seq", "agency_code", "seq"),)
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    seq: Mapped[int] = mapped_column(sa.BigInteger, index=True)
    report_id: Mapped[str] = mapped_column(sa.String(36))
    agency_code: Mapped[str] = mapped_column(sa.String(64))
    reason: Mapped[str] = mapped_column(sa.String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Presence(Base):
    """Who has a report open right now (issue 6, "Presence"): one row per report and user,
    refreshed by the desk's heartbeat. In the database so every server process sees it; no locks."""

    __tablename__ = "presence"
    report_id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), primary_key=True)
    token_id: Mapped[int | None] = mapped_column(sa.Integer, nullable=True)
    display_name: Mapped[str] = mapped_column(sa.String(200))
    role: Mapped[str] = mapped_column(sa.String(16))
    agency_code: Mapped[str | None] = mapped_column(sa.String(64), nullable=True)
    since: Mapped[datetime] = mapped_column(UTCDateTime)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class EncodedSnapshot(Base):
    """A report's snapshot as one audience receives it, already encoded (`lapor_server.encoded`):
    feed pages are these bytes joined. Valid while `feed_seq` equals the report's: every change
    gives the report a new position, so an outdated row is never served (it is rebuilt)."""

    __tablename__ = "report_snapshots"
    report_id: Mapped[str] = mapped_column(
        sa.ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True
    )
    #: `lapor_server.encoded.AUDIENCES`: whose privacy rules the bytes follow
    audience: Mapped[str] = mapped_column(sa.String(16), primary_key=True)
    feed_seq: Mapped[int] = mapped_column(sa.BigInteger)
    #: fingerprint of the code that built the bytes (`encoded.RULES`): new privacy rules in a
    #: server upgrade make every older row outdated at once
    rules: Mapped[str] = mapped_column(sa.String(16))
    body: Mapped[bytes] = mapped_column(sa.LargeBinary)


class FeedPage(Base):
    """A feed page built before any desk asked (`lapor_server.feed_pages`): one audience's items
    at positions (start_seq, end_seq], compressed. Exact while `alive` positions of that range
    are still occupied: a change moves a report to a new position above all others, so reports
    only ever leave a range."""

    __tablename__ = "feed_pages"
    __table_args__ = (
        sa.UniqueConstraint("epoch", "audience", "rules", "start_seq"),
        sa.Index("ix_feed_pages_audience", "audience", "start_seq"),
    )
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    #: the database's feed epoch (server_meta) the positions belong to
    epoch: Mapped[str] = mapped_column(sa.String(64))
    #: `koordinator`, `pimpinan` (also admin) or `petugas:<agency_code>`
    audience: Mapped[str] = mapped_column(sa.String(80))
    #: `encoded.RULES` and the page format: pages built by other code are never served
    rules: Mapped[str] = mapped_column(sa.String(32))
    start_seq: Mapped[int] = mapped_column(sa.BigInteger)
    end_seq: Mapped[int] = mapped_column(sa.BigInteger)
    items: Mapped[int] = mapped_column(sa.Integer)
    #: reports with a position in the range, plus the audience's tombstones there, when built
    alive: Mapped[int] = mapped_column(sa.Integer)
    coding: Mapped[str] = mapped_column(sa.String(16))
    body: Mapped[bytes] = mapped_column(sa.LargeBinary)
    built_at: Mapped[datetime] = mapped_column(UTCDateTime)


# The citizen side's tables (conversation, outbox, webhooks, reporter tokens) live with their code;
# importing them here puts them on `Base.metadata` for migrations and their tests.
from lapor_server.admin import tables as _admin_tables  # noqa: E402,F401
from lapor_server.citizen import tables as _citizen_tables  # noqa: E402,F401

# Staff digests (the record that each went out once): lapor_server/digests.
from lapor_server.digests import tables as _digest_tables  # noqa: E402,F401

# Forwarding to other instansi (partners, forwards, partner updates): lapor_server/forwarding.
from lapor_server.forwarding import tables as _forwarding_tables  # noqa: E402,F401

# The centre link (regions, keys, aggregates; a region's outbox): lapor_server/pusat.
from lapor_server.pusat import tables as _pusat_tables  # noqa: E402,F401
