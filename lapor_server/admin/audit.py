"""The audit log: write one entry in the caller's transaction, read it with filters, export it
as CSV (docs/admin.md, "Log audit"). Entries are never changed or deleted: there is no code path
for it, and the database refuses it (`admin/tables.py`).

What is written: sign-ins (success and failure, address, device), device registrations and
revocations, sign-outs, every administrative change (desk op or `lapor-server` command),
exports, anonymity/secret flag changes, and the fetch of a one-time secret. Never a password,
a token, a key or a reporter's identity: `detail` holds field names and non-secret values.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from lapor_core.admin import AUDIT_LABELS_ID, AuditKind
from lapor_core.calendar import MIMIKA_TZ
from lapor_core.cells import inert_text
from lapor_core.workflow import Role
from lapor_server.admin.tables import AuditEntry
from lapor_server.models import User

#: the actor name of `lapor-server` commands run on the server machine
CLI_ACTOR = "lapor-server"
MAX_PAGE = 1000
MAX_EXPORT = 100_000


@dataclass(frozen=True, slots=True)
class Actor:
    """Who makes an administrative change (a desk account, or the CLI with user_id None)."""

    name: str
    role: str | None = None
    user_id: int | None = None
    agency_code: str | None = None
    remote_addr: str | None = None
    device: str | None = None
    device_id: int | None = None
    op_id: str | None = None


CLI = Actor(name=CLI_ACTOR, role=Role.ADMIN.value, remote_addr="local")


def record(
    s: Session,
    kind: AuditKind,
    actor: Actor,
    now: datetime,
    *,
    subject: str | None = None,
    subject_user_id: int | None = None,
    agency_code: str | None = None,
    outcome: str = "ok",
    detail: dict[str, Any] | None = None,
    device: str | None = None,
    device_id: int | None = None,
) -> None:
    """Append one entry (in the caller's transaction: it commits or rolls back with the change)."""
    s.add(
        AuditEntry(
            at=now,
            kind=kind.value,
            outcome=outcome,
            actor_user_id=actor.user_id,
            actor=(actor.name or "?")[:200],
            actor_role=actor.role,
            subject=subject[:200] if subject else None,
            subject_user_id=subject_user_id,
            agency_code=agency_code,
            remote_addr=(actor.remote_addr or None) and actor.remote_addr[:64],
            device=((device or actor.device) or None) and (device or actor.device or "")[:200],
            device_id=device_id if device_id is not None else actor.device_id,
            op_id=actor.op_id,
            detail=detail or {},
        )
    )


def change(old: Any, new: Any) -> str:
    """One changed field as the log shows it: `old → new` ('–' for nothing)."""

    def text(value: Any) -> str:
        return "–" if value is None or value == "" else str(value)

    return f"{text(old)} → {text(new)}"


@dataclass(frozen=True, slots=True)
class AuditFilter:
    #: entries done by or about this username
    account: str | None = None
    kinds: tuple[str, ...] = ()
    since: datetime | None = None
    until: datetime | None = None
    #: page backwards: entries with a smaller id
    before_id: int | None = None
    limit: int = 200


def _remit(viewer_role: str, viewer_id: int) -> Any:
    """A koordinator reads entries about OPD officers' accounts (petugas) and its own acts."""
    if viewer_role == Role.ADMIN:
        return sa.true()
    officers = sa.select(User.id).where(User.role == Role.PETUGAS.value)
    return sa.or_(AuditEntry.subject_user_id.in_(officers), AuditEntry.actor_user_id == viewer_id)


def query(
    s: Session, viewer_role: str, viewer_id: int, f: AuditFilter, *, cap: int = MAX_PAGE
) -> list[AuditEntry]:
    """Entries newest first, filtered, within the viewer's remit."""
    q = sa.select(AuditEntry).where(_remit(viewer_role, viewer_id))
    if f.account:
        name = f.account.strip().lower()
        uid = s.scalar(sa.select(User.id).where(User.username == name))
        # a failed sign-in with an unknown username is found by the name typed
        q = q.where(
            sa.or_(
                AuditEntry.actor_user_id == uid,
                AuditEntry.subject_user_id == uid,
                sa.and_(AuditEntry.actor_user_id.is_(None), AuditEntry.actor == name),
            )
            if uid is not None
            else sa.and_(AuditEntry.actor_user_id.is_(None), AuditEntry.actor == name)
        )
    if f.kinds:
        q = q.where(AuditEntry.kind.in_(list(f.kinds)))
    if f.since is not None:
        q = q.where(AuditEntry.at >= f.since)
    if f.until is not None:
        q = q.where(AuditEntry.at < f.until)
    if f.before_id is not None:
        q = q.where(AuditEntry.id < f.before_id)
    limit = max(1, min(f.limit, cap))
    return list(s.scalars(q.order_by(AuditEntry.id.desc()).limit(limit)))


def as_dict(e: AuditEntry) -> dict[str, Any]:
    return {
        "id": e.id,
        "at": e.at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "kind": e.kind,
        "label": AUDIT_LABELS_ID.get(AuditKind(e.kind), e.kind) if e.kind in _KINDS else e.kind,
        "outcome": e.outcome,
        "actor": e.actor,
        "actor_role": e.actor_role,
        "subject": e.subject,
        "agency_code": e.agency_code,
        "remote_addr": e.remote_addr,
        "device": e.device,
        "device_id": e.device_id,
        "op_id": e.op_id,
        "detail": e.detail or {},
    }


_KINDS = frozenset(k.value for k in AuditKind)
CSV_COLUMNS = (
    ("id", "ID"),
    ("at", "Waktu (WIT)"),
    ("label", "Jenis"),
    ("outcome", "Hasil"),
    ("actor", "Pelaku"),
    ("actor_role", "Peran"),
    ("subject", "Sasaran"),
    ("agency_code", "OPD"),
    ("remote_addr", "Alamat"),
    ("device", "Perangkat"),
    ("detail", "Rincian"),
)


def _detail_text(detail: dict[str, Any]) -> str:
    return "; ".join(f"{k}={v}" for k, v in sorted(detail.items()))


def to_csv(entries: Iterable[AuditEntry]) -> str:
    """The entries as CSV (UTF-8, header row, local time); every text cell inert."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([label for _key, label in CSV_COLUMNS])
    for e in entries:
        row = as_dict(e)
        row["at"] = e.at.astimezone(MIMIKA_TZ).strftime("%Y-%m-%d %H:%M:%S")
        row["detail"] = _detail_text(row["detail"])
        writer.writerow(
            [inert_text(str(row[key])) if row[key] is not None else "" for key, _ in CSV_COLUMNS]
        )
    return out.getvalue()
