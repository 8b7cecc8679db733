"""Loading a whole scope into the store at once: the first sync (and a full resync) from the
server's bootstrap file (`lapor_desk/sync/bootstrap.py`, docs/sync.md).

What makes it fast, and what keeps it safe:
- ONE transaction (`Store.bulk_write`): the reports the store held are cleared, every row of the
  file inserted, the indexes and the full-text index built, the officer's open work re-applied
  and the feed cursor saved, then one commit. A kill, a full disk or "Batal" anywhere before the
  commit leaves the store exactly as it was (SQLite rolls the transaction back): never part of
  a scope with a cursor. Readers keep seeing the old state until the commit.
- bare `INSERT`s with `executemany` (no upsert: the tables were emptied in the same
  transaction), rows as the file has them (format 2: the desk's columns; `rid` numbered by
  SQLite in insert order), so the full-text rows are written straight from the same batch;
- foreign-key checks off for the transaction (each report's events and files come from its own
  line), a larger page cache, and FTS5's in-memory hash raised so the index is written as one
  segment (no `optimize` afterwards); all restored before the commit. The secondary indexes stay
  in place (`DROP_INDEXES`: rebuilding them afterwards measured slower on the encrypted store);
- the outbox and drafts are never touched: after the load, ops whose event already shows are
  settled, the local effects of open ops are re-applied on top (`effects.reapply`), and
  never-sent work on reports the file no longer holds becomes a conflict, as a tombstone would.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from lapor_desk.errors import ProtocolError
from lapor_desk.models import effects, outbox, search, sync_state

if TYPE_CHECKING:
    from lapor_desk.models.account import Account
    from lapor_desk.models.store import Store

TABLES = ("reports", "events", "attachments")
#: FTS5's in-memory hash while loading (its default is 1 MB: a segment per MB of text, merged
#: afterwards); the index of 100k reports fits in one segment with this
FTS_HASH_BYTES = 64 * 1024 * 1024
FTS_HASH_DEFAULT = 1024 * 1024
#: Drop the secondary indexes for the load and create them afterwards? Measured on the
#: encrypted store (bench/sync_initial.py, 100k reports, load average 11): creating the 12
#: indexes afterwards took 18 s against 46 s for the whole bare insert WITH them — each CREATE
#: INDEX reads (and decrypts) the whole table again, while keeping them up to date touches pages
#: that are hot anyway. So they stay; the switch is kept for measuring again (docs/performance.md).
DROP_INDEXES = False


@dataclass
class Batch:
    """Rows of some reports, in the columns `Columns` names (lists or tuples)."""

    reports: list[Sequence[Any]]
    events: list[Sequence[Any]]
    attachments: list[Sequence[Any]]


@dataclass(frozen=True)
class Columns:
    """Which column each position of a row is (the file's header, restricted to the store's)."""

    reports: tuple[str, ...]
    events: tuple[str, ...]
    attachments: tuple[str, ...]


@dataclass
class LoadResult:
    loaded: list[str] = field(default_factory=list)  # report ids now in the store
    gone: list[str] = field(default_factory=list)  # ids the store held that the file lacks
    settled: int = 0  # open ops whose event the file already shows
    #: seconds per step: rows (inserted, full-text included), indexes, work (officer's work
    #: re-applied), commit
    seconds: dict[str, float] = field(default_factory=dict)


_INSERT_FTS = "INSERT INTO report_fts(rowid, title, body, responses) VALUES (?, ?, ?, ?)"


def _insert_sql(table: str, columns: Sequence[str]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


def _secondary_indexes(raw: Any) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the indexes SQLite can rebuild (not the key constraints')."""
    return raw.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        f" AND tbl_name IN ({', '.join(repr(t) for t in TABLES)}) ORDER BY name"
    ).fetchall()


