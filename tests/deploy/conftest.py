"""Fixtures of the deployment tests: isolated machine/user configuration and a CA file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme


@pytest.fixture
def isolated_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Machine configuration, user settings, data and logs all under `tmp_path`.

    Yields the machine configuration path (`<tmp>/etc/lapor-desk/config.toml`, not yet written).
    """
    machine = tmp_path / "etc" / "lapor-desk" / "config.toml"
    monkeypatch.setenv("LAPOR_DESK_MACHINE_CONFIG", str(machine))
    monkeypatch.setenv("LAPOR_DESK_CONFIG_DIR", str(tmp_path / "user-config"))
    monkeypatch.setenv("LAPOR_DESK_DATA_DIR", str(tmp_path / "data"))
    yield machine


@pytest.fixture
def ca_file(tmp_path: Path) -> Path:
    """An agency CA certificate in PEM (as IT would get it from Diskominfo)."""
    path = tmp_path / "downloads" / "agency-ca.pem"
    path.parent.mkdir(parents=True, exist_ok=True)
    trustme.CA(organization_name="Diskominfo Mimika").cert_pem.write_to_path(str(path))
    return path


# --- the frozen desk (slow: built once per source state, see tests/deploy/bundle.py) -------------


@pytest.fixture(scope="session")
def bundle() -> Path:
    """The PyInstaller onedir bundle of the current sources (dist/lapor-desk layout)."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        from tests.conftest import unavailable

        unavailable("PyInstaller is not installed (it is in the dev extras: make setup)")
    from tests.deploy.bundle import build_bundle

    return build_bundle()


@pytest.fixture(scope="session")
def deb_package(bundle: Path) -> Path:
    import shutil

    if shutil.which("dpkg-deb") is None:
        from tests.conftest import unavailable

        unavailable("dpkg-deb not found (Debian/Ubuntu only)")
    from tests.deploy.bundle import build_deb

    return build_deb(bundle)
