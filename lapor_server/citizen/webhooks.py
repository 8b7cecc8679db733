"""Signed webhooks per channel, as Standard Webhooks describes them (docs/channels.md).

Headers: `webhook-id` (the delivery's stable id: the same on every retry, so a receiver drops
repeats), `webhook-timestamp` (Unix seconds of this attempt) and `webhook-signature`: for each
active secret `v1,<base64 HMAC-SHA256(key, "{id}.{timestamp}.{body}")>`, space-separated, where the
secret is `whsec_<base64 key>`. Rotation adds a new secret and keeps the previous one signing for
`ROTATION_OVERLAP`, so a receiver can switch without losing a delivery.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timedelta

import sqlalchemy as sa

from lapor_server.citizen.tables import ChannelWebhook
from lapor_server.db import Database
from lapor_server.models import Channel

ROTATION_OVERLAP = timedelta(hours=24)
USER_AGENT = "LAPOR-Desk-Webhooks/1"


class WebhookError(ValueError):
    """A refused admin request (unknown channel, bad URL)."""


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix("whsec_"))
    to_sign = f"{msg_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, to_sign, hashlib.sha256).digest()).decode()


def verify(secret: str, headers: dict[str, str], body: bytes, tolerance: int = 300) -> bool:
    """A receiver's check (used by the tests and shown in docs/channels.md)."""
    import time

    msg_id, stamp = headers["webhook-id"], headers["webhook-timestamp"]
    if abs(time.time() - int(stamp)) > tolerance:
        return False
    expected = sign(secret, msg_id, int(stamp), body).split(",", 1)[1]
    return any(
        hmac.compare_digest(expected, sig.split(",", 1)[1])
        for sig in headers["webhook-signature"].split()
        if sig.startswith("v1,")
    )


def active_secrets(hook: ChannelWebhook, now: datetime) -> list[str]:
    out = []
    for item in hook.secrets or []:
        expires = item.get("expires_at")
        if expires is None or datetime.fromisoformat(expires) > now:
            out.append(item["secret"])
    return out


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A receiver's redirect is an answer (not delivered), never a POST to another address."""

    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


def send(
    url: str, msg_id: str, body: bytes, secrets_: list[str], now: datetime, timeout: float
) -> str | None:
    """POST one webhook; None when the receiver answered 2xx, else a short reason."""
    stamp = int(now.timestamp())
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "webhook-id": msg_id,
            "webhook-timestamp": str(stamp),
            "webhook-signature": " ".join(sign(s, msg_id, stamp, body) for s in secrets_),
        },
    )
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            response.read(65536)
            if 200 <= response.status < 300:
                return None
            return f"HTTP {response.status}"
    except urllib.error.HTTPError as exc:
        return f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return f"{type(exc).__name__}: {reason}"[:300]


# --- admin (lapor-server webhooks …) -------------------------------------------------------------


def _channel(s, name: str) -> Channel:  # type: ignore[no-untyped-def]
    ch = s.scalar(sa.select(Channel).where(Channel.name == name.strip().lower()))
    if ch is None:
        raise WebhookError(f"no channel '{name}' (channels get keys with issue-channel-key)")
    return ch


def _check_url(url: str) -> str:
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise WebhookError("the webhook URL must be an http(s):// URL with a host")
    return url.strip()


def set_url(db: Database, *, channel: str, url: str, now: datetime) -> str | None:
    """Set the channel's receiver; returns a new secret when the channel had none (shown once)."""
    from lapor_core.admin import AuditKind
    from lapor_server.admin import audit

    url = _check_url(url)
    with db.write() as s:
        ch = _channel(s, channel)
        hook = s.get(ChannelWebhook, ch.id)
        audit.record(s, AuditKind.WEBHOOK_CHANGED, audit.CLI, now, subject=ch.name,
                     detail={"change": "url_set" if hook else "created"})  # fmt: skip
        if hook is None:
            secret = new_secret()
            s.add(
                ChannelWebhook(
                    channel_id=ch.id,
                    url=url,
                    secrets=[{"secret": secret, "expires_at": None}],
                    created_at=now,
                    updated_at=now,
                )
            )
            return secret
        hook.url = url
        hook.updated_at = now
        return None


def rotate(db: Database, *, channel: str, now: datetime) -> str:
    """A new signing secret; the previous ones keep signing for `ROTATION_OVERLAP`."""
    from lapor_server.admin import audit

    with db.write() as s:
        return rotate_in(s, channel, now, audit.CLI)


def rotate_in(s, channel: str, now: datetime, actor) -> str:  # type: ignore[no-untyped-def]
    """`rotate` in the caller's transaction, audited as `actor`'s (the admin ops use it)."""
    from lapor_core.admin import AuditKind
    from lapor_server.admin import audit

    ch = _channel(s, channel)
    hook = s.get(ChannelWebhook, ch.id)
    if hook is None:
        raise WebhookError(f"channel '{channel}' has no webhook (webhooks set first)")
    secret = new_secret()
    until = (now + ROTATION_OVERLAP).isoformat()
    kept = [
        {"secret": i["secret"], "expires_at": i.get("expires_at") or until}
        for i in hook.secrets or []
        if i.get("expires_at") is None or datetime.fromisoformat(i["expires_at"]) > now
    ]
    hook.secrets = [{"secret": secret, "expires_at": None}, *kept]
    hook.updated_at = now
    audit.record(
        s, AuditKind.WEBHOOK_CHANGED, actor, now, subject=ch.name,
        detail={"change": "secret_rotated", "old_secrets_valid_until": until},
    )  # fmt: skip
    return secret


def remove(db: Database, *, channel: str) -> bool:
    from datetime import UTC

    from lapor_core.admin import AuditKind
    from lapor_server.admin import audit

    with db.write() as s:
        ch = _channel(s, channel)
        hook = s.get(ChannelWebhook, ch.id)
        if hook is None:
            return False
        s.delete(hook)
        audit.record(s, AuditKind.WEBHOOK_CHANGED, audit.CLI, datetime.now(UTC),
                     subject=ch.name, detail={"change": "removed"})  # fmt: skip
        return True
