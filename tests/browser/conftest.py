"""Browser tests: Debian's Chromium driven by Playwright against the real server over HTTPS.

Fixtures:
- `chromium_executable` (session): the path of Chromium (tests/support/browser.py); missing, the
  tests skip locally and FAIL under CI (`CI` set), like every other missing piece.
- `browser_tls` (session): one test CA and server certificate; servers of these tests use it
  (`start_server(..., tls=browser_tls)`) and the browser trusts exactly its key.
- `browser` (module): one headless Chromium per test module (a launch costs about a second).
- `page` (function): a fresh context (no cookies, no cache) and page, 1280 px wide, with short
  default timeouts; `page.console_errors` collects the page's errors (a CSP violation is one).

Every test here is marked `browser` (`-m browser` selects them, `-m "not browser"` leaves them
out) and gets a per-test timeout of 120 s unless it sets its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.browser import find_chromium, launch
from tests.support.servers import TlsFiles, make_tls

HERE = Path(__file__).parent
#: Playwright's wait for one element or navigation (ms): generous for a loaded 2-core machine
STEP_TIMEOUT_MS = 20_000


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            if item.get_closest_marker("timeout") is None:
                item.add_marker(pytest.mark.timeout(120))


def require_chromium() -> str:
    """Chromium's path, or skip (fail when `CI` is set) saying what to install."""
    from tests.conftest import unavailable

    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        unavailable("the Python package playwright is missing (dev extra: pip install playwright)")
    path = find_chromium()
    if path is None:
        unavailable(
            "Chromium not found (apt-get install chromium; tools/system-deps.sh does it, or set "
            "LAPOR_TEST_CHROMIUM to its path)"
        )
    assert path is not None
    return path


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    return require_chromium()


@pytest.fixture(scope="session")
def browser_tls(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    return make_tls(tmp_path_factory.mktemp("browser-tls"))


@pytest.fixture(scope="module")
def _playwright(chromium_executable: str) -> Iterator[object]:
    # Per module, not per session: Playwright's sync API keeps an asyncio loop running in the
    # main thread while it lives, and every later test that calls asyncio.run() would fail.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="module")
def browser(_playwright, chromium_executable: str, browser_tls: TlsFiles) -> Iterator[object]:
    b = launch(_playwright, chromium_executable, trust=browser_tls.cert)
    try:
        yield b
    finally:
        b.close()


@pytest.fixture
def page(browser) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    context.set_default_timeout(STEP_TIMEOUT_MS)
    context.set_default_navigation_timeout(STEP_TIMEOUT_MS)
    p = context.new_page()
    errors: list[str] = []

    def console(message) -> None:
        # Chromium asks every site for /favicon.ico by itself; that miss is not the page's error
        if message.type == "error" and not message.location.get("url", "").endswith("favicon.ico"):
            errors.append(f"{message.text} ({message.location.get('url', '')})")

    p.on("console", console)
    p.on("pageerror", lambda exc: errors.append(str(exc)))
    p.console_errors = errors  # type: ignore[attr-defined]
    try:
        yield p
    finally:
        context.close()
