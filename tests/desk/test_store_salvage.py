"""A corrupt store is detected, set aside and rebuilt; unsent outbox, drafts and files survive."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from lapor_desk.errors import CorruptStoreError
from lapor_desk.models import bulk
from lapor_desk.models.salvage import salvage_and_rebuild
from lapor_desk.models.schema import Draft, LocalFile, OutboxEntry, SyncState
from lapor_desk.models.store import Store

PAGE = 4096


def outbox(n: int, state: str = "pending", size: int = 40) -> OutboxEntry:
    return OutboxEntry(
        op_id=str(uuid.uuid4()),
        report_id=f"r{n}",
        kind="respond",
        payload={"text": f"MARK{n:05d} jawaban petugas " + "." * size},
        base_version=1,
        created_at="2026-03-02T09:00:00+09:00",
        state=state,
        report_title=f"Laporan {n}",
    )


def report(i: int) -> dict:
    return {
        "id": f"r{i}",
        "tracking_id": f"LPR-{i}",
        "title": f"Laporan {i} tentang jalan rusak",
        "body": "Isi laporan yang panjang tentang kerusakan jalan di distrik. " * 20,
        "submitted_at": "2026-03-01T08:00:00+09:00",
        "status": "dispatched",
        "version": 1,
        "events": [],
        "attachments": [],
    }


def build(path: Path, *, outbox_rows: int = 5, reports: int = 300) -> None:
    """A store whose officer work was written first (early pages), then a big queue."""
    with Store.open(path) as store:
        with store.write() as s:
            for n in range(outbox_rows):
                s.add(outbox(n))
            s.add(outbox(900, state="done"))
            s.add(outbox(901, state="conflict"))
            s.add(Draft(report_id="r7", mode="internal", text="draf catatan", updated_at="t"))
            s.add(LocalFile(sha256="c" * 64, path="/tmp/foto.jpg", size=10))
            s.add(SyncState(key="cursor", value="c-123"))
            s.add(SyncState(key="username", value="budi"))
        with store.write_conn() as conn:
            bulk.upsert_reports(conn, [report(i) for i in range(reports)])


def open_texts(path: Path) -> list[str]:
    with Store.open(path) as store, store.read() as r:
        return [
            json.loads(json.dumps(p))["text"][:9] for p in r.scalars(select(OutboxEntry.payload))
        ]


def assert_rebuilt(path: Path, aside: Path) -> None:
    assert aside.exists() and aside != path and "corrupt" in aside.name
    with Store.open(path, check=True) as store, store.read() as r:
        states = {o.report_id: o.state for o in r.scalars(select(OutboxEntry))}
        assert states == {"r0": "pending", "r1": "pending", "r2": "pending", "r3": "pending",
                          "r4": "pending", "r901": "conflict"}  # fmt: skip
        assert r.scalar(select(Draft.text)) == "draf catatan"
        assert r.scalar(select(LocalFile.path)) == "/tmp/foto.jpg"
        kv = {k.key: k.value for k in r.scalars(select(SyncState))}
        assert "cursor" not in kv  # the queue is re-read from the server
        assert kv["username"] == "budi" and kv["salvaged_from"] == str(aside)
        assert r.connection().exec_driver_sql("SELECT count(*) FROM reports").scalar() == 0
        assert store.integrity_check() == "ok"


def test_truncated_file_is_detected_and_salvaged(tmp_path: Path):
    path = tmp_path / "queue.sqlite3"
    build(path)
    size = path.stat().st_size
    with open(path, "r+b") as fh:
        fh.truncate(size // 2 // PAGE * PAGE)
    with pytest.raises(CorruptStoreError):
        Store.open(path, check=True)
    aside = salvage_and_rebuild(path)
    assert_rebuilt(path, aside)


def test_garbled_pages_are_detected_and_salvaged(tmp_path: Path):
    path = tmp_path / "queue.sqlite3"
    build(path)
    data = bytearray(path.read_bytes())
    pages = len(data) // PAGE
    for n in range(pages // 2, pages // 2 + 8):
        data[n * PAGE : (n + 1) * PAGE] = os.urandom(PAGE)
    path.write_bytes(bytes(data))
    with pytest.raises(CorruptStoreError):
        Store.open(path, check=True)
    aside = salvage_and_rebuild(path)
    assert_rebuilt(path, aside)
    assert aside.read_bytes() == bytes(data)  # the evidence is kept as it was


def test_garbage_file_is_set_aside_and_replaced(tmp_path: Path):
    path = tmp_path / "queue.sqlite3"
    garbage = os.urandom(20 * PAGE)
    path.write_bytes(garbage)
    with pytest.raises(CorruptStoreError):
        Store.open(path)
    aside = salvage_and_rebuild(path)
    assert aside.read_bytes() == garbage
    with Store.open(path) as store, store.read() as r:
        assert r.scalars(select(OutboxEntry)).all() == []
        assert store.integrity_check() == "ok"


def test_rows_on_both_sides_of_a_damaged_outbox_page_survive(tmp_path: Path):
    path = tmp_path / "queue.sqlite3"
    total = 200
    with Store.open(path) as store, store.write() as s:
        for n in range(total):
            s.add(outbox(n, size=600))
    data = bytearray(path.read_bytes())
    victim = data.index(b"MARK00100") // PAGE
    data[victim * PAGE : (victim + 1) * PAGE] = os.urandom(PAGE)
    path.write_bytes(bytes(data))
    with pytest.raises(CorruptStoreError):
        Store.open(path, check=True)
    salvage_and_rebuild(path)
    texts = open_texts(path)
    numbers = sorted(int(t[4:9]) for t in texts)
    assert 100 not in numbers
    assert numbers[0] == 0 and numbers[-1] == total - 1  # read from both ends
    assert len(numbers) >= total - 10  # only the rows of the damaged page are lost


WRITER = """
import sys, uuid
from pathlib import Path
from lapor_desk.models.schema import OutboxEntry
from lapor_desk.models.store import Store
store = Store.open(Path(sys.argv[1]))
with store.write() as s:
    s.add(OutboxEntry(op_id=str(uuid.uuid4()), report_id="r1", kind="note",
                      payload={"text": "MARK00001 hanya di WAL"}, created_at="t"))
print("saved", flush=True)
import time; time.sleep(600)
"""


def test_rows_still_in_the_wal_are_carried_over(tmp_path: Path):
    path = tmp_path / "queue.sqlite3"
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "saved"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stdout.close()  # type: ignore[union-attr]
    assert Path(f"{path}-wal").stat().st_size > 0  # the commit lives only in the WAL
    aside = salvage_and_rebuild(path)
    assert Path(f"{aside}-wal").exists()
    assert open_texts(path) == ["MARK00001"]
