"""Update notices: version comparison, distrust of bad announcements, a real server's health."""

from __future__ import annotations

from pathlib import Path

import pytest

from lapor_desk.deploy import configure, updates
from lapor_desk.errors import TlsError
from tests.support.servers import ANNOUNCED_SHA256, RunningServer

SHA = ANNOUNCED_SHA256


def test_versions_sort_as_pep_440_says() -> None:
    ordered = [
        "0.9",
        "1.0.dev1",
        "1.0a1",
        "1.0a2.dev3",
        "1.0a2",
        "1.0b1",
        "1.0rc1",
        "1.0",
        "1.0.post1.dev1",
        "1.0.post1",
        "1.0.1",
        "1.1",
        "1.10",
        "2.0",
    ]
    assert sorted(ordered, key=updates.version_key) == ordered
    assert updates.version_key("1.0") == updates.version_key("1.0.0") == updates.version_key("v1")
    assert not updates.is_newer("0.1.0", "0.1")
    with pytest.raises(ValueError):
        updates.version_key("latest")


def body(version: str = "9.1.0", url: str = "https://unduh.example/lapor-desk.exe", sha=SHA):
    return {"status": "ok", "desk_update": {"version": version, "url": url, "sha256": sha}}


def test_notice_only_for_a_newer_trustworthy_announcement() -> None:
    notice = updates.notice_from_health(body(sha=SHA.upper()), current="0.1.0")
    assert notice == updates.UpdateNotice("0.1.0", "9.1.0", body()["desk_update"]["url"], SHA)
    assert "9.1.0" in notice.message() and "TI" in notice.message()
    assert "Ask IT" in notice.message("en")
    assert SHA in notice.details()
    # Same or older: nothing to say.
    assert updates.notice_from_health(body("0.1.0"), current="0.1.0") is None
    assert updates.notice_from_health(body("0.0.9"), current="0.1.0") is None
    # Not announced, or announced in a way a desk must not act on.
    assert updates.notice_from_health({"status": "ok", "desk_update": None}, "0.1.0") is None
    assert updates.notice_from_health(body(url="http://unduh.example/x.exe"), "0.1.0") is None
    assert updates.notice_from_health(body(url="file:///C:/x.exe"), "0.1.0") is None
    assert updates.notice_from_health(body(sha=None), "0.1.0") is None
    assert updates.notice_from_health(body(sha="abc123"), "0.1.0") is None
    assert updates.notice_from_health(body(version="terbaru"), "0.1.0") is None
    assert updates.notice_from_health(["not", "a", "dict"], "0.1.0") is None


def test_notice_from_a_real_server_over_verified_tls(
    announcing_server: RunningServer, isolated_config: Path
) -> None:
    srv = announcing_server
    notice = updates.check_for_update(srv.url, ca_bundle=str(srv.ca_path), current="0.1.0")
    assert notice is not None
    assert (notice.version, notice.sha256) == ("9.1.0", SHA)
    assert notice.url.endswith("lapor-desk-9.1.0.exe")
    assert updates.check_for_update(srv.url, ca_bundle=str(srv.ca_path), current="9.1.0") is None
    # Through the machine configuration IT wrote, as the desk and `check-update` do.
    assert configure.configure_machine(server=srv.url, ca=str(srv.ca_path)).exists()
    assert updates.check_configured(current="0.1.0") == notice
    # Without the agency CA the announcement is never read.
    with pytest.raises(TlsError):
        updates.check_for_update(srv.url, current="0.1.0")


def test_no_notice_when_the_server_announces_nothing(server_sqlite: RunningServer) -> None:
    srv = server_sqlite
    assert updates.check_for_update(srv.url, ca_bundle=str(srv.ca_path), current="0.0.1") is None


def test_check_configured_without_server_says_so(isolated_config: Path) -> None:
    with pytest.raises(ValueError, match="server"):
        updates.check_configured()
