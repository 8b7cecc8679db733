"""The bootstrap file of a first sync: a desk bootstrapped and then fed holds exactly what a desk
fed page by page from zero holds, report by report (officer and coordinator scopes); a file that
ends early is refused, never half-loaded."""

from __future__ import annotations

import orjson
import pytest
import zstandard

from lapor_desk.errors import ProtocolError
from lapor_desk.sync import bootstrap
from tests.e2e.world import OTHER_AGENCY, World

TABLES = {
    "reports": "SELECT * FROM reports ORDER BY id",
    "events": "SELECT * FROM events ORDER BY report_id, position",
    "attachments": "SELECT * FROM attachments ORDER BY report_id, sha256",
}


def _rows(desk) -> dict[str, list[tuple]]:
    return {name: [tuple(r) for r in desk.q(sql)] for name, sql in TABLES.items()}


def _same(a, b) -> None:
    ra, rb = _rows(a), _rows(b)
    for name in TABLES:
        assert len(ra[name]) == len(rb[name]), name
        for x, y in zip(ra[name], rb[name], strict=True):
            assert x == y, (name, x, y)


@pytest.mark.parametrize("username", ["budi", "koord"])
def test_bootstrapped_then_fed_equals_fed_from_zero(world: World, username):
    ids = world.create_reports(12)
    world.create_reports(4, dispatch_to=OTHER_AGENCY)
    world.coord("reassign", ids[0], {"agency_code": OTHER_AGENCY, "reason": "salah OPD"})
    world.coord("note", ids[1], {"text": "Mohon segera."})

    booted = world.desk(username, name=f"{username}-boot")
    fed = world.desk(username, name=f"{username}-feed")
    fed.engine.bootstrap = False
    booted.engine.bootstrap_from = 0  # this small world is bootstrapped too
    r = booted.sync()
    assert r.error is None and r.bootstrapped and r.pages == 1  # the file, then one feed page
    r = fed.sync()
    assert r.error is None and not r.bootstrapped
    _same(booted, fed)
    assert booted.q("SELECT count(*) FROM report_fts")[0][0] == len(booted.reports())

    # Changes after the file was cut arrive through the feed from its cursor.
    more = world.create_reports(3)
    world.coord("reassign", ids[2], {"agency_code": OTHER_AGENCY, "reason": "bukan wewenang"})
    world.coord("reassign", more[0], {"agency_code": OTHER_AGENCY, "reason": "pindah"})
    for d in (booted, fed):
        r = d.sync()
        assert r.error is None and r.check == "ok" and not r.bootstrapped
    _same(booted, fed)
    world.check(booted, converged=True)


def test_a_small_scope_reads_the_feed(world: World):
    world.create_reports(3)
    desk = world.desk(name="small-scope")
    r = desk.sync()  # bootstrap_from (2,000) is above this scope: no file is made or fetched
    assert r.error is None and not r.bootstrapped


def _file(lines: list[bytes]) -> bytes:
    return zstandard.ZstdCompressor(write_checksum=True).compress(b"\n".join(lines) + b"\n")


def test_a_file_that_ends_early_is_refused(tmp_path):
    snap = orjson.dumps({"id": "x"})
    info = {"cursor": "c1", "count": 3}
    header = orjson.dumps({"format": 1, "cursor": "c1", "count": 3})
    short = tmp_path / "short.zst"
    short.write_bytes(_file([header, snap, snap]))
    with pytest.raises(ProtocolError) as exc:
        list(bootstrap.batches(short, info))
    assert exc.value.reason == "truncated"
    cut = tmp_path / "cut.zst"
    cut.write_bytes(_file([header, snap, snap, snap])[:-12])
    with pytest.raises(ProtocolError):
        list(bootstrap.batches(cut, info))
    whole = tmp_path / "whole.zst"
    whole.write_bytes(_file([header, snap, snap, snap]))
    assert [(len(b), last) for b, last in bootstrap.batches(whole, info)] == [(3, True)]
