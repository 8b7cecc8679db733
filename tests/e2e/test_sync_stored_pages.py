"""A desk reading its whole feed through stored pages (lapor_server.feed_pages, built by the
server's own background job) ends with exactly the store of a desk that read every page live:
report by report, event by event, tombstones applied."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from lapor_core import encoding
from lapor_desk.sync import transport as desk_transport
from lapor_server import feed_pages, feed_pages_build
from tests.e2e.world import AGENCY, OTHER_AGENCY, World, server_db
from tests.support.servers import start_server

ITEMS = 3


@pytest.fixture
def paged_world(tmp_path) -> Iterator[World]:
    env = {
        "LAPOR_SERVER_FEED_PAGES_ITEMS": str(ITEMS),
        "LAPOR_SERVER_FEED_PAGES_INTERVAL_SECONDS": "1",
    }
    srv = start_server(f"sqlite:///{tmp_path / 'lapor.sqlite3'}", tmp_path / "server", env=env)
    try:
        yield World(srv, tmp_path)
    finally:
        srv.stop()


def _rows(desk: Any, table: str) -> list[dict[str, Any]]:
    rows = [dict(r._mapping) for r in desk.q(f"SELECT * FROM {table}")]
    for row in rows:
        row.pop("rid", None)  # the desk's own row number
    return sorted(rows, key=repr)


def test_a_desk_fed_from_stored_pages_equals_a_desk_fed_live(paged_world: World, monkeypatch):
    world = paged_world
    ids = world.create_reports(14)
    world.create_reports(3, dispatch_to=OTHER_AGENCY)
    moved = world.coord("reassign", ids[0], {"agency_code": OTHER_AGENCY, "reason": "salah OPD"})
    assert moved.outcome == "applied"
    world.create_reports(4)  # the tombstone is not on the last page
    stored_desk, live_desk = world.desk(name="stored"), world.desk(name="live")
    for desk in (stored_desk, live_desk):
        desk.engine.page_limit = ITEMS
    # budi's device is seen now: the server's job builds the OPD's pages within a few seconds
    db = server_db(world.srv)
    try:
        deadline = time.monotonic() + 60
        while not feed_pages_build.status(db, f"petugas:{AGENCY}", ITEMS)[2]:
            assert time.monotonic() < deadline, "the server's job stored no pages"
            time.sleep(0.2)
    finally:
        db.dispose()

    served: list[str | None] = []
    request = desk_transport.Transport.request

    def counting(self, method, path, *args, **kw):  # type: ignore[no-untyped-def]
        resp = request(self, method, path, *args, **kw)
        if "feed" in path:
            served.append(resp.headers.get(feed_pages.SERVED_HEADER))
        return resp

    monkeypatch.setattr(desk_transport.Transport, "request", counting)
    r = stored_desk.sync()
    assert r.error is None and r.check == "ok", r.as_dict()
    assert served.count("stored") >= 4, served  # 18 items of OPD A, pages of 3: all but the last

    # the other desk does not say it reads several frames: every page is built live for it
    served.clear()
    init = desk_transport.Transport.__init__

    def without_frames(self, *args, **kw):  # type: ignore[no-untyped-def]
        init(self, *args, **kw)
        self.session.headers.pop(encoding.FRAMES_HEADER, None)

    monkeypatch.setattr(desk_transport.Transport, "__init__", without_frames)
    r = live_desk.sync()
    assert r.error is None and r.check == "ok", r.as_dict()
    assert served and "stored" not in served

    for table in ("reports", "events"):
        assert _rows(stored_desk, table) == _rows(live_desk, table), table
    assert ids[0] not in stored_desk.reports() and set(ids[1:]) <= set(stored_desk.reports())
    world.check(stored_desk, converged=True)
