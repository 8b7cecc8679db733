"""The officer's main window: queue views on the left, the queue in the middle, the report and the
composer on the right, sync status at the bottom.

The window wires its parts together and reacts to what changed: writes announce their `Change`
through the op runner, sync runs announce their end, and each part refreshes only what it shows.
Keyboard: Enter opens, Ctrl+F searches, Ctrl+R replies, Ctrl+Shift+N writes an internal note,
F5 syncs, Ctrl+1…8 switch queue views.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from lapor_core.workflow import Role
from lapor_desk.services.queue import Arrival, QueueView
from lapor_desk.services.reports import ReportPage
from lapor_desk.views.composer import INTERNAL, PUBLIC, Composer
from lapor_desk.views.conflicts import ConflictsDialog
from lapor_desk.views.context import DeskContext
from lapor_desk.views.dialogs import NameDialog
from lapor_desk.views.ops import Op, OpRunner
from lapor_desk.views.queue_nav import NavEntry, QueueNav
from lapor_desk.views.queue_pane import QueuePane
from lapor_desk.views.report_view import ReportView
from lapor_desk.views.resources import icon
from lapor_desk.views.start_of_day import StartOfDayNotice, notice_bar
from lapor_desk.views.sync_status import SyncController, SyncOutcome, SyncStatusBar

log = logging.getLogger(__name__)

#: Milliseconds to wait before reloading counts after a burst of changes.
COUNTS_DEBOUNCE_MS = 300
#: Milliseconds between a row becoming current and its report being read (arrow-key scrolling).
OPEN_DEBOUNCE_MS = 80


#: the window's first size, cut to the screen it opens on (`MainWindow._fit_to_screen`)
DEFAULT_SIZE = (1600, 900)


class MainWindow(QMainWindow):
    logout_requested = Signal()
    """The officer chose "Log out"."""
    forget_requested = Signal()
    """The officer chose "Forget this computer" and confirmed it (after `logout_requested`)."""
    report_shown = Signal(str)
    """The report view shows a freshly loaded report: (report id)."""
    counts_loaded = Signal()
    """The navigation counts were refreshed."""

    def __init__(
        self,
        ctx: DeskContext,
        *,
        runner: OpRunner | None = None,
        ui_state: QSettings | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner or OpRunner.shared()
        self.ui_state = ui_state
        self._current_id: str | None = None
        #: reports that left the desk in a sync: {id: tombstone details} (who, where, when)
        self._departures: dict[str, dict] = {}
        self._page_generation = 0
        self._sized = False
        self._open_first = True
        self.last_notification = ""
        self.setWindowTitle(self._title())
        self.setWindowIcon(icon("app"))

        self.nav = QueueNav(self)
        self.queue_pane = QueuePane(ctx.queue, self)
        self.report_view = ReportView(
            ctx.fetch_attachment,
            self,
            read_cached=ctx.read_attachment,
            read_preview=ctx.read_preview,
        )
        self.composer = Composer(
            ctx.reports, ctx.actions, ctx.templates, opd_name=ctx.opd_name, parent=self
        )
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(self.report_view)
        right.addWidget(self.composer)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        right.setSizes([520, 300])
        right.setChildrenCollapsible(False)
        self.right_splitter = right
        main = QSplitter(Qt.Orientation.Horizontal, self)
        main.addWidget(self.nav)
        main.addWidget(self.queue_pane)
        main.addWidget(right)
        main.setStretchFactor(0, 0)
        main.setStretchFactor(1, 3)
        main.setStretchFactor(2, 2)
        main.setSizes([190, 880, 530])
        self.main_splitter = main
        queue_page = QWidget(self)
        layout = QVBoxLayout(queue_page)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(main)
        # A koordinator or pimpinan works in the coordinator's screens; the officer's queue is
        # one more tab there. An OPD officer sees the queue alone.
        self.coordinator = ctx.make_coordinator(self) if ctx.make_coordinator else None
        if self.coordinator is not None:
            self.coordinator.addTab(queue_page, icon("all"), self.tr("All reports"))
            self.setCentralWidget(self.coordinator)
        else:
            self.setCentralWidget(queue_page)

        # The administration pane (issue 15): an admin's, or a koordinator's remit.
        self.admin_pane = ctx.make_admin(self) if ctx.make_admin and self.coordinator else None
        if self.admin_pane is not None:
            self.coordinator.addTab(self.admin_pane, icon("person"), self.tr("Administration"))

        self.sync: SyncController | None = ctx.make_sync(self) if ctx.make_sync else None
        if self.sync is not None and self.admin_pane is not None:
            self.admin_pane.sync_requested.connect(self.sync.local_change)
            self.sync.sync_finished.connect(lambda _outcome: self.admin_pane.sync_finished())
        if self.sync is not None and hasattr(self.coordinator, "hold_sync"):
            self.coordinator.hold_sync.connect(self.sync.hold)
        self.sync_bar: SyncStatusBar | None = None
        if self.sync is not None:
            self.sync_bar = SyncStatusBar(self.sync, self)
            self.statusBar().addPermanentWidget(self.sync_bar)
            self.sync_bar.conflicts_requested.connect(self.show_conflicts)
            self.sync.sync_finished.connect(self._on_sync_sync_finished)
            self.sync.reports_arrived.connect(self._on_sync_reports_arrived)
        # The day's digest, once per local day (views/start_of_day.py).
        self.start_of_day = StartOfDayNotice(ctx.start_of_day, self)
        self.start_of_day_bar = notice_bar(self.start_of_day, self)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.start_of_day_bar)
        self.start_of_day.show_requested.connect(self._on_start_of_day_show_requested)
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(icon("app"), self)
            self.tray.setToolTip(self.tr("LAPOR Desk"))
            self.tray.show()
        self.start_of_day.appeared.connect(self._on_start_of_day_appeared)

        self._counts_timer = QTimer(self)
        self._counts_timer.setSingleShot(True)
        self._counts_timer.setInterval(COUNTS_DEBOUNCE_MS)
        self._counts_timer.timeout.connect(self.refresh_counts)
        self._open_timer = QTimer(self)
        self._open_timer.setSingleShot(True)
        self._open_timer.setInterval(OPEN_DEBOUNCE_MS)
        self._open_timer.timeout.connect(self._load_current_report)

        self._build_menus()
        self.nav.entry_chosen.connect(self._on_nav_entry_chosen)
        self.nav.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.nav.customContextMenuRequested.connect(self._on_nav_context_menu_requested)
        self.queue_pane.current_report_changed.connect(self._on_queue_current_report_changed)
        self.queue_pane.open_report_requested.connect(self._on_queue_open_report_requested)
        self.queue_pane.save_view_requested.connect(self._on_queue_save_view_requested)
        self.queue_pane.keys_loaded.connect(self._on_queue_keys_loaded)
        self.composer.left_desk.connect(self._on_composer_left_desk)
        self.runner.changes_applied.connect(self._on_runner_changes_applied)

        self._fit_to_screen(DEFAULT_SIZE)
        self._restore_ui_state()
        self.start_of_day_bar.setVisible(False)  # until today's notice is due (not as last saved)
        # The queue comes first; the counts (a pass over every report), the filter choices and
        # the saved views follow once it is on screen, so they do not delay the first paint.
        self.queue_pane.keys_loaded.connect(self._on_first_keys_loaded)
        first = QueueView.NEW if ctx.account.role == Role.PETUGAS else QueueView.ALL
        self.nav.select_key(first.value)

    def _on_first_keys_loaded(self, _count: int) -> None:
        self.queue_pane.keys_loaded.disconnect(self._on_first_keys_loaded)
        self.refresh_counts()
        self.reload_reference()
        self.reload_saved_views()

    def reload_reference(self) -> None:
        """Refill every list of reference data (filters; the coordinator's forms)."""
        Op(self, self.ctx.queue.filter_choices).success(
            lambda choices: self.queue_pane.filters.set_choices(*choices)
        ).run()
        if self.coordinator is not None and hasattr(self.coordinator, "reload_reference"):
            self.coordinator.reload_reference()

    def _title(self) -> str:
        a = self.ctx.account
        who = a.display_name or a.username
        opd = f" · {self.ctx.opd_name}" if self.ctx.opd_name else ""
        return self.tr("LAPOR Desk — %1").replace("%1", f"{who}{opd}")

    # -- menus and shortcuts -----------------------------------------------------------------
    def _action(self, text: str, shortcut: Any = None, slot=None, icon_name: str | None = None):
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon_name:
            action.setIcon(icon(icon_name))
        if slot is not None:
            action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        desk = bar.addMenu(self.tr("&Desk"))
        self.sync_action = self._action(self.tr("Sync now"), "F5", self.sync_now, "sync")
        desk.addAction(self.sync_action)
        desk.addAction(self._action(self.tr("Conflicts…"), None, self.show_conflicts))
        desk.addSeparator()
        if self.ctx.settings_editor is not None:
            desk.addAction(self._action(self.tr("Settings…"), None, self._on_settings_triggered))
        desk.addAction(self._action(self.tr("Log out"), None, self._on_logout_triggered))
        self.forget_action = self._action(
            self.tr("Forget this computer…"), None, self._on_forget_triggered
        )
        desk.addAction(self.forget_action)
        desk.addAction(self._action(self.tr("Quit"), QKeySequence.StandardKey.Quit, self.close))

        report = bar.addMenu(self.tr("&Report"))
        report.addAction(self._action(self.tr("Reply to reporter"), "Ctrl+R", self.reply, "reply"))
        report.addAction(
            self._action(self.tr("Internal note"), "Ctrl+Shift+N", self.write_note, "note")
        )
        report.addAction(
            self._action(self.tr("Search"), None, self.queue_pane.filters.focus_search, "search")
        )
        report.addAction(self._action(self.tr("Response templates…"), None, self._on_templates))

        views = bar.addMenu(self.tr("&View"))
        for number, view in enumerate(QueueView, start=1):
            from lapor_desk.views.labels import queue_view_label

            views.addAction(
                self._action(
                    queue_view_label(view.value),
                    f"Ctrl+{number}",
                    lambda _=False, v=view: self.show_view(v.value),
                )
            )
        views.addSeparator()
        views.addAction(
            self._action(self.tr("Save current filters as a view…"), None, self._save_view)
        )

        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self._action(self.tr("User guide"), "F1", self.show_guide))
        help_menu.addAction(self._action(self.tr("Keyboard shortcuts"), None, self.show_shortcuts))
        help_menu.addSeparator()
        help_menu.addAction(self._action(self.tr("About LAPOR Desk"), None, self.show_about))

    def show_view(self, key: str) -> None:
        """Ctrl+1…8: switch the queue view and put the focus on the queue (arrow keys, Enter)."""
        self.nav.select_key(key)
        self.queue_pane.focus_table()

    # -- queue and counts --------------------------------------------------------------------
    def refresh_counts(self) -> None:
        Op(self, self.ctx.queue.counts).success(self._on_counts_loaded).run()

    def _on_counts_loaded(self, counts) -> None:
        self.nav.nav_model.set_counts(counts)
        self.counts_loaded.emit()

    def reload_saved_views(self, select: str | None = None) -> None:
        def show(saved) -> None:
            current = select or (self.nav.current_entry().key if self.nav.current_entry() else None)
            self.nav.nav_model.set_saved_views(saved)
            if current:
                self.nav.select_key(current)

        Op(self, self.ctx.queue.saved_views).success(show).run()

    def _on_nav_entry_chosen(self, entry: NavEntry) -> None:
        self._open_first = True
        self.queue_pane.show_filter(entry.filter())

    def _on_queue_keys_loaded(self, _count: int) -> None:
        # A newly chosen view opens its first report; typing a search or changing a filter
        # does not (each keystroke would load and render a report nobody asked for).
        if self._open_first:
            self._open_first = False
            self.queue_pane.select_first()

    def _on_nav_context_menu_requested(self, pos) -> None:
        entry = self.nav.nav_model.entry(self.nav.indexAt(pos).row())
        if entry is None or entry.saved is None:
            return
        menu = QMenu(self)
        remove = menu.addAction(self.tr("Delete this view"))
        chosen = menu.exec(self.nav.viewport().mapToGlobal(pos))
        if chosen is remove:
            Op(self, self.ctx.queue.delete_view, entry.saved.name).success(
                lambda _r: self.reload_saved_views(QueueView.ALL.value)
            ).run()

    def _save_view(self) -> None:
        self._on_queue_save_view_requested(self.queue_pane.current_filter())

    def _on_queue_save_view_requested(self, flt) -> None:
        name = NameDialog.ask(self, self.tr("Save view"), self.tr("Name of the view"))
        if not name:
            return
        Op(self, self.ctx.queue.save_view, name, flt).success(
            lambda saved: self.reload_saved_views(f"saved:{saved.name}")
        ).run()

    # -- the open report ---------------------------------------------------------------------
    def _on_queue_current_report_changed(self, report_id: str) -> None:
        if report_id and report_id == self._current_id:
            # The same report selected again (a filter or a refresh kept it): it is on screen
            # already, and changes to it reload it through the change signals. Re-reading and
            # re-rendering it here made every query wait behind a report render.
            return
        if not report_id and self._current_id and self._shows_departed(self._current_id):
            # The open report just left the desk and so the queue: it stays on screen, read-only,
            # saying where it went, until the officer opens another one.
            return
        self._current_id = report_id or None
        if not report_id:
            self.composer.set_page(None)
            self.report_view.show_placeholder()
            return
        self._open_timer.start()

    def _on_queue_open_report_requested(self, report_id: str) -> None:
        if report_id != self._current_id:
            self._current_id = report_id
        self._load_current_report()
        self.report_view.document.setFocus()

    def open_report(self, report_id: str) -> None:
        """Show a report (also one not in the current view, e.g. from a notification)."""
        self._current_id = report_id
        self._load_current_report()

    def _load_current_report(self) -> None:
        self._open_timer.stop()
        report_id = self._current_id
        if not report_id:
            return
        self._page_generation += 1
        generation = self._page_generation
        Op(self, self.ctx.reports.page, report_id).success(
            lambda page: self._on_page_loaded(generation, page)
        ).failure(lambda exc: self._on_page_failed(generation, exc)).run()

    def _on_page_loaded(self, generation: int, page: ReportPage) -> None:
        if generation != self._page_generation:
            return
        from lapor_desk.views.departure import left_the_desk

        account = self.ctx.account
        left = left_the_desk(page, account.role, account.agency_code)
        self.report_view.show_page(page)
        self.composer.set_page(page)
        if left:
            self.report_view.show_departure(left)
        else:
            self._departures.pop(page.id, None)  # back at this OPD (or never gone)
            self.report_view.clear_departure()
        self.composer.set_left(left)
        self.report_shown.emit(page.id)

    def _shows_departed(self, report_id: str) -> bool:
        page = self.report_view.page
        return (
            page is not None
            and page.id == report_id
            and (bool(self.report_view.departure()) or report_id in self._departures)
        )

    def _show_departed(self, report_id: str) -> bool:
        """The open report is gone from the store: keep it on screen, read-only, and say where
        it went (from the sync's tombstone). False when it is not the report on screen."""
        page = self.report_view.page
        if page is None or page.id != report_id:
            return False
        from lapor_desk.views.departure import departure_from_tombstone

        text = departure_from_tombstone(self._departures.get(report_id))
        self.report_view.show_departure(text)
        self.composer.set_left(text)
        return True

    def _on_composer_left_desk(self, report_id: str) -> None:
        if report_id == self._current_id and report_id in self._departures:
            self._show_departed(report_id)

    def _on_page_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._page_generation:
            return
        from lapor_desk.errors import NotFoundError
        from lapor_desk.views.errors import describe

        if (
            isinstance(exc, NotFoundError)
            and self._current_id
            and self._show_departed(self._current_id)
        ):
            return

        self.composer.set_page(None)
        self.report_view.show_placeholder(" ".join(describe(exc)))

    def reply(self) -> None:
        self.composer.focus_editor(PUBLIC)

    def write_note(self) -> None:
        self.composer.focus_editor(INTERNAL)

    # -- changes and sync --------------------------------------------------------------------
    def _on_runner_changes_applied(self, change: Any, _initiator: Any) -> None:
        report_ids = getattr(change, "report_ids", None) or frozenset()
        kinds = getattr(change, "kinds", None) or frozenset()
        if "report" in kinds or "outbox" in kinds:
            self.queue_pane.invalidate_rows(report_ids)
            self._counts_timer.start()
            if self._current_id in report_ids:
                self._load_current_report()
        if "outbox" in kinds and self.sync is not None:
            self.sync.local_change()

    def sync_now(self) -> None:
        if self.sync is not None:
            self.sync.request_now()

    def _on_start_of_day_appeared(self, sentence: str) -> None:
        self.last_notification = sentence
        if self.tray is not None and self.ctx.notifications:
            self.tray.showMessage(self.tr("LAPOR Desk"), sentence)

    def _on_start_of_day_show_requested(self, digest) -> None:
        """The reports behind the day's digest: the officer's late (or due-soon) queue, the
        coordinator's escalated reports."""
        if self.coordinator is not None and hasattr(self.coordinator, "deadlines"):
            self.coordinator.setCurrentWidget(self.coordinator.deadlines)
            self.coordinator.deadlines._on_escalation_clicked()
        else:
            late = digest is not None and digest.overdue
            self.nav.select_key((QueueView.OVERDUE if late else QueueView.DUE_SOON).value)

    def _on_sync_sync_finished(self, outcome: SyncOutcome) -> None:
        self.start_of_day.check()  # the first sync after midnight brings the day's notice
        report = outcome.report
        self._departures.update(getattr(report, "departures", None) or {})
        if getattr(report, "reference_updated", False):
            self.reload_reference()
        if self.coordinator is not None:
            self.coordinator.refresh()
        changed = getattr(report, "changed_report_ids", None)
        removed = getattr(report, "reports_removed", 0)
        if changed or removed or getattr(report, "full_resync", False):
            self.queue_pane.refresh()
            self.refresh_counts()
            if self._current_id and (removed or self._current_id in (changed or ())):
                self._load_current_report()
        error = getattr(report, "error", None)
        from lapor_desk.errors import OfflineError
        from lapor_desk.views.sync_status import sent_text

        sent = sent_text(getattr(report, "sent", None))
        if sent:
            # Back online: say what went out ("2 jawaban terkirim").
            self.last_notification = sent
            self.statusBar().showMessage(sent, 20000)
        elif isinstance(error, OfflineError):
            # The permanent part says "Offline" with the countdown (full sentence as tooltip);
            # a long sentence here was only cut off.
            self.statusBar().clearMessage()
        elif error is not None:
            # Sync failures are no reason for a popup: the desk keeps working and retries.
            from lapor_desk.views.errors import describe

            sentence, next_step = describe(error)
            self.statusBar().showMessage(sentence, 30000)
            self.statusBar().setToolTip(f"{sentence} {next_step}")

    def _on_sync_reports_arrived(self, arrivals: list[Arrival]) -> None:
        if not arrivals or not self.ctx.notifications:
            return
        if len(arrivals) == 1:
            a = arrivals[0]
            text = self.tr("New report %1: %2").replace("%1", a.tracking_id).replace("%2", a.title)
        else:
            text = self.tr("%n new report(s) for your OPD", "", len(arrivals))
        self.last_notification = text
        if self.tray is not None and QSystemTrayIcon.supportsMessages():
            self.tray.showMessage(self.tr("LAPOR Desk"), text, icon("app"), 8000)
        else:
            self.statusBar().showMessage(text, 15000)

    def show_conflicts(self) -> ConflictsDialog:
        dialog = ConflictsDialog.open_for(self, self.ctx.actions)
        dialog.resolved.connect(self._on_conflict_resolved)
        return dialog

    def _on_conflict_resolved(self, report_id: str) -> None:
        if self.sync is not None:
            self.sync.refresh_status()
        if report_id == self._current_id:
            self._load_current_report()

    # -- dialogs -----------------------------------------------------------------------------
    def _on_templates(self) -> None:
        from lapor_desk.views.templates_dialog import TemplatesDialog

        TemplatesDialog.manage(self, self.ctx.templates)

    def _on_settings_triggered(self) -> None:
        if self.ctx.settings_editor is not None:
            self.ctx.settings_editor(self)

    def _on_logout_triggered(self) -> None:
        text = self.tr(
            "Log out of this desk? The key of the encrypted local data is destroyed: nothing "
            "of the queue can be read on this computer any more, and it comes back from the "
            "server at the next login."
        )
        unsent = self._unsent()
        if unsent:
            text += "\n\n" + self.tr(
                "%n unsent item(s) will be lost. Choose No and sync first to keep them.", "", unsent
            )
        answer = QMessageBox.question(
            self,
            self.tr("Log out"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.logout_requested.emit()
            self.close()

    def _unsent(self) -> int:
        try:
            status = self.ctx.queue.sync_status()  # one small indexed count
            return status.pending + status.conflicts
        except Exception:  # the question must still come up
            return 0

    def _on_forget_triggered(self) -> None:
        from lapor_desk.views.forget import ask_forget

        choice = ask_forget(self, self._unsent())
        if choice == "send":
            self.sync_now()
            self.statusBar().showMessage(
                self.tr(
                    "Sending the unsent work. Choose Forget this computer again when the "
                    "status bar shows that everything is sent."
                ),
                15_000,
            )
        elif choice == "forget":
            self.logout_requested.emit()
            self.forget_requested.emit()
            self.close()

    def show_about(self) -> None:
        from lapor_desk.views.about import show_about

        show_about(self, self.ctx.log_path)

    def show_guide(self):
        from lapor_desk.views.help import GuideDialog

        dialog = GuideDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def show_shortcuts(self):
        from lapor_desk.views.help import ShortcutsDialog

        dialog = ShortcutsDialog(self.actions(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    # -- window state ------------------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.start_of_day.check()  # the first start of the day
        if not self._sized:
            # First show without a remembered layout: give the report pane a readable width.
            self._sized = True
            width = self.main_splitter.width()
            right = max(480, int(width * 0.3))
            self.main_splitter.setSizes([190, max(400, width - 190 - right), right])

    def _fit_to_screen(self, size: tuple[int, int]) -> None:
        """At most `size`, and never larger than the screen's free area: a 1366 x 768 laptop (the
        common office screen) must show the whole window, report pane included."""
        width, height = size
        screen = self.screen() or QApplication.primaryScreen()
        if screen is not None:
            area = screen.availableGeometry()
            width, height = min(width, area.width()), min(height, area.height())
        self.resize(width, height)

    def _restore_ui_state(self) -> None:
        if self.ui_state is None:
            return
        for key, apply in (
            ("geometry", self.restoreGeometry),
            ("state", self.restoreState),
            ("main_splitter", self.main_splitter.restoreState),
            ("right_splitter", self.right_splitter.restoreState),
            ("queue_header", self.queue_pane.table.horizontalHeader().restoreState),
        ):
            value = self.ui_state.value(f"main_window/{key}")
            if isinstance(value, QByteArray | bytes):
                apply(QByteArray(value))
                self._sized = True
        # A layout saved on a larger monitor, restored on a laptop: keep it on this screen.
        self._fit_to_screen((self.width(), self.height()))
        chosen = self.ui_state.value("main_window/queue_columns")
        if isinstance(chosen, str) and chosen:
            try:
                self.queue_pane.set_chosen_columns(json.loads(chosen))
            except (ValueError, AttributeError):
                pass  # a damaged value: fit the columns to the width instead

    def _save_ui_state(self) -> None:
        if self.ui_state is None:
            return
        self.ui_state.setValue("main_window/geometry", self.saveGeometry())
        self.ui_state.setValue("main_window/state", self.saveState())
        self.ui_state.setValue("main_window/main_splitter", self.main_splitter.saveState())
        self.ui_state.setValue("main_window/right_splitter", self.right_splitter.saveState())
        self.ui_state.setValue(
            "main_window/queue_header", self.queue_pane.table.horizontalHeader().saveState()
        )
        self.ui_state.setValue(
            "main_window/queue_columns", json.dumps(self.queue_pane.chosen_columns())
        )
        self.ui_state.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.composer.save_draft_now()
        self._save_ui_state()
        self.report_view.end_presence()  # others stop seeing us on the report at once
        if self.sync is not None:
            self.sync.stop()
        if self.tray is not None:
            self.tray.hide()
        super().closeEvent(event)
        QApplication.processEvents()
