"""Every op kind through POST /api/v1/ops: allowed roles apply it, other roles are refused,
and each change appends an event, bumps the version by one and recomputes deadlines."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from lapor_server.models import Report, ReportEvent, ScopeChange
from tests.server.conftest import AGENCY_A, AGENCY_B, World, make_op

# (kind, start state, payload, role that may, expected new status)
ALLOWED = [
    (
        "verify",
        "unverified",
        {
            "title": "Jalan rusak parah",
            "category_code": "pekerjaan_umum",
            "district_code": "kuala_kencana",
            "is_secret": True,
        },
        "koor",
        "verified",
    ),
    ("archive", "unverified", {"reason": "spam", "note": "iklan"}, "koor", "archived"),
    (
        "dispatch",
        "verified",
        {"agency_code": AGENCY_B, "note": "mohon segera"},
        "koor",
        "dispatched",
    ),
    (
        "reassign",
        "dispatched",
        {"agency_code": AGENCY_B, "reason": "urusan kesehatan"},
        "koor",
        "dispatched",
    ),
    (
        "return",
        "dispatched",
        {"reason": "bukan wewenang kami", "suggested_agency_code": AGENCY_B},
        "petugas_a",
        "verified",
    ),
    (
        "respond",
        "dispatched",
        {"text": "Tim sudah ke lokasi.", "final": False},
        "petugas_a",
        "in_progress",
    ),
    (
        "respond",
        "in_progress",
        {"text": "Sudah diperbaiki.", "final": True},
        "petugas_a",
        "completed",
    ),
    ("note", "dispatched", {"text": "cek anggaran"}, "petugas_a", "dispatched"),
    ("note", "unverified", {"text": "mirip laporan lain"}, "koor", "unverified"),
    ("postpone", "dispatched", {"text": "Mohon kirim foto."}, "petugas_a", "postponed"),
    ("postpone", "verified", {"text": "Lokasi tepatnya di mana?"}, "koor", "postponed"),
    ("resume", "postponed", {}, "petugas_a", "dispatched"),
    ("resume", "postponed", {}, "koor", "dispatched"),
]


@pytest.mark.parametrize(
    ("kind", "state", "payload", "who", "new_status"),
    ALLOWED,
    ids=[f"{a[0]}-{a[3]}-{a[1]}" for a in ALLOWED],
)
def test_allowed_op_applies(world: World, kind, state, payload, who, new_status) -> None:
    rid = world.report(state)
    with world.db.read() as s:
        before = s.get(Report, rid)
        n_events = s.scalar(sa.select(sa.func.count()).where(ReportEvent.report_id == rid))
    res = world.op1(who, make_op(kind, rid, payload, base_version=before.version))
    assert res["outcome"] == "applied", res
    assert res["report_version"] == before.version + 1
    with world.db.read() as s:
        after = s.get(Report, rid)
        events = s.scalars(
            sa.select(ReportEvent).where(ReportEvent.report_id == rid).order_by(ReportEvent.id)
        ).all()
    assert after.status == new_status
    assert after.version == before.version + 1
    assert after.feed_seq > before.feed_seq
    assert len(events) == n_events + 1
    last = events[-1]
    assert last.kind == kind
    assert last.op_id == res["op_id"]
    assert last.version == after.version
    assert last.visibility == ("public" if kind in ("respond", "postpone") else "internal")


def test_verify_changes_fields(world: World) -> None:
    rid = world.report("unverified")
    world.op1(
        "koor",
        make_op(
            "verify",
            rid,
            {"title": "Judul baru", "category_code": "kesehatan", "is_anonymous": True},
        ),
    )
    snap = world.snapshot("koor", rid)
    assert snap["title"] == "Judul baru"
    assert snap["category_code"] == "kesehatan"
    assert snap["is_anonymous"] is True
    assert snap["reporter"] is None


FORBIDDEN = [
    ("verify", "unverified", {}, "petugas_a"),
    ("verify", "unverified", {}, "pimpinan"),
    ("verify", "unverified", {}, "admin"),
    ("archive", "unverified", {"reason": "spam"}, "petugas_a"),
    ("dispatch", "verified", {"agency_code": AGENCY_A}, "petugas_a"),
    ("reassign", "dispatched", {"agency_code": AGENCY_B, "reason": "x"}, "petugas_a"),
    ("return", "dispatched", {"reason": "x"}, "koor"),
    ("respond", "dispatched", {"text": "x", "final": True}, "koor"),
    ("respond", "dispatched", {"text": "x", "final": True}, "pimpinan"),
    ("note", "dispatched", {"text": "x"}, "pimpinan"),
    ("postpone", "dispatched", {"text": "x"}, "admin"),
    ("resume", "postponed", {}, "pimpinan"),
]


@pytest.mark.parametrize(
    ("kind", "state", "payload", "who"), FORBIDDEN, ids=[f"{a[0]}-{a[3]}" for a in FORBIDDEN]
)
def test_forbidden_role_is_rejected_and_nothing_changes(
    world: World, kind, state, payload, who
) -> None:
    rid = world.report(state)
    with world.db.read() as s:
        before = s.get(Report, rid)
    res = world.op1(who, make_op(kind, rid, payload))
    assert res["outcome"] == "rejected"
    assert res["reason"] == "role"
    assert res["report_version"] is None
    with world.db.read() as s:
        after = s.get(Report, rid)
    assert (after.version, after.status, after.feed_seq) == (
        before.version,
        before.status,
        before.feed_seq,
    )


def test_officer_of_another_agency_gets_not_found(world: World) -> None:
    rid = world.report("dispatched", agency=AGENCY_A)
    for kind, payload in (
        ("respond", {"text": "x", "final": False}),
        ("note", {"text": "x"}),
        ("postpone", {"text": "x"}),
        ("return", {"reason": "x"}),
    ):
        foreign = world.op1("petugas_b", make_op(kind, rid, payload))
        missing = world.op1(
            "petugas_b", make_op(kind, "00000000-0000-4000-8000-000000000000", payload)
        )
        assert foreign["outcome"] == missing["outcome"] == "rejected"
        assert foreign["detail"] == missing["detail"]
        assert foreign["reason"] == missing["reason"] == "not_found"
        assert foreign["report_version"] is missing["report_version"] is None


def test_reassign_writes_tombstone_and_restarts_response_clock(world: World) -> None:
    rid = world.report("dispatched", agency=AGENCY_A)
    world.clock.advance(days=7)
    res = world.op1(
        "koor", make_op("reassign", rid, {"agency_code": AGENCY_B, "reason": "urusan Dinkes"})
    )
    assert res["outcome"] == "applied"
    with world.db.read() as s:
        r = s.get(Report, rid)
        tomb = s.scalar(sa.select(ScopeChange).where(ScopeChange.report_id == rid))
    assert tomb.agency_code == AGENCY_A and tomb.reason == "reassigned"
    assert tomb.seq == r.feed_seq
    assert r.dispatched_at == world.clock()
    # 5 working days from Wed 11 Nov 2026 (in Timika): Wed 18 Nov
    assert r.respond_by == date(2026, 11, 18)


def test_reassign_to_the_same_agency_is_rejected(world: World) -> None:
    rid = world.report("dispatched", agency=AGENCY_A)
    res = world.op1("koor", make_op("reassign", rid, {"agency_code": AGENCY_A, "reason": "x"}))
    assert res["outcome"] == "rejected"


def test_deadlines_follow_the_workflow(world: World) -> None:
    # Submitted Wed 4 Nov 2026 10:00 WIT: verify and dispatch within 3 working days (Mon 9 Nov)
    rid = world.report("unverified")
    snap = world.snapshot("koor", rid)
    assert snap["deadlines"] == {
        "verify_by": "2026-11-09",
        "dispatch_by": "2026-11-09",
        "respond_by": None,
        "closes_at": None,
    }
    world.clock.advance(days=1)  # Thu 5 Nov
    world.op1("koor", make_op("verify", rid))
    world.op1("koor", make_op("dispatch", rid, {"agency_code": AGENCY_A}))
    d = world.snapshot("koor", rid)["deadlines"]
    assert d["verify_by"] is None and d["dispatch_by"] is None
    assert d["respond_by"] == "2026-11-12"  # 5 working days after Thu 5 Nov
    # postponed for a full working week: the response deadline moves by those days
    world.op1("petugas_a", make_op("postpone", rid, {"text": "Mohon foto lokasi."}))
    world.clock.advance(days=7)  # Thu 12 Nov
    world.op1("petugas_a", make_op("resume", rid))
    d = world.snapshot("koor", rid)["deadlines"]
    assert d["respond_by"] == "2026-11-19"
    world.op1("petugas_a", make_op("respond", rid, {"text": "Selesai.", "final": True}))
    d = world.snapshot("koor", rid)["deadlines"]
    assert d["closes_at"] == "2026-11-26"  # 10 working days after Thu 12 Nov


def test_version_increments_by_one_per_change(world: World) -> None:
    rid = world.report("unverified")
    versions = []
    for who, kind, payload in (
        ("koor", "note", {"text": "a"}),
        ("koor", "verify", {}),
        ("koor", "dispatch", {"agency_code": AGENCY_A}),
        ("petugas_a", "note", {"text": "b"}),
        ("petugas_a", "respond", {"text": "c", "final": False}),
        ("petugas_a", "postpone", {"text": "d"}),
        ("petugas_a", "resume", {}),
        ("petugas_a", "respond", {"text": "e", "final": True}),
    ):
        res = world.op1(who, make_op(kind, rid, payload))
        assert res["outcome"] == "applied", (kind, res)
        versions.append(res["report_version"])
    assert versions == list(range(2, 2 + len(versions)))
    snap = world.snapshot("koor", rid)
    assert snap["version"] == versions[-1]
    assert [e["version"] for e in snap["events"]] == list(range(1, versions[-1] + 1))


def test_unknown_codes_are_rejected(world: World) -> None:
    rid = world.report("unverified")
    for kind, payload in (
        ("verify", {"category_code": "tidak_ada"}),
        ("verify", {"district_code": "atlantis"}),
    ):
        res = world.op1("koor", make_op(kind, rid, payload))
        assert res["outcome"] == "rejected" and res["reason"] == "unknown_code", res
    vid = world.report("verified")
    res = world.op1("koor", make_op("dispatch", vid, {"agency_code": "dinas_tidak_ada"}))
    assert res["outcome"] == "rejected" and res["reason"] == "unknown_code"
    did = world.report("dispatched")
    res = world.op1(
        "petugas_a", make_op("return", did, {"reason": "x", "suggested_agency_code": "nope"})
    )
    assert res["outcome"] == "rejected" and res["reason"] == "unknown_code"


def test_archive_duplicate_needs_an_existing_original(world: World) -> None:
    original = world.report("dispatched")
    rid = world.report("unverified")
    res = world.op1(
        "koor", make_op("archive", rid, {"reason": "duplicate", "duplicate_of": "tidak-ada"})
    )
    assert res["outcome"] == "rejected" and res["reason"] == "duplicate_of"
    res = world.op1("koor", make_op("archive", rid, {"reason": "duplicate", "duplicate_of": rid}))
    assert res["outcome"] == "rejected"
    res = world.op1(
        "koor", make_op("archive", rid, {"reason": "duplicate", "duplicate_of": original})
    )
    assert res["outcome"] == "applied"
    snap = world.snapshot("koor", rid)
    assert snap["duplicate_of"] == original and snap["archive_reason"] == "duplicate"


def test_attachments_must_be_uploaded_first(world: World) -> None:
    import hashlib

    from lapor_server.storage import store_bytes

    rid = world.report("dispatched")
    data = b"%PDF-1.4 laporan"
    sha = hashlib.sha256(data).hexdigest()
    res = world.op1(
        "petugas_a",
        make_op("respond", rid, {"text": "lihat lampiran", "final": False, "attachments": [sha]}),
    )
    assert res["outcome"] == "rejected" and res["reason"] == "attachment_missing"
    assert "lampiran belum diunggah" in res["detail"]
    with world.db.write() as s:
        store_bytes(s, world.settings.attachments_dir, data, "application/pdf", world.clock())
    # On the server, but not uploaded by this account: the same answer (issue 12 #3).
    res = world.op1(
        "petugas_a",
        make_op("respond", rid, {"text": "lihat lampiran", "final": False, "attachments": [sha]}),
    )
    assert res["outcome"] == "rejected" and res["reason"] == "attachment_missing"
    r = world.client.put(
        f"/api/v1/attachments/{sha}",
        content=data,
        headers={**world.headers("petugas_a"), "Content-Type": "application/pdf"},
    )
    assert r.status_code == 200, r.text
    res = world.op1(
        "petugas_a",
        make_op("respond", rid, {"text": "lihat lampiran", "final": False, "attachments": [sha]}),
    )
    assert res["outcome"] == "applied"
    snap = world.snapshot("petugas_a", rid)
    assert snap["attachments"] == [
        {"sha256": sha, "filename": sha[:12], "media_type": "application/pdf", "size": len(data)}
    ]
    assert snap["events"][-1]["attachments"][0]["sha256"] == sha
