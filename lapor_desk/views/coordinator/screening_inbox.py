"""The screening inbox (Belum Terverifikasi): the list, the report, and the verify form.

The form shows the report's fields for editing (title, classification, category, distrik/kampung,
Anonim, Rahasia), the likely OPD and likely duplicates. Each button is one service call through
the op runner: verify, verify and dispatch, archive, mark as duplicate, postpone; hiding an
attachment from the OPD is online only.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from lapor_core.reference import load_reference
from lapor_desk.services.coordinator import CoordinatorList, CoordinatorService
from lapor_desk.services.reports import ReportPage
from lapor_desk.services.screening import Suggestions
from lapor_desk.views.coordinator.common import ReportList, fill_agencies, suggestion_rows
from lapor_desk.views.coordinator.redact import edit_public_text
from lapor_desk.views.dialogs import PostponeDialog
from lapor_desk.views.forward_dialogs import ForwardDialog
from lapor_desk.views.ops import Op
from lapor_desk.views.report_view import ReportView
from lapor_desk.views.resources import icon


class VerifyForm(QGroupBox):
    """The editable fields of a report under screening and the screening actions."""

    verify_requested = Signal(dict)
    """Verify with these edits: (edits)."""
    verify_and_dispatch_requested = Signal(dict, str, str)
    """Verify and dispatch in one step: (edits, agency code, note)."""
    archive_requested = Signal()
    duplicate_requested = Signal(str)
    """Mark as duplicate; the argument is a suggested original's id or "" to search."""
    postpone_requested = Signal()
    forward_requested = Signal()
    """Forward the report to another instansi (docs/forwarding.md)."""
    redact_requested = Signal()
    """Edit the public text (body, address) of the report (`redact`)."""
    attachment_visibility_requested = Signal(str, bool)
    """Hide (True) or show (False) an attachment to the OPD: (sha256, hidden)."""

    def __init__(self, choices: dict[str, list[tuple[str, Any]]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("Screening"))
        self._villages: dict[str, list[str]] = {}
        self._choices: dict[str, list[tuple[str, Any]]] = {}
        #: the shown report's codes, chosen again when the lists are refilled
        self._codes: dict[str, str | None] = {}
        self.title = QLineEdit(self)
        self.classification = QComboBox(self)
        self.category = QComboBox(self)
        self.district = QComboBox(self)
        self.village = QComboBox(self)
        self.village.setEditable(True)
        self.anonymous = QCheckBox(self.tr("Anonymous (identity hidden from the OPD)"), self)
        self.secret = QCheckBox(self.tr("Confidential (never public)"), self)
        self.agency = QComboBox(self)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(self.tr("Note for the OPD (optional)"))
        for widget, name in (
            (self.title, self.tr("Title")),
            (self.classification, self.tr("Classification")),
            (self.category, self.tr("Category")),
            (self.district, self.tr("District")),
            (self.village, self.tr("Village")),
            (self.agency, self.tr("OPD to dispatch to")),
            (self.note, self.tr("Note for the OPD")),
        ):
            widget.setAccessibleName(name)

        self.duplicates = QListWidget(self)
        self.duplicates.setAccessibleName(self.tr("Possible duplicates"))
        self.duplicates.setMaximumHeight(110)
        self.attachments = QListWidget(self)
        self.attachments.setAccessibleName(self.tr("Attachments and their visibility to the OPD"))
        self.attachments.setMaximumHeight(80)

        self.verify_button = QPushButton(icon("completed"), self.tr("Verify"), self)
        self.dispatch_button = QPushButton(icon("inbox"), self.tr("Verify && dispatch"), self)
        self.dispatch_button.setDefault(True)
        self.archive_button = QPushButton(self.tr("Archive…"), self)
        self.duplicate_button = QPushButton(self.tr("Duplicate of…"), self)
        self.forward_button = QPushButton(self.tr("Forward…"), self)
        self.forward_button.setToolTip(
            self.tr("Forward to another instansi: the report is not this kabupaten's to handle")
        )
        self.postpone_button = QPushButton(icon("postponed"), self.tr("Ask reporter…"), self)
        self.postpone_button.setToolTip(
            self.tr("Postpone and ask the reporter for information; the deadline pauses")
        )
        self.redact_button = QPushButton(self.tr("Edit public text…"), self)
        self.redact_button.setToolTip(
            self.tr("Edit what the public and the OPD read; the original stays for coordinators")
        )

        form = QFormLayout()
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("Classification"), self.classification)
        form.addRow(self.tr("Category"), self.category)
        form.addRow(self.tr("District"), self.district)
        form.addRow(self.tr("Village"), self.village)
        flags = QHBoxLayout()
        flags.addWidget(self.anonymous)
        flags.addWidget(self.secret)
        flags.addStretch(1)
        form.addRow(self.tr("Privacy"), flags)
        form.addRow(self.tr("Dispatch to"), self.agency)
        form.addRow(self.tr("Note"), self.note)
        form.addRow(self.tr("Possible duplicates"), self.duplicates)
        form.addRow(self.tr("Attachments"), self.attachments)
        # The screening actions live in a bar of their own that the inbox pins below the form's
        # scroll area: at 1366×768 they were below the fold.
        self.actions_bar = QWidget(self)
        buttons = QHBoxLayout(self.actions_bar)
        buttons.setContentsMargins(0, 4, 0, 0)
        for b in (self.verify_button, self.dispatch_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        for b in (
            self.redact_button,
            self.duplicate_button,
            self.forward_button,
            self.archive_button,
            self.postpone_button,
        ):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(form)

        self.district.currentIndexChanged.connect(self._on_district_current_index_changed)
        self.verify_button.clicked.connect(self._on_verify_button_clicked)
        self.dispatch_button.clicked.connect(self._on_dispatch_button_clicked)
        self.archive_button.clicked.connect(self.archive_requested)
        self.forward_button.clicked.connect(self.forward_requested)
        self.duplicate_button.clicked.connect(lambda: self.duplicate_requested.emit(""))
        self.postpone_button.clicked.connect(self.postpone_requested)
        self.redact_button.clicked.connect(self.redact_requested)
        self.duplicates.itemActivated.connect(self._on_duplicates_item_activated)
        self.attachments.itemChanged.connect(self._on_attachments_item_changed)
        self._loading = False
        self.set_choices(choices)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.EnabledChange:
            self.actions_bar.setEnabled(self.isEnabled())

    def set_choices(self, choices: dict[str, list[tuple[str, Any]]]) -> None:
        """(Re)fill the reference lists, keeping what is chosen; the first sync brings them."""
        if choices == self._choices:
            return
        self._choices = choices
        self._loading = True
        try:
            self._villages = {code: villages for code, (_n, villages) in choices["districts"]}
            for key, combo, items in (
                ("classification", self.classification, choices["classifications"]),
                ("category", self.category, choices["categories"]),
                ("district", self.district, [(c, n) for c, (n, _v) in choices["districts"]]),
            ):
                chosen = combo.currentData() or self._codes.get(key)
                combo.clear()
                for code, name in items:
                    combo.addItem(name, code)
                if chosen is not None and combo.findData(chosen) >= 0:
                    combo.setCurrentIndex(combo.findData(chosen))
            village = self.village.currentText()
            self._fill_villages(self.district.currentData())
            self.village.setEditText(village)
        finally:
            self._loading = False

    # -- filling --------------------------------------------------------------------------------
    def show_report(self, page: ReportPage, agencies: list[tuple[str, str]]) -> None:
        d = page.detail
        self._loading = True
        self._codes = {
            "classification": d.classification,
            "category": d.category_code,
            "district": d.district_code,
        }
        self.title.setText(d.title)
        _select(self.classification, d.classification)
        _select(self.category, d.category_code)
        _select(self.district, d.district_code)
        self._fill_villages(d.district_code)
        self.village.setEditText(d.village or "")
        self.anonymous.setChecked(d.is_anonymous)
        self.secret.setChecked(d.is_secret)
        self.note.clear()
        fill_agencies(self.agency, agencies)
        self.attachments.clear()
        for a in d.attachments:
            item = QListWidgetItem(self.tr("%1 — hidden from the OPD").replace("%1", a.filename))
            item.setData(Qt.ItemDataRole.UserRole, a.sha256)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if a.hidden_from_agency else Qt.CheckState.Unchecked
            )
            self.attachments.addItem(item)
        if not d.attachments:
            self.attachments.addItem(self.tr("No attachments"))
        self.duplicates.clear()
        self._loading = False

    def show_suggestions(self, s: Suggestions, agencies: list[tuple[str, str]]) -> None:
        fill_agencies(self.agency, agencies, suggestion_rows(s.agencies, dict(agencies)))
        self.duplicates.clear()
        locale = QLocale()
        for c in s.duplicates:
            where = self.tr("same district") if c.same_district else self.tr("other district")
            text = (
                self.tr("%1  %2  (similarity %3, %4, %n day(s) apart)", "", c.days_apart)
                .replace("%1", c.tracking_id)
                .replace("%2", c.title)
                .replace("%3", locale.toString(c.score, "f", 2))
                .replace("%4", where)
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, c.report_id)
            item.setToolTip(self.tr("Double-click to mark this report as a duplicate of it"))
            self.duplicates.addItem(item)
        if not s.duplicates:
            self.duplicates.addItem(self.tr("No similar reports from the last two weeks"))

    def edits(self) -> dict[str, Any]:
        """Every editable field; the service sends only those that changed."""
        edits: dict[str, Any] = {
            "title": self.title.text().strip(),
            "classification": self.classification.currentData(),
            "category_code": self.category.currentData(),
            "district_code": self.district.currentData(),
            "is_anonymous": self.anonymous.isChecked(),
            "is_secret": self.secret.isChecked(),
        }
        village = self.village.currentText().strip()
        if village:
            edits["village"] = village
        return {k: v for k, v in edits.items() if v is not None}

    def _fill_villages(self, district: str | None) -> None:
        self.village.clear()
        self.village.addItems(list(self._villages.get(district or "", [])))

    # -- slots ----------------------------------------------------------------------------------
    def _on_district_current_index_changed(self, _index: int) -> None:
        if not self._loading:
            self._fill_villages(self.district.currentData())

    def _on_verify_button_clicked(self) -> None:
        self.verify_requested.emit(self.edits())

    def _on_dispatch_button_clicked(self) -> None:
        self.verify_and_dispatch_requested.emit(
            self.edits(), self.agency.currentData() or "", self.note.text().strip()
        )

    def _on_duplicates_item_activated(self, item: QListWidgetItem) -> None:
        rid = item.data(Qt.ItemDataRole.UserRole)
        if rid:
            self.duplicate_requested.emit(rid)

    def _on_attachments_item_changed(self, item: QListWidgetItem) -> None:
        sha = item.data(Qt.ItemDataRole.UserRole)
        if sha and not self._loading:
            self.attachment_visibility_requested.emit(
                sha, item.checkState() == Qt.CheckState.Checked
            )


