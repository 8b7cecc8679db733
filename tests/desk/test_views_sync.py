"""The main window with a real sync engine and a real HTTPS server: first sync fills the queue,
work done offline waits in the outbox (status bar: offline, pending), and goes out on the next
sync; a report reassigned while the officer answered offline shows up as a conflict with its
reason, and the text can be copied back into the composer."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from lapor_desk.app import make_sync_controller
from lapor_desk.services.queue import QueueService, QueueView
from lapor_desk.services.reports import ReportService
from lapor_desk.services.templates import TemplateStore
from lapor_desk.views.context import DeskContext
from lapor_desk.views.dialogs import ConfirmSendDialog
from lapor_desk.views.main_window import MainWindow
from lapor_desk.views.queue_model import COLUMNS
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
        make_sync=lambda parent: make_sync_controller(desk.engine, queue, parent),
    )
    w = MainWindow(ctx, runner=runner)
    qtbot.addWidget(w)
    w.nav.select_key(QueueView.ALL.value)
    yield w, desk
    w.close()
    desk.close()


def sync(qtbot, w: MainWindow):
    with qtbot.waitSignal(w.sync.sync_finished, timeout=60000) as finished:
        w.sync_now()
    qtbot.waitUntil(lambda: w.sync.status is not None, timeout=5000)
    return finished.args[0]


def respond_in_gui(qtbot, w: MainWindow, report_id: str, text: str) -> None:
    with qtbot.waitSignal(w.report_shown, timeout=5000):
        w.open_report(report_id)
    w.composer.editor.setPlainText(text)
    with qtbot.waitSignal(w.composer.sent, timeout=5000):
        w.composer.send_button.click()


def test_offline_work_is_kept_and_sent_later(qtbot, world, online_window):
    w, desk = online_window
    ids = world.create_reports(2)
    outcome = sync(qtbot, w)
    assert outcome.report.error is None
    qtbot.waitUntil(lambda: w.nav.nav_model.count(QueueView.NEW) == 2, timeout=5000)
    assert w.sync_bar.connection.text() in ("Online", "Terhubung")

    desk.url = f"https://127.0.0.1:{free_port()}"  # the connection drops
    respond_in_gui(qtbot, w, ids[0], "Petugas kami sudah menjadwalkan perbaikan.")
    outcome = sync(qtbot, w)
    assert outcome.report.outcome == "offline"
    qtbot.waitUntil(lambda: w.sync.status.pending == 1, timeout=5000)
    assert w.sync_bar.pending.isVisibleTo(w)
    assert "Offline" in w.sync_bar.connection.text()
    model = w.queue_pane.model
    row = model.row_of(ids[0])
    assert row >= 0 and model.row_data(row).sync_state == "pending"
    tooltip = model.data(model.index(row, COLUMNS.index("sync")), Qt.ItemDataRole.ToolTipRole)
    assert "waiting to be sent" in tooltip or "menunggu dikirim" in tooltip

    [fresh] = world.create_reports(1)  # dispatched to the OPD while the desk was offline
    desk.url = world.srv.url  # back online
    outcome = sync(qtbot, w)
    assert outcome.report.error is None and outcome.report.applied == 1
    assert [a.id for a in outcome.arrivals] == [fresh]
    assert outcome.arrivals[0].tracking_id in w.last_notification
    qtbot.waitUntil(lambda: w.sync.status.pending == 0, timeout=5000)
    texts = [r.text for r in world.sql("SELECT text FROM report_events WHERE kind = 'respond'")]
    assert texts == ["Petugas kami sudah menjadwalkan perbaikan."]


def test_reassignment_while_offline_shows_a_conflict(qtbot, world, online_window):
    w, desk = online_window
    [rid] = world.create_reports(1)
    sync(qtbot, w)
    desk.url = f"https://127.0.0.1:{free_port()}"
    respond_in_gui(qtbot, w, rid, "Jawaban yang ditulis offline.")
    reassigned = world.coord(
        "reassign", rid, {"agency_code": "dinas_pupr", "reason": "Urusan jalan, bukan kesehatan"}
    )
    assert reassigned.outcome == "applied"

    desk.url = world.srv.url
    outcome = sync(qtbot, w)
    assert outcome.report.conflicts + outcome.report.rejected == 1
    qtbot.waitUntil(lambda: w.sync.status.conflicts == 1, timeout=5000)
    assert w.sync_bar.conflicts.isVisibleTo(w)

    dialog = w.show_conflicts()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=5000)
    item = dialog.model.item(0)
    assert item.text == "Jawaban yang ditulis offline."
    assert item.detail  # the server's reason, in words an officer understands
    assert dialog.text.toPlainText() == "Jawaban yang ditulis offline."
    # The report left this desk: a draft of it would be shown by no screen (issue 11), so
    # "copy to draft" is not offered; the text stays readable (and copyable) in the list.
    assert not dialog.copy_button.isEnabled()
    assert w.ctx.reports.drafts(rid) == {}
    dialog.close()
