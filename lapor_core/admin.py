"""Shared terms of the administration (issue 15): the admin op kinds and their payload check
(called by the desk before it queues an op and by the server before it applies one), the
target ids of admin ops, the audit log's kinds with their Indonesian labels, and the remit of
each role. The wire side is docs/api.md, "Administration".

An admin op travels like any desk op (`POST /api/v1/ops`, exactly once by `op_id`); its
`report_id` field carries the target instead of a report: `account:<username>`,
`agency:<code>`, `category:<code>`, `calendar:<YYYY-MM-DD>`, `channel:<name>` or
`delivery:<id>`. `base_version` is the version of the account/OPD/category the admin saw:
a different current version is a `conflict` (reason `version`), never a silent overwrite.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Any

from lapor_core import contact
from lapor_core.wire import PayloadError, PayloadProblem, is_code
from lapor_core.workflow import Role

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
MAX_NAME = 200


class AdminOp(StrEnum):
    ACCOUNT_CREATE = "account_create"
    ACCOUNT_UPDATE = "account_update"
    ACCOUNT_RESET_PASSWORD = "account_reset_password"
    DEVICE_REVOKE = "device_revoke"
    AGENCY_SAVE = "agency_save"
    CATEGORY_SAVE = "category_save"
    CALENDAR_DAY_SAVE = "calendar_day_save"
    CALENDAR_DAY_REMOVE = "calendar_day_remove"
    CHANNEL_KEY_CREATE = "channel_key_create"
    CHANNEL_KEY_REVOKE = "channel_key_revoke"
    WEBHOOK_SECRET_ROTATE = "webhook_secret_rotate"
    DELIVERY_RETRY = "delivery_retry"
    EXPORT_RECORDED = "export_recorded"


ADMIN_OPS = frozenset(k.value for k in AdminOp)

#: the target prefix each op kind takes (`<prefix>:<id>` in the op's `report_id`)
TARGET_PREFIX: dict[AdminOp, str] = {
    AdminOp.ACCOUNT_CREATE: "account",
    AdminOp.ACCOUNT_UPDATE: "account",
    AdminOp.ACCOUNT_RESET_PASSWORD: "account",
    AdminOp.DEVICE_REVOKE: "account",
    AdminOp.AGENCY_SAVE: "agency",
    AdminOp.CATEGORY_SAVE: "category",
    AdminOp.CALENDAR_DAY_SAVE: "calendar",
    AdminOp.CALENDAR_DAY_REMOVE: "calendar",
    AdminOp.CHANNEL_KEY_CREATE: "channel",
    AdminOp.CHANNEL_KEY_REVOKE: "channel",
    AdminOp.WEBHOOK_SECRET_ROTATE: "channel",
    AdminOp.DELIVERY_RETRY: "delivery",
    AdminOp.EXPORT_RECORDED: "export",
}

#: ops that make a secret the admin fetches once (`GET /api/v1/admin/secrets/{op_id}`)
SECRET_OPS = frozenset(
    {AdminOp.ACCOUNT_CREATE, AdminOp.ACCOUNT_RESET_PASSWORD, AdminOp.CHANNEL_KEY_CREATE,
     AdminOp.WEBHOOK_SECRET_ROTATE}
)  # fmt: skip

#: what a koordinator may do (its remit): an OPD officer's devices and an OPD's contact person.
#: Everything else is the admin's. Reading: accounts of OPD officers (petugas), their devices and
#: their audit entries; OPDs, categories and the calendar (read only).
KOORDINATOR_OPS = frozenset({AdminOp.DEVICE_REVOKE, AdminOp.AGENCY_SAVE, AdminOp.EXPORT_RECORDED})
#: every desk role records its own exports
EVERYONE_OPS = frozenset({AdminOp.EXPORT_RECORDED})
#: roles that open the administration pane / API at all
ADMIN_READERS = frozenset({Role.ADMIN, Role.KOORDINATOR})


def may_send(role: str, kind: str) -> bool:
    """Whether a desk of `role` may send admin op `kind` at all (the target's scope aside)."""
    if kind in EVERYONE_OPS:
        return True
    if role == Role.ADMIN:
        return True
    return role == Role.KOORDINATOR and kind in KOORDINATOR_OPS


class AdminReason(StrEnum):
    """Reason codes of refused admin ops (beside `lapor_core.wire.PayloadProblem`)."""

    VERSION = "version"  #: conflict: someone else changed it since the admin saw it
    EXISTS = "exists"  #: the username / code is taken
    NOT_FOUND = "not_found"  #: no such account, OPD, key, delivery
    ROLE = "role"  #: the sender's role may not do this
    REMIT = "remit"  #: outside a koordinator's remit (not an OPD officer)
    SELF = "self"  #: an admin may not disable or demote their own account
    LAST_ADMIN = "last_admin"  #: the last active admin stays
    PAYLOAD = "payload"  #: a field is wrong (see the detail)


class AuditKind(StrEnum):
    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGN_OUT = "sign_out"
    DEVICE_REGISTERED = "device_registered"
    DEVICE_REVOKED = "device_revoked"
    ACCOUNT_CREATED = "account_created"
    ACCOUNT_CHANGED = "account_changed"
    PASSWORD_RESET = "password_reset"
    AGENCY_SAVED = "agency_saved"
    CATEGORY_SAVED = "category_saved"
    CALENDAR_CHANGED = "calendar_changed"
    CHANNEL_KEY_CREATED = "channel_key_created"
    CHANNEL_KEY_REVOKED = "channel_key_revoked"
    WEBHOOK_CHANGED = "webhook_changed"
    DELIVERY_RETRIED = "delivery_retried"
    EXPORT = "export"
    PRIVACY_CHANGED = "privacy_changed"
    SECRET_FETCHED = "secret_fetched"


AUDIT_LABELS_ID: dict[AuditKind, str] = {
    AuditKind.SIGN_IN: "Masuk",
    AuditKind.SIGN_IN_FAILED: "Gagal masuk",
    AuditKind.SIGN_OUT: "Keluar",
    AuditKind.DEVICE_REGISTERED: "Perangkat didaftarkan",
    AuditKind.DEVICE_REVOKED: "Perangkat dicabut",
    AuditKind.ACCOUNT_CREATED: "Akun dibuat",
    AuditKind.ACCOUNT_CHANGED: "Akun diubah",
    AuditKind.PASSWORD_RESET: "Kata sandi diatur ulang",
    AuditKind.AGENCY_SAVED: "OPD disimpan",
    AuditKind.CATEGORY_SAVED: "Kategori disimpan",
    AuditKind.CALENDAR_CHANGED: "Kalender diubah",
    AuditKind.CHANNEL_KEY_CREATED: "Kunci kanal dibuat",
    AuditKind.CHANNEL_KEY_REVOKED: "Kunci kanal dicabut",
    AuditKind.WEBHOOK_CHANGED: "Webhook diubah",
    AuditKind.DELIVERY_RETRIED: "Pengiriman diulang",
    AuditKind.EXPORT: "Ekspor data",
    AuditKind.PRIVACY_CHANGED: "Anonim/rahasia diubah",
    AuditKind.SECRET_FETCHED: "Rahasia sekali-tampil diambil",
}

#: what an export op may name (the desk's export functions)
EXPORT_KINDS = ("reports_csv", "reports_xlsx", "recap_pdf", "recap_xlsx", "audit_csv", "other")


def target(prefix: str, key: str) -> str:
    return f"{prefix}:{key}"


def split_target(kind: AdminOp, value: Any) -> str:
    """The id part of an admin op's target, checked against the kind's prefix."""
    prefix = TARGET_PREFIX[kind] + ":"
    if not isinstance(value, str) or not value.startswith(prefix) or len(value) > 64:
        raise PayloadError(f"target must be '{prefix}<id>'", "report_id")
    key = value[len(prefix) :]
    if not key:
        raise PayloadError(f"target must be '{prefix}<id>'", "report_id")
    return key


def _fail(message: str, field: str, code: str = PayloadProblem.INVALID) -> PayloadError:
    return PayloadError(message, field, code=code)


def _contact(clean, payload: dict, key: str, out: dict) -> None:  # type: ignore[no-untyped-def]
    if key in payload:
        value = payload[key]
        if value is not None and not isinstance(value, str):
            raise _fail(f"'{key}' must be text", key)
        try:
            out[key] = clean(value)
        except contact.ContactError as exc:
            raise _fail(exc.en_text, key) from None


def _name(payload: dict, key: str, out: dict, *, required: bool) -> None:
    if key not in payload:
        if required:
            raise _fail(f"'{key}' is required", key, PayloadProblem.REQUIRED)
        return
    value = payload[key]
    if not isinstance(value, str):
        raise _fail(f"'{key}' must be text", key)
    try:
        out[key] = contact.clean_name(value, required=True)
    except contact.ContactError:
        raise _fail(f"'{key}' must be 1-{MAX_NAME} characters of text", key) from None


def _role_and_agency(payload: dict, out: dict, *, required: bool) -> None:
    if "role" in payload:
        if payload["role"] not in {r.value for r in (Role.PETUGAS, Role.KOORDINATOR,
                                                     Role.PIMPINAN, Role.ADMIN)}:  # fmt: skip
            raise _fail("'role' must be petugas, koordinator, pimpinan or admin", "role")
        out["role"] = payload["role"]
    elif required:
        raise _fail("'role' is required", "role", PayloadProblem.REQUIRED)
    if "agency_code" in payload:
        value = payload["agency_code"]
        if value is not None and not is_code(value):
            raise _fail("'agency_code' is not a valid code", "agency_code")
        out["agency_code"] = value


_KEYS: dict[AdminOp, frozenset[str]] = {
    AdminOp.ACCOUNT_CREATE: frozenset({"display_name", "role", "agency_code", "email"}),
    AdminOp.ACCOUNT_UPDATE: frozenset({"display_name", "role", "agency_code", "email", "disabled"}),
    AdminOp.ACCOUNT_RESET_PASSWORD: frozenset(),
    AdminOp.DEVICE_REVOKE: frozenset({"device_id"}),
    AdminOp.AGENCY_SAVE: frozenset(
        {"name", "short_name", "contact_name", "contact_email", "contact_phone", "active"}
    ),
    AdminOp.CATEGORY_SAVE: frozenset({"name", "default_agency_code", "group"}),
    AdminOp.CALENDAR_DAY_SAVE: frozenset({"name", "working"}),
    AdminOp.CALENDAR_DAY_REMOVE: frozenset(),
    AdminOp.CHANNEL_KEY_CREATE: frozenset(),
    AdminOp.CHANNEL_KEY_REVOKE: frozenset({"key_id"}),
    AdminOp.WEBHOOK_SECRET_ROTATE: frozenset(),
    AdminOp.DELIVERY_RETRY: frozenset(),
    AdminOp.EXPORT_RECORDED: frozenset({"export", "rows", "filters"}),
}


def validate_admin_op(kind: str, target_id: Any, payload: Any) -> tuple[str, dict[str, Any]]:
    """Check an admin op's target and payload; returns (the target's id, the clean payload) or
    raises `PayloadError`. Whether the target exists and the sender may touch it is the server's
    business."""
    try:
        op = AdminOp(kind)
    except ValueError:
        raise _fail(f"unknown op kind '{kind}'", "kind", PayloadProblem.UNKNOWN_KIND) from None
    key = split_target(op, target_id)
    if not isinstance(payload, dict):
        raise _fail("payload must be an object", "payload")
    unknown = set(payload) - _KEYS[op]
    if unknown:
        first = sorted(unknown)[0]
        raise _fail(f"unknown field(s): {', '.join(sorted(unknown))}", first,
                    PayloadProblem.UNKNOWN_FIELD)  # fmt: skip
    out: dict[str, Any] = {}
    if TARGET_PREFIX[op] == "account" and not USERNAME.match(key):
        raise _fail("the account must be a username (2-64 of a-z 0-9 . _ -)", "report_id")
    if TARGET_PREFIX[op] in ("agency", "category", "channel") and not is_code(key):
        raise _fail("the target is not a valid code", "report_id")
    match op:
        case AdminOp.ACCOUNT_CREATE:
            _name(payload, "display_name", out, required=True)
            _role_and_agency(payload, out, required=True)
            _contact(contact.clean_email, payload, "email", out)
        case AdminOp.ACCOUNT_UPDATE:
            if "display_name" in payload:
                _name(payload, "display_name", out, required=True)
            _role_and_agency(payload, out, required=False)
            _contact(contact.clean_email, payload, "email", out)
            if "disabled" in payload:
                if not isinstance(payload["disabled"], bool):
                    raise _fail("'disabled' must be true or false", "disabled")
                out["disabled"] = payload["disabled"]
            if not out:
                raise _fail("nothing to change", "payload", PayloadProblem.REQUIRED)
        case AdminOp.DEVICE_REVOKE:
            value = payload.get("device_id")
            if type(value) is not int or not 0 < value < 2**31:
                raise _fail("'device_id' must be a device's id", "device_id")
            out["device_id"] = value
        case AdminOp.AGENCY_SAVE:
            if "name" in payload:
                _name(payload, "name", out, required=True)
            if "short_name" in payload:
                value = payload["short_name"]
                if value is not None and (not isinstance(value, str) or len(value) > 100):
                    raise _fail("'short_name' must be at most 100 characters", "short_name")
                out["short_name"] = (value or "").strip() or None
            _contact(contact.clean_name, payload, "contact_name", out)
            _contact(contact.clean_email, payload, "contact_email", out)
            _contact(contact.clean_phone, payload, "contact_phone", out)
            if "active" in payload:
                if not isinstance(payload["active"], bool):
                    raise _fail("'active' must be true or false", "active")
                out["active"] = payload["active"]
            if not out:
                raise _fail("nothing to change", "payload", PayloadProblem.REQUIRED)
        case AdminOp.CATEGORY_SAVE:
            if "name" in payload:
                _name(payload, "name", out, required=True)
            if "default_agency_code" in payload:
                value = payload["default_agency_code"]
                if value is not None and not is_code(value):
                    raise _fail("'default_agency_code' is not a valid code", "default_agency_code")
                out["default_agency_code"] = value
            if "group" in payload:
                value = payload["group"]
                if value is not None and (not isinstance(value, str) or len(value) > 100):
                    raise _fail("'group' must be at most 100 characters", "group")
                out["group"] = (value or "").strip() or None
            if not out:
                raise _fail("nothing to change", "payload", PayloadProblem.REQUIRED)
        case AdminOp.CALENDAR_DAY_SAVE | AdminOp.CALENDAR_DAY_REMOVE:
            try:
                day = date.fromisoformat(key)
            except ValueError:
                raise _fail("the target must be calendar:<YYYY-MM-DD>", "report_id") from None
            if not 2000 <= day.year <= 2100:
                raise _fail("the day must lie between 2000 and 2100", "report_id")
            if op == AdminOp.CALENDAR_DAY_SAVE:
                _name(payload, "name", out, required=True)
                working = payload.get("working", False)
                if not isinstance(working, bool):
                    raise _fail("'working' must be true or false", "working")
                out["working"] = working
        case AdminOp.CHANNEL_KEY_REVOKE:
            value = payload.get("key_id")
            if type(value) is not int or not 0 < value < 2**31:
                raise _fail("'key_id' must be a key's id", "key_id")
            out["key_id"] = value
        case AdminOp.DELIVERY_RETRY:
            if not key.isdigit() or len(key) > 12:
                raise _fail("the target must be delivery:<id>", "report_id")
        case AdminOp.EXPORT_RECORDED:
            if payload.get("export") not in EXPORT_KINDS:
                raise _fail("'export' must be one of " + ", ".join(EXPORT_KINDS), "export")
            out["export"] = payload["export"]
            rows = payload.get("rows", 0)
            if type(rows) is not int or not 0 <= rows < 10**9:
                raise _fail("'rows' must be a count", "rows")
            out["rows"] = rows
            filters = payload.get("filters")
            if filters is not None:
                if not isinstance(filters, str) or len(filters) > 500:
                    raise _fail("'filters' must be at most 500 characters", "filters")
                out["filters"] = filters
    return key, out
