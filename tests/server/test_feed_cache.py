"""Compressed feed pages kept for the next desk (lapor_server.feed_cache): a second desk of the
same role and scope gets the first one's bytes, which decode to exactly the page built for it;
another role or OPD never gets them; a change to the feed is seen at once; the last page (with
summary and reference fingerprint) is never kept; an old desk still gets plain JSON."""

from __future__ import annotations

import orjson
import sqlalchemy as sa

from lapor_core import encoding
from lapor_server import feed
from lapor_server.auth import AuthUser
from lapor_server.feed_cache import PageCache, PageKey
from tests.server.conftest import AGENCY_A, AGENCY_B, CANARY_PHONE, make_op

CODING = encoding.SUPPORTED[0]


def _page(world, who: str, after: str | None = None, limit: int = 2, accept: str = CODING):
    params = {"limit": limit, **({"after": after} if after else {})}
    headers = {**world.headers(who), "Accept-Encoding": accept}
    with world.client.stream("GET", "/api/v1/feed", params=params, headers=headers) as r:
        raw = b"".join(r.iter_raw())
        assert r.status_code == 200, raw[:300]
        coding = r.headers.get("content-encoding", "")
        assert "accept-encoding" in r.headers.get("vary", "").lower()
    return raw, orjson.loads(encoding.decompress(raw, coding, 10**8)), coding


def _cache(world) -> PageCache:
    return world.client.app.state.feed_cache


def test_a_second_desk_gets_the_same_bytes_and_they_are_the_page_built_for_it(world):
    for _ in range(5):
        world.report("dispatched", reporter_phone=CANARY_PHONE)
    world.add_user("koor2", "koordinator")
    cache = _cache(world)
    raw1, page1, coding = _page(world, "koor")
    assert coding == CODING and page1["has_more"]
    hits = cache.hits
    raw2, page2, _ = _page(world, "koor2")
    assert cache.hits == hits + 1 and raw2 == raw1
    # exactly what the page is when built anew, for this caller, with nothing kept
    with world.db.read() as s:
        u = s.execute(sa.text("SELECT id FROM users WHERE username = 'koor2'")).scalar()
    me = AuthUser(u, "koor2", "Koor2", "koordinator", None, 0)
    fresh = feed.read_page(world.db, me, None, 2)
    assert orjson.loads(fresh) == page2
    # the cursors chain as usual: page 2 of both desks is also shared
    raw3, _, _ = _page(world, "koor", page1["cursor"])
    raw4, _, _ = _page(world, "koor2", page1["cursor"])
    assert raw3 == raw4


def test_pages_kept_for_one_role_or_opd_never_reach_another(world):
    for _ in range(3):
        world.report("dispatched", reporter_phone=CANARY_PHONE)
        world.report("dispatched", agency=AGENCY_B, reporter_phone=CANARY_PHONE)
    _, koor, _ = _page(world, "koor", limit=3)
    assert CANARY_PHONE in orjson.dumps(koor).decode()  # the coordinator sees contact details
    for who in ("pimpinan", "admin"):
        _, other, _ = _page(world, who, limit=3)
        assert CANARY_PHONE not in orjson.dumps(other).decode()
    _, a, _ = _page(world, "petugas_a", limit=2)
    _, b, _ = _page(world, "petugas_b", limit=2)
    assert {it["report"]["agency_code"] for it in a["items"]} == {AGENCY_A}
    assert {it["report"]["agency_code"] for it in b["items"]} == {AGENCY_B}
    assert CANARY_PHONE not in orjson.dumps(a).decode() + orjson.dumps(b).decode()


def test_a_change_to_the_feed_is_seen_at_once(world):
    ids = [world.report("dispatched") for _ in range(4)]
    _, before, _ = _page(world, "koor")
    first = before["items"][0]["report"]["id"]
    assert first == ids[0]
    # the first report changes: it moves to the end of the feed
    res = world.op1("koor", make_op("note", first, {"text": "Dicek ulang."}))
    assert res["outcome"] == "applied", res
    _, after, _ = _page(world, "koor")
    assert [it["report"]["id"] for it in after["items"]] == ids[1:3]


def test_the_last_page_is_never_kept_and_an_old_desk_gets_plain_json(world):
    for _ in range(3):
        world.report("dispatched")
    cache = _cache(world)
    kept = len(cache)
    _, last, _ = _page(world, "koor", limit=100)
    assert not last["has_more"] and len(cache) == kept
    r = world.client.get(
        "/api/v1/feed",
        params={"limit": 2},
        headers={**world.headers("koor"), "Accept-Encoding": ""},
    )
    assert "content-encoding" not in r.headers and r.json()["has_more"]


def test_the_cache_stays_within_its_bytes_least_recently_used_out_first():
    cache = PageCache(40)

    def key(i: int) -> PageKey:
        return PageKey("e", i, "0", "koordinator", None, None, 1, "zstd")

    for i in range(20):
        cache.put(key(i), b"x" * 10)
        cache.get(key(0))  # read often: kept
    assert cache.size_bytes <= 40 and len(cache) == 4
    assert cache.get(key(0)) == cache.get(key(19)) == b"x" * 10
    assert cache.get(key(1)) is None
    cache.put(key(99), b"y" * 11)  # more than a quarter of the cache: not kept
    assert cache.get(key(99)) is None
