"""The desk window shows a server's update announcement as one quiet status-bar label."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QLabel, QMainWindow

import lapor_desk
from lapor_desk import app as desk_app
from lapor_desk.settings import Settings
from tests.support.servers import ANNOUNCED_SHA256

SHA = ANNOUNCED_SHA256


def test_desk_window_shows_the_notice_quietly(
    announcing_server, tmp_path, qtbot, runner, monkeypatch
) -> None:
    monkeypatch.setenv("LAPOR_DESK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setattr(lapor_desk, "__version__", "0.1.0")
    settings = Settings.load(machine_path=Path(os.devnull))
    settings.set("server_url", announcing_server.url)
    settings.set("ca_bundle", str(announcing_server.ca_path))
    window = QMainWindow()
    qtbot.addWidget(window)
    desk_app._check_for_update(window, settings)
    qtbot.waitUntil(lambda: window.findChild(QLabel, "updateNotice") is not None, timeout=15000)
    label = window.findChild(QLabel, "updateNotice")
    assert "9.1.0" in label.text() and "TI" in label.text()
    assert SHA in label.toolTip()
