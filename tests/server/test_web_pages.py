"""Akai Meno's frame against the real app and database: headers on every page, assets, language."""

from __future__ import annotations

import gzip

import pytest
from fastapi.testclient import TestClient

from lapor_server.web.messages import CATALOGUE


@pytest.fixture
def web(world) -> TestClient:
    """A browser-like client over https (the CSRF cookie is Secure) on the world's app."""
    return TestClient(
        world.client.app, base_url="https://testserver", raise_server_exceptions=False
    )


def _assert_safe_headers(r) -> None:
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"


def test_home_page_in_indonesian_with_the_safety_headers(web):
    r = web.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    _assert_safe_headers(r)
    assert '<html lang="id">' in r.text
    assert "Tidak perlu takut melapor" in r.text
    assert "<script>" not in r.text and "style=" not in r.text  # nothing inline
    # the CSRF cookie is the only cookie, and it is locked down
    cookies = r.headers.get_list("set-cookie")
    assert len(cookies) == 1
    cookie = cookies[0].lower()
    assert cookie.startswith("__host-akai_csrf=")
    for flag in ("secure", "httponly", "samesite=strict", "path=/"):
        assert flag in cookie
    assert "domain=" not in cookie


def test_english_by_query_or_accept_language(web):
    r = web.get("/?lang=en")
    assert '<html lang="en">' in r.text and "You need not be afraid to report" in r.text
    assert 'href="/buat-laporan?lang=en"' in r.text  # the choice travels in the links
    r = web.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert '<html lang="en">' in r.text
    r = web.get("/", headers={"Accept-Language": "en;q=0.5,id;q=0.9"})
    assert '<html lang="id">' in r.text
    r = web.get("/?lang=xx", headers={"Accept-Language": "fr"})
    assert '<html lang="id">' in r.text


def test_every_message_exists_in_both_languages_with_the_same_placeholders():
    import string

    for key, (id_text, en_text) in CATALOGUE.items():
        assert id_text.strip() and en_text.strip(), key
        fields = [
            {f for _, f, _, _ in string.Formatter().parse(text) if f} for text in (id_text, en_text)
        ]
        assert fields[0] == fields[1], key


def test_assets_are_served_with_caching_and_the_same_headers(web):
    page = web.get("/").text
    start = page.index("/aset/akai.css?v=")
    link = page[start : page.index('"', start)]
    r = web.get(link)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/css")
    assert "immutable" in r.headers["cache-control"]
    _assert_safe_headers(r)
    again = web.get(link, headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304
    stale = web.get("/aset/akai.css?v=old")
    assert "immutable" not in stale.headers["cache-control"]
    for bad in ("/aset/..%2Fguard.py", "/aset/guard.py", "/aset/.hidden.css", "/aset/nope.css"):
        assert web.get(bad).status_code == 404, bad


def test_pages_are_compressed_on_the_wire(web):
    r = web.get("/", headers={"Accept-Encoding": "gzip"})
    assert r.headers.get("content-encoding") == "gzip"
    raw = web.get("/", headers={"Accept-Encoding": "identity"})
    assert raw.headers.get("content-encoding") is None
    assert len(gzip.compress(raw.content)) < len(raw.content)


def test_machine_interfaces_keep_their_own_headers(web):
    r = web.get("/api/v1/health")
    assert "content-security-policy" not in r.headers
    assert "set-cookie" not in r.headers


def test_every_message_key_the_code_and_templates_use_exists():
    """A key missing from the catalogue would be a 500 on the page that needs it."""
    import re
    from pathlib import Path

    web = Path(__file__).resolve().parents[2] / "lapor_server" / "web"
    used: set[str] = set()
    for path in [*web.glob("*.py"), *web.glob("templates/*.html")]:
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'_\(\s*"([a-z0-9_]+)"', text))
        used |= set(
            re.findall(r"""["']((?:err|done|track|form|kind|score)_[a-z0-9_]+)["']""", text)
        )
        for prefix in re.findall(r'_\(\s*"([a-z0-9_]+_)" ~', text):
            used |= {k for k in CATALOGUE if k.startswith(prefix)}
    not_messages = {"form_id"}  # a form field of the same shape
    missing = sorted(k for k in used - not_messages if not k.endswith("_") and k not in CATALOGUE)
    assert missing == []
    assert {"kind_pengaduan", "kind_aspirasi", "kind_permintaan_informasi"} <= CATALOGUE.keys()
    assert {f"score_{n}" for n in range(1, 6)} <= CATALOGUE.keys()
