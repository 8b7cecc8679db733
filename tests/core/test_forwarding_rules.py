"""Forwarding in the shared rules (docs/forwarding.md): when the workflow allows a forward and a
partner's answer, what state a forward leaves, the payloads, and what the citizen is told."""

from __future__ import annotations

import pytest

from lapor_core.conversation import ANSWER, INFO_REQUEST, STATUS, public_entry, status_label
from lapor_core.events import event_data, event_text, visibility
from lapor_core.wire import PayloadError, validate_op_payload
from lapor_core.workflow import (
    OPEN_STATUSES,
    Action,
    Actor,
    NotAllowed,
    Refusal,
    ReportState,
    Role,
    Status,
    check,
    transition,
)

KOOR = Actor(Role.KOORDINATOR)


@pytest.mark.parametrize("status", [Status.UNVERIFIED, Status.VERIFIED])
def test_a_forward_at_screening_archives_the_report_and_marks_it_forwarded(status):
    tr = transition(KOOR, Action.FORWARD, ReportState(status))
    assert (tr.status, tr.agency_code, tr.forwarded) == (Status.ARCHIVED, None, True)
    assert tr.status not in OPEN_STATUSES  # no clock runs here any more
    assert tr.state.forwarded
    # once: a second forward is refused with its own reason
    with pytest.raises(NotAllowed) as info:
        check(KOOR, Action.FORWARD, tr.state)
    assert info.value.reason == Refusal.ALREADY_FORWARDED
    # the partner's answer fits only now, and leaves the state as it is
    answer = transition(KOOR, Action.PARTNER_ANSWER, tr.state)
    assert answer.state == tr.state


@pytest.mark.parametrize(
    "status", [Status.DISPATCHED, Status.IN_PROGRESS, Status.POSTPONED, Status.COMPLETED]
)
def test_a_report_at_an_opd_is_not_forwarded(status):
    with pytest.raises(NotAllowed) as info:
        check(KOOR, Action.FORWARD, ReportState(status, "dinas_pupr"))
    assert info.value.reason == Refusal.STATUS


def test_only_a_coordinator_forwards_and_only_a_forwarded_report_takes_an_answer():
    for role in (Role.PETUGAS, Role.PIMPINAN, Role.ADMIN, Role.REPORTER):
        with pytest.raises(NotAllowed) as info:
            check(Actor(role, "dinas_pupr"), Action.FORWARD, ReportState(Status.VERIFIED))
        assert info.value.reason == Refusal.ROLE
    with pytest.raises(NotAllowed) as info:
        check(KOOR, Action.PARTNER_ANSWER, ReportState(Status.ARCHIVED))
    assert info.value.reason == Refusal.NOT_FORWARDED


def test_payloads():
    ok = validate_op_payload(
        "forward", {"partner": "pemprov_papua_tengah", "reason": "  Jalan provinsi. "}
    )
    assert ok == {"partner": "pemprov_papua_tengah", "reason": "Jalan provinsi."}
    for bad in (
        {"reason": "x"},
        {"partner": "Bukan Kode", "reason": "x"},
        {"partner": "p", "reason": ""},
        {"partner": "p", "reason": "x", "reference": "r" * 201},
        {"partner": "p", "reason": "x", "agency_code": "dinas_pupr"},
    ):
        with pytest.raises(PayloadError):
            validate_op_payload("forward", bad)
    answer = validate_op_payload("partner_answer", {"text": "Sudah diperbaiki.", "final": True})
    assert answer == {"text": "Sudah diperbaiki.", "final": True}
    with pytest.raises(PayloadError):
        validate_op_payload("partner_answer", {"final": True})


def test_the_reason_is_internal_and_the_citizen_learns_only_where_it_went():
    payload = {"partner": "pemprov_papua_tengah", "reason": "Alasan internal", "reference": "B/1"}
    assert event_text("forward", payload) == "Alasan internal"
    assert visibility("forward") == "internal"
    assert event_data("forward", payload, None) == {
        "partner": "pemprov_papua_tengah",
        "reference": "B/1",
    }
    entry = public_entry(
        "forward",
        text="Alasan internal",
        data={"partner_name": "Pemerintah Provinsi Papua Tengah"},
        agency_name=None,
    )
    assert entry.kind == STATUS and "Pemerintah Provinsi Papua Tengah" in entry.description
    assert "Alasan internal" not in entry.description


def test_the_partners_answers_speak_in_the_partners_name():
    data = {"partner_name": "Pemerintah Provinsi Papua Tengah"}
    assert visibility("partner_answer") == visibility("partner_update") == "public"
    manual = public_entry(
        "partner_answer", text="Sudah.", data={**data, "final": True}, agency_name=None
    )
    assert (manual.kind, manual.speaker, manual.final) == (
        ANSWER,
        "Pemerintah Provinsi Papua Tengah",
        True,
    )
    ask = public_entry(
        "partner_update",
        text="Kirim foto.",
        data={**data, "kind": "info_request"},
        agency_name=None,
    )
    assert (ask.kind, ask.speaker) == (INFO_REQUEST, "Pemerintah Provinsi Papua Tengah")
    status = public_entry(
        "partner_update", text="Diproses.", data={**data, "kind": "status"}, agency_name=None
    )
    assert status.kind == STATUS and status.description.startswith("Pemerintah Provinsi")
    # the partner's own citizen-side entries, and empty texts, are not ours to repeat
    for kind in ("reply", "rating", None):
        assert (
            public_entry("partner_update", text="x", data={**data, "kind": kind}, agency_name=None)
            is None
        )
    assert (
        public_entry("partner_update", text=" ", data={**data, "kind": "answer"}, agency_name=None)
        is None
    )


def test_the_citizen_reads_a_forwarded_reports_status_as_forwarded():
    assert status_label("archived", "forwarded") == "Diteruskan ke instansi lain"
    assert status_label("archived", "spam") == "Diarsipkan"
    assert status_label("in_progress", None) == "Diproses"


def test_a_forwarded_report_takes_the_reporters_reply_and_stays_forwarded():
    reporter = Actor(Role.REPORTER)
    forwarded = ReportState(Status.ARCHIVED, forwarded=True)
    assert transition(reporter, Action.REPORTER_REPLY, forwarded).state == forwarded
    with pytest.raises(NotAllowed) as info:
        check(reporter, Action.REPORTER_REPLY, ReportState(Status.ARCHIVED))
    assert info.value.reason == Refusal.STATUS  # a plainly archived report still refuses
    with pytest.raises(NotAllowed):
        check(KOOR, Action.REPORTER_REPLY, forwarded)  # only the reporter replies
