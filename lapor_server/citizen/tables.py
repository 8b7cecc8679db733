"""Tables of the citizen side: the public conversation, the delivery outbox, webhooks, tokens.

- `public_updates`: one row per conversation entry (`lapor_core.conversation`), written in the
  transaction of the change; `seq` is the change's feed position (committed in order, see
  `reports.next_seq`), so channel cursors never skip an entry. `id` is the Open311 `update_id`.
- `deliveries`: the outbox of webhooks and e-mails, written in the same transaction; a worker
  sends them later (`citizen.worker`). `delivery_id` is stable: the `webhook-id` a receiver uses
  to drop repeats. An e-mail's address lives here and on the report only, never in a snapshot,
  the feed, a log line or `webhooks list`.
- `channel_webhooks`: a channel's receiver URL and signing secrets (rotation keeps the old one
  valid for a while); `reporter_tokens`: hashes of the reporter tokens (replies and ratings from
  another channel, the e-mail's rating link).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from lapor_server.models import Base, JSONType, UTCDateTime


class PublicUpdate(Base):
    __tablename__ = "public_updates"
    __table_args__ = (
        sa.Index("ix_public_updates_channel_seq", "channel_id", "seq"),
        sa.Index("ix_public_updates_created_at", "created_at"),
        sa.Index("ix_public_updates_report_seq", "report_id", "seq"),
    )
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    seq: Mapped[int] = mapped_column(sa.BigInteger)
    report_id: Mapped[str] = mapped_column(sa.ForeignKey("reports.id"))
    channel_id: Mapped[int | None] = mapped_column(sa.Integer, nullable=True)
    event_id: Mapped[int | None] = mapped_column(sa.Integer, nullable=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    #: the report's status after the change
    status: Mapped[str] = mapped_column(sa.String(16))
    description: Mapped[str] = mapped_column(sa.Text)
    speaker: Mapped[str | None] = mapped_column(sa.String(200), nullable=True)
    rating: Mapped[int | None] = mapped_column(sa.Integer, nullable=True)
    final: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Delivery(Base):
    __tablename__ = "deliveries"
    __table_args__ = (sa.Index("ix_deliveries_state_next", "state", "next_attempt_at"),)
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    delivery_id: Mapped[str] = mapped_column(sa.String(40), unique=True)
    #: webhook, email (to a reporter) or digest (to staff: lapor_server.digests, no report)
    kind: Mapped[str] = mapped_column(sa.String(8))
    channel_id: Mapped[int | None] = mapped_column(sa.Integer, nullable=True)
    report_id: Mapped[str | None] = mapped_column(sa.String(36), nullable=True)
    update_id: Mapped[int | None] = mapped_column(sa.Integer, nullable=True)
    #: e-mail address (kinds email and digest); never shown by any listing
    recipient: Mapped[str | None] = mapped_column(sa.String(254), nullable=True)
    #: the webhook body (exact bytes as text), the e-mail's parts as JSON, or a digest's
    #: composed letter (subject, text, html) as JSON
    payload: Mapped[str] = mapped_column(sa.Text)
    #: pending, delivered, failed (gave up after the retry window)
    state: Mapped[str] = mapped_column(sa.String(10), default="pending")
    attempts: Mapped[int] = mapped_column(sa.Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(sa.String(500), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class ChannelWebhook(Base):
    __tablename__ = "channel_webhooks"
    channel_id: Mapped[int] = mapped_column(sa.ForeignKey("channels.id"), primary_key=True)
    url: Mapped[str] = mapped_column(sa.String(2000))
    #: [{"secret": "whsec_…", "expires_at": iso or null}], newest first
    secrets: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ReporterToken(Base):
    __tablename__ = "reporter_tokens"
    token_hash: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    report_id: Mapped[str] = mapped_column(sa.ForeignKey("reports.id"), index=True)
    #: intake (given to the channel at submission) or email (the e-mail's rating link)
    purpose: Mapped[str] = mapped_column(sa.String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
