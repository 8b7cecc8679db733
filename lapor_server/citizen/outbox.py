"""The delivery outbox: webhooks and e-mails queued with the change, sent later by the worker.

Lifecycle: `pending` (due at `next_attempt_at`) → `delivered`, or after the retry window
(`delivery_retry_hours`, 24 h) `failed`; `retry` puts failed ones back to `pending`. A worker
claims a delivery by moving `next_attempt_at` one lease ahead in a short transaction (row lock,
SKIP LOCKED on PostgreSQL), sends it outside any transaction, then records the outcome; so
several server processes never send the same attempt twice at once, and a crash mid-send only
means the delivery is tried again after the lease (receivers drop repeats by `webhook-id`).
Backoff: `delivery_backoff_seconds` × 2^(attempt−1), at most `delivery_backoff_max_seconds`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.orm import Session

from lapor_core.conversation import MAILED
from lapor_server.citizen.tables import ChannelWebhook, Delivery, PublicUpdate
from lapor_server.config import ServerSettings
from lapor_server.db import Database
from lapor_server.models import Report

LEASE = timedelta(minutes=2)
PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"


def _mailed(update: PublicUpdate) -> bool:
    return update.kind in MAILED or (update.kind == "status" and bool(update.final))


def enqueue(s: Session, report: Report, update: PublicUpdate, now: datetime) -> None:
    """Queue the webhook (if the report's channel has one) and the e-mail (if the reporter gave
    an address and this entry is mailed) of one conversation entry."""
    from lapor_server.citizen.conversation import update_data

    if report.channel_id is not None:
        hook = s.get(ChannelWebhook, report.channel_id)
        if hook is not None:
            delivery_id = "msg_" + uuid.uuid4().hex
            body = {
                "type": "report.updated",
                "timestamp": update_data(update, report.tracking_id, None)["updated_datetime"],
                "data": update_data(
                    update,
                    report.tracking_id,
                    report.external_id,
                    archive_reason=report.archive_reason,
                ),
            }
            s.add(
                Delivery(
                    delivery_id=delivery_id,
                    kind="webhook",
                    channel_id=report.channel_id,
                    report_id=report.id,
                    update_id=update.id,
                    payload=orjson.dumps(body).decode(),
                    state=PENDING,
                    attempts=0,
                    next_attempt_at=now,
                    created_at=now,
                )
            )
    if report.reporter_email and _mailed(update):
        from lapor_server.citizen import tokens

        # The link's token is kept (server-side, like the address) until the e-mail is sent, so
        # every retry carries the same link; `record` clears it after delivery.
        token = tokens.issue(s, report.id, "email", now)
        s.add(
            Delivery(
                delivery_id="mail_" + uuid.uuid4().hex,
                kind="email",
                channel_id=report.channel_id,
                report_id=report.id,
                update_id=update.id,
                recipient=report.reporter_email,
                payload=orjson.dumps({"token": token}).decode(),  # composed when sent
                state=PENDING,
                attempts=0,
                next_attempt_at=now,
                created_at=now,
            )
        )


def claim(db: Database, now: datetime, limit: int = 20, kind: str | None = None) -> list[int]:
    """Ids of due pending deliveries (of `kind`, if given), leased to this worker."""
    is_due = [Delivery.state == PENDING, Delivery.next_attempt_at <= now]
    if kind is not None:
        is_due.append(Delivery.kind == kind)
    due = sa.select(Delivery.id).where(*is_due).limit(1)
    with db.read() as s:  # an idle server takes no write lock every poll
        if s.scalar(due) is None:
            return []
    with db.write() as s:
        q = (
            sa.select(Delivery.id)
            .where(*is_due)
            .order_by(Delivery.next_attempt_at, Delivery.id)
            .limit(limit)
        )
        if s.get_bind().dialect.name == "postgresql":
            q = q.with_for_update(skip_locked=True)
        ids = list(s.scalars(q))
        if ids:
            s.execute(
                sa.update(Delivery).where(Delivery.id.in_(ids)).values(next_attempt_at=now + LEASE)
            )
    return ids


def backoff(settings: ServerSettings, attempts: int) -> timedelta:
    seconds = settings.delivery_backoff_seconds * (2 ** max(0, attempts - 1))
    return timedelta(seconds=min(seconds, settings.delivery_backoff_max_seconds))


def record(
    db: Database, settings: ServerSettings, delivery_id: int, error: str | None, now: datetime
) -> None:
    """The outcome of one attempt: delivered, or the next attempt (or failed after the window)."""
    with db.write() as s:
        d = s.get(Delivery, delivery_id)
        if d is None or d.state != PENDING:
            return
        d.attempts += 1
        if error is None:
            d.state = DELIVERED
            d.delivered_at = now
            d.last_error = None
            if d.kind == "email":
                d.payload = "{}"
            return
        d.last_error = error[:500]
        nxt = now + backoff(settings, d.attempts)
        if nxt - d.created_at > timedelta(hours=settings.delivery_retry_hours):
            d.state = FAILED
        d.next_attempt_at = nxt


@dataclass(frozen=True)
class DeliveryInfo:
    """What an admin sees of a delivery (never an e-mail address or a body)."""

    id: int
    delivery_id: str
    kind: str
    channel: str | None
    #: the report (None for a staff digest)
    tracking_id: str | None
    update_id: int | None
    state: str
    attempts: int
    next_attempt_at: str
    last_error: str | None
    created_at: str
    delivered_at: str | None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def listing(
    db: Database, *, state: str | None = None, kind: str | None = "webhook", limit: int = 200
) -> list[DeliveryInfo]:
    from lapor_server.models import Channel

    with db.read() as s:
        q = (
            sa.select(Delivery, Channel.name, Report.tracking_id)
            .outerjoin(Channel, Channel.id == Delivery.channel_id)
            .outerjoin(Report, Report.id == Delivery.report_id)
            .order_by(Delivery.id.desc())
            .limit(limit)
        )
        if state:
            q = q.where(Delivery.state == state)
        if kind:
            q = q.where(Delivery.kind == kind)
        rows = s.execute(q).all()
    return [
        DeliveryInfo(
            id=d.id,
            delivery_id=d.delivery_id,
            kind=d.kind,
            channel=name,
            tracking_id=tid,
            update_id=d.update_id,
            state=d.state,
            attempts=d.attempts,
            next_attempt_at=d.next_attempt_at.isoformat(),
            last_error=d.last_error,
            created_at=d.created_at.isoformat(),
            delivered_at=d.delivered_at.isoformat() if d.delivered_at else None,
        )
        for d, name, tid in rows
    ]


def retry(
    db: Database, now: datetime, *, ids: list[int] | None = None, kind: str | None = None
) -> int:
    """Failed deliveries (these ids, or all of `kind`) pending again now, with a fresh window."""
    from lapor_server.admin import audit

    with db.write() as s:
        return retry_in(s, now, audit.CLI, ids=ids, kind=kind)


def retry_in(s, now: datetime, actor, *, ids: list[int] | None = None,  # type: ignore[no-untyped-def]
             kind: str | None = None) -> int:  # fmt: skip
    """`retry` in the caller's transaction, audited as `actor`'s (the admin ops use it)."""
    from lapor_core.admin import AuditKind
    from lapor_server.admin import audit

    q = sa.update(Delivery).where(Delivery.state == FAILED)
    if ids:
        q = q.where(Delivery.id.in_(ids))
    if kind:
        q = q.where(Delivery.kind == kind)
    result = s.execute(q.values(state=PENDING, next_attempt_at=now, created_at=now))
    count = result.rowcount or 0
    audit.record(
        s, AuditKind.DELIVERY_RETRIED, actor, now,
        subject=",".join(str(i) for i in ids) if ids else (kind or "all"),
        detail={"retried": count, "kind": kind},
    )  # fmt: skip
    return count
