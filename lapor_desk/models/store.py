"""The desk's local store: one SQLite file per (server, account), opened, migrated and guarded here.

Every connection gets the same pragmas (WAL, synchronous=FULL, foreign keys, busy timeout).
sqlite3's own transaction handling is switched off and SQLAlchemy emits BEGIN itself, so DDL is
transactional and writes start with BEGIN IMMEDIATE (no lock upgrade deadlocks, no SQLITE_BUSY in
the middle of a transaction). The app's single writer thread is the normal path for writes; the
lock inside `Store` additionally serialises writers within the process, and SQLite's lock across
processes. Reads use their own pooled connections and see a consistent snapshot (WAL).

ORM objects never leave a unit of work: read or write inside `read()`/`write()`, return the
frozen dataclasses of `dto.py`.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event, exc
from sqlalchemy.orm import Session, sessionmaker

from lapor_desk.errors import CorruptStoreError, PlainStoreError, StoreFullError
from lapor_desk.models import crypto, search
from lapor_desk.models.calendar import StoreCalendar
from lapor_desk.models.revision import HEAD_REVISION
from lapor_desk.models.schema import Event, Report
from lapor_desk.paths import private_file

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
#: WAL pages (4 KiB) after which a commit also checkpoints. SQLite's default (1000 = 4 MB) made
#: every few hundred saves pay a 4 MB copy + fsync of the main file; `Store.maintenance()` from an
#: idle timer checkpoints instead, and this is only the backstop. Durability is unchanged
#: (synchronous=FULL: every commit is fsynced in the WAL).
WAL_AUTOCHECKPOINT_PAGES = 10_000
PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
    f"PRAGMA wal_autocheckpoint={WAL_AUTOCHECKPOINT_PAGES}",
)
#: SQLCipher writes its own errors (e.g. "hmac check failed" for a wrong key) to stderr; the
#: desk reports them through its typed errors instead.
CIPHER_QUIET = "PRAGMA cipher_log_level = NONE"
_CORRUPT_CODES = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}


def _json_dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def sqlite_code(error: BaseException) -> int | None:
    """The primary SQLite result code behind a (SQLAlchemy-wrapped) sqlite3 error, if any."""
    orig = getattr(error, "orig", error)
    code = getattr(orig, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def _translate(error: BaseException, path: Path) -> BaseException | None:
    code = sqlite_code(error)
    if code == sqlite3.SQLITE_FULL:
        return StoreFullError()
    if code in _CORRUPT_CODES:
        return CorruptStoreError(path, str(getattr(error, "orig", error)))
    return None


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Hand transaction control to SQLAlchemy (its begin hook below emits BEGIN).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        for pragma in PRAGMAS:
            row = cursor.execute(pragma).fetchone()
            if pragma.startswith("PRAGMA journal_mode") and row and row[0] != "wal":
                # Network shares and some sandboxes refuse WAL; the store still works, slower.
                log.warning("SQLite refused WAL mode (journal_mode=%s) for this profile", row[0])
    finally:
        cursor.close()


def _on_begin(conn: Connection) -> None:
    mode = conn.get_execution_options().get("lapor_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def _reindex_after_flush(session: Session, _context: Any) -> None:
    """Keep the FTS index in step with ORM edits of reports and their events."""
    ids: set[str] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Report) and obj not in session.deleted:
            ids.add(obj.id)
        elif isinstance(obj, Event):
            ids.add(obj.report_id)
    ids.discard(None)  # type: ignore[arg-type]
    if ids:
        search.reindex_reports(session.connection(), ids)


def _db_errors() -> tuple[type[Exception], ...]:
    from sqlcipher3 import dbapi2 as sqlcipher

    return (sqlite3.Error, sqlcipher.Error)


#: what a raw connection of either driver raises (`except DB_ERRORS`)
DB_ERRORS = _db_errors()


def _operational_errors() -> tuple[type[Exception], ...]:
    from sqlcipher3 import dbapi2 as sqlcipher

    return (sqlite3.OperationalError, sqlcipher.OperationalError)


#: `OperationalError` of either driver (an interrupted query, a busy database)
OPERATIONAL_ERRORS = _operational_errors()


def raw_connect(target: str | Path, key: bytes | None = None, **kwargs: Any) -> Any:
    """A DB-API connection to a store file: plain sqlite3, or SQLCipher keyed with the profile
    key (before anything reads the file). `kwargs` go to `connect` (uri, timeout, ...)."""
    if key is None:
        return sqlite3.connect(target, **kwargs)
    from sqlcipher3 import dbapi2 as sqlcipher

    conn = sqlcipher.connect(target, **kwargs)
    conn.execute(CIPHER_QUIET)
    conn.execute(f"PRAGMA key = {crypto.sqlcipher_key(key)}")
    return conn


def make_engine(path: Path, key: bytes | None = None) -> Engine:
    """An engine on the SQLite file at `path` with the store's pragmas and transaction control;
    with `key`, the file is a SQLCipher database (every page AES-256 encrypted and authenticated).

    Writes must run on `engine.execution_options(lapor_begin="IMMEDIATE")`; `Store` does that.
    """
    options: dict[str, Any] = {}
    if key is not None:
        from sqlcipher3 import dbapi2 as sqlcipher

        # The same pysqlite dialect, on SQLCipher's driver (its own exception classes).
        options["module"] = sqlcipher
    engine = create_engine(
        URL.create("sqlite+pysqlite", database=str(path)), json_serializer=_json_dumps, **options
    )
    if key is not None:
        pragma = f"PRAGMA key = {crypto.sqlcipher_key(key)}"

        @event.listens_for(engine, "do_connect")
        def _keyed_connect(dialect: Any, _rec: Any, cargs: Any, cparams: Any) -> Any:
            conn = dialect.loaded_dbapi.connect(*cargs, **cparams)
            conn.execute(CIPHER_QUIET)
            conn.execute(pragma)  # first statement on the connection: nothing read unkeyed
            return conn

    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


@dataclass(frozen=True, slots=True)
class MaintenanceResult:
    """What one `Store.maintenance()` did (for the log)."""

    segments_merged: int  # full-text index segments merged away
    wal_pages: int  # pages in the WAL (-1 when not in WAL mode)
    checkpointed_pages: int  # of those, pages now copied into the main file


class Store:
    """An open local store. Create with `Store.open(path)`; `close()` when done."""

    def __init__(self, path: Path, engine: Engine, key: bytes | None = None):
        self.path = path
        self.engine = engine
        self._key = key
        #: seals the profile's cached files with the profile key; None for a plain store
        self.files = crypto.FileCipher(key) if key is not None else None
        self._write_engine = engine.execution_options(lapor_begin="IMMEDIATE")
        self._write_lock = threading.Lock()
        self._writing = threading.local()
        self._sessions = sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)
        self._write_sessions = sessionmaker(
            bind=self._write_engine, expire_on_commit=False, autoflush=True
        )
        event.listen(self._write_sessions, "after_flush", _reindex_after_flush)
        #: bumped by `reference_changed()` after new reference data (the calendar) was stored;
        #: `models.calendar.StoreCalendar` reloads its days when it moves
        self.reference_generation = 1
        self._calendar: StoreCalendar | None = None

    def reference_changed(self) -> None:
        """New reference data was committed: calendars over this store reload their days."""
        self.reference_generation += 1

    @property
    def calendar(self) -> StoreCalendar:
        """This store's working-day calendar (`models.calendar.StoreCalendar`), one per store."""
        if self._calendar is None:
            self._calendar = StoreCalendar(self)
        return self._calendar

    # -- opening -------------------------------------------------------------------------

    @property
    def encrypted(self) -> bool:
        return self._key is not None

    @classmethod
    def open(cls, path: Path, *, check: bool | None = None, key: bytes | None = None) -> Store:
        """Open (creating if needed) and migrate the store at `path`.

        `key`: the profile key (`lapor_desk.sync.profile_keys`); the file is then SQLCipher. A
        desk profile is always opened with one (`lapor_desk.models.encryption.open_encrypted`
        also migrates a plain file); None opens a plain SQLite file (tests, benchmarks' baseline).

        `check`: run `PRAGMA quick_check` first. None (default) checks only after an unclean
        shutdown (a WAL file left behind), because a full check of a 100k-report file costs
        noticeably at start; the app can run `quick_check()` in the background instead.
        Raises `CorruptStoreError` for a damaged file, `StoreTooNewError` for a newer schema.
        """
        path = Path(path)
        private_file(path)  # 0600 whatever the umask; SQLite's -wal/-shm inherit its mode
        wal = Path(f"{path}-wal")
        if check is None:
            check = wal.exists() and wal.stat().st_size > 0
        if key is not None and crypto.is_plain_sqlite(path):
            raise PlainStoreError(path)
        engine = make_engine(path, key)
        store = cls(path, engine, key)
        try:
            if store._verify(check) != HEAD_REVISION:
                # Imported here: Alembic costs ~0.3 s of start and is needed only to migrate.
                from lapor_desk.models import migrate

                with store._write_engine.connect() as conn:
                    migrate.upgrade(conn)
        except exc.DBAPIError as error:
            engine.dispose()
            translated = _translate(error, path)
            if translated is None:
                raise
            raise translated from error
        except BaseException:
            engine.dispose()
            raise
        return store

    def _verify(self, check: bool) -> str | None:
        """Check the file can be read (and is sound, if `check`); return its schema revision."""
        with self.engine.connect() as conn:
            # Reading the schema makes SQLite parse the header: "file is not a database" here.
            has_version = conn.exec_driver_sql(
                "SELECT count(*) FROM sqlite_master"
                " WHERE type = 'table' AND name = 'alembic_version'"
            ).scalar()
            if check:
                result = self._pragma_check(conn, "quick_check")
                if result != "ok":
                    raise CorruptStoreError(self.path, result)
            if not has_version:
                return None  # a new file: the full migration runs
            revisions = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
            # Anything but exactly one row is left to Alembic to judge.
            return revisions[0][0] if len(revisions) == 1 else None

    # -- units of work -------------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction (BEGIN IMMEDIATE) as an ORM Session; commits on normal exit.

        Raises `StoreFullError` when the disk is full (the transaction is rolled back whole).
        """
        with (
            self._exclusive(),
            self._translated(),
            self._write_sessions() as session,
            session.begin(),
        ):
            session.connection()  # take the write lock now, not at the first statement
            yield session

    @contextmanager
    def write_conn(self) -> Iterator[Connection]:
        """One write transaction (BEGIN IMMEDIATE) as a Core Connection, for bulk work."""
        with self._exclusive(), self._translated(), self._write_engine.begin() as conn:
            yield conn

    @contextmanager
    def bulk_write(self, cache_kib: int = 65536) -> Iterator[Connection]:
        """One write transaction for a bulk load into the store (`models/bootload.py`).

        Like `write_conn()`, but foreign-key checks are off for it (the loader writes each
        report's events and files from the same line, so they cannot dangle) and the page cache
        is `cache_kib` large; both are restored afterwards, whatever happened. Everything inside
        commits together or not at all, so a kill leaves the store as it was before.
        """
        with self._exclusive(), self._translated(), self._write_engine.connect() as conn:
            raw = conn.connection.driver_connection
            assert raw is not None
            # Outside any transaction (SQLite ignores foreign_keys inside one).
            cache_before = raw.execute("PRAGMA cache_size").fetchone()[0]
            raw.execute("PRAGMA foreign_keys=OFF")
            raw.execute(f"PRAGMA cache_size=-{int(cache_kib)}")
            try:
                with conn.begin():
                    yield conn
            finally:
                if conn.connection.is_valid:
                    raw.execute("PRAGMA foreign_keys=ON")
                    raw.execute(f"PRAGMA cache_size={int(cache_before)}")

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit of work: one consistent snapshot, rolled back at the end."""
        with self._translated(), self._sessions() as session:
            try:
                yield session
            finally:
                session.rollback()

    @contextmanager
    def read_conn(self) -> Iterator[Connection]:
        """A Core Connection for reads (one consistent snapshot)."""
        with self._translated(), self.engine.connect() as conn:
            conn.begin()
            try:
                yield conn
            finally:
                conn.rollback()

    @contextmanager
    def _exclusive(self) -> Iterator[None]:
        if getattr(self._writing, "active", False):
            # A nested write would wait on itself (threading.Lock) or on SQLite's lock.
            raise RuntimeError("Store.write() is not re-entrant; do the work in one transaction")
        with self._write_lock:
            self._writing.active = True
            try:
                yield
            finally:
                self._writing.active = False

    @contextmanager
    def _translated(self) -> Iterator[None]:
        try:
            yield
        except exc.DBAPIError as error:
            translated = _translate(error, self.path)
            if translated is None:
                raise
            raise translated from error

    # -- maintenance ---------------------------------------------------------------------

    def reindex_reports(self, ids: Iterable[str]) -> None:
        """Rebuild the full-text entries of these reports (after Core writes outside bulk.py)."""
        with self.write_conn() as conn:
            search.reindex_reports(conn, ids)

    def integrity_check(self) -> str:
        """`PRAGMA integrity_check` as one string: "ok" when the file is sound."""
        with self.engine.connect() as conn:
            return self._pragma_check(conn, "integrity_check")

    def quick_check(self) -> str:
        with self.engine.connect() as conn:
            return self._pragma_check(conn, "quick_check")

    @staticmethod
    def _pragma_check(conn: Connection, pragma: str) -> str:
        rows = conn.exec_driver_sql(f"PRAGMA {pragma}").scalars().all()
        return "\n".join(str(r) for r in rows)

    def backup_to(self, target: Path) -> Path:
        """Write a consistent copy of the store to `target` with SQLite's backup API.

        The copy is a single self-contained file (rollback journal mode, no -wal needed) and
        replaces `target` atomically.
        """
        target = Path(target)
        partial = target.with_name(target.name + ".partial")
        partial.unlink(missing_ok=True)
        private_file(partial)
        with self._translated(), self.engine.connect() as conn:
            source = conn.connection.dbapi_connection
            assert source is not None
            dest = raw_connect(partial, self._key)
            try:
                source.backup(dest)
                dest.execute("PRAGMA journal_mode=DELETE")
                dest.commit()
            finally:
                dest.close()
        with open(partial, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(partial, target)
        return target

    def maintenance(self) -> MaintenanceResult:
        """Idle-time housekeeping, so that it does not land in the commit of an officer's save:
        one bounded FTS5 merge step (a short write transaction) and a passive WAL checkpoint
        (never waits for readers or writers; copies what it can).

        Call it from an idle timer (e.g. every 30-60 s without user input), on the writer
        thread like any other write. Cheap when there is nothing to do.
        """
        with self.write_conn() as conn:
            merged = search.merge_step(conn)
        with self._translated(), self.engine.connect() as conn:
            # The driver connection in autocommit (no BEGIN): a checkpoint inside an open
            # transaction could not copy the pages that transaction still reads.
            raw = conn.connection.driver_connection
            assert raw is not None
            _busy, wal_pages, copied = raw.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        return MaintenanceResult(
            segments_merged=merged, wal_pages=wal_pages, checkpointed_pages=copied
        )

    def checkpoint(self) -> None:
        """Fold the WAL back into the main file (call when idle)."""
        with self.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
