"""Fixtures of the end-to-end sync tests: a world on a real HTTPS server (SQLite by default)."""

from __future__ import annotations

import pytest

from tests.e2e.world import World


@pytest.fixture
def world(server_sqlite, tmp_path) -> World:
    return World(server_sqlite, tmp_path)
