"""Forwarding between two real servers (issue 16, docs/forwarding.md): Pemkab Mimika and Pemprov
Papua Tengah, two `lapor-server serve` processes over HTTPS on loopback, the partner's address
behind the fault proxy.

Mimika's coordinator forwards from the desk through the real sync; Mimika's worker submits the
report to Papua Tengah's channel intake (anonymity kept, the hidden attachment not sent); Papua
Tengah answers; the answer comes back onto Mimika's report timeline (the coordinator's desk) and
into its public conversation (the citizen's channel feed). A submission cut after the partner
committed is retried and still makes one report there."""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from lapor_desk.services.conversation import conversation
from lapor_desk.services.reports import ReportService
from tests.e2e.world import World, server_db
from tests.support.faultproxy import FaultProxy, Faults
from tests.support.receivers import Mailbox, delivery_env
from tests.support.servers import RunningServer, start_server

PARTNER = "pemprov_papua_tengah"
PARTNER_NAME = "Pemerintah Provinsi Papua Tengah"
CANARY_NAME = "Kanari Forward Qzv"
CANARY_PHONE = "0812-4455-9911"
CANARY_EMAIL = "kanari.forward@example.org"
REPLY = "Terima kasih, lubang terbesar ada di dekat jembatan Kali Kopi."
ANSWER = "Jalan provinsi Timika–Nabire akan diperbaiki Dinas PUPR Provinsi bulan depan."
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99"
    b"=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)
FORWARD_ENV = {
    "LAPOR_SERVER_FORWARDING_POLL_SECONDS": "0.2",
    "LAPOR_SERVER_FORWARDING_UPDATES_SECONDS": "0.5",
    "LAPOR_SERVER_FORWARDING_BACKOFF_SECONDS": "0.3",
    "LAPOR_SERVER_FORWARDING_BACKOFF_MAX_SECONDS": "1",
    "LAPOR_SERVER_FORWARDING_TIMEOUT_SECONDS": "3",
}


def wait_for(check: Callable[[], object], what: str, timeout: float = 45) -> object:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if value := check():
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


class Pair:
    def __init__(self, mimika: World, papua: World, proxy: FaultProxy, key: str, box: Mailbox):
        self.mimika, self.papua, self.proxy, self.web_key = mimika, papua, proxy, key
        self.box = box

    def submit(self, *, anonymous: bool, secret: bool = False, photos: int = 0) -> tuple[str, list]:
        """A citizen's report at Mimika through its intake (photos uploaded first)."""
        shas = []
        with self.mimika.srv.client(headers={"X-Api-Key": self.web_key}) as web:
            for i in range(photos):
                data = PNG + f"foto-{i}-{uuid.uuid4()}".encode()
                sha = hashlib.sha256(data).hexdigest()
                r = web.put(
                    f"/api/v1/attachments/{sha}",
                    content=data,
                    headers={"Content-Type": "image/png"},
                )
                assert r.status_code in (200, 201), r.text
                shas.append(sha)
            r = web.post(
                "/api/v1/intake/reports",
                json={
                    "title": "Jalan provinsi rusak parah di Kilometer 12",
                    "body": "Jalan provinsi menuju Nabire berlubang besar, truk sering terperosok.",
                    "district_code": "mimika_baru",
                    "is_anonymous": anonymous,
                    "is_secret": secret,
                    "reporter": {"name": CANARY_NAME, "phone": CANARY_PHONE, "email": CANARY_EMAIL},
                    "attachments": [
                        {"sha256": s, "filename": f"{CANARY_NAME}-{i}.png"}
                        for i, s in enumerate(shas)
                    ],
                    "external_id": str(uuid.uuid4()),
                },
            )
        assert r.status_code == 201, r.text
        return r.json()["id"], shas

    def partner_reports(self, rid: str) -> list:
        return self.papua.sql(
            "SELECT id, tracking_id, is_anonymous, is_secret, reporter_name, reporter_phone,"
            " reporter_email, title, body FROM reports WHERE external_id = :e",
            e=f"lapor-forward-{rid}",
        )


