"""Exactly-once under concurrency on PostgreSQL, over real HTTPS: the same op_id sent from many
threads at once, and two server processes on one database with desks alternating between them."""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.support.servers import make_tls, start_server
from tests.support.world import AGENCY_A, World, connect, make_op

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def two_servers(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """Two `serve` processes on one PostgreSQL database; a World on each (same accounts)."""
    cluster = request.getfixturevalue("pg_cluster")
    template, key = request.getfixturevalue("_world_template_pg")
    url = cluster.create_database(template=template)
    base: Path = tmp_path_factory.mktemp("two-servers")
    tls = make_tls(base)
    one = start_server(url, base / "one", tls=tls, extra_args=["--no-migrate"])
    try:
        two = start_server(url, base / "two", tls=tls, extra_args=["--no-migrate"])
    except BaseException:
        one.stop()
        raise
    worlds = [connect(one, key), connect(two, key)]
    try:
        yield worlds
    finally:
        for w in worlds:
            w.close()
        one.stop()
        two.stop()
        cluster.drop_database(url.rsplit("/", 1)[1])


def _send(world: World, who: str, op: dict, barrier: threading.Barrier | None = None) -> dict:
    # A client per thread: httpx clients are not meant to be shared across threads.
    with world.server.client(world.tokens[who]) as c:
        if barrier is not None:
            barrier.wait(timeout=30)
        r = c.post("/api/v1/ops", json={"ops": [op]})
    assert r.status_code == 200, r.text
    return r.json()["results"][0]


def _events_of(world: World, op_id: str) -> int:
    return world.sql("SELECT COUNT(*) FROM report_events WHERE op_id = :o", o=op_id)[0][0]


def test_same_op_in_parallel_from_many_threads_applies_once(two_servers):
    w1, w2 = two_servers
    rep = w1.submit()
    w1.dispatch(rep["id"], AGENCY_A)
    version = w1.feed("koordinator")[rep["id"]]["version"]
    for _round in range(3):
        op = make_op("note", rep["id"], {"text": f"Catatan {uuid.uuid4()}"})
        n = 8
        barrier = threading.Barrier(n)
        with ThreadPoolExecutor(n) as pool:
            futures = [
                pool.submit(_send, (w1, w2)[i % 2], "petugas_a", op, barrier) for i in range(n)
            ]
            outcomes = Counter(f.result()["outcome"] for f in futures)
        assert outcomes == {"applied": 1, "duplicate": n - 1}, outcomes
        assert _events_of(w1, op["op_id"]) == 1
        version += 1
    assert w2.feed("koordinator")[rep["id"]]["version"] == version


def test_different_ops_in_parallel_on_one_report_lose_nothing(two_servers):
    w1, w2 = two_servers
    rep = w1.submit()
    w1.dispatch(rep["id"], AGENCY_A)
    before = w1.feed("koordinator")[rep["id"]]["version"]
    ops = [make_op("note", rep["id"], {"text": f"Catatan paralel {i}"}) for i in range(16)]
    barrier = threading.Barrier(8)
    with ThreadPoolExecutor(8) as pool:
        results = list(
            pool.map(
                lambda i: _send(
                    (w1, w2)[i % 2],
                    "petugas_a" if i % 2 else "koordinator",
                    ops[i],
                    barrier if i < 8 else None,
                ),
                range(16),
            )
        )
    assert [r["outcome"] for r in results] == ["applied"] * 16
    snap = w2.feed("koordinator")[rep["id"]]
    assert snap["version"] == before + 16
    versions = [e["version"] for e in snap["events"]]
    assert versions == sorted(set(versions))  # one event per version, none lost or doubled
    assert sorted(r["report_version"] for r in results) == list(range(before + 1, before + 17))


def test_desks_alternating_between_two_servers_no_duplicate_effects(two_servers):
    w1, w2 = two_servers
    reports = []
    for _ in range(4):
        rep = w1.submit()
        w2.dispatch(rep["id"], AGENCY_A)
        reports.append(rep["id"])
    sent: list[dict] = []
    for i, rid in enumerate(reports):
        for j, (kind, payload) in enumerate(
            [
                ("note", {"text": f"Catatan {i}"}),
                ("respond", {"text": f"Tindak lanjut {i}", "final": False}),
                ("postpone", {"text": "Mohon data tambahan."}),
                ("resume", {}),
                ("respond", {"text": f"Selesai {i}", "final": True}),
            ]
        ):
            op = make_op(kind, rid, payload)
            sent.append(op)
            first, other = (w1, w2) if (i + j) % 2 == 0 else (w2, w1)
            # A desk sends, loses the answer, retries on the other server, then again.
            a = _send(first, "petugas_a", op)
            b = _send(other, "petugas_a", op)
            c = _send(first, "petugas_a", op)
            assert a["outcome"] == "applied", a
            assert (b["outcome"], c["outcome"]) == ("duplicate", "duplicate")
            assert a["report_version"] == b["report_version"] == c["report_version"]
    for op in sent:
        assert _events_of(w1, op["op_id"]) == 1
    feed1, feed2 = w1.feed("petugas_a"), w2.feed("petugas_a")
    for rid in reports:
        assert feed1[rid]["status"] == "completed"
        assert feed1[rid]["version"] == feed2[rid]["version"]
    # The feed is the same whichever server serves it.
    assert {k: v["version"] for k, v in feed1.items()} == {
        k: v["version"] for k, v in feed2.items()
    }


def test_same_intake_external_id_in_parallel_makes_one_report(two_servers):
    """A channel retrying a report while its first attempt is still in flight: one report, and
    every answer names it (the unique index on channel and external id, revision 0003)."""
    from tests.support.world import intake_body

    w1, w2 = two_servers
    for _round in range(3):
        body = intake_body(external_id=f"web-{uuid.uuid4()}")
        n = 8
        barrier = threading.Barrier(n)

        def post(world: World, barrier=barrier, body=body) -> tuple[int, dict]:
            with world.server.client(headers={"X-Api-Key": world.channel_key}) as c:
                barrier.wait(timeout=30)
                r = c.post("/api/v1/intake/reports", json=body)
            return r.status_code, r.json()

        with ThreadPoolExecutor(n) as pool:
            answers = list(pool.map(post, [(w1, w2)[i % 2] for i in range(n)]))
        codes = Counter(code for code, _ in answers)
        assert codes == {201: 1, 200: n - 1}, answers
        assert len({a["id"] for _, a in answers}) == 1
        rows = w1.sql("SELECT COUNT(*) FROM reports WHERE external_id = :e", e=body["external_id"])
        assert rows[0][0] == 1