def load(
    store: Store,
    columns: Columns,
    batches: Iterable[Batch],
    *,
    cursor: str,
    account: Account,
    at: str,
    gone_detail: str,
    check_cancel: Callable[[], None] = lambda: None,
    progress: Callable[[int], None] = lambda n: None,
) -> LoadResult:
    """Replace the store's reports with `batches` and save `cursor`, in one transaction."""
    for need in ("id", "version", "title", "body"):
        if need not in columns.reports:
            raise ProtocolError(f"bootstrap rows lack the column {need}", reason="shape")
    for need in ("id", "report_id", "text", "visibility"):
        if need not in columns.events:
            raise ProtocolError(f"bootstrap event rows lack the column {need}", reason="shape")
    at_id, at_version = columns.reports.index("id"), columns.reports.index("version")
    at_title, at_body = columns.reports.index("title"), columns.reports.index("body")
    at_rep = columns.events.index("report_id")
    at_text, at_vis = columns.events.index("text"), columns.events.index("visibility")
    at_att_rep = columns.attachments.index("report_id") if columns.attachments else 0

    # `rid` (the full-text row id) is SQLite's: the emptied table numbers its rows 1, 2, ... in
    # insert order, checked after each batch.
    insert_report = _insert_sql("reports", columns.reports)
    insert_event = _insert_sql("events", columns.events)
    insert_attachment = _insert_sql("attachments", columns.attachments)
    result = LoadResult()
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        result.seconds[step] = now - clock
        clock = now

    with store.bulk_write() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        prior = [r[0] for r in raw.execute("SELECT id FROM reports")]
        cached = raw.execute(
            "SELECT report_id, sha256, cache_path FROM attachments WHERE cache_path IS NOT NULL"
        ).fetchall()
        # Empty the scope's tables (a resync, or a load a crash interrupted before it used
        # this path); the trigger's per-row index deletes find an empty index.
        search.clear_index(conn)
        for table in ("fts_pending", "events", "attachments", "reports"):
            raw.execute(f"DELETE FROM {table}")
        indexes = _secondary_indexes(raw) if DROP_INDEXES else []
        for name, _sql in indexes:
            raw.execute(f"DROP INDEX {name}")
        fts_hash = _set_fts_hash(raw, FTS_HASH_BYTES)
        rid = 0
        fts_seconds = 0.0
        loaded = result.loaded
        for batch in batches:
            check_cancel()
            ids = list(map(itemgetter(at_id), batch.reports))
            if not ids:
                continue
            # Checked a column at a time (`map` runs in C: 475k event rows per 100k reports).
            if set(map(type, ids)) != {str} or set(
                map(type, map(itemgetter(at_version), batch.reports))
            ) != {int}:
                raise ProtocolError("bootstrap row without id/version", reason="shape")
            held = set(ids)
            if (
                not set(map(itemgetter(at_rep), batch.events)) <= held
                or not set(map(itemgetter(at_att_rep), batch.attachments)) <= held
            ):
                raise ProtocolError("bootstrap rows of another report", reason="shape")
            responses: dict[str, list[str]] = {}
            for e in batch.events:
                if e[at_vis] == "public" and e[at_text] is not None:
                    responses.setdefault(e[at_rep], []).append(e[at_text])
            fts_rows = [
                (rid + n, r[at_title], r[at_body], "\n".join(responses.get(i) or ()) or None)
                for n, (i, r) in enumerate(zip(ids, batch.reports, strict=True), 1)
            ]
            rid += len(ids)
            loaded.extend(ids)
            try:
                raw.executemany(insert_report, batch.reports)
                if batch.events:
                    raw.executemany(insert_event, batch.events)
                if batch.attachments:
                    raw.executemany(insert_attachment, batch.attachments)
            except _row_errors() as exc:  # the same report twice, a value of the wrong type
                raise ProtocolError(f"bootstrap rows refused: {exc}", reason="shape") from exc
            if raw.execute("SELECT max(rid) FROM reports").fetchone()[0] != rid:
                raise RuntimeError("report rows were not numbered in insert order")
            fts_at = time.perf_counter()
            raw.executemany(_INSERT_FTS, fts_rows)
            fts_seconds += time.perf_counter() - fts_at
            progress(len(loaded))
        check_cancel()
        lap("rows")
        result.seconds["of which full-text"] = fts_seconds
        for _name, sql in indexes:
            raw.execute(sql)
        _set_fts_hash(raw, fts_hash)
        if search.segment_count(conn) > 1:  # an older SQLite without 'hashsize'
            search.optimize_index(conn)
        lap("indexes")
        if cached:
            raw.executemany(
                "UPDATE attachments SET cache_path = ? WHERE report_id = ? AND sha256 = ?",
                [(path, rep, sha) for rep, sha, path in cached],
            )
        result.settled = _after_load(conn, result, prior, account, at, gone_detail)
        sync_state.put(conn, {"cursor": cursor, "refill": None})
        lap("work")
    lap("commit")
    return result


def _after_load(
    conn: Any, result: LoadResult, prior: list[str], account: Account, at: str, gone_detail: str
) -> int:
    """The officer's work on top of the loaded scope: settled, re-applied or marked."""
    waiting = outbox.waiting_ops(conn)
    seen: list[str] = []
    if waiting:
        seen = (
            conn.exec_driver_sql(
                "SELECT DISTINCT op_id FROM events WHERE op_id IN (SELECT value FROM json_each(?))",
                (json.dumps(list(waiting)),),
            )
            .scalars()
            .all()
        )
        if seen:
            outbox.settle_seen(conn, seen, at)
    if prior:
        held = set(result.loaded)
        result.gone = [rid for rid in prior if rid not in held]
        if result.gone:
            outbox.conflict_unsent(conn, [(rid, gone_detail, "resync") for rid in result.gone], at)
    with_work = outbox.reports_with_open_work(conn)
    touched = set(with_work) | {waiting[op] for op in seen}
    if touched:
        effects.reapply(conn, touched, account)
    return len(seen)


def _set_fts_hash(raw: Any, size: int) -> int:
    """Set FTS5's hash size; returns the previous one (the default when it was never set)."""
    row = raw.execute("SELECT v FROM report_fts_config WHERE k = 'hashsize'").fetchone()
    before = int(row[0]) if row else FTS_HASH_DEFAULT
    try:
        raw.execute("INSERT INTO report_fts(report_fts, rank) VALUES ('hashsize', ?)", (size,))
    except _operational_errors():
        pass  # SQLite before 3.44: one segment per MB, merged by `optimize` afterwards
    return before


def _row_errors() -> tuple[type[Exception], ...]:
    """What a row the store refuses raises (not a full disk or an I/O error: those stay)."""
    import sqlite3

    from sqlcipher3 import dbapi2 as sqlcipher

    return tuple(
        getattr(module, name)
        for module in (sqlite3, sqlcipher)
        for name in ("IntegrityError", "ProgrammingError", "InterfaceError", "DataError")
    )


def _operational_errors() -> tuple[type[Exception], ...]:
    from lapor_desk.models.store import OPERATIONAL_ERRORS

    return OPERATIONAL_ERRORS
