"""Intake channels as the admin manages them from the desk: keys (create — the key is shown
once —, list, revoke), the webhook signing secret (rotate), failed webhook and e-mail
deliveries (list, retry). The same functions as `lapor-server issue-channel-key`,
`revoke-channel-key`, `webhooks rotate` and `webhooks retry` (issue 13), audited alike."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from lapor_core.admin import AdminReason, AuditKind
from lapor_core.wire import is_code
from lapor_server.admin import audit
from lapor_server.admin.errors import AdminError
from lapor_server.citizen import outbox as deliveries
from lapor_server.citizen import webhooks
from lapor_server.citizen.tables import ChannelWebhook, Delivery
from lapor_server.models import Channel, ChannelKey

#: how many leading characters of a channel key are stored in clear (`ChannelKey.prefix`)
KEY_PREFIX_CHARS = 10


def channel_name(channel: str) -> str:
    name = channel.strip().lower()
    if not is_code(name):
        raise AdminError(
            AdminReason.PAYLOAD,
            "Nama kanal hanya huruf kecil, angka, '_', '.' atau '-'.",
            "channel name must be lower-case letters, digits, '_', '.' or '-'",
        )
    return name


def key_hash(key: str) -> str:
    import hashlib

    return hashlib.sha256(key.encode()).hexdigest()


def issue_key(s: Session, actor: audit.Actor, now: datetime, channel: str) -> str:
    """Create the channel if needed and a new API key (returned once, stored hashed)."""
    name = channel_name(channel)
    key = "lpk_" + secrets.token_urlsafe(32)
    ch = s.scalar(sa.select(Channel).where(Channel.name == name))
    if ch is None:
        ch = Channel(name=name, created_at=now, active=True)
        s.add(ch)
        s.flush()
    row = ChannelKey(
        channel_id=ch.id, key_hash=key_hash(key), prefix=key[:KEY_PREFIX_CHARS], created_at=now
    )
    s.add(row)
    s.flush()
    audit.record(
        s, AuditKind.CHANNEL_KEY_CREATED, actor, now, subject=name,
        detail={"key_id": row.id, "prefix": row.prefix},
    )  # fmt: skip
    return key


def record_revoked(s: Session, actor: audit.Actor, now: datetime, key: ChannelKey, ch: Channel):  # type: ignore[no-untyped-def]
    audit.record(
        s, AuditKind.CHANNEL_KEY_REVOKED, actor, now, subject=ch.name,
        detail={"key_id": key.id, "prefix": key.prefix},
    )  # fmt: skip


def revoke_key(s: Session, actor: audit.Actor, now: datetime, channel: str, key_id: int) -> bool:
    """Revoke one key of `channel`; False when it was revoked before (nothing changes)."""
    name = channel_name(channel)
    row = s.execute(
        sa.select(ChannelKey, Channel)
        .join(Channel, Channel.id == ChannelKey.channel_id)
        .where(ChannelKey.id == key_id, Channel.name == name)
        .with_for_update()
    ).first()
    if row is None:
        raise AdminError(
            AdminReason.NOT_FOUND, f"Kanal '{name}' tidak punya kunci {key_id}.", status=404
        )
    key, ch = row
    if key.revoked_at is not None:
        return False
    key.revoked_at = now
    record_revoked(s, actor, now, key, ch)
    return True


def rotate_webhook_secret(s: Session, actor: audit.Actor, now: datetime, channel: str) -> str:
    try:
        return webhooks.rotate_in(s, channel_name(channel), now, actor)
    except webhooks.WebhookError as exc:
        raise AdminError(
            AdminReason.NOT_FOUND,
            f"Kanal '{channel}' tidak punya webhook (atur dengan 'lapor-server webhooks set').",
            str(exc),
            status=404,
        ) from None


def retry_delivery(s: Session, actor: audit.Actor, now: datetime, delivery_id: int) -> int:
    row = s.get(Delivery, delivery_id)
    if row is None:
        raise AdminError(AdminReason.NOT_FOUND, f"Pengiriman {delivery_id} tidak ada.", status=404)
    return deliveries.retry_in(s, now, actor, ids=[delivery_id])


def channels(s: Session) -> list[dict[str, Any]]:
    """Every channel with its keys (never a key or its hash) and whether it has a webhook."""
    hooks = {h.channel_id: h for h in s.scalars(sa.select(ChannelWebhook))}
    out: dict[int, dict[str, Any]] = {}
    for ch in s.scalars(sa.select(Channel).order_by(Channel.name)):
        hook = hooks.get(ch.id)
        out[ch.id] = {
            "name": ch.name,
            "active": bool(ch.active),
            "webhook_url": hook.url if hook else None,
            "keys": [],
        }
    for key in s.scalars(sa.select(ChannelKey).order_by(ChannelKey.id)):
        if key.channel_id in out:
            out[key.channel_id]["keys"].append(
                {
                    "id": key.id,
                    "prefix": key.prefix,
                    "created_at": key.created_at.isoformat().replace("+00:00", "Z"),
                    "revoked_at": key.revoked_at.isoformat().replace("+00:00", "Z")
                    if key.revoked_at
                    else None,
                }
            )
    return list(out.values())
