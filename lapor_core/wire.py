"""Shapes of the desk–server wire contract that both sides check the same way.

`validate_op_payload` is called by the server before applying an op and by the desk before it
writes an outbox row, so a bad action is refused with a reason while the officer is still there.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from enum import StrEnum
from typing import Any

from lapor_core.workflow import Action

API_PREFIX = "/api/v1"
MAX_OPS_PER_REQUEST = 100
MAX_FEED_LIMIT = 5000
MAX_TEXT = 20_000
MAX_TITLE = 300
MAX_REASON = 2_000
DEFAULT_ATTACHMENT_LIMIT = 20 * 1024 * 1024

CLASSIFICATIONS = ("pengaduan", "aspirasi", "permintaan_informasi")
CHANNELS = (
    "web",
    "sms",
    "mobile",
    "twitter",
    "facebook",
    "instagram",
    "whatsapp",
    "open311",
    "walk_in",
    "akai_meno",
)
ARCHIVE_REASONS = ("spam", "duplicate", "not_public_service", "too_general", "other")
#: the archive reason of a report forwarded to another instansi (set by the forward op only; an
#: archive op cannot claim it, see docs/forwarding.md)
FORWARDED_REASON = "forwarded"
#: kinds of partner instansi (docs/forwarding.md)
PARTNER_KINDS = ("provinsi", "kementerian", "kabupaten", "lainnya")
#: the longest reference (a letter number) a forward or a partner's answer may carry
MAX_REFERENCE = 200

ALLOWED_MEDIA_TYPES = frozenset(
    {
        "image/jpeg",
        "image/png",
        "image/webp",
        "image/gif",
        "application/pdf",
        "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.ms-excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.spreadsheet",
        "text/plain",
    }
)

#: File name extensions that run code when opened on an officer's PC (Windows first: the desks).
EXECUTABLE_EXTENSIONS = frozenset(
    {
        "exe", "com", "bat", "cmd", "scr", "pif", "msi", "msp", "mst", "dll", "cpl", "sys",
        "drv", "ocx", "lnk", "url", "hta", "js", "jse", "vbs", "vbe", "wsf", "wsh", "ws",
        "ps1", "psm1", "psd1", "reg", "inf", "chm", "jar", "apk", "app", "deb", "rpm", "sh",
        "bash", "csh", "ksh", "run", "bin", "elf", "py", "pyw", "pl", "rb", "php", "appimage",
        "application", "gadget", "msc", "scf", "iso", "img", "vhd", "vhdx", "docm", "xlsm",
        "pptm", "dotm", "xltm", "xlam", "ppam", "jnlp", "action", "command", "workflow",
    }
)  # fmt: skip
MAX_FILENAME = 255
#: an incident date more than this many years (counted from 1 January) before the report is
#: refused as absurd (`date_too_old`), like one in the future
INCIDENT_MAX_AGE_YEARS = 10


def attachment_name_problem(name: object) -> str | None:
    """Why `name` cannot be an attachment's file name, or None when it can.

    Refused: control and format characters (a name must not rewrite a log line or hide its real
    extension with U+202E), path separators, and executable extensions — also behind trailing dots
    or spaces, which Windows drops (`foto.jpg.exe.`)."""
    if not isinstance(name, str) or not name.strip():
        return "nama berkas kosong"
    if len(name) > MAX_FILENAME:
        return f"nama berkas lebih dari {MAX_FILENAME} karakter"
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") for ch in name):
        return "nama berkas berisi karakter kendali"
    if "/" in name or "\\" in name or name.strip() in (".", ".."):
        return "nama berkas tidak boleh berisi / atau \\"
    stem = name.rstrip(" .")
    if "." in stem and stem.rsplit(".", 1)[1].strip().lower() in EXECUTABLE_EXTENSIONS:
        return "berkas program (mis. .exe, .bat, .js) tidak diterima sebagai lampiran"
    return None


#: The report fields a coordinator may set while verifying (the payload keys of a verify op).
VERIFY_FIELDS = (
    "title",
    "classification",
    "category_code",
    "district_code",
    "village",
    "is_anonymous",
    "is_secret",
)

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_CODE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")


class Outcome(StrEnum):
    APPLIED = "applied"
    DUPLICATE = "duplicate"
    CONFLICT = "conflict"
    REJECTED = "rejected"


class PayloadProblem(StrEnum):
    """What is wrong with a payload field: the stable `code` of `PayloadError`."""

    REQUIRED = "required"  #: missing or empty
    TOO_LONG = "too_long"  #: longer than `PayloadError.limit` characters
    INVALID = "invalid"  #: wrong type or not one of the allowed values
    UNKNOWN_FIELD = "unknown_field"  #: a field this op kind does not have
    UNKNOWN_KIND = "unknown_kind"  #: not an op a desk can send


class PayloadError(ValueError):
    """An op payload is malformed. `field` names the offending field (or None); `code` says what
    is wrong (a `PayloadProblem`), `limit` the length limit of a `too_long` text. Callers decide
    on `code`, never on the English message."""

    def __init__(
        self,
        message: str,
        field: str | None = None,
        *,
        code: str = PayloadProblem.INVALID,
        limit: int | None = None,
    ):
        super().__init__(message)
        self.field = field
        self.code = code
        self.limit = limit


def is_sha256(value: object) -> bool:
    return isinstance(value, str) and bool(_SHA256.match(value))


def is_code(value: object) -> bool:
    return isinstance(value, str) and bool(_CODE.match(value))


def is_uuid(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _text(payload: dict, key: str, *, required: bool, limit: int = MAX_TEXT) -> str | None:
    value = payload.get(key)
    if value is None:
        if required:
            raise PayloadError(f"'{key}' is required", key, code=PayloadProblem.REQUIRED)
        return None
    if not isinstance(value, str):
        raise PayloadError(f"'{key}' must be text", key)
    value = value.strip()
    if required and not value:
        raise PayloadError(f"'{key}' must not be empty", key, code=PayloadProblem.REQUIRED)
    if len(value) > limit:
        raise PayloadError(
            f"'{key}' is longer than {limit} characters",
            key,
            code=PayloadProblem.TOO_LONG,
            limit=limit,
        )
    return value


def _bool(payload: dict, key: str, default: bool | None = None) -> bool | None:
    value = payload.get(key, default)
    if value is not None and not isinstance(value, bool):
        raise PayloadError(f"'{key}' must be true or false", key)
    return value


def _code(payload: dict, key: str, *, required: bool) -> str | None:
    value = payload.get(key)
    if value is None:
        if required:
            raise PayloadError(f"'{key}' is required", key, code=PayloadProblem.REQUIRED)
        return None
    if not is_code(value):
        raise PayloadError(f"'{key}' is not a valid code", key)
    return value


def _attachments(payload: dict) -> list[str]:
    value = payload.get("attachments", [])
    if value is None:
        return []
    if not isinstance(value, list) or not all(is_sha256(v) for v in value) or len(value) > 20:
        raise PayloadError(
            "'attachments' must be a list of at most 20 sha256 hex digests", "attachments"
        )
    return list(dict.fromkeys(value))


_ALLOWED_KEYS: dict[Action, frozenset[str]] = {
    Action.VERIFY: frozenset(VERIFY_FIELDS),
    Action.ARCHIVE: frozenset({"reason", "duplicate_of", "note"}),
    Action.DISPATCH: frozenset({"agency_code", "note"}),
    Action.REASSIGN: frozenset({"agency_code", "reason"}),
    Action.RETURN: frozenset({"reason", "suggested_agency_code"}),
    Action.RESPOND: frozenset({"text", "final", "attachments"}),
    Action.NOTE: frozenset({"text", "attachments"}),
    Action.POSTPONE: frozenset({"text"}),
    Action.RESUME: frozenset(),
    Action.REDACT: frozenset({"body", "address"}),
    Action.FORWARD: frozenset({"partner", "reason", "reference"}),
    Action.PARTNER_ANSWER: frozenset({"text", "final", "reference"}),
}


def validate_op_payload(kind: str, payload: Any) -> dict[str, Any]:
    """Return the normalised payload of a desk op, or raise PayloadError with the reason.

    Checks shape only; whether codes exist and the action fits the report is the server's and the
    workflow's business.
    """
    try:
        action = Action(kind)
    except ValueError:
        raise PayloadError(
            f"unknown op kind '{kind}'", "kind", code=PayloadProblem.UNKNOWN_KIND
        ) from None
    if action not in _ALLOWED_KEYS:
        raise PayloadError(
            f"'{kind}' is not an op a desk can send", "kind", code=PayloadProblem.UNKNOWN_KIND
        )
    if not isinstance(payload, dict):
        raise PayloadError("payload must be an object", "payload")
    unknown = set(payload) - _ALLOWED_KEYS[action]
    if unknown:
        raise PayloadError(
            f"unknown field(s): {', '.join(sorted(unknown))}",
            sorted(unknown)[0],
            code=PayloadProblem.UNKNOWN_FIELD,
        )
    out: dict[str, Any] = {}
    match action:
        case Action.VERIFY:
            title = _text(payload, "title", required=False, limit=MAX_TITLE)
            if title is not None:
                if not title:
                    raise PayloadError(
                        "'title' must not be empty", "title", code=PayloadProblem.REQUIRED
                    )
                out["title"] = title
            if "classification" in payload:
                if payload["classification"] not in CLASSIFICATIONS:
                    raise PayloadError(
                        "'classification' is not one of " + ", ".join(CLASSIFICATIONS),
                        "classification",
                    )
                out["classification"] = payload["classification"]
            for key in ("category_code", "district_code"):
                if key in payload:
                    out[key] = _code(payload, key, required=True)
            village = _text(payload, "village", required=False, limit=200)
            if village is not None:
                out["village"] = village
            for key in ("is_anonymous", "is_secret"):
                if key in payload:
                    out[key] = _bool(payload, key)
        case Action.ARCHIVE:
            reason = payload.get("reason")
            if reason not in ARCHIVE_REASONS:
                raise PayloadError(
                    "'reason' must be one of " + ", ".join(ARCHIVE_REASONS), "reason"
                )
            out["reason"] = reason
            dup = payload.get("duplicate_of")
            if reason == "duplicate" and dup is None:
                raise PayloadError(
                    "'duplicate_of' is required for a duplicate",
                    "duplicate_of",
                    code=PayloadProblem.REQUIRED,
                )
            if dup is not None:
                if not isinstance(dup, str) or not dup or len(dup) > 64:
                    raise PayloadError("'duplicate_of' must be a report id", "duplicate_of")
                out["duplicate_of"] = dup
            note = _text(payload, "note", required=False)
            if note:
                out["note"] = note
        case Action.DISPATCH:
            out["agency_code"] = _code(payload, "agency_code", required=True)
            note = _text(payload, "note", required=False)
            if note:
                out["note"] = note
        case Action.REASSIGN:
            out["agency_code"] = _code(payload, "agency_code", required=True)
            out["reason"] = _text(payload, "reason", required=True, limit=MAX_REASON)
        case Action.RETURN:
            out["reason"] = _text(payload, "reason", required=True, limit=MAX_REASON)
            suggested = _code(payload, "suggested_agency_code", required=False)
            if suggested:
                out["suggested_agency_code"] = suggested
        case Action.RESPOND:
            out["text"] = _text(payload, "text", required=True)
            out["final"] = bool(_bool(payload, "final", False))
            out["attachments"] = _attachments(payload)
        case Action.NOTE:
            out["text"] = _text(payload, "text", required=True)
            out["attachments"] = _attachments(payload)
        case Action.POSTPONE:
            out["text"] = _text(payload, "text", required=True)
        case Action.RESUME:
            pass
        case Action.REDACT:
            # The public text of `body` / `address`; null shows the original again.
            if not payload:
                raise PayloadError(
                    "'body' or 'address' is required", "body", code=PayloadProblem.REQUIRED
                )
            for key, limit in (("body", MAX_TEXT), ("address", 500)):
                if key not in payload:
                    continue
                if payload[key] is None:
                    out[key] = None
                    continue
                value = _text(payload, key, required=True, limit=limit)
                out[key] = value
        case Action.FORWARD:
            # `partner`: the code of a partner instansi the server knows (`lapor-server partners`)
            out["partner"] = _code(payload, "partner", required=True)
            out["reason"] = _text(payload, "reason", required=True, limit=MAX_REASON)
            reference = _text(payload, "reference", required=False, limit=MAX_REFERENCE)
            if reference:
                out["reference"] = reference
        case Action.PARTNER_ANSWER:
            out["text"] = _text(payload, "text", required=True)
            out["final"] = bool(_bool(payload, "final", False))
            reference = _text(payload, "reference", required=False, limit=MAX_REFERENCE)
            if reference:
                out["reference"] = reference
    return out
