"""The delivery worker: sends due webhooks and e-mails from the outbox, outside any transaction.

Runs as a background task of each server process (setting `deliveries`), in a thread of its own,
so a slow or dead receiver only ever occupies this worker: officers' ops just write outbox rows.
One pass (`deliver_due`) claims up to a batch of due deliveries, sends each (webhook request or
SMTP session, each bounded by `delivery_timeout_seconds`) and records the outcome.
"""

from __future__ import annotations

import asyncio
import logging
import urllib.parse
from collections.abc import Callable
from datetime import datetime

import orjson
import sqlalchemy as sa

from lapor_core.conversation import status_label
from lapor_server.citizen import mail, outbox, webhooks
from lapor_server.citizen.tables import ChannelWebhook, Delivery, PublicUpdate
from lapor_server.config import ServerSettings
from lapor_server.db import Database
from lapor_server.models import Report

log = logging.getLogger("lapor_server.deliveries")


def _attempt(db: Database, settings: ServerSettings, delivery_id: int, now: datetime) -> str | None:
    with db.read() as s:
        d = s.get(Delivery, delivery_id)
        if d is None:
            return None
        if d.kind == "webhook":
            hook = s.get(ChannelWebhook, d.channel_id) if d.channel_id else None
            if hook is None:
                return "the channel has no webhook any more"
            url, keys = hook.url, webhooks.active_secrets(hook, now)
            msg_id, body = d.delivery_id, d.payload.encode()
        elif d.kind == "digest":  # a staff digest, composed when queued (lapor_server.digests)
            parts = orjson.loads(d.payload or "{}")
            letter = mail.Letter(parts["subject"], parts["text"], parts["html"])
            recipient = d.recipient or ""
        else:
            update = s.get(PublicUpdate, d.update_id)
            report = s.get(Report, d.report_id)
            if update is None or report is None:
                return "the update is gone"
            token = orjson.loads(d.payload or "{}").get("token")
            base = (settings.public_base_url or "").rstrip("/")
            # The code rides in the fragment, which a browser never sends: no server or proxy in
            # front of it can log the key to the reporter's private actions (docs/akai-meno.md).
            link = (
                f"{base}/lacak/{report.tracking_id}#kode={urllib.parse.quote(token, safe='')}"
                if base and token
                else None
            )
            letter = mail.compose(
                tracking_id=report.tracking_id,
                kind=update.kind,
                description=update.description,
                speaker=update.speaker,
                final=bool(update.final) or update.status == "completed",
                status_label=status_label(update.status, report.archive_reason),
                when=mail.letter_time(update.created_at),
                link=link,
                code=token if link else None,
            )
            recipient = d.recipient or ""
    if d.kind == "webhook":
        return webhooks.send(url, msg_id, body, keys, now, settings.delivery_timeout_seconds)
    return mail.send(settings, recipient, letter)


def deliver_due(
    db: Database,
    settings: ServerSettings,
    clock: Callable[[], datetime],
    batch: int = 20,
    kind: str | None = None,
) -> int:
    """One pass: send what is due now (only `kind`, if given). Returns how many attempts were
    made."""
    ids = outbox.claim(db, clock(), batch, kind)
    for delivery_id in ids:
        try:
            error = _attempt(db, settings, delivery_id, clock())
        except Exception as exc:  # one bad delivery must not stop the others
            log.exception("delivery %s: unexpected error", delivery_id)
            error = f"{type(exc).__name__}"
        if error is not None:
            log.warning("delivery %s not delivered yet: %s", delivery_id, error)
        outbox.record(db, settings, delivery_id, error, clock())
    return len(ids)


def pending_count(db: Database) -> int:
    with db.read() as s:
        return (
            s.scalar(
                sa.select(sa.func.count())
                .select_from(Delivery)
                .where(Delivery.state == outbox.PENDING)
            )
            or 0
        )


async def run(db: Database, settings: ServerSettings, clock: Callable[[], datetime]) -> None:
    """Forever: a pass, then wait `delivery_poll_seconds` (at once again while work remains)."""
    while True:
        try:
            done = await asyncio.to_thread(deliver_due, db, settings, clock)
        except Exception:  # the database may be briefly unavailable; try again next round
            log.exception("delivery pass failed")
            done = 0
        if not done:
            await asyncio.sleep(settings.delivery_poll_seconds)
