""" "Lupakan komputer ini" in the window (issue 19): the question counts unsent work and offers to
send it first; forgetting is its own explicitly named button (the default is not to forget); a
confirmed forget destroys the profile key and deletes the whole profile folder, and the computer
no longer remembers the account."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from lapor_desk import app, paths
from lapor_desk import profile as profiles
from lapor_desk.models.account import Account, last_account
from lapor_desk.settings import Settings
from lapor_desk.sync.profile_keys import ProfileKeys
from lapor_desk.views.main_window import MainWindow

SERVER = "https://lapor.mimikakab.go.id"


def _answer(qtbot, button: str, seen: list) -> None:
    """Click `button` (object name) in the forget question as soon as it is up."""

    def click():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box.objectName() != "forgetComputer":
            QTimer.singleShot(20, click)
            return
        seen.append(
            {
                "text": box.text() + "\n" + box.informativeText(),
                "buttons": sorted(b.objectName() for b in box.findChildren(QPushButton)),
                "default": box.defaultButton().objectName(),
            }
        )
        next(b for b in box.findChildren(QPushButton) if b.objectName() == button).click()

    QTimer.singleShot(0, click)


@pytest.fixture
def window(qtbot, runner, desk_context):
    def build(unsent: int):
        ctx = desk_context()
        for i in range(unsent):
            rid = f"r{i + 1:06d}"
            ctx.actions.respond(rid, f"Tanggapan {i}: sudah ditinjau ke lokasi.")
        w = MainWindow(ctx, runner=runner)
        qtbot.addWidget(w)
        return w

    return build


def test_unsent_work_is_counted_and_can_be_sent_first(qtbot, window):
    w = window(2)
    forgotten = []
    w.forget_requested.connect(lambda: forgotten.append(True))
    seen: list = []
    _answer(qtbot, "sendFirst", seen)
    w.forget_action.trigger()
    assert "2" in seen[0]["text"]
    assert seen[0]["buttons"] == ["cancel", "forget", "sendFirst"]
    assert seen[0]["default"] == "sendFirst"  # Enter never forgets
    assert forgotten == []


def test_sending_first_asks_the_sync_to_run(qtbot, window):
    w = window(1)
    synced = []
    w.sync_now = lambda: synced.append(True)  # the "Sync now" the menu runs (F5)
    seen: list = []
    _answer(qtbot, "sendFirst", seen)
    w.forget_action.trigger()
    assert synced == [True]
    assert w.statusBar().currentMessage()  # says what to do next


@pytest.mark.parametrize("unsent", [0, 1])
def test_forgetting_is_an_explicit_choice(qtbot, window, unsent):
    w = window(unsent)
    asked = []
    w.logout_requested.connect(lambda: asked.append("logout"))
    w.forget_requested.connect(lambda: asked.append("forget"))
    seen: list = []
    _answer(qtbot, "cancel", seen)
    w.forget_action.trigger()
    assert asked == []
    if not unsent:
        assert seen[0]["buttons"] == ["cancel", "forget"] and seen[0]["default"] == "cancel"
    _answer(qtbot, "forget", seen)
    w.forget_action.trigger()
    assert asked == ["logout", "forget"]


def test_a_confirmed_forget_destroys_the_key_and_the_profile_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("LAPOR_DESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("LAPOR_DESK_CONFIG_DIR", str(tmp_path / "config"))
    settings = Settings.load(machine_path=tmp_path / "none.toml", user_path=tmp_path / "u.json")
    account = Account(SERVER, "rina", "petugas", "dinas_pupr", "Rina")
    profile = profiles.create(account, None, settings)  # as after a login
    folder = paths.profile_dir(SERVER, "rina")
    (folder / "templates.json").write_text("[]")
    assert ProfileKeys().find(SERVER, "rina", folder) is not None
    assert last_account() is not None
    revoked = []
    monkeypatch.setattr(app, "_forget_token", lambda p: revoked.append(p.account.username))
    app._logout(profile, forget=True)
    assert revoked == ["rina"]
    assert not Path(folder).exists()
    assert ProfileKeys().find(SERVER, "rina", folder) is None
    assert last_account() is None  # the login dialog does not offer the account again
