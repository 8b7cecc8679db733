"""GET /api/v1/feed: scope, tombstones, paging, cursors, privacy."""

from __future__ import annotations

import json

import orjson

from lapor_server.feed import Cursor, decode_cursor, prune_tombstones
from tests.server.conftest import (
    AGENCY_A,
    AGENCY_B,
    CANARY_EMAIL,
    CANARY_NAME,
    CANARY_PHONE,
    World,
    make_op,
)


def _report_ids(items: list[dict]) -> list[str]:
    return [i["report"]["id"] for i in items if i["type"] == "report"]


def test_petugas_sees_only_reports_at_their_agency(world: World) -> None:
    at_a = [
        world.report(s, agency=AGENCY_A)
        for s in ("dispatched", "in_progress", "postponed", "completed")
    ]
    at_b = world.report("dispatched", agency=AGENCY_B)
    not_at_agency = [world.report(s) for s in ("unverified", "verified", "archived")]
    items, _ = world.feed_all("petugas_a")
    assert sorted(_report_ids(items)) == sorted(at_a)
    items_b, _ = world.feed_all("petugas_b")
    assert _report_ids(items_b) == [at_b]
    for who in ("koor", "pimpinan", "admin"):
        items, _ = world.feed_all(who)
        assert sorted(_report_ids(items)) == sorted([*at_a, at_b, *not_at_agency])


def test_each_report_once_at_its_latest_state(world: World) -> None:
    rid = world.report("dispatched")
    for i in range(3):
        world.op1("petugas_a", make_op("note", rid, {"text": f"catatan {i}"}))
    items, _ = world.feed_all("petugas_a")
    assert _report_ids(items) == [rid]
    assert items[0]["report"]["version"] == 6


def test_incremental_reads_and_harmless_rereads(world: World) -> None:
    a = world.report("dispatched")
    items, cursor = world.feed_all("petugas_a")
    assert _report_ids(items) == [a]
    # nothing new: an empty page with has_more false
    again, cursor2 = world.feed_all("petugas_a", after=cursor)
    assert again == []
    b = world.report("dispatched")
    world.op1("petugas_a", make_op("note", a, {"text": "baru"}))
    new, _ = world.feed_all("petugas_a", after=cursor2)
    assert _report_ids(new) == [b, a]
    # re-reading from the old cursor again is harmless: the same snapshots
    again_new, _ = world.feed_all("petugas_a", after=cursor2)
    assert again_new == new


def test_paging_with_small_limit(world: World) -> None:
    ids = [world.report("dispatched") for _ in range(7)]
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        params = {"limit": 3} | ({"after": cursor} if cursor else {})
        page = world.get("petugas_a", "/api/v1/feed", params=params).json()
        pages += 1
        seen += _report_ids(page["items"])
        cursor = page["cursor"]
        if not page["has_more"]:
            break
    assert seen == ids
    assert pages == 3


def test_tombstone_after_reassignment_and_return(world: World) -> None:
    a = world.report("dispatched", agency=AGENCY_A)
    b = world.report("dispatched", agency=AGENCY_A)
    _, cursor_a = world.feed_all("petugas_a")
    _, cursor_b = world.feed_all("petugas_b")
    world.op1("koor", make_op("reassign", a, {"agency_code": AGENCY_B, "reason": "salah OPD"}))
    world.op1("petugas_a", make_op("return", b, {"reason": "bukan wewenang"}))
    items, _ = world.feed_all("petugas_a", after=cursor_a)
    assert [{k: i[k] for k in ("type", "report_id", "reason")} for i in items] == [
        {"type": "tombstone", "report_id": a, "reason": "reassigned"},
        {"type": "tombstone", "report_id": b, "reason": "returned"},
    ]
    # who moved it where, and when: the officer's open report says so in one sentence
    moved, returned = items
    assert moved["to_agency_code"] == AGENCY_B and returned["to_agency_code"] is None
    assert moved["by"] and returned["by"] and moved["by"] != returned["by"]
    assert moved["at"].endswith("+00:00") and returned["at"] >= moved["at"]
    # the new OPD gets the report itself
    items_b, _ = world.feed_all("petugas_b", after=cursor_b)
    assert _report_ids(items_b) == [a]
    # reading A from the beginning: nothing of either report survives on the desk
    everything, _ = world.feed_all("petugas_a")
    assert _report_ids(everything) == []
    # coordinators get no tombstones, only the new snapshots
    koor_items, _ = world.feed_all("koor")
    assert all(i["type"] == "report" for i in koor_items)


def test_report_back_at_the_agency_comes_after_its_tombstone(world: World) -> None:
    rid = world.report("dispatched", agency=AGENCY_A)
    _, cursor = world.feed_all("petugas_a")
    world.op1("koor", make_op("reassign", rid, {"agency_code": AGENCY_B, "reason": "x"}))
    world.op1("koor", make_op("reassign", rid, {"agency_code": AGENCY_A, "reason": "kembali"}))
    items, _ = world.feed_all("petugas_a", after=cursor)
    assert [i["type"] for i in items] == ["tombstone", "report"]
    assert items[1]["report"]["agency_code"] == AGENCY_A


