"""Native intake over real HTTPS, on SQLite and PostgreSQL: channel keys, validation, replies."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from lapor_core.calendar import local_date
from tests.support.world import AGENCY_A, CATEGORY, DISTRICT, intake_body, make_op

PROBLEM = "application/problem+json"


def _count_reports(world) -> int:
    return world.sql("SELECT COUNT(*) FROM reports")[0][0]


def test_submit_creates_an_unverified_report_for_the_coordinator(module_world):
    w = module_world
    created = w.submit(
        title="Lampu jalan mati",
        reporter={"name": "Markus Tsenawatme", "phone": "0811", "email": "m@x.id"},
    )
    assert set(created) == {"id", "tracking_id", "reporter_token"}
    assert created["reporter_token"].startswith("rpt_")
    assert created["tracking_id"].startswith("MMK-")
    snap = w.feed("koordinator")[created["id"]]
    assert snap["status"] == "unverified"
    assert snap["version"] >= 1
    assert snap["title"] == "Lampu jalan mati"
    assert snap["channel"] == "web"
    assert snap["category_code"] == CATEGORY and snap["district_code"] == DISTRICT
    assert snap["deadlines"]["verify_by"] and snap["deadlines"]["dispatch_by"]
    assert snap["deadlines"]["respond_by"] is None
    assert snap["reporter"] == {"name": "Markus Tsenawatme", "phone": "0811", "email": "m@x.id"}
    assert [e["kind"] for e in snap["events"]] == ["submit"]
    # Not dispatched: no officer sees it.
    assert created["id"] not in w.feed("petugas_a")


def test_minimal_report_without_optional_fields(module_world):
    body = {
        "title": "Air PDAM keruh",
        "body": "Sudah tiga hari.",
        "classification": "aspirasi",
        "channel": "web",
        "is_anonymous": True,
        "is_secret": False,
    }
    r = module_world.channel().post("/api/v1/intake/reports", json=body)
    assert r.status_code == 201, r.text
    snap = module_world.feed("koordinator")[r.json()["id"]]
    assert snap["reporter"] is None
    assert snap["category_code"] is None and snap["lat"] is None


@pytest.mark.parametrize("key", [None, "", "lpk_wrong-key", "x" * 500])
def test_missing_or_wrong_api_key_is_refused(module_world, key):
    headers = {} if key is None else {"X-Api-Key": key}
    before = _count_reports(module_world)
    with module_world.server.client(headers=headers) as c:
        r = c.post("/api/v1/intake/reports", json=intake_body())
    assert r.status_code == 401
    assert r.headers["content-type"].startswith(PROBLEM)
    assert r.json()["status"] == 401
    assert _count_reports(module_world) == before


def test_a_desk_token_is_not_a_channel_key(module_world):
    r = module_world.client("koordinator").post("/api/v1/intake/reports", json=intake_body())
    assert r.status_code == 401


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"category_code": "tidak_ada"}, "category_code"),
        ({"district_code": "atlantis"}, "district_code"),
        ({"incident_date": "2026-13-45"}, "incident_date"),
        ({"incident_date": "kemarin"}, "incident_date"),
        ({"incident_date": (date.today() + timedelta(days=30)).isoformat()}, "incident_date"),
        ({"lat": 91.0}, "lat"),
        ({"lon": -181}, "lon"),
        ({"lat": "south"}, "lat"),
        ({"title": "x" * 301}, "title"),
        ({"title": "   "}, "title"),
        ({"body": "y" * 20_001}, "body"),
        ({"classification": "curhat"}, "classification"),
        ({"channel": "telegram"}, "channel"),
        ({"is_anonymous": "ya"}, "is_anonymous"),
        ({"reporter": {"name": ""}}, "name"),
        ({"reporter": {"name": "A", "nik": "123"}}, "nik"),
        ({"unknown_field": 1}, "unknown_field"),
        ({"attachments": [{"sha256": "a" * 64, "filename": "foto.jpg"}]}, "attachments"),
        ({"attachments": [{"sha256": "NOT-A-HASH", "filename": "foto.jpg"}]}, "sha256"),
    ],
)
def test_bad_input_gets_a_clear_problem_and_writes_nothing(module_world, change, field):
    before = _count_reports(module_world)
    r = module_world.channel().post("/api/v1/intake/reports", json=intake_body(**change))
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith(PROBLEM)
    problem = r.json()
    assert problem["status"] == 422
    assert field in problem["detail"] or field in str(problem.get("errors"))
    assert _count_reports(module_world) == before


def test_unknown_codes_say_which_code(module_world):
    r = module_world.channel().post(
        "/api/v1/intake/reports", json=intake_body(category_code="tidak_ada")
    )
    assert r.json()["reason"] == "unknown_code"
    assert "tidak_ada" in r.json()["detail"]


@pytest.mark.parametrize("raw", [b"{", b"[1, 2]", b"null", b'{"title": "a", }', b"\xff\xfe"])
def test_malformed_json_is_a_4xx_problem(module_world, raw):
    r = module_world.channel().post(
        "/api/v1/intake/reports", content=raw, headers={"Content-Type": "application/json"}
    )
    assert r.status_code in (400, 422), r.text
    assert r.headers["content-type"].startswith(PROBLEM)


def test_huge_body_is_refused_with_413(module_world):
    r = module_world.channel().post(
        "/api/v1/intake/reports", json=intake_body(body="z" * (3 * 1024 * 1024))
    )
    assert r.status_code == 413
    assert r.headers["content-type"].startswith(PROBLEM)


def test_resend_with_the_same_external_id_returns_the_same_report(module_world):
    ext = f"web-{uuid.uuid4()}"
    before = _count_reports(module_world)
    first = module_world.channel().post("/api/v1/intake/reports", json=intake_body(external_id=ext))
    again = module_world.channel().post("/api/v1/intake/reports", json=intake_body(external_id=ext))
    assert (first.status_code, again.status_code) == (201, 200)
    same = ("id", "tracking_id")
    assert [first.json()[k] for k in same] == [again.json()[k] for k in same]
    assert _count_reports(module_world) == before + 1


# --- reporter replies ------------------------------------------------------------------------


def _reply(world, tracking_id, text="Masih rusak, mohon dicek lagi.", **extra):
    return world.channel().post(
        f"/api/v1/intake/reports/{tracking_id}/replies", json={"text": text, **extra}
    )


def test_reply_on_an_open_report_adds_a_public_event(module_world):
    w = module_world
    rep = w.submit()
    w.dispatch(rep["id"])
    r = _reply(w, rep["tracking_id"].lower())  # tracking ids are case-insensitive
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "dispatched"
    snap = w.feed("petugas_a")[rep["id"]]
    last = snap["events"][-1]
    assert (last["kind"], last["visibility"], last["text"]) == (
        "reporter_reply",
        "public",
        "Masih rusak, mohon dicek lagi.",
    )
    assert snap["version"] == r.json()["version"]


def test_reply_resumes_a_postponed_report(module_world):
    w = module_world
    rep = w.submit()
    w.dispatch(rep["id"])
    res = w.op("petugas_a", "postpone", rep["id"], {"text": "Mohon kirim foto lokasi."})
    assert res["outcome"] == "applied", res
    r = _reply(w, rep["tracking_id"], "Foto sudah saya kirim lewat WA.")
    assert r.status_code == 201
    assert r.json()["status"] == "dispatched"
    assert w.feed("koordinator")[rep["id"]]["status"] == "dispatched"


def test_reply_reopens_a_completed_report_within_the_window(module_world):
    w = module_world
    rep = w.submit()
    w.dispatch(rep["id"])
    res = w.op("petugas_a", "respond", rep["id"], {"text": "Sudah ditambal.", "final": True})
    assert res["outcome"] == "applied"
    assert w.feed("petugas_a")[rep["id"]]["status"] == "completed"
    r = _reply(w, rep["tracking_id"], "Belum, lubangnya masih ada.")
    assert r.status_code == 201
    assert r.json()["status"] == "in_progress"
    snap = w.feed("petugas_a")[rep["id"]]
    assert snap["status"] == "in_progress"
    assert snap["deadlines"]["closes_at"] is None
    assert snap["deadlines"]["respond_by"] is not None


def test_reply_after_the_window_is_refused_with_409(module_world):
    w = module_world
    rep = w.submit()
    w.dispatch(rep["id"])
    w.op("petugas_a", "respond", rep["id"], {"text": "Sudah ditambal.", "final": True})
    # Ten working days pass (the server clock is real: move the window instead).
    w.set_report(rep["id"], closes_at=local_date(datetime.now(UTC)) - timedelta(days=3))
    version = w.feed("koordinator")[rep["id"]]["version"]
    r = _reply(w, rep["tracking_id"])
    assert r.status_code == 409
    assert r.headers["content-type"].startswith(PROBLEM)
    assert r.json()["reason"] == "closed"
    assert "10 hari kerja" in r.json()["detail"]
    assert w.feed("koordinator")[rep["id"]]["version"] == version


def test_reply_to_an_archived_report_is_refused(module_world):
    w = module_world
    rep = w.submit()
    res = w.op("koordinator", "archive", rep["id"], {"reason": "spam"})
    assert res["outcome"] == "applied"
    r = _reply(w, rep["tracking_id"])
    assert r.status_code == 409
    assert "diarsipkan" in r.json()["detail"]


def test_reply_to_an_unknown_report_is_404(module_world):
    r = _reply(module_world, "MMK-0000-XXXXX")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith(PROBLEM)


def test_reply_needs_a_channel_key(module_world):
    rep = module_world.submit()
    with module_world.server.client() as c:
        r = c.post(f"/api/v1/intake/reports/{rep['tracking_id']}/replies", json={"text": "x"})
    assert r.status_code == 401


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"text": ""},
        {"text": "a" * 20_001},
        {"text": 5},
        {"text": "a", "reply_id": "not-a-uuid"},
    ],
)
def test_bad_reply_is_422(module_world, body):
    rep = module_world.submit()
    r = module_world.channel().post(
        f"/api/v1/intake/reports/{rep['tracking_id']}/replies", json=body
    )
    assert r.status_code == 422, r.text


def test_reply_id_makes_a_resent_reply_count_once(module_world):
    w = module_world
    rep = w.submit()
    w.dispatch(rep["id"])
    reply_id = str(uuid.uuid4())
    first = _reply(w, rep["tracking_id"], "Terima kasih.", reply_id=reply_id)
    again = _reply(w, rep["tracking_id"], "Terima kasih.", reply_id=reply_id)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["duplicate"] is True
    events = w.feed("koordinator")[rep["id"]]["events"]
    assert [e["kind"] for e in events].count("reporter_reply") == 1
    other = _reply(w, rep["tracking_id"], "Teks lain.", reply_id=reply_id)
    assert other.status_code == 409
    assert other.json()["reason"] == "reply_id_reused"


def test_intake_report_can_carry_uploaded_attachments(module_world):
    w = module_world
    data = b"%PDF-1.4\n% surat pengantar\n"
    import hashlib

    sha = hashlib.sha256(data).hexdigest()
    up = w.channel().put(
        f"/api/v1/attachments/{sha}", content=data, headers={"Content-Type": "application/pdf"}
    )
    assert up.status_code in (200, 201), up.text
    rep = w.submit(attachments=[{"sha256": sha, "filename": "surat.pdf"}])
    snap = w.feed("koordinator")[rep["id"]]
    assert [(a["sha256"], a["filename"]) for a in snap["attachments"]] == [(sha, "surat.pdf")]
    w.dispatch(rep["id"], AGENCY_A)
    got = w.client("petugas_a").get(f"/api/v1/attachments/{sha}")
    assert got.status_code == 200 and got.content == data


def test_new_report_appears_once_in_the_feed_after_the_cursor(module_world):
    w = module_world
    c = w.client("koordinator")
    cursor = None
    while True:
        page = c.get("/api/v1/feed", params={"after": cursor} if cursor else {}).json()
        cursor = page["cursor"]
        if not page["has_more"]:
            break
    rep = w.submit()
    page = c.get("/api/v1/feed", params={"after": cursor}).json()
    assert [i["report"]["id"] for i in page["items"]] == [rep["id"]]


def test_ops_still_work_on_intake_reports(module_world):
    w = module_world
    rep = w.submit()
    res = w.ops("koordinator", make_op("verify", rep["id"], {"title": "Judul baru"}))
    assert res[0]["outcome"] == "applied"


def test_a_revoked_key_is_refused_like_an_unknown_one(https_world):
    """`lapor-server revoke-channel-key`: the leaked key stops at once on every channel endpoint,
    with the answer an unknown key gets (nothing tells it was revoked); the channel's other key
    keeps working. A fresh world: revoking the world's key would break the module's other tests."""
    import hashlib

    from lapor_server import manage

    w = https_world
    leaked, spare = w.channel_key, manage.issue_channel_key(w.db, channel="web")
    assert w.channel(leaked).post("/api/v1/intake/reports", json=intake_body()).status_code == 201
    rep = w.channel(spare).post("/api/v1/intake/reports", json=intake_body()).json()

    done = manage.revoke_channel_key(w.db, prefix=leaked[:10])
    assert [k.prefix for k in done.revoked] == [leaked[:10]]
    assert done.channels_without_key == []

    data = b"%PDF-1.4 surat pengantar\n"
    sha = hashlib.sha256(data).hexdigest()
    open311 = {"service_code": CATEGORY, "address_string": "Jl. Yos Sudarso", "description": "d"}

    def answers(key: str) -> list[tuple[int, object, str | None]]:
        c = w.channel(key)
        got = [
            c.post("/api/v1/intake/reports", json=intake_body()),
            c.post(f"/api/v1/intake/reports/{rep['tracking_id']}/replies", json={"text": "x"}),
            c.put(
                f"/api/v1/attachments/{sha}",
                content=data,
                headers={"Content-Type": "application/pdf"},
            ),
            w.client(None).post("/open311/v2/requests.json", data={**open311, "api_key": key}),
        ]
        return [(r.status_code, r.json(), r.headers.get("www-authenticate")) for r in got]

    before = _count_reports(w)
    refused = answers(leaked)
    assert [status for status, _, _ in refused] == [401, 401, 401, 403]  # Open311 says 403
    assert refused == answers("lpk_" + "x" * 43)  # exactly what an unknown key gets
    assert _count_reports(w) == before
    assert not w.sql("SELECT 1 FROM attachments WHERE sha256 = :s", s=sha)

    # The channel's other key still works everywhere.
    c = w.channel(spare)
    assert c.post("/api/v1/intake/reports", json=intake_body()).status_code == 201
    r = c.post(f"/api/v1/intake/reports/{rep['tracking_id']}/replies", json={"text": "Masih ada"})
    assert r.status_code == 201, r.text
    r = c.put(
        f"/api/v1/attachments/{sha}", content=data, headers={"Content-Type": "application/pdf"}
    )
    assert r.status_code in (200, 201), r.text
    r = w.client(None).post("/open311/v2/requests.json", data={**open311, "api_key": spare})
    assert r.status_code == 201, r.text
    assert _count_reports(w) == before + 2
