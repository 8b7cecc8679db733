"""The shared vocabulary: status sets, roles, the timeline text of an action, what a transition
changes, and refusal / payload codes that callers decide on (never English message text)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from lapor_core import workflow as wf
from lapor_core.events import VERIFIED_TEXT, event_text, visibility, written_text
from lapor_core.snapshot import PLAIN_FIELDS, REQUIRED_FIELDS, SNAPSHOT_FIELDS
from lapor_core.wire import PayloadError, PayloadProblem, validate_op_payload
from lapor_core.workflow import Action, Actor, NotAllowed, Refusal, ReportState, Role, Status

NOW = datetime(2026, 11, 27, 1, 2, 3, tzinfo=UTC)
COORD = Actor(Role.KOORDINATOR)
OFFICER = Actor(Role.PETUGAS, "dinas_a")


def test_status_sets_partition_the_workflow() -> None:
    assert frozenset(Status) == wf.OPEN_STATUSES | wf.CLOSED_STATUSES
    assert not wf.OPEN_STATUSES & wf.CLOSED_STATUSES
    assert wf.CLOCK_RUNNING < wf.OPEN_AT_AGENCY < wf.AGENCY_STATUSES
    assert wf.BEFORE_AGENCY | wf.AGENCY_STATUSES | {Status.ARCHIVED} == frozenset(Status)
    assert wf.values(wf.CLOCK_RUNNING) == ("dispatched", "in_progress")
    assert wf.sql_list(wf.CLOCK_RUNNING) == "'dispatched', 'in_progress'"
    assert wf.values(()) == ()


def test_roles_keep_their_wire_strings() -> None:
    assert [r.value for r in wf.DESK_ROLES] == [
        "petugas",
        "koordinator",
        "pimpinan",
        "admin",
        "pusat",
    ]
    assert Role.PETUGAS == "petugas" and f"{Role.ADMIN}" == "admin"
    assert Role.PETUGAS not in wf.OVERSIGHT_ROLES
    # a centre account sees no report and may do nothing to one (docs/pusat.md)
    assert Role.PUSAT not in wf.OVERSIGHT_ROLES and Role.PUSAT not in wf.STATS_ROLES
    assert not any(wf.role_may(Role.PUSAT, action) for action in wf.Action)


@pytest.mark.parametrize(
    ("kind", "payload", "text"),
    [
        ("verify", {"title": "Judul baru"}, VERIFIED_TEXT),
        ("archive", {"reason": "spam", "note": "iklan"}, "iklan"),
        ("archive", {"reason": "spam"}, None),
        ("dispatch", {"agency_code": "a", "note": "segera"}, "segera"),
        ("reassign", {"agency_code": "a", "reason": "salah OPD"}, "salah OPD"),
        ("return", {"reason": "bukan wewenang"}, "bukan wewenang"),
        ("respond", {"text": "jawab", "final": True}, "jawab"),
        ("note", {"text": "catatan"}, "catatan"),
        ("postpone", {"text": "mohon foto"}, "mohon foto"),
        ("resume", {}, None),
    ],
)
def test_event_text_of_each_op(kind: str, payload: dict, text: str | None) -> None:
    assert event_text(kind, validate_op_payload(kind, payload)) == text


def test_written_text_is_only_what_the_officer_wrote() -> None:
    assert written_text("verify", {"title": "x"}) is None
    assert written_text("respond", {"text": "x"}) == "x"
    assert visibility("respond") == "public" and visibility("note") == "internal"


def test_transition_changes_status_clocks_and_pause() -> None:
    tr = wf.transition(COORD, Action.DISPATCH, ReportState(Status.VERIFIED), target_agency="a")
    assert tr.changes(NOW, {"verified_at": None}) == {
        "status": "dispatched",
        "agency_code": "a",
        "postponed_from": None,
        "dispatched_at": NOW,
        "verified_at": NOW,
    }
    earlier = datetime(2026, 11, 1, tzinfo=UTC)
    assert "verified_at" not in tr.changes(NOW, {"verified_at": earlier})
    at_a = ReportState(Status.IN_PROGRESS, "dinas_a")
    postponed = wf.transition(OFFICER, Action.POSTPONE, at_a)
    assert postponed.pause_starts and not postponed.pause_ends
    assert postponed.fields()["postponed_from"] == "in_progress"
    resumed = wf.transition(OFFICER, Action.RESUME, postponed.state)
    assert resumed.pause_ends and resumed.status == Status.IN_PROGRESS
    done = ReportState(Status.COMPLETED, "dinas_a")
    reply = wf.transition(Actor(Role.REPORTER), Action.REPORTER_REPLY, done)
    assert reply.changes(NOW, {}) == {
        "status": "in_progress",
        "agency_code": "dinas_a",
        "postponed_from": None,
        "completed_at": None,
        "dispatched_at": NOW,
    }
    final = wf.transition(OFFICER, Action.RESPOND, at_a, final=True)
    assert final.changes(NOW, {})["completed_at"] == NOW
    assert "completed_at" not in wf.transition(OFFICER, Action.RESPOND, at_a).changes(NOW, {})


@pytest.mark.parametrize(
    ("actor", "action", "state", "agency", "reason"),
    [
        (OFFICER, Action.VERIFY, ReportState(Status.UNVERIFIED), None, Refusal.ROLE),
        (OFFICER, Action.RESPOND, ReportState(Status.DISPATCHED, "b"), None, Refusal.AGENCY),
        (COORD, Action.VERIFY, ReportState(Status.VERIFIED), None, Refusal.STATUS),
        (COORD, Action.DISPATCH, ReportState(Status.VERIFIED), None, Refusal.NO_AGENCY),
        (COORD, Action.REASSIGN, ReportState(Status.DISPATCHED, "a"), "a", Refusal.SAME_AGENCY),
        (
            OFFICER,
            Action.RESUME,
            ReportState(Status.POSTPONED, "dinas_a", Status.VERIFIED),
            None,
            Refusal.COORDINATOR_POSTPONED,
        ),
    ],
)
def test_refusals_carry_a_code(actor, action, state, agency, reason) -> None:
    with pytest.raises(NotAllowed) as caught:
        wf.transition(actor, action, state, target_agency=agency)
    assert caught.value.reason == reason
    assert (reason in wf.PAYLOAD_REFUSALS) == (reason in (Refusal.NO_AGENCY, Refusal.SAME_AGENCY))


@pytest.mark.parametrize(
    ("kind", "payload", "field", "code", "limit"),
    [
        ("respond", {"text": "  "}, "text", PayloadProblem.REQUIRED, None),
        ("respond", {}, "text", PayloadProblem.REQUIRED, None),
        ("return", {"reason": "x" * 2001}, "reason", PayloadProblem.TOO_LONG, 2000),
        ("verify", {"title": ""}, "title", PayloadProblem.REQUIRED, None),
        ("archive", {"reason": "duplicate"}, "duplicate_of", PayloadProblem.REQUIRED, None),
        ("archive", {"reason": "bogus"}, "reason", PayloadProblem.INVALID, None),
        ("note", {"text": "x", "extra": 1}, "extra", PayloadProblem.UNKNOWN_FIELD, None),
        ("close", {}, "kind", PayloadProblem.UNKNOWN_KIND, None),
    ],
)
def test_payload_errors_carry_a_code(kind, payload, field, code, limit) -> None:
    with pytest.raises(PayloadError) as caught:
        validate_op_payload(kind, payload)
    assert (caught.value.field, caught.value.code, caught.value.limit) == (field, code, limit)


def test_snapshot_field_lists_agree() -> None:
    assert set(REQUIRED_FIELDS) <= set(PLAIN_FIELDS) <= set(SNAPSHOT_FIELDS)
    assert len(set(SNAPSHOT_FIELDS)) == len(SNAPSHOT_FIELDS)


def test_event_details_and_agency_are_one_rule() -> None:
    from lapor_core.events import event_agency, event_data

    reassign = {"agency_code": "dinkes", "reason": "salah OPD"}
    assert event_data("reassign", reassign, "dinas_pupr") == {"from": "dinas_pupr", "to": "dinkes"}
    assert event_agency("reassign", reassign, "dinas_pupr") == "dinkes"
    assert event_agency("note", {"text": "x"}, "dinas_pupr") == "dinas_pupr"
    assert event_data("note", {"text": "x"}, "dinas_pupr") is None
    verify = {"title": "Judul baru", "district_code": "mimika_baru"}
    assert event_data("verify", verify, None) == {
        "changes": {"title": True, "district_code": "mimika_baru"}
    }
    assert event_data("verify", verify, None, changes={}) == {"changes": {}}
    assert event_data("respond", {"text": "x", "final": True}, "a") == {"final": True}


def test_every_desk_action_has_its_indonesian_name() -> None:
    assert set(wf.ACTION_LABELS_ID) == set(wf.DESK_ACTIONS)
    assert wf.ACTION_LABELS_ID["reassign"] == "alihkan ke OPD lain"
