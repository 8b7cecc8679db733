"""The coordinator redacts a report's public text (issue 12 #17): everyone but a koordinator — and
Open311 — reads the public version; the original stays on the server for coordinators."""

from __future__ import annotations

from tests.server.conftest import AGENCY_A, World, make_op

SELF_NAMED = "Saya Agustina Kogoya, rumah saya di Jalan Cendrawasih 12, lampu jalan mati."
HOME = "Jalan Cendrawasih 12, Kwamki"


def _open311(world: World, tracking_id: str) -> dict:
    r = world.client.get(f"/open311/v2/requests/{tracking_id}.json")
    assert r.status_code == 200, r.text
    return r.json()[0]


def test_redacted_text_is_what_everyone_but_the_coordinator_reads(world: World):
    rid = world.report("dispatched", agency=AGENCY_A, body=SELF_NAMED, address=HOME)
    tracking = world.snapshot("koor", rid)["tracking_id"]
    assert "Kogoya" in _open311(world, tracking)["description"]  # before: public

    public = "Lampu jalan mati di depan rumah warga."
    res = world.op1("koor", make_op("redact", rid, {"body": public, "address": "Kwamki"}))
    assert res["outcome"] == "applied", res

    item = _open311(world, tracking)
    assert item["description"] == public
    assert "Cendrawasih" not in str(item) and "Kogoya" not in str(item)
    for who in ("petugas_a", "pimpinan", "admin"):
        snap = world.snapshot(who, rid)
        assert snap["body"] == public and snap["address"] == "Kwamki", who
        assert "Kogoya" not in str(snap) and "Cendrawasih" not in str(snap), who
        one = world.get(who, f"/api/v1/reports/{rid}").json()
        assert "Kogoya" not in str(one), who
    koor = world.snapshot("koor", rid)
    assert koor["body"] == SELF_NAMED and koor["address"] == HOME
    assert koor["public_body"] == public and koor["public_address"] == "Kwamki"
    event = koor["events"][-1]
    assert event["kind"] == "redact" and event["visibility"] == "internal"
    assert "Kogoya" not in str(event) and public not in str(event)

    # null shows the original again (the coordinator's decision, on the timeline too)
    res = world.op1("koor", make_op("redact", rid, {"body": None, "address": None}))
    assert res["outcome"] == "applied"
    assert "Kogoya" in _open311(world, tracking)["description"]
    assert world.snapshot("koor", rid)["public_body"] is None


def test_only_the_coordinator_redacts(world: World):
    rid = world.report("dispatched", agency=AGENCY_A, body=SELF_NAMED)
    for who in ("petugas_a", "pimpinan", "admin"):
        res = world.op1(who, make_op("redact", rid, {"body": "x"}))
        assert res["outcome"] == "rejected" and res["reason"] == "role", (who, res)
    for payload in ({}, {"body": ""}, {"title": "x"}, {"body": 5}):
        res = world.op1("koor", make_op("redact", rid, payload))
        assert res["outcome"] == "rejected" and res["reason"] == "payload", payload
