"""Timeline entries: which text an action leaves on the report's timeline, and who may read it.

The server writes the event when it applies an op; the desk writes the same text into its pending
entry the moment the officer acts, so the timeline does not change wording when the op settles.
One function for both (`event_text`); see docs/api.md (Feed, events) and docs/sync.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lapor_core.workflow import Action

#: The text of a verification (its payload holds only codes and flags).
VERIFIED_TEXT = "Laporan diverifikasi."

#: The payload field whose text the timeline shows, per op kind (None: a fixed text or none).
TEXT_FIELD: dict[str, str | None] = {
    Action.VERIFY: None,
    Action.ARCHIVE: "note",  # the archive `reason` is a code, kept in the event's data
    Action.DISPATCH: "note",
    Action.REASSIGN: "reason",
    Action.RETURN: "reason",
    Action.RESPOND: "text",
    Action.NOTE: "text",
    Action.POSTPONE: "text",
    Action.RESUME: None,
    Action.REPORTER_REPLY: "text",
    Action.CLOSE: None,
}

#: Event kinds the reporter (and the public) may read; every other kind is internal.
PUBLIC_KINDS = frozenset(
    {"submit", Action.RESPOND, Action.POSTPONE, Action.REPORTER_REPLY, "rating"}
)


def written_text(kind: str, payload: Mapping[str, Any]) -> str | None:
    """The text the actor wrote in an op of `kind` (None when the op carries none)."""
    key = TEXT_FIELD.get(kind)
    if key is None:
        return None
    value = payload.get(key)
    return value if isinstance(value, str) and value else None


def event_text(kind: str, payload: Mapping[str, Any]) -> str | None:
    """The text the timeline shows for an action of `kind` with this (validated) payload."""
    if kind == Action.VERIFY:
        return VERIFIED_TEXT
    return written_text(kind, payload)


def visibility(kind: str) -> str:
    """`public` or `internal` for an event of `kind`."""
    return "public" if kind in PUBLIC_KINDS else "internal"
