"""Login under attack (issue 12 #1, #4, #14): parallel guesses are all counted, a flood is answered
fast with 429 + Retry-After, and a known username costs as much hashing as an unknown one.

The load figures (memory, other users' p99 under 80 parallel bogus logins) are in
bench/login_flood.py; these tests check the mechanisms, without timing thresholds.
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import argon2
import pytest
import sqlalchemy as sa
from starlette.requests import Request

from lapor_server import auth, manage
from lapor_server.config import ServerSettings
from lapor_server.db import Database, upgrade
from lapor_server.errors import Problem
from lapor_server.login_guard import LoginGate, client_address
from lapor_server.models import User
from tests.server.conftest import PASSWORD, World

NOW = datetime(2026, 11, 4, 1, 0, tzinfo=UTC)


def _parallel_wrong_passwords(db_url: str, n: int = 24) -> list[int]:
    upgrade(db_url)
    db = Database(db_url)
    settings = ServerSettings(db_url=db_url, password_hash_profile="fast", run_jobs=False)
    manage.add_user(
        db, username="korban", role="koordinator", agency_code=None, password=PASSWORD,
        display_name="Korban", profile="fast", now=NOW,
    )  # fmt: skip
    barrier = threading.Barrier(n)

    def guess(i: int) -> int:
        barrier.wait(timeout=30)
        try:
            auth.login(db, settings, "korban", f"salah-{i}", "uji", NOW, "198.51.100.7")
        except Problem as p:
            return p.status
        return 201

    try:
        with ThreadPoolExecutor(n) as pool:
            return list(pool.map(guess, range(n)))
    finally:
        db.dispose()


def test_parallel_wrong_passwords_are_all_counted_sqlite(tmp_path):
    statuses = _parallel_wrong_passwords(f"sqlite:///{tmp_path / 'lapor.sqlite3'}")
    limit = ServerSettings().login_max_failures
    # Exactly `limit` guesses were checked; every other one was refused before its hash.
    assert statuses.count(401) == limit, statuses
    assert statuses.count(429) == len(statuses) - limit


@pytest.mark.postgres
def test_parallel_wrong_passwords_are_all_counted_postgres(pg_db):
    statuses = _parallel_wrong_passwords(pg_db)
    limit = ServerSettings().login_max_failures
    assert statuses.count(401) == limit, statuses
    assert statuses.count(429) == len(statuses) - limit


def test_one_address_is_limited_with_retry_after(world: World):
    koor = world.headers("koor")
    world.client.app.state.login_gate = LoginGate(
        world.settings.replace(login_per_client_per_minute=3)
    )
    answers = [world.login(f"tidak-ada-{i}", "x") for i in range(5)]
    assert [r.status_code for r in answers[:3]] == [401, 401, 401]
    for r in answers[3:]:
        assert r.status_code == 429
        assert r.headers["content-type"].startswith("application/problem+json")
        assert int(r.headers["Retry-After"]) >= 1
        assert r.json()["reason"] == "login_rate_client"
    # Other addresses are not affected: the gate counts per client, the throttle per username.
    assert world.client.get("/api/v1/session", headers=koor).status_code == 200


def test_hashing_slots_and_queue_are_bounded():
    settings = ServerSettings(
        login_max_concurrent_hashes=1, login_queue_limit=1, login_queue_wait_seconds=1
    )

    async def scenario() -> list[str]:
        gate = LoginGate(settings)
        outcomes: list[str] = []
        hold = asyncio.Event()

        async def login(client: str) -> None:
            try:
                async with gate.slot(client):
                    outcomes.append(f"{client}:in")
                    await hold.wait()
            except Problem as p:
                assert p.status == 429 and "Retry-After" in p.headers
                outcomes.append(f"{client}:{p.extra['reason']}")

        first = asyncio.create_task(login("a"))
        await asyncio.sleep(0)
        second = asyncio.create_task(login("b"))  # waits in the queue
        await asyncio.sleep(0)
        await login("c")  # queue full: refused at once, without waiting for a slot
        hold.set()
        await asyncio.gather(first, second)
        gate.close()
        return outcomes

    outcomes = asyncio.run(scenario())
    assert outcomes[:2] == ["a:in", "c:login_busy"]
    assert "b:in" in outcomes


def test_hashing_runs_off_the_shared_thread_pool():
    gate = LoginGate(ServerSettings())
    name = asyncio.run(gate.hash_work(lambda: threading.current_thread().name))
    gate.close()
    assert name.startswith("lapor-hash")


def _request(peer: str, forwarded: str | None = None) -> Request:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    return Request({"type": "http", "client": (peer, 5000), "headers": headers})


def test_forwarded_for_is_believed_only_from_trusted_proxies():
    none = ServerSettings().trusted_proxy_networks()
    proxy = ServerSettings(trusted_proxies="10.0.0.5, 192.168.0.0/24").trusted_proxy_networks()
    # Off by default: a client cannot pick its own address.
    assert client_address(_request("203.0.113.9", "1.2.3.4"), none) == "203.0.113.9"
    # From an untrusted peer the header is ignored, also with the setting on.
    assert client_address(_request("203.0.113.9", "1.2.3.4"), proxy) == "203.0.113.9"
    # Behind the proxy: the right-most hop that is not a trusted proxy (a forged left part of
    # the chain is not believed).
    assert client_address(_request("10.0.0.5", "6.6.6.6, 198.51.100.2"), proxy) == "198.51.100.2"
    chain = "6.6.6.6, 198.51.100.2, 192.168.0.7"
    assert client_address(_request("10.0.0.5", chain), proxy) == "198.51.100.2"
    assert client_address(_request("10.0.0.5", "bukan-alamat"), proxy) == "10.0.0.5"


def _hash_of(world: World, username: str) -> str:
    with world.db.read() as s:
        return s.scalar(sa.select(User.password_hash).where(User.username == username))


def test_unknown_and_known_users_cost_the_same_hashing(world: World, monkeypatch):
    """The demo's accounts use a fast hash; the server's profile is the costly default. The
    slowest hash a login verifies must not depend on whether the username exists."""
    verified: list[int] = []
    real_verify = argon2.PasswordHasher.verify

    def spy(self, hash, password):  # type: ignore[no-untyped-def]
        verified.append(argon2.extract_parameters(hash).memory_cost)
        return real_verify(self, hash, password)

    monkeypatch.setattr(argon2.PasswordHasher, "verify", spy)

    def max_cost(username: str, password: str) -> int:
        verified.clear()
        auth.verify_password(
            _hash_of(world, username) if username != "tidak-ada" else None, password, "default"
        )
        return max(verified)

    # `koor` has a fast-profile hash (as demo accounts do).
    unknown = max_cost("tidak-ada", "tebakan")
    assert max_cost("koor", "tebakan") == unknown
    assert max_cost("koor", PASSWORD) == unknown


def test_a_weak_hash_is_replaced_at_login(world: World):
    settings = world.settings.replace(password_hash_profile="default")
    before = _hash_of(world, "koor")
    auth.login(world.db, settings, "koor", PASSWORD, "uji", NOW)
    after = _hash_of(world, "koor")
    assert argon2.extract_parameters(before).memory_cost < 65536
    assert argon2.extract_parameters(after) == argon2.extract_parameters(
        argon2.PasswordHasher().hash("x")
    )
