"""The report workflow: statuses, actions, roles, and which action is allowed for whom and when.

The server is the authority; the desk uses the same table to offer only valid actions offline.
Status codes are stable English identifiers; the UI shows the Indonesian labels (see `LABELS_ID`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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
    REPORTER_REPLY = "reporter_reply"
    CLOSE = "close"


class Role(StrEnum):
    PETUGAS = "petugas"
    KOORDINATOR = "koordinator"
    PIMPINAN = "pimpinan"
    ADMIN = "admin"
    # Actors that are not desk accounts:
    REPORTER = "reporter"
    SYSTEM = "system"


DESK_ROLES = (Role.PETUGAS, Role.KOORDINATOR, Role.PIMPINAN, Role.ADMIN)

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

#: Statuses in which a report is "at" an OPD and visible to that OPD's officers.
AGENCY_STATUSES = frozenset(
    {Status.DISPATCHED, Status.IN_PROGRESS, Status.POSTPONED, Status.COMPLETED}
)
#: Statuses from which an OPD is expected to act (its response clock is running or paused).
OPEN_AT_AGENCY = frozenset({Status.DISPATCHED, Status.IN_PROGRESS, Status.POSTPONED})

_ALL = frozenset(Status)
_BEFORE_AGENCY = frozenset({Status.UNVERIFIED, Status.VERIFIED})

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


@dataclass(frozen=True, slots=True)
class Actor:
    role: Role
    agency_code: str | None = None


@dataclass(frozen=True, slots=True)
class Transition:
    """What an allowed action does: the new status, agency and postponed_from."""

    status: Status
    agency_code: str | None
    postponed_from: Status | None
    #: True when the response clock of a (new) agency starts now
    restarts_response_clock: bool = False
    #: True when the report leaves the previous agency's scope
    leaves_agency: str | None = None


class NotAllowed(Exception):
    """The action does not fit the report's state or the actor's role. `reason` is a stable code."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message


def can_see(actor: Actor, state: ReportState) -> bool:
    """Whether the actor's desk receives this report at all (the feed scope of the contract)."""
    if actor.role == Role.PETUGAS:
        return state.status in AGENCY_STATUSES and state.agency_code == actor.agency_code
    return actor.role in (Role.KOORDINATOR, Role.PIMPINAN, Role.ADMIN)


def role_may(role: Role, action: Action) -> bool:
    """Whether the role may ever perform the action (independent of the report's state)."""
    return role in _ALLOWED[action]


def check(actor: Actor, action: Action, state: ReportState) -> None:
    """Raise NotAllowed when `actor` may not do `action` on a report in `state`."""
    by_role = _ALLOWED[action]
    if actor.role not in by_role:
        raise NotAllowed("role", f"role {actor.role} may not {action}")
    if (
        actor.role == Role.PETUGAS
        and action in _AGENCY_BOUND
        and (state.agency_code != actor.agency_code or state.status not in AGENCY_STATUSES)
    ):
        raise NotAllowed("agency", "the report is not at the officer's agency")
    if state.status not in by_role[actor.role]:
        raise NotAllowed("status", f"{action} is not possible while the report is {state.status}")
    if (
        actor.role == Role.PETUGAS
        and action == Action.RESUME
        and state.postponed_from not in (Status.DISPATCHED, Status.IN_PROGRESS)
    ):
        raise NotAllowed("status", "only the coordinator can resume this report")
    if (
        action == Action.REPORTER_REPLY
        and state.status == Status.COMPLETED
        and not state.reply_window_open
    ):
        raise NotAllowed("closed", "the reply window of this report has closed")


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
    s, agency, pf = state.status, state.agency_code, state.postponed_from
    match action:
        case Action.VERIFY:
            return Transition(Status.VERIFIED, None, None)
        case Action.ARCHIVE:
            return Transition(Status.ARCHIVED, None, None)
        case Action.DISPATCH | Action.REASSIGN:
            if not target_agency:
                raise NotAllowed("payload", "an agency is required")
            if action == Action.REASSIGN and target_agency == agency:
                raise NotAllowed("payload", "the report is already at that agency")
            left = agency if action == Action.REASSIGN else None
            return Transition(Status.DISPATCHED, target_agency, None, True, left)
        case Action.RETURN:
            return Transition(Status.VERIFIED, None, None, leaves_agency=agency)
        case Action.RESPOND:
            return Transition(Status.COMPLETED if final else Status.IN_PROGRESS, agency, None)
        case Action.NOTE:
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
