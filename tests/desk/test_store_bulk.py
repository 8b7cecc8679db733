"""Applying feed pages in bulk: versions, events, attachments, tombstones, deferred indexing."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from lapor_desk.models import bulk, search
from lapor_desk.models.dto import REPORT_ROW_FIELDS, ReportDetail, ReportRow
from lapor_desk.models.schema import Attachment, Draft, Event, OutboxEntry, Report
from lapor_desk.models.store import Store

SHA_A = "a" * 64
SHA_B = "b" * 64


def snapshot(rid: str = "r1", version: int = 1, **changes) -> dict:
    base = {
        "id": rid,
        "tracking_id": f"LPR-2026-{rid}",
        "title": "Jembatan gantung putus di Agimuga",
        "body": "Warga tidak bisa menyeberang ke kebun sejak banjir minggu lalu.",
        "classification": "pengaduan",
        "category_code": "infrastruktur",
        "district_code": "agimuga",
        "village": "Kiliarma",
        "address": "Dekat gereja",
        "lat": -4.55,
        "lon": 136.88,
        "incident_date": "2026-02-27",
        "submitted_at": "2026-03-01T08:00:00+09:00",
        "channel": "whatsapp",
        "status": "dispatched",
        "agency_code": "pupr",
        "version": version,
        "is_anonymous": False,
        "is_secret": True,
        "reporter": {"name": "Maria"},
        "deadlines": {
            "verify_by": "2026-03-04",
            "dispatch_by": "2026-03-09",
            "respond_by": "2026-03-16",
            "closes_at": None,
        },
        "events": [
            {
                "id": f"{rid}-e1",
                "kind": "dispatch",
                "actor": "Koordinator Diskominfo",
                "agency_code": None,
                "text": "Diteruskan ke Dinas PUPR",
                "visibility": "internal",
                "created_at": "2026-03-02T10:00:00+09:00",
                "attachments": [],
            },
            {
                "id": f"{rid}-e2",
                "kind": "respond",
                "actor": "Petugas PUPR",
                "agency_code": "pupr",
                "text": "Tim survei berangkat hari Kamis.",
                "visibility": "public",
                "created_at": "2026-03-03T11:00:00+09:00",
                "attachments": [SHA_B],
            },
        ],
        "attachments": [
            {"sha256": SHA_A, "filename": "jembatan.jpg", "media_type": "image/jpeg", "size": 1234},
            {
                "sha256": SHA_B,
                "filename": "survei.pdf",
                "media_type": "application/pdf",
                "size": 99,
            },
        ],
    }
    base.update(changes)
    return base


@pytest.fixture
def store(tmp_path: Path):
    s = Store.open(tmp_path / "queue.sqlite3")
    yield s
    s.close()


def apply(store: Store, *snaps, index: bool = True) -> list[str]:
    with store.write_conn() as conn:
        return bulk.upsert_reports(conn, list(snaps), index=index)


def detail(store: Store, rid: str = "r1") -> ReportDetail:
    with store.read() as r:
        return ReportDetail.from_orm(r.get(Report, rid))


def test_insert_keeps_every_snapshot_field(store: Store):
    assert apply(store, snapshot()) == ["r1"]
    d = detail(store)
    assert (d.tracking_id, d.village, d.lat, d.lon, d.channel) == (
        "LPR-2026-r1",
        "Kiliarma",
        -4.55,
        136.88,
        "whatsapp",
    )
    assert (d.verify_by, d.dispatch_by, d.respond_by, d.closes_at) == (
        "2026-03-04",
        "2026-03-09",
        "2026-03-16",
        None,
    )
    assert d.is_secret and not d.is_anonymous
    assert d.reporter_name == "Maria" and dict(d.reporter) == {"name": "Maria"}
    assert [e.id for e in d.events] == ["r1-e1", "r1-e2"]
    assert d.events[1].attachments == (SHA_B,)
    assert d.last_event_at == "2026-03-03T11:00:00+09:00"
    assert {a.sha256 for a in d.attachments} == {SHA_A, SHA_B}
    assert d.sync_state == "synced" and d.version == 1


def test_anonymous_report_stores_no_reporter(store: Store):
    apply(store, snapshot(is_anonymous=True, reporter=None))
    d = detail(store)
    assert d.reporter is None and d.reporter_name is None
    with store.read_conn() as conn:
        assert conn.exec_driver_sql("SELECT reporter_json FROM reports").scalar() is None


def test_same_or_older_version_is_skipped(store: Store):
    apply(store, snapshot(version=3))
    assert apply(store, snapshot(version=3, title="judul lain")) == []
    assert apply(store, snapshot(version=2, title="judul lama")) == []
    assert detail(store).title == "Jembatan gantung putus di Agimuga"


def test_duplicates_within_a_page_keep_the_newest(store: Store):
    assert apply(store, snapshot(version=2, title="baru"), snapshot(version=1, title="lama")) == [
        "r1"
    ]
    assert detail(store).title == "baru"


def test_newer_version_replaces_server_events_and_keeps_local_pending(store: Store):
    apply(store, snapshot())
    with store.write() as s:
        s.get(Report, "r1").sync_state = "pending"
        s.add(
            Event(
                id="local:op-1",
                report_id="r1",
                position=1_000_000,
                kind="respond",
                text="Jawaban yang belum terkirim",
                visibility="public",
                created_at="2026-03-04T08:00:00+09:00",
                pending=True,
            )
        )
    newer = snapshot(version=2, status="in_progress")
    newer["events"] = newer["events"][:1]
    assert apply(store, newer) == ["r1"]
    d = detail(store)
    assert d.status == "in_progress"
    assert [e.id for e in d.events] == ["r1-e1", "local:op-1"]
    assert d.sync_state == "pending"  # the engine's badge is not overwritten by a snapshot
    with store.read() as r:
        assert search.search_ids(r, "belum terkirim") == ["r1"]
        assert search.search_ids(r, "survei berangkat") == []


def test_attachment_rows_follow_the_snapshot_and_keep_cache_paths(store: Store):
    apply(store, snapshot())
    with store.write() as s:
        s.get(Attachment, ("r1", SHA_A)).cache_path = "/cache/aa"
        s.get(Attachment, ("r1", SHA_B)).cache_path = "/cache/bb"
    newer = snapshot(version=2)
    newer["attachments"] = newer["attachments"][:1]
    apply(store, newer)
    atts = detail(store).attachments
    assert [(a.sha256, a.cache_path) for a in atts] == [(SHA_A, "/cache/aa")]


def test_tombstones_remove_report_but_never_officer_work(store: Store):
    apply(store, snapshot("r1"), snapshot("r2"))
    with store.write() as s:
        s.add(
            OutboxEntry(
                op_id="0b9c7a1e-0000-4000-8000-000000000001",
                report_id="r1",
                kind="respond",
                payload={"text": "teks petugas"},
                created_at="2026-03-04T08:00:00+09:00",
            )
        )
        s.add(Draft(report_id="r1", mode="public", text="draf", updated_at="2026-03-04"))
    with store.write_conn() as conn:
        assert bulk.delete_reports(conn, ["r1", "r1", "missing"]) == 1
    with store.read() as r:
        assert r.scalars(select(Report.id)).all() == ["r2"]
        assert r.scalar(select(func.count()).select_from(Event).where(Event.report_id == "r1")) == 0
        assert r.scalar(select(func.count()).select_from(Attachment)) == 2  # r2's only
        assert r.scalar(select(func.count()).select_from(OutboxEntry)) == 1
        assert r.scalar(select(func.count()).select_from(Draft)) == 1
        assert search.search_ids(r, "Agimuga") == ["r2"]


def test_deferred_indexing_catches_up(store: Store):
    snaps = [snapshot(f"r{i}", title=f"Laporan {i} drainase") for i in range(25)]
    apply(store, *snaps, index=False)
    with store.read() as r:
        assert search.pending_count(r) == 25
        assert search.search_ids(r, "drainase") == []
    with store.write_conn() as conn:
        assert search.reindex_pending(conn, limit=10) == 10
    with store.write_conn() as conn:
        while search.reindex_pending(conn, limit=10):
            pass
        assert search.pending_count(conn) == 0
    with store.read() as r:
        assert len(search.search_ids(r, "drainase")) == 25
    # An update with deferred indexing drops the stale entry at once.
    apply(store, snapshot("r0", version=2, title="Pohon tumbang"), index=False)
    with store.read() as r:
        assert "r0" not in search.search_ids(r, "drainase")


def test_page_is_one_transaction_with_the_cursor(store: Store):
    with pytest.raises(KeyError), store.write_conn() as conn:
        bulk.upsert_reports(conn, [snapshot("ok")])
        conn.exec_driver_sql("INSERT INTO sync_state(key, value) VALUES ('cursor', 'c1')")
        bulk.upsert_reports(conn, [{"id": "broken", "version": 1}])
    with store.read_conn() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM reports").scalar() == 0
        assert conn.exec_driver_sql("SELECT count(*) FROM sync_state").scalar() == 0


def test_report_rows_for_the_queue(store: Store):
    apply(store, snapshot("r1"), snapshot("r2", status="in_progress"))
    table = Report.__table__
    with store.read() as r:
        rows = r.execute(
            select(*[table.c[n] for n in REPORT_ROW_FIELDS]).order_by(table.c.id)
        ).all()
    queue = [ReportRow.from_row(row) for row in rows]
    assert [q.status for q in queue] == ["dispatched", "in_progress"]
    assert queue[0].is_secret is True and queue[0].respond_by == "2026-03-16"


def test_reference_data_is_replaced(store: Store):
    with store.write_conn() as conn:
        bulk.replace_reference(
            conn,
            {
                "agencies": [{"code": "pupr", "name": "Dinas PUPR"}],
                "districts": [{"code": "agimuga", "name": "Agimuga", "villages": ["Kiliarma"]}],
                "categories": [{"code": "infrastruktur", "name": "Infrastruktur"}],
            },
        )
        bulk.replace_reference(conn, {"agencies": [{"code": "dinkes", "name": "Dinas Kesehatan"}]})
    with store.read_conn() as conn:
        q = conn.exec_driver_sql
        assert q("SELECT code FROM agencies").scalars().all() == ["dinkes"]
        assert json.loads(q("SELECT villages FROM districts").scalar()) == ["Kiliarma"]


def test_input_snapshots_are_not_modified(store: Store):
    snap = snapshot()
    before = copy.deepcopy(snap)
    apply(store, snap)
    assert snap == before
