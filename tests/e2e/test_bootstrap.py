"""The bootstrap file of a first sync: a desk bootstrapped and then fed holds exactly what a desk
fed page by page from zero holds, report by report (officer and coordinator scopes, the compact
row format and the snapshot format of older servers), and its search finds the same reports; a
file that ends early is refused, never half-loaded; a resync from the file keeps the officer's
queued work; "Batal" in the middle leaves the store as it was."""

from __future__ import annotations

import threading

import orjson
import pytest
import zstandard

from lapor_core import rows
from lapor_desk.errors import Cancelled, ProtocolError
from lapor_desk.models import search
from lapor_desk.sync import bootstrap
from lapor_desk.sync.run import SyncReport
from tests.e2e.world import OTHER_AGENCY, World

TABLES = {
    "reports": "SELECT * FROM reports ORDER BY id",
    "events": "SELECT * FROM events ORDER BY report_id, position",
    "attachments": "SELECT * FROM attachments ORDER BY report_id, sha256",
}
WORDS = ("jalan", "puskesmas", "segera", "Nawaripi", "mohon", "rusak")


def _rows(desk) -> dict[str, list[tuple]]:
    out = {name: [tuple(r) for r in desk.q(sql)] for name, sql in TABLES.items()}
    # `rid` is a local key (the full-text row id): compare the server's data, not its numbering
    out["reports"] = [r[1:] for r in out["reports"]]
    return out


def _searches(desk) -> dict[str, list[str]]:
    with desk.store.read_conn() as conn:
        return {w: sorted(search.search_ids(conn, w, limit=500)) for w in WORDS}


def _same(a, b) -> None:
    ra, rb = _rows(a), _rows(b)
    for name in TABLES:
        assert len(ra[name]) == len(rb[name]), name
        for x, y in zip(ra[name], rb[name], strict=True):
            assert x == y, (name, x, y)
    found = _searches(a)
    assert found == _searches(b)
    assert any(found.values())


@pytest.mark.parametrize("fmt", [2, 1])
@pytest.mark.parametrize("username", ["budi", "koord"])
def test_bootstrapped_then_fed_equals_fed_from_zero(world: World, username, fmt, monkeypatch):
    monkeypatch.setattr(bootstrap, "FORMATS", tuple(range(1, fmt + 1)))  # what the desk asks
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
    assert booted.q("SELECT count(*) FROM fts_pending")[0][0] == 0
    # the indexes dropped for the load are all back, as they were
    indexes = "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
    assert booted.q(indexes) == fed.q(indexes)
    assert booted.q("PRAGMA foreign_keys")[0][0] == 1
    assert booted.store.integrity_check() == "ok"

    # Changes after the file was cut arrive through the feed from its cursor.
    more = world.create_reports(3)
    world.coord("reassign", ids[2], {"agency_code": OTHER_AGENCY, "reason": "bukan wewenang"})
    world.coord("reassign", more[0], {"agency_code": OTHER_AGENCY, "reason": "pindah"})
    for d in (booted, fed):
        r = d.sync()
        assert r.error is None and r.check == "ok" and not r.bootstrapped
    _same(booted, fed)
    world.check(booted, converged=True)


