"""The coordinator's public text of a report (`redact` op, issue 12 #17; docs/coordinator.md).

A coordinator may edit what everyone else reads as a report's body and address (a phone number
or a home address in the citizen's text). The original stays on the server, for coordinators
only: their snapshots carry it in `body` / `address` and the public text in `public_body` /
`public_address` (docs/api.md). `Screening.redact` queues the op; this module works out its payload.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, text


def redaction_payload(
    conn: Connection, report: str, wanted: Mapping[str, str | None]
) -> dict[str, Any]:
    """The `redact` payload that turns the stored public text into `wanted` (None: untouched)."""
    row = conn.execute(
        text(
            "SELECT body, address, public_body, public_address FROM reports"
            " WHERE id = :r OR tracking_id = :r LIMIT 1"
        ),
        {"r": report},
    ).first()
    if row is None:
        return {k: v for k, v in wanted.items() if v is not None}  # "not found" comes later
    out: dict[str, Any] = {}
    for key, original, public in (("body", row[0], row[2]), ("address", row[1], row[3])):
        value = wanted.get(key)
        if value is None:
            continue
        value = value.strip()
        if value == (public if public is not None else (original or "")).strip():
            continue
        out[key] = None if value == (original or "").strip() else value
    return out
