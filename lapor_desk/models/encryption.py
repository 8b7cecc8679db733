"""A plain profile becomes an encrypted one, in place and crash-safe, on the first start.

`open_encrypted(path, key)` is how a desk opens its store: it finishes or starts the migration of
a plain (pre-encryption) file, opens the SQLCipher store and seals any cached file still in the
clear.

The migration never has a moment without a usable store:

1. the plain store's WAL is folded into its main file (checkpoint TRUNCATE);
2. `sqlcipher_export` writes an encrypted copy beside it (`queue.sqlite3.encrypting`), fsynced;
3. the copy is checked (`quick_check`, same number of outbox rows) with the key;
4. the plain store's now empty -wal/-shm are removed, then the copy replaces the plain file in one
   `rename` (and the directory is fsynced). Before the rename the plain file is the store; after
   it, the encrypted one. A kill at any point leaves one of the two, whole;
5. cached attachments are sealed (`seal_plain_files`, idempotent, also run at every open), and
   plain leftovers (set-aside corrupt copies, unfinished downloads) are deleted.

The caller must hold the profile lock and have stored the key (keyring or passphrase wrap) before
calling: an encrypted file whose key was never kept would be lost.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from lapor_desk.errors import CorruptStoreError
from lapor_desk.models import crypto
from lapor_desk.models.store import DB_ERRORS, Store, raw_connect
from lapor_desk.paths import private_file

log = logging.getLogger(__name__)

ENCRYPTING_SUFFIX = ".encrypting"
_SIDE_FILES = ("-wal", "-shm", "-journal")

#: Called with the name of each step of the migration (the crash tests kill the process there).
StepHook = Callable[[str], None]


def _noop(_step: str) -> None:
    pass


def open_encrypted(
    path: Path, key: bytes, *, check: bool | None = None, step: StepHook = _noop
) -> Store:
    """Open the profile's store with its key, migrating a plain file first (see module doc)."""
    path = Path(path)
    encrypt_in_place(path, key, step=step)
    store = Store.open(path, key=key, check=check)
    try:
        seal_plain_files(store, step=step)
    except BaseException:
        store.close()
        raise
    return store


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_with_side_files(path: Path) -> None:
    for suffix in ("", *_SIDE_FILES):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def encrypt_in_place(path: Path, key: bytes, *, step: StepHook = _noop) -> bool:
    """Turn the plain store at `path` into a SQLCipher one; False when there was nothing to do.

    A plain file too damaged to copy raises `CorruptStoreError` (the caller salvages it: the
    readable outbox goes into a fresh encrypted store)."""
    path = Path(path)
    try:
        return _encrypt_in_place(path, key, step)
    except DB_ERRORS as error:
        code = getattr(error, "sqlite_errorcode", None)
        if code is not None and code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
            raise CorruptStoreError(path, str(error)) from error
        raise


def _encrypt_in_place(path: Path, key: bytes, step: StepHook) -> bool:
    partial = path.with_name(path.name + ENCRYPTING_SUFFIX)
    if not crypto.is_plain_sqlite(path):
        if partial.exists():
            _remove_with_side_files(partial)  # an export a kill interrupted after the rename
        return False
    log.info("encrypting the local store %s (first start with encryption)", path)
    _remove_with_side_files(partial)  # a previous attempt that did not reach the rename
    step("start")
    plain = sqlite3.connect(path, isolation_level=None, timeout=30)
    try:
        plain.execute("PRAGMA busy_timeout = 30000")
        busy, _log, _done = plain.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:
            raise sqlite3.OperationalError("the plain store is busy; cannot encrypt it now")
        # Once, before copying: a damaged file is salvaged instead of carried into the new one
        # (a full check; quick_check misses damage inside the full-text index).
        sound = "\n".join(r[0] for r in plain.execute("PRAGMA integrity_check"))
        if sound != "ok":
            raise CorruptStoreError(path, f"integrity_check before encrypting: {sound[:200]}")
        outbox_rows = _count(plain, "outbox")
        user_version = plain.execute("PRAGMA user_version").fetchone()[0]
    finally:
        plain.close()
    step("checkpointed")

    from sqlcipher3 import dbapi2 as sqlcipher

    private_file(partial)  # 0600 before SQLCipher writes the first page
    export = sqlcipher.connect(str(path), isolation_level=None)
    try:
        export.execute("PRAGMA cipher_log_level = NONE")
        export.execute(
            "ATTACH DATABASE ? AS encrypted KEY " + crypto.sqlcipher_key(key), (str(partial),)
        )
        export.execute("SELECT sqlcipher_export('encrypted')")
        export.execute(f"PRAGMA encrypted.user_version = {int(user_version)}")
        export.execute("DETACH DATABASE encrypted")
    finally:
        export.close()
    with open(partial, "rb+") as fh:
        os.fsync(fh.fileno())
    step("exported")

    check = raw_connect(partial, key, isolation_level=None)
    try:
        result = "\n".join(r[0] for r in check.execute("PRAGMA quick_check"))
        copied = _count(check, "outbox")
    finally:
        check.close()
    if result != "ok" or copied != outbox_rows:
        _remove_with_side_files(partial)
        raise CorruptStoreError(
            path, f"encrypted copy failed its check ({result}; outbox {copied} of {outbox_rows})"
        )
    step("verified")

    # The plain WAL is empty (checkpointed, nobody else has the profile): a WAL left beside the
    # new file would be replayed into it, so it goes first.
    for suffix in _SIDE_FILES:
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    step("side-files-removed")
    os.replace(partial, path)
    _fsync_dir(path.parent)
    step("replaced")
    delete_plain_leftovers(path)
    log.info("local store encrypted (%s outbox rows carried over)", outbox_rows)
    return True


