"""The op engine: applies desk ops (verify, dispatch, respond, ...) exactly once.

One op = one database transaction:
1. The op record is looked up by `op_id` (row-locked). Applied before with the same content →
   `duplicate` with the original result; different content → `rejected`. An op that was
   rejected or conflicted before had no effect, so a resend is evaluated again.
2. The payload is validated (`lapor_core.wire.validate_op_payload`) and the role checked.
3. The report is loaded with a row lock. A report the caller never could see is answered exactly
   like a report that does not exist; codes and attachments are checked (`op_checks.py`).
4. The workflow (`lapor_core.workflow.transition`) decides; a transition that no longer fits a
   report the caller could see is a `conflict` with an Indonesian explanation (`conflicts.py`).
5. The change is applied: fields, what the transition changes (`Transition.changes`: status,
   agency, clock stamps, the pause), the timeline event (`lapor_core.events.event_text`),
   version + 1, deadlines, feed position, tombstone for an agency the report left, and the op
   record — all committed together.

Two requests with the same op_id at once: the second either waits on the op record's lock and
then sees it, or fails on the primary key when inserting it; its transaction is rolled back and the
stored result is answered as `duplicate`. Either way there is exactly one effect. The wire side
(outcomes, reason codes) is docs/api.md, Operations.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from lapor_core.admin import ADMIN_OPS, AuditKind
from lapor_core.calendar import WorkingCalendar, local_date
from lapor_core.events import event_agency, event_data, event_text
from lapor_core.wire import (
    FORWARDED_REASON,
    VERIFY_FIELDS,
    Outcome,
    PayloadError,
    is_uuid,
    validate_op_payload,
)
from lapor_core.workflow import (
    PAYLOAD_REFUSALS,
    STAMP_FIELDS,
    Action,
    Actor,
    NotAllowed,
    Refusal,
    ReportState,
    Role,
    Status,
    Transition,
    can_see,
    role_may,
    transition,
)
from lapor_server import reports as rep
from lapor_server.admin import audit
from lapor_server.admin import ops as admin_ops
from lapor_server.conflicts import ACTION_ID, describe_conflict
from lapor_server.db import Database
from lapor_server.forwarding import ops as forwarding
from lapor_server.models import (
    OpRecord,
    Report,
)
from lapor_server.op_checks import Stop, check_codes, ever_at_agency, written_time

log = logging.getLogger("lapor_server.ops")

NOT_FOUND_DETAIL = "Laporan tidak ditemukan."


@dataclass(frozen=True, slots=True)
class OpIn:
    op_id: str
    kind: str
    report_id: str
    payload: Any
    base_version: int | None = None
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class OpActor:
    """Who sends ops: a desk user, or the reporter / the system (intake replies, jobs)."""

    role: str
    agency_code: str | None
    display_name: str
    user_id: int | None = None
    # For admin ops and the audit log (issue 15):
    username: str | None = None
    token_id: int | None = None
    remote_addr: str | None = None
    #: the key one-time secrets of this desk are sealed with (`admin.secrets.key_for_token`)
    secret_key: bytes | None = None
    hash_profile: str = "default"


@dataclass(frozen=True, slots=True)
class OpResult:
    op_id: str
    outcome: str
    detail: str | None
    report_version: int | None
    reason: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "op_id": self.op_id,
            "outcome": self.outcome,
            "detail": self.detail,
            "report_version": self.report_version,
            "reason": self.reason,
        }


def fingerprint(op: OpIn) -> str:
    canonical = orjson.dumps(
        {
            "kind": op.kind,
            "report_id": op.report_id,
            "payload": op.payload,
            "base_version": op.base_version,
        },
        option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS,
    )
    return hashlib.sha256(canonical).hexdigest()


# --- entry points --------------------------------------------------------------------------------


def process_ops(db: Database, actor: OpActor, ops: list[OpIn], now: datetime) -> list[OpResult]:
    """Apply each op in its own transaction; results in the same order."""
    return [process_one(db, actor, op, now) for op in ops]


def process_one(db: Database, actor: OpActor, op: OpIn, now: datetime) -> OpResult:
    if not is_uuid(op.op_id):
        return OpResult(op.op_id, Outcome.REJECTED, "op_id harus berupa UUID", None, "op_id")
    op = OpIn(
        str(op.op_id).lower(), op.kind, op.report_id, op.payload, op.base_version, op.created_at
    )
    fp = fingerprint(op)
    # an admin op's slow part (a new password's hash) is done before the transaction
    prepared = admin_ops.prepare(op.kind, actor.hash_profile) if op.kind in ADMIN_OPS else None
    last_error: Exception | None = None
    for _attempt in range(5):
        try:
            with db.write() as s:
                return apply_in_session(s, actor, op, now, fp=fp, prepared=prepared)
        except IntegrityError as exc:
            # Most likely a concurrent request stored this op_id first: answer its result.
            last_error = exc
            with db.read() as s:
                stored = s.get(OpRecord, op.op_id)
                if stored is not None:
                    return _replay(stored, fp)
            raise
        except OperationalError as exc:
            # Deadlock / serialization failure / lock timeout: the transaction did nothing; retry.
            last_error = exc
            log.warning("op %s: retrying after %s", op.op_id, exc.__class__.__name__)
            continue
    assert last_error is not None
    raise last_error


def apply_in_session(
    s: Session,
    actor: OpActor,
    op: OpIn,
    now: datetime,
    *,
    fp: str | None = None,
    calendar: WorkingCalendar | None = None,
    record: bool = True,
    known_new: bool = False,
    prepared: dict[str, str] | None = None,
) -> OpResult:
    """Apply one op inside the caller's transaction (seeding batches many; the API one each)."""
    fp = fp or fingerprint(op)
    stored = None
    if record and not known_new:
        stored = s.scalar(sa.select(OpRecord).where(OpRecord.op_id == op.op_id).with_for_update())
        if stored is not None and (stored.outcome == Outcome.APPLIED or stored.fingerprint != fp):
            return _replay(stored, fp)
    try:
        if op.kind in ADMIN_OPS:
            version = admin_ops.apply(s, actor, op, now, prepared)
        else:
            version = _apply(s, actor, op, now, calendar or rep.load_calendar(s))
        result = OpResult(op.op_id, Outcome.APPLIED, None, version)
    except Stop as stop:
        version = None  # a rejection tells nothing about the report, not even its version
        if stop.outcome == Outcome.CONFLICT and op.kind in ADMIN_OPS:
            version = stop.version
        elif stop.outcome == Outcome.CONFLICT:
            version = s.scalar(sa.select(Report.version).where(Report.id == op.report_id))
        result = OpResult(op.op_id, stop.outcome, stop.detail, version, stop.reason)
    if record:
        if stored is None:
            stored = OpRecord(op_id=op.op_id, fingerprint=fp, created_at=now)
            s.add(stored)
        stored.user_id = actor.user_id
        stored.kind = str(op.kind)[:32]
        stored.report_id = str(op.report_id)[:64]
        stored.base_version = op.base_version
        stored.outcome = result.outcome
        stored.detail = result.detail
        stored.reason = result.reason
        stored.report_version = result.report_version
        stored.client_created_at = op.created_at
        if not known_new:
            s.flush()  # a concurrent twin's committed record makes this fail: see process_one
    return result


