"""Akai Meno's safety rules against the real app: CSRF, the human check, rate limits, bad input
refused with a reason and the values kept, headers on every page."""

from __future__ import annotations

import dataclasses
import re

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from lapor_server.models import Report
from tests.server.web_support import browser, fill, hidden_fields, jpeg, open_form


@pytest.fixture
def web(world):
    return browser(world)


def _count(world) -> int:
    with world.db.read() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(Report))


BODY = "Sampah menumpuk di Jalan Cenderawasih <b>sejak</b> dua minggu."


def test_csrf_refused_without_the_cookie_or_with_a_forged_token(world, web):
    before = _count(world)
    page = open_form(web, world)
    data = fill(page, body=BODY)
    # another site's page posting into the citizen's browser: no cookie (SameSite=Strict)
    stranger = TestClient(world.client.app, base_url="https://testserver")
    r = stranger.post("/buat-laporan", data=data)
    assert r.status_code == 403
    assert "kedaluwarsa" in r.text
    # a forged token with the real cookie
    r = web.post("/buat-laporan", data={**data, "csrf": "0" * 64})
    assert r.status_code == 403
    # the token of another visitor's cookie
    other = TestClient(world.client.app, base_url="https://testserver")
    other_token = hidden_fields(other.get("/buat-laporan").text)["csrf"]
    assert web.post("/buat-laporan", data={**data, "csrf": other_token}).status_code == 403
    assert _count(world) == before
    # the refused page keeps what was typed (escaped) and works when sent again
    assert "Sampah menumpuk di Jalan Cenderawasih &lt;b&gt;sejak&lt;/b&gt;" in r.text
    assert "<b>sejak</b>" not in r.text
    world.clock.advance(seconds=30)
    again = web.post("/buat-laporan", data=fill(r.text, body=BODY))
    assert again.status_code == 200, again.text
    assert _count(world) == before + 1


def test_robots_are_refused_honeypot_fill_time_and_wrong_answer(world, web):
    before = _count(world)
    page = web.get("/buat-laporan").text
    world.clock.advance(seconds=1)  # sent back at once
    r = web.post("/buat-laporan", data=fill(page, body=BODY))
    assert r.status_code == 400 and BODY.split("<")[0] in r.text
    world.clock.advance(seconds=30)
    assert web.post("/buat-laporan", data=fill(page, body=BODY, situs_web="x")).status_code == 400
    forged = fill(page, body=BODY, ts="1", ts_sig="0" * 64)
    assert web.post("/buat-laporan", data=forged).status_code == 400
    wrong = fill(page, body=BODY, answer="999")
    r = web.post("/buat-laporan", data=wrong)
    assert r.status_code == 422
    assert "pertanyaan pengaman belum benar" in r.text
    assert _count(world) == before


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"body": ""}, "body", "uraian wajib diisi"),
        ({"body": "x" * 20_001}, "body", "terlalu panjang"),
        ({"category": "tidak_ada"}, "category", "Pilih salah satu"),
        (
            {"district": "mimika_baru", "village": "Kampung Bulan"},
            "village",
            "tidak ada di distrik",
        ),
        ({"incident_date": "2026-13-45"}, "incident_date", "Tanggal tidak dikenali"),
        ({"incident_date": "2099-01-01"}, "incident_date", "masa depan"),
        ({"incident_date": "1901-01-01"}, "incident_date", "terlalu lama"),
        ({"lat": "nan", "lon": "136.8"}, "location", "peta tidak terbaca"),
        ({"email": "bukan-email"}, "email", "e-mail tidak lengkap"),
        ({"phone": "<script>"}, "phone", "hanya boleh berisi angka"),
        ({"classification": "lainnya"}, "classification", "Pilih salah satu"),
    ],
)
def test_bad_input_is_refused_with_a_reason_and_the_values_kept(world, web, change, field, message):
    before = _count(world)
    page = open_form(web, world)
    data = fill(
        page, **{"body": BODY, "address": "Dekat Pasar Lama", "name": "Nama Saya", **change}
    )
    r = web.post("/buat-laporan", data=data)
    assert r.status_code == 422, r.text[:300]
    assert message in r.text
    assert f'href="#f-{field}"' in r.text and f'id="err-{field}"' in r.text
    assert 'value="Dekat Pasar Lama"' in r.text and 'value="Nama Saya"' in r.text
    assert _count(world) == before


