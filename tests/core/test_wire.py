"""Op payload validation shared by desk and server: bad input is refused with a reason."""

from __future__ import annotations

import pytest

from lapor_core.wire import PayloadError, is_sha256, validate_op_payload

SHA = "a" * 64


def test_respond_normalises():
    out = validate_op_payload("respond", {"text": "  Sudah diperbaiki.  ", "final": True})
    assert out == {"text": "Sudah diperbaiki.", "final": True, "attachments": []}


@pytest.mark.parametrize(
    ("kind", "payload", "field"),
    [
        ("respond", {}, "text"),
        ("respond", {"text": "   "}, "text"),
        ("respond", {"text": 5}, "text"),
        ("respond", {"text": "x", "final": "yes"}, "final"),
        ("respond", {"text": "x", "attachments": ["nothex"]}, "attachments"),
        ("respond", {"text": "x", "extra": 1}, "extra"),
        ("archive", {"reason": "bored"}, "reason"),
        ("archive", {"reason": "duplicate"}, "duplicate_of"),
        ("dispatch", {}, "agency_code"),
        ("dispatch", {"agency_code": "Dinas PUPR!"}, "agency_code"),
        ("reassign", {"agency_code": "dinkes"}, "reason"),
        ("verify", {"classification": "gossip"}, "classification"),
        ("verify", {"title": ""}, "title"),
        ("verify", {"is_secret": "true"}, "is_secret"),
        ("note", {"text": "x" * 20_001}, "text"),
        ("reporter_reply", {"text": "x"}, "kind"),
        ("explode", {}, "kind"),
    ],
)
def test_bad_payloads_name_the_field(kind, payload, field):
    with pytest.raises(PayloadError) as info:
        validate_op_payload(kind, payload)
    assert info.value.field == field
    assert str(info.value)


def test_payload_must_be_an_object():
    with pytest.raises(PayloadError):
        validate_op_payload("note", ["text"])


def test_attachments_deduplicated():
    out = validate_op_payload("note", {"text": "foto", "attachments": [SHA, SHA]})
    assert out["attachments"] == [SHA]
    assert is_sha256(SHA) and not is_sha256(SHA.upper())