def test_cursor_from_another_epoch_or_scope_needs_full_resync(world: World) -> None:
    world.report("dispatched")
    _, cursor = world.feed_all("petugas_a")
    cur = decode_cursor(cursor)
    for bad in (
        Cursor("another-epoch", cur.seq, cur.scope).encode(),
        Cursor(cur.epoch, cur.seq, f"a:{AGENCY_B}").encode(),  # officer moved to another OPD
        Cursor(cur.epoch, cur.seq + 1000, cur.scope).encode(),  # ahead: a restored backup
        "sampah-bukan-cursor",
    ):
        r = world.get("petugas_a", "/api/v1/feed", params={"after": bad})
        assert r.status_code == 410, bad
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["type"].endswith("full-resync-required")


def test_cursor_older_than_retention_needs_full_resync(world: World) -> None:
    from lapor_server.feed import prune_tombstones

    rid = world.report("dispatched", agency=AGENCY_A)
    _, old_cursor = world.feed_all("petugas_a")
    _, koor_cursor = world.feed_all("koor")
    world.op1("koor", make_op("reassign", rid, {"agency_code": AGENCY_B, "reason": "x"}))
    world.clock.advance(days=world.settings.feed_retention_days + 1)
    world.tokens.clear()  # the old tokens have expired meanwhile
    assert prune_tombstones(world.db, world.settings.feed_retention_days, world.clock()) == 1
    r = world.get("petugas_a", "/api/v1/feed", params={"after": old_cursor})
    assert r.status_code == 410
    # a fresh read works and a coordinator's old cursor is still fine (no tombstones needed)
    assert world.get("petugas_a", "/api/v1/feed").status_code == 200
    items, _ = world.feed_all("koor", after=koor_cursor)
    assert _report_ids(items) == [rid]


def test_limit_bounds(world: World) -> None:
    for bad in (0, -1, 5001, "banyak"):
        r = world.get("koor", "/api/v1/feed", params={"limit": bad})
        assert r.status_code == 422, bad
        assert r.headers["content-type"] == "application/problem+json"


def test_snapshot_has_every_contract_field(world: World) -> None:
    rid = world.report("in_progress")
    snap = world.snapshot("petugas_a", rid)
    for key in (
        "id",
        "tracking_id",
        "title",
        "body",
        "classification",
        "category_code",
        "district_code",
        "village",
        "address",
        "lat",
        "lon",
        "incident_date",
        "submitted_at",
        "channel",
        "status",
        "agency_code",
        "version",
        "is_anonymous",
        "is_secret",
        "reporter",
        "deadlines",
        "events",
        "attachments",
    ):
        assert key in snap, key
    assert set(snap["deadlines"]) == {"verify_by", "dispatch_by", "respond_by", "closes_at"}
    for ev in snap["events"]:
        assert {
            "id",
            "kind",
            "actor",
            "agency_code",
            "text",
            "visibility",
            "created_at",
            "attachments",
        } <= set(ev)
    assert [e["kind"] for e in snap["events"]] == ["submit", "verify", "dispatch", "respond"]
    assert snap["events"][-1]["visibility"] == "public"
    assert snap["events"][1]["visibility"] == "internal"


def test_reporter_fields_by_role(world: World) -> None:
    rid = world.report("dispatched")
    assert world.snapshot("petugas_a", rid)["reporter"] == {"name": "Maria Beanal"}
    assert world.snapshot("koor", rid)["reporter"] == {
        "name": "Maria Beanal",
        "phone": "0812-1111-2222",
        "email": "maria@example.org",
    }
    for who in ("pimpinan", "admin"):  # contact details are for coordinators only
        assert world.snapshot(who, rid)["reporter"] == {"name": "Maria Beanal"}


def test_anonymous_canary_never_leaves_the_server(world: World) -> None:
    rid = world.report(
        "dispatched",
        reporter_name=CANARY_NAME,
        reporter_phone=CANARY_PHONE,
        reporter_email=CANARY_EMAIL,
        is_anonymous=True,
    )
    bodies = []
    # every response a desk can get about this report: feed pages, op results, conflicts
    for who in ("petugas_a", "koor", "pimpinan", "admin"):
        r = world.get(who, "/api/v1/feed", params={"summary": "1"})
        bodies.append(r.content)
        page = r.json()
        snap = next(i["report"] for i in page["items"] if i["type"] == "report")
        assert snap["reporter"] is None
        assert snap["is_anonymous"] is True
    for who, kind, payload in (
        ("petugas_a", "respond", {"text": "x", "final": False}),
        ("koor", "note", {"text": "y"}),
        ("petugas_b", "note", {"text": "z"}),
    ):
        r = world.client.post(
            "/api/v1/ops", json={"ops": [make_op(kind, rid, payload)]}, headers=world.headers(who)
        )
        bodies.append(r.content)
    bodies.append(world.get("koor", "/api/v1/reference").content)
    for body in bodies:
        for canary in (CANARY_NAME, CANARY_PHONE, CANARY_EMAIL, "Kanari"):
            assert canary.encode() not in body


