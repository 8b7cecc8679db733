"""The Secret Service fixture gives keyring a real backend (gnome-keyring on a private bus)."""

from __future__ import annotations

import os
import subprocess
import sys

import keyring
import pytest
from keyring.backends import SecretService

pytestmark = pytest.mark.keyring


def test_secret_round_trips_through_the_real_backend(secret_service):
    kr = keyring.get_keyring()
    assert isinstance(kr, SecretService.Keyring)
    keyring.set_password("lapor-desk-test", "budi@https://127.0.0.1", "token-rahasia-123")
    assert keyring.get_password("lapor-desk-test", "budi@https://127.0.0.1") == "token-rahasia-123"
    keyring.delete_password("lapor-desk-test", "budi@https://127.0.0.1")
    assert keyring.get_password("lapor-desk-test", "budi@https://127.0.0.1") is None


def test_a_subprocess_sees_the_same_secrets(secret_service):
    keyring.set_password("lapor-desk-test", "siti", "s3cret")
    code = (
        "import keyring; print(type(keyring.get_keyring()).__module__, "
        "keyring.get_password('lapor-desk-test', 'siti'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.split()
    assert out == ["keyring.backends.SecretService", "s3cret"]


def test_environment_is_restored_afterwards():
    from tests.support.keyring_daemon import SecretServiceDaemon, missing_programs

    if missing_programs():
        pytest.skip("gnome-keyring not installed")
    before = dict(os.environ)
    backend_before = keyring.core._keyring_backend
    with SecretServiceDaemon() as daemon:
        daemon.activate()
        assert os.environ["DBUS_SESSION_BUS_ADDRESS"] == daemon.env["DBUS_SESSION_BUS_ADDRESS"]
        home = daemon.home
        procs = [daemon._dbus, daemon._keyring]
    assert dict(os.environ) == before
    assert keyring.core._keyring_backend is backend_before
    assert home is not None and not home.exists()
    assert all(p.poll() is not None for p in procs)
