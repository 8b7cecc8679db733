"""Why an op no longer fits a report, in the words an officer reads (the `conflict` outcome).

`describe_conflict` names what happened instead — reassigned to which OPD, by whom and when;
already verified, completed, archived, postponed — with a stable `reason` code beside the
Indonesian sentence (docs/api.md, Operations). The op engine (`ops.py`) calls it when the
workflow refuses an op the desk was allowed to write.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from lapor_core.calendar import MIMIKA_TZ
from lapor_core.workflow import (
    ACTION_LABELS_ID,
    AGENCY_STATUSES,
    LABELS_ID,
    NON_DESK_ROLES,
    Action,
    Role,
    Status,
)
from lapor_server import reports as rep
from lapor_server.models import Report, ReportEvent

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
ACTION_ID: dict[str, str] = dict(ACTION_LABELS_ID)
_ROLE_ID = {
    Role.PETUGAS: "petugas",
    Role.KOORDINATOR: "koordinator",
    Role.PIMPINAN: "pimpinan",
    Role.ADMIN: "admin",
    Role.REPORTER: "pelapor",
    Role.SYSTEM: "sistem",
}


def format_time(moment: datetime) -> str:
    """`27 Nov 2026 10.15 WIT` — how an officer reads a time."""
    t = moment.astimezone(MIMIKA_TZ)
    return f"{t.day} {_MONTHS[t.month - 1]} {t.year} {t:%H.%M} WIT"


def _by(event: ReportEvent) -> str:
    if event.actor_role in NON_DESK_ROLES:
        return _ROLE_ID[event.actor_role]
    return f"{_ROLE_ID.get(event.actor_role, event.actor_role)} {event.actor}"


def last_event(
    s: Session, report_id: str, kinds: tuple[str, ...], **where: Any
) -> ReportEvent | None:
    q = sa.select(ReportEvent).where(
        ReportEvent.report_id == report_id, ReportEvent.kind.in_(kinds)
    )
    for key, value in where.items():
        q = q.where(getattr(ReportEvent, key) == value)
    return s.scalar(q.order_by(ReportEvent.id.desc()).limit(1))


def describe_conflict(
    s: Session, report: Report, action: Action, role: str, agency_code: str | None
) -> tuple[str, str]:
    """(reason code, Indonesian explanation) of why `action` no longer fits the report."""
    status = Status(report.status)
    if role == Role.PETUGAS and (
        report.agency_code != agency_code or status not in AGENCY_STATUSES
    ):
        # It left the officer's agency: say where it went, who moved it and when.
        events = s.scalars(
            sa.select(ReportEvent)
            .where(ReportEvent.report_id == report.id, ReportEvent.kind.in_(("reassign", "return")))
            .order_by(ReportEvent.id.desc())
        ).all()
        for ev in events:
            if ev.kind == "reassign" and ev.data.get("from") == agency_code:
                return "reassigned", (
                    f"Laporan ini sudah dialihkan ke {rep.agency_name(s, ev.agency_code)} oleh "
                    f"{_by(ev)} pada {format_time(ev.created_at)}."
                )
            if ev.kind == "return" and ev.agency_code == agency_code:
                return "returned", (
                    "Laporan ini sudah dikembalikan ke koordinator (bukan wewenang) oleh "
                    f"{_by(ev)} pada {format_time(ev.created_at)}."
                )
        return "left_agency", "Laporan ini tidak lagi berada di OPD Anda."
    if report.closed_at is not None:
        return "closed", f"Laporan sudah ditutup pada {format_time(report.closed_at)}."
    if status == Status.COMPLETED:
        ev = last_event(s, report.id, ("respond",))
        when = f" oleh {_by(ev)} pada {format_time(ev.created_at)}" if ev else ""
        return "completed", f"Laporan sudah diselesaikan{when}."
    if status == Status.ARCHIVED:
        ev = last_event(s, report.id, ("archive",))
        when = f" oleh {_by(ev)} pada {format_time(ev.created_at)}" if ev else ""
        return "archived", f"Laporan sudah diarsipkan{when}."
    if action == Action.VERIFY:
        ev = last_event(s, report.id, ("verify",))
        when = f" oleh {_by(ev)} pada {format_time(ev.created_at)}" if ev else ""
        return "already_verified", f"Laporan sudah diverifikasi{when}."
    if action == Action.DISPATCH and report.agency_code:
        ev = last_event(s, report.id, ("dispatch", "reassign"))
        when = f" oleh {_by(ev)} pada {format_time(ev.created_at)}" if ev else ""
        return "already_dispatched", (
            f"Laporan sudah didisposisikan ke {rep.agency_name(s, report.agency_code)}{when}."
        )
    if action == Action.RESUME and status != Status.POSTPONED:
        return "not_postponed", "Laporan tidak sedang ditunda."
    if action == Action.RESUME:
        return "coordinator_postponed", (
            "Laporan ini ditunda sebelum didisposisikan; hanya koordinator yang dapat "
            "melanjutkannya."
        )
    if status == Status.POSTPONED:
        ev = last_event(s, report.id, ("postpone",))
        since = f" sejak {format_time(ev.created_at)}" if ev else ""
        return "postponed", f"Laporan sedang ditunda (menunggu informasi dari pelapor){since}."
    return "status_changed", (
        f"Laporan sekarang berstatus '{LABELS_ID[status]}', sehingga tindakan "
        f"'{ACTION_ID.get(action.value, action.value)}' tidak dapat dilakukan."
    )
