"""Shared test infrastructure: PostgreSQL, HTTPS servers, a Secret Service, offscreen Qt.

Fixtures (details in tests/support/*):
- `pg_cluster` (session): the PostgreSQL cluster this run started (`PostgresCluster`).
- `pg_url` (session): URL of a database on it, shared by the session; `pg_db` (function): a fresh
  empty database per test; `tests.support.postgres.fresh_pg_database(url)` creates more.
- `server_sqlite` (function): a running HTTPS server on a fresh SQLite file.
- `server` (function, parametrised sqlite/postgres): the same on either database; the postgres
  case is marked `postgres`.
- `https_world` (function) / `module_world` (module), parametrised sqlite/postgres: a running
  server on a copy of a prepared database (reference data, one account per role, officers of two
  OPDs, a channel key) with every account logged in (`tests.support.world.World`).
- `secret_service` (function): a real gnome-keyring on a private D-Bus, active in this process.
- Qt: QT_QPA_PLATFORM=offscreen before anything imports Qt; tests using `qtbot` fail when they leave
  visible top-level windows behind.

Missing system pieces (PostgreSQL, gnome-keyring) skip the tests that need them with the reason,
except under CI (`CI` set), where they fail: a CI run must never pass by skipping.
"""

from __future__ import annotations

import os
import shutil

# Before anything can import PySide6.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.postgres import (
    PostgresCluster,
    PostgresUnavailable,
    find_bindir,
)
from tests.support.servers import ANNOUNCED_SHA256, RunningServer, start_server
from tests.support.world import World, connect, prepare_database


def unavailable(reason: str) -> None:
    """Skip locally, fail in CI: missing infrastructure must not turn a CI run green."""
    if os.environ.get("CI"):
        pytest.fail(f"required test infrastructure missing (CI is set): {reason}", pytrace=False)
    pytest.skip(reason)


# --- PostgreSQL ----------------------------------------------------------------------------------

_pg_state: dict[str, object] = {}


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PostgresCluster]:
    if "error" in _pg_state:
        unavailable(str(_pg_state["error"]))
    bindir = find_bindir()
    if bindir is None:
        _pg_state["error"] = (
            "PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin, pg_config, initdb "
            "on PATH); run tools/system-deps.sh or set LAPOR_TEST_PG_BINDIR"
        )
        unavailable(str(_pg_state["error"]))
    cluster = PostgresCluster(bindir)
    try:
        cluster.start()
    except (PostgresUnavailable, OSError) as exc:
        cluster.stop()
        _pg_state["error"] = f"could not start PostgreSQL: {exc}"
        unavailable(str(_pg_state["error"]))
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def pg_url(pg_cluster: PostgresCluster) -> str:
    """A database shared by the whole session (create your own rows with unique names)."""
    return pg_cluster.create_database("lapor_session")


@pytest.fixture
def pg_db(pg_cluster: PostgresCluster) -> Iterator[str]:
    """A fresh, empty database for one test; dropped afterwards."""
    url = pg_cluster.create_database()
    yield url
    pg_cluster.drop_database(url.rsplit("/", 1)[1])


# --- servers -------------------------------------------------------------------------------------


@pytest.fixture
def server_sqlite(tmp_path: Path) -> Iterator[RunningServer]:
    """A fresh HTTPS server on a new SQLite database, stopped after the test."""
    srv = start_server(f"sqlite:///{tmp_path / 'lapor.sqlite3'}", tmp_path / "server")
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database URL, once SQLite and once PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'lapor.sqlite3'}"
        return
    cluster: PostgresCluster = request.getfixturevalue("pg_cluster")
    url = cluster.create_database()
    yield url
    cluster.drop_database(url.rsplit("/", 1)[1])


