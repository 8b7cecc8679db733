"""Drafts of reports this desk no longer holds, listed where the officer sees them (issue 11).

A draft belongs to its report and the composer shows it when the report is opened. When the
report leaves the desk (reassigned, returned, gone in a resync) while unsent text waits in the
composer, the text is kept as a draft — but no screen would show it again. These drafts are listed
in the conflict list ("Konflik…", always in the menu) with their text, until the report comes back
(then the composer shows them again) or the officer discards them; a discarded draft is kept in the
outbox history as a `discarded` row, like a discarded conflict, never deleted outright.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Connection

from lapor_desk.errors import NotFoundError
from lapor_desk.models import outbox

#: op id prefix of a draft in the conflict list (`draft:<mode>:<report id>`)
PREFIX = "draft:"
DETAIL = (
    "Laporan ini sudah tidak ada di antrean desk ini. Teks ini belum terkirim dan tersimpan "
    "sebagai draf; salin bila masih diperlukan."
)
_KIND = {"public": "respond", "internal": "note"}


def item_id(report_id: str, mode: str) -> str:
    return f"{PREFIX}{mode}:{report_id}"


def is_item(op_id: str) -> bool:
    return op_id.startswith(PREFIX)


def rows(conn: Connection) -> list[dict[str, Any]]:
    """Drafts whose report is not in the store, oldest first, with the last known title."""
    found = conn.exec_driver_sql(
        "SELECT d.report_id, d.mode, d.text, d.updated_at FROM drafts d"
        " WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE r.id = d.report_id)"
        " AND trim(d.text) != '' ORDER BY d.updated_at"
    ).all()
    return [
        {
            "op_id": item_id(r.report_id, r.mode),
            "report_id": r.report_id,
            "report_title": outbox.last_title(conn, r.report_id),
            "kind": _KIND.get(r.mode, "note"),
            "text": r.text,
            "detail": DETAIL,
            "created_at": r.updated_at,
        }
        for r in found
    ]


def discard(conn: Connection, op_id: str, now: str) -> str:
    """Remove a listed draft, its text kept as a `discarded` outbox row; returns the report id."""
    mode, _, report_id = op_id[len(PREFIX) :].partition(":")
    row = conn.exec_driver_sql(
        "SELECT text FROM drafts WHERE report_id = ? AND mode = ?"
        " AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.id = ?)",
        (report_id, mode, report_id),
    ).one_or_none()
    if row is None:
        raise NotFoundError(
            "Draf ini tidak ditemukan (laporannya mungkin sudah kembali ke antrean).",
            detail_en="No such draft (its report may be back in the queue).",
        )
    outbox.record_discarded(
        conn,
        op_id=str(uuid.uuid4()),
        report_id=report_id,
        kind=_KIND.get(mode, "note"),
        payload={"text": row.text},
        detail="draf dibuang: laporan tidak ada di desk ini",
        report_title=outbox.last_title(conn, report_id),
        at=now,
    )
    conn.exec_driver_sql("DELETE FROM drafts WHERE report_id = ? AND mode = ?", (report_id, mode))
    return report_id
