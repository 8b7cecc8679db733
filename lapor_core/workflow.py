"""The report workflow: statuses, actions, roles, and which action is allowed for whom and when.

The server is the authority; the desk uses the same table to offer only valid actions offline.
Status codes are stable English identifiers; the UI shows the Indonesian labels (see `LABELS_ID`).
The named status sets and role groups below are the only spelling of those rules: server and desk
import them instead of writing literals. What a transition changes on a report (status, agency,
the clock stamps, the pause) is `Transition.fields()` / `Transition.changes()`, used by the
server's op engine and the desk's local effects alike. See docs/glossary.md and docs/api.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    UNVERIFIED = "unverified"
    VERIFIED = "verified"
    DISPATCHED = "dispatched"
    IN_PROGRESS = "in_progress"
    POSTPONED = "postponed"
    COMPLETED = "completed"
    ARCHIVED = "archived"


class Action(StrEnum):
    VERIFY = "verify"
    ARCHIVE = "archive"
    DISPATCH = "dispatch"
    REASSIGN = "reassign"
    RETURN = "return"
    RESPOND = "respond"
    NOTE = "note"
    POSTPONE = "postpone"
    RESUME = "resume"
    #: the coordinator's redaction of the public text (body, address); status unchanged
    REDACT = "redact"
    #: the coordinator forwards a report to another instansi (docs/forwarding.md); it leaves
    #: this instansi's workflow as `archived` with the archive reason `forwarded`
    FORWARD = "forward"
    #: the coordinator records by hand what a partner instansi without LAPOR Desk answered
    PARTNER_ANSWER = "partner_answer"
    REPORTER_REPLY = "reporter_reply"
    CLOSE = "close"


class Role(StrEnum):
    PETUGAS = "petugas"
    KOORDINATOR = "koordinator"
    PIMPINAN = "pimpinan"
    ADMIN = "admin"
    #: an account of the centre (pusat): sees only the regions' aggregates, never a report
    PUSAT = "pusat"
    # Actors that are not desk accounts:
    REPORTER = "reporter"
    SYSTEM = "system"


DESK_ROLES = (Role.PETUGAS, Role.KOORDINATOR, Role.PIMPINAN, Role.ADMIN, Role.PUSAT)
#: Desk roles that receive every report (the feed scope of all but the officer).
OVERSIGHT_ROLES = frozenset({Role.KOORDINATOR, Role.PIMPINAN, Role.ADMIN})
#: Roles that may read the statistics (`/stats`, the dashboard).
STATS_ROLES = OVERSIGHT_ROLES
#: Actors that are not desk accounts (intake replies, jobs).
NON_DESK_ROLES = frozenset({Role.REPORTER, Role.SYSTEM})

#: Indonesian labels as SP4N-LAPOR! shows them (the desk translates through Qt Linguist too).
LABELS_ID: dict[Status, str] = {
    Status.UNVERIFIED: "Belum Terverifikasi",
    Status.VERIFIED: "Belum Terdisposisi",
    Status.DISPATCHED: "Belum Ditindaklanjuti",
    Status.IN_PROGRESS: "Diproses",
    Status.POSTPONED: "Ditunda",
    Status.COMPLETED: "Selesai",
    Status.ARCHIVED: "Diarsipkan",
}

#: Indonesian names of the desk actions, as messages name them ("tindakan 'tunda' …").
ACTION_LABELS_ID: dict[Action, str] = {
    Action.VERIFY: "verifikasi",
    Action.ARCHIVE: "arsipkan",
    Action.DISPATCH: "disposisi",
    Action.REASSIGN: "alihkan ke OPD lain",
    Action.RETURN: "kembalikan (bukan wewenang)",
    Action.RESPOND: "tindak lanjut",
    Action.NOTE: "catatan internal",
    Action.POSTPONE: "tunda",
    Action.RESUME: "lanjutkan",
    Action.REDACT: "sunting teks publik",
    Action.FORWARD: "teruskan ke instansi lain",
    Action.PARTNER_ANSWER: "catat jawaban instansi",
}

#: Statuses in which a report is "at" an OPD and visible to that OPD's officers.
AGENCY_STATUSES = frozenset(
    {Status.DISPATCHED, Status.IN_PROGRESS, Status.POSTPONED, Status.COMPLETED}
)
#: Statuses from which an OPD is expected to act (its response clock is running or paused).
OPEN_AT_AGENCY = frozenset({Status.DISPATCHED, Status.IN_PROGRESS, Status.POSTPONED})
#: Statuses in which the OPD's response clock runs (a postponed report's clock is paused): such a
#: report is overdue once its `respond_by` has passed.
CLOCK_RUNNING = frozenset({Status.DISPATCHED, Status.IN_PROGRESS})
#: Statuses of a report that is still being worked on.
OPEN_STATUSES = frozenset(
    {Status.UNVERIFIED, Status.VERIFIED, Status.DISPATCHED, Status.IN_PROGRESS, Status.POSTPONED}
)
#: Statuses in which the work has ended (a completed report may still re-open by a reply).
CLOSED_STATUSES = frozenset({Status.COMPLETED, Status.ARCHIVED})
#: Statuses before a report reaches an OPD (the coordinator's screening).
BEFORE_AGENCY = frozenset({Status.UNVERIFIED, Status.VERIFIED})
#: Every status in workflow order (for tables and charts).
STATUS_ORDER = tuple(Status)


def values(items: Iterable[StrEnum]) -> tuple[str, ...]:
    """The wire strings of a set of statuses or roles, in declaration order (stable for SQL)."""
    wanted = set(items)
    if not wanted:
        return ()
    kind = type(next(iter(wanted)))
    return tuple(x.value for x in kind if x in wanted)


def sql_list(items: Iterable[StrEnum]) -> str:
    """`'dispatched', 'in_progress'`: a set as an SQL literal list (codes are fixed identifiers)."""
    return ", ".join(f"'{v}'" for v in values(items))


_ALL = frozenset(Status)
_BEFORE_AGENCY = BEFORE_AGENCY

# action -> (statuses it may start from, per role). Roles absent from the dict may not act.
_ALLOWED: dict[Action, dict[Role, frozenset[Status]]] = {
    Action.VERIFY: {Role.KOORDINATOR: frozenset({Status.UNVERIFIED})},
    Action.ARCHIVE: {Role.KOORDINATOR: frozenset({Status.UNVERIFIED, Status.VERIFIED})},
    Action.DISPATCH: {Role.KOORDINATOR: frozenset({Status.VERIFIED})},
    Action.REASSIGN: {Role.KOORDINATOR: OPEN_AT_AGENCY},
    Action.RETURN: {Role.PETUGAS: frozenset({Status.DISPATCHED, Status.IN_PROGRESS})},
    Action.RESPOND: {Role.PETUGAS: OPEN_AT_AGENCY},
    Action.NOTE: {
        Role.PETUGAS: AGENCY_STATUSES,
        Role.KOORDINATOR: _ALL,
    },
    Action.POSTPONE: {
        Role.PETUGAS: frozenset({Status.DISPATCHED, Status.IN_PROGRESS}),
        Role.KOORDINATOR: _BEFORE_AGENCY | {Status.DISPATCHED, Status.IN_PROGRESS},
    },
    Action.RESUME: {
        Role.PETUGAS: frozenset({Status.POSTPONED}),
        Role.KOORDINATOR: frozenset({Status.POSTPONED}),
    },
    Action.REDACT: {Role.KOORDINATOR: _ALL},
    # Forwarding happens at screening: a report an OPD returned as "bukan wewenang" is verified
    # again, so it can be forwarded too. A forwarded report is archived here (docs/forwarding.md).
    Action.FORWARD: {Role.KOORDINATOR: _BEFORE_AGENCY},
    Action.PARTNER_ANSWER: {Role.KOORDINATOR: frozenset({Status.ARCHIVED})},
    Action.REPORTER_REPLY: {Role.REPORTER: _ALL - {Status.ARCHIVED}},
    Action.CLOSE: {Role.SYSTEM: frozenset({Status.COMPLETED})},
}

#: Actions that need the report to be at the actor's own agency when the actor is an officer.
_AGENCY_BOUND = frozenset(
    {Action.RETURN, Action.RESPOND, Action.NOTE, Action.POSTPONE, Action.RESUME}
)

#: The op kinds a desk may send (every action except the reporter's and the system's).
DESK_ACTIONS = tuple(a for a in Action if a not in (Action.REPORTER_REPLY, Action.CLOSE))


@dataclass(frozen=True, slots=True)
class ReportState:
    """The part of a report the workflow rules look at."""

    status: Status
    agency_code: str | None = None
    #: the status a postponed report returns to on resume
    postponed_from: Status | None = None
    #: False once a completed report has passed its reply window (closed for good)
    reply_window_open: bool = True
    #: True once the report was forwarded to another instansi (archived, reason `forwarded`)
    forwarded: bool = False

    def fields(self) -> dict[str, str | None]:
        """The report columns of this state, as wire strings: status, agency, postponed_from."""
        return {
            "status": self.status.value,
            "agency_code": self.agency_code,
            "postponed_from": self.postponed_from.value if self.postponed_from else None,
        }


@dataclass(frozen=True, slots=True)
class Actor:
    role: Role
    agency_code: str | None = None


class Stamp(StrEnum):
    """How a transition changes one of the report's clock stamps."""

    NOW = "now"  #: set to the moment of the action
    NOW_IF_EMPTY = "now_if_empty"  #: set to the moment of the action unless already set
    CLEAR = "clear"  #: set to null