def _replay(stored: OpRecord, fp: str) -> OpResult:
    if stored.fingerprint != fp:
        return OpResult(
            stored.op_id,
            Outcome.REJECTED,
            "op_id ini sudah dipakai untuk operasi lain (op_id reused with different content)",
            None,
            "op_id_reused",
        )
    if stored.outcome == Outcome.APPLIED:
        return OpResult(
            stored.op_id, Outcome.DUPLICATE, stored.detail, stored.report_version, "duplicate"
        )
    return OpResult(
        stored.op_id, stored.outcome, stored.detail, stored.report_version, stored.reason
    )


# --- the work ------------------------------------------------------------------------------------


def _state(report: Report, now: datetime | None = None) -> ReportState:
    window_open = report.closed_at is None
    if window_open and now is not None and report.closes_at is not None:
        # the close job may not have run yet: the window is over after closes_at anyway
        window_open = local_date(now) <= report.closes_at
    return ReportState(
        status=Status(report.status),
        agency_code=report.agency_code,
        postponed_from=Status(report.postponed_from) if report.postponed_from else None,
        reply_window_open=window_open,
        forwarded=report.archive_reason == FORWARDED_REASON,
    )


def _apply(s: Session, actor: OpActor, op: OpIn, now: datetime, calendar: WorkingCalendar) -> int:
    """Check and apply; returns the new version or raises Stop (before any write)."""
    try:
        payload = validate_op_payload(op.kind, op.payload)
    except PayloadError as exc:
        raise Stop(Outcome.REJECTED, "payload", str(exc)) from None
    action = Action(op.kind)
    try:
        role = Role(actor.role)
    except ValueError:
        raise Stop(Outcome.REJECTED, "role", "peran tidak dikenal") from None
    if not role_may(role, action):
        raise Stop(
            Outcome.REJECTED,
            "role",
            f"peran {actor.role} tidak boleh melakukan '{ACTION_ID.get(op.kind, op.kind)}'",
        )
    if not isinstance(op.report_id, str) or not op.report_id or len(op.report_id) > 36:
        raise Stop(Outcome.REJECTED, "not_found", NOT_FOUND_DETAIL)
    report = s.scalar(sa.select(Report).where(Report.id == op.report_id).with_for_update())
    if report is None:
        raise Stop(Outcome.REJECTED, "not_found", NOT_FOUND_DETAIL)
    w_actor = Actor(role, actor.agency_code)
    state = _state(report)
    if (
        role == Role.PETUGAS
        and not can_see(w_actor, state)
        and not ever_at_agency(s, report.id, actor.agency_code)
    ):
        # Never theirs: exactly the answer for a report that does not exist.
        raise Stop(Outcome.REJECTED, "not_found", NOT_FOUND_DETAIL)
    check_codes(s, action, payload, report, user_id=actor.user_id, sees_hidden=role != Role.PETUGAS)
    forwarding.check(s, action, payload, report)
    try:
        tr = transition(
            w_actor,
            action,
            state,
            target_agency=payload.get("agency_code"),
            final=bool(payload.get("final")),
        )
    except NotAllowed as exc:
        if exc.reason == Refusal.ROLE:
            raise Stop(Outcome.REJECTED, "role", exc.message) from None
        if exc.reason in PAYLOAD_REFUSALS:
            detail = exc.message
            if exc.reason == Refusal.SAME_AGENCY:
                detail = "Laporan sudah berada di OPD tersebut."
            raise Stop(Outcome.REJECTED, "payload", detail) from None
        reason, detail = forwarding.describe(s, report, action) or describe_conflict(
            s, report, action, actor.role, actor.agency_code
        )
        raise Stop(Outcome.CONFLICT, reason, detail) from None
    return _write(s, actor, op, action, payload, report, tr, now, calendar)


