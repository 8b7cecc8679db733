"""Issue 18, item 7: the coordinator's tables at 1366×768. Judul is readable, "Di OPD" says which
OPD, the screening buttons are above the fold, the 45 OPDs filter as one types, and a bulk dispatch
is confirmed first and can be undone while it has not been sent."""

from __future__ import annotations

import json
from datetime import date

import pytest
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtWidgets import QMainWindow

from lapor_desk.models.account import Account
from lapor_desk.models.store import Store
from lapor_desk.services.coordinator import CoordinatorList, CoordinatorService
from lapor_desk.services.queue import QueueFilter
from lapor_desk.views.coordinator import disposisi as disposisi_module
from lapor_desk.views.coordinator.desk import CoordinatorDesk
from lapor_desk.views.queue_model import COLUMNS
from tests.desk._coordinator_data import load, make_snapshots

TODAY = date(2026, 3, 18)
KOOR = Account("https://lapor.example", "koor", "koordinator", None, "Koordinator Diskominfo")


@pytest.fixture
def desk(qtbot, runner, tmp_path):
    from lapor_desk.tools.build_translations import release
    from lapor_desk.views.i18n import install_translators

    release()
    install_translators("id")
    store = Store.open(tmp_path / "koor.sqlite3")
    load(store, make_snapshots(300, TODAY, seed=21))
    service = CoordinatorService(store, KOOR, today=lambda: TODAY)
    window = QMainWindow()
    qtbot.addWidget(window)
    d = CoordinatorDesk(service, window)
    window.setCentralWidget(d)
    window.menuBar().addMenu("Desk")
    window.statusBar().showMessage("x")
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: runner.pending() == 0, timeout=10000)
    d.window_ = window
    yield d
    runner.shutdown(wait=True)
    store.close()
    install_translators("en")


def _outbox(service):
    with service.store.read_conn() as conn:
        return [
            (r[0], r[1], r[2])
            for r in conn.exec_driver_sql("SELECT report_id, kind, state FROM outbox ORDER BY seq")
        ]


def test_lists_are_readable_and_say_which_opd(qtbot, desk, runner):
    desk.setCurrentWidget(desk.disposisi)
    qtbot.waitUntil(lambda: runner.pending() == 0, timeout=10000)
    pane = desk.disposisi
    for lst in (pane.waiting, pane.at_opd):
        pane.tabs.setCurrentWidget(lst)
        lst.refresh()
        qtbot.waitUntil(lambda lst=lst: lst.model.rowCount() > 0, timeout=10000)
        qtbot.wait(20)
        header = lst.table.horizontalHeader()
        assert header.sectionSize(COLUMNS.index("title")) >= 100  # not "Ka…"
        for key in lst.columns.visible():
            i = COLUMNS.index(key)
            right = header.sectionViewportPosition(i) + header.sectionSize(i)
            assert right <= lst.table.viewport().width(), key
    assert "agency" in pane.at_opd.columns.visible()
    i = COLUMNS.index("agency")
    name = pane.at_opd.model.data(pane.at_opd.model.index(0, i))
    assert name and name != "-"


def test_screening_buttons_are_above_the_fold(qtbot, desk, runner):
    desk.setCurrentWidget(desk.screening)
    qtbot.waitUntil(lambda: runner.pending() == 0, timeout=10000)
    window = desk.window_
    for button in (desk.screening.form.verify_button, desk.screening.form.dispatch_button):
        assert button.isVisible()
        bottom = button.mapTo(window, QPoint(0, button.height())).y()
        assert bottom <= window.height(), bottom


def test_the_opd_list_filters_as_one_types(qtbot, desk, runner):
    desk.setCurrentWidget(desk.disposisi)
    qtbot.waitUntil(lambda: runner.pending() == 0, timeout=10000)
    combo = desk.disposisi.agency
    assert combo.count() >= 40 and combo.isEditable()
    completer = combo.completer()
    completer.setCompletionPrefix("kesehatan")
    found = [
        completer.completionModel().index(r, 0).data() for r in range(completer.completionCount())
    ]
    assert any("Kesehatan" in f for f in found)


def test_bulk_dispatch_is_confirmed_and_can_be_undone_before_it_is_sent(
    qtbot, desk, runner, monkeypatch
):
    service = desk.service
    desk.setCurrentWidget(desk.disposisi)
    pane = desk.disposisi
    waiting = pane.waiting
    waiting.refresh()
    qtbot.waitUntil(lambda: waiting.model.rowCount() >= 3, timeout=10000)
    chosen = [waiting.model.key_at(r) for r in range(3)]
    selection = waiting.table.selectionModel()
    selection.clearSelection()
    for r in range(3):
        selection.select(
            waiting.model.index(r, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    pane.agency.setCurrentIndex(pane.agency.findData("dinkes"))
    asked = []
    answer = [False]
    monkeypatch.setattr(
        disposisi_module.BulkDispatchConfirm,
        "ask",
        classmethod(lambda cls, parent, n, agency: asked.append((n, agency)) or answer[0]),
    )
    qtbot.mouseClick(pane.dispatch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: runner.pending() == 0, timeout=5000)
    assert asked == [(3, "Dinas Kesehatan")] and _outbox(service) == []  # cancelled: nothing

    answer[0] = True
    holds = []
    desk.hold_sync.connect(holds.append)
    with qtbot.waitSignal(pane.changed, timeout=5000):
        qtbot.mouseClick(pane.dispatch_button, Qt.MouseButton.LeftButton)
    assert holds and holds[0] >= 5  # the sync keeps it here for the undo window
    assert pane.undo_button.isVisible()
    with qtbot.waitSignal(pane.changed, timeout=5000):
        qtbot.mouseClick(pane.undo_button, Qt.MouseButton.LeftButton)
    assert [(r, k, s) for r, k, s in _outbox(service)] == [
        (rid, "dispatch", "discarded") for rid in chosen
    ]
    with service.store.read_conn() as conn:
        rows = conn.exec_driver_sql(
            "SELECT status, agency_code FROM reports WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(chosen),),
        ).all()
        events = conn.exec_driver_sql("SELECT count(*) FROM events WHERE pending = 1").scalar_one()
    assert {tuple(r) for r in rows} == {("verified", None)} and events == 0
    assert not pane.undo_button.isVisible()


def test_an_undo_after_the_sync_sent_it_changes_nothing(desk):
    from lapor_desk.errors import ConflictError

    service = desk.service
    rid = service.queue.list_keys(CoordinatorList.DISPOSISI, QueueFilter())[0]
    service.screening.bulk_dispatch([rid], "dinkes")
    with service.store.write_conn() as conn:
        conn.exec_driver_sql("UPDATE outbox SET state = 'sending'")
    with pytest.raises(ConflictError):
        service.screening.undo_dispatch([rid])
    assert _outbox(service) == [(rid, "dispatch", "sending")]
