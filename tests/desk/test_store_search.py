"""Full-text search: safe quoting of hostile input, prefix search, Indonesian text, consistency."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from lapor_desk.models import bulk, search
from lapor_desk.models.schema import Report
from lapor_desk.models.store import Store

HOSTILE = [
    '"',
    '""',
    "'",
    "AND",
    "OR",
    "NOT",
    "jalan AND",
    "OR rusak",
    "NEAR(",
    "NEAR(jalan rusak, 2)",
    "col:",
    "title:jalan",
    "report_fts:x",
    "*",
    "jalan*",
    "^",
    "^jalan",
    "-",
    "-jalan",
    "+",
    "(",
    ")",
    "((jalan",
    "jalan)",
    "{title body}: jalan",
    "\\",
    "\x00",
    "🙂",
    "jalan 🙂 rusak",
    "a" * 10_000,
    ("jalan " * 2000),
    "' OR 1=1 --",
    "%_",
]


def snap(rid: str, title: str, body: str, responses: tuple[str, ...] = (), version: int = 1):
    events = [
        {
            "id": f"{rid}-e{i}",
            "kind": "respond",
            "actor": "Petugas PUPR",
            "agency_code": "pupr",
            "text": text,
            "visibility": "public",
            "created_at": f"2026-03-0{i + 2}T09:00:00+09:00",
            "attachments": [],
        }
        for i, text in enumerate(responses)
    ]
    events.append(
        {
            "id": f"{rid}-internal",
            "kind": "note",
            "actor": "Koordinator",
            "agency_code": None,
            "text": "catatan rahasia internal",
            "visibility": "internal",
            "created_at": "2026-03-09T09:00:00+09:00",
            "attachments": [],
        }
    )
    return {
        "id": rid,
        "tracking_id": f"LPR-2026-{rid}",
        "title": title,
        "body": body,
        "classification": "pengaduan",
        "category_code": "infrastruktur",
        "district_code": "mimika-baru",
        "submitted_at": "2026-03-01T08:00:00+09:00",
        "status": "dispatched",
        "agency_code": "pupr",
        "version": version,
        "is_anonymous": False,
        "is_secret": False,
        "reporter": {"name": "Yohanes"},
        "deadlines": {"respond_by": "2026-03-10"},
        "events": events,
        "attachments": [],
    }


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    s = Store.open(tmp_path_factory.mktemp("search") / "queue.sqlite3")
    with s.write_conn() as conn:
        bulk.upsert_reports(
            conn,
            [
                snap("r1", "Jalan berlubang di Kwamki Narama", "Mohon segera diperbaiki."),
                snap(
                    "r2",
                    "Air bersih tidak mengalir",
                    "Sudah dua minggu warga kampung Nawaripi kesulitan air.",
                    ("Tim PDAM sedang memperbaiki pipa di Jalan Budi Utomo.",),
                ),
                snap("r3", "Pelayanan puskesmas lambat", "Antrean di puskesmas sangat panjang."),
                snap("r4", "Sekolah rusak", "Atap sekolah SD Inpres bocor; siswa belajar di luar."),
                snap("r5", 'Kafé tutup "sementara"', "Izin usaha: col:value AND OR NEAR"),
            ],
        )
    yield s
    s.close()


def ids(store: Store, text: str, limit: int = 50) -> set[str]:
    with store.read() as r:
        return set(search.search_ids(r, text, limit))


def test_fts_query_quotes_every_token_and_prefixes_the_last():
    assert search.fts_query("jalan rusak") == '"jalan" AND "rusak"*'
    assert search.fts_query('NEAR( "x" col:y -z') == '"NEAR" AND "x" AND "col" AND "y" AND "z"*'
    assert search.fts_query("AND") == '"AND"*'
    assert search.fts_query("snake_case") == '"snake" AND "case"*'


@pytest.mark.parametrize("text", ["", "   ", '"', "*", "^-()", "🙂", "\x00", None])
def test_fts_query_is_none_without_words(text):
    assert search.fts_query(text) is None


def test_fts_query_bounds_long_input():
    query = search.fts_query("kata " * 5000 + "x" * 5000)
    assert query is not None
    assert query.count(" AND ") == search.MAX_TOKENS - 1
    assert max(len(t) for t in query.split(" AND ")) <= search.MAX_TOKEN_CHARS + 3


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_never_raises(store: Store, text: str):
    with store.read() as r:
        result = search.search_ids(r, text)
        clause = search.match_clause(text)
        if clause is not None:
            r.execute(select(Report.id).where(clause, Report.status == "dispatched")).all()
    assert isinstance(result, list)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_a_valid_match_expression(text: str):
    # A throwaway in-memory FTS table with the same tokenizer: SQLite must accept every query.
    import sqlite3

    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE f USING fts5(title, body, responses, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )
    conn.execute("INSERT INTO f VALUES ('jalan rusak', 'air', 'pipa')")
    query = search.fts_query(text)
    if query is not None:
        conn.execute("SELECT rowid FROM f WHERE f MATCH ?", (query,)).fetchall()
    conn.close()


def test_plain_words_find_reports(store: Store):
    assert ids(store, "berlubang") == {"r1"}
    assert ids(store, "puskesmas lambat") == {"r3"}
    assert ids(store, "air kampung") == {"r2"}


def test_words_are_anded(store: Store):
    assert ids(store, "sekolah puskesmas") == set()


def test_prefix_search_as_you_type(store: Store):
    assert ids(store, "pusk") == {"r3"}
    assert ids(store, "sekolah bo") == {"r4"}  # "bocor"
    assert ids(store, "Kwam") == {"r1"}


def test_case_and_diacritics_are_folded(store: Store):
    assert ids(store, "KWAMKI") == {"r1"}
    assert ids(store, "kafe") == {"r5"}
    assert ids(store, "KAFÉ") == {"r5"}


def test_public_responses_are_searchable_internal_notes_are_not(store: Store):
    assert ids(store, "PDAM pipa") == {"r2"}
    assert ids(store, "rahasia") == set()


def test_operator_words_in_text_are_found_as_words(store: Store):
    assert ids(store, "col:value") == {"r5"}
    assert ids(store, "NEAR") == {"r5"}
    assert ids(store, '"sementara"') == {"r5"}


def test_tracking_id_finds_the_report_first(store: Store):
    with store.read() as r:
        assert search.search_ids(r, " LPR-2026-r3 ")[0] == "r3"


def test_match_clause_composes_with_other_filters(store: Store):
    with store.read() as r:
        clause = search.match_clause("air")
        rows = r.execute(select(Report.id).where(clause, Report.agency_code == "pupr")).all()
        assert {row[0] for row in rows} == {"r2"}
        assert search.match_clause("") is None
        # The MATCH is a list subquery evaluated once, never once per candidate row.
        stmt = select(Report.id).where(clause, Report.status == "dispatched")
        compiled = stmt.compile(r.get_bind())
        plan = r.connection().exec_driver_sql(
            "EXPLAIN QUERY PLAN " + str(compiled),
            tuple(compiled.params[k] for k in compiled.positiontup),
        )
        steps = [row[3] for row in plan]
    assert any(s.startswith("LIST SUBQUERY") for s in steps), steps
    assert any(s.startswith("SCAN report_fts VIRTUAL TABLE") for s in steps), steps
    assert not any("CORRELATED" in s for s in steps), steps


def test_fts_runs_first_in_the_ranked_query(store: Store):
    with store.read() as r:
        plan = r.connection().exec_driver_sql(
            "EXPLAIN QUERY PLAN " + str(search._RANKED.text),
            {"query": '"air"*', "limit": 10},
        )
        steps = [row[3] for row in plan]
    assert steps[0].startswith("SCAN report_fts VIRTUAL TABLE")
    assert steps[1] == "SEARCH r USING INTEGER PRIMARY KEY (rowid=?)"


def test_index_follows_bulk_updates_and_deletes(tmp_path: Path):
    with Store.open(tmp_path / "queue.sqlite3") as s:
        with s.write_conn() as conn:
            bulk.upsert_reports(conn, [snap("a", "Banjir di Timika Jaya", "Drainase tersumbat.")])
        assert ids(s, "banjir") == {"a"}
        with s.write_conn() as conn:
            bulk.upsert_reports(
                conn,
                [snap("a", "Sampah menumpuk", "Pasar lama.", ("Sudah diangkut DLH",), version=2)],
            )
        assert ids(s, "banjir") == set()
        assert ids(s, "sampah") == {"a"}
        assert ids(s, "diangkut") == {"a"}
        with s.write_conn() as conn:
            bulk.delete_reports(conn, ["a"])
        assert ids(s, "sampah") == set()
        with s.read_conn() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM report_fts").scalar() == 0
        assert s.integrity_check() == "ok"


def test_rebuild_index_matches_incremental_index(store: Store):
    before = {w: ids(store, w) for w in ("air", "sekolah", "pipa", "kafe")}
    with store.write_conn() as conn:
        search.rebuild_index(conn)
        conn.exec_driver_sql("INSERT INTO report_fts(report_fts) VALUES ('integrity-check')")
    assert {w: ids(store, w) for w in before} == before


def test_common_words_switch_from_rank_to_recent(store: Store, monkeypatch: pytest.MonkeyPatch):
    with store.read() as r:
        ranked = search.search_ids(r, "air", order="rank")
        recent = search.search_ids(r, "air", order="recent")
        monkeypatch.setattr(search, "RANK_MAX_MATCHES", 0)
        auto = search.search_ids(r, "air")
    assert set(ranked) == set(recent) == set(auto) == {"r2"}
    with store.read() as r:
        everything = search.search_ids(r, "catatan Yohanes OR", order="recent")
        assert everything == []  # internal notes and reporter names are not indexed
        newest_first = search.search_ids(r, "di", order="recent")
    assert newest_first == sorted(newest_first, reverse=True)


def _fill_in_transactions(s: Store, count: int, *, index: bool) -> None:
    # One write transaction per report: each leaves its own FTS5 segment (automerge permitting).
    for i in range(count):
        with s.write_conn() as conn:
            bulk.upsert_reports(
                conn,
                [
                    snap(f"s{i}", f"Jalan rusak {i}", "Lubang besar."),
                ],
                index=index,
            )


def test_draining_the_deferred_index_optimizes_it(tmp_path: Path):
    with Store.open(tmp_path / "queue.sqlite3") as s:
        with s.write_conn() as conn:
            bulk.upsert_reports(
                conn, [snap(f"d{i}", f"Lampu padam {i}", "Gelap.") for i in range(12)], index=False
            )
        for _ in range(3):
            with s.write_conn() as conn:
                assert search.reindex_pending(conn, limit=3) == 3
        with s.read_conn() as conn:
            assert search.segment_count(conn) == 3  # one per batch so far
        with s.write_conn() as conn:
            assert search.reindex_pending(conn, limit=3) == 3  # the last batch
        with s.read_conn() as conn:
            assert search.pending_count(conn) == 0
            assert search.segment_count(conn) == 1
        assert len(ids(s, "lampu")) == 12
        assert s.integrity_check() == "ok"


def test_merge_step_merges_only_when_a_level_is_full(tmp_path: Path):
    with Store.open(tmp_path / "queue.sqlite3") as s:
        with s.write_conn() as conn:
            # Keep FTS5 from merging inside the commits, as if the merges were still owed.
            conn.exec_driver_sql("INSERT INTO report_fts(report_fts, rank) VALUES ('automerge', 0)")
        _fill_in_transactions(s, 6, index=True)
        with s.read_conn() as conn:
            assert search.segment_count(conn) == 6
        with s.write_conn() as conn:
            assert search.merge_step(conn) == 5
            assert search.merge_step(conn) == 0  # one segment left: nothing to do
        assert len(ids(s, "rusak")) == 6
