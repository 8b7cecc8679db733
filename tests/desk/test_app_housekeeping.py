"""The desk runs the store's housekeeping from a timer, on the writer, off the save path."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow

from lapor_desk import app as desk_app
from lapor_desk.models.store import Store


def test_housekeeping_timer_checkpoints_the_store(tmp_path, qtbot, runner, monkeypatch):
    store = Store.open(tmp_path / "queue.sqlite3")
    try:
        calls = []
        real = store.maintenance
        monkeypatch.setattr(store, "maintenance", lambda: calls.append(1) or real())
        monkeypatch.setattr(desk_app, "HOUSEKEEPING_INTERVAL_MS", 50)
        window = QMainWindow()
        qtbot.addWidget(window)
        desk_app._schedule_housekeeping(window, store)
        qtbot.waitUntil(lambda: len(calls) >= 2, timeout=10_000)
        assert store.integrity_check() == "ok"
    finally:
        runner.shutdown(wait=True)
        store.close()
