"""A citizen in Chromium on Akai Meno (lapor_server/web): the steps the browser tests and the
screenshot script (tools/web_screenshots.py) share. Fields are found by their labels' ids, as a
screen reader finds them; the human check is answered by reading its question, as a person does.

    start_akai_server(...)                     # a real HTTPS server for the browser tests
    phone_photo(path)                          # a ~6 MB camera-sized JPEG
    tid, code = file_report(page, url, Citizen(...), photo=path)
    reply(page, url, tid, code, "…"); rate(page, url, tid, code, 4, "…")
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support.servers import RunningServer, TlsFiles, start_server

#: the server settings a browser test needs: no minimum fill time (a robot check that would
#: only make each test wait), everything else as in production
TEST_ENV = {"LAPOR_SERVER_WEB_MIN_FILL_SECONDS": "0"}
#: wait for a photo's downscaling and for the confirmation (ms): shrinking a 12-megapixel photo
#: in the browser can take a while on a loaded 2-core test machine
SEND_TIMEOUT_MS = 90_000


def start_akai_server(workdir: Path, tls: TlsFiles, **kw: Any) -> RunningServer:
    env = {**TEST_ENV, **kw.pop("env", {})}
    return start_server(
        f"sqlite:///{workdir / 'lapor.sqlite3'}", workdir / "server", tls=tls, env=env, **kw
    )


def phone_photo(path: Path, *, size: tuple[int, int] = (4000, 3000), quality: int = 96) -> Path:
    """A JPEG like a phone camera's: 12 megapixels, textured, about 6 MB."""
    from PIL import Image

    w, h = size
    coarse = Image.frombytes("RGB", (w // 8, h // 8), os.urandom((w // 8) * (h // 8) * 3))
    image = coarse.resize((w, h), Image.Resampling.BICUBIC)
    grain = Image.frombytes("L", (w, h), os.urandom(w * h)).point(lambda v: 100 + v // 5)
    image = Image.merge("RGB", [Image.blend(c, grain, 0.15) for c in image.split()])
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=quality)
    path.write_bytes(buf.getvalue())
    return path


@dataclass(frozen=True, slots=True)
class Citizen:
    body: str
    name: str = ""
    phone: str = ""
    email: str = ""
    anonim: bool = False
    rahasia: bool = False
    category: str = "kesehatan"
    district: str = "mimika_baru"
    village: str = ""
    address: str = ""
    title: str = ""


def answer_human_check(page: Any) -> None:
    """Read the sum in the question's label and type its result."""
    question = page.locator("label[for=f-answer-input]").inner_text()
    a, b = (int(n) for n in re.findall(r"\d+", question)[:2])
    page.fill("#f-answer-input", str(a + b))


def fill_report(page: Any, who: Citizen, *, photo: Path | None = None) -> None:
    """Fill the open report form (/buat-laporan) as `who`."""
    page.fill("#f-body", who.body)
    if who.title:
        page.fill("#f-title", who.title)
    page.select_option("#f-category", who.category)
    page.select_option("#f-district", who.district)
    if who.village:
        page.select_option("#f-village", who.village)
    if who.address:
        page.fill("#f-address", who.address)
    if photo is not None:
        # With script on the browser downscales it now; a citizen may press "Kirim" at once:
        # the page sends as soon as the photo is ready (no wait here, so the tests guard that).
        page.set_input_files("#f-photo-input", str(photo))
    if who.anonim:
        page.check("input[name=anonim]")
    if who.rahasia:
        page.check("input[name=rahasia]")
    if who.name:
        page.fill("#f-name", who.name)
    if who.phone:
        page.fill("#f-phone", who.phone)
    if who.email:
        page.fill("#f-email", who.email)
    answer_human_check(page)


def confirmation(page: Any) -> tuple[str, str]:
    """(tracking id, follow-up code) from the confirmation page."""
    page.wait_for_selector("#nomor", timeout=SEND_TIMEOUT_MS)
    return page.inner_text("#nomor").strip(), page.inner_text("#kode").strip()


def file_report(
    page: Any, base_url: str, who: Citizen, *, photo: Path | None = None, lang: str = ""
) -> tuple[str, str]:
    """Open the form, fill it, send it; returns (tracking id, follow-up code)."""
    page.goto(f"{base_url}/buat-laporan" + (f"?lang={lang}" if lang else ""))
    fill_report(page, who, photo=photo)
    page.click("form#f-form button[type=submit]")
    return confirmation(page)


def open_private(page: Any, base_url: str, tracking_id: str, code: str) -> None:
    """The tracking page opened with the follow-up code (typed into its form: never in a URL)."""
    page.goto(f"{base_url}/lacak/{tracking_id}")
    page.fill("#f-kode", code)
    with page.expect_navigation():
        page.click("form:has(#f-kode) button[type=submit]")
    if page.locator("#f-kode").count():
        raise AssertionError(
            f"the follow-up code did not open {tracking_id}: {page.inner_text('main')}"
        )


def reply(page: Any, base_url: str, tracking_id: str, code: str, text: str) -> None:
    """On the tracking page: the reporter's reply, with the follow-up code."""
    open_private(page, base_url, tracking_id, code)
    page.fill("#f-teks", text)
    with page.expect_navigation():
        page.click("form.reply button[type=submit]")


def rate(page: Any, base_url: str, tracking_id: str, code: str, stars: int, comment: str) -> None:
    """On the tracking page: the rating of the final answer, with the follow-up code."""
    open_private(page, base_url, tracking_id, code)
    page.check(f"form.rate input[name=skor][value='{stars}']")
    page.fill("#f-komentar", comment)
    with page.expect_navigation():
        page.click("form.rate button[type=submit]")
