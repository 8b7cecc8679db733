"""The frozen desk: it builds, checks itself offscreen, stays small and carries no secrets.

Slow (a PyInstaller build, cached per source state by tests/deploy/bundle.py); `make test` runs
it, `make test-fast` leaves it out.
"""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest

from tests.deploy.bundle import NAME, frozen_env, run_frozen
from tests.deploy.secret_scan import scan
from tests.support.servers import start_server

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1500)]

MAX_COMPRESSED_MB = 80


def self_test_lines(stdout: str) -> dict[str, str]:
    return {line.split()[1]: line for line in stdout.splitlines() if line.startswith("[")}


def test_frozen_self_test_passes_offscreen_with_a_configured_server(
    bundle: Path, tmp_path: Path, ca_file: Path
) -> None:
    exe = bundle / NAME
    env = frozen_env(tmp_path / "home")
    configured = run_frozen(
        exe, "configure", "--server", "https://lapor.mimikakab.go.id", "--ca", str(ca_file),
        "--lock", env=env,
    )  # fmt: skip
    assert configured.returncode == 0, configured.stderr
    result = run_frozen(exe, "--self-test", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = self_test_lines(result.stdout)
    assert set(lines) == {"store", "reference", "settings", "tls", "keyring", "qt"}
    for name in ("store", "reference", "settings", "tls", "qt"):
        assert lines[name].startswith("[OK]"), result.stdout
    assert "ca-bundle.pem" in lines["tls"]  # the configured agency CA was loaded
    assert "offscreen" in lines["qt"] and "lapor" in lines["qt"]
    assert "self-test: OK" in result.stdout.splitlines()[-1]


def test_frozen_desk_finds_a_real_secret_service(
    bundle: Path, tmp_path: Path, secret_service
) -> None:
    """The keyring backends (found through entry points) survive freezing."""
    env = frozen_env(tmp_path / "home", **secret_service.env)
    result = run_frozen(bundle / NAME, "--self-test", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    keyring_line = self_test_lines(result.stdout)["keyring"]
    assert keyring_line.startswith("[OK]") and "SecretService" in keyring_line


def test_frozen_self_test_reports_a_broken_machine_configuration(
    bundle: Path, tmp_path: Path
) -> None:
    env = frozen_env(tmp_path / "home")
    machine = Path(env["LAPOR_DESK_MACHINE_CONFIG"])
    machine.parent.mkdir(parents=True)
    machine.write_text('version = 1\n[settings]\nserver_url = "http://lapor.example"\n')
    result = run_frozen(bundle / NAME, "--self-test", env=env)
    assert result.returncode == 1
    failed = [line for line in result.stdout.splitlines() if line.startswith("[GAGAL")]
    assert len(failed) == 1 and "settings" in failed[0] and "https" in failed[0]


def test_frozen_configure_rejects_bad_input_in_both_languages(bundle: Path, tmp_path: Path) -> None:
    env = frozen_env(tmp_path / "home")
    result = run_frozen(bundle / NAME, "configure", "--server", "http://lapor.example", env=env)
    assert result.returncode == 2
    assert result.stderr.startswith("Gagal: ") and "\nError: " in result.stderr
    assert not Path(env["LAPOR_DESK_MACHINE_CONFIG"]).exists()


def test_frozen_check_update_against_a_real_server(bundle: Path, tmp_path: Path) -> None:
    sha = hashlib.sha256(b"setup").hexdigest()
    srv = start_server(
        f"sqlite:///{tmp_path / 'lapor.sqlite3'}",
        tmp_path / "server",
        env={
            "LAPOR_SERVER_DESK_UPDATE_VERSION": "99.0",
            "LAPOR_SERVER_DESK_UPDATE_URL": "https://unduh.example/lapor-desk-99.0.exe",
            "LAPOR_SERVER_DESK_UPDATE_SHA256": sha,
        },
    )
    try:
        env = frozen_env(tmp_path / "home")
        exe = bundle / NAME
        assert run_frozen(exe, "configure", "--server", srv.url, "--ca", str(srv.ca_path),
                          env=env).returncode == 0  # fmt: skip
        result = run_frozen(exe, "check-update", env=env)
    finally:
        srv.stop()
    assert result.returncode == 10, result.stdout + result.stderr
    assert "99.0" in result.stdout and sha in result.stdout


def test_bundle_has_its_data_and_not_what_the_desk_does_not_use(bundle: Path) -> None:
    internal = bundle / "_internal"
    for needed in (
        "resources/i18n/lapor_id.qm",
        "resources/i18n/lapor_en.qm",
        "resources/icons/app.svg",
        "resources/maps/mimika-distrik.geojson",
        "lapor_desk/models/migrations/env.py",
        "lapor_core/data/districts.json",
    ):
        assert (internal / needed).is_file(), needed
    assert list((internal / "lapor_desk/models/migrations/versions").glob("0001_*.py"))
    plugins = {p.relative_to(internal / "PySide6/Qt/plugins").as_posix()
               for p in (internal / "PySide6/Qt/plugins").rglob("*.so")}  # fmt: skip
    assert {"platforms/libqoffscreen.so", "platforms/libqxcb.so", "imageformats/libqsvg.so",
            "iconengines/libqsvgicon.so", "imageformats/libqjpeg.so"} <= plugins  # fmt: skip
    assert not [p for p in plugins if p.startswith(("platformthemes", "wayland", "egl", "tls"))]
    names = [p.name for p in internal.rglob("*")]
    for unwanted in ("WebEngine", "Qt63D", "Qt6Quick", "Qt6Qml", "Qt6Multimedia", "Qt6Pdf",
                     "libgtk-3", "lapor_server", "fastapi", "uvicorn", "pytest"):  # fmt: skip
        assert not [n for n in names if unwanted in n], unwanted
    translations = [p.name for p in (internal / "PySide6/Qt/translations").glob("*.qm")]
    assert translations == ["qtbase_en.qm"]


def test_bundle_size_stays_within_target(bundle: Path, tmp_path: Path) -> None:
    """gzip -1 gives an upper bound of the default tar.gz/zip size in a third of the time."""
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())
    archive = tmp_path / "lapor-desk.tar.gz"
    with archive.open("wb") as fh:
        tar = subprocess.Popen(["tar", "-C", str(bundle.parent), "-cf", "-", NAME],
                               stdout=subprocess.PIPE)  # fmt: skip
        subprocess.run(["gzip", "-1"], stdin=tar.stdout, stdout=fh, check=True)
        assert tar.wait() == 0
    compressed = archive.stat().st_size
    print(f"bundle: {size / 1e6:.1f} MB on disk, {compressed / 1e6:.1f} MB as tar.gz (gzip -1)")
    assert compressed <= MAX_COMPRESSED_MB * 1e6


def test_no_secrets_in_the_bundle(bundle: Path) -> None:
    assert scan(bundle) == []


def test_the_scanner_finds_what_it_looks_for(tmp_path: Path) -> None:
    import trustme

    from tests.support.servers import DEFAULT_PASSWORD

    trustme.CA().issue_cert("x.example").private_key_pem.write_to_path(str(tmp_path / "a.pem"))
    (tmp_path / "queue.sqlite3").write_bytes(b"SQLite format 3\x00")
    (tmp_path / "log.txt").write_text(f"Authorization: Bearer {'k' * 43}\npw={DEFAULT_PASSWORD}")
    found = "\n".join(scan(tmp_path))
    for what in ("private key", "file that must not ship", "bearer token", "test account"):
        assert what in found
