"""Debian's Chromium, driven by Playwright, for the browser tests and the screenshot script.

    path = find_chromium()                       # /usr/bin/chromium (or None)
    with sync_playwright() as pw:
        browser = launch(pw, path, trust=srv.tls.cert)
        page = browser.new_page(viewport={"width": 360, "height": 740})

No browser is ever downloaded: Playwright launches the distribution's chromium by its path
(`tools/system-deps.sh` installs it). Every launch gets a fresh temporary profile (Playwright's
own user-data-dir, removed at close) and the flags below, which keep Chromium from calling
anything but the server under test. The test server's certificate is trusted by pinning its
public key (`--ignore-certificate-errors-spki-list`): Chromium accepts that key and nothing else,
so a wrong certificate still fails, unlike a blanket `ignore_https_errors`.
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
from pathlib import Path
from typing import Any

#: where distributions put Chromium; `LAPOR_TEST_CHROMIUM` overrides
CANDIDATES = ("chromium", "chromium-browser", "/usr/lib/chromium/chromium")

FLAGS = (
    "--headless",
    "--no-sandbox",  # tests often run as root in containers, where the sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",  # small /dev/shm in containers
)


def find_chromium() -> str | None:
    """The Chromium executable to launch, or None when it is not installed."""
    override = os.environ.get("LAPOR_TEST_CHROMIUM")
    if override:
        return override if os.access(override, os.X_OK) else None
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def spki_sha256(cert_pem: Path) -> str:
    """Base64 SHA-256 of the certificate's SubjectPublicKeyInfo (Chromium's SPKI pin format)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    cert = x509.load_pem_x509_certificate(Path(cert_pem).read_bytes())
    der = cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return base64.b64encode(hashlib.sha256(der).digest()).decode()


def launch(playwright: Any, executable: str, *, trust: Path | None = None, **kw: Any) -> Any:
    """A headless Chromium browser (Playwright `Browser`) from `executable`.

    `trust`: the server certificate (PEM) whose key Chromium accepts over HTTPS.
    """
    args = list(FLAGS)
    if trust is not None:
        args.append(f"--ignore-certificate-errors-spki-list={spki_sha256(trust)}")
    return playwright.chromium.launch(
        executable_path=executable, headless=True, args=args, timeout=60_000, **kw
    )


def horizontal_overflow(page: Any) -> int:
    """How many CSS pixels the page is wider than its viewport (0: no horizontal scroll)."""
    return page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth"
    )
