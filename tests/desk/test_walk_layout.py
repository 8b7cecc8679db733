"""Issue 18, item 4: the queue laid out for 1366×768 first. The columns that matter (tracking id,
title, deadline, status, sync) are on screen with readable headers; the optional ones can be chosen;
cut text has a tooltip; the report pane does not widen when the "will be sent" line appears, and
that line goes once the answer is sent."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from lapor_desk.services.queue import QueueView
from lapor_desk.views.composer import INTERNAL
from lapor_desk.views.main_window import MainWindow
from lapor_desk.views.queue_model import COLUMNS

ESSENTIAL = ("tracking_id", "title", "deadline", "status", "sync")


@pytest.fixture
def window(qtbot, runner, desk_context, snapshot):
    from lapor_desk.tools.build_translations import release
    from lapor_desk.views.i18n import install_translators

    release()
    install_translators("id")  # the desk's default language, whose words are longer

    def make(width: int, height: int) -> MainWindow:
        snaps = [snapshot(n, status="in_progress") for n in range(1, 30)]
        snaps[0]["title"] = "Jalan rusak parah " * 8  # a long title
        w = MainWindow(desk_context(snaps), runner=runner)
        qtbot.addWidget(w)
        w.resize(width, height)
        w.show()
        qtbot.waitExposed(w)
        qtbot.waitUntil(lambda: w.nav.nav_model.count(QueueView.ALL) is not None, timeout=5000)
        w.nav.select_key(QueueView.ALL.value)
        qtbot.waitUntil(lambda: w.queue_pane.model.rowCount() > 0, timeout=5000)
        qtbot.waitUntil(lambda: runner.pending() == 0, timeout=5000)
        return w

    yield make
    install_translators("en")


def _on_screen(w: MainWindow, key: str) -> bool:
    table = w.queue_pane.table
    header = table.horizontalHeader()
    i = COLUMNS.index(key)
    if header.isSectionHidden(i):
        return False
    left = header.sectionViewportPosition(i)
    return left >= 0 and left + header.sectionSize(i) <= table.viewport().width()


def _header_readable(w: MainWindow, key: str) -> bool:
    header = w.queue_pane.table.horizontalHeader()
    i = COLUMNS.index(key)
    text = w.queue_pane.model.headerData(i, Qt.Orientation.Horizontal)
    return header.sectionSize(i) >= header.fontMetrics().horizontalAdvance(text) + 12


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_the_columns_that_matter_are_on_screen_and_readable(qtbot, window, size):
    w = window(*size)
    for key in ESSENTIAL:
        assert _on_screen(w, key), key
        assert _header_readable(w, key), key
    for key in w.queue_pane.visible_columns():
        assert _on_screen(w, key) and _header_readable(w, key), key
    # The deadline text is never cut: its column holds the longest wording.
    table, model = w.queue_pane.table, w.queue_pane.model
    col = COLUMNS.index("deadline")
    for row in range(min(model.rowCount(), 20)):
        text = model.data(model.index(row, col)) or ""
        assert table.fontMetrics().horizontalAdvance(text) < table.columnWidth(col)
    if size == (1920, 1080):
        fitter = w.queue_pane.columns
        offered = set(fitter.essential) | set(fitter.optional)
        assert set(w.queue_pane.visible_columns()) == offered  # room for everything


def test_optional_columns_can_be_chosen_and_cut_text_has_a_tooltip(qtbot, window):
    w = window(1366, 768)
    pane = w.queue_pane
    menu = pane.column_menu()
    titles = {a.text(): a for a in menu.actions()}
    assert len(titles) == len(pane.columns.essential) + len(pane.columns.optional)
    essential_titles = {
        pane.model.headerData(COLUMNS.index(k), Qt.Orientation.Horizontal) for k in ESSENTIAL
    }
    assert all(not titles[t].isEnabled() for t in essential_titles)  # cannot be hidden
    district = pane.model.headerData(COLUMNS.index("district"), Qt.Orientation.Horizontal)
    assert not titles[district].isChecked()  # no room for it at 1366×768
    titles[district].setChecked(True)
    assert "district" in pane.visible_columns() and pane.chosen_columns() == {"district": True}
    qtbot.wait(20)
    for key in ESSENTIAL:  # choosing more never pushes the columns that matter off-screen
        assert _on_screen(w, key), key
    model = pane.model
    for col, key in enumerate(COLUMNS):
        if key in ("sync", "agency"):
            continue
        index = model.index(0, col)
        assert model.data(index, Qt.ItemDataRole.ToolTipRole), key


def test_the_report_pane_does_not_widen_and_the_sent_line_goes(qtbot, window, runner):
    w = window(1366, 768)
    rid = w.queue_pane.model.key_at(0)
    with qtbot.waitSignal(w.report_shown, timeout=5000):
        w.open_report(rid)
    qtbot.waitUntil(lambda: runner.pending() == 0, timeout=5000)
    sizes = w.main_splitter.sizes()
    w.composer.focus_editor(INTERNAL)
    qtbot.keyClicks(w.composer.editor, "Sudah dicek ke lokasi.")
    with qtbot.waitSignal(w.composer.sent, timeout=5000):
        qtbot.mouseClick(w.composer.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: runner.pending() == 0, timeout=5000)
    assert w.composer.draft_label.text()  # "saved; will be sent at the next sync"
    qtbot.wait(50)
    assert w.main_splitter.sizes() == sizes
    for key in ESSENTIAL:
        assert _on_screen(w, key), key
    # The sync sends it: the report comes back synced and the line goes away.
    with w.ctx.queue.store.write_conn() as conn:
        conn.exec_driver_sql("UPDATE outbox SET state = 'done'")
        conn.exec_driver_sql("UPDATE events SET pending = 0")
        conn.exec_driver_sql("UPDATE reports SET sync_state = 'synced' WHERE id = ?", (rid,))
    from types import SimpleNamespace

    from lapor_desk.views.sync_status import SyncOutcome

    report = SimpleNamespace(changed_report_ids={rid}, reports_removed=0, full_resync=False,
                             error=None)  # fmt: skip
    with qtbot.waitSignal(w.report_shown, timeout=5000):
        w._on_sync_sync_finished(SyncOutcome(report))
    assert w.composer.draft_label.text() == ""
