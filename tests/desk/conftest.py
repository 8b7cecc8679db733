"""Fixtures for the desk's tests: a store filled with feed snapshots, an op runner per Qt test,
and a desk context (services over that store, as the app builds them) for the window tests.

pytest-qt's single `qapp` is the one application every Qt test shares; tests/conftest.py makes it
offscreen and fails a test that leaves windows open.
"""

from __future__ import annotations

import pytest


@pytest.fixture
def runner(qapp):
    """A fresh op runner installed as the shared one; drained and shut down after the test."""
    from PySide6.QtWidgets import QApplication

    from lapor_desk.views.ops import OpRunner

    r = OpRunner()
    OpRunner.set_shared(r)
    yield r
    r.shutdown(wait=True)
    # Deliver what the workers queued before shutdown so nothing fires into the next test.
    QApplication.processEvents()
    OpRunner.set_shared(None)
    r.deleteLater()


# -- a local store filled with report snapshots (as the feed delivers them) ---------------------

DISTRICTS = ("mimika_baru", "kuala_kencana", "wania", "tembagapura", "mimika_timur")
CATEGORIES = ("pekerjaan_umum", "kesehatan", "pendidikan", "lingkungan_hidup")
TITLES = (
    "Jalan rusak di depan pasar",
    "Puskesmas kehabisan obat",
    "Sekolah kekurangan guru",
    "Sampah menumpuk di pinggir jalan",
    "Lampu jalan mati sejak sebulan",
)


def make_snapshot(n: int, **overrides):
    """A report snapshot as `GET /api/v1/feed` delivers it to an officer of `dinas_pupr`."""
    from datetime import UTC, date, datetime, timedelta

    submitted = datetime(2026, 3, 2, 1, 0, tzinfo=UTC) + timedelta(hours=7 * n)
    status = overrides.pop("status", ("dispatched", "in_progress", "postponed", "completed")[n % 4])
    respond_by = (date(2026, 3, 9) + timedelta(days=n % 20)).isoformat()
    snapshot = {
        "id": f"r{n:06d}",
        "tracking_id": f"MMK-2603-{n:05d}",
        "title": f"{TITLES[n % len(TITLES)]} nomor {n}",
        "body": f"Laporan warga nomor {n}. Mohon segera ditindaklanjuti oleh dinas terkait.",
        "classification": "pengaduan",
        "category_code": CATEGORIES[n % len(CATEGORIES)],
        "district_code": DISTRICTS[n % len(DISTRICTS)],
        "village": "Kwamki",
        "address": f"Jl. Budi Utomo No. {n}",
        "lat": -4.55,
        "lon": 136.88,
        "incident_date": "2026-03-01",
        "submitted_at": submitted.isoformat(),
        "channel": "web",
        "status": status,
        "agency_code": "dinas_pupr",
        "version": 3,
        "is_anonymous": n % 7 == 0,
        "is_secret": n % 11 == 0,
        "reporter": None if n % 7 == 0 else {"name": f"Yohanes Warga {n}"},
        "deadlines": {
            "verify_by": None,
            "dispatch_by": None,
            "respond_by": respond_by,
            "closes_at": None,
        },
        "events": [
            {
                "id": f"e{n}-1",
                "kind": "submitted",
                "actor": "pelapor",
                "agency_code": None,
                "text": None,
                "visibility": "public",
                "created_at": submitted.isoformat(),
                "attachments": [],
            },
            {
                "id": f"e{n}-2",
                "kind": "dispatch",
                "actor": "koordinator1",
                "agency_code": "dinas_pupr",
                "text": "Mohon ditindaklanjuti.",
                "visibility": "internal",
                "created_at": (submitted + timedelta(hours=2)).isoformat(),
                "attachments": [],
            },
        ],
        "attachments": [],
    }
    if status == "postponed":
        snapshot["postponed_from"] = "in_progress"
    snapshot.update(overrides)
    return snapshot


@pytest.fixture
def store(tmp_path):
    from lapor_desk.models.store import Store

    s = Store.open(tmp_path / "profile" / "queue.sqlite3")
    yield s
    s.close()


def fill(store, snapshots):
    from lapor_desk.models import bulk

    with store.write_conn() as conn:
        bulk.upsert_reports(conn, snapshots)


@pytest.fixture
def snapshot():
    """`snapshot(n, **fields)` builds a feed snapshot (see `make_snapshot`)."""
    return make_snapshot


@pytest.fixture
def filled_store(store):
    """`filled_store(snapshots)` applies snapshots to the test store and returns the store."""

    def apply(snapshots):
        fill(store, snapshots)
        return store

    return apply


OFFICER = {
    "server_url": "https://lapor.mimikakab.go.id",
    "username": "rina.pupr",
    "role": "petugas",
    "agency_code": "dinas_pupr",
    "display_name": "Rina Wanimbo",
}


@pytest.fixture
def desk_context(filled_store, snapshot, tmp_path):
    """`desk_context(snapshots=None, make_sync=None)`: a DeskContext over a filled store."""
    from datetime import date

    from lapor_desk.models.account import Account
    from lapor_desk.services.actions import DeskActions
    from lapor_desk.services.queue import QueueService
    from lapor_desk.services.reports import ReportService
    from lapor_desk.services.templates import TemplateStore
    from lapor_desk.views.context import DeskContext

    def build(snapshots=None, **kwargs):
        store = filled_store(
            snapshots if snapshots is not None else [snapshot(n) for n in range(1, 41)]
        )
        account = Account(**OFFICER)
        today = lambda: date(2026, 3, 16)  # noqa: E731
        return DeskContext(
            account=account,
            queue=QueueService(store, today=today),
            reports=ReportService(store, account, today=today),
            actions=DeskActions(store, account),
            templates=TemplateStore(tmp_path / "templates"),
            opd_name="Dinas Pekerjaan Umum dan Penataan Ruang",
            **kwargs,
        )

    return build
