"""The browser-test machinery itself: Debian's Chromium over real HTTPS, trusting only the test
server's key, and a missing Chromium failing (not skipping) a CI run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.browser import find_chromium, horizontal_overflow, launch
from tests.support.servers import RunningServer, make_tls, start_server


@pytest.fixture(scope="module")
def srv(tmp_path_factory, browser_tls) -> Iterator[RunningServer]:
    base = tmp_path_factory.mktemp("infra")
    s = start_server(f"sqlite:///{base / 'lapor.sqlite3'}", base / "server", tls=browser_tls)
    try:
        yield s
    finally:
        s.stop()


def test_chromium_reaches_the_server_over_https_and_trusts_only_its_key(
    page, srv, _playwright, chromium_executable, tmp_path
):
    answer = page.goto(f"{srv.url}/lapor/MMK-0000-TIDAKADA")
    assert answer is not None and answer.status == 404
    assert page.locator("h1").inner_text() == "Laporan tidak ditemukan"
    page.set_viewport_size({"width": 360, "height": 740})
    assert horizontal_overflow(page) <= 0
    # the 404 itself is logged; nothing else (a CSP violation would be)
    assert [e for e in page.console_errors if "status of 404" not in e] == []

    # A browser pinned to another key refuses the same server: the pin is what lets it in.
    other = launch(_playwright, chromium_executable, trust=make_tls(tmp_path).cert)
    try:
        stranger = other.new_page()
        with pytest.raises(Exception, match="ERR_CERT"):
            stranger.goto(f"{srv.url}/lapor/MMK-0000-TIDAKADA", timeout=20_000)
    finally:
        other.close()


def test_a_missing_chromium_fails_a_ci_run_and_skips_elsewhere(monkeypatch, tmp_path):
    from tests.browser.conftest import require_chromium

    monkeypatch.setenv("LAPOR_TEST_CHROMIUM", str(tmp_path / "no-chromium-here"))
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="Chromium not found"):
        require_chromium()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="Chromium not found"):
        require_chromium()
    monkeypatch.delenv("LAPOR_TEST_CHROMIUM")
    assert require_chromium() == find_chromium()  # the real one, here
