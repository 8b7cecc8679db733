"""The server speaks the shared vocabulary: snapshots carry exactly the shared field list, a
verification's timeline text is the shared one, and every problem carries a machine `reason`."""

from __future__ import annotations

from lapor_core.events import VERIFIED_TEXT, event_text
from lapor_core.snapshot import DEADLINE_FIELDS, EVENT_FIELDS, SNAPSHOT_FIELDS
from lapor_server.schemas import DeadlinesOut, Event, ReportSnapshot
from tests.server.conftest import World, make_op


def test_snapshot_has_exactly_the_shared_fields_and_the_schema_documents_them(
    world: World,
) -> None:
    rid = world.report("dispatched")
    snap = world.snapshot("koor", rid)
    assert snap is not None
    assert tuple(snap) == SNAPSHOT_FIELDS
    assert tuple(ReportSnapshot.model_fields) == SNAPSHOT_FIELDS
    assert tuple(snap["deadlines"]) == DEADLINE_FIELDS == tuple(DeadlinesOut.model_fields)
    assert tuple(snap["events"][0]) == EVENT_FIELDS == tuple(Event.model_fields)
    assert snap["status"] == "dispatched" and isinstance(snap["is_secret"], bool)


def test_verify_event_text_is_the_shared_text(world: World) -> None:
    rid = world.report("unverified")
    payload = {"title": "Jalan rusak di Kwamki"}
    assert world.op1("koor", make_op("verify", rid, payload))["outcome"] == "applied"
    snap = world.snapshot("koor", rid)
    assert snap is not None
    verify = [e for e in snap["events"] if e["kind"] == "verify"]
    assert [e["text"] for e in verify] == [VERIFIED_TEXT] == [event_text("verify", payload)]


def test_every_problem_carries_a_machine_reason(world: World) -> None:
    assert world.client.get("/api/v1/no-such-thing").json()["reason"] == "not_found"
    r = world.client.get("/api/v1/feed")
    assert (r.status_code, r.json()["reason"]) == (401, "unauthorized")
    bad = world.client.post("/api/v1/ops", json={"ops": "x"}, headers=world.headers("koor")).json()
    assert bad["reason"] == "validation_error"
    wrong = world.login("koor", password="salah-sekali-123").json()
    assert wrong["reason"] == "invalid_credentials"
