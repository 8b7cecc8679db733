"""Schema migrations of the desk store: fresh, upgrades with data (0001, 0002 to head), kill -9
mid-upgrade."""

from __future__ import annotations

import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from lapor_desk.errors import StoreTooNewError
from lapor_desk.models import bulk, migrate, search
from lapor_desk.models.revision import HEAD_REVISION
from lapor_desk.models.schema import Base, SavedView
from lapor_desk.models.store import Store, make_engine

REPORTS_AT_0001 = 3000

RUNNER = """
import sys, time
from pathlib import Path
from sqlalchemy import Engine, event
from lapor_desk.models.store import Store

path, mode = Path(sys.argv[1]), sys.argv[2]
if mode == "pause":
    # Stop inside revision 0002's transaction: its DDL ran, the version row is updated, no COMMIT.
    @event.listens_for(Engine, "after_cursor_execute")
    def _pause(conn, cursor, statement, *args):
        if statement.startswith("UPDATE alembic_version"):
            print("inside", flush=True)
            time.sleep(600)
print("ready", flush=True)
started = time.perf_counter()
Store.open(path).close()
print("done", time.perf_counter() - started, flush=True)
"""


def _snap(i: int) -> dict:
    return {
        "id": f"r{i}",
        "tracking_id": f"LPR-{i}",
        "title": f"Laporan {i}: lampu jalan padam di Kampung Kadun Jaya",
        "body": "Sudah seminggu lampu jalan padam dan warga takut keluar malam. " * 3,
        "submitted_at": f"2026-01-{1 + i % 28:02d}T08:00:00+09:00",
        "status": "dispatched",
        "agency_code": "pln",
        "version": 1,
        "reporter": None,
        "is_anonymous": True,
        "deadlines": {"respond_by": "2026-02-01"},
        "events": [
            {
                "id": f"r{i}-e1",
                "kind": "respond",
                "text": "Petugas sudah dijadwalkan.",
                "visibility": "public",
                "created_at": f"2026-01-{1 + i % 28:02d}T12:00:00+09:00",
            }
        ],
        "attachments": [],
    }


#: columns bulk writes that came with a later revision (appended, so rows are cut at the end)
#: columns bulk writes that came with a later revision (left out, by name, for older stores)
_LATER_EVENT_COLUMNS = {"0005": ("op_id",), "0006": ("data", "written_at")}
_LATER_REPORT_COLUMNS = {
    "0006": ("archive_reason", "duplicate_of", "original_title"),
    "0007": ("public_body", "public_address"),
}


def _later(columns: dict[str, tuple[str, ...]], revision: str) -> set[str]:
    return {c for rev, cols in columns.items() if rev > revision for c in cols}


@contextmanager
def _bulk_as_of(revision: str) -> Iterator[None]:
    """`bulk` writing only the columns a store at `revision` has (op_id came in 0005; event data,
    written_at and the report's archive facts in 0006)."""
    drop_e = _later(_LATER_EVENT_COLUMNS, revision)
    drop_r = _later(_LATER_REPORT_COLUMNS, revision)
    if not drop_e and not drop_r:
        yield
        return
    keep_e = [i for i, c in enumerate(bulk.EVENT_COLUMNS) if c not in drop_e]
    keep_r = [i for i, c in enumerate(bulk.REPORT_COLUMNS) if c not in drop_r]
    e_cols = [bulk.EVENT_COLUMNS[i] for i in keep_e]
    r_cols = [bulk.REPORT_COLUMNS[i] for i in keep_r]
    saved = (bulk._UPSERT_EVENT, bulk._event_rows, bulk._UPSERT_REPORT, bulk._report_row)
    events, report = bulk._event_rows, bulk._report_row
    bulk._UPSERT_EVENT = bulk._upsert_sql("events", e_cols, ("id",))
    bulk._event_rows = lambda snapshot: [tuple(row[i] for i in keep_e) for row in events(snapshot)]
    bulk._UPSERT_REPORT = bulk._upsert_sql(
        "reports", r_cols, ("id",), " WHERE excluded.version > reports.version"
    )
    bulk._report_row = lambda snapshot: tuple(report(snapshot)[i] for i in keep_r)
    try:
        yield
    finally:
        bulk._UPSERT_EVENT, bulk._event_rows, bulk._UPSERT_REPORT, bulk._report_row = saved


