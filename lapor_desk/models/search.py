"""Full-text search over reports (FTS5 table `report_fts`: title, body, responses).

User text never reaches MATCH raw: it is cut into word tokens, each token double-quoted (a
string, so `AND`, `NEAR(`, `col:`, `-x`, `^`, `*` lose their meaning), joined with AND, and the last
token gets a `*` for search-as-you-type. The FTS query runs first and the queue's other filters
are applied to its result (a plain join lets the planner run MATCH once per candidate row: 1.4 s
instead of 2 ms on 100k reports, research finding 2).

Keeping the index consistent: `report_fts` is keyed by `reports.rid`, so an entry is removed by
row id alone. Since store revision 0008 it keeps no copy of the text (FTS5 `content=''` with
`contentless_delete=1`, SQLite >= 3.43): the desk never reads text back from the index. A plain
store on an older SQLite keeps the copy; `contentless()` tells which a store has. Writers call
`reindex_reports` for the reports they touched: `bulk.py` does it once per page, the store's ORM
sessions do it after every flush, and a trigger drops the entry when a report row is deleted.
Per-row triggers on insert/update were not used: a feed page replaces every event of a report,
which would rebuild each entry several times.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Literal

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    column,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session

from lapor_desk.models.schema import Report

MAX_INPUT_CHARS = 1000
MAX_TOKENS = 16
MAX_TOKEN_CHARS = 100
#: Pages one idle-time merge step may write (4 KiB each): small enough for a short transaction.
MERGE_STEP_PAGES = 256

# Letters and digits (any script); underscores separate words as they do in the FTS tokenizer.
_TOKEN = re.compile(r"[^\W_]+")

report_fts = table("report_fts", column("rowid", Integer), column("rank"))

# `responses` = the text of every public timeline entry (pending local ones included, so an
# officer finds the answer they just wrote).
INSERT_ALL_ENTRIES = """
INSERT INTO report_fts(rowid, title, body, responses)
SELECT r.rid, r.title, r.body,
       (SELECT group_concat(e.text, char(10)) FROM events AS e
         WHERE e.report_id = r.id AND e.visibility = 'public' AND e.text IS NOT NULL)
  FROM reports AS r"""
_INSERT_ENTRIES = INSERT_ALL_ENTRIES + " WHERE r.rid IN (SELECT value FROM json_each(?))"
# CROSS JOIN keeps the FTS table as the outer loop: MATCH runs once, not once per report.
_RANKED = text(
    "SELECT r.id FROM report_fts CROSS JOIN reports AS r ON r.rid = report_fts.rowid"
    " WHERE report_fts MATCH :query ORDER BY report_fts.rank LIMIT :limit"
)
# Newest rows first; FTS5 walks its doclists in row id order and stops at the limit.
_RECENT = text(
    "SELECT r.id FROM report_fts CROSS JOIN reports AS r ON r.rid = report_fts.rowid"
    " WHERE report_fts MATCH :query ORDER BY report_fts.rowid DESC LIMIT :limit"
)
_COUNT_UP_TO = text(
    "SELECT count(*) FROM (SELECT 1 FROM report_fts WHERE report_fts MATCH :query LIMIT :cap)"
)
# Ranking computes bm25 for every match: fine for a few thousand, 0.4 s for 80k matches.
RANK_MAX_MATCHES = 2000


def fts_query(user_text: str | None) -> str | None:
    """A safe FTS5 MATCH expression for what the user typed, or None if nothing searchable."""
    if not user_text:
        return None
    normalised = unicodedata.normalize("NFKC", user_text[:MAX_INPUT_CHARS])
    tokens = [t[:MAX_TOKEN_CHARS] for t in _TOKEN.findall(normalised)[:MAX_TOKENS]]
    if not tokens:
        return None
    # Tokens hold no quote characters, but doubling keeps the quoting correct whatever the regex.
    quoted = ['"' + token.replace('"', '""') + '"' for token in tokens]
    quoted[-1] += "*"
    return " AND ".join(quoted)


def match_clause(user_text: str | None) -> ColumnElement[bool] | None:
    """`reports.rid IN (FTS matches)` for composing into a queue query; None if nothing to match.

    SQLite materialises the subquery once, so the MATCH runs first whatever index the planner
    picks for the other filters.
    """
    query = fts_query(user_text)
    if query is None:
        return None
    matches = select(report_fts.c.rowid).where(literal_column("report_fts").op("MATCH")(query))
    return Report.__table__.c.rid.in_(matches)


def search_ids(
    conn: Connection | Session,
    user_text: str | None,
    limit: int = 200,
    order: Literal["auto", "rank", "recent"] = "auto",
) -> list[str]:
    """Report ids for a search box: exact tracking-id hits first, then FTS hits.

    `order="auto"` ranks by relevance (bm25, title first) when at most `RANK_MAX_MATCHES` reports
    match, and otherwise lists the most recently stored matches first, so a very common word
    stays fast.
    """
    if not user_text or not user_text.strip():
        return []
    reports = Report.__table__
    found: list[str] = list(
        conn.execute(
            select(reports.c.id).where(reports.c.tracking_id == user_text.strip()).limit(limit)
        ).scalars()
    )
    query = fts_query(user_text)
    if query is None or len(found) >= limit:
        return found
    if order == "auto":
        matches = conn.execute(
            _COUNT_UP_TO, {"query": query, "cap": RANK_MAX_MATCHES + 1}
        ).scalar_one()
        order = "rank" if matches <= RANK_MAX_MATCHES else "recent"
    statement = _RANKED if order == "rank" else _RECENT
    rows = conn.execute(statement, {"query": query, "limit": limit}).scalars()
    seen = set(found)
    found.extend(rid for rid in rows if rid not in seen)
    return found[:limit]


def _raw(conn: Connection | Session) -> Connection:
    return conn.connection() if isinstance(conn, Session) else conn


def reindex_reports(conn: Connection | Session, ids: Iterable[str]) -> None:
    """Rebuild the FTS entries of reports `ids` (server ids) inside the caller's transaction."""
    id_list = list(ids)
    if not id_list:
        return
    connection = _raw(conn)
    rids = (
        connection.exec_driver_sql(
            "SELECT rid FROM reports WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(id_list),),
        )
        .scalars()
        .all()
    )
    reindex_rids(connection, rids, existing=True)


