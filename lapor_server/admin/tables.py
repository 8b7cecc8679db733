"""Tables of the administration: the append-only audit log and the one-time secrets waiting to
be fetched once by the admin who made them (docs/security.md, "Audit log").

The audit log refuses UPDATE and DELETE with a trigger on both databases (created by revision
0014 and by `create_all` through the DDL events below): the application writes rows, never
changes them. Only the database owner, outside the application, could drop the trigger.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from lapor_server.models import Base, JSONType, UTCDateTime

#: SQLite and PostgreSQL statements that make `audit_log` append-only
SQLITE_TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log"
    " BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log"
    " BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
)
POSTGRES_TRIGGERS = (
    "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS"
    " $$ BEGIN RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';"
    " END $$",
    "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log"
    " FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log"
    " FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()",
)


def trigger_statements(dialect: str) -> tuple[str, ...]:
    return POSTGRES_TRIGGERS if dialect == "postgresql" else SQLITE_TRIGGERS


class AuditEntry(Base):
    """One audited event. Never updated, never deleted (triggers refuse it)."""

    __tablename__ = "audit_log"
    __table_args__ = (
        sa.Index("ix_audit_log_at", "at"),
        sa.Index("ix_audit_log_kind_at", "kind", "at"),
        sa.Index("ix_audit_log_actor_at", "actor_user_id", "at"),
        sa.Index("ix_audit_log_subject_at", "subject_user_id", "at"),
    )
    id: Mapped[int] = mapped_column(
        sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: `lapor_core.admin.AuditKind`
    kind: Mapped[str] = mapped_column(sa.String(48))
    #: ok | failed | refused
    outcome: Mapped[str] = mapped_column(sa.String(16), default="ok")
    #: who did it (null: the CLI on the server machine, the system, or an unknown username)
    actor_user_id: Mapped[int | None] = mapped_column(sa.Integer, nullable=True)
    #: the actor's username as typed or known ("lapor-server" for the CLI)
    actor: Mapped[str] = mapped_column(sa.String(200))
    actor_role: Mapped[str | None] = mapped_column(sa.String(16), nullable=True)
    #: the account the event is about (sign-in: the account signing in; admin change: its target)
    subject_user_id: Mapped[int | None] = mapped_column(sa.Integer, nullable=True)
    #: what the event is about, readable: a username, an OPD code, a channel, a date
    subject: Mapped[str | None] = mapped_column(sa.String(200), nullable=True)
    #: the OPD concerned (an account's OPD, the OPD edited): a koordinator's remit filter
    agency_code: Mapped[str | None] = mapped_column(sa.String(64), nullable=True)
    remote_addr: Mapped[str | None] = mapped_column(sa.String(64), nullable=True)
    device: Mapped[str | None] = mapped_column(sa.String(200), nullable=True)
    device_id: Mapped[int | None] = mapped_column(sa.Integer, nullable=True)
    op_id: Mapped[str | None] = mapped_column(sa.String(36), nullable=True)
    #: non-secret facts: changed fields (from/to), an export's kind and row count, a reason code
    detail: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)


class PendingSecret(Base):
    """A one-time password or channel secret made by an admin op from a desk, waiting to be
    fetched once by that desk (`GET /api/v1/admin/secrets/{op_id}`), then deleted.

    Stored encrypted with a key derived from the admin desk's own device token, which the server
    never stores (only its hash): a copy of the database alone cannot read it."""

    __tablename__ = "admin_pending_secrets"
    op_id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.Integer)
    token_id: Mapped[int | None] = mapped_column(sa.Integer, nullable=True)
    #: what the secret is: password | channel_key | webhook_secret
    kind: Mapped[str] = mapped_column(sa.String(32))
    #: what it belongs to (username, channel name), shown beside it
    subject: Mapped[str] = mapped_column(sa.String(200))
    nonce: Mapped[bytes] = mapped_column(sa.LargeBinary)
    ciphertext: Mapped[bytes] = mapped_column(sa.LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


for _statement in SQLITE_TRIGGERS:
    sa.event.listen(
        AuditEntry.__table__, "after_create", sa.DDL(_statement).execute_if(dialect="sqlite")
    )
for _statement in POSTGRES_TRIGGERS:
    sa.event.listen(
        AuditEntry.__table__,
        "after_create",
        sa.DDL(_statement.replace("%", "%%")).execute_if(dialect="postgresql"),
    )
