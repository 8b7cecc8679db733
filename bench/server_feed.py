"""Server feed throughput: 100,000 reports in pages of 1,000 vs the same bytes as static files.

project: a koordinator desk reads its whole feed (`GET /api/v1/feed?limit=1000&after=<cursor>`,
100 pages, every report with its timeline) over verified HTTPS on loopback with one keep-alive
`requests.Session`, asking for `--encoding` (zstd by default, as the desk does; gzip; identity =
an old desk) and decoding each page strictly (lapor_core.encoding). The server joins each page's
pre-encoded snapshots (lapor_server.encoded) in one read snapshot and compresses it once.
limit: the same wire bytes, saved page by page, fetched and decoded by the same client from the
same server process as static files (`/bench-static/page-NNNN.json.<coding>`, served as stored
with their `Content-Encoding` by `bench/_server.py serve-static`, same uvicorn options as
`lapor-server serve`) — what moving those bytes through this server costs when nothing has to be
built or compressed. Sizes are reported decoded and on the wire (what a field link carries).
RESULT `server_feed`: total seconds of the feed read vs of the static read (best of `--rounds`
each, alternated) for a desk reading pages no other desk read (the in-memory page cache off). The
client says it reads multi-frame zstd bodies, as the desk does, so the server answers with the
pages its own background job built beforehand (`lapor_server.feed_pages`): the bench starts the
server with its other periodic jobs off, waits until that job has stored the koordinator's chain
(untimed, printed), then starts the clock; it prints how many pages came from the store (the
`X-Lapor-Feed-Page: stored` answer header). `--live` also times the same read with stored pages
off (every page built at request time; printed, no RESULT line). RESULT `server_feed_repeat`: a
second desk reading the same pages with stored pages off and `lapor_server.feed_cache` on, filled
by one untimed read — a rollout or restore, when many desks of a scope make their first sync.

The database (SQLite, the embedded default) is seeded once with realistic generated reports and
cached under `.bench-data/` (see `bench/_server.py`); `--postgres` serves the same rows from a
PostgreSQL cluster the benchmark starts itself.

    .venv/bin/python bench/server_feed.py [--postgres] [--reports 100000] [--rounds 2]
        [--encoding zstd|gzip|identity] [--live]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _server
from _common import result

from lapor_core import encoding

PAGE = 1000
KOORDINATOR = "koord.feedbench"
_CURSOR_KEY = b'"cursor":"'


def cursor_of(page: bytes) -> tuple[str, bool]:
    """(cursor, has_more) from the end of a page: orjson writes `items`, `cursor`, `has_more`
    in that order, so the client does not need to decode 1–2 MB to find them."""
    at = page.rindex(_CURSOR_KEY) + len(_CURSOR_KEY)
    end = page.index(b'"', at)
    return page[at:end].decode(), page.endswith(b'"has_more":true}')


def fetch(session, url: str, params=None, stored=None):  # type: ignore[no-untyped-def]
    """(decoded body, wire bytes, coding) of one GET: read raw, decoded strictly as the desk does
    (several zstd frames allowed: the desk says it reads them). `stored` counts pages served from
    the server's stored pages."""
    resp = session.get(url, params=params, timeout=300, stream=True)
    wire = resp.raw.read(decode_content=False)
    if resp.status_code != 200:
        raise SystemExit(f"{url}: HTTP {resp.status_code} {wire[:300]!r}")
    coding = resp.headers.get("Content-Encoding", "")
    if stored is not None and resp.headers.get("X-Lapor-Feed-Page") == "stored":
        stored.append(1)
    return encoding.decompress(wire, coding, 1 << 30, frames=True), wire, coding


def read_feed(session, url: str, stored=None):  # type: ignore[no-untyped-def]
    pages, wires, times, cursor = [], [], [], None
    started = time.perf_counter()
    while True:
        params = {"limit": PAGE}
        if cursor:
            params["after"] = cursor
        t0 = time.perf_counter()
        body, wire, coding = fetch(session, f"{url}/api/v1/feed", params, stored)
        times.append(time.perf_counter() - t0)
        pages.append(body)
        wires.append((wire, coding))
        cursor, more = cursor_of(body)
        if not more:
            break
    return time.perf_counter() - started, pages, wires, times