def reindex_rids(conn: Connection | Session, rids: Sequence[int], *, existing: bool) -> None:
    """Rebuild the FTS entries of `rids`; `existing=False` skips deleting entries of new rows."""
    if not rids:
        return
    connection = _raw(conn)
    params = [(rid,) for rid in rids]
    if existing:
        # One rowid lookup each: FTS5 does not turn `rowid IN (...)` into lookups.
        connection.exec_driver_sql("DELETE FROM report_fts WHERE rowid = ?", params)
        connection.exec_driver_sql("DELETE FROM fts_pending WHERE rid = ?", params)
    connection.exec_driver_sql(_INSERT_ENTRIES, (json.dumps(list(rids)),))


def mark_pending(conn: Connection | Session, rids: Sequence[int], *, existing: bool) -> None:
    """Defer indexing of `rids`: drop stale entries now, index later with `reindex_pending`."""
    if not rids:
        return
    connection = _raw(conn)
    params = [(rid,) for rid in rids]
    if existing:
        connection.exec_driver_sql("DELETE FROM report_fts WHERE rowid = ?", params)
    connection.exec_driver_sql("INSERT OR IGNORE INTO fts_pending(rid) VALUES (?)", params)


def reindex_pending(conn: Connection | Session, limit: int = 2000) -> int:
    """Index up to `limit` deferred reports; returns how many were done (0 = index complete).

    Run it in the writer in small batches after a large initial sync, so each transaction stays
    short; searches meanwhile miss the reports still waiting.
    """
    connection = _raw(conn)
    rids = (
        connection.exec_driver_sql("SELECT rid FROM fts_pending ORDER BY rid LIMIT ?", (limit,))
        .scalars()
        .all()
    )
    if rids:
        # Entries of pending rows were already dropped by mark_pending.
        connection.exec_driver_sql(_INSERT_ENTRIES, (json.dumps(list(rids)),))
        connection.exec_driver_sql(
            "DELETE FROM fts_pending WHERE rid = ?", [(rid,) for rid in rids]
        )
        if pending_count(connection) == 0:
            # The deferred indexing of an initial sync (or resync) is complete: merge its many
            # segments now, in the sync's writer, instead of letting FTS5's automerge do it in
            # the commit of an officer's next save (one save wrote 5.8 MB to the WAL).
            optimize_index(connection)
    return len(rids)


def optimize_index(conn: Connection | Session) -> None:
    """Merge the whole full-text index into one segment (about a second per 100k reports)."""
    _raw(conn).exec_driver_sql("INSERT INTO report_fts(report_fts) VALUES ('optimize')")


def merge_step(conn: Connection | Session, pages: int = MERGE_STEP_PAGES) -> int:
    """One bounded FTS5 merge step: write up to about `pages` pages, only where a level has
    enough segments to need merging (the work automerge would otherwise do inside a later commit).
    Returns by how many segments the index shrank (0 = nothing needed merging)."""
    connection = _raw(conn)
    before = segment_count(connection)
    connection.exec_driver_sql(
        "INSERT INTO report_fts(report_fts, rank) VALUES ('merge', ?)", (pages,)
    )
    return before - segment_count(connection)


def segment_count(conn: Connection | Session) -> int:
    """How many b-tree segments the full-text index has (1 after `optimize_index`)."""
    # FTS5's structure record (row 10 of the %_data table): a 4-byte cookie, then varints
    # nLevel, nSegment, ... (fts5_index.c, "Structure record").
    block = (
        _raw(conn)
        .exec_driver_sql("SELECT block FROM report_fts_data WHERE id = 10")
        .scalar_one_or_none()
    )
    if not block:
        return 0
    _levels, offset = _varint(block, 4)
    segments, _ = _varint(block, offset)
    return segments


def _varint(buf: bytes, offset: int) -> tuple[int, int]:
    """SQLite's variable-length integer at `offset`: (value, offset after it)."""
    value = 0
    for _ in range(8):
        byte = buf[offset]
        offset += 1
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, offset
    return (value << 8) | buf[offset], offset + 1


def pending_count(conn: Connection | Session) -> int:
    """How many reports still wait to be indexed (the UI can say "indeks sedang dibangun")."""
    return _raw(conn).exec_driver_sql("SELECT count(*) FROM fts_pending").scalar_one()


def rebuild_index(conn: Connection | Session) -> None:
    """Drop and rebuild the whole index (repair tool; about 3 s per 100k reports)."""
    connection = _raw(conn)
    clear_index(connection)
    connection.exec_driver_sql("DELETE FROM fts_pending")
    connection.exec_driver_sql(INSERT_ALL_ENTRIES)


def contentless(conn: Connection | Session) -> bool:
    """Whether the store's index keeps no copy of the text (no `report_fts_content` table)."""
    found = _raw(conn).exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'report_fts_content'"
    )
    return found.first() is None


def clear_index(conn: Connection | Session) -> None:
    """Empty the index: at once without a text copy ('delete-all'), row by row with one."""
    connection = _raw(conn)
    if contentless(connection):
        connection.exec_driver_sql("INSERT INTO report_fts(report_fts) VALUES ('delete-all')")
    else:
        connection.exec_driver_sql("DELETE FROM report_fts")
