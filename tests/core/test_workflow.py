"""The transition table: who may do what, and that no sequence of actions leaves the table."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lapor_core.workflow import (
    AGENCY_STATUSES,
    Action,
    Actor,
    NotAllowed,
    ReportState,
    Role,
    Status,
    allowed_actions,
    can_see,
    check,
    transition,
)

KOOR = Actor(Role.KOORDINATOR)
PUPR = Actor(Role.PETUGAS, "dinas_pupr")
DINKES = Actor(Role.PETUGAS, "dinkes")
REPORTER = Actor(Role.REPORTER)
SYSTEM = Actor(Role.SYSTEM)

# Every (from, to) pair the product table allows.
ALLOWED_EDGES = {
    (Status.UNVERIFIED, Status.VERIFIED),
    (Status.UNVERIFIED, Status.ARCHIVED),
    (Status.UNVERIFIED, Status.POSTPONED),
    (Status.VERIFIED, Status.ARCHIVED),
    (Status.VERIFIED, Status.DISPATCHED),
    (Status.VERIFIED, Status.POSTPONED),
    (Status.DISPATCHED, Status.DISPATCHED),  # reassignment
    (Status.DISPATCHED, Status.IN_PROGRESS),
    (Status.DISPATCHED, Status.COMPLETED),
    (Status.DISPATCHED, Status.VERIFIED),  # bukan wewenang
    (Status.DISPATCHED, Status.POSTPONED),
    (Status.IN_PROGRESS, Status.IN_PROGRESS),
    (Status.IN_PROGRESS, Status.COMPLETED),
    (Status.IN_PROGRESS, Status.DISPATCHED),  # reassignment
    (Status.IN_PROGRESS, Status.VERIFIED),
    (Status.IN_PROGRESS, Status.POSTPONED),
    (Status.POSTPONED, Status.UNVERIFIED),
    (Status.POSTPONED, Status.VERIFIED),
    (Status.POSTPONED, Status.DISPATCHED),
    (Status.POSTPONED, Status.IN_PROGRESS),
    (Status.POSTPONED, Status.COMPLETED),
    (Status.COMPLETED, Status.IN_PROGRESS),  # reporter reply re-opens
}


def test_officer_cannot_act_on_another_agencys_report():
    state = ReportState(Status.DISPATCHED, "dinas_pupr")
    with pytest.raises(NotAllowed) as info:
        check(DINKES, Action.RESPOND, state)
    assert info.value.reason == "agency"
    check(PUPR, Action.RESPOND, state)


def test_roles_without_workflow_rights():
    state = ReportState(Status.UNVERIFIED)
    for actor in (Actor(Role.PIMPINAN), Actor(Role.ADMIN)):
        assert allowed_actions(actor, state) == []
    with pytest.raises(NotAllowed) as info:
        check(PUPR, Action.VERIFY, state)
    assert info.value.reason == "role"


def test_coordinator_screening_then_dispatch():
    state = ReportState(Status.UNVERIFIED)
    assert allowed_actions(KOOR, state) == [
        Action.VERIFY,
        Action.ARCHIVE,
        Action.NOTE,
        Action.POSTPONE,
        Action.REDACT,  # the public text, in any status (issue 12 #17)
        Action.FORWARD,  # to another instansi, at screening (docs/forwarding.md)
    ]
    t = transition(KOOR, Action.VERIFY, state)
    assert t.status == Status.VERIFIED
    t = transition(KOOR, Action.DISPATCH, ReportState(t.status), target_agency="dinas_pupr")
    assert (t.status, t.agency_code, t.restarts_response_clock) == (
        Status.DISPATCHED,
        "dinas_pupr",
        True,
    )


def test_reassign_leaves_old_agency_and_restarts_clock():
    t = transition(
        KOOR, Action.REASSIGN, ReportState(Status.IN_PROGRESS, "dinkes"), target_agency="dinas_pupr"
    )
    assert t.leaves_agency == "dinkes"
    assert t.restarts_response_clock
    with pytest.raises(NotAllowed):
        transition(
            KOOR, Action.REASSIGN, ReportState(Status.IN_PROGRESS, "dinkes"), target_agency="dinkes"
        )


def test_return_is_bukan_wewenang_back_to_verified():
    t = transition(PUPR, Action.RETURN, ReportState(Status.DISPATCHED, "dinas_pupr"))
    assert (t.status, t.agency_code, t.leaves_agency) == (Status.VERIFIED, None, "dinas_pupr")


def test_postpone_and_resume_return_to_the_previous_status():
    state = ReportState(Status.IN_PROGRESS, "dinas_pupr")
    t = transition(PUPR, Action.POSTPONE, state)
    assert (t.status, t.postponed_from) == (Status.POSTPONED, Status.IN_PROGRESS)
    back = transition(PUPR, Action.RESUME, ReportState(t.status, t.agency_code, t.postponed_from))
    assert back.status == Status.IN_PROGRESS


def test_officer_cannot_resume_a_coordinator_postponement():
    state = ReportState(Status.POSTPONED, None, Status.UNVERIFIED)
    with pytest.raises(NotAllowed):
        check(PUPR, Action.RESUME, state)
    assert transition(KOOR, Action.RESUME, state).status == Status.UNVERIFIED


def test_reporter_reply_reopens_completed_only_within_window():
    state = ReportState(Status.COMPLETED, "dinas_pupr")
    assert transition(REPORTER, Action.REPORTER_REPLY, state).status == Status.IN_PROGRESS
    closed = ReportState(Status.COMPLETED, "dinas_pupr", reply_window_open=False)
    with pytest.raises(NotAllowed) as info:
        check(REPORTER, Action.REPORTER_REPLY, closed)
    assert info.value.reason == "closed"


def test_reporter_reply_resumes_postponed():
    state = ReportState(Status.POSTPONED, "dinkes", Status.DISPATCHED)
    assert transition(REPORTER, Action.REPORTER_REPLY, state).status == Status.DISPATCHED


def test_feed_scope():
    at_pupr = ReportState(Status.IN_PROGRESS, "dinas_pupr")
    assert can_see(PUPR, at_pupr)
    assert not can_see(DINKES, at_pupr)
    assert not can_see(PUPR, ReportState(Status.VERIFIED))
    assert can_see(Actor(Role.PIMPINAN), ReportState(Status.UNVERIFIED))


ACTORS = st.sampled_from([KOOR, PUPR, DINKES, REPORTER, SYSTEM])
STEPS = st.lists(
    st.tuples(
        ACTORS,
        st.sampled_from(list(Action)),
        st.sampled_from(["dinas_pupr", "dinkes", None]),
        st.booleans(),
    ),
    max_size=40,
)


@settings(max_examples=300)
@given(STEPS)
def test_no_sequence_of_actions_leaves_the_table(steps):
    state = ReportState(Status.UNVERIFIED)
    for actor, action, agency, final in steps:
        try:
            t = transition(actor, action, state, target_agency=agency, final=final)
        except NotAllowed:
            continue
        if t.status != state.status:
            assert (state.status, t.status) in ALLOWED_EDGES, (action, state, t)
        # invariants of every reachable state
        at_agency = t.status in AGENCY_STATUSES and (
            t.status != Status.POSTPONED or t.postponed_from in AGENCY_STATUSES
        )
        assert bool(t.agency_code) == at_agency, (action, state, t)
        assert (t.status == Status.POSTPONED) == (t.postponed_from is not None)
        assert t.postponed_from != Status.POSTPONED
        if state.status == Status.ARCHIVED:
            # internal notes, and the koordinator's redaction of the public text (docs/security.md)
            assert action in (Action.NOTE, Action.REDACT), "archived reports only take notes"
        state = ReportState(t.status, t.agency_code, t.postponed_from)


@settings(max_examples=200)
@given(
    st.sampled_from(list(Status)),
    st.sampled_from(["dinas_pupr", "dinkes", None]),
    st.sampled_from([None, *Status]),
)
def test_allowed_actions_agree_with_transition(status, agency, postponed_from):
    state = ReportState(status, agency, postponed_from)
    for actor in (KOOR, PUPR):
        for action in allowed_actions(actor, state):
            transition(actor, action, state, target_agency="bpbd", final=False)
