"""Akai Meno's tracking page against the real app and database: what an id shows to anyone (no
more than Open311), what the follow-up code opens, reply/photo/rating through the channels' own
code paths, and that an anonymous reporter's name is in no page or feed."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from lapor_server.models import Report
from tests.server.conftest import CANARY_EMAIL, CANARY_NAME, CANARY_PHONE
from tests.server.web_support import browser, file_report, hidden_fields, jpeg, walk


@pytest.fixture
def web(world):
    return browser(world)


def _open(web, tid, code, lang=""):
    page = web.get(f"/lacak/{tid}{lang}").text
    return web.post(f"/lacak/{tid}", data={**hidden_fields(page), "kode": code})


def _strip(text: str, tid: str) -> str:
    import re

    text = text.replace(tid, "ID")
    return re.sub(r'name="(csrf|reply_id)" value="[^"]*"', "", text)


def test_an_id_shows_only_what_open311_shows_and_a_secret_one_nothing(world, web):
    tid, _ = file_report(web, world, body="Air PDAM keruh di Kwamki Narama.", address="Jl. Baru")
    unverified = web.get(f"/lacak/{tid}")
    o311 = world.client.get(f"/open311/v2/requests/{tid}.json").json()[0]
    assert unverified.status_code == 200
    assert "Air PDAM keruh" not in unverified.text and o311["description"] is None
    walk(world, tid, "verify", "dispatch", "note", "answer")
    shown = web.get(f"/lacak/{tid}")
    assert "Air PDAM keruh di Kwamki Narama." in shown.text
    assert "Tim sudah meninjau lokasi." in shown.text  # the public answer
    assert "Zqx" not in shown.text  # never the internal note
    assert "Petugas Uji" not in shown.text  # never a staff name
    secret, _ = file_report(web, world, body="Pungutan liar di kantor distrik.", rahasia="1")
    walk(world, secret, "verify")
    nothing = web.get(f"/lacak/{secret}")
    unknown = web.get("/lacak/MMK-2026-999999")
    assert nothing.status_code == unknown.status_code == 404
    assert "Pungutan liar" not in nothing.text
    assert _strip(nothing.text, secret) == _strip(unknown.text, "MMK-2026-999999")
    assert world.client.get(f"/open311/v2/requests/{secret}.json").status_code == 404


def test_the_follow_up_code_opens_the_report_and_a_wrong_one_reads_like_no_report(world, web):
    tid, code = file_report(web, world, body="Jalan longsor di Jalan Freeport.", rahasia="1")
    _other, other_code = file_report(web, world, body="Laporan lain.")
    mine = _open(web, tid, code)
    assert mine.status_code == 200 and "Laporan diterima" in mine.text
    wrong = _open(web, tid, code[:-2] + "xx")
    swapped = _open(web, tid, other_code)
    unknown = _open(web, "MMK-2026-999999", code)
    assert wrong.status_code == swapped.status_code == unknown.status_code == 403
    assert "tidak cocok" in wrong.text
    assert _strip(wrong.text, tid) == _strip(unknown.text, "MMK-2026-999999")
    assert "Jalan longsor" not in wrong.text + swapped.text
    # the code travels only in POST bodies: never in a link or an address of the page
    assert f"kode={code}" not in mine.text and f"?{code}" not in mine.text


def test_reply_with_a_photo_reopens_the_report_in_the_officers_queue_then_rating(world, web):
    tid, code = file_report(web, world, body="Lampu jalan mati di Jalan Hasanuddin.")
    walk(world, tid, "verify", "dispatch", "final")
    page = _open(web, tid, code)
    assert "Lampu sudah diganti." in page.text and "Nilai jawaban akhir" in page.text
    # reply with a photo: through the channels' reply path
    form = hidden_fields(page.text.split('class="reply"')[1])
    r = web.post(
        f"/lacak/{tid}",
        data={**form, "teks": "Lampunya mati lagi sejak kemarin."},
        files=[("photos", ("IMG_1.jpg", jpeg(), "image/jpeg"))],
    )
    assert r.status_code == 200, r.text[:1500]
    assert "Tanggapan Anda sudah kami terima" in r.text
    assert "Lampunya mati lagi sejak kemarin." in r.text
    items, _ = world.feed_all("petugas_a")
    snap = [
        i["report"] for i in items if i["type"] == "report" and i["report"]["tracking_id"] == tid
    ][-1]
    assert snap["status"] == "in_progress"  # back in the officer's queue
    assert [a["filename"] for a in snap["attachments"]] == ["foto-1.jpg"]
    # the same reply form sent again (a cut link) counts once
    again = web.post(
        f"/lacak/{tid}",
        data={**form, "teks": "Lampunya mati lagi sejak kemarin."},
        files=[("photos", ("IMG_1.jpg", jpeg(), "image/jpeg"))],
    )
    assert again.status_code == 200
    assert again.text.count("Lampunya mati lagi sejak kemarin.") == 1
    # the channel feed of Akai Meno carries the same conversation
    walk(world, tid, "final")
    page = _open(web, tid, code)
    form = hidden_fields(page.text.split('class="rate"')[1].split("</form>")[0])
    r = web.post(f"/lacak/{tid}", data={**form, "skor": "5", "teks": "Terima kasih."})
    assert r.status_code == 200, r.text[r.text.find("<main") :][:1500]
    assert "penilaian Anda sudah kami terima" in r.text
    assert "Nilai 5 dari 5" in r.text
    twice = web.post(f"/lacak/{tid}", data={**form, "skor": "4"})
    assert "Nilai jawaban akhir" not in twice.text  # rated: the form is gone


def test_private_actions_need_csrf_and_are_limited_per_code(world, web):
    import dataclasses

    tid, code = file_report(web, world, body="Drainase tersumbat.")
    page = _open(web, tid, code)
    form = hidden_fields(page.text.split('class="reply"')[1])
    forged = web.post(f"/lacak/{tid}", data={**form, "csrf": "0" * 64, "teks": "Tolong cek."})
    assert forged.status_code == 403 and "Tolong cek." in forged.text
    state = world.client.app.state
    normal = state.settings
    state.settings = dataclasses.replace(normal, web_actions_per_code_per_hour=2)
    try:
        answers = [
            web.post(
                f"/lacak/{tid}",
                data={
                    **form,
                    "reply_id": str(n) * 8 + "-0000-4000-8000-" + "0" * 12,
                    "teks": f"Balasan {n}",
                },
            )
            for n in range(1, 4)
        ]
        assert [a.status_code for a in answers] == [200, 200, 429]
        assert "Balasan 3" in answers[2].text
    finally:
        state.settings = normal


def test_an_anonymous_reporters_name_is_in_no_page_or_feed(world, web):
    tid, code = file_report(
        web,
        world,
        body="Petugas puskesmas meminta uang.",
        anonim="1",
        name=CANARY_NAME,
        phone=CANARY_PHONE,
        email=CANARY_EMAIL,
    )
    walk(world, tid, "verify", "dispatch", "answer")
    texts = [
        web.get(f"/lacak/{tid}").text,
        _open(web, tid, code).text,
        _open(web, tid, code, "?lang=en").text,
        web.get("/publik").text,
        world.client.get(f"/open311/v2/requests/{tid}.json").text,
        world.client.get("/open311/v2/servicerequestupdates.json").text,
    ]
    for who in ("petugas_a", "pimpinan"):
        items, _ = world.feed_all(who)
        texts.append(str(items))
    for text in texts:
        for canary in (CANARY_NAME, CANARY_PHONE, CANARY_EMAIL):
            assert canary not in text
    # the server holds the identity (for the e-mail, and a reporter who lifts anonymity)
    with world.db.read() as s:
        report = s.scalar(sa.select(Report).where(Report.tracking_id == tid))
        assert (report.reporter_name, report.reporter_email) == (CANARY_NAME, CANARY_EMAIL)
        assert report.is_anonymous


def test_find_by_number_and_english(world, web):
    tid, _ = file_report(web, world, body="Sampah.")
    r = web.get("/lacak", params={"nomor": tid.lower(), "lang": "en"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/lacak/{tid}?lang=en"
    page = web.get(r.headers["location"])
    assert "Report " + tid in page.text and "This is my report" in page.text
    bad = web.get("/lacak", params={"nomor": "<script>x"})
    assert bad.status_code == 422 and "&lt;script&gt;x" in bad.text


def test_the_confirmation_opens_the_reporters_page_by_post(world, web):
    from tests.server.web_support import fill, open_form

    page = open_form(web, world)
    done = web.post("/buat-laporan", data=fill(page, body="Jalan rusak di SP2."))
    tid = done.text.split('id="nomor">')[1].split("<")[0]
    form = hidden_fields(done.text.split(f'action="/lacak/{tid}"')[1].split("</form>")[0])
    assert form["aksi"] == "lihat" and form["kode"].startswith("rpt_")
    mine = web.post(f"/lacak/{tid}", data=form)
    assert mine.status_code == 200 and "Tanggapi atau tambah foto" in mine.text


def test_switching_language_keeps_the_reporters_view(world, web):
    tid, code = file_report(web, world, body="Jalan rusak di Kwamki.")
    mine = _open(web, tid, code)
    switch = hidden_fields(mine.text.split('class="lang-form"')[1].split("</form>")[0])
    assert switch["lang"] == "en" and switch["aksi"] == "lihat"
    english = web.post(f"/lacak/{tid}", data=switch)
    assert english.status_code == 200
    assert '<html lang="en">' in english.text and "Reply or add photos" in english.text
