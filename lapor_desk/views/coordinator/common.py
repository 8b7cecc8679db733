"""Pieces the coordinator's screens share: a lazily loaded report list, OPD choice, export dialog.

`ReportList` is the officer's queue table (`QueueTable` + `QueueTableModel`, rows read in blocks)
fed with the key list of a coordinator list or of a drill-down; it never holds more than keys.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from lapor_desk.services.coordinator import CoordinatorList, CoordinatorService
from lapor_desk.services.queue import QueueFilter
from lapor_desk.views.columns import ColumnFitter
from lapor_desk.views.combo import make_searchable
from lapor_desk.views.coordinator.saved import default_path, saved_notice
from lapor_desk.views.ops import Op
from lapor_desk.views.queue_model import QueueTableModel
from lapor_desk.views.queue_pane import QueueTable
from lapor_desk.views.resources import icon

SEARCH_DEBOUNCE_MS = 250
#: The columns a coordinator's list always shows (laid out for 1366×768 first, see
#: views/columns.py); the OPD joins them where reports are at an OPD.
ESSENTIAL = ("tracking_id", "title", "deadline", "status")
OPTIONAL = ("received", "category", "district", "sync")
#: lists whose reports are at an OPD (a drill-down list, which=None, may hold any report)
_AT_AN_OPD = (CoordinatorList.AT_OPD, CoordinatorList.ALL, None)


class ReportList(QWidget):
    """A searchable, lazily loaded list of reports: a coordinator list or a fixed key list."""

    current_report_changed = Signal(str)
    """The highlighted report changed: (report id, "" when none)."""
    selection_changed = Signal(int)
    """The number of selected rows changed: (count)."""
    keys_loaded = Signal(int)
    """A query finished and its keys are shown: (number of rows)."""

    def __init__(
        self,
        service: CoordinatorService,
        which: CoordinatorList | None = None,
        *,
        multi: bool = False,
        title: str = "",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.service = service
        self.which = which
        self._fixed: list[str] | None = None
        self._generation = 0
        self.title = title

        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search title, text or tracking ID"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setAccessibleName(self.tr("Search reports"))
        self.count_label = QLabel(self)
        self.export_button = QPushButton(icon("download"), self.tr("Export…"), self)
        self.export_button.setToolTip(self.tr("Save this list as CSV or Excel"))
        self.export_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label, 0 if self.which else 1)
        top.addWidget(self.export_button)

        self.model = QueueTableModel(service.queue.rows, self)
        self.table = QueueTable(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(title or self.tr("Reports"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(
            QAbstractItemView.SelectionMode.ExtendedSelection
            if multi
            else QAbstractItemView.SelectionMode.SingleSelection
        )
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        essential = ESSENTIAL + (("agency",) if which in _AT_AN_OPD else ())
        optional = OPTIONAL if which in _AT_AN_OPD else (*OPTIONAL, "agency")
        self.columns = ColumnFitter(self.table, essential, optional, self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._debounce.start)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.export_button.clicked.connect(self._on_export_button_clicked)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.columns.fit()

    # -- keys -----------------------------------------------------------------------------------
    def set_fixed_keys(self, keys: Sequence[str], title: str = "") -> None:
        """Show exactly these reports (a drill-down); the search box then filters nothing."""
        self._fixed = list(keys)
        self.title = title or self.title
        self.search.setVisible(False)
        self._show_keys(self._generation, self._fixed)

    def refresh(self, keep: str | None = None) -> None:
        """Run the list's query again on a worker; the answer replaces the key list."""
        if self._fixed is not None:
            self.model.invalidate()
            return
        self._generation += 1
        generation = self._generation
        keep = keep or self.current_key()
        flt = QueueFilter(text=self.search.text(), sort="received", descending=False)
        Op(self, self.service.queue.list_keys, self.which, flt).success(
            lambda keys: self._show_keys(generation, keys, keep)
        ).run()

    def _show_keys(self, generation: int, keys: list[str], keep: str | None = None) -> None:
        if generation != self._generation:
            return  # a newer query is on its way
        self.model.set_keys(keys)
        self.count_label.setText(self.tr("%n report(s)", "", len(keys)))
        row = self.model.row_of(keep) if keep else -1
        if row < 0 and keys:
            row = 0
        if row >= 0:
            self.table.selectRow(row)
        else:
            self.current_report_changed.emit("")
        self.keys_loaded.emit(len(keys))

    def invalidate_rows(self, report_ids) -> None:
        self.model.invalidate(list(report_ids))

    # -- selection ------------------------------------------------------------------------------
    def current_key(self) -> str | None:
        return self.model.data(self.table.currentIndex(), QueueTableModel.ID_ROLE)

    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [k for k in (self.model.key_at(r) for r in rows) if k]

    def keys(self) -> list[str]:
        return self.model.keys()

    def _on_table_current_row_changed(self, current, _previous) -> None:
        key = self.model.data(current, QueueTableModel.ID_ROLE) if current.isValid() else None
        self.current_report_changed.emit(key or "")

    def _on_table_selection_changed(self, *_args) -> None:
        self.selection_changed.emit(len(self.table.selectionModel().selectedRows()))

    def _on_export_button_clicked(self) -> None:
        ExportDialog.run_export(self, self.service, self.keys(), self.title or self.tr("Reports"))