def test_a_photo_that_is_not_an_image_is_refused_by_the_shared_upload_checks(world, web):
    before = _count(world)
    page = open_form(web, world)
    files = [("photos", ("foto.jpg", b"MZ\x90\x00 not a jpeg", "image/jpeg"))]
    r = web.post("/buat-laporan", data=fill(page, body=BODY), files=files)
    assert r.status_code == 422 and "Foto ke-1 bukan gambar" in r.text
    files = [("photos", ("doc.pdf", b"%PDF-1.4 hello", "application/pdf"))]
    r = web.post("/buat-laporan", data=fill(page, body=BODY), files=files)
    assert r.status_code == 422 and "Foto ke-1 bukan gambar" in r.text
    assert _count(world) == before
    r = web.post(
        "/buat-laporan",
        data=fill(page, body=BODY),
        files=[("photos", ("ok.jpg", jpeg(), "image/jpeg"))],
    )
    assert r.status_code == 200


def test_posts_per_address_are_limited_with_a_page_that_keeps_the_text(world, web):
    state = world.client.app.state
    normal = state.settings
    state.settings = dataclasses.replace(normal, web_posts_per_address_per_hour=3)
    try:
        page = open_form(web, world)
        for _ in range(3):
            web.post("/buat-laporan", data=fill(page, body=BODY, answer="0"))
        r = web.post("/buat-laporan", data=fill(page, body=BODY))
        assert r.status_code == 429
        assert re.search(r"coba lagi dalam \d+ menit", r.text)
        assert "Sampah menumpuk di Jalan Cenderawasih" in r.text
        # over the limit, a big post is not even read: a page with the way back
        big = web.post(
            "/buat-laporan",
            data=fill(page, body=BODY),
            files=[("photos", ("a.jpg", b"\xff\xd8\xff" + b"0" * 400_000, "image/jpeg"))],
        )
        assert big.status_code == 429 and "Tekan tombol Kembali" in big.text
    finally:
        state.settings = normal


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/buat-laporan",
        "/buat-laporan?lang=en",
        "/lacak",
        "/lacak?nomor=x",
        "/lacak/MMK-2611-AAAAA",
        "/publik",
        "/tidak-ada",
    ],
)
def test_every_page_carries_the_safety_headers(web, path):
    r = web.get(path)
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert "<script>" not in r.text and " style=" not in r.text and " on" + "click" not in r.text


def test_a_post_over_the_body_limit_gets_a_page_with_the_next_step(world, web):
    limit = world.settings.max_attachment_bytes
    r = web.post(
        "/buat-laporan",
        content=b"x" * (limit + 1),
        headers={"content-type": "multipart/form-data; boundary=zz"},
    )
    assert r.status_code == 413
    assert r.headers["content-type"].startswith("text/html")
    assert "Tekan tombol Kembali" in r.text and "Back" in r.text
    assert "unsafe-inline" not in r.headers["content-security-policy"]


def test_photo_bytes_per_address_are_limited_so_one_address_cannot_use_up_the_quota(world, web):
    state = world.client.app.state
    normal = state.settings
    state.settings = dataclasses.replace(normal, web_photo_bytes_per_address_per_hour=len(jpeg()))
    try:
        page = open_form(web, world)
        photo = [("photos", ("a.jpg", jpeg(), "image/jpeg"))]
        assert web.post("/buat-laporan", data=fill(page, body=BODY), files=photo).status_code == 200
        before = _count(world)
        page = open_form(web, world)
        r = web.post("/buat-laporan", data=fill(page, body=BODY, address="Pasar"), files=photo)
        assert r.status_code == 422 and "Terlalu banyak foto" in r.text
        assert 'value="Pasar"' in r.text and _count(world) == before
        # without the photo the report goes through
        assert web.post("/buat-laporan", data=fill(page, body=BODY)).status_code == 200
    finally:
        state.settings = normal


def test_too_many_photos_or_an_unreadable_post_get_a_page_not_json(world, web):
    before = _count(world)
    page = open_form(web, world)
    seven = [("photos", (f"{n}.jpg", jpeg(), "image/jpeg")) for n in range(7)]
    r = web.post("/buat-laporan", data=fill(page, body=BODY, address="Pasar"), files=seven)
    assert r.status_code == 422 and "Paling banyak 5 foto" in r.text and 'value="Pasar"' in r.text
    many = [("photos", (f"{n}.jpg", b"x", "image/jpeg")) for n in range(30)]
    r = web.post("/buat-laporan", data=fill(page, body=BODY), files=many)
    assert r.status_code == 400 and r.headers["content-type"].startswith("text/html")
    assert "Tekan tombol Kembali" in r.text
    broken = web.post(
        "/lacak/MMK-2611-AAAAA",
        content=b'--zz\r\nContent-Disposition: form-data; name="kode"\r\n\r\nx',
        headers={"content-type": "multipart/form-data; boundary=zz"},
    )
    assert broken.status_code in (400, 403) and broken.headers["content-type"].startswith(
        "text/html"
    )
    assert _count(world) == before
