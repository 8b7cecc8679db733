"""Timeline entries: which text an action leaves on the report's timeline, and who may read it.

The server writes the event when it applies an op; the desk writes the same text into its pending
entry the moment the officer acts, so the timeline does not change wording when the op settles.
One function each for both: the text (`event_text`), the details (`event_data`), the OPD it names
(`event_agency`); see docs/api.md (Feed, events) and docs/sync.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lapor_core.workflow import Action

#: The text of a verification (its payload holds only codes and flags).
VERIFIED_TEXT = "Laporan diverifikasi."

#: The text of a redaction (never the redacted or the original text).
REDACTED_TEXT = "Teks publik laporan disunting oleh koordinator."

#: The kind of an event a partner instansi's own server sent back (its public update, fetched
#: by the forwarding worker; docs/forwarding.md). Not an op: no desk sends it.
PARTNER_UPDATE = "partner_update"

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
    Action.REDACT: None,
    Action.FORWARD: "reason",
    Action.PARTNER_ANSWER: "text",
    Action.REPORTER_REPLY: "text",
    Action.CLOSE: None,
}

#: Event kinds the reporter (and the public) may read; every other kind is internal.
PUBLIC_KINDS = frozenset(
    {
        "submit",
        Action.RESPOND,
        Action.POSTPONE,
        Action.REPORTER_REPLY,
        "rating",
        Action.PARTNER_ANSWER,
        PARTNER_UPDATE,
    }
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
    if kind == Action.REDACT:
        return REDACTED_TEXT
    return written_text(kind, payload)


def event_agency(kind: str, payload: Mapping[str, Any], agency_code: str | None) -> str | None:
    """The OPD an event names: the target of a dispatch or reassignment, else where it is."""
    if kind in (Action.DISPATCH, Action.REASSIGN):
        return payload.get("agency_code")
    return agency_code


def event_data(
    kind: str,
    payload: Mapping[str, Any],
    agency_code: str | None,
    *,
    changes: Mapping[str, Any] | None = None,
) -> dict[str, Any] | None:
    """The details an action's event carries (docs/api.md, events `data`); None: no details.

    `agency_code` is where the report was before the action. For a verification, `changes` are
    the fields it changed (the server compares with the report); without them every field sent
    counts. A changed title is noted as `true`, never copied (the citizen's words stay on the
    report only).
    """
    match kind:
        case Action.RETURN:
            return {"suggested_agency_code": payload.get("suggested_agency_code")}
        case Action.REASSIGN:
            return {"from": agency_code, "to": payload.get("agency_code")}
        case Action.DISPATCH:
            return {"to": payload.get("agency_code")}
        case Action.ARCHIVE:
            return {"reason": payload.get("reason"), "duplicate_of": payload.get("duplicate_of")}
        case Action.RESPOND:
            return {"final": bool(payload.get("final"))}
        case Action.FORWARD:
            # the server adds the partner's name and kind (the desk has them from its reference)
            return {"partner": payload.get("partner"), "reference": payload.get("reference")}
        case Action.PARTNER_ANSWER:
            return {"final": bool(payload.get("final")), "reference": payload.get("reference")}
        case Action.REDACT:
            # which fields now have a public version (true) or show the original again (false)
            return {
                "fields": {k: payload[k] is not None for k in ("body", "address") if k in payload}
            }
        case Action.VERIFY:
            fields = payload if changes is None else changes
            return {"changes": {k: (True if k == "title" else v) for k, v in fields.items()}}
    return None


def visibility(kind: str) -> str:
    """`public` or `internal` for an event of `kind`."""
    return "public" if kind in PUBLIC_KINDS else "internal"
