"""Issue 18, item 5: back online quickly and say so. Offline, the status bar counts down to the
next attempt ("mencoba lagi dalam …") and keeps the long sentence as a tooltip instead of a cut-off
message; an offline desk probes the server's cheap health check with a low backoff cap and syncs
as soon as it answers, then announces what went out ("2 jawaban terkirim")."""

from __future__ import annotations

import re
import threading

import pytest

from lapor_desk.app import make_sync_controller, probe_server
from lapor_desk.services.queue import QueueService, QueueView
from lapor_desk.services.reports import ReportService
from lapor_desk.services.templates import TemplateStore
from lapor_desk.views.context import DeskContext
from lapor_desk.views.dialogs import ConfirmSendDialog
from lapor_desk.views.main_window import MainWindow
from tests.desk.test_views_sync import respond_in_gui, sync
from tests.e2e.world import World
from tests.support.servers import free_port


@pytest.fixture
def world(server_sqlite, tmp_path):
    return World(server_sqlite, tmp_path)


@pytest.fixture
def online_window(qtbot, runner, world, tmp_path, monkeypatch):
    monkeypatch.setattr(ConfirmSendDialog, "ask", classmethod(lambda cls, *a, **k: True))
    desk = world.desk("budi")
    queue = QueueService(desk.store)
    ctx = DeskContext(
        account=desk.account,
        queue=queue,
        reports=ReportService(desk.store, desk.account),
        actions=desk.actions,
        templates=TemplateStore(tmp_path / "templates"),
        opd_name="Dinas Kesehatan",
        make_sync=lambda parent: make_sync_controller(
            desk.engine,
            queue,
            parent,
            probe=lambda: probe_server(lambda: desk.transport_factory(threading.Event())),
        ),
    )
    w = MainWindow(ctx, runner=runner)
    qtbot.addWidget(w)
    w.show()
    w.nav.select_key(QueueView.ALL.value)
    yield w, desk
    w.close()
    desk.close()


def test_offline_counts_down_comes_back_by_itself_and_says_what_was_sent(
    qtbot, world, online_window
):
    w, desk = online_window
    ids = world.create_reports(2)
    assert sync(qtbot, w).report.error is None

    desk.url = f"https://127.0.0.1:{free_port()}"  # the connection drops
    respond_in_gui(qtbot, w, ids[0], "Petugas kami sudah menjadwalkan perbaikan.")
    respond_in_gui(qtbot, w, ids[1], "Sudah diperbaiki kemarin sore.")
    assert sync(qtbot, w).report.outcome == "offline"
    bar = w.sync_bar
    assert "Offline" in bar.connection.text()
    assert bar.retry.isVisibleTo(w)
    assert re.search(r"(retrying in|mencoba lagi dalam) \d+", bar.retry.text())
    assert 0 < w.sync.seconds_to_next_attempt() <= 5  # an unreachable server is retried soon
    assert w.statusBar().currentMessage() == ""  # no long sentence cut off at the edge
    assert len(bar.connection.toolTip()) > 20  # the whole sentence and next step, on hover

    desk.url = world.srv.url  # the server is reachable again; nobody presses F5
    with qtbot.waitSignal(w.sync.sync_finished, timeout=30000) as finished:
        pass
    report = finished.args[0].report
    assert report.error is None and report.sent == {"respond": 2}
    assert "Online" in bar.connection.text() or "Terhubung" in bar.connection.text()
    assert not bar.retry.isVisibleTo(w)
    message = w.statusBar().currentMessage()
    assert re.search(r"2 (answer\(s\) sent|answers sent|jawaban terkirim)", message), message