def test_reporter_made_anonymous_at_verification(world: World) -> None:
    rid = world.report("unverified", reporter_name=CANARY_NAME, reporter_phone=CANARY_PHONE)
    world.op1("koor", make_op("verify", rid, {"is_anonymous": True}))
    world.op1("koor", make_op("dispatch", rid, {"agency_code": AGENCY_A}))
    for who in ("petugas_a", "koor"):
        body = world.get(who, "/api/v1/feed").content
        assert CANARY_NAME.encode() not in body and CANARY_PHONE.encode() not in body


def test_hidden_attachment_is_left_out_for_the_agency(world: World) -> None:
    import hashlib

    import sqlalchemy as sa

    from lapor_server import reports as rep
    from lapor_server.models import Report, ReportAttachment
    from lapor_server.storage import store_bytes

    rid = world.report("dispatched")
    face, doc = b"\xff\xd8\xff foto wajah pelapor", b"\xff\xd8\xff foto jalan"
    with world.db.write() as s:
        for data in (face, doc):
            store_bytes(s, world.settings.attachments_dir, data, "image/jpeg", world.clock())
        report = s.get(Report, rid)
        rep.link_attachments(
            s,
            report,
            None,
            [
                (hashlib.sha256(face).hexdigest(), "wajah.jpg"),
                (hashlib.sha256(doc).hexdigest(), "jalan.jpg"),
            ],
            world.clock(),
        )
        s.flush()
        s.execute(
            sa.update(ReportAttachment)
            .where(ReportAttachment.filename == "wajah.jpg")
            .values(hidden_from_agency=True)
        )
    officer = world.snapshot("petugas_a", rid)
    assert [a["filename"] for a in officer["attachments"]] == ["jalan.jpg"]
    koor = world.snapshot("koor", rid)
    assert {a["filename"] for a in koor["attachments"]} == {"wajah.jpg", "jalan.jpg"}


def test_summary_on_the_last_page(world: World) -> None:
    ids = [world.report("dispatched") for _ in range(3)]
    world.op1("petugas_a", make_op("note", ids[0], {"text": "x"}))
    world.report("dispatched", agency=AGENCY_B)
    page = world.get("petugas_a", "/api/v1/feed", params={"summary": 1, "limit": 2}).json()
    assert page["has_more"] is True and "summary" not in page
    page = world.get(
        "petugas_a", "/api/v1/feed", params={"summary": 1, "after": page["cursor"]}
    ).json()
    assert page["has_more"] is False
    assert page["summary"] == {"count": 3, "version_sum": 3 * 3 + 1}


def test_feed_is_plain_json_encoded_once(world: World) -> None:
    world.report("dispatched")
    r = world.get("petugas_a", "/api/v1/feed")
    assert r.headers["content-type"] == "application/json"
    assert orjson.loads(r.content) == json.loads(r.text)


def test_single_report_endpoint_has_the_same_scope(world: World) -> None:
    rid = world.report("dispatched", agency=AGENCY_A)
    r = world.get("petugas_a", f"/api/v1/reports/{rid}")
    assert r.status_code == 200 and r.json()["id"] == rid
    assert r.json()["reporter"] == {"name": "Maria Beanal"}
    foreign = world.get("petugas_b", f"/api/v1/reports/{rid}")
    missing = world.get("petugas_b", "/api/v1/reports/00000000-0000-4000-8000-000000000000")
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()
    assert world.get("koor", f"/api/v1/reports/{rid}").json()["reporter"]["phone"]


def test_multi_page_initial_sync_after_tombstones_were_pruned(world):
    """Once a tombstone was pruned, a fresh officer desk reading in pages must still finish
    (every cursor after page 1 lay below the pruning floor and got 410, so the desk restarted
    forever); stale cursors from before the floor are still refused."""
    rids = [world.report("dispatched", agency=AGENCY_A) for _ in range(5)]
    world.op1("koor", make_op("reassign", rids[0], {"agency_code": AGENCY_B, "reason": "x"}))
    world.clock.advance(days=world.settings.feed_retention_days + 1)
    world.tokens.clear()
    assert prune_tombstones(world.db, world.settings.feed_retention_days, world.clock()) == 1
    items, cursor = world.feed_all("petugas_a", limit=1)
    assert sorted(i["report"]["id"] for i in items) == sorted(rids[1:])
    cur = decode_cursor(cursor)
    old = Cursor(cur.epoch, 1, cur.scope).encode()  # an old-format cursor below the floor
    assert world.get("petugas_a", "/api/v1/feed", params={"after": old}).status_code == 410
    ahead = Cursor(cur.epoch, cur.seq, cur.scope, cur.seq + 100).encode()  # a restored backup
    assert world.get("petugas_a", "/api/v1/feed", params={"after": ahead}).status_code == 410
