"""The bulk load of a bootstrap file killed with SIGKILL (a real child process, the encrypted
store): whether it dies between batches or while the indexes are built and the officer's work
re-applied, the store opens sound afterwards and holds exactly what it held before — no report
of the file, no cursor, every index, the outbox and drafts untouched — and a new load completes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from lapor_core import rows
from lapor_desk.models import bootload, bulk, sync_state
from lapor_desk.models.account import Account
from lapor_desk.models.store import Store

REPO = Path(__file__).resolve().parents[2]
KEY = bytes(range(1, 33))
ACCOUNT = Account("https://lapor.example", "budi", "petugas", "dinkes", "Budi")
INDEXES = "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"


def snapshot(n: int, version: int = 1) -> dict:
    return {
        "id": f"rep-{n:04d}",
        "tracking_id": f"MMK-{n:04d}",
        "title": f"Jalan rusak {n}",
        "body": "Mohon segera diperbaiki.",
        "submitted_at": "2026-12-01T00:00:00+00:00",
        "status": "dispatched",
        "agency_code": "dinkes",
        "version": version,
        "events": [
            {"id": n * 10, "kind": "submit", "created_at": "2026-12-01T00:00:00+00:00"},
            {
                "id": n * 10 + 1,
                "kind": "respond",
                "text": f"Jawaban {n}",
                "visibility": "public",
                "created_at": "2026-12-02T00:00:00+00:00",
            },
        ],
        "attachments": [{"sha256": f"{n:064x}", "filename": "foto.jpg", "size": 10}],
    }


def batches(count: int, size: int, version: int = 2) -> list[bootload.Batch]:
    out = []
    for start in range(0, count, size):
        snaps = [snapshot(n, version) for n in range(start, min(count, start + size))]
        out.append(
            bootload.Batch(
                [rows.report_values(s) for s in snaps],
                [e for s in snaps for e in rows.event_values(s)],
                [a for s in snaps for a in rows.attachment_values(s)],
            )
        )
    return out


def _columns() -> bootload.Columns:
    # lapor_core.rows may name a column this store lacks: keep the desk's, as sync/bootstrap does
    keep = [i for i, c in enumerate(rows.REPORT_ROW) if c in bulk.REPORT_COLUMNS]
    return bootload.Columns(
        tuple(rows.REPORT_ROW[i] for i in keep), rows.EVENT_ROW, rows.ATTACHMENT_ROW
    ), keep


def load(store: Store, count: int, size: int, **kw) -> bootload.LoadResult:
    columns, keep = _columns()
    cut = [
        bootload.Batch([[r[i] for i in keep] for r in b.reports], b.events, b.attachments)
        for b in batches(count, size)
    ]
    return bootload.load(
        store,
        columns,
        cut,
        cursor="cursor-of-the-file",
        account=ACCOUNT,
        at="2026-12-05T00:00:00Z",
        gone_detail="pergi",
        **kw,
    )


CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from tests.desk import test_bootload_crash as t
    from lapor_desk.models import bootload, effects
    from lapor_desk.models.store import Store

    stage = sys.argv[2]
    store = Store.open(Path(sys.argv[1]), key=t.KEY)
    calls = 0

    def check_cancel():
        global calls
        calls += 1
        if stage == "batch" and calls == 3:
            print("READY", flush=True)
            time.sleep(60)

    real = effects.reapply

    def reapply(conn, ids, account):
        real(conn, ids, account)
        if stage == "finish":
            print("READY", flush=True)
            time.sleep(60)

    bootload.effects.reapply = reapply
    t.load(store, 120, 25, check_cancel=check_cancel)
    print("DONE", flush=True)
    """
)


def _state(store: Store) -> dict:
    with store.read_conn() as conn:
        q = conn.exec_driver_sql
        return {
            "reports": q("SELECT id, version FROM reports ORDER BY id").all(),
            "events": q("SELECT count(*) FROM events").scalar_one(),
            "fts": q("SELECT count(*) FROM report_fts").scalar_one(),
            "outbox": q("SELECT op_id, state FROM outbox").all(),
            "drafts": q("SELECT report_id, text FROM drafts").all(),
            "cursor": sync_state.get(conn, "cursor"),
            "indexes": q(INDEXES).all(),
        }


@pytest.mark.parametrize("stage", ["batch", "finish"])
@pytest.mark.parametrize("held", [0, 3])
def test_a_kill_during_the_bulk_load_leaves_the_store_as_it_was(tmp_path, stage, held):
    path = tmp_path / "queue.sqlite3"
    store = Store.open(path, key=KEY)
    with store.write_conn() as conn:
        if held:  # a resync: the store holds reports and a cursor already
            bulk.upsert_reports(conn, [snapshot(n, 1) for n in range(held)])
            sync_state.put(conn, {"cursor": "older-cursor"})
        conn.exec_driver_sql(
            "INSERT INTO outbox(op_id, report_id, kind, payload, created_at, state)"
            " VALUES ('op-1', 'rep-0001', 'note', '{\"text\": \"catatan\"}', 'x', 'pending')"
        )
        conn.exec_driver_sql(
            "INSERT INTO drafts(report_id, mode, text, updated_at)"
            " VALUES ('rep-0002', 'public', 'draf', 'x')"
        )
    before = _state(store)
    store.close()

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), stage],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "READY"
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    store = Store.open(path, key=KEY)
    try:
        assert store.integrity_check() == "ok"
        assert _state(store) == before  # nothing of the file, no new cursor, every index
        result = load(store, 120, 25)
        after = _state(store)
        assert len(after["reports"]) == 120 and after["cursor"] == "cursor-of-the-file"
        assert after["fts"] == 120 and after["indexes"] == before["indexes"]
        assert after["outbox"] == [("op-1", "pending")] and after["drafts"] == before["drafts"]
        assert result.gone == []  # every report held before is in the file
        assert store.integrity_check() == "ok"
    finally:
        store.close()