def _select(combo: QComboBox, code: str | None) -> None:
    index = combo.findData(code)
    combo.setCurrentIndex(max(index, 0) if code else -1)


class ArchiveDialog(QDialog):
    """Archive with a reason (and an optional note)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Archive report"))
        self.reason = QComboBox(self)
        for label in load_reference().archive_reasons:
            if label.code != "duplicate":  # duplicates are marked with their original
                self.reason.addItem(label.name, label.code)
        self.reason.setAccessibleName(self.tr("Reason"))
        self.note = QLineEdit(self)
        self.note.setAccessibleName(self.tr("Note"))
        form = QFormLayout()
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow(self.tr("Note"), self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Archive"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    @classmethod
    def ask(cls, parent: QWidget | None) -> tuple[str, str] | None:
        dialog = cls(parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.reason.currentData(), dialog.note.text().strip()
        finally:
            dialog.deleteLater()


class DuplicateDialog(QDialog):
    """Search and pick the original report of a duplicate."""

    def __init__(self, service: CoordinatorService, report_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = service
        self.report_id = report_id
        self.setWindowTitle(self.tr("Mark as duplicate"))
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Tracking ID or words of the original report"))
        self.search.setAccessibleName(self.tr("Search the original report"))
        self.results = QListWidget(self)
        self.results.setAccessibleName(self.tr("Matching reports"))
        self.note = QLineEdit(self)
        self.note.setAccessibleName(self.tr("Note"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("Mark as duplicate")
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.results, 1)
        form = QFormLayout()
        form.addRow(self.tr("Note"), self.note)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.search.returnPressed.connect(self._on_search_return_pressed)
        self.resize(640, 420)

    def _on_search_return_pressed(self) -> None:
        Op(
            self,
            self.service.screening.search_originals,
            self.search.text(),
            exclude=self.report_id,
        ).success(self._show_results).run()

    def _show_results(self, found) -> None:
        self.results.clear()
        for c in found:
            item = QListWidgetItem(f"{c.tracking_id}  {c.title}")
            item.setData(Qt.ItemDataRole.UserRole, c.report_id)
            self.results.addItem(item)
        if found:
            self.results.setCurrentRow(0)

    def original(self) -> str | None:
        item = self.results.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None


class ScreeningInbox(QWidget):
    """Belum Terverifikasi: the list on the left, the report and the verify form on the right."""

    changed = Signal(object)
    """A screening action was saved: (services `Change`)."""

    def __init__(self, service: CoordinatorService, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = service
        self._agencies: list[tuple[str, str]] = []
        self._page: ReportPage | None = None
        self._suggestions: dict[str, Suggestions] = {}
        self.list = ReportList(service, CoordinatorList.INBOX, title=self.tr("Not yet verified"))
        self.report_view = ReportView(parent=self)
        # The lists are read on a worker (refresh) and refilled whenever reference data arrives.
        self.form = VerifyForm({"classifications": [], "categories": [], "districts": []}, self)
        self.form.setEnabled(False)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.report_view, 3)
        scroll = QScrollArea(right)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        right_layout.addWidget(scroll, 4)
        right_layout.addWidget(self.form.actions_bar)
        self.form.actions_bar.setEnabled(self.form.isEnabled())
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([620, 760])
        self.status = QLabel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)

        self.list.current_report_changed.connect(self._on_list_current_report_changed)
        self.form.verify_requested.connect(self._on_form_verify_requested)
        self.form.verify_and_dispatch_requested.connect(self._on_form_verify_and_dispatch_requested)
        self.form.archive_requested.connect(self._on_form_archive_requested)
        self.form.duplicate_requested.connect(self._on_form_duplicate_requested)
        self.form.postpone_requested.connect(self._on_form_postpone_requested)
        self.form.forward_requested.connect(self._on_form_forward_requested)
        self.form.redact_requested.connect(self._on_form_redact_requested)
        self.form.attachment_visibility_requested.connect(
            self._on_form_attachment_visibility_requested
        )

    def refresh(self) -> None:
        self.reload_reference()
        self.list.refresh()

    def reload_reference(self) -> None:
        """Reference data arrived (first sync, or a change on the server): refill every list."""
        Op(self, self.service.reference_choices).success(self.form.set_choices).run()
        Op(self, self.service.agencies).success(self._set_agencies).run()

    def _set_agencies(self, agencies: list[tuple[str, str]]) -> None:
        changed = agencies != self._agencies
        self._agencies = agencies
        if changed and self._page is not None:
            chosen = self.form.agency.currentData()
            fill_agencies(self.form.agency, agencies)
            if chosen is not None and self.form.agency.findData(chosen) >= 0:
                self.form.agency.setCurrentIndex(self.form.agency.findData(chosen))

    def current_id(self) -> str | None:
        return self._page.detail.id if self._page else None

    # -- showing a report -----------------------------------------------------------------------
    def _on_list_current_report_changed(self, report_id: str) -> None:
        if not report_id:
            self._page = None
            self.report_view.show_placeholder(self.tr("Nothing left to screen."))
            self.form.setEnabled(False)
            return
        Op(self, self.service.page, report_id).success(self._show_page).run()
        Op(self, self.service.screening.suggestions, report_id).success(
            lambda s, rid=report_id: self._show_suggestions(rid, s)
        ).run()

    def _show_page(self, page: ReportPage) -> None:
        if page.detail.id != self.list.current_key():
            return  # an older request answered late (reads run in parallel)
        self._page = page
        self.report_view.show_page(page)
        self.form.show_report(page, self._agencies)
        self.form.setEnabled(page.detail.status == "unverified" and not self.service.read_only)
        pending = self._suggestions.pop(page.detail.id, None)
        if pending is not None:
            self.form.show_suggestions(pending, self._agencies)

    def _show_suggestions(self, report_id: str, suggestions: Suggestions) -> None:
        # Page and suggestions load in parallel; whichever comes second shows the suggestions.
        if self.current_id() == report_id:
            self.form.show_suggestions(suggestions, self._agencies)
        else:
            self._suggestions = {report_id: suggestions}

    # -- actions --------------------------------------------------------------------------------
    def _write(self, fn, *args, message: str = "", **kwargs) -> None:
        def done(change) -> None:
            self.status.setText(message)
            self.changed.emit(change)
            self.list.refresh()

        Op(self, fn, *args, **kwargs).writes(self).success(done).run()

    def _on_form_verify_requested(self, edits: dict) -> None:
        rid = self.current_id()
        if rid:
            self._write(self.service.screening.verify, rid, edits, message=self.tr("Verified."))

    def _on_form_verify_and_dispatch_requested(self, edits: dict, agency: str, note: str) -> None:
        rid = self.current_id()
        if rid and agency:
            self._write(
                self.service.screening.verify_and_dispatch,
                rid,
                agency,
                edits=edits,
                note=note or None,
                message=self.tr("Verified and dispatched."),
            )

    def _on_form_archive_requested(self) -> None:
        rid = self.current_id()
        answer = ArchiveDialog.ask(self) if rid else None
        if answer:
            reason, note = answer
            self._write(
                self.service.screening.archive, rid, reason, note or None,
                message=self.tr("Archived."),
            )  # fmt: skip

    def _on_form_duplicate_requested(self, original: str) -> None:
        rid = self.current_id()
        if not rid:
            return
        note = None
        if not original:
            dialog = DuplicateDialog(self.service, rid, self)
            try:
                if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.original():
                    return
                original, note = dialog.original(), dialog.note.text().strip() or None
            finally:
                dialog.deleteLater()
        else:
            answer = QMessageBox.question(
                self,
                self.tr("Mark as duplicate"),
                self.tr("Archive this report as a duplicate of the selected one?"),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self._write(
            self.service.screening.mark_duplicate, rid, original, note,
            message=self.tr("Marked as duplicate."),
        )  # fmt: skip

    def _on_form_forward_requested(self) -> None:
        rid = self.current_id()
        answer = ForwardDialog.ask(self, self._page.partners) if rid and self._page else None
        if answer:
            partner, reason, reference = answer
            self._write(
                self.service.actions.forward, rid, partner, reason, reference,
                message=self.tr("Forwarded to another instansi."),
            )  # fmt: skip

    def _on_form_postpone_requested(self) -> None:
        rid = self.current_id()
        text = PostponeDialog.ask(self) if rid else None
        if text:
            self._write(self.service.screening.postpone, rid, text, message=self.tr("Postponed."))

    def _on_form_redact_requested(self) -> None:
        def done(change) -> None:
            self.status.setText(self.tr("Public text saved."))
            self.changed.emit(change)
            self.list.refresh()
            if page is not None:  # show both texts at once
                Op(self, self.service.page, page.detail.id).success(self._show_page).run()

        page = self._page if self.current_id() else None
        edit_public_text(self, self.service, page.detail if page else None, done)

    def _on_form_attachment_visibility_requested(self, sha256: str, hidden: bool) -> None:
        rid = self.current_id()
        if not rid:
            return

        def call():
            return self.service.screening.set_attachment_hidden(
                self.service.client_factory(), rid, sha256, hidden
            )

        def failed(error: BaseException) -> None:
            from lapor_desk.views.errors import show_error

            Op(self, self.service.page, rid).success(self._show_page).run()  # undo the tick
            show_error(self, error)

        Op(self, call).writes(self).success(lambda change: self.changed.emit(change)).failure(
            failed
        ).run()
