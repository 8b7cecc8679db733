"""The forwarding worker's rules without a partner server (docs/forwarding.md): what leaves for the
partner (identity as the reporter allowed, the public text, visible files under neutral names),
which partner entries come back (only the partner's own forwards, each update once, never the
partner's citizen-side entries), and the retry window (backoff, failed, an admin's retry keeps
the forward's date). The two-server end-to-end test covers the HTTP side."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
import sqlalchemy as sa

from lapor_server import reports as rep
from lapor_server.citizen.conversation import conversation
from lapor_server.forwarding import partners, replies, updates, worker
from lapor_server.forwarding.tables import Forward, Partner
from lapor_server.models import Attachment, ReportAttachment, ReportEvent
from tests.server.conftest import make_op


def _partner(w, code, runs_lapor=True):
    partners.add(
        w.db,
        code=code,
        name=f"Instansi {code}",
        kind="provinsi",
        runs_lapor=runs_lapor,
        base_url="https://127.0.0.1:9" if runs_lapor else None,
        channel_key="lpk_x" if runs_lapor else None,
        ca_file=None,
        now=w.clock(),
    )


def _forward(w, rid, code):
    res = w.op1("koor", make_op("forward", rid, {"partner": code, "reason": "Wewenang."}, None))
    assert res["outcome"] == "applied", res
    with w.db.read() as s:
        return s.scalar(sa.select(Forward).where(Forward.report_id == rid))


@pytest.fixture
def server_settings(server_settings):
    """No background worker here: each test drives the worker's steps itself."""
    return server_settings.replace(forwarding=False)


@pytest.fixture
def fw(world):
    _partner(world, "prov_a")
    _partner(world, "prov_b")
    return world


def test_what_leaves_for_the_partner(fw):
    anon = fw.report("verified", is_anonymous=True, address="Jl. Yos Sudarso 7")
    named = fw.report("verified")
    shas = []
    with fw.db.write() as s:
        for i, hidden in enumerate((False, True)):
            sha = hashlib.sha256(f"foto-{i}".encode()).hexdigest()
            s.add(
                Attachment(
                    sha256=sha,
                    size=5,
                    media_type="image/jpeg",
                    storage_path=f"{sha[:2]}/{sha}",
                    created_at=fw.clock(),
                )
            )
            s.add(
                ReportAttachment(
                    report_id=anon,
                    sha256=sha,
                    filename="KTP_Maria_Beanal.jpg",
                    hidden_from_agency=hidden,
                    created_at=fw.clock(),
                )
            )
            shas.append(sha)
        report = s.get(rep.Report, anon)
        rep.redact(s, report, {"body": "Teks publik yang disunting."}, fw.clock(), None)
    fa, fn = _forward(fw, anon, "prov_a"), _forward(fw, named, "prov_a")
    with fw.db.read() as s:
        body, files = worker.build_submission(s, s.get(Forward, fa.id), fw.settings.attachments_dir)
        named_body, _ = worker.build_submission(
            s, s.get(Forward, fn.id), fw.settings.attachments_dir
        )
    assert "reporter" not in body and body["is_anonymous"] is True
    assert body["body"].startswith("Teks publik yang disunting.")
    assert "Lubang besar" not in body["body"]  # the original stays here
    assert body["external_id"] == f"lapor-forward-{anon}"
    assert body["attachments"] == [{"sha256": shas[0], "filename": "lampiran-1.jpg"}]
    assert [f[0] for f in files] == [shas[0]]  # the hidden one is not even uploaded
    assert "Maria" not in str(body) and "maria@" not in str(body)
    assert named_body["reporter"] == {"name": "Maria Beanal", "phone": "0812-1111-2222"}
    assert "maria@example.org" not in str(named_body)  # the e-mail never travels
    assert "Mimika" in body["address"] and "Jl. Yos Sudarso 7" in body["address"]
    assert "category_code" not in body and "district_code" not in body


