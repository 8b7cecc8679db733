"""The server core on PostgreSQL: migrations, exactly-once under real concurrency, and a feed
that never skips a change while writers commit concurrently."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from lapor_server import ops as engine
from lapor_server.auth import AuthUser
from lapor_server.db import Database, current_revision, head_revision, upgrade
from lapor_server.feed import read_page
from lapor_server.models import Report, ReportEvent
from tests.server.conftest import AGENCY_A, World, make_op

pytestmark = pytest.mark.postgres


@pytest.fixture
def server_db_url(pg_db: str) -> str:
    upgrade(pg_db)
    return pg_db


def test_migrations_reach_head_and_are_idempotent(server_db_url: str) -> None:
    assert current_revision(server_db_url) == head_revision()
    upgrade(server_db_url)  # again: nothing to do, no error
    assert current_revision(server_db_url) == head_revision()


def test_api_round_trip_on_postgres(world: World) -> None:
    rid = world.report("dispatched")
    res = world.op1("petugas_a", make_op("respond", rid, {"text": "ok", "final": True}))
    assert res["outcome"] == "applied"
    items, _ = world.feed_all("petugas_a")
    assert items[0]["report"]["status"] == "completed"
    dup = world.op1(
        "petugas_a", make_op("respond", rid, {"text": "ok", "final": True}, op_id=res["op_id"])
    )
    assert dup["outcome"] == "duplicate"


def test_concurrent_same_op_applies_once(world: World) -> None:
    rid = world.report("dispatched")
    actor = engine.OpActor("petugas", AGENCY_A, "Petugas PUPR")
    for _round in range(5):
        op = engine.OpIn(str(uuid.uuid4()), "note", rid, {"text": "bersamaan"}, 2)
        results: list[engine.OpResult] = []
        barrier = threading.Barrier(8)

        def send(op: engine.OpIn = op, results: list = results, barrier=barrier) -> None:
            barrier.wait()
            results.append(engine.process_one(world.db, actor, op, world.clock()))

        threads = [threading.Thread(target=send) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(r.outcome for r in results) == ["applied"] + ["duplicate"] * 7
    with world.db.read() as s:
        n = s.scalar(
            sa.select(sa.func.count()).where(
                ReportEvent.report_id == rid, ReportEvent.kind == "note"
            )
        )
    assert n == 5


@pytest.fixture
def many_reports(world: World) -> Iterator[list[str]]:
    yield [world.report("dispatched") for _ in range(20)]


def test_feed_never_skips_changes_of_concurrent_writers(
    world: World, many_reports: list[str]
) -> None:
    """Writers commit notes on many reports at once while a reader follows the feed; at the end
    the reader has seen every report at its final version (no position skipped)."""
    koor = AuthUser(0, "koor", "Koor", "koordinator", None, 0)
    db2 = Database(world.settings.db_url)
    stop = threading.Event()
    latest: dict[str, int] = {}
    cursor: list[str | None] = [None]
    errors: list[BaseException] = []

    def read_once() -> None:
        import orjson

        while True:
            page = orjson.loads(read_page(db2, koor, cursor[0], 7))
            for it in page["items"]:
                r = it["report"]
                latest[r["id"]] = max(latest.get(r["id"], 0), r["version"])
            cursor[0] = page["cursor"]
            if not page["has_more"]:
                return

    def reader() -> None:
        try:
            while not stop.is_set():
                read_once()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    def writer(ids: list[str]) -> None:
        actor = engine.OpActor("petugas", AGENCY_A, "Petugas PUPR")
        try:
            for i in range(15):
                for rid in ids:
                    op = engine.OpIn(str(uuid.uuid4()), "note", rid, {"text": f"n{i}"})
                    assert engine.process_one(db2, actor, op, world.clock()).outcome == "applied"
        except BaseException as exc:  # pragma: no cover
            errors.append(exc)

    r = threading.Thread(target=reader)
    r.start()
    writers = [threading.Thread(target=writer, args=(many_reports[i::4],)) for i in range(4)]
    for w in writers:
        w.start()
    for w in writers:
        w.join()
    stop.set()
    r.join()
    read_once()  # the final catch-up from the reader's own cursor (never from the start)
    db2.dispose()
    assert not errors, errors
    with world.db.read() as s:
        final = dict(s.execute(sa.select(Report.id, Report.version)).all())
    assert latest == final
