"""What the citizen sees of a report: its public conversation, defined once (docs/channels.md).

`public_entry` turns one timeline event into what the reporter is told, or None when the reporter
is told nothing of it. The server writes these entries when a change is made (Open311
`status_notes` and `servicerequestupdates`, the channel feed, webhooks, e-mail all read them) and
the desk shows the same entries as "Percakapan dengan pelapor".

Rules: internal notes, reasons of reassignments and returns, archive notes, staff names and the
OPD a report left are never part of it; an answer names only its OPD. A forwarded report tells
where it went, and what the partner instansi answers is shown in the partner's name. Unknown
event kinds are not shown (a new kind must be added here on purpose).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lapor_core.wire import FORWARDED_REASON
from lapor_core.workflow import LABELS_ID, Status

#: entry kinds: a status change, an OPD's public answer, a request for more information, the
#: reporter's own reply, the reporter's rating
STATUS, ANSWER, INFO_REQUEST, REPLY, RATING = "status", "answer", "info_request", "reply", "rating"
#: entry kinds written by the reporter (the channel feed carries them; public Open311 does not)
FROM_REPORTER = frozenset({REPLY, RATING})
#: entry kinds the reporter is e-mailed about
MAILED = frozenset({ANSWER, INFO_REQUEST})
#: a rating at or below this, with a comment, inside the reply window re-opens the report
LOW_RATING = 2
#: a rating at or above this counts as satisfied
SATISFIED_RATING = 4
#: who speaks for the coordinators (never a person's name)
COORDINATOR_NAME = "Koordinator SP4N-LAPOR! Kabupaten Mimika"

_ARCHIVED = {
    "spam": "Laporan diarsipkan karena tidak dapat ditindaklanjuti.",
    "duplicate": "Laporan diarsipkan karena sama dengan laporan lain yang sudah ditangani.",
    "not_public_service": "Laporan diarsipkan karena bukan kewenangan pelayanan publik daerah.",
    "too_general": "Laporan diarsipkan karena informasinya terlalu umum untuk ditindaklanjuti.",
    "other": "Laporan diarsipkan.",
}


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of the conversation. `speaker`: the OPD's name, the coordinators, "Pelapor" or
    None for a status change; `rating` 1–5 for a rating entry."""

    kind: str
    description: str
    speaker: str | None = None
    rating: int | None = None
    final: bool = False


def public_entry(
    kind: str,
    *,
    text: str | None,
    data: Mapping[str, Any] | None,
    agency_name: str | None,
) -> Entry | None:
    """The entry a timeline event adds to the reporter's conversation (None: nothing).

    `agency_name`: the name of the event's OPD (`agency_code` of the event), None when it has none
    (then a request for information speaks for the coordinators)."""
    data = data or {}
    opd = agency_name or "OPD"
    match kind:
        case "submit":
            return Entry(STATUS, "Laporan diterima dan menunggu verifikasi.")
        case "verify":
            return Entry(STATUS, "Laporan telah diverifikasi dan akan diteruskan ke OPD terkait.")
        case "archive":
            return Entry(STATUS, _ARCHIVED.get(str(data.get("reason")), _ARCHIVED["other"]))
        case "dispatch" | "reassign":
            return Entry(STATUS, f"Laporan diteruskan ke {opd} untuk ditindaklanjuti.")
        case "return":
            return Entry(
                STATUS, "Laporan sedang ditinjau ulang untuk diteruskan ke OPD yang tepat."
            )
        case "respond":
            final = bool(data.get("final"))
            return Entry(ANSWER, (text or "").strip(), speaker=opd, final=final)
        case "postpone":
            speaker = agency_name or COORDINATOR_NAME
            return Entry(INFO_REQUEST, (text or "").strip(), speaker=speaker)
        case "resume":
            return Entry(STATUS, "Laporan kembali diproses.")
        case "reporter_reply":
            return Entry(REPLY, (text or "").strip(), speaker="Pelapor")
        case "rating":
            score = data.get("score")
            score = score if isinstance(score, int) and 1 <= score <= 5 else None
            words = f"Penilaian pelapor: {score}/5." if score else "Penilaian pelapor."
            comment = (text or "").strip()
            return Entry(RATING, f"{words} {comment}".strip(), speaker="Pelapor", rating=score)
        case "close":
            return Entry(STATUS, "Laporan ditutup. Terima kasih atas laporan Anda.", final=True)
        case "forward":
            # the coordinator's reason stays internal; the citizen learns where it went
            return Entry(STATUS, forwarded_text(data.get("partner_name")))
        case "partner_answer":
            # recorded by hand from a partner without LAPOR Desk: its answer, in its name
            partner = str(data.get("partner_name") or "Instansi tujuan")
            final = bool(data.get("final"))
            return Entry(ANSWER, (text or "").strip(), speaker=partner, final=final)
        case "partner_update":
            # a public update the partner's own LAPOR Desk published (docs/forwarding.md)
            return _partner_update(text, data)
    return None


#: how the citizen reads the status of a report forwarded to another instansi (it is archived here)
FORWARDED_LABEL = "Diteruskan ke instansi lain"


def status_label(status: str, archive_reason: str | None) -> str:
    """The status as the citizen reads it: SP4N-LAPOR!'s label, or "Diteruskan ke instansi lain"
    for a forwarded report (whose answers keep arriving from the partner)."""
    if status == Status.ARCHIVED and archive_reason == FORWARDED_REASON:
        return FORWARDED_LABEL
    return LABELS_ID[Status(status)]


def forwarded_text(partner_name: object) -> str:
    """What the citizen is told when the report goes to another instansi."""
    name = str(partner_name or "instansi lain yang berwenang")
    return (
        f"Laporan diteruskan ke {name}, instansi yang berwenang menanganinya. Tanggapan "
        "instansi tersebut akan disampaikan melalui laporan ini."
    )


def _partner_update(text: str | None, data: Mapping[str, Any]) -> Entry | None:
    partner = str(data.get("partner_name") or "Instansi tujuan")
    words = (text or "").strip()
    if not words:
        return None
    match data.get("kind"):
        case "answer":
            return Entry(ANSWER, words, speaker=partner, final=bool(data.get("final")))
        case "info_request":
            return Entry(INFO_REQUEST, words, speaker=partner)
        case "status":
            return Entry(STATUS, f"{partner}: {words}")
    return None  # the partner's citizen-side entries (replies, ratings) are not ours to show