def _item(update_id, ext, kind="answer", text="Sudah ditangani provinsi.", final=True):
    return {
        "update_id": str(update_id),
        "external_id": ext,
        "kind": kind,
        "description": text,
        "final": final,
        "status": "completed",
    }


def test_only_the_partners_own_forwards_take_its_updates_each_once(fw):
    mine, theirs = fw.report("verified"), fw.report("verified")
    fa, fb = _forward(fw, mine, "prov_a"), _forward(fw, theirs, "prov_b")
    with fw.db.read() as s:
        pid = s.scalar(sa.select(Partner.id).where(Partner.code == "prov_a"))
    items = [
        _item(1, fa.external_id),
        _item(2, fb.external_id, text="Menulis ke laporan mitra lain"),  # not prov_a's forward
        _item(1, fa.external_id),  # the same update again (a page read twice)
        _item(3, fa.external_id, kind="reply", text="Balasan warga di sana"),
        _item(4, fa.external_id, kind="status", text="Laporan diterima.", final=False),
        _item(5, "lapor-forward-khayalan"),
        "bukan objek",
    ]
    assert updates._take_in(fw.db, pid, items, fw.clock()) == 2
    assert updates._take_in(fw.db, pid, items, fw.clock()) == 0
    with fw.db.read() as s:
        said = [(u.kind, u.speaker, u.description) for u in conversation(s, mine)]
        other = [u.description for u in conversation(s, theirs)]
        kinds = list(s.scalars(sa.select(ReportEvent.kind).where(ReportEvent.report_id == theirs)))
    assert ("answer", "Instansi prov_a", "Sudah ditangani provinsi.") in said
    assert ("status", None, "Instansi prov_a: Laporan diterima.") in said
    assert not any("Balasan warga" in d for _, _, d in said)
    assert "partner_update" not in kinds and not any("mitra lain" in d for d in other)


def test_backoff_then_failed_and_an_admin_retry_keeps_the_forward_date(fw):
    rid = fw.report("verified")
    fwd = _forward(fw, rid, "prov_a")
    settings = fw.settings.replace(
        forwarding_backoff_seconds=10, forwarding_backoff_max_seconds=40, forwarding_retry_hours=1
    )
    now = fw.clock()
    waits = []
    for _ in range(4):
        worker._record(fw.db, settings, fwd.id, None, "ConnectionRefusedError", now)
        with fw.db.read() as s:
            f = s.get(Forward, fwd.id)
            waits.append((f.next_attempt_at - now).total_seconds())
    assert waits == [10, 20, 40, 40] and f.state == "pending"
    with fw.db.read() as s:
        assert s.scalar(sa.select(Partner.last_error).where(Partner.code == "prov_a"))
    later = now + timedelta(hours=2)
    worker._record(fw.db, settings, fwd.id, None, "still down", later)
    with fw.db.read() as s:
        assert s.get(Forward, fwd.id).state == "failed"
    assert worker.retry_failed(fw.db, code="prov_a", now=later) == 1
    worker._record(fw.db, settings, fwd.id, None, "down again", later + timedelta(minutes=5))
    with fw.db.read() as s:
        f = s.get(Forward, fwd.id)
    assert f.state == "pending" and f.forwarded_at == fwd.forwarded_at  # the date is kept
    worker._record(fw.db, settings, fwd.id, ("pid-1", "PTG-2612-AAAAA"), None, later)
    with fw.db.read() as s:
        f = s.get(Forward, fwd.id)
        sent = s.scalar(
            sa.select(ReportEvent).where(
                ReportEvent.report_id == rid, ReportEvent.kind == "forward_sent"
            )
        )
    assert (f.state, f.partner_tracking_id, f.reference) == (
        "sent",
        "PTG-2612-AAAAA",
        "PTG-2612-AAAAA",
    )
    assert sent.visibility == "internal" and "PTG-2612-AAAAA" in sent.text