@pytest.fixture
def server(db_url: str, tmp_path: Path) -> Iterator[RunningServer]:
    """A fresh HTTPS server, once on SQLite and once on PostgreSQL."""
    srv = start_server(db_url, tmp_path / "server")
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="session")
def _world_template_sqlite(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A prepared SQLite file (schema, reference data, accounts, channel key) to copy."""
    path = tmp_path_factory.mktemp("world-template") / "template.sqlite3"
    key = prepare_database(f"sqlite:///{path}")
    return path, key


@pytest.fixture(scope="session")
def _world_template_pg(pg_cluster: PostgresCluster) -> tuple[str, str]:
    """A prepared PostgreSQL database to use as CREATE DATABASE ... TEMPLATE."""
    url = pg_cluster.create_database("lapor_world_template")
    return "lapor_world_template", prepare_database(url)


def _world_database(
    request: pytest.FixtureRequest, kind: str, directory: Path
) -> tuple[str, str, Callable[[], None]]:
    """(url, channel key, cleanup) of a fresh copy of the prepared template."""
    if kind == "sqlite":
        template, key = request.getfixturevalue("_world_template_sqlite")
        path = directory / "lapor.sqlite3"
        shutil.copyfile(template, path)
        return f"sqlite:///{path}", key, lambda: None
    cluster: PostgresCluster = request.getfixturevalue("pg_cluster")
    name, key = request.getfixturevalue("_world_template_pg")
    url = cluster.create_database(template=name)
    return url, key, lambda: cluster.drop_database(url.rsplit("/", 1)[1])


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def module_world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    """One populated HTTPS server per test module and database: reference data, one account
    per role (officers of two OPDs), a channel key. Tests must not depend on each other."""
    base = tmp_path_factory.mktemp(f"world-{request.param}")
    url, key, cleanup = _world_database(request, request.param, base)
    srv = start_server(url, base / "server", extra_args=["--no-migrate"])
    try:
        w = connect(srv, key)
        try:
            yield w
        finally:
            w.close()
    finally:
        srv.stop()
        cleanup()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def https_world(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[World]:
    """Like `module_world`, but a fresh server and database for one test."""
    url, key, cleanup = _world_database(request, request.param, tmp_path)
    srv = start_server(url, tmp_path / "server", extra_args=["--no-migrate"])
    try:
        w = connect(srv, key)
        try:
            yield w
        finally:
            w.close()
    finally:
        srv.stop()
        cleanup()


# --- Secret Service ------------------------------------------------------------------------------


@pytest.fixture
def secret_service():
    """A real Secret Service (gnome-keyring) for this test; `keyring` in-process uses it."""
    from tests.support.keyring_daemon import (
        SecretServiceDaemon,
        SecretServiceUnavailable,
        missing_programs,
    )

    missing = missing_programs()
    if missing:
        unavailable(
            f"{', '.join(missing)} not installed (apt-get install gnome-keyring dbus; "
            "tools/system-deps.sh does it)"
        )
    daemon = SecretServiceDaemon()
    try:
        daemon.start()
    except SecretServiceUnavailable as exc:
        unavailable(str(exc))
    try:
        daemon.activate()
        yield daemon
    finally:
        daemon.stop()


# --- the local passphrase ------------------------------------------------------------------------

#: The passphrase that protects profile keys in tests without a keyring (see below).
TEST_PASSPHRASE = "frasa-sandi-uji"


@pytest.fixture(autouse=True)
def _local_passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a keyring (the default here) a desk profile's key is wrapped with a local
    passphrase, which headless runs read from LAPOR_DESK_PASSPHRASE. Tests that open a profile
    without the `secret_service` fixture get this one (child processes inherit it); the tests of
    the passphrase path set or remove it themselves."""
    monkeypatch.setenv("LAPOR_DESK_PASSPHRASE", TEST_PASSPHRASE)


# --- Qt ------------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _qt_windows_closed(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test that uses qtbot must close the windows it shows (leftovers break later tests)."""
    if "qtbot" not in request.fixturenames:
        yield
        return
    from tests.support.qtguard import close_new_windows, visible_windows

    before = visible_windows()
    yield
    left = close_new_windows(before)
    if left:
        pytest.fail("the test left top-level windows open: " + ", ".join(left), pytrace=False)


@pytest.fixture(scope="session", autouse=True)
def _one_qapplication_from_the_start(request: pytest.FixtureRequest) -> None:
    """Create the session's QApplication before any test runs.

    Created lazily, the first Qt window of a test that ran after the .deb tests aborted Qt
    (reproducible only with output capture on; cause not yet found), so the application every
    Qt test shares is made at session start, as a desk makes it before anything else.
    """
    request.getfixturevalue("qapp")


@pytest.fixture
def announcing_server(tmp_path: Path) -> Iterator[RunningServer]:
    """A server that announces desk 9.1.0 (https address, SHA-256 `ANNOUNCED_SHA256`)."""
    srv = start_server(
        f"sqlite:///{tmp_path / 'lapor.sqlite3'}",
        tmp_path / "server",
        env={
            "LAPOR_SERVER_DESK_UPDATE_VERSION": "9.1.0",
            "LAPOR_SERVER_DESK_UPDATE_URL": "https://unduh.mimikakab.go.id/lapor-desk-9.1.0.exe",
            "LAPOR_SERVER_DESK_UPDATE_SHA256": ANNOUNCED_SHA256,
        },
    )
    try:
        yield srv
    finally:
        srv.stop()