def _write(
    s: Session,
    actor: OpActor,
    op: OpIn,
    action: Action,
    payload: dict[str, Any],
    report: Report,
    tr: Transition,
    now: datetime,
    calendar: WorkingCalendar,
) -> int:
    old_agency = report.agency_code
    changes: dict[str, Any] = {}
    written_at: datetime | None = None
    match action:
        case Action.VERIFY:
            for key in VERIFY_FIELDS:
                if key in payload and getattr(report, key) != payload[key]:
                    # The event notes a title change without the text; the citizen's own title
                    # is kept on the report (coordinators see it).
                    changes[key] = payload[key]
                    if key == "title" and report.original_title is None:
                        report.original_title = report.title
                    setattr(report, key, payload[key])
        case Action.ARCHIVE:
            report.archive_reason = payload["reason"]
            report.duplicate_of = payload.get("duplicate_of")
        case Action.RESPOND:
            written_at = written_time(s, report, op.created_at, op.base_version, now)
        case Action.REDACT:
            rep.redact(s, report, payload, now, actor.user_id)
    privacy = {k: changes[k] for k in ("is_anonymous", "is_secret") if k in changes}
    if privacy:
        _audit_privacy(s, actor, op, report, privacy, now)
    data = event_data(action, payload, old_agency, changes=changes) or {}
    if action in (Action.FORWARD, Action.PARTNER_ANSWER):
        data.update(forwarding.write(s, action, payload, report, op.op_id, now))
    _apply_transition(report, tr, now)
    event = rep.add_event(
        s,
        report,
        kind=action.value,
        actor=actor.display_name,
        actor_role=actor.role,
        actor_user_id=actor.user_id,
        agency_code=event_agency(action, payload, old_agency),
        text=event_text(action, payload),
        data=data,
        now=now,
        op_id=op.op_id,
        written_at=written_at,
        flush=bool(payload.get("attachments")),
    )
    hashes = payload.get("attachments") or []
    if hashes:
        rep.link_attachments(s, report, event, [(h, h[:12]) for h in hashes], now)
    version = rep.touch(s, report, now, calendar)
    if tr.leaves_agency:
        reason = "reassigned" if action == Action.REASSIGN else "returned"
        rep.add_tombstone(s, report.id, tr.leaves_agency, reason, report.feed_seq, now)
    return version


