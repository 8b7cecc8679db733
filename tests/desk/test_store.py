"""The local store on real SQLite files: pragmas, transactions, backups, disk full, corruption."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import threading
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from lapor_desk.errors import CorruptStoreError, StoreFullError
from lapor_desk.models import search
from lapor_desk.models.schema import Draft, Event, OutboxEntry, Report
from lapor_desk.models.store import BUSY_TIMEOUT_MS, WAL_AUTOCHECKPOINT_PAGES, Store


@pytest.fixture
def store(tmp_path: Path):
    s = Store.open(tmp_path / "profile" / "queue.sqlite3")
    yield s
    s.close()


def _outbox(text: str = "Sudah kami tindak lanjuti.") -> OutboxEntry:
    return OutboxEntry(
        op_id=str(uuid.uuid4()),
        report_id="r1",
        kind="respond",
        payload={"text": text, "final": False},
        base_version=1,
        created_at="2026-03-02T09:00:00+09:00",
    )


def _report(rid: str = "r1", title: str = "Jalan berlubang di Kwamki Narama") -> Report:
    return Report(
        id=rid,
        tracking_id=f"LPR-{rid}",
        title=title,
        body="Sudah tiga bulan jalan utama rusak parah.",
        submitted_at="2026-03-01T08:00:00+09:00",
        status="dispatched",
        version=1,
    )


def test_open_creates_private_profile_dir_and_wal(tmp_path: Path):
    path = tmp_path / "a" / "b" / "queue.sqlite3"
    with Store.open(path) as store, store.write() as s:
        s.add(_outbox())
        # The WAL exists while connections are open and a transaction has written.
        assert Path(f"{path}-wal").exists()
    assert path.exists()
    if os.name == "posix":
        assert (path.parent.stat().st_mode & 0o777) == 0o700


def test_pragmas_in_force_on_every_pooled_connection(store: Store):
    conns = [store.engine.connect() for _ in range(3)]
    try:
        seen = {id(c.connection.dbapi_connection) for c in conns}
        assert len(seen) == 3  # really three different SQLite connections
        for conn in conns:
            q = conn.exec_driver_sql
            assert q("PRAGMA journal_mode").scalar() == "wal"
            assert q("PRAGMA synchronous").scalar() == 2  # FULL
            assert q("PRAGMA foreign_keys").scalar() == 1
            assert q("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS
    finally:
        for conn in conns:
            conn.close()


def test_write_takes_begin_immediate(store: Store):
    other = sqlite3.connect(store.path, timeout=0.05, isolation_level=None)
    try:
        with store.write():
            # No statement has run yet in the unit of work, but the write lock is held.
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            # Readers are not blocked (WAL).
            assert other.execute("SELECT count(*) FROM reports").fetchone() == (0,)
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_write_conn_takes_begin_immediate(store: Store):
    other = sqlite3.connect(store.path, timeout=0.05, isolation_level=None)
    try:
        with store.write_conn() as conn:
            conn.exec_driver_sql("SELECT 1")
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
    finally:
        other.close()


def test_write_commits_and_rolls_back_whole(store: Store):
    with store.write() as s:
        s.add(_report())
        s.add(_outbox())
    with pytest.raises(RuntimeError, match="boom"), store.write() as s:
        s.add(_outbox("tidak boleh tersimpan"))
        s.add(Draft(report_id="r1", mode="public", text="x", updated_at="2026-03-02"))
        s.flush()
        raise RuntimeError("boom")
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(OutboxEntry)) == 1
        assert s.scalar(select(func.count()).select_from(Draft)) == 0


def test_nested_write_is_refused(store: Store):
    with store.write(), pytest.raises(RuntimeError, match="re-entrant"), store.write():
        pass


def test_read_sees_a_consistent_snapshot(store: Store):
    with store.write() as s:
        s.add(_outbox())
    with store.read() as r:
        first = r.scalar(select(func.count()).select_from(OutboxEntry))
        with store.write() as w:
            w.add(_outbox())
        assert r.scalar(select(func.count()).select_from(OutboxEntry)) == first
    with store.read() as r:
        assert r.scalar(select(func.count()).select_from(OutboxEntry)) == first + 1


def test_foreign_keys_cascade_and_outbox_outlives_report(store: Store):
    with store.write() as s:
        report = _report()
        report.events.append(
            Event(id="e1", kind="note", text="catatan", visibility="internal", created_at="t")
        )
        s.add(report)
        s.add(_outbox())
    with store.write() as s:
        s.delete(s.get(Report, "r1"))
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(Event)) == 0
        assert s.scalar(select(func.count()).select_from(OutboxEntry)) == 1


def test_orm_edits_keep_the_search_index_current(store: Store):
    with store.write() as s:
        s.add(_report())
    with store.read() as r:
        assert search.search_ids(r, "berlubang") == ["r1"]
    with store.write() as s:
        report = s.get(Report, "r1")
        report.title = "Lampu penerangan jalan padam"
        report.events.append(
            Event(
                id="local:op1",
                kind="respond",
                text="Petugas PLN dijadwalkan datang besok",
                visibility="public",
                created_at="2026-03-02T10:00:00+09:00",
                position=1_000_000,
                pending=True,
            )
        )
    with store.read() as r:
        assert search.search_ids(r, "berlubang") == []
        assert search.search_ids(r, "penerangan") == ["r1"]
        assert search.search_ids(r, "dijadwalkan") == ["r1"]
    with store.write() as s:
        s.delete(s.get(Report, "r1"))
    with store.read() as r:
        assert search.search_ids(r, "penerangan") == []
        assert r.connection().exec_driver_sql("SELECT count(*) FROM report_fts").scalar() == 0


def test_backup_to_produces_a_valid_standalone_copy(store: Store, tmp_path: Path):
    with store.write() as s:
        s.add(_report())
        s.add(_outbox("teks yang harus ikut tercadang"))
    target = store.backup_to(tmp_path / "backups" / "copy.sqlite3")
    assert not Path(f"{target}-wal").exists()
    copy = sqlite3.connect(target)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        payload = copy.execute("SELECT payload FROM outbox").fetchone()[0]
        assert json.loads(payload)["text"] == "teks yang harus ikut tercadang"
        assert copy.execute("SELECT count(*) FROM report_fts WHERE report_fts MATCH 'kwamki'")
    finally:
        copy.close()
    # The copy opens as a store too (same schema revision).
    with Store.open(target) as again, again.read() as r:
        assert search.search_ids(r, "Kwamki") == ["r1"]


def test_integrity_check_reports_ok(store: Store):
    assert store.integrity_check() == "ok"
    assert store.quick_check() == "ok"


def test_garbage_file_is_reported_corrupt(tmp_path: Path):
    path = tmp_path / "queue.sqlite3"
    path.write_bytes(os.urandom(64 * 1024))
    with pytest.raises(CorruptStoreError) as caught:
        Store.open(path)
    assert caught.value.path == path
    assert "rusak" in str(caught.value)


def test_damaged_pages_are_found_by_the_check(tmp_path: Path):
    path = tmp_path / "queue.sqlite3"
    with Store.open(path) as store, store.write() as s:
        for i in range(400):
            s.add(_report(f"r{i}", title=f"Laporan nomor {i} " + "isi panjang " * 40))
    data = bytearray(path.read_bytes())
    page = 4096
    for n in range(len(data) // page // 2, len(data) // page // 2 + 4):
        data[n * page : (n + 1) * page] = os.urandom(page)
    path.write_bytes(bytes(data))
    with pytest.raises(CorruptStoreError):
        Store.open(path, check=True)


def test_database_size_limit_gives_store_full_and_nothing_half_written(store: Store):
    with store.write() as s:
        s.add(_report())
    with pytest.raises(StoreFullError) as caught, store.write() as s:
        conn = s.connection()
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
        conn.exec_driver_sql(f"PRAGMA max_page_count = {pages + 2}")
        s.add(_outbox("jawaban yang tidak muat"))
        report = s.get(Report, "r1")
        report.events.append(
            Event(
                id="local:big",
                kind="respond",
                text="x" * 200_000,
                visibility="public",
                created_at="t",
                pending=True,
            )
        )
    assert "disk penuh" in str(caught.value)
    store.engine.dispose()  # forget the per-connection size limit
    with store.read() as r:
        assert r.scalar(select(func.count()).select_from(OutboxEntry)) == 0
        assert r.scalar(select(func.count()).select_from(Event)) == 0
    assert store.integrity_check() == "ok"
    with store.write() as s:
        s.add(_outbox("setelah ruang tersedia"))


@pytest.fixture
def tiny_fs(tmp_path: Path):
    """A 3 MB tmpfs, so that the disk really fills (needs root and mount permission)."""
    mountpoint = tmp_path / "tiny"
    mountpoint.mkdir()
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root on Linux; the max_page_count test covers it")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mountpoint)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"mount not permitted here: {done.stderr.strip()}")
    yield mountpoint
    subprocess.run(["umount", "-l", str(mountpoint)], check=False)


def test_real_disk_full_gives_store_full_and_nothing_half_written(tiny_fs: Path):
    store = Store.open(tiny_fs / "queue.sqlite3")
    try:
        with store.write() as s:
            s.add(_report())
        filler = tiny_fs / "filler"
        saved = 0
        with pytest.raises(StoreFullError):
            with open(filler, "wb") as fh:
                # Leave a little room so the failure happens inside SQLite, not here.
                free = os.statvfs(tiny_fs).f_bavail * os.statvfs(tiny_fs).f_frsize
                fh.write(b"\0" * max(0, free - 300_000))
            for _ in range(1000):
                with store.write() as s:
                    s.add(_outbox("jawaban " * 2000))
                saved += 1
        filler.unlink()
        with store.read() as r:
            assert r.scalar(select(func.count()).select_from(OutboxEntry)) == saved
        assert store.integrity_check() == "ok"
        with store.write() as s:
            s.add(_outbox("setelah ruang tersedia"))
        with store.read() as r:
            assert r.scalar(select(func.count()).select_from(OutboxEntry)) == saved + 1
    finally:
        store.close()


def test_writers_on_several_threads_serialise_without_busy_errors(store: Store):
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            for _ in range(25):
                with store.write() as s:
                    s.add(_outbox())
        except BaseException as error:  # collected and re-raised in the test thread
            errors.append(error)

    def reader() -> None:
        try:
            for _ in range(25):
                with store.read() as r:
                    r.scalar(select(func.count()).select_from(OutboxEntry))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=f) for f in (writer, writer, writer, reader, reader)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with store.read() as r:
        assert r.scalar(select(func.count()).select_from(OutboxEntry)) == 75


def test_quick_check_runs_only_after_an_unclean_shutdown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    path = tmp_path / "queue.sqlite3"
    with Store.open(path) as store, store.write() as s:
        s.add(_outbox())
    assert not Path(f"{path}-wal").exists()  # a clean close folds the WAL back

    checks: list[bool] = []
    original = Store._verify

    def spy(self: Store, check: bool) -> None:
        checks.append(check)
        original(self, check)

    monkeypatch.setattr(Store, "_verify", spy)
    Store.open(path).close()
    # A WAL left behind is what a crash looks like (copied here from an open store).
    live = Store.open(path)
    with live.write() as s:
        s.add(_outbox())
    crashed = tmp_path / "crashed.sqlite3"
    shutil.copy(path, crashed)
    shutil.copy(f"{path}-wal", f"{crashed}-wal")
    live.close()
    Store.open(crashed).close()
    assert checks == [False, False, True]


def test_connections_checkpoint_rarely_on_their_own(store: Store):
    with store.read_conn() as conn:
        pages = conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar()
    assert pages == WAL_AUTOCHECKPOINT_PAGES > 1000  # above SQLite's default of 1000 pages


def test_maintenance_merges_the_search_index_and_checkpoints_the_wal(store: Store):
    with store.write_conn() as conn:
        conn.exec_driver_sql("INSERT INTO report_fts(report_fts, rank) VALUES ('automerge', 0)")
    for i in range(5):
        with store.write() as w:
            w.add(_report(f"r{i}"))
    with store.read_conn() as conn:
        assert search.segment_count(conn) == 5
    wal = Path(f"{store.path}-wal")
    assert wal.stat().st_size > 0

    result = store.maintenance()

    assert result.segments_merged == 4
    assert result.wal_pages > 0
    assert result.checkpointed_pages == result.wal_pages  # nobody reading: all copied
    # The main file alone (WAL ignored) now holds every report.
    copy = store.path.with_name("main-only.sqlite3")
    shutil.copyfile(store.path, copy)
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("SELECT count(*) FROM reports").fetchone() == (5,)
    finally:
        conn.close()
    again = store.maintenance()
    assert again.segments_merged == 0
    with store.read() as r:
        assert len(search.search_ids(r, "berlubang", limit=10)) == 5
