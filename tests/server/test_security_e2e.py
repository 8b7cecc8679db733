"""Security across endpoints, over real HTTPS against the real server process, on SQLite and
PostgreSQL: OPD scoping (another OPD's report looks like no report), the anonymous reporter's
identity never leaving the server, secret reports never public, token expiry and revocation,
login throttling, and exactly-once across duplicates and a server restart."""

from __future__ import annotations

import hashlib
import os
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from tests.support.servers import DEFAULT_PASSWORD
from tests.support.world import AGENCY_A, make_op

CANARY_NAME = "Kanari Zebulon Wambrauw"
CANARY_PHONE = "0813-7777-4242"
CANARY_EMAIL = "kanari.zebulon@example.net"
CANARIES = ("Zebulon", "Wambrauw", "7777-4242", "77774242", "kanari.zebulon")


def _jpeg() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + os.urandom(128)


@pytest.fixture(scope="module")
def at_a(module_world):
    """A report dispatched to OPD A with an attachment from OPD A's officer."""
    w = module_world
    data = _jpeg()
    digest = hashlib.sha256(data).hexdigest()
    up = w.client("petugas_a").put(
        f"/api/v1/attachments/{digest}", content=data, headers={"Content-Type": "image/jpeg"}
    )
    assert up.status_code == 201
    rep = w.submit()
    w.dispatch(rep["id"], AGENCY_A)
    res = w.op("petugas_a", "note", rep["id"], {"text": "Cek lokasi.", "attachments": [digest]})
    assert res["outcome"] == "applied", res
    return rep["id"], digest


def _strip_ids(results):
    return [{k: v for k, v in r.items() if k != "op_id"} for r in results]


@pytest.mark.parametrize(
    ("kind", "payload"),
    [
        ("note", {"text": "Saya bukan dari OPD ini."}),
        ("respond", {"text": "Sudah.", "final": True}),
        ("postpone", {"text": "Tunggu."}),
        ("return", {"reason": "Bukan wewenang kami."}),
        ("resume", {}),
    ],
)
def test_other_opd_ops_look_like_a_missing_report(module_world, at_a, kind, payload):
    w = module_world
    report_id, _ = at_a
    before = w.feed("koordinator")[report_id]["version"]
    theirs = w.ops("petugas_b", make_op(kind, report_id, payload))
    missing = w.ops("petugas_b", make_op(kind, str(uuid.uuid4()), payload))
    assert theirs[0]["outcome"] == "rejected"
    assert _strip_ids(theirs) == _strip_ids(missing)
    assert w.feed("koordinator")[report_id]["version"] == before


def test_other_opd_reads_look_like_a_missing_report(module_world, at_a):
    w = module_world
    report_id, digest = at_a
    b = w.client("petugas_b")
    assert report_id not in w.feed("petugas_b")
    assert report_id not in w.feed_raw("petugas_b")
    assert digest not in w.feed_raw("petugas_b")
    got = b.get(f"/api/v1/attachments/{digest}")
    none = b.get(f"/api/v1/attachments/{'e' * 64}")
    assert got.status_code == none.status_code == 404 and got.json() == none.json()
    single = b.get(f"/api/v1/reports/{report_id}")
    if single.status_code != 405:  # the single-report endpoint, where the server has it
        absent = b.get(f"/api/v1/reports/{uuid.uuid4()}")
        assert single.status_code == absent.status_code == 404
        assert single.json() == absent.json()
    assert b.get("/api/v1/stats").status_code == 403
    assert b.get("/api/v1/stats", params={"group_by": "agency"}).status_code == 403
    # OPD A's own officer does see all of it.
    assert report_id in w.feed("petugas_a")
    assert w.client("petugas_a").get(f"/api/v1/attachments/{digest}").status_code == 200


def test_reassignment_takes_the_report_out_of_the_old_opds_reach(module_world):
    w = module_world
    rep = w.submit()
    w.dispatch(rep["id"], AGENCY_A)
    res = w.op(
        "koordinator",
        "reassign",
        rep["id"],
        {"agency_code": "dinkes", "reason": "Wewenang Dinkes."},
    )
    assert res["outcome"] == "applied"
    assert rep["id"] not in w.feed("petugas_a")
    assert rep["id"] in w.feed("petugas_b")
    late = w.op("petugas_a", "respond", rep["id"], {"text": "Sudah kami tangani.", "final": True})
    assert late["outcome"] == "conflict"  # it was theirs: told what happened, nothing changed
    assert w.feed("petugas_b")[rep["id"]]["status"] == "dispatched"


