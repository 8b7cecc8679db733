"""Admin ops: the administrative changes a desk queues in its outbox, applied by the op engine
(`lapor_server.ops`) exactly once like any op, with the same outcomes and reason codes
(docs/api.md, "Administration"). The op's `report_id` names the target (`account:budi`), its
`base_version` the version the admin saw: a different one is a `conflict` (reason `version`).

A refused admin op leaves nothing behind: it runs in a savepoint that is rolled back. Ops that
make a secret keep it for the sending desk to fetch once (`admin/secrets.py`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from lapor_core.admin import AdminOp, may_send, validate_admin_op
from lapor_core.wire import Outcome, PayloadError
from lapor_server import auth
from lapor_server.admin import accounts, audit, channels, reference, secrets
from lapor_server.admin.errors import AdminError
from lapor_server.models import DeviceToken
from lapor_server.op_checks import Stop

PASSWORD_OPS = frozenset({AdminOp.ACCOUNT_CREATE.value, AdminOp.ACCOUNT_RESET_PASSWORD.value})


def prepare(kind: str, hash_profile: str) -> dict[str, str]:
    """Work done before the transaction: a new one-time password and its (slow) hash."""
    if kind not in PASSWORD_OPS:
        return {}
    password = accounts.generate_password()
    return {"password": password, "hash": auth.hash_password(password, hash_profile)}


def apply(
    s: Session, actor: Any, op: Any, now: datetime, prepared: dict[str, str] | None
) -> int | None:
    """Apply one admin op (`actor` is the engine's `OpActor`); returns the target's new version
    (None for targets without one) or raises `Stop`."""
    try:
        key, payload = validate_admin_op(op.kind, op.report_id, op.payload)
    except PayloadError as exc:
        raise Stop(Outcome.REJECTED, "payload", str(exc)) from None
    kind = AdminOp(op.kind)
    if not may_send(actor.role, kind):
        raise Stop(Outcome.REJECTED, "role", f"peran {actor.role} tidak boleh melakukan '{kind}'")
    device = s.get(DeviceToken, actor.token_id) if actor.token_id else None
    who = audit.Actor(
        name=actor.username or actor.display_name,
        role=actor.role,
        user_id=actor.user_id,
        agency_code=actor.agency_code,
        remote_addr=actor.remote_addr,
        device=device.device_name if device is not None else None,
        device_id=actor.token_id,
        op_id=op.op_id,
    )
    try:
        with s.begin_nested():
            return _apply(s, who, actor, kind, key, payload, op, now, prepared or {})
    except AdminError as exc:
        outcome = Outcome.CONFLICT if exc.conflict else Outcome.REJECTED
        raise Stop(outcome, exc.reason, exc.id_text, version=exc.version) from None


def _keep(
    s: Session, actor: Any, op: Any, kind: str, subject: str, secret: str, now: datetime
) -> None:
    if actor.secret_key is None or actor.user_id is None:
        raise AdminError(
            "no_device_key", "Rahasia sekali-tampil hanya dibuat dari desk yang masuk."
        )
    secrets.store(
        s, op_id=op.op_id, user_id=actor.user_id, token_id=actor.token_id, key=actor.secret_key,
        kind=kind, subject=subject, secret=secret, now=now,
    )  # fmt: skip


def _apply(
    s: Session,
    who: audit.Actor,
    actor: Any,
    kind: AdminOp,
    key: str,
    payload: dict[str, Any],
    op: Any,
    now: datetime,
    prepared: dict[str, str],
) -> int | None:
    match kind:
        case AdminOp.ACCOUNT_CREATE:
            if "hash" not in prepared:
                prepared = prepare(kind, actor.hash_profile)
            user = accounts.create_account(
                s, who, now, username=key, role=payload["role"], password_hash=prepared["hash"],
                display_name=payload["display_name"], agency_code=payload.get("agency_code"),
                email=payload.get("email"),
            )  # fmt: skip
            _keep(s, actor, op, "password", user.username, prepared["password"], now)
            return user.version
        case AdminOp.ACCOUNT_UPDATE:
            return accounts.update_account(
                s, who, now, key, payload, base_version=op.base_version
            ).version
        case AdminOp.ACCOUNT_RESET_PASSWORD:
            if "hash" not in prepared:
                prepared = prepare(kind, actor.hash_profile)
            user = accounts.reset_password(
                s, who, now, key, prepared["hash"], base_version=op.base_version
            )
            _keep(s, actor, op, "password", user.username, prepared["password"], now)
            return user.version
        case AdminOp.DEVICE_REVOKE:
            user = accounts.get_user(s, key, lock=True)
            accounts.revoke_devices(s, who, now, user, device_id=payload["device_id"])
            return user.version
        case AdminOp.AGENCY_SAVE:
            return reference.save_agency(
                s, who, now, key, payload, base_version=op.base_version
            ).version
        case AdminOp.CATEGORY_SAVE:
            return reference.save_category(
                s, who, now, key, payload, base_version=op.base_version
            ).version
        case AdminOp.CALENDAR_DAY_SAVE:
            day = date.fromisoformat(key)
            reference.save_calendar_day(s, who, now, day, payload["name"], payload["working"])
            return None
        case AdminOp.CALENDAR_DAY_REMOVE:
            reference.remove_calendar_day(s, who, now, date.fromisoformat(key))
            return None
        case AdminOp.CHANNEL_KEY_CREATE:
            secret = channels.issue_key(s, who, now, key)
            _keep(s, actor, op, "channel_key", key, secret, now)
            return None
        case AdminOp.CHANNEL_KEY_REVOKE:
            channels.revoke_key(s, who, now, key, payload["key_id"])
            return None
        case AdminOp.WEBHOOK_SECRET_ROTATE:
            secret = channels.rotate_webhook_secret(s, who, now, key)
            _keep(s, actor, op, "webhook_secret", key, secret, now)
            return None
        case AdminOp.DELIVERY_RETRY:
            channels.retry_delivery(s, who, now, int(key))
            return None
        case AdminOp.EXPORT_RECORDED:
            from lapor_core.admin import AuditKind

            audit.record(
                s, AuditKind.EXPORT, who, now, subject=payload["export"],
                subject_user_id=actor.user_id, agency_code=actor.agency_code, detail=payload,
            )  # fmt: skip
            return None
    raise AssertionError(kind)  # pragma: no cover - every kind is matched above
