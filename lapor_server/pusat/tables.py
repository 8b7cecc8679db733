"""Tables of the centre link (server revision 0012; docs/pusat.md).

On a regional server: `pusat_outbox`, one row per (month, version) of its aggregate, kept until the
centre confirmed it. On the centre: the registered regions and their keys, every accepted
submission, and per (region, month) the latest version's figures and published cells. Both sets
exist in every database (one schema, one migration chain); a server uses the half of its role.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from lapor_server.models import Base, JSONType, UTCDateTime


class PusatOutbox(Base):
    """A version of a month's aggregate, signed and waiting for (or confirmed by) the centre."""

    __tablename__ = "pusat_outbox"
    __table_args__ = (sa.UniqueConstraint("period", "version", name="uq_pusat_outbox_period"),)
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    #: the month, `YYYY-MM`
    period: Mapped[str] = mapped_column(sa.String(7))
    version: Mapped[int] = mapped_column(sa.Integer)
    content_sha256: Mapped[str] = mapped_column(sa.String(64))
    #: the exact bytes that are signed and sent
    body: Mapped[bytes] = mapped_column(sa.LargeBinary)
    signature: Mapped[str] = mapped_column(sa.String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    attempts: Mapped[int] = mapped_column(sa.Integer, default=0)
    next_try_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_error: Mapped[str | None] = mapped_column(sa.Text, nullable=True)


class CentreRegion(Base):
    """A region (kabupaten/kota) registered at the centre, by its Kemendagri code (`94.04`)."""

    __tablename__ = "centre_regions"
    code: Mapped[str] = mapped_column(sa.String(16), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CentreRegionKey(Base):
    """A region's Ed25519 public key; `valid_until` set when a rotation retired it."""

    __tablename__ = "centre_region_keys"
    __table_args__ = (
        sa.UniqueConstraint("region_code", "public_key", name="uq_centre_region_keys_key"),
    )
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    region_code: Mapped[str] = mapped_column(sa.ForeignKey("centre_regions.code"), index=True)
    public_key: Mapped[str] = mapped_column(sa.String(64))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)
    valid_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class CentreSubmission(Base):
    """An accepted aggregate: at most one per (region, month, version)."""

    __tablename__ = "centre_submissions"
    __table_args__ = (
        sa.UniqueConstraint("region_code", "period", "version", name="uq_centre_submissions"),
    )
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    region_code: Mapped[str] = mapped_column(sa.ForeignKey("centre_regions.code"))
    period: Mapped[str] = mapped_column(sa.String(7))
    version: Mapped[int] = mapped_column(sa.Integer)
    content_sha256: Mapped[str] = mapped_column(sa.String(64))
    as_of: Mapped[date] = mapped_column(sa.Date)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CentrePeriod(Base):
    """A region's figures for one month: the latest version it sent."""

    __tablename__ = "centre_periods"
    __table_args__ = (sa.Index("ix_centre_periods_period", "period"),)
    region_code: Mapped[str] = mapped_column(sa.ForeignKey("centre_regions.code"), primary_key=True)
    period: Mapped[str] = mapped_column(sa.String(7), primary_key=True)
    version: Mapped[int] = mapped_column(sa.Integer)
    as_of: Mapped[date] = mapped_column(sa.Date)
    total: Mapped[int] = mapped_column(sa.Integer)
    open: Mapped[int] = mapped_column(sa.Integer)
    overdue: Mapped[int] = mapped_column(sa.Integer)
    responded: Mapped[int] = mapped_column(sa.Integer)
    within: Mapped[int] = mapped_column(sa.Integer)
    measurable: Mapped[int] = mapped_column(sa.Integer)
    median_days: Mapped[float | None] = mapped_column(sa.Float, nullable=True)
    ratings: Mapped[int] = mapped_column(sa.Integer)
    rating_sum: Mapped[int] = mapped_column(sa.Integer)
    #: {status: count}, {working days: answers}, the OPD rows and the code names it sent
    by_status: Mapped[dict[str, Any]] = mapped_column(JSONType)
    days: Mapped[dict[str, Any]] = mapped_column(JSONType)
    opd: Mapped[list[Any]] = mapped_column(JSONType)
    labels: Mapped[dict[str, Any]] = mapped_column(JSONType)


class CentreCell(Base):
    """A published cell of a region's month (merged dimensions are `*`)."""

    __tablename__ = "centre_cells"
    __table_args__ = (sa.Index("ix_centre_cells_region_period", "region_code", "period"),)
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    region_code: Mapped[str] = mapped_column(sa.String(16))
    period: Mapped[str] = mapped_column(sa.String(7))
    category: Mapped[str] = mapped_column(sa.String(64))
    district: Mapped[str] = mapped_column(sa.String(64))
    status: Mapped[str] = mapped_column(sa.String(16))
    channel: Mapped[str] = mapped_column(sa.String(32))
    n: Mapped[int] = mapped_column(sa.Integer)
    overdue: Mapped[int] = mapped_column(sa.Integer)
