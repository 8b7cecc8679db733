"""Recovering from a corrupt store: set the file aside, start a fresh one, carry officer work over.

The queue itself comes back from the server (full resync); what only this desk has is the unsent
outbox, the drafts and the local files waiting for upload. Those rows are copied one by one, best
effort: the damaged table is read from both ends, so rows on either side of a bad page survive.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lapor_desk.models import outbox
from lapor_desk.models.crypto import is_plain_sqlite
from lapor_desk.models.schema import Base
from lapor_desk.models.store import DB_ERRORS, Store, raw_connect

log = logging.getLogger(__name__)

# (table, rows worth keeping); sync_state keeps who the profile belongs to, never the cursor.
_SYNC_KEYS_KEPT = ("server_url", "username", "display_name", "role", "agency_code")
_SALVAGED = {
    "outbox": lambda row: row.get("state") in outbox.OPEN,
    "drafts": lambda row: True,
    "local_files": lambda row: True,
    "sync_state": lambda row: row.get("key") in _SYNC_KEYS_KEPT,
}


def salvage_and_rebuild(path: Path, *, key: bytes | None = None) -> Path:
    """Move the store at `path` aside, create a fresh one there, copy what can be saved.

    Returns the path of the set-aside file (its -wal/-shm are moved beside it under the same
    name). With `key` (an encrypted profile) the damaged file is read with it and the fresh store
    is encrypted with the same key; the set-aside copy stays encrypted. The fresh store records
    `salvaged_from` and `salvage_counts` in `sync_state`, and has no cursor, so the next sync
    re-reads everything from the server.
    """
    path = Path(path)
    aside = _aside_name(path)
    for suffix in ("", "-wal", "-shm", "-journal"):
        source = Path(f"{path}{suffix}")
        if source.exists():
            os.replace(source, Path(f"{aside}{suffix}"))
    rescued = _read_rescuable(aside, key)
    columns = {t.name: [c.name for c in t.columns] for t in Base.metadata.sorted_tables}
    counts: dict[str, int] = {}
    store = Store.open(path, key=key)
    try:
        with store.write_conn() as conn:
            for table, rows in rescued.items():
                wanted = columns[table]
                kept = 0
                for row in rows:
                    names = [n for n in wanted if n in row]
                    result = conn.exec_driver_sql(
                        f"INSERT OR IGNORE INTO {table} ({', '.join(names)}) "
                        f"VALUES ({', '.join('?' for _ in names)})",
                        tuple(row[n] for n in names),
                    )
                    kept += result.rowcount
                counts[table] = kept
            conn.exec_driver_sql(
                "INSERT OR REPLACE INTO sync_state(key, value) VALUES "
                "('salvaged_from', ?), ('salvage_counts', ?)",
                (str(aside), json.dumps(counts)),
            )
    finally:
        store.close()
    log.warning("corrupt store set aside at %s; carried over %s", aside, counts)
    return aside


def _aside_name(path: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    candidate = path.with_name(f"{path.stem}.corrupt-{stamp}{path.suffix}")
    n = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}.corrupt-{stamp}-{n}{path.suffix}")
        n += 1
    return candidate


def _connect(path: Path, key: bytes | None = None) -> sqlite3.Connection | None:
    # Read-only first, so the evidence stays as it was; a WAL may need a writable open to be read.
    for uri in (f"{path.as_uri()}?mode=ro", path.as_uri()):
        try:
            # A plain file (set aside before its first encryption) is read without the key.
            plain = is_plain_sqlite(path)
            conn = raw_connect(uri, None if plain else key, uri=True, isolation_level=None)
            # writable_schema lets SQLite read a file shorter than its header says (truncated
            # copies); cell_size_check turns damaged cells into errors instead of garbage rows.
            conn.execute("PRAGMA writable_schema = ON")
            conn.execute("PRAGMA cell_size_check = ON")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except DB_ERRORS as error:  # sqlite3's or SQLCipher's
            log.info("cannot open %s (%s): %s", path, uri, error)
    return None


def _read_rescuable(path: Path, key: bytes | None = None) -> dict[str, list[dict[str, object]]]:
    conn = _connect(path, key)
    if conn is None:
        return {}
    rescued: dict[str, list[dict[str, object]]] = {}
    try:
        conn.row_factory = _dict_row
        for table, keep in _SALVAGED.items():
            rows = [row for row in _read_table(conn, table) if keep(row)]
            if rows:
                rescued[table] = rows
    finally:
        conn.close()
    return rescued


def _dict_row(cursor: Any, row: tuple[Any, ...]) -> dict[str, Any]:
    return {d[0]: v for d, v in zip(cursor.description, row, strict=True)}


def _read_table(conn: sqlite3.Connection, table: str) -> list[dict[str, object]]:
    """Every readable row of `table`, scanning the table b-tree forwards and then backwards."""
    found: dict[int, dict[str, object]] = {}
    for order in ("ASC", "DESC"):
        try:
            cursor = conn.execute(
                f"SELECT rowid AS _rowid_, * FROM {table} NOT INDEXED ORDER BY rowid {order}"
            )
            for row in cursor:
                data = dict(row)  # type: ignore[call-overload]
                found.setdefault(int(data.pop("_rowid_")), data)
        except DB_ERRORS as error:
            log.info("salvage: reading %s %s stopped: %s", table, order, error)
    return [found[k] for k in sorted(found)]
