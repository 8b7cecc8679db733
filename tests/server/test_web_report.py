"""Akai Meno's report form end to end without script: plain multipart POSTs against the real app
and database; the report arrives through the intake and the desk feed shows it."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from lapor_server.models import Report
from tests.server.web_support import browser, fill, jpeg, open_form


@pytest.fixture
def web(world):
    return browser(world)


def _count(world) -> int:
    with world.db.read() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(Report))


def _web_reports(world, who: str = "koor") -> list[dict]:
    items, _ = world.feed_all(who)
    latest = {}
    for it in items:
        if it["type"] == "report" and it["report"]["channel"] == "akai_meno":
            latest[it["report"]["id"]] = it["report"]
    return list(latest.values())


def test_a_report_without_script_reaches_the_coordinators_desk(world, web):
    page = open_form(web, world)
    data = fill(
        page,
        body="Lampu jalan di depan SD Inpres mati sejak seminggu.\nGelap sekali malam hari.",
        classification="pengaduan",
        incident_date="2026-11-01",
        address="Jl. Budi Utomo",
        name="Yakob Beanal",
        phone="0812 3456",
    )
    r = web.post(
        "/buat-laporan", data=data, files=[("photos", ("IMG_9.jpg", jpeg(), "image/jpeg"))]
    )
    assert r.status_code == 200, r.text
    assert "MMK-" in r.text and "rpt_" in r.text
    [snap] = _web_reports(world)
    assert snap["status"] == "unverified"
    assert snap["title"] == "Lampu jalan di depan SD Inpres mati sejak seminggu."
    assert snap["reporter"]["name"] == "Yakob Beanal"
    assert [a["filename"] for a in snap["attachments"]] == ["foto-1.jpg"]


def _report_count_after(world, web, data, files=None, times=1):
    answers = [web.post("/buat-laporan", data=data, files=files) for _ in range(times)]
    return answers, _count(world)


def test_a_retry_of_the_same_form_makes_one_report(world, web):
    before = _count(world)
    page = open_form(web, world)
    data = fill(page, body="Jembatan kayu di Kampung Nayaro patah.", anonim="1")
    first = web.post(
        "/buat-laporan", data=data, files=[("photos", ("a.jpg", jpeg(), "image/jpeg"))]
    )
    # the answer was lost on a cut link: the browser sends the very same form again
    again = web.post(
        "/buat-laporan", data=data, files=[("photos", ("a.jpg", jpeg(), "image/jpeg"))]
    )
    assert first.status_code == again.status_code == 200, again.text[again.text.find("errors") :][
        :600
    ]
    assert _count(world) == before + 1
    tid = lambda r: r.text.split('id="nomor">')[1].split("<")[0]  # noqa: E731
    assert tid(first) == tid(again)
    # a new form instance is a new report
    page = open_form(web, world)
    assert web.post("/buat-laporan", data=fill(page, body="Laporan kedua.")).status_code == 200
    assert _count(world) == before + 2


def test_form_page_weighs_under_60_kB_compressed_with_its_assets(world, web):
    import re

    gz = {"Accept-Encoding": "gzip"}
    page = web.get("/buat-laporan", headers=gz)
    assert page.headers["content-encoding"] == "gzip"
    total = int(page.headers["content-length"])
    links = re.findall(r'(?:href|src|data-src)="(/aset/[^"]+)"', page.text)
    assert {link.split("?")[0] for link in links} >= {"/aset/akai.css", "/aset/akai.js"}
    for link in set(links):
        r = web.get(link, headers=gz)
        assert r.status_code == 200, link
        total += int(r.headers["content-length"])
    assert total < 60_000, total
