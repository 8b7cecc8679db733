"""Exactly-once and conflicts of POST /api/v1/ops."""

from __future__ import annotations

import threading
import uuid

import sqlalchemy as sa

from lapor_server import ops as engine
from lapor_server.models import OpRecord, Report, ReportEvent
from tests.server.conftest import AGENCY_A, AGENCY_B, World, make_op


def _count_events(world: World, rid: str, kind: str) -> int:
    with world.db.read() as s:
        return s.scalar(
            sa.select(sa.func.count()).where(ReportEvent.report_id == rid, ReportEvent.kind == kind)
        )


def test_same_op_twice_is_duplicate_with_the_original_result(world: World) -> None:
    rid = world.report("dispatched")
    op = make_op("respond", rid, {"text": "Sudah kami tinjau.", "final": False})
    first = world.op1("petugas_a", op)
    second = world.op1("petugas_a", op)
    assert first["outcome"] == "applied"
    assert second["outcome"] == "duplicate"
    assert second["report_version"] == first["report_version"]
    assert second["op_id"] == first["op_id"]
    assert _count_events(world, rid, "respond") == 1


def test_duplicate_is_remembered_after_later_changes(world: World) -> None:
    rid = world.report("dispatched")
    op = make_op("note", rid, {"text": "catatan"})
    first = world.op1("petugas_a", op)
    world.op1("petugas_a", make_op("respond", rid, {"text": "x", "final": True}))
    world.clock.advance(days=400)  # op ids are permanent, not a day's cache
    world.tokens.clear()
    again = world.op1("petugas_a", op)
    assert again["outcome"] == "duplicate"
    assert again["report_version"] == first["report_version"]
    assert _count_events(world, rid, "note") == 1


def test_same_op_id_with_different_content_is_rejected(world: World) -> None:
    rid = world.report("dispatched")
    op = make_op("note", rid, {"text": "versi pertama"})
    assert world.op1("petugas_a", op)["outcome"] == "applied"
    changed = dict(op, payload={"text": "versi kedua"})
    res = world.op1("petugas_a", changed)
    assert res["outcome"] == "rejected"
    assert res["reason"] == "op_id_reused"
    with world.db.read() as s:
        texts = s.scalars(sa.select(ReportEvent.text).where(ReportEvent.kind == "note")).all()
    assert texts == ["versi pertama"]


def test_op_id_case_and_created_at_do_not_change_identity(world: World) -> None:
    rid = world.report("dispatched")
    op = make_op("note", rid, {"text": "x"})
    assert world.op1("petugas_a", op)["outcome"] == "applied"
    again = dict(op, op_id=op["op_id"].upper(), created_at="2030-01-01T00:00:00+09:00")
    assert world.op1("petugas_a", again)["outcome"] == "duplicate"


def test_many_ops_in_one_request_keep_order_and_one_rejection_is_isolated(world: World) -> None:
    a = world.report("dispatched")
    b = world.report("dispatched")
    batch = [
        make_op("note", a, {"text": "satu"}),
        make_op("respond", a, {"text": ""}),  # invalid: empty text
        make_op("respond", b, {"text": "dua", "final": False}),
        make_op("verify", b),  # petugas may not verify
        make_op("respond", a, {"text": "tiga", "final": True}),
    ]
    results = world.ops("petugas_a", batch)
    assert [r["op_id"] for r in results] == [o["op_id"] for o in batch]
    assert [r["outcome"] for r in results] == [
        "applied",
        "rejected",
        "applied",
        "rejected",
        "applied",
    ]
    assert results[1]["reason"] == "payload"
    assert results[3]["reason"] == "role"
    assert results[4]["report_version"] == results[0]["report_version"] + 1


def test_a_hundred_ops_per_request_at_most(world: World) -> None:
    rid = world.report("dispatched")
    ops = [make_op("note", rid, {"text": f"n{i}"}) for i in range(101)]
    r = world.client.post("/api/v1/ops", json={"ops": ops}, headers=world.headers("petugas_a"))
    assert r.status_code in (413, 422)
    assert r.headers["content-type"] == "application/problem+json"
    assert _count_events(world, rid, "note") == 0
    results = world.ops("petugas_a", ops[:100])
    assert all(r["outcome"] == "applied" for r in results)
    assert _count_events(world, rid, "note") == 100


def test_conflict_when_reassigned_away_while_officer_answers(world: World) -> None:
    rid = world.report("dispatched", agency=AGENCY_A)
    world.op1(
        "koor", make_op("reassign", rid, {"agency_code": AGENCY_B, "reason": "urusan kesehatan"})
    )
    with world.db.read() as s:
        version = s.get(Report, rid).version
    res = world.op1(
        "petugas_a", make_op("respond", rid, {"text": "Jalan sudah ditambal.", "final": True})
    )
    assert res["outcome"] == "conflict"
    assert res["reason"] == "reassigned"
    assert res["detail"].startswith("Laporan ini sudah dialihkan ke Dinas Kesehatan")
    assert "WIT" in res["detail"]
    assert res["report_version"] == version
    with world.db.read() as s:
        r = s.get(Report, rid)
    assert (r.status, r.agency_code, r.version) == ("dispatched", AGENCY_B, version)


def test_conflict_detail_names_the_coordinator_and_time(world: World) -> None:
    rid = world.report("dispatched", agency=AGENCY_A)
    world.op1("koor", make_op("reassign", rid, {"agency_code": AGENCY_B, "reason": "x"}))
    res = world.op1("petugas_a", make_op("note", rid, {"text": "y"}))
    # clock: 4 Nov 2026 01:00 UTC = 10.00 WIT
    assert res["detail"] == (
        "Laporan ini sudah dialihkan ke Dinas Kesehatan oleh koordinator "
        "Yohana Kambu pada 4 Nov 2026 10.00 WIT."
    )