def test_a_partner_that_does_not_answer_is_not_polled_before_it_has_a_report(fw):
    assert updates.poll_updates(fw.db, fw.settings, fw.clock) == 0
    rid = fw.report("verified")
    _forward(fw, rid, "prov_a")
    # pending only (nothing accepted yet): still nothing to read
    assert updates.poll_updates(fw.db, fw.settings, fw.clock) == 0
    with fw.db.read() as s:
        assert s.scalar(sa.select(Partner.last_polled_at).where(Partner.code == "prov_a")) is None


def test_an_inactive_partner_still_answers_its_earlier_forwards(fw):
    rid = fw.report("verified")
    fwd = _forward(fw, rid, "prov_a")
    worker._record(fw.db, fw.settings, fwd.id, ("pid-9", "PTG-2612-BBBBB"), None, fw.clock())
    partners.remove(fw.db, code="prov_a", now=fw.clock())  # has a forward: deactivated
    assert updates.poll_updates(fw.db, fw.settings, fw.clock) == 0  # nobody listens on :9
    with fw.db.read() as s:
        p = s.scalar(sa.select(Partner).where(Partner.code == "prov_a"))
    assert not p.active and p.last_polled_at is not None and p.last_error
    assert "lpk_x" not in p.last_error  # the key is never part of an error


def test_replies_after_the_forward_wait_for_the_partner_and_earlier_ones_stay(fw, monkeypatch):
    from lapor_core.workflow import Action
    from lapor_server.forwarding.client import PartnerError, PartnerLink
    from lapor_server.ops import apply_system_action
    from lapor_server.routers.intake import REPORTER

    rid = fw.report("verified")

    def reply(text):
        with fw.db.write() as s:
            report = s.get(rep.Report, rid)
            apply_system_action(
                s, report, Action.REPORTER_REPLY, REPORTER, fw.clock(), rep.load_calendar(s),
                text=text,
            )  # fmt: skip

    reply("Sebelum diteruskan.")
    fw.clock.advance(minutes=1)
    fwd = _forward(fw, rid, "prov_a")
    worker._record(fw.db, fw.settings, fwd.id, ("pid-3", "PTG-2612-CCCCC"), None, fw.clock())
    fw.clock.advance(minutes=1)
    reply("Lubangnya di dekat jembatan.")  # archived, but forwarded: the reply is taken
    sent = []

    def down(self, tracking, text, reply_id):
        raise PartnerError("ConnectionRefusedError")

    monkeypatch.setattr(PartnerLink, "reply", down)
    assert replies.relay_replies(fw.db, fw.settings, fw.clock) == 0
    with fw.db.read() as s:
        assert s.get(Forward, fwd.id).relayed_event_id is None  # tried again next pass

    def up(self, tracking, text, reply_id):
        sent.append((tracking, text, reply_id))

    monkeypatch.setattr(PartnerLink, "reply", up)
    assert replies.relay_replies(fw.db, fw.settings, fw.clock) == 1
    assert replies.relay_replies(fw.db, fw.settings, fw.clock) == 0  # once
    assert [(t, x) for t, x, _ in sent] == [("PTG-2612-CCCCC", "Lubangnya di dekat jembatan.")]

    def refused(self, tracking, text, reply_id):
        raise PartnerError("HTTP 409 (closed)", status=409)

    fw.clock.advance(minutes=1)
    reply("Masih rusak.")
    monkeypatch.setattr(PartnerLink, "reply", refused)
    assert replies.relay_replies(fw.db, fw.settings, fw.clock) == 0
    assert replies.relay_replies(fw.db, fw.settings, fw.clock) == 0  # noted once, not retried
    with fw.db.read() as s:
        notes = list(
            s.scalars(
                sa.select(ReportEvent).where(
                    ReportEvent.report_id == rid, ReportEvent.kind == "forward_reply_refused"
                )
            )
        )
    assert len(notes) == 1 and notes[0].visibility == "internal" and "409" in notes[0].text
