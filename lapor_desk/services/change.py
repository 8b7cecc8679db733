"""What a write changed (`Change`), so the views refresh only that; and which draft a saved
action consumes. Shared by the actions, conflict resolution and screening (services/actions.py)."""

from __future__ import annotations

from dataclasses import dataclass

#: which draft a saved action consumes (the compose box it came from)
DRAFT_MODE = {"respond": "public", "note": "internal"}


@dataclass(frozen=True, slots=True)
class Change:
    """What a write changed, so views can refresh only that."""

    report_ids: frozenset[str] = frozenset()
    #: "report", "outbox", "draft", "local_files"
    kinds: frozenset[str] = frozenset()
    #: the op queued by this write, if any
    op_id: str | None = None
    #: the op kind ("respond", ...) or the resolution ("discard", "copy_to_draft", ...)
    action: str | None = None