def test_anonymous_reporter_identity_never_leaves_the_server(module_world):
    w = module_world
    rep = w.submit(
        is_anonymous=True,
        reporter={"name": CANARY_NAME, "phone": CANARY_PHONE, "email": CANARY_EMAIL},
    )
    texts = [w.feed_raw("koordinator")]
    w.dispatch(rep["id"], AGENCY_A)
    results = w.ops(
        "petugas_a",
        make_op("note", rep["id"], {"text": "Diterima."}),
        make_op("respond", rep["id"], {"text": "Ditangani.", "final": False}),
    )
    assert [r["outcome"] for r in results] == ["applied", "applied"]
    reply = w.channel().post(
        f"/api/v1/intake/reports/{rep['tracking_id']}/replies", json={"text": "Terima kasih."}
    )
    assert reply.status_code == 201
    texts += [str(results), reply.text]
    for who in ("petugas_a", "koordinator", "pimpinan", "admin"):
        texts.append(w.feed_raw(who))
        single = w.client(who).get(f"/api/v1/reports/{rep['id']}")
        if single.status_code == 200:
            texts.append(single.text)
            assert single.json()["reporter"] is None
    snap = w.feed("petugas_a")[rep["id"]]
    assert snap["reporter"] is None and snap["is_anonymous"] is True
    public = w.client(None)
    texts += [
        public.get("/open311/v2/requests.json").text,
        public.get(f"/open311/v2/requests/{rep['tracking_id']}.json").text,
    ]
    assert rep["tracking_id"] in texts[-1]
    for who in ("koordinator", "pimpinan", "admin"):
        for group in ("district", "category", "agency", "status", "month"):
            texts.append(w.client(who).get("/api/v1/stats", params={"group_by": group}).text)
    texts.append(w.server.log())
    blob = "\n".join(texts)
    for canary in CANARIES:
        assert canary not in blob, canary
    # It is stored (the coordinator may need it by law), just never sent.
    stored = w.sql("SELECT reporter_name FROM reports WHERE id = :i", i=rep["id"])
    assert stored[0][0] == CANARY_NAME


def test_secret_reports_are_absent_from_public_lists(module_world):
    w = module_world
    rep = w.submit(is_secret=True, title="Rahasia")
    w.dispatch(rep["id"], AGENCY_A)
    listing = w.client(None).get("/open311/v2/requests.json")
    assert listing.status_code == 200 and rep["tracking_id"] not in listing.text
    one = w.client(None).get(f"/open311/v2/requests/{rep['tracking_id']}.json")
    assert one.status_code == 404
    assert w.feed("petugas_a")[rep["id"]]["is_secret"] is True  # the OPD still works on it


# --- tokens ----------------------------------------------------------------------------------


def _new_user(w, role="petugas", agency=AGENCY_A) -> str:
    name = f"u{uuid.uuid4().hex[:10]}"
    w.server.admin.add_user(name, role, agency=agency if role == "petugas" else None)
    return name


def _whoami(w, token):
    with w.server.client(token) as c:
        return c.get("/api/v1/feed", params={"limit": 1})


def test_logout_revokes_the_token(module_world):
    w = module_world
    token = w.server.login(_new_user(w))
    assert _whoami(w, token).status_code == 200
    with w.server.client(token) as c:
        assert c.delete("/api/v1/session").status_code == 204
    r = _whoami(w, token)
    assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Bearer")


def test_revoked_devices_and_disabled_accounts_are_refused(module_world):
    w = module_world
    name = _new_user(w)
    t1, t2 = w.server.login(name), w.server.login(name, device_name="laptop-2")
    assert w.server.admin.revoke_devices(name) == 2
    assert _whoami(w, t1).status_code == 401 and _whoami(w, t2).status_code == 401
    t3 = w.server.login(name)
    w.server.admin.set_disabled(name, True)
    assert _whoami(w, t3).status_code == 401
    with w.server.client() as c:
        r = c.post("/api/v1/session", json={"username": name, "password": DEFAULT_PASSWORD})
    assert r.status_code in (401, 403)


def test_expired_tokens_are_refused(module_world):
    w = module_world
    token = w.server.login(_new_user(w))
    digest = hashlib.sha256(token.encode()).hexdigest()
    from lapor_server.models import DeviceToken

    with w.db.write() as s:
        s.execute(
            sa.update(DeviceToken)
            .where(DeviceToken.token_hash == digest)
            .values(expires_at=datetime.now(UTC) - timedelta(minutes=1))
        )
    r = _whoami(w, token)
    assert r.status_code == 401
    assert "kedaluwarsa" in r.json()["detail"]


