"""What the `forward` and `partner_answer` ops check and write, inside the op's transaction.

The workflow (`lapor_core.workflow`) decides whether the action fits the report (a forward at
screening only, once; a partner's answer only on a forwarded report). This module looks at the
database: the partner exists and is active (`unknown_partner`), a hand-recorded answer is for a
partner without LAPOR Desk (`partner_runs_lapor`: that partner's answers arrive by themselves), and
writes the `forwards` row with the report's change. docs/forwarding.md, docs/api.md.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from lapor_core.wire import FORWARDED_REASON, Outcome
from lapor_core.workflow import Action
from lapor_server.forwarding.tables import Forward, Partner
from lapor_server.models import Report
from lapor_server.op_checks import Stop

#: forward states: waiting for the worker, accepted by the partner, given up, recorded only
PENDING, SENT, FAILED, MANUAL = "pending", "sent", "failed", "manual"


def external_id(report: Report) -> str:
    """What the partner's intake receives as `external_id`: one per forwarded report, so every
    retry of its submission names the same report there."""
    return f"lapor-forward-{report.id}"


def check(s: Session, action: Action, payload: dict[str, Any], report: Report) -> None:
    """Raise Stop (rejected) when the op names no usable partner, before the workflow decides."""
    if action == Action.FORWARD:
        partner = s.scalar(sa.select(Partner).where(Partner.code == payload["partner"]))
        if partner is None or not partner.active:
            raise Stop(
                Outcome.REJECTED,
                "unknown_partner",
                f"Instansi tujuan '{payload['partner']}' tidak dikenal server ini (lihat daftar "
                "instansi mitra; admin menambahkannya dengan 'lapor-server partners add').",
            )
    elif action == Action.PARTNER_ANSWER:
        fwd = forward_of(s, report.id)
        if fwd is not None:
            partner = s.get(Partner, fwd.partner_id)
            if partner is not None and partner.runs_lapor:
                raise Stop(
                    Outcome.REJECTED,
                    "partner_runs_lapor",
                    f"{partner.name} memakai LAPOR Desk: jawabannya masuk sendiri ke laporan ini "
                    "dan tidak dicatat dengan tangan.",
                )


def write(
    s: Session,
    action: Action,
    payload: dict[str, Any],
    report: Report,
    op_id: str,
    now: datetime,
) -> dict[str, Any]:
    """Apply the forwarding side of the op; returns what the event's `data` adds."""
    if action == Action.FORWARD:
        partner = s.scalar(sa.select(Partner).where(Partner.code == payload["partner"]))
        assert partner is not None  # checked before the workflow
        report.archive_reason = FORWARDED_REASON
        report.duplicate_of = None
        s.add(
            Forward(
                report_id=report.id,
                partner_id=partner.id,
                reason=payload["reason"],
                reference=payload.get("reference"),
                op_id=op_id,
                external_id=external_id(report),
                state=PENDING if partner.runs_lapor else MANUAL,
                attempts=0,
                next_attempt_at=now if partner.runs_lapor else None,
                forwarded_at=now,
            )
        )
        return {
            "partner_name": partner.name,
            "partner_kind": partner.kind,
            "runs_lapor": partner.runs_lapor,
        }
    if action == Action.PARTNER_ANSWER:
        fwd = forward_of(s, report.id)
        partner = s.get(Partner, fwd.partner_id) if fwd is not None else None
        if partner is None:
            return {}
        return {"partner": partner.code, "partner_name": partner.name}
    return {}


def forward_of(s: Session, report_id: str) -> Forward | None:
    return s.scalar(sa.select(Forward).where(Forward.report_id == report_id))


def describe(s: Session, report: Report, action: Action) -> tuple[str, str] | None:
    """(reason, Indonesian detail) of a forwarding op that no longer fits, or None."""
    forwarded = report.archive_reason == FORWARDED_REASON
    if action == Action.FORWARD and forwarded:
        fwd = forward_of(s, report.id)
        partner = s.get(Partner, fwd.partner_id) if fwd is not None else None
        name = partner.name if partner is not None else "instansi lain"
        return "already_forwarded", f"Laporan ini sudah diteruskan ke {name}."
    if action == Action.FORWARD:
        return "not_forwardable", (
            "Laporan hanya dapat diteruskan ke instansi lain sebelum didisposisikan ke OPD "
            "(belum terverifikasi atau belum terdisposisi). Bila OPD menyatakan bukan "
            "wewenangnya, laporan kembali ke koordinator dan dapat diteruskan."
        )
    if action == Action.PARTNER_ANSWER and not forwarded:
        return "not_forwarded", "Laporan ini tidak diteruskan ke instansi lain."
    return None
