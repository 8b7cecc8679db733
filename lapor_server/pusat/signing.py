"""Ed25519 signatures between a region and the centre (docs/pusat.md, "Keys and signatures").

A region signs the exact bytes of each aggregate it pushes, and a standing request's method, path
and time; the centre checks them against the region's registered public keys (the current one
and, during a rotation's grace period, the previous one). Public keys travel as the base64 of the
32 raw bytes; the private key stays in a PEM file only the server's user may read.
"""

from __future__ import annotations

import base64
import binascii
import os
from collections.abc import Iterable
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

#: headers of a signed request
REGION_HEADER = "X-Lapor-Region"
SIGNATURE_HEADER = "X-Lapor-Signature"
TIMESTAMP_HEADER = "X-Lapor-Timestamp"
#: how far a signed request's time may be from the centre's clock (seconds)
CLOCK_SKEW_SECONDS = 300


class KeyError_(ValueError):
    """A key file or public key that cannot be used (message says why)."""


def generate(path: Path) -> str:
    """Write a new private key to `path` (mode 0600, refusing to overwrite); its public key."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    return public_key_text(key)


def load_private(path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError) as exc:
        raise KeyError_(f"cannot read the region key {path}: {exc}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyError_(f"{path} is not an Ed25519 private key")
    return key


def public_key_text(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def parse_public(text: str) -> Ed25519PublicKey:
    """A public key from its base64 text; KeyError_ when it is not 32 bytes of base64."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise KeyError_("the public key is not base64") from None
    if len(raw) != 32:
        raise KeyError_("an Ed25519 public key has 32 bytes (44 characters of base64)")
    return Ed25519PublicKey.from_public_bytes(raw)


def sign(key: Ed25519PrivateKey, message: bytes) -> str:
    return base64.b64encode(key.sign(message)).decode("ascii")


def verify(public_keys: Iterable[str], message: bytes, signature: str) -> bool:
    """Whether `signature` (base64) over `message` was made by one of `public_keys`."""
    try:
        sig = base64.b64decode(signature, validate=True)
    except (binascii.Error, ValueError):
        return False
    if len(sig) != 64:
        return False
    for text in public_keys:
        try:
            parse_public(text).verify(sig, message)
            return True
        except (InvalidSignature, KeyError_):
            continue
    return False


def request_message(method: str, path_qs: str, timestamp: str) -> bytes:
    """What a signed GET covers: method, path with query, and the time it was made."""
    return f"{method.upper()}\n{path_qs}\n{timestamp}".encode()