def test_a_resync_from_the_file_keeps_queued_work(world: World):
    """A 410/scope-change resync loads the file over a full store: the officer's unsent answer
    stays queued and visible, a report that left the scope turns its unsent note into a
    conflict, drafts are untouched; the next sync sends the answer."""
    ids = world.create_reports(6)
    desk = world.desk(name="resync")
    desk.engine.bootstrap_from = 0
    assert desk.sync().error is None
    answer = desk.respond(ids[3], "Sudah kami tangani, terima kasih.")
    note = desk.note(ids[4], "Catatan yang belum terkirim.")
    with desk.store.write_conn() as conn:
        conn.exec_driver_sql(
            "INSERT INTO drafts(report_id, mode, text, updated_at) VALUES (?, 'public', ?, ?)",
            (ids[5], "draf setengah jadi", "2026-12-01T00:00:00Z"),
        )
    world.coord("reassign", ids[4], {"agency_code": OTHER_AGENCY, "reason": "pindah"})
    before = dict(desk.q("SELECT op_id, state FROM outbox"))

    t = desk.transport_factory(threading.Event())
    t.token = desk.token
    desk.engine.pull(t, SyncReport(), resync=True)  # the pull phase alone: nothing pushed
    t.close()
    outbox = dict(desk.q("SELECT op_id, state FROM outbox"))
    assert before[answer] == outbox[answer] == "pending"
    assert outbox[note] == "conflict"  # its report left the scope while it waited
    assert ids[4] not in desk.reports()
    # the local effect of the queued answer is re-applied on top of the loaded snapshot
    local = desk.q("SELECT pending, text FROM events WHERE report_id = ? AND pending = 1", ids[3])
    assert local == [(1, "Sudah kami tangani, terima kasih.")]
    assert desk.q("SELECT sync_state FROM reports WHERE id = ?", ids[3])[0][0] == "pending"
    assert desk.q("SELECT text FROM drafts")[0][0] == "draf setengah jadi"
    with desk.store.read_conn() as conn:  # the pending answer is searchable too
        assert ids[3] in search.search_ids(conn, "tangani")

    r = desk.sync()
    assert r.error is None and r.check == "ok"
    assert desk.outbox()[answer].state == "done"
    world.check(desk, converged=True)


def test_cancel_in_the_middle_leaves_the_store_as_it_was(world: World, monkeypatch):
    world.create_reports(5)
    desk = world.desk(name="cancel")
    desk.engine.bootstrap_from = 0
    assert desk.sync().error is None
    held = desk.reports()
    monkeypatch.setattr(bootstrap, "BATCH", 2)  # several batches, cancelled after the first
    cancel = threading.Event()

    def progress(phase, done, total):
        if phase == "resync" and done:
            cancel.set()

    with desk.store.write_conn() as conn:
        conn.exec_driver_sql("DELETE FROM sync_state WHERE key = 'cursor'")
        conn.exec_driver_sql("INSERT OR REPLACE INTO sync_state VALUES ('resync', '1')")
    r = desk.sync(progress=progress, cancel=cancel)
    assert isinstance(r.error, Cancelled)
    assert desk.reports() == held  # not one report lost or half-replaced
    assert desk.q("SELECT count(*) FROM report_fts")[0][0] == len(held)
    assert desk.q("SELECT value FROM sync_state WHERE key = 'cursor'") == []
    assert desk.store.integrity_check() == "ok"
    r = desk.sync()
    assert r.error is None and r.check == "ok" and r.bootstrapped


def test_a_small_scope_reads_the_feed(world: World):
    world.create_reports(3)
    desk = world.desk(name="small-scope")
    r = desk.sync()  # bootstrap_from (2,000) is above this scope: no file is made or fetched
    assert r.error is None and not r.bootstrapped


def _file(lines: list[bytes]) -> bytes:
    return zstandard.ZstdCompressor(write_checksum=True).compress(b"\n".join(lines) + b"\n")


def _consume(path, info) -> list[int]:
    _columns, _count, batches = bootstrap.read(path, info)
    return [len(b.reports) for b in batches]


def _format2_line(n: int) -> bytes:
    snap = {
        "id": f"r{n}",
        "tracking_id": f"T{n}",
        "title": "judul",
        "body": "isi",
        "submitted_at": "2026-12-01T00:00:00+00:00",
        "status": "dispatched",
        "version": 1,
        "events": [{"id": n, "kind": "submit", "created_at": "2026-12-01T00:00:00+00:00"}],
    }
    return orjson.dumps(
        (rows.report_values(snap), rows.event_values(snap), rows.attachment_values(snap))
    )