def read_static(session, url: str, names: list[str]):  # type: ignore[no-untyped-def]
    pages, wires, times = [], [], []
    started = time.perf_counter()
    for name in names:
        t0 = time.perf_counter()
        body, wire, coding = fetch(session, f"{url}/bench-static/{name}")
        times.append(time.perf_counter() - t0)
        pages.append(body)
        wires.append((wire, coding))
    return time.perf_counter() - started, pages, wires, times


def describe(label: str, seconds: float, pages: list[bytes], wires, times: list[float]) -> None:  # type: ignore[no-untyped-def]
    mb = sum(len(p) for p in pages) / 1e6
    wire_mb = sum(len(w) for w, _ in wires) / 1e6
    print(
        f"  {label:<9} {seconds:7.2f} s  {len(pages) / seconds:7.1f} pages/s  "
        f"{mb / seconds:7.1f} MB/s decoded, {wire_mb:6.1f} MB on the wire "
        f"(page median {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms)",
        flush=True,
    )


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--reports", type=int, default=100_000)
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--postgres", action="store_true", help="serve from PostgreSQL, not SQLite")
    p.add_argument("--encoding", default=encoding.SUPPORTED[0], help="zstd, gzip or identity")
    p.add_argument("--live", action="store_true", help="also time pages built at request time")
    args = p.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="lapor-bench-feed-"))
    cluster = None
    try:
        source = _server.seeded_sqlite(args.reports)
        if args.postgres:
            cluster = _server.start_postgres()
            db_url = cluster.create_database("feedbench")
            started = time.perf_counter()
            _server.copy_reports(f"sqlite:///{source}", db_url)
            _server.info(
                f"copied the seeded rows into PostgreSQL in {time.perf_counter() - started:.0f} s"
            )
        else:
            shutil.copyfile(source, tmp / "lapor.sqlite3")
            db_url = f"sqlite:///{tmp / 'lapor.sqlite3'}"
        _server.encode_snapshots(db_url)
        token = _server.add_desks(db_url, [(KOORDINATOR, "koordinator", None)])[KOORDINATOR]
        static = tmp / "static"
        static.mkdir()
        backend = "PostgreSQL" if args.postgres else "SQLite"
        print(
            f"server_feed: {args.reports:,} reports, pages of {PAGE}, koordinator, {backend}, "
            f"Accept-Encoding: {args.encoding}",
            flush=True,
        )
        # 1. One desk alone, reading pages no desk read (the in-memory cache off); the server's
        #    own background job stored them before the clock starts.
        built = measure(
            db_url, tmp / "built", static, token, args, cache_mb=0, names=[], pages=True
        )
        if args.live:  # the same read with every page built at request time (no stored pages)
            print("  the same desk, stored pages off (every page built now)", flush=True)
            measure(db_url, tmp / "live", static, token, args, cache_mb=0, names=built[2])
        # 2. The same pages for a second desk (the cache on, filled by a first, untimed desk).
        repeat = None
        if args.encoding != "identity":
            print("  the same pages for a second desk (lapor_server.feed_cache)", flush=True)
            repeat = measure(
                db_url, tmp / "repeat", static, token, args, cache_mb=256, names=built[2]
            )
    finally:
        if cluster is not None:
            cluster.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    result("server_feed", min(built[0]), min(built[1]), "s")
    if repeat is not None:
        result("server_feed_repeat", min(repeat[0]), min(repeat[1]), "s")
    return 0


