"""Database access: engine setup for SQLite and PostgreSQL, transactions, and schema migrations.

SQLite: WAL, `synchronous=FULL` (an "applied" answer must survive a power cut), foreign keys,
a busy timeout, and `BEGIN IMMEDIATE` for write transactions — a deferred transaction that reads
first and writes later can fail with SQLITE_BUSY when another writer got in between, instead of
waiting its turn.

PostgreSQL: psycopg 3, a connection pool per process (connections idle for a while are pinged
before use), READ COMMITTED writes with row locks (`SELECT ... FOR UPDATE`), REPEATABLE READ for
feed pages (one snapshot per page).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import orjson
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.orm import Session, sessionmaker


def normalise_url(url: str | URL) -> URL:
    """Use psycopg 3 for PostgreSQL whatever driver (or none) the URL names."""
    u = make_url(url) if isinstance(url, str) else url
    if u.drivername in ("postgresql", "postgres", "postgresql+psycopg2"):
        u = u.set(drivername="postgresql+psycopg")
    return u


def _json_dumps(value: object) -> str:
    return orjson.dumps(value).decode()


#: PostgreSQL connections kept per process: as many as requests can run at once (FastAPI runs the
#: sync endpoints in anyio's 40 worker threads). A smaller pool made busy servers open and close
#: overflow connections all the time (a new PostgreSQL backend each) and let requests queue for
#: one (bench/server_load.py).
POOL_SIZE = 20


def make_engine(url: str | URL, *, pool_size: int = POOL_SIZE) -> Engine:
    u = normalise_url(url)
    # orjson for JSON columns: event data is decoded for every event of every feed page.
    json_opts = {"json_serializer": _json_dumps, "json_deserializer": orjson.loads}
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:":
            Path(u.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(
            u,
            connect_args={"check_same_thread": False, "timeout": 30},
            pool_pre_ping=False,
            **json_opts,
        )
        _configure_sqlite(engine)
        return engine
    engine = sa.create_engine(
        u,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_recycle=1800,
        **json_opts,
    )
    _ping_when_idle(engine)
    return engine


#: a pooled connection idle longer than this is checked before use (see _ping_when_idle)
PING_AFTER_IDLE_SECONDS = 10.0


def _ping_when_idle(engine: Engine) -> None:
    """Check a connection before use only when it sat idle in the pool for a while.

    What `pool_pre_ping` is for — a PostgreSQL restart or a dropped connection must not fail a
    request — happens to connections that waited in the pool; `pool_pre_ping` pinged on every
    checkout, which on a busy server was two of a feed poll's seven round trips
    (bench/server_load.py). A failed ping makes the pool retry with a fresh connection.
    """

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_conn, record):  # type: ignore[no-untyped-def]
        record.info["lapor_idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_conn, record, _proxy):  # type: ignore[no-untyped-def]
        since = record.info.get("lapor_idle_since")
        if since is None or time.monotonic() - since < PING_AFTER_IDLE_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_conn)
        except engine.dialect.loaded_dbapi.Error as exc:
            raise sa.exc.DisconnectionError(str(exc)) from exc


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own handling is lazy).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # type: ignore[no-untyped-def]
        if conn.get_execution_options().get("lapor_write"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


class Database:
    """One engine per process plus helpers for the two kinds of transactions the server uses."""

    def __init__(self, url: str | URL, *, pool_size: int = POOL_SIZE):
        self.url = normalise_url(url)
        self.engine = make_engine(self.url, pool_size=pool_size)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        self.is_postgres = self.engine.dialect.name == "postgresql"
        self._write_bind = self.engine.execution_options(lapor_write=True)
        self._sessions = sessionmaker(bind=self.engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(bind=self._write_bind, expire_on_commit=False)
        # Every write transaction re-encodes the snapshots of the reports it changed before it
        # commits (lapor_server.encoded): feed pages are then stored bytes joined.
        from lapor_server import encoded

        event.listen(self._write_sessions, "before_flush", encoded.track_changes)
        event.listen(self._write_sessions, "before_commit", encoded.refresh_changed)
        event.listen(self._write_sessions, "after_rollback", encoded.forget_changes)

    def session(self) -> Session:
        """A plain session (reads; the caller commits if it writes something small)."""
        return self._sessions()

    def write_session(self) -> Session:
        """A session whose transactions take the SQLite write lock up front."""
        return self._write_sessions()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: commits on success, rolls back on any exception."""
        with self._write_sessions() as s, s.begin():
            yield s

    @contextmanager
    def read(self, *, snapshot: bool = False) -> Iterator[Session]:
        """A read transaction; `snapshot=True` gives one consistent snapshot on PostgreSQL."""
        # Closing (not rolling back) the session ends the transaction and detaches the objects
        # with their loaded attributes intact, so callers may read them afterwards.
        with self._sessions() as s:
            if snapshot and self.is_postgres:
                s.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            yield s

    @contextmanager
    def single_read(self) -> Iterator[sa.Connection]:
        """A connection for one read statement (the token check of every request). On PostgreSQL
        it runs in autocommit mode: no BEGIN and ROLLBACK round trips around a single SELECT."""
        conn = self.engine.connect()
        try:
            if self.is_postgres:
                conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            yield conn
        finally:
            conn.close()

    def dispose(self) -> None:
        self.engine.dispose()


# --- migrations ----------------------------------------------------------------------------------


def alembic_config(url: str | URL):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    cfg = Config()
    # A file path, not "lapor_server:migrations": that form needs importlib.resources, which
    # fails for some editable installs (namespace-style finders).
    cfg.set_main_option(
        "script_location", str(Path(__file__).resolve().parent / "migrations").replace("%", "%%")
    )
    cfg.set_main_option(
        "sqlalchemy.url",
        normalise_url(url).render_as_string(hide_password=False).replace("%", "%%"),
    )
    cfg.attributes["configure_logger"] = False
    return cfg


def upgrade(url: str | URL, revision: str = "head") -> None:
    """Bring the schema to `revision` (each migration in its own transaction)."""
    from alembic import command

    engine = make_engine(url, pool_size=1)
    sqlite = engine.dialect.name == "sqlite"
    try:
        with engine.connect() as outer:
            raw = outer.connection.dbapi_connection
            if sqlite:
                # SQLite changes most columns by copying the table (Alembic's batch mode); the old
                # copy of a table other rows reference (users, agencies) cannot be dropped while
                # foreign keys are enforced, so a server with data could not upgrade. The pragma
                # works only outside a transaction: on the driver's autocommit connection here.
                raw.execute("PRAGMA foreign_keys=OFF")
            try:
                with outer.begin():
                    cfg = alembic_config(url)
                    cfg.attributes["connection"] = outer
                    if engine.dialect.name == "postgresql":
                        # Several servers may start at once: one migrates, the others wait.
                        outer.exec_driver_sql("SELECT pg_advisory_xact_lock(7241001)")
                    command.upgrade(cfg, revision)
                if sqlite:
                    broken = raw.execute("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(
                            f"the schema upgrade left {len(broken)} broken references: {broken[:5]}"
                        )
            finally:
                if sqlite:
                    raw.execute("PRAGMA foreign_keys=ON")
    finally:
        engine.dispose()


def current_revision(url: str | URL) -> str | None:
    from alembic.runtime.migration import MigrationContext

    engine = make_engine(url, pool_size=1)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    head = script.get_current_head()
    assert head is not None
    return head
