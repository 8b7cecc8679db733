"""A throw-away PostgreSQL cluster for the test session.

`PostgresCluster` runs `initdb` into a temporary directory and `pg_ctl start` on a free loopback
port (as the `postgres` user when the tests run as root, because PostgreSQL refuses to run as root).
Durability is switched off (fsync, synchronous_commit, full_page_writes) because the cluster dies
with the session anyway. Databases are created on demand, optionally from a template, which is how
a test gets a fresh database in a few tens of milliseconds.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import psycopg
from psycopg import sql

PG_USER = "postgres"


class PostgresUnavailable(RuntimeError):
    """PostgreSQL binaries are missing or the cluster could not be started."""


def find_bindir() -> Path | None:
    """The directory holding initdb/pg_ctl, or None when PostgreSQL is not installed."""
    explicit = os.environ.get("LAPOR_TEST_PG_BINDIR")
    candidates: list[Path] = [Path(explicit)] if explicit else []
    # Newest major version first.
    versions = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
        reverse=True,
    )
    candidates += [Path(p) for p in versions]
    if shutil.which("pg_config"):
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run(
                ["pg_config", "--bindir"], capture_output=True, text=True, timeout=10, check=True
            ).stdout.strip()
            candidates.append(Path(out))
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).parent)
    for c in candidates:
        if (c / "initdb").is_file() and (c / "pg_ctl").is_file():
            return c
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _running_as_root() -> bool:
    return os.geteuid() == 0


class PostgresCluster:
    """One PostgreSQL server on 127.0.0.1:`port`, trust authentication, user `postgres`."""

    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.port: int | None = None
        self.base: Path | None = None
        self.datadir: Path | None = None
        self.sockdir: Path | None = None
        self.logfile: Path | None = None
        self._started = False

    # -- process control -------------------------------------------------------------------
    def _run(self, args: list[str], *, timeout: float = 120) -> subprocess.CompletedProcess:
        cmd = [str(a) for a in args]
        if _running_as_root():
            cmd = ["runuser", "-u", PG_USER, "--", *cmd]
        return subprocess.run(
            cmd, capture_output=True, text=True, timeout=timeout, cwd="/", check=False
        )

    def start(self) -> PostgresCluster:
        # /tmp itself is world-traversable; the cluster directory must be too when initdb runs as
        # `postgres` while we are root.
        self.base = Path(tempfile.mkdtemp(prefix="lapor-pg-", dir="/tmp"))
        self.base.chmod(0o755)
        self.datadir = self.base / "data"
        self.sockdir = self.base / "sock"
        self.logfile = self.base / "postgres.log"
        self.datadir.mkdir(mode=0o700)
        self.sockdir.mkdir(mode=0o755)
        self.logfile.touch()
        if _running_as_root():
            pw = pwd.getpwnam(PG_USER)
            for p in (self.datadir, self.sockdir, self.logfile):
                os.chown(p, pw.pw_uid, pw.pw_gid)
        res = self._run(
            [
                self.bindir / "initdb",
                "-D",
                self.datadir,
                "-U",
                PG_USER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",
            ]
        )
        if res.returncode != 0:
            raise PostgresUnavailable(f"initdb failed:\n{res.stdout}\n{res.stderr}")
        atexit.register(self.stop)
        last_error = ""
        # The free port may be taken between our probe and the server's bind: try a few.
        for _ in range(5):
            self.port = free_port()
            opts = " ".join(
                [
                    f"-p {self.port}",
                    "-c listen_addresses=127.0.0.1",
                    f"-c unix_socket_directories={self.sockdir}",
                    "-c fsync=off",
                    "-c synchronous_commit=off",
                    "-c full_page_writes=off",
                    "-c max_connections=300",
                    "-c shared_buffers=64MB",
                    # Deadlock checks and lock waits show up quickly in concurrency tests.
                    "-c deadlock_timeout=200ms",
                ]
            )
            res = self._run(
                [
                    self.bindir / "pg_ctl",
                    "start",
                    "-w",
                    "-t",
                    "60",
                    "-D",
                    self.datadir,
                    "-l",
                    self.logfile,
                    "-o",
                    opts,
                ]
            )
            if res.returncode == 0:
                self._started = True
                return self
            last_error = f"{res.stdout}\n{res.stderr}\n{self.log_tail()}"
        raise PostgresUnavailable(f"pg_ctl start failed:\n{last_error}")

    def stop(self) -> None:
        if self._started and self.datadir is not None:
            self._run(
                [self.bindir / "pg_ctl", "stop", "-D", self.datadir, "-m", "immediate", "-w"],
                timeout=60,
            )
            self._started = False
        if self.base is not None and self.base.exists():
            shutil.rmtree(self.base, ignore_errors=True)

    def log_tail(self, n: int = 40) -> str:
        try:
            return "\n".join(self.logfile.read_text(errors="replace").splitlines()[-n:])
        except (OSError, AttributeError):
            return ""

    # -- databases -------------------------------------------------------------------------
    def url(self, dbname: str) -> str:
        """SQLAlchemy URL of `dbname` on this cluster (psycopg 3 driver)."""
        return f"postgresql+psycopg://{PG_USER}@127.0.0.1:{self.port}/{dbname}"

    def _admin(self) -> psycopg.Connection:
        return psycopg.connect(
            host="127.0.0.1", port=self.port, user=PG_USER, dbname="postgres", autocommit=True
        )

    def create_database(self, name: str | None = None, *, template: str | None = None) -> str:
        """Create a database (named at random unless given) and return its SQLAlchemy URL."""
        name = name or f"t_{uuid.uuid4().hex[:16]}"
        stmt = sql.SQL("CREATE DATABASE {} TEMPLATE {} STRATEGY FILE_COPY").format(
            sql.Identifier(name), sql.Identifier(template or "template0")
        )
        with self._admin() as conn:
            conn.execute(stmt)
        return self.url(name)

    def drop_database(self, name: str) -> None:
        with self._admin() as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def database_name(url: str) -> str:
    return url.rsplit("/", 1)[1].split("?", 1)[0]


def server_url(url: str) -> str:
    """The part of a SQLAlchemy URL before the database name."""
    return url.rsplit("/", 1)[0]


def fresh_pg_database(pg_url: str, *, template: str | None = None) -> str:
    """Create a new, empty database on the cluster that `pg_url` points at and return its URL.

    With `template` (a database name on the same cluster, without open connections) the new
    database is a copy of it, e.g. of one whose schema is already created.
    """
    host_port = server_url(pg_url).rsplit("@", 1)[1]
    host, port = host_port.split(":")
    name = f"t_{uuid.uuid4().hex[:16]}"
    stmt = sql.SQL("CREATE DATABASE {} TEMPLATE {} STRATEGY FILE_COPY").format(
        sql.Identifier(name), sql.Identifier(template or "template0")
    )
    with psycopg.connect(
        host=host, port=int(port), user=PG_USER, dbname="postgres", autocommit=True
    ) as conn:
        conn.execute(stmt)
    return f"{server_url(pg_url)}/{name}"