def _answer_at_partner(papua: World, partner_rid: str, text: str) -> None:
    from lapor_server import ops

    assert papua.coord("verify", partner_rid, {}).outcome == "applied"
    assert papua.coord("dispatch", partner_rid, {"agency_code": "dinas_pupr"}).outcome == "applied"
    db = server_db(papua.srv)
    try:
        officer = ops.OpActor("petugas", "dinas_pupr", "Ani PUPR", None)
        op = ops.OpIn(str(uuid.uuid4()), "respond", partner_rid, {"text": text, "final": True})
        [res] = ops.process_ops(db, officer, [op], datetime.now(UTC))
        assert res.outcome == "applied", res
    finally:
        db.dispose()


@pytest.fixture(scope="module")
def pair(tmp_path_factory) -> Iterator[Pair]:
    tmp: Path = tmp_path_factory.mktemp("forwarding")
    papua_srv: RunningServer = start_server(
        f"sqlite:///{tmp / 'papua.sqlite3'}", tmp / "papua", env={"LAPOR_SERVER_FORWARDING": "0"}
    )
    mimika_srv = None
    try:
        papua = World(papua_srv, tmp / "papua-world")
        key_for_mimika = papua_srv.admin.issue_channel_key("pemkab_mimika")
        with FaultProxy(("127.0.0.1", papua_srv.port), seed=16) as proxy, Mailbox() as box:
            mimika_srv = start_server(
                f"sqlite:///{tmp / 'mimika.sqlite3'}",
                tmp / "mimika",
                env={**FORWARD_ENV, **delivery_env(box)},
            )
            mimika = World(mimika_srv, tmp / "mimika-world")
            # the admin's real command line; the key goes in on stdin, never on the command line
            mimika_srv.cli(
                "partners", "add", "--code", PARTNER, "--name", PARTNER_NAME,
                "--kind", "provinsi", "--lapor", "--base-url", f"https://127.0.0.1:{proxy.port}",
                "--ca-file", str(papua_srv.ca_path), "--channel-key-stdin",
                input=key_for_mimika + "\n",
            )  # fmt: skip
            listed = mimika_srv.cli("partners", "list", "--json").stdout
            assert key_for_mimika not in listed and '"has_channel_key": true' in listed
            web_key = mimika_srv.admin.issue_channel_key("web")
            yield Pair(mimika, papua, proxy, web_key, box)
    finally:
        if mimika_srv is not None:
            mimika_srv.stop()
        papua_srv.stop()


