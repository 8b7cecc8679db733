"""Store revision 0008: the full-text index keeps no copy of the text (FTS5 contentless with
row-id deletes) where SQLite can do it, and searches, deletes and re-indexing behave as before."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from lapor_desk.models import search
from lapor_desk.models.store import Store
from tests.desk.test_migrations import make_0001_database

KEY = bytes(range(7, 39))


def _tables(store: Store) -> set[str]:
    with store.read_conn() as conn:
        return set(
            conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'").scalars()
        )


def _hits(store: Store, words: str) -> list[str]:
    with store.read() as r:
        return search.search_ids(r, words, limit=1000)


def test_an_encrypted_store_upgraded_to_0008_keeps_no_copy_and_finds_the_same(tmp_path: Path):
    path = tmp_path / "queue.sqlite3"
    make_0001_database(path, revision="0007", key=KEY)
    with Store.open(path, key=KEY) as store:
        assert "report_fts_content" not in _tables(store)
        with store.read_conn() as conn:
            assert search.contentless(conn)
            # the settings survived the rebuild: ranking weights and no automerge
            config = dict(conn.exec_driver_sql("SELECT k, v FROM report_fts_config").all())
        assert config["rank"] == "bm25(10.0, 1.0, 2.0)" and config["automerge"] == 0
        assert len(_hits(store, "Kadun")) == 50
        assert len(_hits(store, "dijadwalkan")) == 50  # the answers are indexed too

        with store.write_conn() as conn:
            gone = conn.exec_driver_sql("SELECT id FROM reports ORDER BY rid LIMIT 1").scalar()
            conn.exec_driver_sql("DELETE FROM reports WHERE id = ?", (gone,))  # the trigger
            changed = conn.exec_driver_sql("SELECT id FROM reports ORDER BY rid DESC LIMIT 1")
            changed = changed.scalar()
            conn.exec_driver_sql(
                "UPDATE reports SET title = 'Jembatan Mauwaboru roboh' WHERE id = ?", (changed,)
            )
            search.reindex_reports(conn, [changed])
        assert gone not in _hits(store, "Kadun") and len(_hits(store, "Kadun")) == 48
        assert _hits(store, "mauwaboru roboh") == [changed]
        with store.write_conn() as conn:
            conn.exec_driver_sql("INSERT INTO report_fts(report_fts) VALUES ('integrity-check')")
            search.rebuild_index(conn)
        assert len(_hits(store, "Kadun")) == 48 and _hits(store, "mauwaboru") == [changed]
        assert store.integrity_check() == "ok"


def test_clearing_the_index_empties_it_either_way(tmp_path: Path):
    with Store.open(tmp_path / "enc.sqlite3", key=KEY) as enc:
        make = enc  # the contentless shape
        with make.write_conn() as conn:
            conn.exec_driver_sql(
                "INSERT INTO report_fts(rowid, title, body, responses) VALUES (1, 'a', 'b', 'c')"
            )
            search.clear_index(conn)
            assert conn.exec_driver_sql("SELECT count(*) FROM report_fts").scalar() == 0


@pytest.mark.skipif(
    sqlite3.sqlite_version_info >= (3, 43, 0), reason="this SQLite has contentless deletes"
)
def test_a_plain_store_on_an_older_sqlite_keeps_its_copy_and_works(tmp_path: Path):
    path = tmp_path / "queue.sqlite3"
    make_0001_database(path, revision="0007")
    with Store.open(path) as store:
        assert "report_fts_content" in _tables(store)
        with store.read_conn() as conn:
            assert not search.contentless(conn)
        assert len(_hits(store, "Kadun")) == 50
        with store.write_conn() as conn:
            search.clear_index(conn)
        assert _hits(store, "Kadun") == []