def test_logins_are_throttled_per_username(module_world):
    w = module_world
    name = _new_user(w)
    other = _new_user(w)
    with w.server.client() as c:

        def login(user, password):
            return c.post(
                "/api/v1/session", json={"username": user, "password": password, "device_name": "x"}
            )

        statuses = [login(name, "salah-salah-salah").status_code for _ in range(5)]
        assert statuses == [401] * 5
        blocked = login(name, DEFAULT_PASSWORD)
        assert blocked.status_code == 429
        assert int(blocked.headers["retry-after"]) > 0
        assert blocked.headers["content-type"].startswith("application/problem+json")
        assert login(other, DEFAULT_PASSWORD).status_code == 201


# --- exactly once ----------------------------------------------------------------------------


def _events_of_op(w, op_id: str) -> int:
    return w.sql("SELECT COUNT(*) FROM report_events WHERE op_id = :o", o=op_id)[0][0]


def test_same_op_twice_then_after_a_server_restart_is_one_effect(module_world):
    w = module_world
    rep = w.submit()
    w.dispatch(rep["id"], AGENCY_A)
    op = make_op("respond", rep["id"], {"text": "Sudah dikerjakan.", "final": False})
    first = w.ops("petugas_a", op)[0]
    second = w.ops("petugas_a", op)[0]
    assert (first["outcome"], second["outcome"]) == ("applied", "duplicate")
    assert second["report_version"] == first["report_version"]
    # Crash the server (SIGKILL) and bring it back: the op id is remembered in the database.
    w.close()
    w.server.restart(kill=True)
    third = w.ops("petugas_a", op)[0]
    assert third["outcome"] == "duplicate"
    assert third["report_version"] == first["report_version"]
    assert _events_of_op(w, op["op_id"]) == 1
    changed = dict(op, payload={"text": "Teks lain.", "final": False})
    reused = w.ops("petugas_a", changed)[0]
    assert (reused["outcome"], reused["reason"]) == ("rejected", "op_id_reused")
    assert _events_of_op(w, op["op_id"]) == 1


# --- NUL characters (PostgreSQL cannot store them; refused everywhere, the same on SQLite) ----


@pytest.mark.parametrize(
    ("who", "method", "path", "kw", "status"),
    [
        ("channel", "POST", "/api/v1/intake/reports", {"json": {"title": "a\x00b"}}, 422),
        ("channel", "POST", "/api/v1/intake/reports/MMK%00/replies", {"json": {"text": "x"}}, 422),
        (
            "koordinator",
            "POST",
            "/api/v1/ops",
            {"json": {"ops": [make_op("note", "r\x00", {"text": "x"})]}},
            422,
        ),
        ("koordinator", "GET", "/api/v1/feed?after=a%00", {}, 422),
        ("koordinator", "GET", "/api/v1/reports/a%00b", {}, 422),
        (None, "POST", "/api/v1/session", {"json": {"username": "a\x00", "password": "x"}}, 422),
        (None, "GET", "/open311/v2/requests.json?service_code=a%00", {}, 400),
        (None, "GET", "/open311/v2/requests/a%00.json", {}, 400),
        (
            None,
            "POST",
            "/open311/v2/requests.json",
            {
                "data": {
                    "service_code": "pekerjaan_umum",
                    "address_string": "x\x00",
                    "description": "d",
                }
            },
            400,
        ),
    ],
)
def test_nul_characters_are_refused_before_reaching_the_database(
    module_world, who, method, path, kw, status
):
    w = module_world
    client = w.channel() if who == "channel" else w.client(who)
    before = w.sql("SELECT COUNT(*) FROM reports")[0][0]
    r = client.request(method, path, **kw)
    assert r.status_code == status, r.text
    assert "NUL" in r.text
    assert w.sql("SELECT COUNT(*) FROM reports")[0][0] == before


def test_an_escaped_backslash_before_u0000_is_ordinary_text(module_world):
    # The JSON text `\\u0000` is a backslash followed by "u0000", not a NUL character.
    r = module_world.channel().post(
        "/api/v1/intake/reports",
        content=b'{"title": "Kode \\\\u0000 di layar", "body": "Pesan galat aneh.", '
        b'"classification": "pengaduan", "channel": "web"}',
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code == 201, r.text
    snap = module_world.feed("koordinator")[r.json()["id"]]
    assert snap["title"] == "Kode \\u0000 di layar"
