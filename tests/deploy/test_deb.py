"""The Linux package: contents, conffile, desktop entry, the extracted desk's self-test, no secrets,
and (in CI, as root) a real install and purge with apt.

Slow: it needs the bundle of test_bundle.py (built once per source state).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.deploy.bundle import NAME, frozen_env, run_frozen
from tests.deploy.secret_scan import scan

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1500)]


def dpkg_deb(*args: str) -> str:
    return subprocess.run(["dpkg-deb", *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def extracted(deb_package: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("deb-root")
    subprocess.run(["dpkg-deb", "-x", str(deb_package), str(root)], check=True)
    subprocess.run(["dpkg-deb", "-e", str(deb_package), str(root / "DEBIAN")], check=True)
    return root


def test_package_metadata_and_layout(deb_package: Path, extracted: Path) -> None:
    fields = dict(
        line.split(": ", 1)
        for line in dpkg_deb("--field", str(deb_package)).splitlines()
        if ": " in line and not line.startswith(" ")
    )
    assert fields["Package"] == NAME
    assert (
        fields["Architecture"]
        == subprocess.run(
            ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
        ).stdout.strip()
    )
    assert "libxcb-cursor0" in fields["Depends"]  # Qt's xcb plugin will not load without it
    contents = dpkg_deb("--contents", str(deb_package))
    for path in (
        "./opt/lapor-desk/lapor-desk",
        "./opt/lapor-desk/_internal/resources/i18n/lapor_id.qm",
        "./usr/share/applications/lapor-desk.desktop",
        "./usr/share/icons/hicolor/48x48/apps/lapor-desk.png",
        "./usr/share/icons/hicolor/scalable/apps/lapor-desk.svg",
        "./etc/lapor-desk/config.toml",
        "./usr/share/doc/lapor-desk/copyright",
    ):
        assert path in contents, path
    assert os.readlink(extracted / "usr/bin/lapor-desk") == "/opt/lapor-desk/lapor-desk"
    for line in contents.splitlines():
        assert " root/root " in line, line  # no build user's uid leaks into the package
    assert (extracted / "DEBIAN/conffiles").read_text() == "/etc/lapor-desk/config.toml\n"
    for script in ("postinst", "prerm", "postrm"):
        path = extracted / "DEBIAN" / script
        assert path.stat().st_mode & 0o111
        subprocess.run(["sh", "-n", str(path)], check=True)  # shell syntax


def test_example_configuration_is_valid_and_changes_nothing(extracted: Path) -> None:
    from lapor_desk.settings import Settings

    s = Settings.load(
        machine_path=extracted / "etc/lapor-desk/config.toml", user_path=extracted / "none.json"
    )
    assert s.problems == []
    assert all(s.source(key) == "default" for key in s.as_dict())


def test_desktop_entry_is_valid(extracted: Path) -> None:
    entry = extracted / "usr/share/applications/lapor-desk.desktop"
    text = entry.read_text()
    assert "Exec=lapor-desk\n" in text and "Icon=lapor-desk\n" in text
    validator = shutil.which("desktop-file-validate")
    if validator is None:
        from tests.conftest import unavailable

        unavailable("desktop-file-validate missing (apt-get install desktop-file-utils)")
    result = subprocess.run([validator, str(entry)], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr


def test_extracted_desk_passes_its_self_test(extracted: Path, tmp_path: Path) -> None:
    env = frozen_env(tmp_path / "home", LAPOR_DESK_MACHINE_CONFIG=str(
        extracted / "etc/lapor-desk/config.toml"))  # fmt: skip
    result = run_frozen(extracted / "opt/lapor-desk/lapor-desk", "--self-test", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test: OK" in result.stdout


def test_no_secrets_in_the_package(extracted: Path) -> None:
    assert scan(extracted, allow_names=set()) == []


def _install_allowed() -> bool:
    if os.environ.get("LAPOR_TEST_DPKG_INSTALL") == "1":
        return True
    return bool(os.environ.get("CI")) and os.geteuid() == 0


@pytest.mark.skipif(
    not _install_allowed(),
    reason="installs into this system: runs in CI as root, or with LAPOR_TEST_DPKG_INSTALL=1",
)
def test_real_install_self_test_and_purge(deb_package: Path, tmp_path: Path) -> None:
    """apt installs the package with its dependencies; the installed desk passes; purge cleans."""
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}

    def apt(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["apt-get", "-y", "-q", "-o", "Dpkg::Options::=--force-confold", *args],
            env=env, capture_output=True, text=True, timeout=600, check=False,
        )  # fmt: skip

    apt("purge", NAME)  # a leftover of an interrupted run
    result = apt("install", "--no-install-recommends", str(deb_package.resolve()))
    if result.returncode != 0:  # stale package lists: the Qt dependencies cannot be found
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=False, timeout=300)
        result = apt("install", "--no-install-recommends", str(deb_package.resolve()))
    assert result.returncode == 0, result.stdout + result.stderr
    try:
        status = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status} ${Conffiles}", NAME],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        assert status.startswith("install ok installed")
        assert "/etc/lapor-desk/config.toml" in status
        run_env = frozen_env(
            tmp_path / "home", LAPOR_DESK_MACHINE_CONFIG="/etc/lapor-desk/config.toml"
        )
        installed = run_frozen(Path("/usr/bin/lapor-desk"), "--self-test", env=run_env)
        assert installed.returncode == 0, installed.stdout + installed.stderr
    finally:
        purged = apt("purge", NAME)
    assert purged.returncode == 0, purged.stdout + purged.stderr
    assert not Path("/opt/lapor-desk").exists()
    assert not Path("/etc/lapor-desk/config.toml").exists()
    assert not Path("/usr/bin/lapor-desk").exists()
