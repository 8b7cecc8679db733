"""Applying feed pages to the store in bulk: report snapshots, tombstones, reference data.

Plain executemany through the Core connection (no ORM unit of work, which is 20-40 times slower
for this). The caller owns the transaction: the sync engine applies a page and saves its cursor in
one `Store.write_conn()` block.

Rules kept here:
- A snapshot older than or equal to the stored version is skipped (re-reading a page is harmless,
  and a local optimistic change is not overwritten by the same server version).
- Server events of an updated report are replaced; local pending events (`pending = 1`) stay until
  the sync engine settles their op. Attachment rows are replaced, keeping known `cache_path`s.
- `sync_state`/`sync_reason` are the engine's: new reports start 'synced', updates leave them.
- Deleting reports never touches the outbox or drafts (officer work outlives a tombstone).
"""

from __future__ import annotations

import json
import operator
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection

from lapor_core import rows
from lapor_core.snapshot import PLAIN_FIELDS
from lapor_desk.models import search
from lapor_desk.models.schema import Attachment, Event, Report

Snapshot = Mapping[str, Any]

#: The columns of lapor_core.rows the desk has (all of them, unless a newer server or core adds
#: one the store does not know yet): a snapshot field with a `reports` column is kept without
#: touching this module. Rows are made by lapor_core.rows, the same functions the server uses for
#: the compact bootstrap file.
REPORT_COLUMNS = tuple(c for c in rows.REPORT_ROW if c in Report.__table__.c)
#: the plain snapshot fields among them
STORED_FIELDS = tuple(f for f in PLAIN_FIELDS if f in REPORT_COLUMNS)
EVENT_COLUMNS = (*rows.EVENT_ROW, "pending")
ATTACHMENT_COLUMNS = (*rows.ATTACHMENT_ROW, "cache_path")
_REPORT_PICK = operator.itemgetter(*(rows.REPORT_ROW.index(c) for c in REPORT_COLUMNS))


def _upsert_sql(table: str, columns: Sequence[str], key: Sequence[str], where: str = "") -> str:
    names = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in key)
    return (
        f"INSERT INTO {table} ({names}) VALUES ({marks}) "
        f"ON CONFLICT({', '.join(key)}) DO UPDATE SET {updates}{where}"
    )


def _check_columns(model: type, columns: Sequence[str]) -> None:
    missing = set(columns) - set(model.__table__.c.keys())  # type: ignore[attr-defined]
    assert not missing, f"bulk columns not in {model.__name__}: {missing}"


_check_columns(Report, REPORT_COLUMNS)
_check_columns(Event, EVENT_COLUMNS)
_check_columns(Attachment, ATTACHMENT_COLUMNS)

# The version guard repeats the Python-side filter, so a racing writer can never roll a row back.
_UPSERT_REPORT = _upsert_sql(
    "reports", REPORT_COLUMNS, ("id",), " WHERE excluded.version > reports.version"
)
#: the same, replacing also a stored row of the same version (`refill`, store revision 0006)
_UPSERT_REPORT_REFILL = _upsert_sql(
    "reports", REPORT_COLUMNS, ("id",), " WHERE excluded.version >= reports.version"
)
_UPSERT_EVENT = _upsert_sql("events", EVENT_COLUMNS, ("id",))
_INSERT_ATTACHMENT = (
    f"INSERT OR REPLACE INTO attachments ({', '.join(ATTACHMENT_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in ATTACHMENT_COLUMNS)})"
)
_dumps = rows.dumps


def _report_row(s: Snapshot) -> tuple[Any, ...]:
    return _REPORT_PICK(rows.report_values(s))


def _event_rows(s: Snapshot) -> list[tuple[Any, ...]]:
    return [(*e, 0) for e in rows.event_values(s)]


def _fetch_versions(conn: Connection, ids: list[str]) -> dict[str, tuple[int, int]]:
    found = conn.exec_driver_sql(
        "SELECT id, version, rid FROM reports WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(ids),),
    ).all()
    return {row[0]: (row[1], row[2]) for row in found}