def test_conflict_when_returned(world: World) -> None:
    rid = world.report("dispatched", agency=AGENCY_A)
    # another officer of the same OPD returned it
    world.add_user("petugas_a2", "petugas", AGENCY_A, display_name="Rekan PUPR")
    world.op1("petugas_a2", make_op("return", rid, {"reason": "bukan wewenang"}))
    res = world.op1("petugas_a", make_op("respond", rid, {"text": "x", "final": False}))
    assert res["outcome"] == "conflict" and res["reason"] == "returned"
    assert "dikembalikan" in res["detail"]


def test_conflict_when_already_completed(world: World) -> None:
    rid = world.report("completed", agency=AGENCY_A)
    res = world.op1("petugas_a", make_op("respond", rid, {"text": "lagi", "final": False}))
    assert res["outcome"] == "conflict"
    assert res["reason"] == "completed"
    assert res["detail"].startswith("Laporan sudah diselesaikan")
    res = world.op1("petugas_a", make_op("postpone", rid, {"text": "tunda"}))
    assert res["outcome"] == "conflict"


def test_coordinator_conflicts(world: World) -> None:
    rid = world.report("verified")
    res = world.op1("koor", make_op("verify", rid))
    assert res["outcome"] == "conflict" and res["reason"] == "already_verified"
    did = world.report("dispatched")
    res = world.op1("koor", make_op("dispatch", did, {"agency_code": AGENCY_B}))
    assert res["outcome"] == "conflict" and res["reason"] == "already_dispatched"
    assert "Dinas Pekerjaan Umum" in res["detail"] or "PUPR" in res["detail"]
    aid = world.report("archived")
    res = world.op1("koor", make_op("dispatch", aid, {"agency_code": AGENCY_B}))
    assert res["outcome"] == "conflict" and res["reason"] == "archived"


def test_conflicting_op_resent_later_is_evaluated_again(world: World) -> None:
    rid = world.report("postponed", agency=AGENCY_A)
    op = make_op("return", rid, {"reason": "bukan wewenang"})
    first = world.op1("petugas_a", op)
    assert first["outcome"] == "conflict" and first["reason"] == "postponed"
    world.op1("petugas_a", make_op("resume", rid))
    assert world.op1("petugas_a", op)["outcome"] == "applied"
    assert world.op1("petugas_a", op)["outcome"] == "duplicate"


def test_base_version_is_informational(world: World) -> None:
    rid = world.report("dispatched")
    res = world.op1("petugas_a", make_op("note", rid, {"text": "lama"}, base_version=1))
    assert res["outcome"] == "applied"
    with world.db.read() as s:
        rec = s.get(OpRecord, res["op_id"])
    assert rec.base_version == 1 and rec.outcome == "applied"


def test_malformed_ops_get_problem_or_rejection(world: World) -> None:
    rid = world.report("dispatched")
    h = world.headers("petugas_a")
    # not a UUID: rejected, per op
    res = world.op1("petugas_a", make_op("note", rid, {"text": "x"}, op_id="bukan-uuid"))
    assert res["outcome"] == "rejected" and res["reason"] == "op_id"
    # unknown kind
    res = world.op1("petugas_a", make_op("hapus", rid))
    assert res["outcome"] == "rejected" and res["reason"] == "payload"
    # unknown payload field
    res = world.op1("petugas_a", make_op("note", rid, {"text": "x", "sql": "DROP"}))
    assert res["outcome"] == "rejected"
    # structurally wrong requests: problem details, nothing written
    for body in (
        {"ops": "x"},
        {"ops": [{"op_id": str(uuid.uuid4())}]},
        {"op": []},
        {"ops": [dict(make_op("note", rid, {"text": "x"}), base_version="tiga")]},
        {"ops": [dict(make_op("note", rid, {"text": "x"}), payload=[1, 2])]},
        {"ops": [dict(make_op("note", rid, {"text": "x"}), created_at="kemarin")]},
        {"ops": [dict(make_op("note", rid, {"text": "x"}), created_at="2026-11-04T10:00:00")]},
    ):
        r = world.client.post("/api/v1/ops", json=body, headers=h)
        assert r.status_code == 422, (body, r.text)
        assert r.headers["content-type"] == "application/problem+json"
    r = world.client.post(
        "/api/v1/ops", content=b'{"ops": [', headers={**h, "content-type": "application/json"}
    )
    assert r.status_code == 400
    assert r.json()["type"].endswith("/malformed-json")
    assert _count_events(world, rid, "note") == 0


def test_concurrent_same_op_applies_once(world: World) -> None:
    rid = world.report("dispatched")
    op = engine.OpIn(str(uuid.uuid4()), "respond", rid, {"text": "bersamaan", "final": False}, 2)
    actor = engine.OpActor("petugas", AGENCY_A, "Petugas PUPR")
    results: list[engine.OpResult] = []
    barrier = threading.Barrier(6)

    def send() -> None:
        barrier.wait()
        results.append(engine.process_one(world.db, actor, op, world.clock()))

    threads = [threading.Thread(target=send) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    outcomes = sorted(r.outcome for r in results)
    assert outcomes == ["applied"] + ["duplicate"] * 5
    assert len({r.report_version for r in results}) == 1
    assert _count_events(world, rid, "respond") == 1
