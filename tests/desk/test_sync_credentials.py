"""The device token lives in the OS keyring only: real Secret Service (gnome-keyring) and a real
HTTPS server; no keyring backend means no token at all, never a plaintext fallback."""

from __future__ import annotations

import keyring.backend
import pytest
import sqlalchemy as sa
from keyring.backends import fail, null

from lapor_desk.errors import AuthError, KeyringUnavailableError, LoginFailed
from lapor_desk.sync.credentials import CredentialStore, normalise_server_url
from lapor_desk.sync.transport import RetryPolicy, Transport
from tests.e2e.world import World
from tests.support.servers import DEFAULT_PASSWORD as PASSWORD
from tests.support.servers import start_server


def live_tokens(db_url: str) -> int:
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as c:
            return c.execute(
                sa.text("SELECT count(*) FROM device_tokens WHERE revoked_at IS NULL")
            ).scalar_one()
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def officer(tmp_path_factory):
    """One server for the module, with the reference data and officer `budi` (tests.e2e.world)."""
    tmp = tmp_path_factory.mktemp("cred")
    srv = start_server(f"sqlite:///{tmp / 'lapor.sqlite3'}", tmp / "server")
    try:
        World(srv, tmp)
        yield srv
    finally:
        srv.stop()


@pytest.fixture(autouse=True)
def _no_live_tokens(officer):
    """Each test starts with every device of budi revoked, so counts mean this test's tokens."""
    officer.admin.revoke_devices("budi")


def transport(srv) -> Transport:
    return Transport(srv.url, ca_bundle=str(srv.ca_path), retry=RetryPolicy(attempts=2))


@pytest.mark.keyring
def test_login_keeps_the_token_in_the_secret_service_and_logout_removes_it(secret_service, officer):
    store = CredentialStore(service_name="lapor-desk-test")
    store.check_available()
    assert "SecretService" in store.backend_name()
    t = transport(officer)
    info = store.login(t, "budi", PASSWORD, "PC uji")
    assert info.account.role == "petugas" and info.account.agency_code == "dinkes"
    assert info.token not in repr(info)
    assert store.get_token(officer.url, "budi") == info.token
    # The stored token works on a fresh transport (what the next desk start does).
    t2 = transport(officer)
    t2.token = store.get_token(officer.url + "/", "budi")
    assert t2.get_json("session")["user"]["username"] == "budi"

    store.logout(t2, officer.url, "budi")
    assert store.get_token(officer.url, "budi") is None
    assert live_tokens(officer.db_url) == 0
    t3 = transport(officer)
    t3.token = info.token
    with pytest.raises(AuthError):
        t3.get_json("session")


@pytest.mark.keyring
def test_wrong_password_stores_nothing(secret_service, officer):
    store = CredentialStore(service_name="lapor-desk-test")
    with pytest.raises(LoginFailed) as exc:
        store.login(transport(officer), "budi", "salah", "PC uji")
    assert exc.value.user_message() == "Nama pengguna atau kata sandi salah."
    assert store.get_token(officer.url, "budi") is None


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring()], ids=["fail", "null"])
def test_no_keyring_backend_means_no_login_at_all(officer, backend):
    store = CredentialStore(backend=backend)
    assert not store.is_available()
    with pytest.raises(KeyringUnavailableError) as exc:
        store.login(transport(officer), "budi", PASSWORD, "PC uji")
    assert "kata sandi" in exc.value.next_step()
    assert live_tokens(officer.db_url) == 0  # no token was even issued


def test_in_memory_session_without_keyring(officer):
    """`remember=False`: the desk without a keyring logs in each start, token only in memory."""
    store = CredentialStore(backend=fail.Keyring())
    t = transport(officer)
    info = store.login(t, "budi", PASSWORD, "PC uji", remember=False)
    assert t.get_json("session")["user"]["username"] == "budi"
    assert info.token


class _PlaintextLike(keyring.backend.KeyringBackend):
    priority = 1

    def get_password(self, service, username):
        return None

    def set_password(self, service, username, password):
        raise AssertionError("must never be called")

    def delete_password(self, service, username):
        pass


_PlaintextLike.__module__ = "keyrings.alt.file"


class _Broken(_PlaintextLike):
    def set_password(self, service, username, password):
        raise RuntimeError("Secret Service locked")


_Broken.__module__ = "tests.fake"


def test_file_based_keyrings_are_refused():
    store = CredentialStore(backend=_PlaintextLike())
    with pytest.raises(KeyringUnavailableError):
        store.set_token("https://x", "budi", "tok")


def test_a_failing_keyring_write_revokes_the_fresh_token(officer):
    store = CredentialStore(backend=_Broken())
    with pytest.raises(KeyringUnavailableError):
        store.login(transport(officer), "budi", PASSWORD, "PC uji")
    assert live_tokens(officer.db_url) == 0


def test_server_url_normalisation():
    assert normalise_server_url("HTTPS://Lapor.Mimika.go.id:8443/") == (
        "https://lapor.mimika.go.id:8443"
    )
    assert CredentialStore.key("https://a/", "budi") == CredentialStore.key("https://A", "budi")
