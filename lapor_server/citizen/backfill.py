"""The conversation of reports that existed before revision 0006, from their timelines.

Past entries get `seq` 0 (before every later change, so a channel reading its feed from the start
sees them first) and the status the event's kind implies; nothing is delivered for them.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from lapor_core.conversation import public_entry

_STATUS_AFTER = {
    "submit": "unverified",
    "verify": "verified",
    "archive": "archived",
    "dispatch": "dispatched",
    "reassign": "dispatched",
    "return": "verified",
    "postpone": "postponed",
    "resume": "in_progress",
    "reporter_reply": "in_progress",
    "close": "completed",
    "rating": "completed",
}


def backfill(conn: sa.Connection) -> int:
    rows = conn.execute(
        sa.text(
            "SELECT e.id, e.report_id, e.kind, e.text, e.data, e.actor_role, e.created_at,"
            " r.channel_id, a.name AS agency_name"
            " FROM report_events e JOIN reports r ON r.id = e.report_id"
            " LEFT JOIN agencies a ON a.code = e.agency_code ORDER BY e.id"
        )
    ).all()
    table = sa.table(
        "public_updates",
        *(
            sa.column(c)
            for c in (
                "seq report_id channel_id event_id kind status description speaker rating final"
                " created_at"
            ).split()
        ),
    )
    batch: list[dict[str, Any]] = []
    for row in rows:
        data = row.data
        if isinstance(data, str):
            import json

            data = json.loads(data or "{}")
        entry = public_entry(
            row.kind,
            text=row.text,
            data=data,
            agency_name=row.agency_name,
        )
        if entry is None:
            continue
        status = _STATUS_AFTER.get(row.kind, "in_progress")
        if row.kind == "respond":
            status = "completed" if entry.final else "in_progress"
        batch.append(
            {
                "seq": 0,
                "report_id": row.report_id,
                "channel_id": row.channel_id,
                "event_id": row.id,
                "kind": entry.kind,
                "status": status,
                "description": entry.description,
                "speaker": entry.speaker,
                "rating": entry.rating,
                "final": entry.final,
                "created_at": row.created_at,
            }
        )
    for start in range(0, len(batch), 1000):
        conn.execute(sa.insert(table), batch[start : start + 1000])
    return len(batch)