def test_forward_from_the_desk_answer_at_the_partner_and_back_to_the_citizen(pair):
    mimika, papua = pair.mimika, pair.papua
    rid, (shown, hidden) = pair.submit(anonymous=True, photos=2)
    koord_token = mimika.srv.login("koord")
    with mimika.srv.client(koord_token) as c:
        r = c.post(
            f"/api/v1/reports/{rid}/attachments/{hidden}/visibility",
            json={"hidden_from_agency": True},
        )
        assert r.status_code == 200, r.text

    desk = mimika.desk("koord", name="koordinator-mimika")
    try:
        desk.sync()
        desk.actions.forward(rid, PARTNER, "Jalan provinsi: kewenangan Pemprov Papua Tengah.")
        assert desk.q("SELECT status, archive_reason FROM reports WHERE id = ?", rid) == [
            ("archived", "forwarded")
        ]
        desk.sync()
        assert desk.q("SELECT count(*) FROM outbox WHERE state = 'done'")[0][0] >= 1

        [partner] = wait_for(lambda: pair.partner_reports(rid), "the report at the partner")
        # anonymous end to end: the partner never received the identity at all
        assert partner.is_anonymous and not partner.is_secret
        assert (partner.reporter_name, partner.reporter_phone, partner.reporter_email) == (
            None,
            None,
            None,
        )
        assert CANARY_NAME not in str(papua.sql("SELECT * FROM report_attachments"))
        linked = {r[0] for r in papua.sql(
            "SELECT sha256 FROM report_attachments WHERE report_id = :r", r=partner.id
        )}  # fmt: skip
        assert linked == {shown}
        assert not papua.sql("SELECT sha256 FROM attachments WHERE sha256 = :h", h=hidden)

        _answer_at_partner(papua, partner.id, ANSWER)

        def answer_back():
            return mimika.sql(
                "SELECT text, data FROM report_events WHERE report_id = :r"
                " AND kind = 'partner_update' AND text = :t",
                r=rid,
                t=ANSWER,
            )

        wait_for(answer_back, "the partner's answer on Mimika's report")
        # the citizen's channel sees it in the partner's name
        with mimika.srv.client(headers={"X-Api-Key": pair.web_key}) as web:
            items = web.get("/api/v1/channel/updates").json()["items"]
        mine = [i for i in items if i["tracking_id"] == _tracking(mimika, rid)]
        assert any("diteruskan ke " + PARTNER_NAME in i["description"] for i in mine)
        last = [i for i in mine if i["kind"] == "answer"][-1]
        assert (last["description"], last["speaker"], last["final"]) == (
            ANSWER,
            PARTNER_NAME,
            True,
        )
        assert (last["status"], last["status_label"]) == ("archived", "Diteruskan ke instansi lain")
        assert "kewenangan Pemprov" not in str(mine)  # the forward's reason stays internal
        # the citizen is e-mailed by Mimika (the address never went to the partner)
        letter = wait_for(
            lambda: [t for t in pair.box.texts() if ANSWER in t[2]], "the answer by e-mail"
        )
        to, subject, text, _html = letter[0]
        assert to == CANARY_EMAIL and _tracking(mimika, rid) in subject
        assert PARTNER_NAME in text and "Status laporan: Diteruskan ke instansi lain" in text
        assert CANARY_EMAIL not in str(papua.sql("SELECT * FROM reports"))

        # the citizen answers back through Mimika; the reply travels on to the partner
        with mimika.srv.client(headers={"X-Api-Key": pair.web_key}) as web:
            r = web.post(
                f"/api/v1/intake/reports/{_tracking(mimika, rid)}/replies",
                json={"text": REPLY, "reply_id": str(uuid.uuid4())},
            )
        assert r.status_code == 201, r.text
        assert r.json()["status"] == "archived"  # still forwarded here
        wait_for(
            lambda: papua.sql(
                "SELECT 1 FROM report_events WHERE report_id = :r AND kind = 'reporter_reply'"
                " AND text = :t",
                r=partner.id,
                t=REPLY,
            ),
            "the citizen's reply at the partner",
        )

        # and the coordinator's desk shows it on the timeline and in "Percakapan dengan pelapor"
        desk.sync()
        kinds = [k for (k,) in desk.q(
            "SELECT kind FROM events WHERE report_id = ? ORDER BY position", rid
        )]  # fmt: skip
        assert "forward" in kinds and "forward_sent" in kinds and "partner_update" in kinds
        page = ReportService(desk.store, desk.account).page(rid)
        lines = conversation(page.detail, page.agency_names)
        said = [(line.speaker, line.description) for line in lines]
        assert (PARTNER_NAME, ANSWER) in said and said[-1] == ("Pelapor", REPLY)
    finally:
        desk.close()


def test_a_forward_cut_after_the_partner_committed_makes_one_report_there(pair):
    mimika = pair.mimika
    rid, _ = pair.submit(anonymous=False, secret=True)
    # every answer of the partner is lost once a request is through (the intake commits)
    pair.proxy.set(Faults(swallow_down_after_up=700, swallow_hold=0.2))
    try:
        assert mimika.coord("forward", rid, {"partner": PARTNER, "reason": "Wewenang provinsi."})
        wait_for(lambda: pair.partner_reports(rid), "the partner to commit the first attempt")
        wait_for(
            lambda: mimika.sql(
                "SELECT attempts FROM forwards WHERE report_id = :r AND attempts >= 2", r=rid
            ),
            "a retry after the cut",
        )
    finally:
        pair.proxy.set(Faults())
    wait_for(
        lambda: mimika.sql("SELECT 1 FROM forwards WHERE report_id = :r AND state = 'sent'", r=rid),
        "the forward to be acknowledged",
    )
    [partner] = pair.partner_reports(rid)  # one report however often it was sent
    # rahasia stays rahasia; the name the reporter let staff see travels, the e-mail never
    assert partner.is_secret and not partner.is_anonymous
    assert (partner.reporter_name, partner.reporter_email) == (CANARY_NAME, None)
    [(tracking,)] = mimika.sql(
        "SELECT partner_tracking_id FROM forwards WHERE report_id = :r", r=rid
    )
    assert tracking == partner.tracking_id


def _tracking(world: World, rid: str) -> str:
    [(tid,)] = world.sql("SELECT tracking_id FROM reports WHERE id = :r", r=rid)
    return tid