@pytest.mark.parametrize("fmt", [1, 2])
def test_a_file_that_ends_early_is_refused(tmp_path, fmt):
    info = {"cursor": "c1", "count": 3}
    head: dict = {"format": fmt, "cursor": "c1", "count": 3}
    if fmt == 1:
        line = orjson.dumps(
            {"id": "x", "tracking_id": "T", "title": "t", "body": "b", "submitted_at": "s"}
            | {"status": "dispatched", "version": 1}
        )
    else:
        line = _format2_line(1)
        head["columns"] = {
            "reports": rows.REPORT_ROW,
            "events": rows.EVENT_ROW,
            "attachments": rows.ATTACHMENT_ROW,
        }
    header = orjson.dumps(head)
    short = tmp_path / "short.zst"
    short.write_bytes(_file([header, line, line]))
    with pytest.raises(ProtocolError) as exc:
        _consume(short, info)
    assert exc.value.reason == "truncated"
    cut = tmp_path / "cut.zst"
    cut.write_bytes(_file([header, line, line, line])[:-12])
    with pytest.raises(ProtocolError):
        _consume(cut, info)
    whole = tmp_path / "whole.zst"
    whole.write_bytes(_file([header, line, line, line]))
    assert _consume(whole, info) == [3]
    longer = tmp_path / "longer.zst"
    longer.write_bytes(_file([header, line, line, line, line]))
    with pytest.raises(ProtocolError):
        _consume(longer, info)


def test_format2_columns_are_matched_by_name(tmp_path):
    """A newer server may send columns this desk does not have: they are left out; a row of the
    wrong width, or a header without a table's columns, is refused."""
    line = orjson.loads(_format2_line(1))
    line[0] = [*line[0], "kolom-baru"]
    head = {
        "format": 2,
        "cursor": "c1",
        "count": 1,
        "columns": {
            "reports": [*rows.REPORT_ROW, "future_column"],
            "events": rows.EVENT_ROW,
            "attachments": rows.ATTACHMENT_ROW,
        },
    }
    path = tmp_path / "newer.zst"
    path.write_bytes(_file([orjson.dumps(head), orjson.dumps(line)]))
    columns, count, batches = bootstrap.read(path, {"cursor": "c1"})
    (batch,) = list(batches)
    assert "future_column" not in columns.reports and count == 1
    assert len(batch.reports[0]) == len(columns.reports)
    assert batch.reports[0][columns.reports.index("id")] == "r1"

    line[0] = line[0][:-2]
    path.write_bytes(_file([orjson.dumps(head), orjson.dumps(line)]))
    with pytest.raises(ProtocolError):
        list(bootstrap.read(path, {"cursor": "c1"})[2])
    del head["columns"]["events"]
    path.write_bytes(_file([orjson.dumps(head)]))
    with pytest.raises(ProtocolError):
        bootstrap.read(path, {"cursor": "c1"})


def test_the_downloaded_file_is_sealed_on_disk(world: World, monkeypatch):
    """The file holds the scope's reports: on a desk with a key it waits in cache/partial sealed
    piece by piece (never in the clear), and is gone once loaded."""
    from lapor_desk.models import bootload
    from lapor_desk.models.crypto import PIECE_MAGIC
    from lapor_desk.models.store import Store
    from lapor_desk.paths import cache_dir
    from lapor_desk.sync import attachments

    world.create_reports(4)
    desk = world.desk(name="sealed")
    desk.store.close()
    for f in desk.root.glob("queue.sqlite3*"):
        f.unlink()
    desk.store = desk.engine.store = Store.open(desk.store_path, key=bytes(range(32)))
    desk.engine.bootstrap_from = 0
    partial = cache_dir(desk.root) / attachments.PARTIAL_DIR
    seen: list[list[bytes]] = []
    real = bootload.load

    def load(*args, **kw):
        seen.append([p.read_bytes()[: len(PIECE_MAGIC)] for p in partial.iterdir()])
        return real(*args, **kw)

    monkeypatch.setattr(bootload, "load", load)
    r = desk.sync()
    assert r.error is None and r.bootstrapped and r.check == "ok"
    assert seen == [[PIECE_MAGIC]]  # one sealed part, no plain file beside it
    assert list(partial.iterdir()) == []
    assert len(desk.reports()) == len(world.scope(desk.account))
