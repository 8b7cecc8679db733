"""Fixtures of the end-to-end sync tests: a world on a real HTTPS server (SQLite).

Starting a server and loading the reference data costs several seconds, so one world is shared
by the tests of a module (each test makes its own reports and desks and checks only those);
tests that kill the server or rewrite its database get a `fresh_world` of their own.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import settings

from tests.e2e.world import World
from tests.support.servers import start_server


def _world(tmp) -> Iterator[World]:
    srv = start_server(f"sqlite:///{tmp / 'lapor.sqlite3'}", tmp / "server")
    try:
        yield World(srv, tmp)
    finally:
        srv.stop()


@pytest.fixture(scope="module")
def shared_world(tmp_path_factory) -> Iterator[World]:
    yield from _world(tmp_path_factory.mktemp("world"))


@pytest.fixture
def world(shared_world: World) -> Iterator[World]:
    if not shared_world.srv.running:  # a previous test may have left it down
        shared_world.srv.start()
    yield shared_world


@pytest.fixture
def fresh_world(tmp_path) -> Iterator[World]:
    yield from _world(tmp_path)


# `--hypothesis-profile=long` for the sync state machine (see test_sync_statemachine.py). When
# pytest starts from the repository root this conftest is not an initial one, so the variable
# LAPOR_SYNC_HYPOTHESIS=long does the same there.
settings.register_profile("long", max_examples=60, stateful_step_count=40, deadline=None)
