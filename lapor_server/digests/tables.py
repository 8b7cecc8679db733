"""The digest record: which digest went to whom for which day (idempotency, docs/digests.md).

One row per (kind, day, scope, recipient), unique in the database, written in the same transaction
as the message's row in the delivery outbox (`deliveries`, kind `digest`). A restart, a second
`digests send` or two server processes racing at the digest hour therefore never queue a message
twice: the second insert fails on the unique constraint and its transaction rolls back.

- `kind`: `opd` (an OPD's due-soon/overdue digest), `escalation`, `league` (weekly), or `run`
  (the daily job's marker that the day is done, recipient empty)
- `day`: the local (WIT) date the digest is for; for `league` the Monday of its week
- `scope`: the OPD code for `opd`, else `all`
- `recipient`: the address, lower-cased (staff addresses only; never a reporter's)
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from lapor_server.models import Base, UTCDateTime


class DigestRecord(Base):
    __tablename__ = "digest_records"
    __table_args__ = (
        sa.UniqueConstraint("kind", "day", "scope", "recipient", name="uq_digest_records_once"),
    )
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    day: Mapped[date] = mapped_column(sa.Date)
    scope: Mapped[str] = mapped_column(sa.String(64))
    recipient: Mapped[str] = mapped_column(sa.String(254))
    #: how many reports (or OPDs, for the league) the message listed
    items: Mapped[int] = mapped_column(sa.Integer, default=0)
    #: the outbox row that carries the message (null for the `run` marker)
    delivery_id: Mapped[str | None] = mapped_column(sa.String(40), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
