"""Offscreen Qt is configured before PySide6 loads, and left-open windows are detected."""

from __future__ import annotations

import os

from tests.support.qtguard import close_new_windows, visible_windows


def test_offscreen_platform(qtbot):
    from PySide6.QtGui import QGuiApplication

    assert os.environ["QT_QPA_PLATFORM"] == "offscreen"
    assert QGuiApplication.platformName() == "offscreen"


def test_guard_finds_and_closes_a_window_left_open(qtbot):
    from PySide6.QtWidgets import QWidget

    before = visible_windows()
    w = QWidget()
    w.setWindowTitle("Lupa ditutup")
    w.show()
    assert close_new_windows(before) == ["QWidget('Lupa ditutup')"]
    assert not w.isVisible()
    assert close_new_windows(before) == []


def test_windows_registered_with_qtbot_are_fine(qtbot):
    from PySide6.QtWidgets import QWidget

    w = QWidget()
    qtbot.addWidget(w)
    w.show()
