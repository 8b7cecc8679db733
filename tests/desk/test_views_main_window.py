"""The officer's main window over a real local store: queue views and counts, filtering and
search, opening a report, an anonymous report without identity, and every custom Qt model under
pytest-qt's model tester."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from lapor_desk.services.queue import QueueFilter, QueueView
from lapor_desk.views.conflicts import ConflictListModel
from lapor_desk.views.main_window import MainWindow
from lapor_desk.views.queue_model import COLUMNS, QueueTableModel
from lapor_desk.views.queue_nav import NavModel


@pytest.fixture
def window(qtbot, runner, desk_context):
    def make(**kwargs):
        ctx = desk_context(**kwargs)
        w = MainWindow(ctx, runner=runner)
        qtbot.addWidget(w)
        # The window starts on "Baru": wait for its first queries (keys, counts, filter choices).
        qtbot.waitUntil(lambda: w.nav.nav_model.count(QueueView.ALL) is not None, timeout=5000)
        qtbot.waitUntil(lambda: runner.pending() == 0, timeout=5000)
        return w

    return make


def shown_ids(w: MainWindow) -> list[str]:
    return w.queue_pane.model.keys()


def test_queue_views_show_counts_and_switch(qtbot, window):
    w = window()
    nav = w.nav.nav_model
    assert nav.count(QueueView.ALL) == 40 and nav.count(QueueView.NEW) == 10
    assert len(shown_ids(w)) == 10  # starts on Baru
    with qtbot.waitSignal(w.queue_pane.keys_loaded, timeout=5000):
        w.nav.select_key(QueueView.POSTPONED.value)
    rows = [w.queue_pane.model.row_data(i) for i in range(w.queue_pane.model.rowCount())]
    assert rows and {r.status for r in rows} == {"postponed"}
    label = nav.data(nav.index(nav.row_of("postponed")), Qt.ItemDataRole.DisplayRole)
    assert "(10)" in label


def test_search_and_filters_run_in_sql(qtbot, window):
    w = window()
    with qtbot.waitSignal(w.queue_pane.keys_loaded, timeout=5000):
        w.nav.select_key(QueueView.ALL.value)
    bar = w.queue_pane.filters
    with qtbot.waitSignal(w.queue_pane.keys_loaded, timeout=5000):
        bar.search.setText("puskesmas")
        qtbot.keyClick(bar.search, Qt.Key.Key_Return)
    ids = shown_ids(w)
    assert ids and len(ids) == 8
    titles = [w.queue_pane.model.row_data(i).title for i in range(len(ids))]
    assert all("Puskesmas" in t for t in titles)
    with qtbot.waitSignal(w.queue_pane.keys_loaded, timeout=5000):
        bar.district.setCurrentIndex(bar.district.findData("kuala_kencana"))
    rows = [w.queue_pane.model.row_data(i) for i in range(w.queue_pane.model.rowCount())]
    assert rows and all(r.district_name == "Kuala Kencana" for r in rows)
    assert w.queue_pane.current_filter() == QueueFilter(
        view=QueueView.ALL, text="puskesmas", district_code="kuala_kencana"
    )
    with qtbot.waitSignal(w.queue_pane.keys_loaded, timeout=5000):
        bar.clear()
    assert len(shown_ids(w)) == 40


def test_a_filter_that_keeps_the_open_report_does_not_read_it_again(qtbot, window, runner):
    """Re-rendering the open report after every query made each filter wait behind it."""
    w = window()
    with qtbot.waitSignal(w.queue_pane.keys_loaded, timeout=5000):
        w.nav.select_key(QueueView.ALL.value)
    w.queue_pane.table.selectRow(0)
    opened = w.queue_pane.current_key()
    qtbot.waitUntil(
        lambda: w.report_view.page is not None and w.report_view.page.id == opened,
        timeout=5000,
    )
    reads = []
    page = w.ctx.reports.page
    w.ctx.reports.page = lambda report_id: reads.append(report_id) or page(report_id)
    district = w.queue_pane.model.row_data(0).district_name
    bar = w.queue_pane.filters
    with qtbot.waitSignal(w.queue_pane.keys_loaded, timeout=5000):
        bar.district.setCurrentIndex(bar.district.findText(district))
    qtbot.waitUntil(lambda: runner.pending() == 0, timeout=5000)
    qtbot.wait(400)  # longer than the open debounce
    assert w.queue_pane.current_key() == opened
    assert reads == []
    # choosing another report still opens it
    w.queue_pane.table.selectRow(1)
    qtbot.waitUntil(lambda: reads == [w.queue_pane.current_key()], timeout=5000)


def test_header_click_sorts_through_sql(qtbot, window):
    w = window()
    header = w.queue_pane.table.horizontalHeader()
    with qtbot.waitSignal(w.queue_pane.keys_loaded, timeout=5000):
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)  # tracking id
    ids = shown_ids(w)
    tracking = [w.queue_pane.model.row_data(i).tracking_id for i in range(len(ids))]
    assert tracking == sorted(tracking)


def test_saved_view_appears_in_navigation(qtbot, window, monkeypatch):
    from lapor_desk.views.dialogs import NameDialog

    w = window()
    monkeypatch.setattr(NameDialog, "ask", classmethod(lambda cls, *a, **k: "Wania"))
    bar = w.queue_pane.filters
    with qtbot.waitSignal(w.queue_pane.keys_loaded, timeout=5000):
        bar.district.setCurrentIndex(bar.district.findData("wania"))
    w.queue_pane.filters.save_view_requested.emit()
    qtbot.waitUntil(lambda: w.nav.nav_model.row_of("saved:Wania") >= 0, timeout=5000)
    entry = w.nav.nav_model.entry(w.nav.nav_model.row_of("saved:Wania"))
    assert entry.filter().district_code == "wania"


def test_enter_opens_the_report_with_its_details(qtbot, window):
    w = window()
    table = w.queue_pane.table
    table.setFocus()
    table.selectRow(2)
    report_id = w.queue_pane.current_key()
    with qtbot.waitSignal(w.report_shown, timeout=5000) as shown:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert shown.args == [report_id]
    text = w.report_view.plain_text()
    page = w.report_view.page
    assert page.detail.tracking_id in text and page.detail.title in text
    assert page.district_name in text and "Jl. Budi Utomo" in text
    assert "-4.55000, 136.88000" in text  # coordinates
    assert w.composer.page is page


def test_anonymous_report_shows_no_identity(qtbot, window, snapshot):
    anonymous = snapshot(7, status="dispatched", reporter=None, is_anonymous=True)
    named = snapshot(8, status="dispatched", reporter={"name": "Yohanes Kum"})
    w = window(snapshots=[anonymous, named])
    with qtbot.waitSignal(w.report_shown, timeout=5000):
        w.open_report("r000008")
    assert "Yohanes Kum" in w.report_view.plain_text()
    with qtbot.waitSignal(w.report_shown, timeout=5000):
        w.open_report("r000007")
    text = w.report_view.plain_text()
    assert "Yohanes" not in text and "Warga" not in text
    assert w.report_view.page.detail.reporter_name is None
    html = w.report_view.document.toHtml()
    assert "anonymous.svg" in html  # the Anonim badge


def test_public_and_internal_timeline_entries_look_different(qtbot, window, snapshot):
    s = snapshot(4, status="in_progress")
    s["events"] = [
        *s["events"],
        {
            "id": "pub",
            "kind": "respond",
            "actor": "Rina",
            "agency_code": "dinas_pupr",
            "text": "Tim sudah ke lokasi.",
            "visibility": "public",
            "created_at": "2026-03-04T02:00:00+00:00",
            "attachments": [],
        },
        {
            "id": "int",
            "kind": "note",
            "actor": "Rina",
            "agency_code": "dinas_pupr",
            "text": "Anggaran belum turun.",
            "visibility": "internal",
            "created_at": "2026-03-04T03:00:00+00:00",
            "attachments": [],
        },
    ]
    w = window(snapshots=[s])
    with qtbot.waitSignal(w.report_shown, timeout=5000):
        w.open_report("r000004")
    html = w.report_view.render_html(w.report_view.page)
    # the last occurrence: the timeline (the citizen's conversation above it quotes the answer too)
    public = html[html.rindex("Tim sudah") - 700 : html.rindex("Tim sudah")]
    internal = html[html.index("Anggaran belum") - 700 : html.index("Anggaran belum")]
    assert "public.svg" in public and "#ebf4ff" in public
    assert "internal.svg" in internal and "#fffaeb" in internal
    assert "Internal note" in internal or "Catatan internal" in internal


def test_queue_model_passes_the_model_tester(qtmodeltester, desk_context):
    ctx = desk_context()
    model = QueueTableModel(ctx.queue.rows)
    model.set_keys(ctx.queue.keys(QueueFilter()))
    qtmodeltester.check(model)
    model.set_keys(ctx.queue.keys(QueueFilter(view=QueueView.OVERDUE)))
    model.invalidate()
    qtmodeltester.check(model)
    model.set_keys([*model.keys(), "vanished-report"])  # a tombstoned row shows disabled
    assert model.flags(model.index(model.rowCount() - 1, 0)) == Qt.ItemFlag.NoItemFlags
    qtmodeltester.check(model)


def test_nav_model_passes_the_model_tester(qtmodeltester, desk_context):
    ctx = desk_context()
    model = NavModel()
    model.set_counts(ctx.queue.counts())
    ctx.queue.save_view("Saya", QueueFilter(district_code="wania"))
    model.set_saved_views(ctx.queue.saved_views())
    qtmodeltester.check(model)
    model.set_saved_views([])
    qtmodeltester.check(model)


def test_conflict_model_passes_the_model_tester(qtmodeltester):
    from lapor_desk.services.actions import ConflictItem

    model = ConflictListModel()
    model.set_items(
        [
            ConflictItem(
                "op1",
                "r1",
                "Jalan rusak",
                "respond",
                "conflict",
                "Sudah kami perbaiki",
                "Laporan dialihkan ke Dinas Kesehatan",
                "reassigned",
                "2026-03-04T02:00:00+00:00",
                True,
                ("copy_to_draft", "discard"),
            )
        ]
    )
    qtmodeltester.check(model)


def test_keyboard_shortcuts_reach_the_composer_and_search(qtbot, window):
    w = window()
    w.show()
    qtbot.waitExposed(w)
    by_key = {a.shortcut().toString(): a for a in w.actions() if not a.shortcut().isEmpty()}
    assert {"Ctrl+R", "Ctrl+Shift+N", "F5", "Ctrl+1"} <= set(by_key)
    with qtbot.waitSignal(w.report_shown, timeout=5000):
        w.open_report("r000004")
    by_key["Ctrl+Shift+N"].trigger()
    assert w.composer.mode == "internal"
    by_key["Ctrl+R"].trigger()
    assert w.composer.mode == "public"
    with qtbot.waitSignal(w.queue_pane.keys_loaded, timeout=5000):
        by_key["Ctrl+6"].trigger()  # the sixth view: Terlambat
    assert w.nav.current_entry().view == QueueView.OVERDUE


def test_window_layout_is_remembered(qtbot, runner, desk_context, tmp_path):
    from PySide6.QtCore import QSettings

    state = QSettings(str(tmp_path / "ui-state.ini"), QSettings.Format.IniFormat)
    ctx = desk_context()
    first = MainWindow(ctx, runner=runner, ui_state=state)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    screen = first.screen().availableGeometry()
    first.resize(min(1300, screen.width() - 40), min(760, screen.height() - 40))
    # The title stretches (issue 18, item 4); the other columns keep the width the officer gave.
    status = COLUMNS.index("status")
    first.queue_pane.table.horizontalHeader().resizeSection(status, 177)
    size = first.size()
    first.close()
    second = MainWindow(ctx, runner=runner, ui_state=state)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert second.size() == size
    assert second.queue_pane.table.horizontalHeader().sectionSize(status) == 177
    qtbot.waitUntil(lambda: runner.pending() == 0, timeout=5000)


def test_the_window_fits_the_screen_it_opens_on(qtbot, runner, desk_context, tmp_path):
    """Its first size is cut to the screen's free area (a 1366 x 768 laptop shows the report
    pane too), and so is a layout saved on a larger monitor."""
    from PySide6.QtCore import QSettings

    from lapor_desk.views.main_window import DEFAULT_SIZE

    state = QSettings(str(tmp_path / "ui-state.ini"), QSettings.Format.IniFormat)
    ctx = desk_context()
    first = MainWindow(ctx, runner=runner, ui_state=state)
    qtbot.addWidget(first)
    area = first.screen().availableGeometry()
    assert first.width() == min(DEFAULT_SIZE[0], area.width())
    assert first.height() == min(DEFAULT_SIZE[1], area.height())
    first.show()
    qtbot.waitExposed(first)
    first.resize(area.width() + 600, area.height() + 400)  # as on a larger monitor
    first.close()  # saves the layout
    second = MainWindow(ctx, runner=runner, ui_state=state)
    qtbot.addWidget(second)
    assert second.width() <= area.width() and second.height() <= area.height()
    qtbot.waitUntil(lambda: runner.pending() == 0, timeout=5000)


def test_new_reports_are_announced(qtbot, window):
    from lapor_desk.services.queue import Arrival

    w = window()
    w._on_sync_reports_arrived([Arrival("r1", "MMK-1", "Jalan rusak di Kwamki")])
    assert "MMK-1" in w.last_notification and "Jalan rusak" in w.last_notification
    w._on_sync_reports_arrived([Arrival("r1", "MMK-1", "a"), Arrival("r2", "MMK-2", "b")])
    assert "2" in w.last_notification


def test_about_credits_the_map_data(qtbot):
    from lapor_desk.views.about import about_html

    html = about_html("/tmp/desk.log")
    assert "Badan Informasi Geospasial" in html and "Zxce3/papua-geojson-collections" in html
    assert "/tmp/desk.log" in html


def test_coordinator_gets_their_screens_with_the_queue_as_a_tab(qtbot, runner, desk_context):
    from dataclasses import replace

    from lapor_desk.models.account import Account
    from lapor_desk.services.coordinator import CoordinatorService
    from lapor_desk.views.coordinator.desk import CoordinatorDesk

    ctx = desk_context()
    koordinator = Account("https://lapor.mimikakab.go.id", "sari", "koordinator", None, "Sari")
    ctx = replace(
        ctx,
        account=koordinator,
        make_coordinator=lambda parent: CoordinatorDesk(
            CoordinatorService(ctx.queue.store, koordinator), parent
        ),
    )
    w = MainWindow(ctx, runner=runner)
    qtbot.addWidget(w)
    assert w.centralWidget() is w.coordinator
    last = w.coordinator.count() - 1
    assert w.coordinator.tabText(last) in ("All reports", "Semua laporan")
    qtbot.waitUntil(lambda: w.nav.nav_model.count(QueueView.ALL) == 40, timeout=5000)
    assert w.nav.current_entry().view == QueueView.ALL
    qtbot.waitUntil(lambda: runner.pending() == 0, timeout=5000)


def test_attachment_is_downloaded_on_demand_and_opened(
    qtbot, runner, desk_context, snapshot, monkeypatch
):
    from PySide6.QtGui import QDesktopServices

    sha = "ab" * 32
    with_photo = snapshot(4, status="dispatched")
    with_photo["attachments"] = [
        {"sha256": sha, "filename": "foto-jalan.jpg", "media_type": "image/jpeg", "size": 2048}
    ]
    fetched, opened = [], []

    def fetch(report_id, sha256, *, progress, cancel):
        fetched.append((report_id, sha256))
        return "/tmp/foto-jalan.jpg"

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url)))
    w = MainWindow(desk_context(snapshots=[with_photo], fetch_attachment=fetch), runner=runner)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.report_shown, timeout=5000):
        w.open_report("r000004")
    view = w.report_view
    assert view.attachments.count() == 1
    assert view.attachments.item(0).text().startswith("foto-jalan.jpg")
    with qtbot.waitSignal(view.attachment_opened, timeout=5000) as done:
        view.attachments.itemActivated.emit(view.attachments.item(0))
    assert fetched == [("r000004", sha)]
    assert done.args == ["/tmp/foto-jalan.jpg"] and opened[0].toLocalFile() == "/tmp/foto-jalan.jpg"


def test_a_newer_query_cancels_the_one_in_flight(qtbot, window):
    w = window()
    pane = w.queue_pane
    pane.refresh()
    first = pane._query
    with qtbot.waitSignal(pane.keys_loaded, timeout=5000):
        pane.filters.search.setText("puskesmas")
        qtbot.keyClick(pane.filters.search, Qt.Key.Key_Return)
    assert first is not None and first.is_cancelled
    assert pane._query is None  # the newest answered and is on screen
    assert shown_ids(w) == pane.queue.keys(pane.current_filter())