def wait_for_pages(db_url: str) -> None:
    """Until the server's page builder has stored the koordinator's chain up to its last page."""
    from lapor_server import feed_pages_build
    from lapor_server.db import Database

    db = Database(db_url, pool_size=1)
    started = time.perf_counter()
    try:
        while True:
            n, end, ready = feed_pages_build.status(db, "koordinator")
            if ready:
                break
            if time.perf_counter() - started > 900:
                raise SystemExit(f"the server stored only {n} pages in 15 minutes")
            time.sleep(0.5)
    finally:
        db.dispose()
    print(
        f"  waited {time.perf_counter() - started:.1f} s (untimed) for the server's background "
        f"job to store the koordinator's pages: {n} pages up to position {end:,}",
        flush=True,
    )


def measure(db_url, workdir, static, token, args, *, cache_mb, names, pages=False):  # type: ignore[no-untyped-def]
    """Feed and static reads alternated `args.rounds` times on a fresh server process; the
    first call saves the feed's wire bytes as the static pages (`names` filled). `pages`: the
    server builds and serves stored pages (lapor_server.feed_pages), and the clock starts only
    once its background job stored them."""
    import orjson
    import requests

    # No other periodic jobs: nothing may change the feed between the rounds. The page builder
    # makes one pass at start (it is its own job) and no second one during the reads.
    env = {
        "LAPOR_SERVER_RUN_JOBS": "0",
        "LAPOR_SERVER_FEED_CACHE_MB": str(cache_mb),
        "LAPOR_SERVER_FEED_PAGES": "1" if pages else "0",
        "LAPOR_SERVER_FEED_PAGES_INTERVAL_SECONDS": "86400",
    }
    srv = _server.start_static_server(db_url, workdir, static, env=env)
    try:
        if pages:
            wait_for_pages(db_url)
        session = requests.Session()
        session.trust_env = False  # REQUESTS_CA_BUNDLE would replace our CA; no proxies
        session.verify = str(srv.ca_path)
        session.headers["Authorization"] = f"Bearer {token}"
        session.headers["Accept-Encoding"] = args.encoding
        session.headers[encoding.FRAMES_HEADER] = encoding.FRAMES_VALUE  # as the desk
        reference = None
        if names:  # the first desk's read, untimed: it fills the cache
            _, reference, _, _ = read_feed(session, srv.url)
        feed_runs, static_runs = [], []
        for n in range(1, args.rounds + 1):
            stored: list[int] = []
            seconds, pages, wires, times = read_feed(session, srv.url, stored)
            if reference is None:
                reference = pages
                items = sum(len(orjson.loads(pg)["items"]) for pg in pages)
                if items != args.reports:
                    raise SystemExit(f"the feed returned {items} reports, not {args.reports}")
                for i, (wire, coding) in enumerate(wires):
                    name = f"page-{i:04d}.json" + (f".{coding}" if coding else "")
                    (static / name).write_bytes(wire)
                    names.append(name)
            elif pages != reference:
                print("  WARNING: the feed bytes changed between rounds", flush=True)
            describe(f"feed {n}", seconds, pages, wires, times)
            print(f"            {len(stored)} of {len(pages)} pages from the store", flush=True)
            feed_runs.append(seconds)
            seconds, pages, wires, times = read_static(session, srv.url, names)
            if pages != reference:
                raise SystemExit("the static pages differ from the feed pages")
            describe(f"static {n}", seconds, pages, wires, times)
            static_runs.append(seconds)
        session.close()
    finally:
        srv.stop()
    assert reference is not None
    mb = sum(len(pg) for pg in reference) / 1e6
    wire_mb = sum((static / name).stat().st_size for name in names) / 1e6
    project, limit = min(feed_runs), min(static_runs)
    print(
        f"  {len(reference)} pages, {mb:.1f} MB decoded, {wire_mb:.1f} MB on the wire "
        f"({mb / wire_mb:.1f}x smaller); best feed {project:.2f} s "
        f"({len(reference) / project:.1f} pages/s), best static "
        f"{limit:.2f} s ({len(reference) / limit:.1f} pages/s)",
        flush=True,
    )
    return feed_runs, static_runs, names


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
