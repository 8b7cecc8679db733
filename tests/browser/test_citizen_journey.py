"""Must-show of issue 14 in a real browser: a citizen files an anonymous report with a phone photo
on Akai Meno in Debian's Chromium over HTTPS, follows it on the tracking page, an officer answers
through the desk's real sync (screening → dispatch → OPD answer), the answer appears on the
tracking page, the citizen replies with the follow-up code (the report re-opens in the officer's
queue at the next sync) and rates the final answer. The anonymous reporter's name is in no page,
no Open311 output, no desk store. Also: the form without JavaScript, by keyboard only, and every
page at 360 px without horizontal scroll."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from lapor_desk.services.queue import QueueFilter, QueueService, QueueView
from tests.e2e.world import AGENCY, World
from tests.support.akai import (
    Citizen,
    confirmation,
    file_report,
    phone_photo,
    rate,
    reply,
    start_akai_server,
)
from tests.support.browser import horizontal_overflow

NAME = "Kanari Anonim Yowa"  # the anonymous reporter: must never leave the server
PHONE = "0813-4444-0199"
BODY = (
    "Air bersih di Kampung Kwamki tidak mengalir sejak hari Senin. Warga terpaksa membeli air "
    "galon untuk minum dan memasak."
)
ANSWER = "Pipa utama yang bocor sudah diganti; air mengalir lagi sejak tadi pagi."
REPLY = "Air sudah mengalir, tetapi di ujung kampung tekanannya masih lemah."
SECOND = "Tekanan di ujung kampung sudah dinaikkan; mohon kabari bila masih lemah."
RATING_COMMENT = "Cepat ditangani, terima kasih."
MAX_ARRIVAL_BYTES = 400 * 1024


@pytest.fixture(scope="module")
def world(tmp_path_factory, browser_tls) -> Iterator[World]:
    base = tmp_path_factory.mktemp("akai")
    srv = start_akai_server(base, browser_tls)
    try:
        yield World(srv, base)
    finally:
        srv.stop()


def _no_scroll_at_360(page) -> None:
    width = page.viewport_size["width"]
    page.set_viewport_size({"width": 360, "height": 740})
    assert horizontal_overflow(page) <= 0, f"{page.url} scrolls sideways at 360 px"
    page.set_viewport_size({"width": width, "height": 900})


def _store_text(desk) -> str:
    """Every value of every table of a desk's store (read through SQLCipher, so the check sees
    the plain values, not the encrypted file)."""
    parts: list[str] = []
    with desk.store.read_conn() as conn:
        tables = [
            r[0]
            for r in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        for table in tables:
            parts += [repr(tuple(row)) for row in conn.exec_driver_sql(f'SELECT * FROM "{table}"')]
    return "\n".join(parts)


def _arrived_photo_sizes(world: World, tracking_id: str) -> list[int]:
    rows = world.sql(
        "SELECT a.size FROM report_attachments ra JOIN attachments a ON a.sha256 = ra.sha256 "
        "JOIN reports r ON r.id = ra.report_id WHERE r.tracking_id = :t",
        t=tracking_id,
    )
    return [size for (size,) in rows]


def test_an_anonymous_report_from_the_browser_is_answered_replied_to_and_rated(
    page, world: World, tmp_path: Path
):
    srv = world.srv
    photo = phone_photo(tmp_path / "IMG_20261204_0815.jpg")
    assert photo.stat().st_size > 4_000_000  # a phone camera's photo, before the browser
    seen: list[str] = []  # every page the citizen saw

    page.goto(f"{srv.url}/")
    seen.append(page.content())
    _no_scroll_at_360(page)
    page.goto(f"{srv.url}/buat-laporan")
    _no_scroll_at_360(page)
    citizen = Citizen(body=BODY, name=NAME, phone=PHONE, anonim=True, district="kwamki_narama")
    tid, code = file_report(page, srv.url, citizen, photo=photo)
    seen.append(page.content())
    _no_scroll_at_360(page)
    assert tid.startswith("MMK-") and code and code not in page.url
    sizes = _arrived_photo_sizes(world, tid)
    assert len(sizes) == 1 and 0 < sizes[0] <= MAX_ARRIVAL_BYTES, sizes  # downscaled in the browser
    [(rid, anonymous)] = world.sql(
        "SELECT id, is_anonymous FROM reports WHERE tracking_id = :t", t=tid
    )
    assert anonymous

    page.goto(f"{srv.url}/lacak/{tid}")
    seen.append(page.content())
    _no_scroll_at_360(page)

    # Screening and dispatch on the coordinator's desk, the answer on the officer's: real syncs.
    coord = world.desk("koord", name="coordinator")
    officer = world.desk("budi", name="officer")
    try:
        coord.sync()
        coord.actions.verify(rid)
        coord.actions.dispatch(rid, AGENCY)
        coord.sync()
        page.goto(f"{srv.url}/publik")
        assert tid in page.inner_text("main")  # verified and not secret: public now
        officer.sync()
        officer.respond(rid, ANSWER, final=True)
        officer.sync()

        page.goto(f"{srv.url}/lacak/{tid}")
        assert ANSWER in page.inner_text("main")
        seen.append(page.content())

        # The reply with the follow-up code re-opens the report in the officer's queue.
        reply(page, srv.url, tid, code, REPLY)
        assert REPLY in page.inner_text("main")
        seen.append(page.content())
        _no_scroll_at_360(page)  # the reporter's own view, with its forms
        officer.sync()
        follow_up = QueueService(officer.store).keys(QueueFilter(view=QueueView.FOLLOW_UP))
        assert rid in follow_up
        [(status,)] = officer.q("SELECT status FROM reports WHERE id = ?", rid)
        assert status == "in_progress"

        officer.respond(rid, SECOND, final=True)
        officer.sync()
        rate(page, srv.url, tid, code, 5, RATING_COMMENT)
        seen.append(page.content())
        assert RATING_COMMENT in page.inner_text("main")  # the reporter's own view, with the code
        ratings = world.sql(
            "SELECT u.rating FROM public_updates u JOIN reports r ON r.id = u.report_id "
            "WHERE r.tracking_id = :t AND u.rating IS NOT NULL",
            t=tid,
        )
        assert ratings == [(5,)]
        page.goto(f"{srv.url}/lacak/{tid}")
        text = page.inner_text("main")
        assert SECOND in text and REPLY not in text  # the public sees the answers, not the reply
        seen.append(page.content())
        page.goto(f"{srv.url}/publik")
        seen.append(page.content())
        _no_scroll_at_360(page)
        coord.sync()
        officer.sync()

        # The anonymous reporter's name and phone: in no page, no Open311 output, no desk store.
        with srv.client() as public:
            outputs = [
                public.get(f"/open311/v2/requests/{tid}.json").text,
                public.get(f"/open311/v2/requests/{tid}.xml").text,
                public.get("/open311/v2/requests.json").text,
                public.get(
                    "/open311/v2/servicerequestupdates.json", params={"service_request_id": tid}
                ).text,
            ]
        assert BODY[:40] in outputs[0]  # the report itself is public
        for where, text in [
            *(("page", html) for html in seen),
            *(("open311", out) for out in outputs),
            ("coordinator's desk", _store_text(coord)),
            ("officer's desk", _store_text(officer)),
            ("server log", srv.log()),
        ]:
            assert NAME not in text and PHONE not in text, where
    finally:
        coord.close()
        officer.close()
    assert page.console_errors == []  # no CSP violation, no script error


def test_the_form_works_with_javascript_off(browser, world: World, tmp_path: Path):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        photo = phone_photo(tmp_path / "kecil.jpg", size=(1200, 900), quality=85)
        who = Citizen(body="Jembatan kayu di Kampung Nayaro rusak, papan lantainya patah dua.")
        tid, code = file_report(page, world.srv.url, who, photo=photo)
        assert tid.startswith("MMK-") and code
        assert _arrived_photo_sizes(world, tid) == [photo.stat().st_size]  # sent as it was
        assert horizontal_overflow(page) <= 0
    finally:
        context.close()


def test_the_form_can_be_filled_and_sent_by_keyboard_alone(page, world: World):
    page.goto(f"{world.srv.url}/buat-laporan")
    focused: list[str] = []

    def tab_to(selector: str, limit: int = 60) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            here = page.evaluate(
                "() => { const e = document.activeElement;"
                " return e ? (e.id || e.name || e.tagName) : '' }"
            )
            focused.append(here)
            if page.evaluate("s => document.activeElement.matches(s)", selector):
                outline = page.evaluate(
                    "() => getComputedStyle(document.activeElement).outlineStyle"
                )
                assert outline != "none", f"{selector} shows no focus outline"
                return
        raise AssertionError(f"Tab never reached {selector}; focus went {focused}")

    tab_to("#f-body")
    page.keyboard.type("Sampah menumpuk di pinggir Jalan Hasanuddin, sudah tiga minggu.")
    tab_to("#f-category")
    page.keyboard.press("ArrowDown")  # the first category
    tab_to("#f-district")
    page.keyboard.press("ArrowDown")
    tab_to("input[name=anonim]")
    page.keyboard.press("Space")
    assert page.is_checked("input[name=anonim]")
    tab_to("#f-answer-input")
    question = page.inner_text("label[for=f-answer-input]")
    a, b = (int(n) for n in re.findall(r"\d+", question)[:2])
    page.keyboard.type(str(a + b))
    tab_to("form#f-form button[type=submit]")
    page.keyboard.press("Enter")
    tid, _code = confirmation(page)
    assert tid.startswith("MMK-")
    assert "f-hp" not in focused  # the honeypot is out of the tab order
    # the fields came in reading order
    order = [f for f in focused if f in ("f-body", "f-category", "f-district", "f-answer-input")]
    assert order == ["f-body", "f-category", "f-district", "f-answer-input"]


def test_the_public_list_filters_by_map_and_form_without_javascript(browser, world: World):
    [rid] = world.create_reports(1, title="Publik")  # verified and dispatched, in Mimika Baru
    [(tid,)] = world.sql("SELECT tracking_id FROM reports WHERE id = :r", r=rid)
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        page.goto(f"{world.srv.url}/publik")
        with page.expect_navigation():  # a distrik on the map is a plain link
            page.click("svg.choropleth a[href*='distrik=mimika_baru'] path", force=True)
        assert "distrik=mimika_baru" in page.url and tid in page.inner_text("main")
        page.select_option("#f-distrik", "agimuga")
        with page.expect_navigation():
            page.click("form.filters button[type=submit]")
        assert "distrik=agimuga" in page.url and tid not in page.inner_text("main")
        page.select_option("#f-distrik", "mimika_baru")
        with page.expect_navigation():
            page.click("form.filters button[type=submit]")
        with page.expect_navigation():
            page.click(f"a[href^='/lacak/{tid}']")
        assert tid in page.inner_text("h1")
        assert horizontal_overflow(page) <= 0
    finally:
        context.close()


def test_the_e_mail_link_opens_the_reporters_view_without_the_code_reaching_the_server(
    page, world: World
):
    """The answer e-mail links to /lacak/<id>#kode=<code>: the fragment never leaves the browser,
    the page's script posts the code in its form and drops it from the address bar."""
    who = Citizen(body="Lampu jalan di depan Pasar Sentral padam sejak tiga malam.")
    tid, code = file_report(page, world.srv.url, who)
    page.goto("about:blank")
    with page.expect_navigation():
        page.goto(f"{world.srv.url}/lacak/{tid}#kode={code}")
    page.wait_for_selector("form.reply")  # the reporter's own view: the reply form
    assert "#" not in page.url and code not in page.url
    assert page.locator("#f-kode").count() == 0
    assert code not in world.srv.log()
    assert page.console_errors == []
    page.goto("about:blank")
    page.goto(f"{world.srv.url}/lacak/{tid}#kode=rpt_palsu")
    # a forged code: the page again with the code's form and its reason
    page.wait_for_selector("#err-kode", state="attached")
    assert page.locator("#f-kode").count() == 1
    assert "#" not in page.url and page.locator("form.reply").count() == 0
    assert all("403" in e for e in page.console_errors)  # only the refused post's status
