"""The profile key and what it protects: the SQLCipher store, cached files, the passphrase wrap.

Every profile has one random 256-bit key (`new_key()`). It is never written to disk in the clear:
it lives in the OS keyring next to the device token (`lapor_desk.sync.profile_keys`), or, on a
computer without a keyring, wrapped here with a key derived from a local passphrase (argon2id).

From the profile key two independent keys are derived (HKDF-SHA256), so no key serves two
purposes: one is handed to SQLCipher as its raw key, the other seals files (AES-256-GCM).

Sealed file layout: `LPD1` | 12-byte random nonce | ciphertext and 16-byte tag. The associated
data binds a blob to its purpose and name (a cached photo cannot be swapped for another one, or
for a draft, without the tag failing). Cached files are named by an HMAC of their SHA-256, so the
folder does not even tell which known photo a desk holds.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_BYTES = 32
MAGIC = b"LPD1"
_NONCE = 12
SEALED_SUFFIX = ".sealed"
#: files opened with `os.open` are text-mode on Windows unless asked (LF would become CRLF and
#: every sealed file would fail its tag): the flag binary writes need, 0 elsewhere
O_BINARY = getattr(os, "O_BINARY", 0)

#: argon2id parameters of the passphrase wrap (RFC 9106's second recommendation: 64 MiB, t=3).
ARGON2_TIME_COST = 3
ARGON2_MEMORY_KIB = 64 * 1024
ARGON2_PARALLELISM = 4
WRAP_VERSION = 1


class SealError(Exception):
    """A sealed blob that this key cannot open (other key, damaged or not sealed)."""


class WrongPassphrase(Exception):
    """The passphrase does not unwrap this profile key."""


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def _derive(key: bytes, purpose: bytes) -> bytes:
    if len(key) != KEY_BYTES:
        raise ValueError("a profile key is 32 bytes")
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=purpose).derive(key)


def sqlcipher_key(key: bytes) -> str:
    """The `PRAGMA key` argument for this profile key: a raw key (no SQLCipher KDF at open)."""
    return "\"x'" + _derive(key, b"lapor-desk store v1").hex() + "'\""


def is_plain_sqlite(path: Path) -> bool:
    """True when `path` starts with SQLite's plain header (an unencrypted store)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError:  # missing, a folder, unreadable
        return False


PIECE_MAGIC = b"LPP1"
#: bytes a sealed piece adds to its plaintext (nonce and tag)
PIECE_OVERHEAD = _NONCE + 16


def _piece_aad(context: str, offset: int) -> bytes:
    return PIECE_MAGIC + offset.to_bytes(8, "big") + context.encode()


class FileCipher:
    """Seals and opens files of one profile (AES-256-GCM under a key derived from the profile's)."""

    __slots__ = ("_aead", "_name_key")

    def __init__(self, key: bytes):
        self._aead = AESGCM(_derive(key, b"lapor-desk files v1"))
        self._name_key = _derive(key, b"lapor-desk file names v1")

    def __repr__(self) -> str:
        return "FileCipher(<key hidden>)"

    def seal(self, data: bytes, context: str) -> bytes:
        nonce = os.urandom(_NONCE)
        return MAGIC + nonce + self._aead.encrypt(nonce, data, MAGIC + context.encode())

    def open(self, blob: bytes, context: str) -> bytes:
        if blob[:4] != MAGIC or len(blob) < 4 + _NONCE + 16:
            raise SealError("not a sealed file")
        nonce = blob[4 : 4 + _NONCE]
        try:
            return self._aead.decrypt(nonce, blob[4 + _NONCE :], MAGIC + context.encode())
        except InvalidTag as exc:
            raise SealError("sealed file does not open with this key (or is damaged)") from exc

    def seal_piece(self, data: bytes, context: str, offset: int) -> bytes:
        """One piece of a file sealed on its own (nonce | ciphertext | tag); the associated data
        binds it to the file's context and to its byte offset, so pieces cannot be reordered,
        dropped from the middle or moved into another file (`lapor_desk.sync.partials`)."""
        nonce = os.urandom(_NONCE)
        return nonce + self._aead.encrypt(nonce, data, _piece_aad(context, offset))

    def open_piece(self, blob: bytes, context: str, offset: int) -> bytes:
        if len(blob) < _NONCE + 16:
            raise SealError("not a sealed piece")
        try:
            return self._aead.decrypt(blob[:_NONCE], blob[_NONCE:], _piece_aad(context, offset))
        except InvalidTag as exc:
            raise SealError("sealed piece does not open with this key (or is damaged)") from exc

    def cache_name(self, sha256: str) -> str:
        """The file name of a cached attachment: reveals nothing about which file it is."""
        return hmac.new(self._name_key, sha256.encode(), hashlib.sha256).hexdigest() + SEALED_SUFFIX

    def write(self, path: Path, data: bytes, context: str) -> None:
        """Seal `data` into `path` atomically (temporary file, fsync, rename), mode 0600."""
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | O_BINARY, 0o600)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(self.seal(data, context))
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def read(self, path: Path, context: str) -> bytes:
        return self.open(Path(path).read_bytes(), context)


# -- the passphrase wrap (computers without a keyring) ------------------------------------------


def _kek(passphrase: str, salt: bytes, t: int, m: int, p: int) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(
        passphrase.encode("utf-8"), salt, time_cost=t, memory_cost=m, parallelism=p,
        hash_len=KEY_BYTES, type=Type.ID,
    )  # fmt: skip


def wrap_key(key: bytes, passphrase: str) -> dict[str, Any]:
    """The profile key sealed under an argon2id key of `passphrase` (a JSON-able document)."""
    if not passphrase:
        raise ValueError("empty passphrase")
    salt = os.urandom(16)
    t, m, p = ARGON2_TIME_COST, ARGON2_MEMORY_KIB, ARGON2_PARALLELISM
    nonce = os.urandom(_NONCE)
    wrapped = AESGCM(_kek(passphrase, salt, t, m, p)).encrypt(nonce, key, b"lapor-desk key wrap")
    b64 = base64.b64encode
    return {
        "version": WRAP_VERSION,
        "kdf": "argon2id",
        "t": t,
        "m": m,
        "p": p,
        "salt": b64(salt).decode(),
        "nonce": b64(nonce).decode(),
        "wrapped": b64(wrapped).decode(),
    }


def unwrap_key(doc: dict[str, Any], passphrase: str) -> bytes:
    """The profile key from `wrap_key`'s document; WrongPassphrase if it does not open."""
    try:
        if doc.get("version") != WRAP_VERSION or doc.get("kdf") != "argon2id":
            raise ValueError("unknown key wrap")
        salt, nonce, wrapped = (base64.b64decode(doc[k]) for k in ("salt", "nonce", "wrapped"))
        t, m, p = int(doc["t"]), int(doc["m"]), int(doc["p"])
    except (KeyError, TypeError, ValueError) as exc:
        raise SealError(f"damaged key file: {exc}") from exc
    try:
        key = AESGCM(_kek(passphrase, salt, t, m, p)).decrypt(
            nonce, wrapped, b"lapor-desk key wrap"
        )
    except InvalidTag as exc:
        raise WrongPassphrase() from exc
    if len(key) != KEY_BYTES:
        raise SealError("damaged key file")
    return key
