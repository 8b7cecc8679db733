"""Disposisi: dispatch verified reports to an OPD (one or a selection at once), the "dikembalikan"
list of reports an OPD returned as bukan wewenang, and reassignment of reports already at an OPD.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lapor_desk.services.coordinator import CoordinatorList, CoordinatorService
from lapor_desk.services.reports import ReportPage
from lapor_desk.services.screening import ReturnedReport
from lapor_desk.views.coordinator.common import ReportList, fill_agencies, suggestion_rows
from lapor_desk.views.coordinator.redact import edit_public_text
from lapor_desk.views.forward_dialogs import ForwardDialog
from lapor_desk.views.ops import Op
from lapor_desk.views.report_view import ReportView, format_time
from lapor_desk.views.resources import icon


class ReassignDialog(QDialog):
    """Move a report from its OPD to another, with the reason the old OPD will read."""

    def __init__(
        self,
        agencies: list[tuple[str, str]],
        current: str | None,
        suggested: list[tuple[str, str, int]] = (),
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Reassign to another OPD"))
        names = dict(agencies)
        self.agency = QComboBox(self)
        self.agency.setAccessibleName(self.tr("New OPD"))
        fill_agencies(self.agency, agencies, suggested, exclude=current)
        self.reason = QPlainTextEdit(self)
        self.reason.setAccessibleName(self.tr("Reason"))
        self.reason.setPlaceholderText(self.tr("Why the report moves (the old OPD reads this)"))
        self.reason.setMaximumHeight(90)
        form = QFormLayout()
        form.addRow(self.tr("Now at"), QLabel(names.get(current or "", current or "-")))
        form.addRow(self.tr("New OPD"), self.agency)
        form.addRow(self.tr("Reason"), self.reason)
        hint = QLabel(
            self.tr(
                "The new OPD's 5 working days start now. Unsent work of the old OPD's officers "
                "comes back to them as a conflict; nothing they wrote is lost."
            ),
            self,
        )
        hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Reassign"))
        self.ok.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(
            lambda: self.ok.setEnabled(bool(self.reason.toPlainText().strip()))
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)

    def answer(self) -> tuple[str, str]:
        return self.agency.currentData(), self.reason.toPlainText().strip()


class ReturnedList(QTreeWidget):
    """Dikembalikan: reports OPDs returned as bukan wewenang, with who, when and why."""

    current_report_changed = Signal(str)
    """The highlighted report changed: (report id)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setColumnCount(6)
        self.setHeaderLabels(
            [
                self.tr("Tracking ID"),
                self.tr("Title"),
                self.tr("Returned by"),
                self.tr("Suggested OPD"),
                self.tr("Reason"),
                self.tr("Returned at"),
            ]
        )
        self.setRootIsDecorated(False)
        self.setAlternatingRowColors(True)
        self.setAccessibleName(self.tr("Returned reports"))
        self.setColumnWidth(0, 130)
        self.setColumnWidth(1, 260)
        self.setColumnWidth(2, 180)
        self.setColumnWidth(3, 180)
        self.setColumnWidth(4, 260)
        self.currentItemChanged.connect(self._on_current_item_changed)

    def show_reports(self, reports: list[ReturnedReport]) -> None:
        current = self.current_id()
        self.clear()
        for r in reports:
            suggested = r.suggested_agency_name or "-"
            item = QTreeWidgetItem(
                [
                    r.tracking_id,
                    r.title,
                    r.returned_by_name,
                    suggested,
                    r.reason,
                    format_time(r.returned_at),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, r.report_id)
            item.setToolTip(1, r.title)
            item.setToolTip(3, suggested)
            item.setToolTip(4, r.reason)
            if len(r.returned_by_all) > 1:
                item.setToolTip(
                    2, self.tr("Returned %n time(s) already", "", len(r.returned_by_all))
                )
            self.addTopLevelItem(item)
            if r.report_id == current:
                self.setCurrentItem(item)
        if self.currentItem() is None and self.topLevelItemCount():
            self.setCurrentItem(self.topLevelItem(0))

    def current_id(self) -> str | None:
        item = self.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item else None

    def _on_current_item_changed(self, current, _previous) -> None:
        self.current_report_changed.emit(
            current.data(0, Qt.ItemDataRole.UserRole) if current else ""
        )


#: Seconds a bulk dispatch waits on this desk before it is sent, and so can be undone.
UNDO_WINDOW_S = 10


class BulkDispatchConfirm:
    """ "Dispatch 12 reports to Dinas PUPR?" before a bulk dispatch (tests replace `ask`)."""

    @classmethod
    def ask(cls, parent: QWidget, count: int, agency: str) -> bool:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(QCoreApplication.translate("DisposisiPane", "Dispatch"))
        box.setText(
            QCoreApplication.translate(
                "DisposisiPane", "Dispatch %n report(s) to %1?", "", count
            ).replace("%1", agency)
        )
        box.setInformativeText(
            QCoreApplication.translate(
                "DisposisiPane", "You can undo it for %1 seconds, before it is sent."
            ).replace("%1", str(UNDO_WINDOW_S))
        )
        go = box.addButton(
            QCoreApplication.translate("DisposisiPane", "Dispatch"),
            QMessageBox.ButtonRole.AcceptRole,
        )
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is go


class DisposisiPane(QWidget):
    """Verified reports → OPD. Tabs: waiting, returned, at an OPD (reassignment)."""

    changed = Signal(object)
    """A disposisi was saved: (services `Change`)."""
    hold_sync = Signal(int)
    """Keep this desk's outbox here for (seconds): the undo window of a bulk dispatch."""

    def __init__(self, service: CoordinatorService, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = service
        self._undoable: list[str] = []
        self._agencies: list[tuple[str, str]] = []
        self._page: ReportPage | None = None
        self._pending: dict = {}
        self._suggested: list[tuple] = []
        self.waiting = ReportList(
            service, CoordinatorList.DISPOSISI, multi=True, title=self.tr("Not yet dispatched")
        )
        self.returned = ReturnedList(self)
        self.at_opd = ReportList(service, CoordinatorList.AT_OPD, title=self.tr("At an OPD"))
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.waiting, icon("inbox"), self.tr("Not yet dispatched"))
        self.tabs.addTab(self.returned, icon("return_report"), self.tr("Returned"))
        self.tabs.addTab(self.at_opd, icon("in_progress"), self.tr("At an OPD"))

        self.report_view = ReportView(parent=self)
        self.agency = QComboBox(self)
        self.agency.setAccessibleName(self.tr("OPD to dispatch to"))
        self.agency.setMinimumWidth(320)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(self.tr("Note for the OPD (optional)"))
        self.note.setAccessibleName(self.tr("Note for the OPD"))
        self.dispatch_button = QPushButton(icon("inbox"), self.tr("Dispatch"), self)
        self.reassign_button = QPushButton(self.tr("Reassign…"), self)
        self.forward_button = QPushButton(self.tr("Forward…"), self)
        self.forward_button.setToolTip(
            self.tr("Forward to another instansi: the report is not this kabupaten's to handle")
        )
        self.redact_button = QPushButton(self.tr("Edit public text…"), self)
        self.redact_button.setToolTip(
            self.tr("Edit what the public and the OPD read; the original stays for coordinators")
        )
        self.selection_label = QLabel(self)
        actions = QHBoxLayout()
        actions.addWidget(QLabel(self.tr("To OPD")))
        actions.addWidget(self.agency, 2)
        actions.addWidget(self.note, 2)
        actions.addWidget(self.selection_label)
        actions.addWidget(self.dispatch_button)
        actions.addWidget(self.reassign_button)
        actions.addWidget(self.forward_button)
        actions.addWidget(self.redact_button)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.tabs)
        splitter.addWidget(self.report_view)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.status = QLabel(self)
        self.undo_button = QPushButton(self.tr("Undo"), self)
        self.undo_button.setToolTip(self.tr("Take the dispatch back before it is sent"))
        self.undo_button.hide()
        self._undo_timer = QTimer(self)
        self._undo_timer.setSingleShot(True)
        self._undo_timer.setInterval(UNDO_WINDOW_S * 1000)
        self._undo_timer.timeout.connect(self._end_undo)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.undo_button)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(actions)
        layout.addLayout(status_row)

        self.waiting.current_report_changed.connect(self._on_list_current_report_changed)
        self.waiting.selection_changed.connect(self._update_buttons)
        self.returned.current_report_changed.connect(self._on_list_current_report_changed)
        self.at_opd.current_report_changed.connect(self._on_list_current_report_changed)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self.dispatch_button.clicked.connect(self._on_dispatch_button_clicked)
        self.reassign_button.clicked.connect(self._on_reassign_button_clicked)
        self.forward_button.clicked.connect(self._on_forward_button_clicked)
        self.redact_button.clicked.connect(self._on_redact_button_clicked)
        self.undo_button.clicked.connect(self._on_undo_button_clicked)
        self._update_buttons()

    def refresh(self) -> None:
        Op(self, self.service.agencies).success(self._set_agencies).run()
        self.waiting.refresh()
        self.at_opd.refresh()
        Op(self, self.service.screening.returned_reports).success(self.returned.show_reports).run()

    def reload_reference(self) -> None:
        """Reference data arrived: the OPD list follows it."""
        Op(self, self.service.agencies).success(self._set_agencies).run()

    def _set_agencies(self, agencies: list[tuple[str, str]]) -> None:
        if agencies == self._agencies and self.agency.count():
            return
        self._agencies = agencies
        chosen = self.agency.currentData()
        fill_agencies(self.agency, agencies, self._suggested)
        if chosen is not None and self.agency.findData(chosen) >= 0:
            self.agency.setCurrentIndex(self.agency.findData(chosen))

    # -- which reports ---------------------------------------------------------------------------
    def target_ids(self) -> list[str]:
        """The reports the dispatch button acts on (the selection of the current tab)."""
        if self.tabs.currentWidget() is self.waiting:
            return self.waiting.selected_ids()
        if self.tabs.currentWidget() is self.returned:
            rid = self.returned.current_id()
            return [rid] if rid else []
        return []

    def _update_buttons(self, *_args) -> None:
        on_opd = self.tabs.currentWidget() is self.at_opd
        n = len(self.target_ids())
        writable = not self.service.read_only
        self.dispatch_button.setVisible(not on_opd)
        self.reassign_button.setVisible(on_opd)
        self.forward_button.setVisible(not on_opd)
        self.forward_button.setEnabled(writable and self._current_key() is not None)
        self.dispatch_button.setEnabled(writable and n > 0)
        self.reassign_button.setEnabled(writable and self.at_opd.current_key() is not None)
        self.redact_button.setEnabled(writable and self._current_key() is not None)
        self.dispatch_button.setText(
            self.tr("Dispatch %n report(s)", "", n) if n > 1 else self.tr("Dispatch")
        )
        self.selection_label.setText(self.tr("%n selected", "", n) if n > 1 else "")

    def _on_tabs_current_changed(self, _index: int) -> None:
        self._on_list_current_report_changed(self._current_key() or "")

    def _on_list_current_report_changed(self, report_id: str) -> None:
        self._update_buttons()
        if not report_id:
            self._page = None
            self.report_view.show_placeholder()
            return
        Op(self, self.service.page, report_id).success(self._show_page).run()
        Op(self, self.service.screening.suggestions, report_id).success(
            lambda s, rid=report_id: self._show_suggestions(rid, s)
        ).run()

    def _on_redact_button_clicked(self) -> None:
        def done(change) -> None:
            self.status.setText(self.tr("Public text saved."))
            self.changed.emit(change)
            if page is not None:  # show both texts at once
                Op(self, self.service.page, page.detail.id).success(self._show_page).run()

        page = self._page if self._page and self._page.detail.id == self._current_key() else None
        edit_public_text(self, self.service, page.detail if page else None, done)

    def _current_key(self) -> str | None:
        current = self.tabs.currentWidget()
        return current.current_key() if isinstance(current, ReportList) else current.current_id()

    def _show_page(self, page: ReportPage) -> None:
        if page.detail.id != self._current_key():
            return  # an older request answered late (reads run in parallel)
        self._page = page
        self.report_view.show_page(page)
        pending = self._pending.pop(page.detail.id, None)
        if pending is not None:
            self._show_suggestions(page.detail.id, pending)

    def _show_suggestions(self, report_id: str, s) -> None:
        # Page and suggestions load in parallel; whichever comes second fills the OPD choice.
        # Suggestions of a report no longer highlighted are dropped: kept as "pending" they
        # replaced those of the current report, whose OPD was then never pre-selected.
        if report_id != self._current_key():
            return
        if self._page is None or self._page.detail.id != report_id:
            self._pending = {report_id: s}
            return
        current = self._page.detail.agency_code
        # the officer's suggestion on a return comes first and is pre-selected (issue 18.3)
        self._suggested = suggestion_rows(s.agencies, dict(self._page.agency_names))
        fill_agencies(self.agency, self._agencies, self._suggested, exclude=current)

    # -- actions --------------------------------------------------------------------------------
    def _done(self, message: str):
        def done(change) -> None:
            self.status.setText(message)
            self.note.clear()
            self.changed.emit(change)
            self.refresh()

        return done

    def _on_dispatch_button_clicked(self) -> None:
        ids = self.target_ids()
        agency = self.agency.currentData()
        if not ids or not agency:
            return
        note = self.note.text().strip() or None
        name = self.agency.itemText(self.agency.currentIndex()).split("  (")[0]
        if len(ids) == 1:
            fn, args = self.service.screening.dispatch, (ids[0], agency, note)
        else:
            if not BulkDispatchConfirm.ask(self, len(ids), name):
                return
            fn, args = self.service.screening.bulk_dispatch, (ids, agency, note)
            # The outbox waits here for the undo window before the sync sends it.
            self.hold_sync.emit(UNDO_WINDOW_S)
        message = self.tr("%n report(s) dispatched to %1.", "", len(ids)).replace("%1", name)
        done = self._done(message)

        def dispatched(change) -> None:
            done(change)
            if len(ids) > 1:
                self._undoable = list(ids)
                self.undo_button.show()
                self._undo_timer.start()

        Op(self, fn, *args).writes(self).success(dispatched).run()

    def _end_undo(self) -> None:
        self._undoable = []
        self.undo_button.hide()

    def _on_undo_button_clicked(self) -> None:
        ids = self._undoable
        self._end_undo()
        if not ids:
            return
        Op(self, self.service.screening.undo_dispatch, ids).writes(self).success(
            self._done(self.tr("%n dispatch(es) taken back; nothing was sent.", "", len(ids)))
        ).run()

    def _on_forward_button_clicked(self) -> None:
        """Teruskan ke instansi lain (docs/forwarding.md): the report shown, to a partner."""
        rid = self._current_key()
        page = self._page
        if not rid or page is None or page.id != rid:
            return
        answer = ForwardDialog.ask(self, page.partners)
        if answer is None:
            return
        partner, reason, reference = answer
        Op(self, self.service.actions.forward, rid, partner, reason, reference).writes(
            self
        ).success(self._done(self.tr("Forwarded to another instansi."))).run()

    def _on_reassign_button_clicked(self) -> None:
        rid = self.at_opd.current_key()
        if not rid or self._page is None:
            return
        dialog = ReassignDialog(
            self._agencies, self._page.detail.agency_code, self._suggested, self
        )
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            agency, reason = dialog.answer()
        finally:
            dialog.deleteLater()
        Op(self, self.service.screening.reassign, rid, agency, reason).writes(self).success(
            self._done(self.tr("Reassigned."))
        ).run()
