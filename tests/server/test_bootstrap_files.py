"""The server's bootstrap files: the compact row format (format 2) beside the snapshot format
older desks read, the freshness rule (a file a little behind the feed is served, the desk reads
the rest from its cursor), the rate limit on cutting files, and the periodic cleanup."""

from __future__ import annotations

import os
import time

import orjson
import zstandard

from lapor_core import rows
from lapor_server import bootstrap
from tests.server.conftest import AGENCY_A, AGENCY_B


def _lines(world, info) -> list:
    r = world.get("koor", info["url"])
    assert r.status_code == 200
    data = zstandard.ZstdDecompressor().decompressobj().decompress(r.content)
    return [orjson.loads(x) for x in data.split(b"\n") if x]


def _age(path, seconds: float) -> None:
    at = time.time() - seconds
    os.utime(path, (at, at))


def test_format2_rows_are_the_snapshots_as_the_desk_stores_them(world):
    ids = [world.report("dispatched") for _ in range(3)]
    old = world.get("koor", "/api/v1/bootstrap").json()  # a desk before format 2
    new = world.get("koor", "/api/v1/bootstrap", params={"format": 2}).json()
    newer = world.get("koor", "/api/v1/bootstrap", params={"format": 9}).json()
    assert old["format"] == 1 and new["format"] == 2 and newer["name"] == new["name"]
    assert old["name"] != new["name"] and old["cursor"] == new["cursor"]
    snaps = _lines(world, old)
    head, *lines = _lines(world, new)
    assert snaps[0]["format"] == 1 and head["format"] == 2 and head["count"] == 3
    assert head["columns"] == {
        "reports": list(rows.REPORT_ROW),
        "events": list(rows.EVENT_ROW),
        "attachments": list(rows.ATTACHMENT_ROW),
    }
    for snap, line in zip(snaps[1:], lines, strict=True):
        assert line == orjson.loads(
            orjson.dumps(
                (rows.report_values(snap), rows.event_values(snap), rows.attachment_values(snap))
            )
        )
    assert {line[0][0] for line in lines} == set(ids)


def test_the_privacy_rules_hold_in_the_row_file(world):
    """An officer's rows carry no reporter contact: the petugas audience's bytes are the
    source, as in the feed."""
    world.report("dispatched", agency=AGENCY_A, reporter_name="Kanari Rahasia")
    world.report("dispatched", agency=AGENCY_B)
    info = world.get("petugas_a", "/api/v1/bootstrap", params={"format": 2}).json()
    assert info["count"] == 1
    r = world.get("petugas_a", info["url"])
    data = zstandard.ZstdDecompressor().decompressobj().decompress(r.content)
    assert b"0812-1111-2222" not in data and b"maria@example.org" not in data
    # another scope's file is not the caller's
    assert world.get("petugas_b", info["url"]).status_code == 404


def test_a_file_a_little_behind_the_feed_is_served_and_the_cut_is_rate_limited(world):
    for _ in range(3):
        world.report("dispatched")
    first = world.get("koor", "/api/v1/bootstrap", params={"format": 2}).json()
    path = bootstrap.folder(world.settings.attachments_dir) / first["name"]
    world.report("dispatched")  # the feed moved: one report behind
    again = world.get("koor", "/api/v1/bootstrap", params={"format": 2}).json()
    assert again["name"] == first["name"]  # within the cut interval: no new cut
    _age(path, bootstrap.CUT_INTERVAL + 5)
    again = world.get("koor", "/api/v1/bootstrap", params={"format": 2}).json()
    assert again["name"] == first["name"]  # fresh enough: 1 of 4 behind, below the limit
    _age(path, bootstrap.MAX_AGE + 5)
    newer = world.get("koor", "/api/v1/bootstrap", params={"format": 2}).json()
    assert newer["name"] != first["name"] and newer["count"] == 4
    assert path.exists()  # a download of the older file may still be running
    _age(path, bootstrap.MAX_AGE + 5)
    newest = bootstrap.folder(world.settings.attachments_dir) / newer["name"]
    world.report("dispatched")
    # just cut: another change does not cut again, whoever asks (the rate limit)
    for _ in range(3):
        assert (
            world.get("koor", "/api/v1/bootstrap", params={"format": 2}).json()["name"]
            == (newer["name"])
        )
    assert newest.exists()


def test_many_changes_make_a_new_file_after_the_interval(world, monkeypatch):
    for _ in range(3):
        world.report("dispatched")
    first = world.get("koor", "/api/v1/bootstrap", params={"format": 2}).json()
    path = bootstrap.folder(world.settings.attachments_dir) / first["name"]
    monkeypatch.setattr(bootstrap, "behind_limit", lambda count: 1)
    world.report("dispatched")
    _age(path, bootstrap.CUT_INTERVAL + 5)
    again = world.get("koor", "/api/v1/bootstrap", params={"format": 2}).json()
    assert again["name"] != first["name"]


def test_prune_removes_superseded_idle_and_leftover_files(world):
    world.report("dispatched")
    where = bootstrap.folder(world.settings.attachments_dir)
    koor = world.get("koor", "/api/v1/bootstrap", params={"format": 2}).json()
    petugas = world.get("petugas_a", "/api/v1/bootstrap", params={"format": 2}).json()
    assert koor["name"] != petugas["name"]
    key, _counter, rest = koor["name"].split("-", 2)
    superseded = where / f"{key}-0-{rest}"  # cut at an older counter
    superseded.write_bytes(b"old")
    leftover = where / ".half-cut.tmp"
    leftover.write_bytes(b"x")
    now = time.time()
    assert bootstrap.prune(world.settings.attachments_dir, now) == 0  # all too young
    _age(superseded, bootstrap.MAX_AGE)
    _age(where / koor["name"], bootstrap.KEEP_SUPERSEDED + 5)  # the newer one exists 10 min
    _age(leftover, 7200)
    assert bootstrap.prune(world.settings.attachments_dir, now) == 2
    assert not superseded.exists() and not leftover.exists()
    assert (where / koor["name"]).exists() and (where / petugas["name"]).exists()
    # nobody asked for the coordinators' scope for a week: its files go, the other scope's stay
    _age(where / f"{key}.asked", bootstrap.IDLE_SCOPE + 5)
    assert bootstrap.prune(world.settings.attachments_dir, now) == 1
    assert not (where / koor["name"]).exists() and (where / petugas["name"]).exists()
    assert world.get("koor", koor["url"]).status_code == 404
    # asking again cuts a new one
    assert world.get("koor", "/api/v1/bootstrap", params={"format": 2}).json()["name"]