def _count(conn: sqlite3.Connection, table: str) -> int:
    exists = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).fetchone()[0]
    return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] if exists else 0


def delete_plain_leftovers(path: Path) -> None:
    """Set-aside corrupt copies of the plain era hold reporter data in the clear: delete them."""
    for aside in path.parent.glob(f"{path.stem}.corrupt-*"):
        if aside.is_file() and (crypto.is_plain_sqlite(aside) or aside.name.endswith(_SIDE_FILES)):
            log.info("deleting a plain set-aside copy %s", aside.name)
            aside.unlink(missing_ok=True)


def seal_plain_files(store: Store, *, step: StepHook = _noop) -> int:
    """Seal every cached attachment still in the clear; returns how many were sealed.

    Idempotent and crash-safe: the sealed copy is written (fsynced) before the rows point at it,
    and the plain file is deleted only after that commit.
    """
    files = store.files
    if files is None:
        return 0
    from lapor_desk.paths import cache_dir, ensure_private_dir

    folder = cache_dir(store.path.parent)
    with store.read_conn() as conn:
        rows = conn.exec_driver_sql(
            "SELECT sha256, cache_path FROM attachments WHERE cache_path IS NOT NULL"
            " AND cache_path NOT LIKE '%.sealed'"
            " UNION SELECT sha256, path FROM local_files WHERE path NOT LIKE '%.sealed'"
        ).all()
    sealed = 0
    for sha, plain_path in rows:
        plain = Path(plain_path)
        try:
            data = plain.read_bytes()
        except OSError:
            data = None
        target = ensure_private_dir(folder) / files.cache_name(sha)
        if data is not None and hashlib.sha256(data).hexdigest() == sha:
            files.write(target, data, f"attachment:{sha}")
            new_path: str | None = str(target)
        else:
            new_path = str(target) if target.exists() else None
        with store.write_conn() as conn:
            conn.exec_driver_sql(
                "UPDATE attachments SET cache_path = ? WHERE sha256 = ?", (new_path, sha)
            )
            if new_path is not None:
                conn.exec_driver_sql(
                    "UPDATE local_files SET path = ? WHERE sha256 = ?", (new_path, sha)
                )
        step("sealed-one")
        plain.unlink(missing_ok=True)
        sealed += 1
    if folder.is_dir():
        for leftover in folder.iterdir():
            if leftover.is_file() and not leftover.name.endswith(crypto.SEALED_SUFFIX):
                leftover.unlink(missing_ok=True)  # unfinished plain downloads of the old desk
        partial = folder / "partial"  # downloads in progress (lapor_desk.sync.partials)
        for leftover in partial.iterdir() if partial.is_dir() else ():
            if leftover.is_file() and not leftover.name.endswith(crypto.SEALED_SUFFIX):
                leftover.unlink(missing_ok=True)  # kept in the clear by an older desk
    return sealed