#: The report's clock stamps a transition may change (server columns; deadlines derive from them).
STAMP_FIELDS = ("verified_at", "dispatched_at", "completed_at", "closed_at")


@dataclass(frozen=True, slots=True)
class Transition:
    """What an allowed action does: the new status, agency and postponed_from, and its clocks."""

    status: Status
    agency_code: str | None
    postponed_from: Status | None
    #: True when the response clock of a (new) agency starts now
    restarts_response_clock: bool = False
    #: True when the report leaves the previous agency's scope
    leaves_agency: str | None = None
    #: clock stamps the action changes, as (field, how)
    stamps: tuple[tuple[str, Stamp], ...] = ()
    #: True when a pause starts (the report becomes postponed) / ends (it leaves postponed)
    pause_starts: bool = False
    pause_ends: bool = False
    #: True when the report is (or stays) forwarded to another instansi after the action
    forwarded: bool = False

    @property
    def state(self) -> ReportState:
        """The workflow state after the action (for applying several actions in a row)."""
        return ReportState(
            self.status, self.agency_code, self.postponed_from, forwarded=self.forwarded
        )

    def fields(self) -> dict[str, str | None]:
        """The report columns the action sets, as wire strings: status, agency, postponed_from."""
        return self.state.fields()

    def changes(self, now: datetime, current: Mapping[str, Any]) -> dict[str, Any]:
        """Every column the action sets: `fields()` plus the clock stamps at `now`.

        `current` holds the report's present stamp values (for `NOW_IF_EMPTY`).
        """
        out: dict[str, Any] = dict(self.fields())
        for name, how in self.stamps:
            if how == Stamp.CLEAR:
                out[name] = None
            elif how == Stamp.NOW or current.get(name) is None:
                out[name] = now
        return out


