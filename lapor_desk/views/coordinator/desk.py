"""The coordinator desk: the coordinator's screens as tabs, wired to one `CoordinatorService`.

The main window shows this widget for a koordinator (all tabs) or a pimpinan (dashboard and
deadlines only, read-only). Writes announce their `Change` through `changed`; every tab refreshes
itself after its own writes, and the window passes sync results in through `refresh()`.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QLabel, QTabWidget, QVBoxLayout, QWidget

from lapor_desk.services.coordinator import CoordinatorService
from lapor_desk.services.dashboard import Period
from lapor_desk.services.pusat import PusatService
from lapor_desk.views.coordinator.common import ReportList
from lapor_desk.views.coordinator.dashboard import DashboardPane, default_recap_name
from lapor_desk.views.coordinator.deadlines import DeadlineOverviewPane
from lapor_desk.views.coordinator.disposisi import DisposisiPane
from lapor_desk.views.coordinator.league import LeaguePane
from lapor_desk.views.coordinator.recap import write_recap
from lapor_desk.views.coordinator.saved import default_path, saved_notice
from lapor_desk.views.coordinator.screening_inbox import ScreeningInbox
from lapor_desk.views.ops import Op
from lapor_desk.views.pusat.standing import StandingTab
from lapor_desk.views.resources import icon


class CoordinatorDesk(QTabWidget):
    """Screening, disposisi, deadlines, dashboard, the OPD league table and a drill-down list, as
    tabs."""

    changed = Signal(object)
    """A coordinator action was saved: (services `Change`)."""
    recap_written = Signal(str, int)
    """A monthly recap PDF was written: (path, pages)."""
    hold_sync = Signal(int)
    """Keep the outbox on this desk for (seconds): a bulk dispatch can still be undone."""

    def __init__(self, service: CoordinatorService, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = service
        self.setDocumentMode(True)
        self.screening: ScreeningInbox | None = None
        self.disposisi: DisposisiPane | None = None
        if not service.read_only:
            self.screening = ScreeningInbox(service, self)
            self.disposisi = DisposisiPane(service, self)
            self.addTab(self.screening, icon("inbox"), self.tr("Screening"))
            self.addTab(self.disposisi, icon("follow_up"), self.tr("Disposisi"))
            for pane in (self.screening, self.disposisi):
                pane.changed.connect(self._on_pane_changed)
            self.disposisi.hold_sync.connect(self.hold_sync)
        self.deadlines = DeadlineOverviewPane(service, self)
        self.dashboard = DashboardPane(service, self)
        self.league = LeaguePane(service, self)
        self.addTab(self.deadlines, icon("due_soon"), self.tr("Deadlines"))
        self.addTab(self.dashboard, icon("all"), self.tr("Dashboard"))
        self.addTab(self.league, icon("completed"), self.tr("OPD league"))
        self.results_title = QLabel(self)
        self.results = ReportList(service, title=self.tr("Reports"))
        results = QWidget(self)
        layout = QVBoxLayout(results)
        layout.addWidget(self.results_title)
        layout.addWidget(self.results, 1)
        self.results_index = self.addTab(results, icon("search"), self.tr("Drill-down"))
        # The region's rank among the regions, from the centre through this server (pusat)
        self.standing = StandingTab(PusatService(service.client_factory), self)
        self.addTab(self.standing, icon("all"), self.tr("National standing"))
        self.dashboard.reports_requested.connect(self._on_dashboard_reports_requested)
        self.dashboard.recap_requested.connect(self._on_dashboard_recap_requested)
        self.currentChanged.connect(self._on_current_changed)
        self._shown = False

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._shown:
            self._shown = True
            self.refresh()

    def refresh(self) -> None:
        """Reload the visible tab (after a sync or a write elsewhere)."""
        widget = self.currentWidget()
        if hasattr(widget, "refresh"):
            widget.refresh()

    def reload_reference(self) -> None:
        """Reference data (OPDs, categories, distrik) arrived: every tab's lists follow it."""
        for pane in (self.screening, self.disposisi):
            if pane is not None:
                pane.reload_reference()

    def _on_current_changed(self, _index: int) -> None:
        self.refresh()

    def _on_pane_changed(self, change) -> None:
        self.changed.emit(change)

    def _on_dashboard_reports_requested(self, title: str, what: dict) -> None:
        self.results_title.setText(title)
        self.setCurrentIndex(self.results_index)
        Op(self, self.service.drill_down, **what).success(
            lambda keys: self.results.set_fixed_keys(keys, title)
        ).run()

    def _on_dashboard_recap_requested(self, period: Period) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save monthly recap"),
            default_path(default_recap_name(period)),
            "PDF (*.pdf)",
        )
        if path:
            self.write_recap(path, period)

    def write_recap(self, path: str, period: Period) -> Op:
        """Compute the month's figures on a worker, then paint the PDF here (UI thread)."""

        def figures(progress=None, cancel=None):
            return self.service.dashboard(period), self.service.deadlines(period).meeting

        def paint(result) -> None:
            dash, meeting = result
            pages = write_recap(path, dash, meeting)
            Op(self, self.service.record_export, "recap_pdf", pages, str(period)).writes(self).run()
            self.last_saved_notice = saved_notice(
                self, path, self.tr("Monthly recap, %n page(s).", "", pages)
            )
            self.recap_written.emit(path, pages)

        return Op(self, figures).with_progress(self.tr("Preparing the recap…")).success(paint).run()
