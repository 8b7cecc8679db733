"""CSV and XLSX exports: what is written reads back equal, in the queue's order, with Indonesian
headers and no reporter identity; a cancelled export leaves no file."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from lapor_desk.models.store import Store
from lapor_desk.services import exports
from lapor_desk.services.exports import ExportCancelled, ExportFormat
from tests.desk._coordinator_data import load, make_snapshots

TODAY = date(2026, 3, 18)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    snaps = make_snapshots(1200, TODAY, seed=5)
    # Text that trips naive CSV writers: separators, quotes, newlines.
    snaps[0]["title"] = 'Jalan "Cenderawasih"; rusak\nparah, tolong'
    snaps[1]["reporter"] = {"name": "Yohana Kogoya-CANARY", "phone": "0812-CANARY"}
    s = Store.open(tmp_path_factory.mktemp("exp") / "c.sqlite3")
    load(s, snaps)
    yield s, snaps
    s.close()


@pytest.mark.parametrize("fmt", [ExportFormat.CSV, ExportFormat.XLSX])
def test_round_trip(data, tmp_path, fmt):
    store, snaps = data
    # A queue's key list in its own order (here: newest first), with one id no longer in the store.
    ids = [s["id"] for s in sorted(snaps, key=lambda s: s["submitted_at"], reverse=True)]
    ids.insert(3, "gone-meanwhile")
    target = tmp_path / f"antrian.{fmt}"
    with store.read_conn() as conn:
        expected = [[exports.csv_value(v) for v in row] for row in exports.iter_rows(conn, ids)]
        n = exports.export_reports(conn, ids, target, fmt)
    assert n == len(snaps) == len(expected)
    back = exports.read_back(target)
    assert back[0] == list(exports.HEADERS)
    assert back[0][:3] == ["ID Pelacakan", "Judul", "Klasifikasi"]
    assert back[1:] == expected
    by_tracking = {s["tracking_id"]: s for s in snaps}
    assert [by_tracking[row[0]]["id"] for row in back[1:]] == [
        i for i in ids if i != "gone-meanwhile"
    ]
    weird = next(r for r in back if r[0] == snaps[0]["tracking_id"])
    assert weird[1] == snaps[0]["title"]
    # Statuses in the words of SP4N-LAPOR!, flags as Ya/Tidak.
    assert {r[6] for r in back[1:]} <= {
        "Belum Terverifikasi",
        "Belum Terdisposisi",
        "Belum Ditindaklanjuti",
        "Diproses",
        "Ditunda",
        "Selesai",
        "Diarsipkan",
    }
    assert {r[11] for r in back[1:]} == {"Ya", "Tidak"}
    raw = target.read_bytes()
    assert b"CANARY" not in raw


def test_csv_opens_in_indonesian_excel(data, tmp_path):
    store, snaps = data
    target = tmp_path / "a.csv"
    with store.read_conn() as conn:
        exports.export_reports(conn, [snaps[2]["id"]], target, "csv")
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel then reads UTF-8
    assert raw.splitlines()[0].decode("utf-8-sig").startswith("ID Pelacakan;Judul;")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_cancelled_export_leaves_nothing(data, tmp_path, fmt):
    store, snaps = data
    cancel = threading.Event()
    seen = []

    def progress(done, total):
        seen.append(done)
        cancel.set()

    target = tmp_path / f"x.{fmt}"
    with store.read_conn() as conn, pytest.raises(ExportCancelled):
        exports.export_reports(
            conn, [s["id"] for s in snaps], target, fmt, progress=progress, cancel=cancel
        )
    assert seen == [exports.BATCH]
    assert list(tmp_path.iterdir()) == []


def test_an_export_from_the_coordinator_desk_is_queued_for_the_audit_log(tmp_path):
    """Issue 15: every export made on a desk reaches the server's audit log as an
    `export_recorded` op with the next sync (kind and row count, never the data)."""
    import json

    from lapor_desk.models.account import Account
    from lapor_desk.services.coordinator import CoordinatorService

    snaps = make_snapshots(30, TODAY, seed=7)
    store = Store.open(tmp_path / "koor.sqlite3")
    try:
        load(store, snaps)
        account = Account("https://lapor.example", "koor", "koordinator", None, "Koordinator")
        service = CoordinatorService(store, account, today=lambda: TODAY)
        ids = [s["id"] for s in snaps[:12]]
        assert service.export(ids, str(tmp_path / "a.xlsx"), "xlsx", title="Bulan ini") == 12
        with store.read_conn() as conn:
            rows = conn.exec_driver_sql("SELECT kind, report_id, state, payload FROM outbox").all()
        assert [(r.kind, r.report_id, r.state) for r in rows] == [
            ("export_recorded", "export:reports_xlsx", "pending")
        ]
        payload = json.loads(rows[0].payload)
        assert payload == {"export": "reports_xlsx", "rows": 12, "filters": "Bulan ini"}
        assert snaps[0]["title"] not in rows[0].payload
    finally:
        store.close()
