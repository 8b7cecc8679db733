"""What the reporter sees of a report, on the desk: "Percakapan dengan pelapor".

The entries come from the report's synced timeline through `lapor_core.conversation.public_entry`,
the function the server uses when it tells the reporter (Open311, channels, webhooks, e-mail), so
the officer reads exactly what the citizen read, in order. Entries of ops not yet sent are marked
pending: the citizen sees them only after the next sync. See docs/channels.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from lapor_core.conversation import public_entry
from lapor_desk.models.dto import ReportDetail


@dataclass(frozen=True, slots=True)
class Line:
    created_at: str
    kind: str
    description: str
    speaker: str | None
    rating: int | None
    final: bool
    pending: bool


def conversation(detail: ReportDetail, agency_names: Mapping[str, str]) -> list[Line]:
    out = []
    for e in detail.events:
        name = agency_names.get(e.agency_code, e.agency_code) if e.agency_code else None
        entry = public_entry(e.kind, text=e.text, data=e.data, agency_name=name)
        if entry is None:
            continue
        out.append(
            Line(
                created_at=e.created_at,
                kind=entry.kind,
                description=entry.description,
                speaker=entry.speaker,
                rating=entry.rating,
                final=entry.final,
                pending=e.pending,
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class Reach:
    """How a public answer reaches the reporter: the report's channel, and e-mail when this desk
    sees the reporter's address (a coordinator's, for a named reporter). `maybe_email`: this desk
    does not see the contact (an officer's desk, any anonymous report); the server still e-mails
    the reporter if they gave an address, and the desk says so without knowing."""

    channel: str | None
    email: bool
    maybe_email: bool


def reach(detail: ReportDetail) -> Reach:
    reporter = detail.reporter or {}
    email = bool(reporter.get("email"))
    return Reach(
        channel=detail.channel, email=email, maybe_email=not email and "email" not in reporter
    )
