"""Contact details of staff and OPDs (issue 15): one check for an e-mail address, a phone number
and a person's name, used by the server's models, the admin API and the desk's admin forms alike.

Each `clean_*` returns the normalised value (stripped; e-mail domain lower-cased; empty -> None)
or raises `ContactError` with a reason code and one sentence in Indonesian and English.
"""

from __future__ import annotations

import re
import unicodedata

MAX_EMAIL = 254
MAX_PHONE = 32
MAX_NAME = 200

# Deliberately strict and simple: one '@', a dotted domain of letters/digits/hyphens, no spaces,
# no quoting, no IP literals. Good enough for staff addresses; refuses header-injection material.
_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}$")
_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")
_PHONE = re.compile(r"^\+?[0-9(][0-9 ().-]{4,30}$")


class ContactError(ValueError):
    """A refused contact detail: `code` is a stable reason code, the message is id / en."""

    def __init__(self, code: str, id_text: str, en_text: str):
        super().__init__(en_text)
        self.code = code
        self.id_text = id_text
        self.en_text = en_text


def _bare(value: str | None) -> str | None:
    if value is None:
        return None
    text = value.strip()
    return text or None


def clean_email(value: str | None) -> str | None:
    text = _bare(value)
    if text is None:
        return None
    if len(text) > MAX_EMAIL or text.count("@") != 1:
        raise ContactError(
            "invalid_email",
            f"Alamat e-mail tidak sah: {text[:60]!r}.",
            f"Not a valid e-mail address: {text[:60]!r}.",
        )
    local, domain = text.split("@")
    labels = domain.split(".")
    if (
        not _LOCAL.match(local)
        or local.startswith(".")
        or local.endswith(".")
        or ".." in local
        or len(labels) < 2
        or not all(_LABEL.match(label) for label in labels)
        or labels[-1].isdigit()
    ):
        raise ContactError(
            "invalid_email",
            f"Alamat e-mail tidak sah: {text[:60]!r}.",
            f"Not a valid e-mail address: {text[:60]!r}.",
        )
    return f"{local}@{domain.lower()}"


def clean_phone(value: str | None) -> str | None:
    text = _bare(value)
    if text is None:
        return None
    digits = sum(ch.isdigit() for ch in text)
    if len(text) > MAX_PHONE or not _PHONE.match(text) or not 6 <= digits <= 15:
        raise ContactError(
            "invalid_phone",
            f"Nomor telepon tidak sah: {text[:40]!r} (angka, spasi, '+', '-', '(', ')').",
            f"Not a valid phone number: {text[:40]!r} (digits, spaces, '+', '-', '(', ')').",
        )
    return text


def clean_name(value: str | None, *, required: bool = False) -> str | None:
    text = _bare(value)
    if text is None:
        if required:
            raise ContactError("name_required", "Nama wajib diisi.", "A name is required.")
        return None
    text = " ".join(text.split())
    if len(text) > MAX_NAME or any(unicodedata.category(ch) in ("Cc", "Cf") for ch in text):
        raise ContactError(
            "invalid_name",
            f"Nama tidak sah (paling banyak {MAX_NAME} huruf, tanpa karakter kendali).",
            f"Not a valid name (at most {MAX_NAME} characters, no control characters).",
        )
    return text