def make_0001_database(
    path: Path, reports: int = 50, revision: str = "0001", key: bytes | None = None
) -> None:
    """A store as `revision` left it, with reports, an outbox row and a draft (encrypted with
    `key` when given)."""
    engine = make_engine(path, key)
    writer = engine.execution_options(lapor_begin="IMMEDIATE")
    try:
        with writer.connect() as conn:
            migrate.upgrade(conn, revision)
        with writer.begin() as conn, _bulk_as_of(revision):
            assert migrate.current_revision(conn) == revision
            bulk.upsert_reports(conn, [_snap(i) for i in range(reports)])
            conn.exec_driver_sql(
                "INSERT INTO outbox(op_id, report_id, kind, payload, created_at) "
                "VALUES (?, 'r1', 'respond', '{\"text\": \"jawaban belum terkirim\"}', 't')",
                (str(uuid.uuid4()),),
            )
            conn.exec_driver_sql(
                "INSERT INTO drafts(report_id, mode, text, updated_at) "
                "VALUES ('r2', 'public', 'draf', 't')"
            )
    finally:
        engine.dispose()


def revision_of(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        conn.close()


def test_fresh_database_is_at_head(tmp_path: Path):
    with Store.open(tmp_path / "queue.sqlite3") as store, store.read_conn() as conn:
        assert migrate.current_revision(conn) == migrate.head_revision() == "0008"
        names = set(
            conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'").scalars()
        )
    assert {t.name for t in Base.metadata.sorted_tables} <= names
    assert "report_fts" in names


def test_the_head_constant_is_alembics_head():
    # store.py skips Alembic when the file is at HEAD_REVISION; a stale constant would skip a
    # migration (or run Alembic on every start).
    assert migrate.head_revision() == HEAD_REVISION


OPEN_AND_LIST_MODULES = """
import sys
from pathlib import Path
from lapor_desk.models.store import Store
Store.open(Path(sys.argv[1])).close()
print(" ".join(sorted(m for m in sys.modules if m.split(".")[0] in ("alembic", "mako"))))
"""


def test_opening_a_store_at_head_does_not_import_alembic(tmp_path: Path):
    path = tmp_path / "queue.sqlite3"
    fresh = subprocess.run(
        [sys.executable, "-c", OPEN_AND_LIST_MODULES, str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert "alembic" in fresh.stdout.split()  # a new file is migrated by Alembic
    assert revision_of(path) == HEAD_REVISION
    again = subprocess.run(
        [sys.executable, "-c", OPEN_AND_LIST_MODULES, str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert again.stdout.strip() == ""


def test_models_match_the_migrated_schema(tmp_path: Path):
    def include(obj, name, type_, reflected, compare_to):
        return not (type_ == "table" and name and name.startswith(("report_fts", "alembic")))

    with Store.open(tmp_path / "queue.sqlite3") as store, store.engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "include_object": include,
                "compare_type": True,
                "compare_server_default": True,
            },
        )
        assert compare_metadata(context, Base.metadata) == []


def test_upgrade_from_0001_keeps_the_data(tmp_path: Path):
    path = tmp_path / "queue.sqlite3"
    make_0001_database(path)
    assert revision_of(path) == "0001"
    with Store.open(path) as store:
        assert revision_of(path) == HEAD_REVISION
        with store.read() as r:
            conn = r.connection()
            assert conn.exec_driver_sql("SELECT count(*) FROM reports").scalar() == 50
            assert conn.exec_driver_sql("SELECT count(*) FROM events").scalar() == 50
            assert "belum terkirim" in conn.exec_driver_sql("SELECT payload FROM outbox").scalar()
            assert conn.exec_driver_sql("SELECT text FROM drafts").scalar() == "draf"
            assert len(search.search_ids(r, "Kadun", limit=100)) == 50
        with store.write() as w:
            w.add(SavedView(name="Terlambat", filter={"overdue": True}))
        assert store.integrity_check() == "ok"


QUEUE_KEYS = {
    "all": ("SELECT id FROM reports ORDER BY submitted_at DESC, rid DESC", ()),
    "status": (
        "SELECT id FROM reports WHERE status = ? ORDER BY submitted_at DESC, rid DESC",
        ("dispatched",),
    ),
    "district": (
        "SELECT id FROM reports WHERE district_code = ? ORDER BY submitted_at, rid",
        ("wania",),
    ),
    "category": (
        "SELECT id FROM reports WHERE category_code = ? ORDER BY submitted_at DESC, rid DESC",
        ("jalan",),
    ),
}


def _indexes(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}


def test_upgrade_from_0002_adds_covering_indexes_and_keeps_the_data(tmp_path: Path):
    path = tmp_path / "queue.sqlite3"
    make_0001_database(path, revision="0002")
    raw = sqlite3.connect(path)
    raw.execute("UPDATE reports SET district_code = 'wania', category_code = 'jalan'")
    raw.commit()
    keys_before = {k: raw.execute(sql, p).fetchall() for k, (sql, p) in QUEUE_KEYS.items()}
    assert "ix_reports_submitted_at" in _indexes(raw)
    raw.close()

    Store.open(path).close()

    raw = sqlite3.connect(path)
    try:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD_REVISION,)
        names = _indexes(raw)
        assert {
            "ix_reports_submitted_at_rid_id",
            "ix_reports_status_submitted_at_rid_id",
            "ix_reports_district_code_submitted_at_rid_id",
            "ix_reports_category_code_submitted_at_rid_id",
            "ix_events_kind_report_id_position_created_at_written_at",
        } <= names
        assert not names & {
            "ix_reports_submitted_at",
            "ix_reports_district_code",
            "ix_reports_category_code",
        }
        for key, (sql, params) in QUEUE_KEYS.items():
            assert raw.execute(sql, params).fetchall() == keys_before[key], key
            plan = " ".join(r[3] for r in raw.execute("EXPLAIN QUERY PLAN " + sql, params))
            # Index-only and already in display order: no table lookups, no sort.
            assert "COVERING INDEX" in plan and "TEMP B-TREE" not in plan, (key, plan)
        timeline = (
            "SELECT report_id, kind, position, created_at FROM events "
            "WHERE kind IN ('dispatch', 'reassign', 'respond')"
        )
        plan = " ".join(r[3] for r in raw.execute("EXPLAIN QUERY PLAN " + timeline))
        assert "COVERING INDEX ix_events_kind_report_id_position_created_at_written_at" in plan
        assert len(raw.execute(timeline).fetchall()) == 50
        assert raw.execute("SELECT count(*) FROM outbox").fetchone() == (1,)
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        raw.close()


def test_a_newer_schema_is_refused(tmp_path: Path):
    path = tmp_path / "queue.sqlite3"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    with pytest.raises(StoreTooNewError, match="lebih baru"):
        Store.open(path)


@pytest.fixture(scope="module")
def base_0001(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("m0001") / "queue.sqlite3"
    make_0001_database(path, reports=REPORTS_AT_0001)
    return path


def _run(path: Path, mode: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", RUNNER, str(path), mode],
        stdout=subprocess.PIPE,
        text=True,
    )


def _kill(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    if proc.stdout:
        proc.stdout.close()


def _check_after_crash(path: Path) -> str:
    """The file is sound and at exactly one of the two revisions; returns which."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert conn.execute("SELECT count(*) FROM reports").fetchone() == (REPORTS_AT_0001,)
        automerge = conn.execute("SELECT v FROM report_fts_config WHERE k = 'automerge'").fetchall()
        event_columns = {r[1] for r in conn.execute("PRAGMA table_info(events)")}
        report_columns = {r[1] for r in conn.execute("PRAGMA table_info(reports)")}
    finally:
        conn.close()
    assert revision in ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008")
    # Nothing of a revision is visible unless that revision is recorded as applied.
    assert ("saved_views" in tables) == (revision >= "0002")
    assert ("ix_reports_last_event_at" in tables) == (revision >= "0002")
    assert ("ix_reports_submitted_at_rid_id" in tables) == (revision >= "0003")
    assert ("ix_reports_submitted_at" in tables) == (revision < "0003")
    assert (automerge == [(0,)]) == (revision >= "0004")
    assert ("op_id" in event_columns) == (revision >= "0005")
    assert ("data" in event_columns) == (revision >= "0006")
    assert ("calendar_days" in tables) == (revision >= "0006")
    assert ("public_body" in report_columns) == (revision >= "0007")
    return revision


def test_fresh_store_leaves_index_merging_to_idle_time(tmp_path: Path):
    """Revision 0004: FTS5 merges nothing inside a save (automerge 0); housekeeping merges."""
    with Store.open(tmp_path / "queue.sqlite3") as store, store.read_conn() as conn:
        value = conn.exec_driver_sql(
            "SELECT v FROM report_fts_config WHERE k = 'automerge'"
        ).scalar_one()
    assert value == 0


def _reopen_completes(path: Path) -> None:
    with Store.open(path) as store:
        assert store.integrity_check() == "ok"
    assert revision_of(path) == HEAD_REVISION


def test_kill_inside_the_migration_transaction(base_0001: Path, tmp_path: Path):
    path = tmp_path / "queue.sqlite3"
    shutil.copy(base_0001, path)
    proc = _run(path, "pause")
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        assert proc.stdout.readline().strip() == "inside"
    finally:
        _kill(proc)
    assert _check_after_crash(path) == "0001"
    _reopen_completes(path)


def test_kill_at_random_points_during_the_upgrade(base_0001: Path, tmp_path: Path):
    # How long an undisturbed upgrade takes in a child process, measured now.
    timing = tmp_path / "timing.sqlite3"
    shutil.copy(base_0001, timing)
    proc = _run(timing, "plain")
    out, _ = proc.communicate(timeout=120)
    elapsed = float(out.split()[-1])
    rng = random.Random()
    seen = []
    for attempt in range(5):
        path = tmp_path / f"queue-{attempt}.sqlite3"
        shutil.copy(base_0001, path)
        proc = _run(path, "plain")
        try:
            assert proc.stdout is not None
            assert proc.stdout.readline().strip() == "ready"
            delay = rng.uniform(0, elapsed * 1.2)
            time.sleep(delay)
        finally:
            _kill(proc)
        seen.append((round(delay, 4), _check_after_crash(path)))
        _reopen_completes(path)
    print("kill delays and revisions found:", seen, "undisturbed upgrade:", elapsed)


def test_upgrade_to_0006_reads_the_feed_once_more_for_the_facts_it_dropped(tmp_path: Path):
    """A store saved before 0006 lacks event details and archive facts: the next sync re-reads
    the feed from the beginning and replaces reports of the same version too (`refill`); the
    reference (with its calendar) is fetched again. Versions stay, so offline work keeps a true
    base version."""
    path = tmp_path / "queue.sqlite3"
    make_0001_database(path, revision="0005")
    raw = sqlite3.connect(path)
    raw.execute("INSERT INTO sync_state(key, value) VALUES ('cursor', 'c'), ('reference_at', 't')")
    raw.commit()
    raw.close()
    with Store.open(path) as store, store.read_conn() as conn:
        state = dict(conn.exec_driver_sql("SELECT key, value FROM sync_state").all())
        versions = conn.exec_driver_sql("SELECT DISTINCT version FROM reports").scalars().all()
    assert state.get("refill") == "1"
    assert "cursor" not in state and "reference_at" not in state
    assert versions == [1]


def test_a_fresh_store_needs_no_refill(tmp_path: Path):
    with Store.open(tmp_path / "queue.sqlite3") as store, store.read_conn() as conn:
        refill = conn.exec_driver_sql("SELECT value FROM sync_state WHERE key = 'refill'")
        assert refill.first() is None
