"""The login dialog against a real HTTPS server: a good login opens the profile; wrong password,
unreachable server, untrusted certificate, disabled account and throttling each give one clear
sentence in the dialog; a profile already open elsewhere is refused with a message; a locked
server address cannot be edited."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from lapor_desk.app import login
from lapor_desk.settings import Settings
from lapor_desk.views.login_dialog import LoginDialog
from tests.support.servers import DEFAULT_PASSWORD, free_port


@pytest.fixture
def settings(tmp_path, monkeypatch):
    monkeypatch.setenv("LAPOR_DESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("LAPOR_DESK_CONFIG_DIR", str(tmp_path / "config"))
    return Settings.load(machine_path=tmp_path / "machine.toml", user_path=tmp_path / "user.json")


@pytest.fixture
def server(server_sqlite):
    server_sqlite.admin.seed(0)
    server_sqlite.admin.add_user("rina", "petugas", agency="dinas_pupr", display_name="Rina")
    return server_sqlite


def dialog_for(qtbot, settings, server_url: str) -> LoginDialog:
    opened = []

    def do_login(request):
        profile = login(request, settings)
        opened.append(profile)
        return profile

    dialog = LoginDialog(do_login, server_url=server_url, username="rina", remember=False)
    dialog.opened = opened
    qtbot.addWidget(dialog)
    return dialog


def attempt(qtbot, dialog: LoginDialog, password: str) -> None:
    """Click "Masuk" and wait until the login op has reported back."""
    from lapor_desk.views.ops import OpRunner

    dialog.password.setText(password)
    with qtbot.waitSignal(OpRunner.shared().op_finished, timeout=30000):
        qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)


def test_good_login_opens_the_profile(qtbot, runner, settings, server):
    settings.set("ca_bundle", str(server.ca_path))
    dialog = dialog_for(qtbot, settings, server.url)
    with qtbot.waitSignal(dialog.accepted, timeout=30000):
        dialog.password.setText(DEFAULT_PASSWORD)
        qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    profile = dialog.result_value
    try:
        assert profile.account.role == "petugas" and profile.account.agency_code == "dinas_pupr"
        assert profile.store.path.exists()
        assert dialog.password.text() == ""
        # A second desk on the same profile is refused (single-instance guard).
        second = dialog_for(qtbot, settings, server.url)
        attempt(qtbot, second, DEFAULT_PASSWORD)
        assert "sudah terbuka" in second.message.text()
        assert not second.opened
    finally:
        profile.close()


def test_wrong_password(qtbot, runner, settings, server):
    settings.set("ca_bundle", str(server.ca_path))
    dialog = dialog_for(qtbot, settings, server.url)
    attempt(qtbot, dialog, "salah-sekali")
    assert dialog.message.isVisibleTo(dialog)
    assert dialog.message.text().startswith("Nama pengguna atau kata sandi salah")
    assert dialog.login_button.isEnabled() and not dialog.opened


def test_throttled_after_repeated_failures_says_how_long(qtbot, runner, settings, server):
    settings.set("ca_bundle", str(server.ca_path))
    dialog = dialog_for(qtbot, settings, server.url)
    for _ in range(6):
        attempt(qtbot, dialog, "salah-sekali")
    text = dialog.message.text()
    assert "Too many failed logins" in text or "Terlalu banyak percobaan" in text
    assert "minute" in text or "menit" in text


def test_disabled_account(qtbot, runner, settings, server):
    settings.set("ca_bundle", str(server.ca_path))
    server.admin.set_disabled("rina")
    dialog = dialog_for(qtbot, settings, server.url)
    attempt(qtbot, dialog, DEFAULT_PASSWORD)
    text = dialog.message.text()
    assert "disabled or locked" in text or "dinonaktifkan" in text


def test_unreachable_server(qtbot, runner, settings):
    dialog = dialog_for(qtbot, settings, f"https://127.0.0.1:{free_port()}")
    attempt(qtbot, dialog, DEFAULT_PASSWORD)
    text = dialog.message.text()
    assert "cannot be reached" in text or "tidak dapat dihubungi" in text


def test_untrusted_certificate_is_a_tls_problem(qtbot, runner, settings, server):
    # No CA configured: the test server's certificate is not in the OS trust store.
    dialog = dialog_for(qtbot, settings, server.url)
    attempt(qtbot, dialog, DEFAULT_PASSWORD)
    text = dialog.message.text()
    assert "secure connection" in text or "Koneksi aman" in text
    assert not dialog.opened


def test_locked_server_address_is_read_only(qtbot):
    dialog = LoginDialog(
        lambda r: None, server_url="https://lapor.mimikakab.go.id", server_locked=True
    )
    qtbot.addWidget(dialog)
    assert dialog.server.isReadOnly()
    dialog.username.setText("")
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() in (
        "Fill in the server, username and password.",
        "Isi server, nama pengguna dan kata sandi.",
    )


def test_without_keyring_the_dialog_asks_for_a_local_passphrase_and_says_why(
    qtbot, runner, settings, server, monkeypatch
):
    """Issue 19: no keyring backend (the test process has none) → the dialog shows a passphrase
    field with the reason; too short is refused before any request; a good one wraps the new
    profile key; the next login with a wrong one cannot open the profile."""
    from lapor_desk import paths
    from lapor_desk.sync.profile_keys import KEY_FILENAME

    monkeypatch.delenv("LAPOR_DESK_PASSPHRASE", raising=False)
    settings.set("ca_bundle", str(server.ca_path))

    def make() -> LoginDialog:
        d = LoginDialog(
            lambda request: login(request, settings),
            server_url=server.url,
            username="rina",
            remember=False,
            remember_available=False,
            passphrase_needed=True,
        )
        qtbot.addWidget(d)
        return d

    dialog = make()
    assert dialog.passphrase.isVisibleTo(dialog) and "keyring" in dialog.passphrase_note.text()
    dialog.passphrase.setText("pendek")
    dialog.password.setText(DEFAULT_PASSWORD)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert "8" in dialog.message.text() and dialog.login_button.isEnabled()
    dialog.passphrase.setText("bintang-laut-7")
    with qtbot.waitSignal(dialog.accepted, timeout=30000):
        qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    profile = dialog.result_value
    profile.close()
    assert (paths.profile_dir(server.url, "rina") / KEY_FILENAME).exists()
    assert dialog.passphrase.text() == ""

    again = make()
    again.passphrase.setText("bintang-laut-8")
    attempt(qtbot, again, DEFAULT_PASSWORD)
    assert "frasa sandi" in again.message.text().lower() and again.result_value is None
