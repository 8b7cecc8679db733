"""One-time secrets of admin ops from a desk (a new account's password, a channel key, a
webhook signing secret): kept encrypted until the same desk fetches them once, then deleted.

The key is derived from the admin desk's device token, which the server never stores (only its
SHA-256): a copy of the database cannot read a waiting secret, and another device of the same
admin cannot fetch it. Unfetched secrets expire after `TTL` (the admin resets again). The
secret never enters the desk's outbox or store, nor any log (docs/security.md).
"""

from __future__ import annotations

import hashlib
import os
from datetime import datetime, timedelta

import sqlalchemy as sa
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy.orm import Session

from lapor_core.admin import AdminReason, AuditKind
from lapor_server.admin import audit
from lapor_server.admin.errors import AdminError
from lapor_server.admin.tables import PendingSecret

TTL = timedelta(hours=24)


def key_for_token(token: str) -> bytes:
    """The secrets key of one device token (never stored)."""
    return hashlib.sha256(b"lapor-admin-secret\x00" + token.encode()).digest()


def store(
    s: Session,
    *,
    op_id: str,
    user_id: int,
    token_id: int | None,
    key: bytes,
    kind: str,
    subject: str,
    secret: str,
    now: datetime,
) -> None:
    nonce = os.urandom(12)
    sealed = AESGCM(key).encrypt(nonce, secret.encode(), op_id.encode())
    s.add(
        PendingSecret(
            op_id=op_id, user_id=user_id, token_id=token_id, kind=kind, subject=subject[:200],
            nonce=nonce, ciphertext=sealed, created_at=now, expires_at=now + TTL,
        )
    )  # fmt: skip


def _gone() -> AdminError:
    return AdminError(
        AdminReason.NOT_FOUND,
        "Rahasia ini sudah diambil, kedaluwarsa, atau dibuat di perangkat lain. "
        "Atur ulang (kata sandi) atau buat kunci baru bila belum tercatat.",
        status=404,
    )


def fetch(s: Session, actor: audit.Actor, key: bytes, op_id: str, now: datetime) -> dict[str, str]:
    """The secret of `op_id` for its own admin and device, once; then it is deleted."""
    s.execute(sa.delete(PendingSecret).where(PendingSecret.expires_at <= now))
    row = s.scalar(
        sa.select(PendingSecret)
        .where(PendingSecret.op_id == op_id.lower(), PendingSecret.user_id == actor.user_id)
        .with_for_update()
    )
    if row is None:
        raise _gone()
    try:
        secret = AESGCM(key).decrypt(bytes(row.nonce), bytes(row.ciphertext), row.op_id.encode())
    except InvalidTag:
        raise _gone() from None
    kind, subject = row.kind, row.subject
    s.delete(row)
    audit.record(
        s, AuditKind.SECRET_FETCHED, actor, now, subject=subject,
        detail={"secret": kind, "op_id": op_id.lower()},
    )  # fmt: skip
    return {"op_id": op_id.lower(), "kind": kind, "subject": subject, "secret": secret.decode()}
