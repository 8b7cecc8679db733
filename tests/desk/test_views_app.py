"""The composition root: a remembered account opens its profile without a login and without a
connection (token in the keyring, profile on disk); without a token or profile the login dialog
is needed; a second desk on the same profile is refused; the settings dialog saves choices."""

from __future__ import annotations

import pytest

from lapor_desk import app
from lapor_desk import profile as profiles
from lapor_desk.errors import ProfileInUseError
from lapor_desk.models.account import Account, remember_last
from lapor_desk.settings import Settings

SERVER = "https://lapor.mimikakab.go.id"


class FakeKeyring:
    """Stands in for the OS keyring: holds tokens per (server, username)."""

    tokens: dict[tuple[str, str], str] = {}

    def get_token(self, server_url, username):
        return self.tokens.get((server_url, username))

    def is_available(self):
        return True


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("LAPOR_DESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("LAPOR_DESK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setattr(app, "CredentialStore", FakeKeyring)
    FakeKeyring.tokens = {}
    return Settings.load(machine_path=tmp_path / "none.toml", user_path=tmp_path / "user.json")


def test_remembered_account_opens_offline(env):
    account = Account(SERVER, "rina", "petugas", "dinas_pupr", "Rina")
    first = profiles.create(account, FakeKeyring(), env)  # as after a login
    first.close()
    # no token in the keyring: log in first
    assert profiles.resume_last(env, FakeKeyring()) is None
    FakeKeyring.tokens[(SERVER, "rina")] = "device-token"
    # nothing listens on the server address: offline
    profile = profiles.resume_last(env, FakeKeyring())
    try:
        assert profile is not None and profile.account == account
        assert profile.opd_name().startswith("Dinas Pekerjaan Umum")
        with pytest.raises(ProfileInUseError):
            profiles.resume_last(env, FakeKeyring())  # a second desk on the same profile
    finally:
        profile.close()


def test_no_profile_means_login(env):
    remember_last(Account(SERVER, "budi", "petugas", "dinkes"))
    FakeKeyring.tokens[(SERVER, "budi")] = "device-token"
    # remembered, but never synced on this PC
    assert profiles.resume_last(env, FakeKeyring()) is None


def test_settings_dialog_saves_choices(qtbot, env):
    from lapor_desk.views.settings_dialog import SettingsDialog

    dialog = SettingsDialog(env)
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.interval.setValue(15)
    dialog.apply()
    again = Settings.load(machine_path=env.machine_path, user_path=env.user_path)
    assert again.get("language") == "en" and again.get("sync_interval_minutes") == 15


def test_run_gui_asks_for_a_login_and_quits_when_cancelled(qapp, env, monkeypatch):
    import argparse
    import logging
    import sys

    from lapor_desk.views.login_dialog import LoginDialog

    shown = []
    monkeypatch.setattr(LoginDialog, "exec", lambda self: shown.append(self.server.text()) or 0)
    monkeypatch.setattr(app, "install_excepthook", lambda: None)
    before = list(logging.getLogger().handlers)
    interval = sys.getswitchinterval()
    try:
        code = app.run_gui(argparse.Namespace(lang="id", force_login=False, demo=False))
    finally:
        for handler in logging.getLogger().handlers:
            if handler not in before:
                logging.getLogger().removeHandler(handler)
                handler.close()
        sys.setswitchinterval(interval)
    assert code == 0 and shown == [""]


def test_no_display_gives_a_clear_message_instead_of_a_qt_abort(monkeypatch, capsys):
    import sys

    from lapor_desk import app

    monkeypatch.setattr(sys, "platform", "linux")
    assert app.no_display_reason({}) is not None
    assert "ssh -X" in app.no_display_reason({}) and "butuh layar" in app.no_display_reason({})
    assert app.no_display_reason({"DISPLAY": ":0"}) is None
    assert app.no_display_reason({"WAYLAND_DISPLAY": "wayland-0"}) is None
    assert app.no_display_reason({"QT_QPA_PLATFORM": "offscreen"}) is None
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    assert app.run_gui(None) == 2  # before any QApplication or demo server
    assert "needs a display" in capsys.readouterr().err
