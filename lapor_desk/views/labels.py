"""Translatable names for the stable codes the desk shows: statuses, queue views, sync states.

Codes stay English in the data (lapor_core); the officer reads the label in the desk's language.
The Indonesian translations in `lapor_id.ts` are SP4N-LAPOR!'s own words ("Belum Ditindaklanjuti").
Reference names (agencies, distrik, categories) are proper Indonesian names and are not translated.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

_STATUS = {
    "unverified": QT_TRANSLATE_NOOP("Labels", "Not yet verified"),
    "verified": QT_TRANSLATE_NOOP("Labels", "Not yet dispatched"),
    "dispatched": QT_TRANSLATE_NOOP("Labels", "Not yet followed up"),
    "in_progress": QT_TRANSLATE_NOOP("Labels", "In progress"),
    "postponed": QT_TRANSLATE_NOOP("Labels", "Postponed"),
    "completed": QT_TRANSLATE_NOOP("Labels", "Completed"),
    "archived": QT_TRANSLATE_NOOP("Labels", "Archived"),
}

_QUEUE_VIEW = {
    "new": QT_TRANSLATE_NOOP("Labels", "New"),
    "follow_up": QT_TRANSLATE_NOOP("Labels", "Needs follow-up"),
    "in_progress": QT_TRANSLATE_NOOP("Labels", "In progress"),
    "postponed": QT_TRANSLATE_NOOP("Labels", "Postponed"),
    "due_soon": QT_TRANSLATE_NOOP("Labels", "Due soon"),
    "overdue": QT_TRANSLATE_NOOP("Labels", "Overdue"),
    "completed": QT_TRANSLATE_NOOP("Labels", "Completed"),
    "all": QT_TRANSLATE_NOOP("Labels", "All"),
}

_QUEUE_VIEW_HINT = {
    "new": QT_TRANSLATE_NOOP("Labels", "Dispatched to your OPD and not answered yet"),
    "follow_up": QT_TRANSLATE_NOOP(
        "Labels", "Reports where the reporter wrote back after your last answer"
    ),
    "in_progress": QT_TRANSLATE_NOOP("Labels", "Answered at least once, no final answer yet"),
    "postponed": QT_TRANSLATE_NOOP(
        "Labels", "Waiting for information from the reporter; the deadline is paused"
    ),
    "due_soon": QT_TRANSLATE_NOOP("Labels", "Response deadline within two working days"),
    "overdue": QT_TRANSLATE_NOOP("Labels", "Response deadline has passed"),
    "completed": QT_TRANSLATE_NOOP("Labels", "Final answer given"),
    "all": QT_TRANSLATE_NOOP("Labels", "Every report in this desk"),
}

_SYNC_STATE = {
    "synced": QT_TRANSLATE_NOOP("Labels", "Synchronised with the server"),
    "pending": QT_TRANSLATE_NOOP("Labels", "Saved on this computer, waiting to be sent"),
    "sending": QT_TRANSLATE_NOOP("Labels", "Being sent to the server"),
    "conflict": QT_TRANSLATE_NOOP("Labels", "Conflict: the server could not accept a change"),
    "error": QT_TRANSLATE_NOOP("Labels", "Not sent: the server refused a change"),
}

_EVENT_KIND = {
    "submit": QT_TRANSLATE_NOOP("Labels", "Report submitted"),
    "submitted": QT_TRANSLATE_NOOP("Labels", "Report submitted"),
    "verify": QT_TRANSLATE_NOOP("Labels", "Verified"),
    "verified": QT_TRANSLATE_NOOP("Labels", "Verified"),
    "archive": QT_TRANSLATE_NOOP("Labels", "Archived"),
    "dispatch": QT_TRANSLATE_NOOP("Labels", "Dispatched"),
    "reassign": QT_TRANSLATE_NOOP("Labels", "Reassigned"),
    "return": QT_TRANSLATE_NOOP("Labels", "Returned: not our authority"),
    "respond": QT_TRANSLATE_NOOP("Labels", "Public response"),
    "note": QT_TRANSLATE_NOOP("Labels", "Internal note"),
    "postpone": QT_TRANSLATE_NOOP("Labels", "Postponed"),
    "resume": QT_TRANSLATE_NOOP("Labels", "Resumed"),
    "reporter_reply": QT_TRANSLATE_NOOP("Labels", "Reply from the reporter"),
    "close": QT_TRANSLATE_NOOP("Labels", "Closed"),
    "deadlines": QT_TRANSLATE_NOOP("Labels", "Deadlines moved"),
    "rating": QT_TRANSLATE_NOOP("Labels", "Rating from the reporter"),
    "forward": QT_TRANSLATE_NOOP("Labels", "Forwarded to another instansi"),
    "forward_sent": QT_TRANSLATE_NOOP("Labels", "Received by the instansi"),
    "partner_answer": QT_TRANSLATE_NOOP("Labels", "Answer of the instansi (recorded)"),
    "partner_update": QT_TRANSLATE_NOOP("Labels", "Update from the instansi"),
    "forward_reply_refused": QT_TRANSLATE_NOOP("Labels", "Reply not accepted by the instansi"),
}


def _t(text: str) -> str:
    return QCoreApplication.translate("Labels", text)


def status_label(code: str | None) -> str:
    return _t(_STATUS[code]) if code in _STATUS else (code or "")


def queue_view_label(code: str) -> str:
    return _t(_QUEUE_VIEW[code]) if code in _QUEUE_VIEW else code


def queue_view_hint(code: str) -> str:
    return _t(_QUEUE_VIEW_HINT[code]) if code in _QUEUE_VIEW_HINT else ""


def sync_state_label(code: str | None) -> str:
    return _t(_SYNC_STATE[code]) if code in _SYNC_STATE else (code or "")


def event_kind_label(code: str) -> str:
    return _t(_EVENT_KIND[code]) if code in _EVENT_KIND else code


def days_left_text(days: int | None) -> str:
    """'3 hari kerja lagi', 'hari ini', 'terlambat 2 hari kerja' in the desk's language."""
    if days is None:
        return ""
    if days == 0:
        return QCoreApplication.translate("Labels", "due today")
    if days > 0:
        return QCoreApplication.translate("Labels", "%n working day(s) left", "", days)
    return QCoreApplication.translate("Labels", "%n working day(s) late", "", -days)
