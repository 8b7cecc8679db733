"""Feed pages built before a desk asks (lapor_server.feed_pages): a stored page decodes to exactly
the items the live path gives, for every role and OPD, on SQLite and PostgreSQL; the privacy
rules hold in the stored bytes; a change, a moved report or a pruned tombstone inside a stored
range makes it live again until rebuilt; desks that did not opt in never get two frames; the last
page, a smaller `limit` and other rules are always live."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import orjson
import pytest
import sqlalchemy as sa

from lapor_core import encoding
from lapor_server import encoded, feed, feed_pages, feed_pages_build
from lapor_server.models import FeedPage
from tests.server.conftest import (
    AGENCY_A,
    AGENCY_B,
    CANARY_EMAIL,
    CANARY_NAME,
    CANARY_PHONE,
    World,
    make_op,
)

pytestmark = pytest.mark.skipif("zstd" not in encoding.SUPPORTED, reason="zstandard missing")
FRAMES = {encoding.FRAMES_HEADER: encoding.FRAMES_VALUE}
CANARIES = (CANARY_NAME, CANARY_PHONE, CANARY_EMAIL)
CONTACT = "0812-5555-0101"  # a named reporter's phone: for coordinators only
WHO = ("koor", "pimpinan", "admin", "petugas_a", "petugas_b")


@pytest.fixture(autouse=True)
def _no_memory_cache(world: World) -> None:
    """The in-memory page cache (lapor_server.feed_cache) answers a page read before without the
    store: off here, so every read shows which path built it."""
    world.client.app.state.feed_cache = None


#: SQLite and PostgreSQL (conftest.server_db_url takes the parameter)
both = pytest.mark.parametrize(
    "server_db_url",
    ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
    indirect=True,
)


def _get(world: World, who: str, after: str | None, limit: int, frames: bool = True):
    """(page, served from the store, raw wire bytes)."""
    params: dict[str, Any] = {"limit": limit, **({"after": after} if after else {})}
    headers = {**world.headers(who), "Accept-Encoding": "zstd", **(FRAMES if frames else {})}
    with world.client.stream("GET", "/api/v1/feed", params=params, headers=headers) as r:
        raw = b"".join(r.iter_raw())
        assert r.status_code == 200, raw[:300]
        coding = r.headers.get("content-encoding", "")
        stored = r.headers.get(feed_pages.SERVED_HEADER) == "stored"
    body = encoding.decompress(raw, coding, 10**8, frames=frames)
    return orjson.loads(body), stored, raw


def _read_all(world: World, who: str, limit: int = 2, frames: bool = True):
    """Every item of a whole read from the start, and how many pages came from the store."""
    items, cursor, hits = [], None, 0
    while True:
        page, stored, _ = _get(world, who, cursor, limit, frames)
        items += page["items"]
        hits += stored
        cursor = page["cursor"]
        if not page["has_more"]:
            assert not stored and "reference_version" in page  # the last page is live
            return items, hits


def _build(world: World, items: int = 2) -> feed_pages_build.Pass:
    for who in WHO:  # a device seen now makes each audience active
        world.token(who)
    return feed_pages_build.refresh(world.db, world.clock(), items=items)


def _stored_bodies(world: World) -> dict[str, list[bytes]]:
    with world.db.read() as s:
        rows = s.execute(sa.select(FeedPage.audience, FeedPage.body)).all()
    out: dict[str, list[bytes]] = {}
    for audience, body in rows:
        out.setdefault(audience, []).append(encoding.decompress(bytes(body), "zstd", 10**8))
    return out


def _world_with_moves(world: World) -> dict[str, str]:
    ids = {
        "anon": world.report(
            "in_progress",
            reporter_name=CANARY_NAME,
            reporter_phone=CANARY_PHONE,
            reporter_email=CANARY_EMAIL,
            is_anonymous=True,
        )
    }
    ids["named"] = world.report("dispatched", reporter_phone=CONTACT)
    for n in range(5):
        ids[f"a{n}"] = world.report("dispatched")
        ids[f"b{n}"] = world.report("dispatched", agency=AGENCY_B)
    world.report("unverified")
    # two tombstones for OPD A, then more of A's reports so they are not on A's last page
    world.op1("koor", make_op("reassign", ids["a0"], {"agency_code": AGENCY_B, "reason": "x"}))
    world.op1("petugas_a", make_op("return", ids["a1"], {"reason": "bukan wewenang"}))
    for n in range(5, 9):
        ids[f"a{n}"] = world.report("dispatched")
    return ids


@both
def test_a_whole_read_through_stored_pages_equals_the_live_read_for_every_role(world: World):
    _world_with_moves(world)
    done = _build(world)
    assert done.built > 0 and done.complete
    for who in WHO:
        live, no_hits = _read_all(world, who, frames=False)
        stored, hits = _read_all(world, who)
        assert no_hits == 0
        assert hits >= 2, who  # every audience has several stored pages
        assert stored == live, who  # item by item, tombstones with their details included
    tombs = [i for i in _read_all(world, "petugas_a")[0] if i["type"] == "tombstone"]
    assert len(tombs) == 2 and all(t["by"] for t in tombs)
    # the privacy rules hold in the stored bytes: the anonymous canary is in no audience's pages,
    # a named reporter's phone only in the coordinators', an OPD's pages hold only its reports
    bodies = _stored_bodies(world)
    assert set(bodies) == {
        "koordinator",
        "pimpinan",
        f"petugas:{AGENCY_A}",
        f"petugas:{AGENCY_B}",
    }
    assert any(CONTACT.encode() in b for b in bodies["koordinator"])
    for audience, pages in bodies.items():
        for body in pages:
            for canary in CANARIES:
                assert canary.encode() not in body, audience
            if audience != "koordinator":
                assert CONTACT.encode() not in body, audience
        if audience.startswith("petugas:"):
            code = audience.split(":", 1)[1]
            for body in pages:
                page = orjson.loads(body + b'"cursor":"","has_more":true}')
                agencies = {i["report"]["agency_code"] for i in page["items"] if "report" in i}
                assert agencies <= {code}, audience


def test_an_opd_never_gets_another_opds_page_nor_another_role_one(world: World):
    _world_with_moves(world)
    _build(world)
    # the same start position 0 exists for every audience: each gets its own page
    firsts = {who: _get(world, who, None, 2) for who in WHO}
    assert all(stored for _, stored, _ in firsts.values())
    live = {who: _get(world, who, None, 2, frames=False)[0]["items"] for who in WHO}
    for who, (page, _, _) in firsts.items():
        assert page["items"] == live[who], who
    a, b = firsts["petugas_a"][0]["items"], firsts["petugas_b"][0]["items"]
    assert {i["report"]["agency_code"] for i in a} == {AGENCY_A}
    assert {i["report"]["agency_code"] for i in b} == {AGENCY_B}
    assert firsts["pimpinan"][2] != firsts["koor"][2]  # contact details differ by audience
    # an officer moved to another OPD: their old cursor is refused (410) before any stored page
    cursor = firsts["petugas_a"][0]["cursor"]
    r = world.client.get(
        "/api/v1/feed",
        params={"after": cursor, "limit": 2},
        headers={**world.headers("petugas_b"), **FRAMES, "Accept-Encoding": "zstd"},
    )
    assert r.status_code == 410


def test_desks_that_did_not_opt_in_get_one_frame(world: World):
    _world_with_moves(world)
    _build(world)
    page, stored, raw = _get(world, "koor", None, 2)
    assert stored
    with pytest.raises(encoding.DecodeError):  # what a desk of the last release would do
        encoding.decompress(raw, "zstd", 10**8)
    old, stored, raw = _get(world, "koor", None, 2, frames=False)
    assert not stored and old == page
    assert orjson.loads(encoding.decompress(raw, "zstd", 10**8)) == page  # strict decode
    # a gzip client, or a smaller limit than the page's: live as well
    r = world.client.get(
        "/api/v1/feed",
        params={"limit": 2},
        headers={**world.headers("koor"), **FRAMES, "Accept-Encoding": "gzip"},
    )
    assert r.status_code == 200 and feed_pages.SERVED_HEADER not in r.headers
    assert r.json() == page
    one, stored, _ = _get(world, "koor", None, 1)
    assert not stored and one["items"] == page["items"][:1]


def test_a_change_inside_a_stored_range_is_served_live_then_rebuilt(world: World):
    _world_with_moves(world)
    _build(world)
    first, stored, _ = _get(world, "koor", None, 2)
    assert stored
    changed = first["items"][1]["report"]["id"]
    version = first["items"][1]["report"]["version"]
    res = world.op1("koor", make_op("note", changed, {"text": "Dicek."}, base_version=version))
    assert res["outcome"] == "applied", res
    again, stored, _ = _get(world, "koor", None, 2)
    assert not stored  # the report left the range: the page is no longer exact
    # built live, and cut where the next stored page starts (so the next one is served)
    live = _get(world, "koor", None, 2, frames=False)[0]
    assert len(live["items"]) == 2 and again["items"] == live["items"][:1]
    assert changed not in {i["report"]["id"] for i in again["items"]}
    done = _build(world)
    assert done.built >= 1 and done.kept >= 1  # only what changed is built again
    rebuilt, stored, _ = _get(world, "koor", None, 2)
    # the page kept its range (the next stored page still starts where it ends): one item left
    assert stored and rebuilt == again and rebuilt["items"] == first["items"][:1]
    items, hits = _read_all(world, "koor")
    assert items == _read_all(world, "koor", frames=False)[0] and hits >= 7


def test_a_moved_report_and_a_pruned_tombstone_invalidate_an_opds_pages(world: World):
    _world_with_moves(world)
    _build(world)
    live, _ = _read_all(world, "petugas_a", frames=False)
    stored, hits = _read_all(world, "petugas_a")
    assert stored == live and hits >= 2
    # a report of A's first stored page moves to B: A's page is live until rebuilt
    first = _get(world, "petugas_a", None, 2)[0]["items"][0]["report"]
    move = {"agency_code": AGENCY_B, "reason": "x"}
    world.op1("koor", make_op("reassign", first["id"], move, first["version"]))
    page, stored, _ = _get(world, "petugas_a", None, 2)
    assert not stored and first["id"] not in {i.get("report", {}).get("id") for i in page["items"]}
    _build(world)
    assert _read_all(world, "petugas_a")[0] == _read_all(world, "petugas_a", frames=False)[0]
    # pruning the tombstones changes what the range holds: those pages are live again
    assert feed.prune_tombstones(world.db, 180, world.clock() + timedelta(days=200)) >= 2
    items, hits_after = _read_all(world, "petugas_a")
    assert items == _read_all(world, "petugas_a", frames=False)[0]
    assert not [i for i in items if i["type"] == "tombstone"]
    assert hits_after < hits


def test_other_rules_a_stale_audience_and_the_last_page(world: World, monkeypatch):
    _world_with_moves(world)
    _build(world)
    assert _get(world, "koor", None, 2)[1]
    monkeypatch.setattr(encoded, "RULES", "0" * 16)  # a server whose privacy rules differ
    assert not _get(world, "koor", None, 2)[1]
    done = feed_pages_build.refresh(world.db, world.clock(), items=2)
    assert done.built  # rebuilt under the new rules, and nothing of the old ones is left
    with world.db.read() as s:
        assert set(s.scalars(sa.select(FeedPage.rules))) == {feed_pages.rules()}
    assert _get(world, "koor", None, 2)[1]
    # nobody of an audience seen for `days`: its pages go
    world.clock.advance(days=31)
    done = feed_pages_build.refresh(world.db, world.clock(), items=2, days=30)
    assert done.audiences == 0 and not _stored_bodies(world)


def test_the_builder_is_bounded_and_resumes(world: World):
    for _ in range(9):
        world.report("dispatched")
    for who in WHO:
        world.token(who)
    done = feed_pages_build.refresh(world.db, world.clock(), items=2, max_pages=1)
    assert done.built == 1 and not done.complete
    done = feed_pages_build.refresh(world.db, world.clock(), items=2)
    assert done.complete and done.kept >= 1
    n, _, ready = feed_pages_build.status(world.db, "koordinator", items=2)
    assert ready and n == 4  # 9 reports: 4 stored pages of 2, the last one live


def test_a_desk_off_the_chain_gets_one_live_page_then_stored_ones(world: World):
    _world_with_moves(world)
    _build(world)
    live, _ = _read_all(world, "koor", frames=False)
    # a cursor that is no stored page's start (a bootstrap file's, or one page of another size)
    first, stored, _ = _get(world, "koor", None, 1, frames=False)
    assert not stored
    aligned, stored, _ = _get(world, "koor", first["cursor"], 2)
    assert not stored and len(aligned["items"]) == 1  # cut where the next stored page starts
    items, cursor, hits = first["items"] + aligned["items"], aligned["cursor"], 0
    while True:
        page, stored, _ = _get(world, "koor", cursor, 2)
        items, cursor, hits = items + page["items"], page["cursor"], hits + stored
        if not page["has_more"]:
            break
    assert items == live and hits >= 5


@pytest.mark.postgres
@pytest.mark.parametrize("server_db_url", ["postgres"], indirect=True)
def test_on_postgresql_one_server_process_builds_at_a_time(world: World):
    """Two processes would build the same pages (one insert of each is kept): the second skips
    its pass while the first holds the builder's lock."""
    for _ in range(5):
        world.report("dispatched")
    for who in WHO:
        world.token(who)
    with world.db.engine.connect() as other:  # another process in the middle of its pass
        key = {"k": feed_pages_build.BUILD_LOCK_KEY}
        assert other.execute(sa.text("SELECT pg_try_advisory_lock(:k)"), key).scalar()
        skipped = feed_pages_build.refresh(world.db, world.clock(), items=2)
        assert skipped.built == 0 and not skipped.complete
        other.execute(sa.text("SELECT pg_advisory_unlock(:k)"), key)
    done = feed_pages_build.refresh(world.db, world.clock(), items=2)
    assert done.built and done.complete
    again = feed_pages_build.refresh(world.db, world.clock(), items=2)  # the lock was released
    assert again.complete and again.kept == done.built