def fill_agencies(
    combo: QComboBox,
    agencies: Sequence[tuple[str, str]],
    suggested: Sequence[tuple] = (),
    *,
    exclude: str | None = None,
) -> None:
    """OPD choices: the suggested ones first (with how often the category went there, or which
    OPD's officer suggested it when returning the report), then all. The first is selected.

    `suggested` holds (code, name, history) or (code, name, history, suggested by OPD name).
    The box filters as the officer types part of a name (45 OPDs are too many to scroll).
    """
    make_searchable(combo)
    combo.clear()
    seen = set()
    for code, name, history, *by in suggested:
        if code == exclude:
            continue
        if by and by[0]:
            hint = QCoreApplication.translate("AgencyChoice", "suggested by %1").replace(
                "%1", by[0]
            )
        elif history:
            hint = QCoreApplication.translate("AgencyChoice", "%n earlier report(s)", "", history)
        else:
            hint = QCoreApplication.translate("AgencyChoice", "suggested")
        combo.addItem(icon("inbox"), f"{name}  ({hint})", code)
        seen.add(code)
    if seen:
        combo.insertSeparator(combo.count())
    for code, name in agencies:
        if code not in seen and code != exclude:
            combo.addItem(name, code)
    if combo.count():
        combo.setCurrentIndex(0)


def suggestion_rows(agencies: Sequence, names: dict[str, str]) -> list[tuple]:
    """`fill_agencies` rows of services' `AgencySuggestion`s (names: agency code → name)."""
    return [
        (
            a.code,
            a.name,
            a.history,
            names.get(a.suggested_by, a.suggested_by or "") if a.suggested_by else "",
        )
        for a in agencies
    ]


class ExportDialog(QDialog):
    """Choose CSV or Excel and where to save; the export then runs with a progress dialog."""

    def __init__(self, title: str, count: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export reports"))
        self.csv = QRadioButton(self.tr("CSV (semicolon, opens in Excel)"), self)
        self.xlsx = QRadioButton(self.tr("Excel workbook (.xlsx)"), self)
        self.xlsx.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.csv)
        group.addButton(self.xlsx)
        self.path = QLineEdit(self)
        self.path.setAccessibleName(self.tr("File name"))
        self.path.setMinimumWidth(460)  # a whole path is readable, not just its start
        safe = "".join(ch if ch.isalnum() or ch in " -_" else "_" for ch in title).strip()
        self.path.setText(default_path(f"{safe or 'laporan'}.xlsx"))
        self.path.setToolTip(self.path.text())
        browse = QPushButton(self.tr("Browse…"), self)
        browse.clicked.connect(self._on_browse_clicked)
        self.csv.toggled.connect(self._on_format_toggled)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow(QLabel(self.tr("%n report(s) in this list.", "", count)))
        form.addRow(self.tr("Format"), self.xlsx)
        form.addRow("", self.csv)
        form.addRow(self.tr("Save as"), row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def fmt(self) -> str:
        return "csv" if self.csv.isChecked() else "xlsx"

    def _on_format_toggled(self) -> None:
        self.path.setText(str(Path(self.path.text()).with_suffix("." + self.fmt())))

    def _on_browse_clicked(self) -> None:
        pattern = "CSV (*.csv)" if self.fmt() == "csv" else "Excel (*.xlsx)"
        chosen, _ = QFileDialog.getSaveFileName(self, self.windowTitle(), self.path.text(), pattern)
        if chosen:
            self.path.setText(chosen)

    @classmethod
    def run_export(
        cls,
        parent: QWidget,
        service: CoordinatorService,
        keys: list[str],
        title: str,
        done: Callable[[int], None] | None = None,
    ) -> Op | None:
        dialog = cls(title, len(keys), parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        path, fmt = dialog.path.text(), dialog.fmt()
        dialog.deleteLater()

        def finished(n: int) -> None:
            parent.last_saved_notice = saved_notice(
                parent,
                path,
                QCoreApplication.translate("ExportDialog", "%n report(s) exported.", "", n),
            )
            if done is not None:
                done(n)

        return (
            Op(parent, service.export, keys, path, fmt, title=title)
            .with_progress(
                QCoreApplication.translate("ExportDialog", "Exporting %n report(s)…", "", len(keys))
            )
            .success(finished)
            .run()
        )


def set_busy(widget: QWidget, busy: bool) -> None:
    widget.setEnabled(not busy)
    if busy:
        widget.setCursor(Qt.CursorShape.BusyCursor)
    else:
        widget.unsetCursor()
