"""Webhooks and e-mail to reporters from the server's outbox, against real receivers (issue 13):
a receiver that is down and comes back gets every update, repeats carry the same id, a receiver
that hangs never holds up an officer's op, and an anonymous reporter's e-mail address reaches the
SMTP server and nothing else."""

from __future__ import annotations

import json
import time
import urllib.parse
from collections.abc import Callable, Iterator

import pytest

from tests.conftest import _world_database
from tests.support.receivers import Mailbox, WebhookReceiver, delivery_env
from tests.support.servers import free_port, start_server
from tests.support.world import AGENCY_A, World, connect

NOTE = "CATATAN-INTERNAL-K9 hanya untuk petugas"
CANARY = "kanari.anonim.k9@example.org"


def wait_for(check: Callable[[], object], what: str, timeout: float = 30) -> object:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def delivering(request, tmp_path) -> Iterator[tuple[World, Mailbox]]:
    """A real server (SQLite) that delivers every 0.1 s with short backoff, and an SMTP server."""
    with Mailbox() as box:
        port = free_port()
        url, key, cleanup = _world_database(request, "sqlite", tmp_path)
        env = delivery_env(box, f"https://127.0.0.1:{port}")
        srv = start_server(
            url, tmp_path / "server", port=port, env=env, extra_args=["--no-migrate"]
        )
        w = connect(srv, key)
        try:
            yield w, box
        finally:
            w.close()
            srv.stop()
            cleanup()


def _hook(world: World) -> WebhookReceiver:
    hook = WebhookReceiver()
    out = world.server.cli("webhooks", "set", "--channel", "web", "--url", hook.url)
    hook.secret = out.stdout.strip().splitlines()[0]
    assert hook.secret.startswith("whsec_")
    return hook


def _states(world: World) -> dict[str, int]:
    return dict(
        world.sql("SELECT state, count(*) FROM deliveries WHERE kind='webhook' GROUP BY state")
    )


def _feed_ids(world: World, tracking_ids: set[str]) -> set[str]:
    r = world.channel().get("/api/v1/channel/updates", params={"limit": 1000})
    return {i["update_id"] for i in r.json()["items"] if i["tracking_id"] in tracking_ids}


def test_a_receiver_down_then_back_gets_every_update_once_by_id(delivering):
    w, _box = delivering
    hook = _hook(w)  # registered, but nothing listens on its port yet
    reports = [w.submit() for _ in range(3)]
    for rep in reports:
        w.dispatch(rep["id"])
        w.op("petugas_a", "note", rep["id"], {"text": NOTE})
        w.op("petugas_a", "respond", rep["id"], {"text": f"Jawaban {rep['tracking_id']}"})
    # The server tried and failed (connection refused), and keeps the deliveries pending.
    wait_for(
        lambda: (
            w.sql("SELECT count(*) FROM deliveries WHERE state='pending' AND attempts >= 2")[0][0]
            >= 12
        ),
        "failed attempts",
    )
    listed = json.loads(w.server.cli("webhooks", "list", "--state", "pending", "--json").stdout)
    assert listed and all(d["last_error"] for d in listed)
    hook.fail_next = 1  # the first delivery after the comeback is answered 500: sent again
    hook.start()
    try:
        wait_for(lambda: _states(w) == {"delivered": 12}, "every webhook delivered")
        tids = {r["tracking_id"] for r in reports}
        accepted = hook.accepted()
        assert {d["update_id"] for d in accepted.values()} == _feed_ids(w, tids)
        ids = [r["id"] for r in hook.received]
        assert len(ids) == len(set(ids)) + 1  # one repeat, recognisable by its webhook-id
        assert all(r["valid"] for r in hook.received)
        answers = [d for d in accepted.values() if d["kind"] == "answer"]
        assert {d["description"] for d in answers} == {f"Jawaban {t}" for t in tids}
        assert all(d["speaker"] and d["status"] for d in answers)
        assert not any(NOTE.encode() in r["body"] for r in hook.received)
    finally:
        hook.stop()


def test_a_hanging_receiver_never_holds_up_an_officers_op(delivering):
    w, _box = delivering
    hook = _hook(w)
    hook.hold.clear()  # every request waits inside the receiver until released
    hook.start()
    try:
        rep = w.submit()
        wait_for(hook.entered.is_set, "a webhook in flight")
        w.dispatch(rep["id"])  # two ops while the receiver holds the first delivery
        res = w.op("petugas_a", "respond", rep["id"], {"text": "Segera kami tangani."})
        assert res["outcome"] == "applied"
        assert not hook.hold.is_set()  # the ops finished while the receiver still hung
        hook.hold.set()
        wait_for(lambda: _states(w) == {"delivered": 4}, "every webhook delivered")
    finally:
        hook.stop()