class Refusal(StrEnum):
    """Why the workflow refuses an action: the stable `reason` of `NotAllowed`."""

    ROLE = "role"  #: the role may never do this
    AGENCY = "agency"  #: the report is not at the officer's agency
    STATUS = "status"  #: not possible in the report's present status
    CLOSED = "closed"  #: the reply window of a completed report has closed
    NO_AGENCY = "no_agency"  #: a dispatch or reassignment without a target agency
    SAME_AGENCY = "same_agency"  #: a reassignment to the agency the report is already at
    COORDINATOR_POSTPONED = "coordinator_postponed"  #: postponed before dispatch: coordinator's
    ALREADY_FORWARDED = "already_forwarded"  #: the report was forwarded to an instansi already
    NOT_FORWARDED = "not_forwarded"  #: a partner's answer on a report that was never forwarded


#: Refusals caused by the op's own payload (the server answers them `rejected` / `payload`).
PAYLOAD_REFUSALS = frozenset({Refusal.NO_AGENCY, Refusal.SAME_AGENCY})


class NotAllowed(Exception):
    """The action does not fit the report's state or the actor's role. `reason` is a `Refusal`."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message


def can_see(actor: Actor, state: ReportState) -> bool:
    """Whether the actor's desk receives this report at all (the feed scope of the contract)."""
    if actor.role == Role.PETUGAS:
        return state.status in AGENCY_STATUSES and state.agency_code == actor.agency_code
    return actor.role in OVERSIGHT_ROLES


def role_may(role: Role, action: Action) -> bool:
    """Whether the role may ever perform the action (independent of the report's state)."""
    return role in _ALLOWED[action]


def check(actor: Actor, action: Action, state: ReportState) -> None:
    """Raise NotAllowed when `actor` may not do `action` on a report in `state`."""
    by_role = _ALLOWED[action]
    if actor.role not in by_role:
        raise NotAllowed(Refusal.ROLE, f"role {actor.role} may not {action}")
    if (
        actor.role == Role.PETUGAS
        and action in _AGENCY_BOUND
        and (state.agency_code != actor.agency_code or state.status not in AGENCY_STATUSES)
    ):
        raise NotAllowed(Refusal.AGENCY, "the report is not at the officer's agency")
    if action == Action.FORWARD and state.forwarded:
        raise NotAllowed(Refusal.ALREADY_FORWARDED, "the report was forwarded already")
    if action == Action.PARTNER_ANSWER and not state.forwarded:
        raise NotAllowed(Refusal.NOT_FORWARDED, "the report was not forwarded to an instansi")
    if action == Action.REPORTER_REPLY and state.forwarded and state.status == Status.ARCHIVED:
        # the reporter answers what the partner instansi asked: the reply joins the
        # conversation and travels on to the partner (docs/forwarding.md); status unchanged
        return
    if state.status not in by_role[actor.role]:
        raise NotAllowed(
            Refusal.STATUS, f"{action} is not possible while the report is {state.status}"
        )
    if (
        actor.role == Role.PETUGAS
        and action == Action.RESUME
        and state.postponed_from not in (Status.DISPATCHED, Status.IN_PROGRESS)
    ):
        raise NotAllowed(
            Refusal.COORDINATOR_POSTPONED, "only the coordinator can resume this report"
        )
    if (
        action == Action.REPORTER_REPLY
        and state.status == Status.COMPLETED
        and not state.reply_window_open
    ):
        raise NotAllowed(Refusal.CLOSED, "the reply window of this report has closed")


