"""A channel key is bound to its channel (issue 12, item 9): it files reports only under its own
channel name, and speaks for a reporter (reply, rating, Open311 update) only on the reports it
filed — or with that report's reporter token, which the filing channel received."""

from __future__ import annotations

import pytest

from lapor_server import manage
from tests.support.world import intake_body

BASE = "/open311/v2"


@pytest.fixture(scope="module")
def sms_key(module_world):
    return manage.issue_channel_key(module_world.db, channel="sms")


def _count(world):
    return world.sql("SELECT count(*) FROM reports")[0][0]


@pytest.mark.parametrize("claimed", ["sms", "whatsapp", "open311", "walk_in"])
def test_a_key_cannot_file_under_another_channel_name(module_world, claimed):
    before = _count(module_world)
    r = module_world.channel().post("/api/v1/intake/reports", json=intake_body(channel=claimed))
    assert r.status_code == 403, r.text
    assert r.json()["reason"] == "channel_mismatch"
    assert _count(module_world) == before


def test_the_report_is_filed_under_the_keys_channel(module_world, sms_key):
    body = intake_body()
    del body["channel"]
    r = module_world.channel(sms_key).post("/api/v1/intake/reports", json=body)
    assert r.status_code == 201, r.text
    assert module_world.feed("koordinator")[r.json()["id"]]["channel"] == "sms"


def _finished(world):
    rep = world.submit()  # filed by the world's `web` key
    world.dispatch(rep["id"])
    world.op("petugas_a", "respond", rep["id"], {"text": "Selesai.", "final": True})
    return rep


def test_another_channel_cannot_speak_for_the_reporter(module_world, sms_key):
    w = module_world
    rep = _finished(w)
    tid = rep["tracking_id"]
    before = w.feed("koordinator")[rep["id"]]["version"]
    c = w.channel(sms_key)
    reply = c.post(f"/api/v1/intake/reports/{tid}/replies", json={"text": "Belum beres!"})
    assert reply.status_code == 403 and reply.json()["reason"] == "not_your_report"
    rating = c.post(f"/api/v1/intake/reports/{tid}/rating", json={"score": 1, "comment": "x"})
    assert rating.status_code == 403
    for fmt in ("json", "xml"):
        r = w.client(None).post(
            f"{BASE}/servicerequestupdates.{fmt}",
            data={"api_key": sms_key, "service_request_id": tid, "description": "Belum!"},
        )
        assert r.status_code == 403, r.text
    wrong = c.post(
        f"/api/v1/intake/reports/{tid}/replies",
        json={"text": "Belum!", "reporter_token": "rpt_tebakan"},
    )
    assert wrong.status_code == 403
    # Nothing re-opened the report.
    snap = w.feed("koordinator")[rep["id"]]
    assert snap["status"] == "completed" and snap["version"] == before


def test_with_the_reporter_token_any_channel_may_reply_and_rate(module_world, sms_key):
    w = module_world
    rep = _finished(w)
    token = rep["reporter_token"]
    c = w.channel(sms_key)
    rating = c.post(
        f"/api/v1/intake/reports/{rep['tracking_id']}/rating",
        json={"score": 4, "reporter_token": token},
    )
    assert rating.status_code == 201, rating.text
    r = w.client(None).post(
        f"{BASE}/servicerequestupdates.json",
        data={
            "api_key": sms_key,
            "service_request_id": rep["tracking_id"],
            "description": "Terima kasih.",
            "reporter_token": token,
        },
    )
    assert r.status_code == 201, r.text
    # The filing channel needs no token.
    own = w.channel().post(
        f"/api/v1/intake/reports/{rep['tracking_id']}/replies", json={"text": "Oke."}
    )
    assert own.status_code == 201