def _audit_privacy(
    s: Session, actor: OpActor, op: OpIn, report: Report, privacy: dict[str, Any], now: datetime
) -> None:
    """An anonymity/secret flag change in the audit log (the report by tracking id only)."""
    audit.record(
        s, AuditKind.PRIVACY_CHANGED,
        audit.Actor(name=actor.username or actor.display_name, role=actor.role,
                    user_id=actor.user_id, remote_addr=actor.remote_addr,
                    device_id=actor.token_id, op_id=op.op_id),
        now, subject=report.tracking_id, agency_code=report.agency_code, detail=privacy,
    )  # fmt: skip


def _apply_transition(report: Report, tr: Transition, now: datetime) -> None:
    """Set what the workflow's transition changes: status, agency, clock stamps, the pause."""
    current = {name: getattr(report, name) for name in STAMP_FIELDS}
    for name, value in tr.changes(now, current).items():
        setattr(report, name, value)
    if tr.pause_starts:
        rep.open_pause(report, now)
    elif tr.pause_ends:
        rep.close_pause(report, now)


def apply_system_action(
    s: Session,
    report: Report,
    action: Action,
    actor: OpActor,
    now: datetime,
    calendar: WorkingCalendar,
    *,
    text: str | None = None,
    attachments: Iterable[tuple[str, str]] = (),
) -> int:
    """Apply a reporter reply or a system close inside the caller's transaction.

    `attachments` (sha256, file name): stored files the reply brings (Akai Meno's photos),
    linked to the reply's event. Raises NotAllowed when the workflow refuses it (e.g. the reply
    window has closed).
    """
    tr = transition(Actor(Role(actor.role), None), action, _state(report, now))
    _apply_transition(report, tr, now)
    event = rep.add_event(
        s,
        report,
        kind=action.value,
        actor=actor.display_name,
        actor_role=actor.role,
        agency_code=report.agency_code,
        text=text,
        now=now,
    )
    if attachments:
        rep.link_attachments(s, report, event, attachments, now)
    return rep.touch(s, report, now, calendar)
