"""The profile key: where it lives, how a profile is opened with it, and how it is destroyed.

One random 256-bit key per profile encrypts the store (SQLCipher) and seals the cached files
(`lapor_desk.models.crypto`). It is kept

- in the OS keyring (Windows Credential Manager, macOS Keychain, Secret Service), entry
  `<server>|<username>|profile-key` of the service `lapor-desk`, next to the device token; or
- where no keyring backend exists, in `<profile>/profile-key.json`, wrapped (AES-GCM) under a key
  derived with argon2id from a local passphrase the officer chooses; the desk asks for it at each
  start, as it already asks for the password there, and says why.

It is never written to disk in the clear and never logged. Destroying it (logout, "forget this
computer") leaves the store and cache unreadable; they are deleted as well.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lapor_desk import paths
from lapor_desk.errors import (
    CorruptStoreError,
    KeyringUnavailableError,
    PassphraseRequired,
    WrongPassphraseError,
)
from lapor_desk.models import crypto
from lapor_desk.models.encryption import delete_plain_leftovers, open_encrypted
from lapor_desk.models.salvage import salvage_and_rebuild
from lapor_desk.models.store import Store
from lapor_desk.sync import logsafe
from lapor_desk.sync.credentials import CredentialStore

log = logging.getLogger(__name__)

KEY_FILENAME = "profile-key.json"
#: Environment variable with the local passphrase for headless use on a computer without keyring.
PASSPHRASE_ENV = "LAPOR_DESK_PASSPHRASE"
MIN_PASSPHRASE = 8

#: asks the officer for the local passphrase: (new: choose one now?) -> passphrase, None = cancel
PassphrasePrompt = Callable[[bool], str | None]


class ProfileKeys:
    """Creates, finds and destroys profile keys (keyring first, passphrase wrap otherwise)."""

    def __init__(self, credentials: CredentialStore | None = None):
        self.credentials = credentials or CredentialStore()

    @staticmethod
    def _entry(server_url: str, username: str) -> str:
        return CredentialStore.key(server_url, username) + "|profile-key"

    def keyring_available(self) -> bool:
        return self.credentials.is_available()

    # -- the keyring -------------------------------------------------------------------------
    def _keyring_get(self, server_url: str, username: str) -> bytes | None:
        backend = self.credentials.backend
        try:
            value = backend.get_password(
                self.credentials.service_name, self._entry(server_url, username)
            )
        except Exception as exc:
            raise KeyringUnavailableError(f"keyring read failed: {exc}") from exc
        if not value:
            return None
        logsafe.register_secret(value)
        key = base64.b64decode(value)
        if len(key) != crypto.KEY_BYTES:
            raise KeyringUnavailableError("the profile key in the keyring is damaged")
        return key

    def _keyring_set(self, server_url: str, username: str, key: bytes) -> None:
        value = base64.b64encode(key).decode()
        logsafe.register_secret(value)
        try:
            self.credentials.backend.set_password(
                self.credentials.service_name, self._entry(server_url, username), value
            )
        except Exception as exc:
            raise KeyringUnavailableError(f"keyring write failed: {exc}") from exc
        if self._keyring_get(server_url, username) != key:  # a backend that drops writes
            raise KeyringUnavailableError("the keyring did not keep the profile key")

    # -- finding or creating the key ---------------------------------------------------------
    def find(
        self,
        server_url: str,
        username: str,
        profile_dir: Path,
        ask: PassphrasePrompt | None = None,
    ) -> bytes | None:
        """The existing profile key, or None when there is none (never creates one).

        Raises WrongPassphraseError / PassphraseRequired on the passphrase path."""
        wrapped = Path(profile_dir) / KEY_FILENAME
        if wrapped.exists():
            doc = _read_wrapped(wrapped)
            passphrase = _ask(ask, new=False)
            return _unwrap(doc, passphrase)
        if self.keyring_available():
            return self._keyring_get(server_url, username)
        return None

    def obtain(
        self,
        server_url: str,
        username: str,
        profile_dir: Path,
        ask: PassphrasePrompt | None = None,
    ) -> tuple[bytes, bool]:
        """(the profile key, created now?). Keyring first; otherwise the passphrase wrap."""
        key = self.find(server_url, username, profile_dir, ask)
        if key is not None:
            return key, False
        key = crypto.new_key()
        if self.keyring_available():
            self._keyring_set(server_url, username, key)
            log.info("new profile key kept in the keyring (%s)", self.credentials.backend_name())
            return key, True
        passphrase = _ask(ask, new=True)
        if len(passphrase) < MIN_PASSPHRASE:
            raise PassphraseRequired(f"passphrase shorter than {MIN_PASSPHRASE} characters")
        _write_wrapped(Path(profile_dir) / KEY_FILENAME, crypto.wrap_key(key, passphrase))
        log.info("no keyring: new profile key wrapped with the local passphrase")
        return key, True

    def destroy(self, server_url: str, username: str, profile_dir: Path | None = None) -> None:
        """Forget the profile key everywhere it is kept; the store and cache become unreadable."""
        folder = Path(profile_dir or paths.profile_dir(server_url, username))
        wrapped = folder / KEY_FILENAME
        _unwrapped.clear()  # nothing of a destroyed key stays in this process either
        if wrapped.exists():
            _overwrite_and_delete(wrapped)
        try:
            self.credentials.backend.delete_password(
                self.credentials.service_name, self._entry(server_url, username)
            )
        except Exception as exc:  # nothing stored there (no keyring, or the passphrase path)
            log.debug("no profile key in the keyring to delete: %r", exc)


#: Keys this process already unwrapped: (wrap document, SHA-256 of the passphrase) -> key. The
#: argon2id derivation costs ~0.3 s and 64 MiB by design; a process that reopens the profile (the
#: GUI after a re-login, a headless loop) pays it once. Memory only, like the open store's key.
_unwrapped: dict[tuple[str, bytes], bytes] = {}


def _unwrap(doc: dict[str, Any], passphrase: str) -> bytes:
    import hashlib

    cache_key = (json.dumps(doc, sort_keys=True), hashlib.sha256(passphrase.encode()).digest())
    key = _unwrapped.get(cache_key)
    if key is not None:
        return key
    try:
        key = crypto.unwrap_key(doc, passphrase)
    except crypto.WrongPassphrase as exc:
        raise WrongPassphraseError("wrong local passphrase") from exc
    _unwrapped[cache_key] = key
    return key


def _ask(ask: PassphrasePrompt | None, *, new: bool) -> str:
    passphrase = (ask or env_passphrase)(new)
    if not passphrase:
        raise PassphraseRequired("no local passphrase given")
    logsafe.register_secret(passphrase)
    return passphrase


def env_passphrase(_new: bool) -> str | None:
    """The passphrase of a headless run, from `LAPOR_DESK_PASSPHRASE` (None when unset)."""
    return os.environ.get(PASSPHRASE_ENV) or None


def _read_wrapped(path: Path) -> dict[str, Any]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PassphraseRequired(f"the profile key file cannot be read: {exc}") from exc
    if not isinstance(doc, dict):
        raise PassphraseRequired("the profile key file is damaged")
    return doc


def _write_wrapped(path: Path, doc: dict[str, Any]) -> None:
    paths.ensure_private_dir(path.parent)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(doc, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _overwrite_and_delete(path: Path) -> None:
    try:
        size = path.stat().st_size
        with open(path, "r+b") as fh:
            fh.write(os.urandom(size))
            fh.flush()
            os.fsync(fh.fileno())
    except OSError:
        pass
    path.unlink(missing_ok=True)


def discard_unreadable(store_path: Path) -> None:
    """Delete a store and cache whose key is gone (they cannot be read by anyone any more)."""
    store_path = Path(store_path)
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{store_path}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(paths.cache_dir(store_path.parent), ignore_errors=True)


def _set_aside_orphan(store_path: Path) -> None:
    from datetime import UTC, datetime

    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = store_path.with_name(f"{store_path.stem}.nokey-{stamp}{store_path.suffix}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{store_path}{suffix}")
        if source.exists():
            os.replace(source, Path(f"{aside}{suffix}"))
    shutil.rmtree(paths.cache_dir(store_path.parent), ignore_errors=True)


def open_profile_store(
    server_url: str,
    username: str,
    *,
    keys: ProfileKeys | EphemeralKeys | None = None,
    ask: PassphrasePrompt | None = None,
    check: bool | None = None,
) -> Store:
    """Open (creating or migrating) the encrypted store of a profile; the caller holds its lock.

    A store left behind by a destroyed key (logout) cannot be read: it is deleted and a fresh one
    begins (the queue comes back from the server at the next sync).
    """
    keys = keys if keys is not None else ProfileKeys()
    store_path = paths.store_path(server_url, username)
    folder = paths.ensure_private_dir(store_path.parent)
    paths.tighten_profile(folder)  # files an older desk left under a loose umask
    key, created = keys.obtain(server_url, username, folder, ask)
    if created and store_path.exists() and not crypto.is_plain_sqlite(store_path):
        # Logout deletes the store with its key, so this is a store whose key vanished some other
        # way (a keyring reset, a restored backup). Nobody can read it now; it is set aside, not
        # deleted, in case the old key turns up again, and a fresh store begins.
        log.warning("the local store's key is gone: setting the store aside, starting afresh")
        _set_aside_orphan(store_path)
    try:
        return open_encrypted(store_path, key, check=check)
    except CorruptStoreError as exc:
        # The key is right (the keyring, or a passphrase the wrap's tag accepted), so this is
        # damage: set the file aside and carry the unsent work over (it stays encrypted).
        log.warning("local store damaged (%s): salvaging", exc.reason)
        salvage_and_rebuild(store_path, key=key)
        delete_plain_leftovers(store_path)  # a damaged plain file set aside holds reporter data
        return open_encrypted(store_path, key, check=check)


class EphemeralKeys:
    """A fresh key at each start, in memory only: for the demo, whose data are invented and which
    remembers nothing on the computer. The previous run's store cannot be read and is replaced."""

    def find(self, *_args: Any, **_kwargs: Any) -> bytes | None:
        return None

    def obtain(self, *_args: Any, **_kwargs: Any) -> tuple[bytes, bool]:
        return crypto.new_key(), True

    def destroy(self, *_args: Any, **_kwargs: Any) -> None:
        pass
