"""What the server checks about an op beyond the workflow, before anything is written.

The workflow (`lapor_core.workflow`) decides whether an action fits a report's state; these checks
look at the database: the codes an op names exist (OPD, category, distrik), the original of a
duplicate is found, the attachments are uploaded, and whether an officer's agency ever held the
report (a report it never held is answered like one that does not exist). `written_time` bounds
the time a desk claims an answer was written (docs/api.md, "When an answer was written"). A check
that fails raises `Stop` with the outcome, reason code and Indonesian detail.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from lapor_core.wire import Outcome
from lapor_core.workflow import Action
from lapor_server import reports as rep
from lapor_server.models import Agency, Category, District, Report, ReportEvent


class Stop(Exception):
    """Ends an op early with a non-applied outcome (nothing has been written yet)."""

    def __init__(self, outcome: Outcome, reason: str, detail: str, version: int | None = None):
        super().__init__(detail)
        self.outcome = outcome
        self.reason = reason
        self.detail = detail
        #: the target's current version, for a conflict of an admin op (reports look theirs up)
        self.version = version


def ever_at_agency(s: Session, report_id: str, agency: str | None) -> bool:
    if not agency:
        return False
    hit = s.scalar(
        sa.select(ReportEvent.id)
        .where(
            ReportEvent.report_id == report_id,
            ReportEvent.kind.in_(("dispatch", "reassign")),
            ReportEvent.agency_code == agency,
        )
        .limit(1)
    )
    return hit is not None


def _exists(s: Session, model: type, code: str) -> bool:
    return s.get(model, code) is not None


def _check_privacy(action: Action, payload: dict[str, Any], report: Report) -> None:
    """Anonymity and secrecy are the reporter's choice: staff may add them, never lift them
    (issue 12 #2). The reporter lifts them through their channel: `reports.lift_privacy`."""
    if action != Action.VERIFY:
        return
    for key, label in (("is_anonymous", "anonim"), ("is_secret", "rahasia")):
        if payload.get(key) is False and getattr(report, key):
            raise Stop(
                Outcome.REJECTED,
                "privacy_one_way",
                f"Pelapor memilih '{label}'; petugas tidak dapat membukanya. Hanya pelapor yang "
                "dapat mengubah pilihan ini melalui kanal pengaduannya.",
            )


def _check_duplicate(s: Session, payload: dict[str, Any], report: Report) -> None:
    """The original of a duplicate is a report that is not itself archived as a duplicate, and a
    report that is the original of others is not archived as a duplicate (no cycles, no chains).
    The original's row is locked, so two opposite archives at once cannot both pass."""
    dup = payload["duplicate_of"]
    if dup == report.id or dup == report.tracking_id:
        raise Stop(
            Outcome.REJECTED,
            "duplicate_of",
            "laporan tidak bisa menjadi duplikat dirinya sendiri",
        )
    original = s.execute(
        sa.select(Report.id, Report.tracking_id, Report.duplicate_of)
        .where(sa.or_(Report.id == dup, Report.tracking_id == dup))
        .with_for_update()
    ).first()
    if original is None:
        raise Stop(
            Outcome.REJECTED,
            "duplicate_of",
            f"laporan asli '{dup}' untuk duplikat tidak ditemukan",
        )
    if original.duplicate_of is not None:
        raise Stop(
            Outcome.REJECTED,
            "duplicate_chain",
            f"Laporan {original.tracking_id} sendiri sudah diarsipkan sebagai duplikat; pilih "
            "laporan aslinya sebagai laporan asli.",
        )
    copies = s.scalar(
        sa.select(sa.func.count()).select_from(Report).where(Report.duplicate_of == report.id)
    )
    if copies:
        raise Stop(
            Outcome.REJECTED,
            "duplicate_chain",
            f"Laporan ini adalah laporan asli dari {copies} duplikat, sehingga tidak dapat "
            "diarsipkan sebagai duplikat.",
        )
    payload["duplicate_of"] = original.id


def check_codes(
    s: Session,
    action: Action,
    payload: dict[str, Any],
    report: Report,
    *,
    user_id: int | None = None,
    sees_hidden: bool = True,
) -> None:
    """Codes, duplicate original, privacy direction and attachments of an op.

    `user_id` is the sending account (its uploads may be linked); `sees_hidden` is False for an
    officer (files hidden from the OPD are not "already visible" to it)."""

    def bad(field: str, what: str) -> Stop:
        return Stop(Outcome.REJECTED, "unknown_code", f"{what} '{payload[field]}' tidak dikenal")

    if action in (Action.DISPATCH, Action.REASSIGN):
        agency = s.get(Agency, payload["agency_code"])
        if agency is None or not agency.active:
            raise bad("agency_code", "OPD")
    suggested = payload.get("suggested_agency_code")
    if action == Action.RETURN and suggested and not _exists(s, Agency, suggested):
        raise bad("suggested_agency_code", "OPD")
    if action == Action.VERIFY:
        if "category_code" in payload and not _exists(s, Category, payload["category_code"]):
            raise bad("category_code", "Kategori")
        if "district_code" in payload and not _exists(s, District, payload["district_code"]):
            raise bad("district_code", "Distrik")
    if action == Action.ARCHIVE and payload.get("duplicate_of"):
        _check_duplicate(s, payload, report)
    _check_privacy(action, payload, report)
    hashes = payload.get("attachments") or []
    # Only files this account uploaded, or already visible to it on this report (issue 12 #3);
    # the same answer whether or not a hash exists on the server.
    missing = rep.unlinkable_attachments(
        s, hashes, report_id=report.id, user_id=user_id, sees_hidden=sees_hidden
    )
    if missing:
        raise Stop(
            Outcome.REJECTED,
            "attachment_missing",
            "lampiran belum diunggah dari akun ini: "
            f"{', '.join(h[:12] for h in missing)} (unggah berkasnya lagi, lalu kirim ulang)",
        )


def written_time(
    s: Session, report: Report, claimed: datetime | None, base_version: int | None, now: datetime
) -> datetime:
    """When an answer was written, as far as the server can vouch for it (docs/api.md).

    The desk's claim is the op's `created_at` (its clock when the officer saved the answer). It is
    bounded so that it cannot be forged: never before the report version the answer was written
    on existed (`base_version`; without one, the report's current version), never before the
    report reached the OPD that answers it (the latest dispatch), never after the server
    received it. Without a claim the answer was written when it arrived.
    """
    if claimed is None or claimed.tzinfo is None:
        return now
    base = base_version
    if base is None or base < 1 or base > (report.version or 0):
        base = report.version or 0
    earliest = s.scalar(
        sa.select(ReportEvent.created_at).where(
            ReportEvent.report_id == report.id, ReportEvent.version == base
        )
    )
    if earliest is None:
        earliest = report.updated_at or now
    if report.dispatched_at is not None and report.dispatched_at > earliest:
        earliest = report.dispatched_at
    return min(max(claimed, earliest), now)
