"""A report snapshot as table rows: the desk's columns, computed once for both sides.

The desk stores a snapshot as one `reports` row, one `events` row per timeline entry and one
`attachments` row per file (`lapor_desk/models/bulk.py`). The server writes the same rows into
the compact bootstrap file (format 2, docs/api.md "Bootstrap"), so a desk's first sync inserts
them as they are instead of parsing snapshots. Both sides call these functions, so a row read from
the file and a row made from a feed snapshot are the same values by construction
(tests/e2e/test_bootstrap.py compares the two desks report by report).

Columns are named in the file's header: a desk keeps the columns it has and ignores the others,
so the server may add a column without breaking older desks.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from lapor_core.snapshot import DEADLINE_FIELDS, FLAG_FIELDS, PLAIN_FIELDS, REQUIRED_FIELDS

#: `reports` columns, in row order: the plain snapshot fields, then the derived ones.
REPORT_ROW: tuple[str, ...] = tuple(
    dict.fromkeys(
        (*PLAIN_FIELDS, "reporter_name", "reporter_json", *DEADLINE_FIELDS, "last_event_at")
    )
)
#: `events` columns (the desk adds `pending` = 0 for server entries).
EVENT_ROW: tuple[str, ...] = (
    "id",
    "report_id",
    "position",
    "kind",
    "actor",
    "agency_code",
    "text",
    "visibility",
    "created_at",
    "attachments",
    "op_id",
    "data",
    "written_at",
)
#: `attachments` columns (the desk adds its own `cache_path`).
ATTACHMENT_ROW: tuple[str, ...] = (
    "report_id",
    "sha256",
    "filename",
    "media_type",
    "size",
    "hidden_from_agency",
)
#: how each plain field is read: 0 plain (may be missing), 1 true/false, 2 required (KeyError)
_HOW = tuple(1 if f in FLAG_FIELDS else 2 if f in REQUIRED_FIELDS else 0 for f in PLAIN_FIELDS)


def dumps(value: Any) -> str:
    """JSON text as the desk stores it in its JSON columns."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def report_values(s: Mapping[str, Any]) -> tuple[Any, ...]:
    """The `reports` row of snapshot `s`, in `REPORT_ROW` order (KeyError: a required field is
    missing)."""
    reporter = s.get("reporter")
    deadlines = s.get("deadlines") or {}
    events = s.get("events") or ()
    last_event_at = s.get("last_event_at") or (
        events[-1].get("created_at") if events else s.get("submitted_at")
    )
    plain = (
        s.get(f) if how == 0 else (1 if s.get(f) else 0) if how == 1 else s[f]
        for f, how in zip(PLAIN_FIELDS, _HOW, strict=True)
    )
    return (
        *plain,
        reporter.get("name") if reporter else None,
        dumps(reporter) if reporter else None,
        *(deadlines.get(d) for d in DEADLINE_FIELDS),
        last_event_at,
    )


def _actor(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return dumps(value)


def event_values(s: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    """The `events` rows of snapshot `s` (oldest first), in `EVENT_ROW` order."""
    report_id = s["id"]
    return [
        (
            e["id"],
            report_id,
            position,
            e["kind"],
            _actor(e.get("actor")),
            e.get("agency_code"),
            e.get("text"),
            e.get("visibility") or "internal",
            e["created_at"],
            dumps(e["attachments"]) if e.get("attachments") else "[]",
            e.get("op_id"),
            dumps(e["data"]) if e.get("data") else None,
            e.get("written_at"),
        )
        for position, e in enumerate(s.get("events") or ())
    ]


def attachment_values(s: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    """The `attachments` rows of snapshot `s`, in `ATTACHMENT_ROW` order."""
    return [
        (
            s["id"],
            a["sha256"],
            a.get("filename") or a["sha256"],
            a.get("media_type") or "application/octet-stream",
            int(a.get("size") or 0),
            1 if a.get("hidden_from_agency") else 0,
        )
        for a in s.get("attachments") or ()
    ]
