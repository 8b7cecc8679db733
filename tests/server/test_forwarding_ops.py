"""Forwarding to another instansi (issue 16, docs/forwarding.md): the `forward` and
`partner_answer` ops through the real op endpoint — who may send them, the reason codes of their
refusals, what the report and its public conversation become — and partners in the reference."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from lapor_server.citizen.conversation import conversation
from lapor_server.forwarding import partners
from lapor_server.forwarding.tables import Forward
from tests.server.conftest import make_op

PROV = "pemprov_papua_tengah"
KEMEN = "bpjn_papua"


@pytest.fixture
def server_settings(server_settings):
    """The worker is tested on its own (test_forwarding_worker.py) and end to end."""
    return server_settings.replace(forwarding=False)


@pytest.fixture
def fw(world):
    now = world.clock()
    partners.add(
        world.db,
        code=KEMEN,
        name="Balai Pelaksanaan Jalan Nasional Papua",
        kind="kementerian",
        runs_lapor=False,
        base_url=None,
        channel_key=None,
        ca_file=None,
        now=now,
    )
    # a LAPOR partner nobody can reach here: its forwards wait (the worker is tested end to end)
    partners.add(
        world.db,
        code=PROV,
        name="Pemerintah Provinsi Papua Tengah",
        kind="provinsi",
        runs_lapor=True,
        base_url="https://127.0.0.1:9",
        channel_key="lpk_rahasia-mitra-XYZ123",
        ca_file=None,
        now=now,
    )
    return world


def _forward(w, rid, partner=KEMEN, who="koor", **extra):
    payload = {"partner": partner, "reason": "Jalan nasional, bukan wewenang Pemkab.", **extra}
    return w.op1(who, make_op("forward", rid, payload, base_version=None))


def test_a_coordinator_forwards_at_screening_and_the_report_leaves_the_workflow(fw):
    rid = fw.report("verified")
    res = _forward(fw, rid, reference="Surat 045/123/2026")
    assert res["outcome"] == "applied", res
    snap = fw.snapshot("koor", rid)
    assert snap["status"] == "archived" and snap["archive_reason"] == "forwarded"
    event = [e for e in snap["events"] if e["kind"] == "forward"][-1]
    assert event["visibility"] == "internal"  # the reason is the coordinators'
    assert event["data"]["partner"] == KEMEN
    assert event["data"]["partner_name"] == "Balai Pelaksanaan Jalan Nasional Papua"
    assert event["data"]["reference"] == "Surat 045/123/2026"
    with fw.db.read() as s:
        fwd = s.scalar(sa.select(Forward).where(Forward.report_id == rid))
        assert (fwd.state, fwd.reference) == ("manual", "Surat 045/123/2026")
        said = [u.description for u in conversation(s, rid)]
    assert "diteruskan ke Balai Pelaksanaan Jalan Nasional Papua" in said[-1]
    assert "bukan wewenang" not in " ".join(said)  # the reason stays internal


def test_a_forward_to_a_lapor_partner_waits_for_the_worker(fw):
    rid = fw.report("unverified")
    assert _forward(fw, rid, PROV)["outcome"] == "applied"
    with fw.db.read() as s:
        fwd = s.scalar(sa.select(Forward).where(Forward.report_id == rid))
    assert fwd.state == "pending" and fwd.external_id == f"lapor-forward-{rid}"


@pytest.mark.parametrize("who", ["petugas_a", "pimpinan", "admin"])
def test_only_a_coordinator_may_forward_or_record_an_answer(fw, who):
    rid = fw.report("verified")
    res = _forward(fw, rid, who=who)
    assert (res["outcome"], res["reason"]) == ("rejected", "role")
    assert _forward(fw, rid)["outcome"] == "applied"
    res = fw.op1(who, make_op("partner_answer", rid, {"text": "Sudah"}, base_version=None))
    assert (res["outcome"], res["reason"]) == ("rejected", "role")


def test_refusals_carry_their_reason_codes(fw):
    rid = fw.report("verified")
    res = _forward(fw, rid, "instansi_khayalan")
    assert (res["outcome"], res["reason"]) == ("rejected", "unknown_partner")
    res = fw.op1("koor", make_op("forward", rid, {"partner": KEMEN}, base_version=None))
    assert (res["outcome"], res["reason"]) == ("rejected", "payload")  # no reason given
    res = fw.op1("koor", make_op("partner_answer", rid, {"text": "x"}, base_version=None))
    assert (res["outcome"], res["reason"]) == ("conflict", "not_forwarded")

    dispatched = fw.report("dispatched")
    res = _forward(fw, dispatched)
    assert (res["outcome"], res["reason"]) == ("conflict", "not_forwardable")

    assert _forward(fw, rid)["outcome"] == "applied"
    res = _forward(fw, rid, PROV)
    assert (res["outcome"], res["reason"]) == ("conflict", "already_forwarded")
    assert "Balai Pelaksanaan Jalan Nasional Papua" in res["detail"]

    partners.update(fw.db, code=KEMEN, now=fw.clock(), active=False)
    other = fw.report("verified")
    res = _forward(fw, other)
    assert (res["outcome"], res["reason"]) == ("rejected", "unknown_partner")


def test_a_resent_forward_counts_once(fw):
    rid = fw.report("verified")
    op = make_op("forward", rid, {"partner": KEMEN, "reason": "Bukan wewenang."}, None)
    assert fw.op1("koor", op)["outcome"] == "applied"
    assert fw.op1("koor", op)["outcome"] == "duplicate"
    with fw.db.read() as s:
        assert s.scalar(sa.select(sa.func.count()).where(Forward.report_id == rid)) == 1


def test_a_hand_recorded_answer_reaches_the_citizen_in_the_partners_name(fw):
    rid = fw.report("verified")
    assert _forward(fw, rid)["outcome"] == "applied"
    text = "Perbaikan jalan nasional dijadwalkan Januari 2027."
    res = fw.op1(
        "koor",
        make_op("partner_answer", rid, {"text": text, "final": True, "reference": "B/77"}, None),
    )
    assert res["outcome"] == "applied", res
    snap = fw.snapshot("koor", rid)
    event = [e for e in snap["events"] if e["kind"] == "partner_answer"][-1]
    assert event["visibility"] == "public" and event["text"] == text
    assert event["data"]["partner_name"] == "Balai Pelaksanaan Jalan Nasional Papua"
    with fw.db.read() as s:
        last = conversation(s, rid)[-1]
    assert (last.kind, last.description, last.final) == ("answer", text, True)
    assert last.speaker == "Balai Pelaksanaan Jalan Nasional Papua"
    assert snap["status"] == "archived"  # an answer does not bring it back into the workflow


def test_a_lapor_partners_answers_are_not_recorded_by_hand(fw):
    rid = fw.report("verified")
    assert _forward(fw, rid, PROV)["outcome"] == "applied"
    res = fw.op1("koor", make_op("partner_answer", rid, {"text": "Sudah"}, base_version=None))
    assert (res["outcome"], res["reason"]) == ("rejected", "partner_runs_lapor")


def test_an_officer_never_sees_a_forwarded_report(fw):
    rid = fw.report("verified")
    assert _forward(fw, rid)["outcome"] == "applied"
    assert fw.snapshot("petugas_a", rid) is None


def test_desks_learn_partners_from_the_reference_without_address_or_key(fw):
    for who in ("koor", "petugas_a"):
        r = fw.get(who, "/api/v1/reference")
        assert r.status_code == 200
        body = r.json()
        assert {p["code"] for p in body["partners"]} == {KEMEN, PROV}
        prov = next(p for p in body["partners"] if p["code"] == PROV)
        assert prov == {
            "code": PROV,
            "name": "Pemerintah Provinsi Papua Tengah",
            "kind": "provinsi",
            "runs_lapor": True,
        }
        assert "rahasia-mitra" not in r.text and "127.0.0.1:9" not in r.text
    items, _ = fw.feed_all("koor")
    rid = fw.report("verified")
    _forward(fw, rid, PROV)
    items, _ = fw.feed_all("koor")
    assert "rahasia-mitra" not in str(items)
