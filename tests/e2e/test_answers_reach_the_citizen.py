"""End to end (issue 13): a citizen's Open311 report is dispatched and answered by an officer over
the desk's real sync; the answer then reaches the citizen everywhere — Open311 `status_notes` and
`servicerequestupdates` (JSON and XML), the channel feed, a signed webhook at a real HTTP receiver
and an e-mail at a real SMTP server — while the internal note written meanwhile reaches none of
them. The desk's "Percakapan dengan pelapor" is exactly the citizen's conversation. An anonymous
reporter with an e-mail gets the answer by e-mail, and no desk, feed, export or log holds the
address."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from lapor_desk.services.conversation import conversation, reach
from lapor_desk.services.exports import ExportFormat, export_reports, read_back
from lapor_desk.services.reports import ReportService
from tests.e2e.world import AGENCY, World
from tests.support.receivers import Mailbox, WebhookReceiver, delivery_env
from tests.support.servers import free_port, start_server

NOTE = "CATATAN-INTERNAL-E2E stok gudang menipis"
ANSWER = "Obat malaria sudah dikirim ke Puskesmas Timika Jaya hari ini."
CANARY = "warga.anonim.e2e@example.org"


def wait_for(check: Callable[[], object], what: str, timeout: float = 30) -> object:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if value := check():
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def citizen_world(tmp_path) -> Iterator[tuple[World, Mailbox, WebhookReceiver, str]]:
    with Mailbox() as box:
        port = free_port()
        srv = start_server(
            f"sqlite:///{tmp_path / 'lapor.sqlite3'}",
            tmp_path / "server",
            port=port,
            env=delivery_env(box, f"https://127.0.0.1:{port}"),
        )
        try:
            world = World(srv, tmp_path)
            key = srv.admin.issue_channel_key("mobile")
            hook = WebhookReceiver()
            out = srv.cli("webhooks", "set", "--channel", "mobile", "--url", hook.url)
            hook.secret = out.stdout.strip().splitlines()[0]
            hook.start()
            try:
                yield world, box, hook, key
            finally:
                hook.stop()
        finally:
            srv.stop()


def _post(world: World, key: str, **extra: str) -> tuple[str, str]:
    with world.srv.client() as public:
        r = public.post(
            "/open311/v2/requests.json",
            data={
                "api_key": key,
                "service_code": "kesehatan",
                "description": "Puskesmas Timika Jaya kehabisan obat malaria sejak minggu lalu.",
                "address_string": "Jl. Cenderawasih, Timika Jaya",
                **extra,
            },
        )
    assert r.status_code == 201, r.text
    tid = r.json()[0]["service_request_id"]
    [(rid,)] = world.sql("SELECT id FROM reports WHERE tracking_id = :t", t=tid)
    assert world.coord("verify", rid, {}).outcome == "applied"
    assert world.coord("dispatch", rid, {"agency_code": AGENCY}).outcome == "applied"
    return tid, rid


def _store_bytes(root: Path) -> bytes:
    return b"".join(p.read_bytes() for p in root.rglob("*") if p.is_file())


def test_an_answer_reaches_the_citizen_everywhere_and_the_note_nowhere(citizen_world):
    world, box, hook, key = citizen_world
    tid, rid = _post(world, key, first_name="Maria", last_name="Beanal", email="maria@example.org")
    officer = world.desk("budi", name="officer")
    try:
        officer.sync()
        officer.note(rid, NOTE)
        officer.respond(rid, ANSWER)
        officer.sync()
        wait_for(lambda: any(d["kind"] == "answer" for d in hook.accepted().values()), "webhook")
        wait_for(lambda: box.messages, "e-mail")

        with world.srv.client() as public:
            [req] = public.get(f"/open311/v2/requests/{tid}.json").json()
            assert req["status_notes"] == ANSWER
            updates = public.get(
                "/open311/v2/servicerequestupdates.json", params={"service_request_id": tid}
            )
            xml = public.get(
                "/open311/v2/servicerequestupdates.xml", params={"service_request_id": tid}
            )
        assert updates.json()[-1]["description"] == ANSWER
        assert req["updated_datetime"] == updates.json()[-1]["updated_datetime"]
        root = ET.fromstring(xml.content)
        assert root.findall("request_update")[-1].findtext("description") == ANSWER
        with world.srv.client(headers={"X-Api-Key": key}) as channel:
            feed = channel.get("/api/v1/channel/updates").json()["items"]
        mine = [i for i in feed if i["tracking_id"] == tid]
        assert mine[-1]["description"] == ANSWER and mine[-1]["speaker"] == "Dinas Kesehatan"
        answer = next(d for d in hook.accepted().values() if d["kind"] == "answer")
        assert answer["description"] == ANSWER and answer["tracking_id"] == tid
        [(to, subject, text, html)] = box.texts()
        assert to == "maria@example.org" and tid in subject and ANSWER in text and ANSWER in html

        everything = [updates.text, xml.text, str(feed), text, html, req["status_notes"]]
        everything += [r["body"].decode() for r in hook.received]
        assert not any(NOTE in part for part in everything)

        # The desk's "Percakapan dengan pelapor": the citizen's conversation, entry for entry.
        page = ReportService(officer.store, officer.account).page(rid)
        lines = conversation(page.detail, page.agency_names)
        assert [line.description for line in lines] == [i["description"] for i in mine]
        assert NOTE not in str(lines)
        how = reach(page.detail)  # an officer never sees the address: "if they gave one"
        assert how.maybe_email and not how.email and how.channel == "open311"
    finally:
        officer.close()


def test_an_anonymous_reporter_is_mailed_and_the_address_stays_on_the_server(citizen_world):
    world, box, _hook, key = citizen_world
    tid, rid = _post(world, key, first_name="Anonim", email=CANARY, **{"attribute[anonim]": "true"})
    officer = world.desk("budi", name="officer-anon")
    coord = world.desk("koord", name="coordinator-anon")
    try:
        officer.sync()
        officer.respond(rid, ANSWER, final=True)
        officer.sync()
        coord.sync()
        wait_for(lambda: [m for m in box.texts() if m[0] == CANARY], "the e-mail")
        [(_to, _subject, text, _html)] = [m for m in box.texts() if m[0] == CANARY]
        assert ANSWER in text and tid in text and "/lacak/" in text and "#kode=rpt_" in text
        # No desk store (officer, coordinator), export or log holds the address.
        for desk in (officer, coord):
            assert CANARY.encode() not in _store_bytes(desk.root)
            page = ReportService(desk.store, desk.account).page(rid)
            assert reach(page.detail).maybe_email and not reach(page.detail).email
            out = desk.root / "export.csv"
            with desk.store.read_conn() as conn:
                export_reports(conn, [rid], out, ExportFormat.CSV)
            assert CANARY not in str(read_back(out))
        assert CANARY not in world.srv.log()
    finally:
        officer.close()
        coord.close()
