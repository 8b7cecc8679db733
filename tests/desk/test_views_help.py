"""Bantuan (issue 18, item 8): the About box opens, the user guide shipped with the desk opens,
and the shortcut list names every shortcut of the window."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from lapor_desk.services.queue import QueueView
from lapor_desk.views.main_window import MainWindow


@pytest.fixture
def window(qtbot, runner, desk_context):
    w = MainWindow(desk_context(), runner=runner)
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: w.nav.nav_model.count(QueueView.ALL) is not None, timeout=5000)
    qtbot.waitUntil(lambda: runner.pending() == 0, timeout=5000)
    return w


def help_actions(w: MainWindow) -> dict[str, object]:
    menu = w.menuBar().actions()[-1].menu()
    return {a.text().replace("&", ""): a for a in menu.actions() if not a.isSeparator()}


def test_about_opens_without_a_crash(qtbot, window, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    window.show_about()
    assert shown and "LAPOR Desk" in shown[0] and "Badan Informasi Geospasial" in shown[0]


def test_help_menu_has_the_guide_and_the_shortcut_list(qtbot, window):
    actions = help_actions(window)
    assert len(actions) == 3
    guide = window.show_guide()
    qtbot.addWidget(guide)
    text = guide.browser.toPlainText()
    assert "Ctrl+Shift+N" in text and len(text) > 500  # the shipped guide, not an error line
    shortcuts = window.show_shortcuts()
    qtbot.addWidget(shortcuts)
    keys = {k for k, _ in shortcuts.rows()}
    for action in window.actions():
        if not action.shortcut().isEmpty():
            assert action.shortcut().toString() in keys
    assert {"Ctrl+1", "Ctrl+R", "F5", "Ctrl+F"} <= keys


def test_every_shipped_guide_exists_in_both_languages():
    from lapor_desk.views.help import guide_path

    assert guide_path("id").read_text(encoding="utf-8").startswith("# Panduan")
    assert guide_path("en").read_text(encoding="utf-8").startswith("# LAPOR Desk guide")
