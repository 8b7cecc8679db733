"""The reporter's public conversation over real HTTPS (issue 13): what Open311 (`status_notes`,
`updated_datetime`, the `servicerequestupdates` extension, JSON and XML), the channel feed and the
rating endpoints say, and that internal notes and staff names never reach any of them."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from tests.support.world import AGENCY_A, make_op

BASE = "/open311/v2"
NOTE = "CATATAN-INTERNAL-Q7Z jangan ditampilkan"


def _updates(world, fmt="json", **params):
    r = world.client(None).get(f"{BASE}/servicerequestupdates.{fmt}", params=params)
    assert r.status_code == 200, r.text
    return r


def _feed(world, key=None, limit=3):
    """Every entry of the channel feed, paged with a small limit (the cursor must carry on)."""
    items, cursor = [], None
    for _ in range(1000):
        params = {"limit": limit, **({"cursor": cursor} if cursor else {})}
        r = world.channel(key).get("/api/v1/channel/updates", params=params)
        assert r.status_code == 200, r.text
        page = r.json()
        items += page["items"]
        cursor = page["cursor"]
        if not page["has_more"]:
            return items, cursor
    raise AssertionError("the feed did not end")


def test_open311_and_the_channel_feed_tell_the_same_public_conversation(module_world):
    w = module_world
    rep = w.submit()
    tid, rid = rep["tracking_id"], rep["id"]
    w.dispatch(rid)
    w.op("petugas_a", "note", rid, {"text": NOTE})
    w.op("petugas_a", "respond", rid, {"text": "Tim kami sudah meninjau lokasi.", "final": False})
    [req] = w.client(None).get(f"{BASE}/requests/{tid}.json").json()
    assert req["status_notes"] == "Tim kami sudah meninjau lokasi."
    moved = req["updated_datetime"]
    # An internal note changes the report but tells the public nothing: the time stays.
    w.op("petugas_a", "note", rid, {"text": NOTE + " lagi"})
    [again] = w.client(None).get(f"{BASE}/requests/{tid}.json").json()
    assert again["updated_datetime"] == moved and again["status_notes"] == req["status_notes"]
    w.op("petugas_a", "postpone", rid, {"text": "Mohon kirim foto lokasi yang lebih jelas."})
    reply = w.channel().post(
        f"/api/v1/intake/reports/{tid}/replies", json={"text": "Foto terlampir di sini."}
    )
    assert reply.status_code == 201, reply.text
    w.op("petugas_a", "respond", rid, {"text": "Jalan sudah diaspal ulang.", "final": True})

    ours = [u for u in _updates(w, service_request_id=tid).json()]
    assert [u["description"] for u in ours] == [
        "Laporan diterima dan menunggu verifikasi.",
        "Laporan telah diverifikasi dan akan diteruskan ke OPD terkait.",
        ours[2]["description"],  # dispatched to the OPD, by name
        "Tim kami sudah meninjau lokasi.",
        "Mohon kirim foto lokasi yang lebih jelas.",
        "Jalan sudah diaspal ulang.",
    ]  # the reporter's own reply is not public Open311; the channel has it in its feed
    assert "Dinas" in ours[2]["description"] or "PUPR" in ours[2]["description"]
    assert [u["status"] for u in ours][-1] == "closed"
    assert len({u["update_id"] for u in ours}) == len(ours)
    assert set(ours[0]) == {
        "update_id",
        "service_request_id",
        "status",
        "updated_datetime",
        "description",
        "media_url",
    }
    [final] = w.client(None).get(f"{BASE}/requests/{tid}.json").json()
    assert final["status_notes"] == "Jalan sudah diaspal ulang."
    assert final["updated_datetime"] == ours[-1]["updated_datetime"]

    root = ET.fromstring(_updates(w, "xml", service_request_id=tid).content)
    assert root.tag == "service_request_updates"
    assert [e.findtext("update_id") for e in root.findall("request_update")] == [
        u["update_id"] for u in ours
    ]
    assert root.findall("request_update")[-1].findtext("description") == ours[-1]["description"]

    feed, _cursor = _feed(w)
    mine = [i for i in feed if i["tracking_id"] == tid]
    kinds = [i["kind"] for i in mine]
    assert kinds == ["status", "status", "status", "answer", "info_request", "reply", "answer"]
    assert mine[3]["speaker"] and mine[3]["speaker"] != "petugas a"  # the OPD, not a person
    assert mine[-1]["final"] is True and mine[-1]["open311_status"] == "closed"
    everything = str(feed) + _updates(w).text + _updates(w, "xml").text
    assert NOTE not in everything and "petugas a" not in everything


def test_the_channel_feed_resumes_from_its_cursor_and_shows_only_the_channels_reports(
    module_world,
):
    from lapor_server import manage

    w = module_world
    _all, cursor = _feed(w)
    rep = w.submit()
    w.dispatch(rep["id"])
    r = w.channel().get("/api/v1/channel/updates", params={"cursor": cursor})
    assert [i["tracking_id"] for i in r.json()["items"]] == [rep["tracking_id"]] * 3
    other = manage.issue_channel_key(w.db, channel="whatsapp")
    mine, _ = _feed(w, other)
    assert rep["tracking_id"] not in {i["tracking_id"] for i in mine}
    bad = w.channel().get("/api/v1/channel/updates", params={"cursor": "x"})
    assert bad.status_code == 422
    assert w.client(None).get("/api/v1/channel/updates").status_code == 401


def test_rating_after_a_final_answer_once_and_through_open311(module_world):
    w = module_world
    rep = w.submit()
    tid, rid = rep["tracking_id"], rep["id"]
    w.dispatch(rid)
    early = w.channel().post(f"/api/v1/intake/reports/{tid}/rating", json={"score": 5})
    assert early.status_code == 409 and early.json()["reason"] == "not_final"
    w.op("petugas_a", "respond", rid, {"text": "Sudah diperbaiki.", "final": True})
    bad = w.channel().post(f"/api/v1/intake/reports/{tid}/rating", json={"score": 6})
    assert bad.status_code == 422
    r = w.client(None).post(
        f"{BASE}/servicerequestupdates.json",
        data={
            "api_key": w.channel_key,
            "service_request_id": tid,
            "description": "Cepat sekali, terima kasih.",
            "attribute[rating]": "5",
        },
    )
    assert r.status_code == 201, r.text
    assert r.json()[0]["update_id"]
    twice = w.channel().post(f"/api/v1/intake/reports/{tid}/rating", json={"score": 4})
    assert twice.status_code == 409 and twice.json()["reason"] == "already_rated"
    snap = w.feed("koordinator")[rid]
    [rating] = [e for e in snap["events"] if e["kind"] == "rating"]
    assert rating["text"] == "Cepat sekali, terima kasih."
    assert snap["status"] == "completed"


def test_a_low_rating_with_a_comment_reopens_the_report_like_a_reply(module_world):
    w = module_world
    rep = w.submit()
    tid, rid = rep["tracking_id"], rep["id"]
    w.dispatch(rid)
    w.op("petugas_a", "respond", rid, {"text": "Sudah diperbaiki.", "final": True})
    r = w.channel().post(
        f"/api/v1/intake/reports/{tid}/rating",
        json={"score": 1, "comment": "Belum diperbaiki sama sekali."},
    )
    assert r.status_code == 201, r.text
    assert r.json()["reopened"] is True and r.json()["status"] == "in_progress"
    snap = w.feed("petugas_a")[rid]  # back at the OPD, its response clock restarted
    assert snap["status"] == "in_progress" and snap["agency_code"] == AGENCY_A
    assert [e["kind"] for e in snap["events"]][-2:] == ["rating", "reporter_reply"]
    # a low score without a comment is only a rating
    rep2 = w.submit()
    w.dispatch(rep2["id"])
    w.op("petugas_a", "respond", rep2["id"], {"text": "Selesai.", "final": True})
    r2 = w.channel().post(f"/api/v1/intake/reports/{rep2['tracking_id']}/rating", json={"score": 1})
    assert r2.status_code == 201 and r2.json()["reopened"] is False


def test_open311_post_update_is_a_reply_and_counts_once_per_client_update_id(module_world):
    w = module_world
    rep = w.submit()
    w.dispatch(rep["id"])
    form = {
        "api_key": w.channel_key,
        "service_request_id": rep["tracking_id"],
        "description": "Kondisi makin parah.",
        "update_id": "fms-9001",
    }
    first = w.client(None).post(f"{BASE}/servicerequestupdates.xml", data=form)
    assert first.status_code == 201, first.text
    root = ET.fromstring(first.content)
    assert root.tag == "service_request_updates"
    update_id = root.findtext("request_update/update_id")
    again = w.client(None).post(f"{BASE}/servicerequestupdates.json", data=form)
    assert again.status_code == 201 and again.json()[0]["update_id"] == update_id
    snap = w.feed("petugas_a")[rep["id"]]
    assert [e["kind"] for e in snap["events"]].count("reporter_reply") == 1
    missing = w.client(None).post(
        f"{BASE}/servicerequestupdates.xml", data={**form, "service_request_id": "MMK-0000-NONE"}
    )
    assert missing.status_code == 404
    assert ET.fromstring(missing.content).tag == "errors"


def test_ops_still_answer_in_order(module_world):
    """The conversation is written inside each op's transaction: a batch stays one op each."""
    w = module_world
    rep = w.submit()
    res = w.ops(
        "koordinator",
        make_op("verify", rep["id"]),
        make_op("dispatch", rep["id"], {"agency_code": AGENCY_A}),
    )
    assert [x["outcome"] for x in res] == ["applied", "applied"]


def test_seeded_reports_have_their_conversation_and_queue_no_deliveries(tmp_path):
    """Seeding (one transaction per batch, no autoflush) writes every public entry, and the
    generated reporters' addresses get no e-mail."""
    from lapor_server import manage
    from lapor_server.db import Database, upgrade

    url = f"sqlite:///{tmp_path / 'seed.sqlite3'}"
    upgrade(url)
    db = Database(url)
    try:
        manage.seed(db, reports=40, seed=7, attachments_dir=tmp_path / "files")
        with db.engine.connect() as c:
            import sqlalchemy as sa

            events = c.execute(
                sa.text("SELECT count(*) FROM report_events WHERE kind != 'note'")
            ).scalar()
            entries = c.execute(sa.text("SELECT count(*) FROM public_updates")).scalar()
            mailed = c.execute(
                sa.text("SELECT count(*) FROM reports WHERE reporter_email IS NOT NULL")
            ).scalar()
            deliveries = c.execute(sa.text("SELECT count(*) FROM deliveries")).scalar()
        assert mailed > 0 and deliveries == 0
        assert 0 < entries <= events
    finally:
        db.dispose()