def test_an_anonymous_reporter_gets_the_answer_by_e_mail_and_nobody_sees_the_address(delivering):
    w, box = delivering
    rep = w.submit(is_anonymous=True, reporter={"name": "Anonim K9", "email": CANARY})
    w.dispatch(rep["id"])
    w.op("petugas_a", "note", rep["id"], {"text": NOTE})
    w.op(
        "petugas_a", "respond", rep["id"], {"text": "Perbaikan selesai minggu ini.", "final": True}
    )
    wait_for(lambda: box.messages, "the e-mail")
    [(to, subject, text, html)] = box.texts()
    assert to == CANARY and rep["tracking_id"] in subject
    for body in (text, html):
        assert "Perbaikan selesai minggu ini." in body and rep["tracking_id"] in body
        assert NOTE not in body
    assert "Cara menanggapi" in text and "penilaian" in text
    link = next(word for word in text.split() if "/lacak/" in word)
    # The follow-up code rides only in the fragment, which no browser sends to a server or proxy.
    path_and_query, _, fragment = link.partition("#")
    token = urllib.parse.unquote(fragment.removeprefix("kode="))
    assert fragment.startswith("kode=rpt_") and token not in path_and_query
    assert path_and_query.endswith(f"/lacak/{rep['tracking_id']}")
    assert f"Kode tindak lanjut Anda (rahasiakan): {token}" in text and token in html
    # Nobody else holds the address: staff feeds, the deliveries listing, the server's log.
    for who in ("koordinator", "petugas_a", "pimpinan"):
        assert CANARY not in w.feed_raw(who)
    assert CANARY not in w.server.cli("webhooks", "list", "--kind", "email", "--json").stdout
    assert CANARY not in w.server.log()
    # The linked page without the code is the public one; the older /lapor/ page (links in
    # e-mails already sent) still shows the conversation and takes the rating with the code.
    public = w.client(None).get(urllib.parse.urlsplit(path_and_query).path)
    assert public.status_code in (200, 404) and NOTE not in public.text
    assert CANARY not in public.text and token not in public.text
    page = w.client(None).get(f"/lapor/{rep['tracking_id']}?t={token}")
    assert page.status_code == 200 and "Perbaikan selesai minggu ini." in page.text
    assert NOTE not in page.text and CANARY not in page.text
    rated = w.client(None).post(
        f"/lapor/{rep['tracking_id']}",
        content=urllib.parse.urlencode(
            {"t": token, "action": "rating", "score": "2", "text": "Masih berlubang."}
        ),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert rated.status_code == 200 and "penilaian Anda sudah kami terima" in rated.text
    snap = w.feed("petugas_a")[rep["id"]]  # a low rating with a comment re-opened it
    assert snap["status"] == "in_progress" and snap["agency_code"] == AGENCY_A
    replied = w.client(None).post(
        f"/lapor/{rep['tracking_id']}",
        content=urllib.parse.urlencode({"t": token, "action": "reply", "text": "Foto menyusul."}),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert replied.status_code == 200 and "tanggapan Anda sudah kami terima" in replied.text
    kinds = [e["kind"] for e in w.feed("petugas_a")[rep["id"]]["events"]]
    assert kinds[-3:] == ["rating", "reporter_reply", "reporter_reply"]
    forged = w.client(None).get(f"/lapor/{rep['tracking_id']}?t=rpt_salah")
    assert forged.status_code == 404


def test_failed_deliveries_show_in_the_listing_and_retry_with_a_rotated_secret(request, tmp_path):
    """A receiver down for longer than the retry window: the deliveries end `failed`, the
    listing says why, `webhooks retry` sends them again; after a rotation both secrets sign."""
    url, key, cleanup = _world_database(request, "sqlite", tmp_path)
    env = delivery_env() | {"LAPOR_SERVER_DELIVERY_RETRY_HOURS": "0.0003"}  # about a second
    srv = start_server(url, tmp_path / "server", env=env, extra_args=["--no-migrate"])
    w = connect(srv, key)
    try:
        hook = _hook(w)
        w.submit()
        wait_for(lambda: _states(w) == {"failed": 1}, "the delivery to give up")
        [failed] = json.loads(srv.cli("webhooks", "list", "--state", "failed", "--json").stdout)
        assert failed["attempts"] >= 1 and failed["last_error"]
        old = hook.secret
        new = srv.cli("webhooks", "rotate", "--channel", "web").stdout.strip().splitlines()[0]
        assert new.startswith("whsec_") and new != old
        hook.start()
        try:
            out = srv.cli("webhooks", "retry", "--all-failed").stdout
            assert out.startswith("1 failed delivery pending again")
            wait_for(lambda: _states(w) == {"delivered": 1}, "the retried delivery")
            [got] = hook.received
            assert got["valid"] and got["id"] == failed["delivery_id"]  # the same id as before
            hook.secret = new
            assert hook.verify(got["headers"], got["body"])  # signed with both secrets
            assert len(got["headers"]["webhook-signature"].split()) == 2
        finally:
            hook.stop()
    finally:
        w.close()
        srv.stop()
        cleanup()


def test_the_access_log_never_shows_a_reporter_token():
    import logging

    from lapor_server.routers import reporter_page  # installs the filter

    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5", "GET", "/lapor/MMK-2612-ABCDE?t=rpt_rahasia&x=1", "1.1", 200), None,
    )  # fmt: skip
    assert reporter_page._REDACT in logging.getLogger("uvicorn.access").filters
    assert logging.getLogger("uvicorn.access").filter(record)
    assert "rpt_rahasia" not in record.getMessage() and "MMK-2612-ABCDE" in record.getMessage()