def allowed_actions(actor: Actor, state: ReportState) -> list[Action]:
    """The desk actions the actor may take now, in workflow order."""
    result = []
    for action in DESK_ACTIONS:
        try:
            check(actor, action, state)
        except NotAllowed:
            continue
        result.append(action)
    return result


def transition(
    actor: Actor,
    action: Action,
    state: ReportState,
    *,
    target_agency: str | None = None,
    final: bool = False,
) -> Transition:
    """Check the action and return its effect on status and agency.

    `target_agency` is the agency of a dispatch or reassignment; `final` marks a final response.
    """
    check(actor, action, state)
    tr = _target(action, state, target_agency, final)
    return Transition(
        tr.status,
        tr.agency_code,
        tr.postponed_from,
        tr.restarts_response_clock,
        tr.leaves_agency,
        stamps=_stamps(action, state, tr.status),
        pause_starts=state.status != Status.POSTPONED and tr.status == Status.POSTPONED,
        pause_ends=state.status == Status.POSTPONED and tr.status != Status.POSTPONED,
        forwarded=state.forwarded or action == Action.FORWARD,
    )


def _stamps(action: Action, state: ReportState, new: Status) -> tuple[tuple[str, Stamp], ...]:
    """The clock stamps an action changes (the deadlines are computed from them)."""
    match action:
        case Action.VERIFY:
            return (("verified_at", Stamp.NOW),)
        case Action.DISPATCH:
            return (("dispatched_at", Stamp.NOW), ("verified_at", Stamp.NOW_IF_EMPTY))
        case Action.REASSIGN:
            return (("dispatched_at", Stamp.NOW), ("completed_at", Stamp.CLEAR))
        case Action.RETURN:
            return (("dispatched_at", Stamp.CLEAR), ("completed_at", Stamp.CLEAR))
        case Action.RESPOND if new == Status.COMPLETED:
            return (("completed_at", Stamp.NOW),)
        case Action.REPORTER_REPLY if state.status == Status.COMPLETED:
            # a re-opened report: the OPD's response clock restarts (see docs/compliance.md)
            return (("completed_at", Stamp.CLEAR), ("dispatched_at", Stamp.NOW))
        case Action.CLOSE:
            return (("closed_at", Stamp.NOW),)
    return ()


def _target(
    action: Action, state: ReportState, target_agency: str | None, final: bool
) -> Transition:
    s, agency, pf = state.status, state.agency_code, state.postponed_from
    match action:
        case Action.VERIFY:
            return Transition(Status.VERIFIED, None, None)
        case Action.ARCHIVE | Action.FORWARD:
            return Transition(Status.ARCHIVED, None, None)
        case Action.DISPATCH | Action.REASSIGN:
            if not target_agency:
                raise NotAllowed(Refusal.NO_AGENCY, "an agency is required")
            if action == Action.REASSIGN and target_agency == agency:
                raise NotAllowed(Refusal.SAME_AGENCY, "the report is already at that agency")
            left = agency if action == Action.REASSIGN else None
            return Transition(Status.DISPATCHED, target_agency, None, True, left)
        case Action.RETURN:
            return Transition(Status.VERIFIED, None, None, leaves_agency=agency)
        case Action.RESPOND:
            return Transition(Status.COMPLETED if final else Status.IN_PROGRESS, agency, None)
        case Action.NOTE | Action.REDACT | Action.PARTNER_ANSWER:
            return Transition(s, agency, pf)
        case Action.POSTPONE:
            return Transition(Status.POSTPONED, agency, s)
        case Action.RESUME:
            return Transition(pf or Status.VERIFIED, agency, None)
        case Action.REPORTER_REPLY:
            if s == Status.COMPLETED:
                return Transition(Status.IN_PROGRESS, agency, None)
            if s == Status.POSTPONED:
                return Transition(pf or Status.VERIFIED, agency, None)
            return Transition(s, agency, pf)
        case Action.CLOSE:
            return Transition(Status.COMPLETED, agency, None)
    raise AssertionError(action)  # pragma: no cover - every Action is matched above