def upsert_reports(
    conn: Connection,
    snapshots: Iterable[Snapshot],
    *,
    index: bool = True,
    refill: bool = False,
) -> list[str]:
    """Apply report snapshots (the feed's `report` objects); returns the ids that changed.

    `refill=True` also replaces a stored report of the same version (a store that was saved
    without some snapshot fields reads the feed once more, see revision 0006).
    `index=False` defers the full-text entries of the changed reports to
    `search.reindex_pending` (an initial sync of 100k reports spends about two thirds of its
    database time building the index).
    """
    latest: dict[str, Snapshot] = {}
    for snapshot in snapshots:
        held = latest.get(snapshot["id"])
        if held is None or snapshot["version"] >= held["version"]:
            latest[snapshot["id"]] = snapshot
    if not latest:
        return []
    stored = _fetch_versions(conn, list(latest))
    changed = [
        s
        for rid, s in latest.items()
        if rid not in stored
        or s["version"] > stored[rid][0]
        or (refill and s["version"] == stored[rid][0])
    ]
    if not changed:
        return []
    upsert = _UPSERT_REPORT_REFILL if refill else _UPSERT_REPORT
    conn.exec_driver_sql(upsert, [_report_row(s) for s in changed])

    updated_ids = [s["id"] for s in changed if s["id"] in stored]
    if updated_ids:
        # Server events are replaced wholesale; local pending entries stay for the sync engine.
        conn.exec_driver_sql(
            "DELETE FROM events WHERE report_id = ? AND pending = 0",
            [(i,) for i in updated_ids],
        )
    event_rows = [row for s in changed for row in _event_rows(s)]
    if event_rows:
        conn.exec_driver_sql(_UPSERT_EVENT, event_rows)
    _replace_attachments(conn, changed, updated_ids)

    new_ids = [s["id"] for s in changed if s["id"] not in stored]
    new_rids = list(_fetch_versions(conn, new_ids).values()) if new_ids else []
    new_rid_list = [rid for _version, rid in new_rids]
    old_rid_list = [stored[i][1] for i in updated_ids]
    if index:
        search.reindex_rids(conn, new_rid_list, existing=False)
        search.reindex_rids(conn, old_rid_list, existing=True)
    else:
        search.mark_pending(conn, new_rid_list, existing=False)
        search.mark_pending(conn, old_rid_list, existing=True)
    return [s["id"] for s in changed]


def _replace_attachments(
    conn: Connection, changed: Sequence[Snapshot], updated_ids: Sequence[str]
) -> None:
    cached: dict[tuple[str, str], str] = {}
    if updated_ids:
        held = conn.exec_driver_sql(
            "SELECT report_id, sha256, cache_path FROM attachments WHERE cache_path IS NOT NULL"
            " AND report_id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(updated_ids)),),
        ).all()
        cached = {(r[0], r[1]): r[2] for r in held}
        conn.exec_driver_sql(
            "DELETE FROM attachments WHERE report_id = ?", [(i,) for i in updated_ids]
        )
    values = [(*a, cached.get((a[0], a[1]))) for s in changed for a in rows.attachment_values(s)]
    if values:
        conn.exec_driver_sql(_INSERT_ATTACHMENT, values)


def delete_reports(conn: Connection, ids: Iterable[str]) -> int:
    """Remove reports (tombstones) with their events, attachments and index entries.

    Outbox rows and drafts of these reports stay: the sync engine turns unsent work into
    conflicts. Returns how many reports were removed.
    """
    unique = list(dict.fromkeys(ids))
    if not unique:
        return 0
    present = conn.exec_driver_sql(
        "SELECT count(*) FROM reports WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(unique),),
    ).scalar_one()
    # The foreign keys cascade to events and attachments; a trigger drops the index entries.
    conn.exec_driver_sql("DELETE FROM reports WHERE id = ?", [(i,) for i in unique])
    return present


def replace_reference(conn: Connection, reference: Mapping[str, Any]) -> None:
    """Replace agencies, districts and categories with those of `GET /api/v1/reference` (and the
    partner instansi of forwarding, `models/partners.py`)."""
    from lapor_desk.models import partners

    partners.replace(conn, reference)
    if "agencies" in reference:
        conn.exec_driver_sql("DELETE FROM agencies")
        conn.exec_driver_sql(
            "INSERT INTO agencies(code, name) VALUES (?, ?)",
            [(a["code"], a["name"]) for a in reference["agencies"]],
        )
    if "districts" in reference:
        conn.exec_driver_sql("DELETE FROM districts")
        conn.exec_driver_sql(
            "INSERT INTO districts(code, name, villages) VALUES (?, ?, ?)",
            [
                (d["code"], d["name"], _dumps(d.get("villages") or []))
                for d in reference["districts"]
            ],
        )
    if "categories" in reference:
        conn.exec_driver_sql("DELETE FROM categories")
        conn.exec_driver_sql(
            "INSERT INTO categories(code, name, default_agency) VALUES (?, ?, ?)",
            [(c["code"], c["name"], c.get("default_agency")) for c in reference["categories"]],
        )
    if isinstance(reference.get("calendar"), list):
        # The admin's extra days: the desk counts working days with them (models/calendar.py).
        conn.exec_driver_sql("DELETE FROM calendar_days")
        days = [
            (str(d["date"])[:10], str(d.get("name") or ""), 1 if d.get("working") else 0)
            for d in reference["calendar"]
            if isinstance(d, Mapping) and d.get("date")
        ]
        if days:
            conn.exec_driver_sql(
                "INSERT OR REPLACE INTO calendar_days(day, name, working) VALUES (?, ?, ?)", days
            )
    if isinstance(reference.get("deadline_rules"), Mapping):
        # The server's digest thresholds (lapor_core.digests.Rules): the deadline view's
        # escalation flag and the start-of-day notice count with them (docs/digests.md).
        from lapor_desk.models import sync_state

        sync_state.put(conn, {sync_state.DEADLINE_RULES: _dumps(dict(reference["deadline_rules"]))})
