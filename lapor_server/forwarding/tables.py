"""Tables of forwarding (docs/forwarding.md).

- `partners`: the instansi a coordinator may forward to. `channel_key` is the key this server
  uses at the partner's channel intake: like a webhook's signing secret it must be readable to be
  used, so it is stored as the server stores those (in the database, never shown again by any
  listing, never in a log line, a snapshot or the desk feed). `updates_cursor` is where this
  server stands in the partner's channel updates feed.
- `forwards`: one row per forwarded report (unique), written in the forward op's transaction.
  `external_id` is what this server sends as the partner intake's `external_id`: stable for the
  forward, so a retry after a cut finds the report the partner already made.
- `partner_updates`: the partner's update ids already taken in (a page seen again after a crash
  adds nothing twice).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from lapor_server.models import Base, UTCDateTime


class Partner(Base):
    __tablename__ = "partners"
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(sa.String(64), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    #: provinsi, kementerian, kabupaten, lainnya (`lapor_core.wire.PARTNER_KINDS`)
    kind: Mapped[str] = mapped_column(sa.String(16))
    #: True when the partner runs LAPOR Desk: forwards are submitted to its channel intake
    runs_lapor: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    base_url: Mapped[str | None] = mapped_column(sa.String(500), nullable=True)
    channel_key: Mapped[str | None] = mapped_column(sa.String(200), nullable=True)
    #: a CA file to trust for the partner's HTTPS (else the system's trust store)
    ca_file: Mapped[str | None] = mapped_column(sa.String(1000), nullable=True)
    active: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    updates_cursor: Mapped[str | None] = mapped_column(sa.String(200), nullable=True)
    last_polled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_error: Mapped[str | None] = mapped_column(sa.String(500), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Forward(Base):
    __tablename__ = "forwards"
    __table_args__ = (sa.Index("ix_forwards_state_next", "state", "next_attempt_at"),)
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    report_id: Mapped[str] = mapped_column(sa.ForeignKey("reports.id"), unique=True)
    partner_id: Mapped[int] = mapped_column(sa.ForeignKey("partners.id"), index=True)
    reason: Mapped[str] = mapped_column(sa.Text)
    #: the reference given to the partner (a letter number), or the tracking id at a LAPOR partner
    reference: Mapped[str | None] = mapped_column(sa.String(200), nullable=True)
    op_id: Mapped[str] = mapped_column(sa.String(36))
    external_id: Mapped[str] = mapped_column(sa.String(128), unique=True)
    #: pending (to be submitted), sent (the partner has it), failed (gave up), manual (no LAPOR
    #: Desk at the partner: recorded only)
    state: Mapped[str] = mapped_column(sa.String(10))
    attempts: Mapped[int] = mapped_column(sa.Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_error: Mapped[str | None] = mapped_column(sa.String(500), nullable=True)
    #: the partner's report id and tracking id once it accepted the report
    partner_report_id: Mapped[str | None] = mapped_column(sa.String(64), nullable=True)
    partner_tracking_id: Mapped[str | None] = mapped_column(sa.String(64), nullable=True)
    forwarded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: when an admin gave a failed forward a fresh retry window (null: from `forwarded_at`)
    retry_from: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: the last reporter reply passed on to the partner (null: none yet)
    relayed_event_id: Mapped[int | None] = mapped_column(sa.Integer, nullable=True)


class PartnerUpdate(Base):
    __tablename__ = "partner_updates"
    partner_id: Mapped[int] = mapped_column(sa.ForeignKey("partners.id"), primary_key=True)
    update_id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    forward_id: Mapped[int] = mapped_column(sa.ForeignKey("forwards.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
