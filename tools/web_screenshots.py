"""Screenshots of Akai Meno's pages in Debian's Chromium at 360 px (a cheap phone) and 1280 px
(a desktop) wide, into docs/screenshots/akai-<page>-<width>.png.

    .venv/bin/python tools/web_screenshots.py [--out docs/screenshots] [--reports 80]

It reuses the test machinery (tests/support): a real HTTPS server on loopback with the Mimika
reference data and generated reports, the browser launched by path (no download), a citizen who
files a report through the form with a photo, a coordinator and an officer who screen, dispatch
and answer it (the officer through the desk's real sync), and the citizen's reply. Pages: home,
report form, confirmation, tracking page with the conversation (the reporter's view, opened with
the follow-up code, and what anyone sees), public list and map.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.e2e.world import AGENCY, World  # noqa: E402
from tests.support.akai import (  # noqa: E402
    Citizen,
    confirmation,
    fill_report,
    phone_photo,
    reply,
    start_akai_server,
)
from tests.support.browser import find_chromium, horizontal_overflow, launch  # noqa: E402
from tests.support.servers import make_tls  # noqa: E402

WIDTHS = (360, 1280)
HEIGHT = {360: 760, 1280: 900}
#: what looked wrong (a page wider than the screen): the script exits 1 when there is any
PROBLEMS: list[str] = []
#: the public list (20 reports a page) is cut at this height (CSS px)
PUBLIC_CUT = 2600
STORY = Citizen(
    body=(
        "Puskesmas Timika Jaya kehabisan obat malaria sejak Senin. Pasien yang datang hanya "
        "diberi resep untuk dibeli di apotek, padahal banyak yang tidak mampu membelinya."
    ),
    title="Obat malaria habis di Puskesmas Timika Jaya",
    category="kesehatan",
    district="mimika_baru",
    address="Puskesmas Timika Jaya, Jl. Cenderawasih",
    anonim=True,
    name="Warga Timika Jaya",
)
ANSWER = (
    "Terima kasih atas laporannya. Stok obat malaria sudah dikirim dari gudang farmasi ke "
    "Puskesmas Timika Jaya hari ini dan dapat diberikan lagi mulai besok pagi."
)
REPLY = "Terima kasih. Apakah Puskesmas Kwamki Baru juga sudah mendapat kiriman?"


def shoot(page, out: Path, name: str, width: int, *, cut: int | None = None) -> Path:
    page.set_viewport_size({"width": width, "height": HEIGHT[width]})
    path = out / f"akai-{name}-{width}.png"
    full = page.evaluate("() => document.documentElement.scrollHeight")
    if cut and full > cut:  # the long public list: its top (filters, map, first reports)
        clip = {"x": 0, "y": 0, "width": width, "height": cut}
        page.screenshot(path=str(path), full_page=True, clip=clip)
    else:
        page.screenshot(path=str(path), full_page=True)
    overflow = horizontal_overflow(page)
    note = ""
    if overflow > 0:
        note = f"  (!) {overflow}px horizontal scroll"
        PROBLEMS.append(f"{path.name}: {overflow}px horizontal scroll")
    print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}{note}")
    return path


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    p.add_argument("--reports", type=int, default=80, help="generated reports for the list/map")
    args = p.parse_args(argv)
    chromium = find_chromium()
    if chromium is None:
        print(
            "Chromium not found: apt-get install chromium (tools/system-deps.sh)", file=sys.stderr
        )
        return 2
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="akai-shots-") as tmp_name:
        tmp = Path(tmp_name)
        tls = make_tls(tmp)
        srv = start_akai_server(tmp, tls)
        try:
            world = World(srv, tmp)
            srv.admin.seed(reports=args.reports, seed=14)
            photo = phone_photo(tmp / "foto-puskesmas.jpg")
            with sync_playwright() as pw:
                browser = launch(pw, chromium, trust=tls.cert)
                context = browser.new_context(locale="id-ID")
                page = context.new_page()
                for width in WIDTHS:
                    page.set_viewport_size({"width": width, "height": HEIGHT[width]})
                    page.goto(f"{srv.url}/")
                    shoot(page, args.out, "home", width)
                    page.goto(f"{srv.url}/buat-laporan")
                    shoot(page, args.out, "form", width)
                # One report through the form, screened, dispatched and answered over the desk's
                # real sync, then the citizen's reply: the tracking page shows a conversation.
                page.set_viewport_size({"width": 1280, "height": 900})
                page.goto(f"{srv.url}/buat-laporan")
                fill_report(page, STORY, photo=photo)
                page.click("form#f-form button[type=submit]")
                tracking_id, code = confirmation(page)
                for width in WIDTHS:
                    shoot(page, args.out, "confirmation", width)
                [(rid,)] = world.sql("SELECT id FROM reports WHERE tracking_id = :t", t=tracking_id)
                assert world.coord("verify", rid, {}).outcome == "applied"
                assert world.coord("dispatch", rid, {"agency_code": AGENCY}).outcome == "applied"
                officer = world.desk("budi", name="officer")
                try:
                    officer.sync()
                    officer.respond(rid, ANSWER, final=True)
                    officer.sync()
                finally:
                    officer.close()
                reply(page, srv.url, tracking_id, code, REPLY)
                for width in WIDTHS:  # the reporter's view, opened with the follow-up code
                    shoot(page, args.out, "tracking", width)
                for width in WIDTHS:
                    page.set_viewport_size({"width": width, "height": HEIGHT[width]})
                    page.goto(f"{srv.url}/lacak/{tracking_id}")
                    shoot(page, args.out, "tracking-public", width)
                    page.goto(f"{srv.url}/publik")
                    shoot(page, args.out, "public", width, cut=PUBLIC_CUT)
                browser.close()
        finally:
            srv.stop()
    for problem in PROBLEMS:
        print(f"problem: {problem}", file=sys.stderr)
    return 1 if PROBLEMS else 0


if __name__ == "__main__":
    raise SystemExit(main())
