"""Akai Meno's public view `/publik` against the real app and database: exactly the reports Open311
lists (never secret, never unverified), the per-distrik counts equal to Open311's list, filters
and pages that work without script, and no reporter data anywhere on the page."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from fastapi.testclient import TestClient

from lapor_server.web import public
from tests.server.conftest import CANARY_EMAIL, CANARY_NAME, CANARY_PHONE, make_op

SECRET_TEXT = "RAHASIA-ZQX laporan pungli di kantor distrik"
UNVERIFIED_TEXT = "BELUM-DIVERIFIKASI-ZQX"
IDS = re.compile(r'href="/lacak/(MMK-[^"?]+)')


@pytest.fixture
def web(world) -> TestClient:
    return TestClient(
        world.client.app, base_url="https://testserver", raise_server_exceptions=False
    )


def _tracking(world, report_id: str) -> str:
    with world.db.read() as s:
        from lapor_server.models import Report

        return s.get(Report, report_id).tracking_id


def _all_listed(web, query: str = "") -> list[str]:
    """Every tracking id the public list shows for `query`, page after page."""
    found: list[str] = []
    page = 1
    while True:
        sep = "&" if query else ""
        html = web.get(f"/publik?{query}{sep}hal={page}").text
        ids = IDS.findall(html)
        found += ids
        if 'rel="next"' not in html:
            return found
        page += 1


def _open311_ids(world, **params: str) -> list[str]:
    r = world.client.get("/open311/v2/requests.json", params=params)
    assert r.status_code == 200, r.text
    return [x["service_request_id"] for x in r.json()]


@pytest.fixture
def reports(world):
    """A small mixed population: states, two distrik, one secret, one anonymous canary."""
    made = {
        "open_mb": [world.report("dispatched") for _ in range(3)],
        "done_mb": [world.report("completed")],
        "open_kk": [
            world.report("in_progress", district_code="kuala_kencana", category_code="kesehatan")
        ],
        "anon": [
            world.report(
                "dispatched",
                is_anonymous=True,
                reporter_name=CANARY_NAME,
                reporter_phone=CANARY_PHONE,
                reporter_email=CANARY_EMAIL,
            )
        ],
        "secret": [world.report("dispatched", is_secret=True, body=SECRET_TEXT)],
        "unverified": [world.report("unverified", body=UNVERIFIED_TEXT)],
        "spam": [world.report("archived")],
    }
    return {k: [_tracking(world, rid) for rid in v] for k, v in made.items()}


def test_the_list_is_exactly_what_open311_lists_and_counts_match(web, world, reports):
    listed = _all_listed(web)
    assert sorted(listed) == sorted(_open311_ids(world))
    assert len(listed) == len(set(listed)) == 6  # 3 + 1 + 1 + anonymous; no secret, no unverified
    for hidden in (*reports["secret"], *reports["unverified"], *reports["spam"]):
        assert hidden not in listed
    html = web.get("/publik").text
    assert SECRET_TEXT not in html and UNVERIFIED_TEXT not in html

    # Per-distrik counts: the table's figures equal Open311's list counted by the report's distrik.
    with world.db.read() as s:
        from lapor_server.models import Report

        distrik = dict(s.query(Report.tracking_id, Report.district_code).all())
    expected = Counter(distrik[t] for t in _open311_ids(world))
    table = dict(re.findall(r'distrik=([a-z_]+)"[^>]*>[^<]+</a></th><td class="num">(\d+)<', html))
    assert {k: int(v) for k, v in table.items() if int(v)} == dict(expected)
    assert len(table) == 18  # every distrik of Mimika, with 0 where none
    assert re.search(r'<tfoot><tr><th scope="row">Jumlah</th><td class="num">6<', html)


def test_filters_pages_and_open311_agree(web, world, reports, monkeypatch):
    assert sorted(_all_listed(web, "status=terbuka")) == sorted(_open311_ids(world, status="open"))
    assert sorted(_all_listed(web, "status=selesai")) == sorted(
        _open311_ids(world, status="closed")
    )
    assert _all_listed(web, "distrik=kuala_kencana") == reports["open_kk"]
    assert _all_listed(web, "kategori=kesehatan") == reports["open_kk"]
    # the counts follow the status filter, not the distrik one (the map shows every distrik)
    html = web.get("/publik?status=selesai&distrik=kuala_kencana").text
    assert re.search(r'distrik=mimika_baru"[^>]*>Mimika Baru</a></th><td class="num">1<', html)
    # unknown values are ignored, never an error page
    r = web.get("/publik?status=%3Cscript%3E&distrik=atlantis&kategori=x&hal=-4")
    assert r.status_code == 200 and "<script>" not in r.text
    assert sorted(IDS.findall(r.text)) == sorted(_open311_ids(world))
    # pages: two per page here; newest first, nothing repeated, nothing lost
    monkeypatch.setattr(public, "PAGE_SIZE", 2)
    paged = _all_listed(web)
    assert sorted(paged) == sorted(_open311_ids(world)) and len(paged) == 6
    third = web.get("/publik?hal=3").text
    assert "Halaman 3 dari 3" in third and 'rel="next"' not in third and 'rel="prev"' in third
    assert 'href="/publik?hal=2"' in third
    beyond = web.get("/publik?hal=99")
    assert beyond.status_code == 200 and not IDS.findall(beyond.text)


def test_no_reporter_data_and_the_safety_headers(web, world, reports):
    pages = [web.get("/publik"), web.get("/publik?lang=en"), web.get("/publik?status=terbuka")]
    for r in pages:
        assert r.status_code == 200
        assert "script-src 'self'" in r.headers["content-security-policy"]
        for canary in (CANARY_NAME, CANARY_PHONE, CANARY_EMAIL, "Maria Beanal", "0812-1111-2222"):
            assert canary not in r.text
        assert "maria@example.org" not in r.text
        assert "<script>" not in r.text and "style=" not in r.text  # nothing inline (CSP)
    assert reports["anon"][0] in pages[0].text  # the anonymous report itself is listed
    en = pages[1].text
    assert '<html lang="en">' in en and "Public reports" in en and "Not yet acted on" in en
    assert 'href="/publik?distrik=mimika_baru&amp;lang=en"' in en  # the language travels


def test_the_map_draws_every_distrik_as_a_link_and_shades_by_count(web, world, reports):
    html = web.get("/publik").text
    svg = html[html.index("<svg") : html.index("</svg>")]
    paths = re.findall(r'<a href="([^"]+)" tabindex="-1"><path class="(lv\d)[^"]*" d="M', svg)
    assert len(paths) == 18
    shade = {href.split("distrik=")[1]: lv for href, lv in paths}
    assert shade["mimika_baru"] == "lv4"  # the busiest
    assert shade["kuala_kencana"] in {"lv1", "lv2"} and shade["agimuga"] == "lv0"
    # the figures are in the table for screen readers; the drawing is hidden from them
    assert 'aria-hidden="true"' in svg[:200]


def test_the_page_stays_small_on_the_wire(web, world, reports):
    r = web.get("/publik", headers={"Accept-Encoding": "gzip"})
    assert r.headers.get("content-encoding") == "gzip"
    assert int(r.headers.get("content-length", len(r.content))) < 60_000


def test_reports_without_a_distrik_are_counted_and_redacted_text_is_what_shows(web, world):
    placed = world.report("dispatched")
    unplaced = world.report("dispatched", district_code=None, body="Tanpa distrik disebut.")
    original = "Saya Yakobus Kogoya di Jl. Cendrawasih 12 melihat lampu jalan mati."
    redacted = world.report("dispatched", body=original)
    res = world.op1("koor", make_op("redact", redacted, {"body": "Lampu jalan mati."}))
    assert res["outcome"] == "applied", res
    html = web.get("/publik").text
    assert re.search(r'Distrik tidak disebut</th><td class="num">1<', html)
    assert re.search(r'<tfoot><tr><th scope="row">Jumlah</th><td class="num">3<', html)
    assert "3 laporan ditemukan" in html
    assert _tracking(world, unplaced) in html and _tracking(world, placed) in html
    # the coordinator's public text, never the original (the same rule as Open311)
    assert "Lampu jalan mati." in html and "Kogoya" not in html and "Cendrawasih" not in html


def test_repeated_views_are_answered_from_memory_until_a_report_changes(web, world, monkeypatch):
    """The public page needs no account: a flood of views must not each scan every report, and a
    change of any report must show at once."""
    from lapor_server.web import public

    passes = []
    real = public.district_counts
    monkeypatch.setattr(public, "district_counts", lambda db, f: passes.append(f) or real(db, f))
    first = web.get("/publik")
    for _ in range(5):
        assert web.get("/publik").text == first.text
    assert len(passes) == 1
    tid = _tracking(world, world.report("dispatched"))
    fresh = web.get("/publik")
    assert len(passes) == 2 and tid in fresh.text
