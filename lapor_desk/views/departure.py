"""When the open report leaves the desk: one sentence saying who moved it where, and when.

An officer's desk holds only the reports at their OPD. A report leaves when the coordinator moves
it to another OPD, when someone returns it (bukan wewenang, also this officer), or when a full
resync no longer delivers it. The report pane then keeps showing it read-only with this sentence,
and the composer keeps any unsent text (its draft stays in the store).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication

from lapor_core.reference import load_reference
from lapor_core.workflow import AGENCY_STATUSES, Role
from lapor_desk.services.queue import parse_time
from lapor_desk.services.reports import ReportPage

_MOVES = ("reassign", "return")


def _when(value: str | None) -> str:
    moment = parse_time(value)
    return moment.strftime("%d-%m-%Y %H:%M") + " WIT" if moment else ""


def _agency_name(code: str | None) -> str:
    if not code:
        return ""
    try:
        return load_reference().agency(code).name
    except KeyError:
        return code


def departure_text(
    reason: str | None,
    by: str | None = None,
    to_agency_code: str | None = None,
    at: str | None = None,
    *,
    pending: bool = False,
) -> str:
    """The sentence for a report that left: `reason` is reassigned, returned or None (unknown)."""
    who = by or QCoreApplication.translate("Departure", "someone")
    when = _when(at)
    if reason in ("reassigned", "reassign"):
        where = _agency_name(to_agency_code) or QCoreApplication.translate(
            "Departure", "another OPD"
        )
        text = (
            QCoreApplication.translate("Departure", "This report was moved to %1 by %2 on %3.")
            if when
            else QCoreApplication.translate("Departure", "This report was moved to %1 by %2.")
        )
        text = text.replace("%1", where).replace("%2", who).replace("%3", when)
    elif reason in ("returned", "return"):
        text = (
            QCoreApplication.translate(
                "Departure", "This report was returned to the coordinator by %1 on %2."
            )
            if when
            else QCoreApplication.translate(
                "Departure", "This report was returned to the coordinator by %1."
            )
        )
        text = text.replace("%1", who).replace("%2", when)
    else:
        text = QCoreApplication.translate(
            "Departure", "This report is no longer in this desk's queue."
        )
    if pending:
        text += " " + QCoreApplication.translate("Departure", "(waiting to be sent)")
    return text


def departure_from_tombstone(info: Mapping[str, Any] | None) -> str:
    info = info or {}
    return departure_text(
        info.get("reason"), info.get("by"), info.get("to_agency_code"), info.get("at")
    )


def left_the_desk(page: ReportPage, role: str, agency_code: str | None) -> str | None:
    """The sentence when `page` is no longer this officer's to handle, else None.

    Only an OPD officer's scope shrinks; the local effect of their own return already shows it
    before the sync (the return entry is then marked as waiting to be sent).
    """
    d = page.detail
    if role != Role.PETUGAS:
        return None
    if d.agency_code == agency_code and d.status in AGENCY_STATUSES:
        return None
    move = next((e for e in reversed(d.events) if e.kind in _MOVES), None)
    if move is None:
        return departure_text(None)
    return departure_text(
        move.kind, move.actor, move.agency_code, move.created_at, pending=move.pending
    )
