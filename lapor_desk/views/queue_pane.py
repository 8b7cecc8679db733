"""The queue pane: filter bar over the lazily loaded queue table.

Every query (keys for the current view, filters and sort; the navigation counts) runs on a worker
through the op runner; its result swaps the table's key list. A newer query makes the answer of
an older one irrelevant, so answers carry a generation number and stale ones are dropped.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lapor_desk.services.queue import QueueFilter, QueueService
from lapor_desk.views.columns import ColumnFitter
from lapor_desk.views.filter_bar import FilterBar
from lapor_desk.views.ops import Op
from lapor_desk.views.queue_model import COLUMNS, QueueTableModel

log = logging.getLogger(__name__)

#: Columns an officer always sees (the queue is laid out for 1366×768 first); the rest are
#: optional: shown when there is room, or as the officer chooses (right-click on the header).
#: The OPD column is left out: every report in an officer's queue is at their OPD.
ESSENTIAL = ("tracking_id", "title", "deadline", "status", "sync")
#: Optional columns in the order they are given up (last first).
OPTIONAL = ("received", "category", "district")


class QueueTable(QTableView):
    open_requested = Signal(str)
    """Enter or a double click on a row: (report id)."""

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            key = self.model().data(self.currentIndex(), QueueTableModel.ID_ROLE)
            if key:
                self.open_requested.emit(key)
                return
        super().keyPressEvent(event)


class QueuePane(QWidget):
    current_report_changed = Signal(str)
    """The highlighted row changed: (report id, or "" when nothing is selected)."""
    open_report_requested = Signal(str)
    """Open this report in the report view and put the focus there: (report id)."""
    keys_loaded = Signal(int)
    """A query finished and its keys are on screen: (number of rows)."""
    save_view_requested = Signal(object)
    """Save the current filter as a personal view: (QueueFilter)."""

    def __init__(self, queue: QueueService, parent: QWidget | None = None):
        super().__init__(parent)
        self.queue = queue
        self._base = QueueFilter()
        self._generation = 0
        self._query: Op | None = None  # the keys query in flight, cancelled when superseded
        self._keep_selection: str | None = None

        self.filters = FilterBar(self)
        self.model = QueueTableModel(queue.rows, self)
        self.table = QueueTable(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Report queue"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        # Fixed section sizes: Qt never measures 100k rows to size a column.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSortIndicator(COLUMNS.index("received"), Qt.SortOrder.DescendingOrder)
        # Laid out for 1366×768 first (views/columns.py): the title takes what is left, so
        # Status, Sinkron and the deadline are never cut or pushed off-screen by a long title.
        self.columns = ColumnFitter(self.table, ESSENTIAL, OPTIONAL, self)

        self.empty_label = QLabel(self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)

        self.filters.filter_changed.connect(self._on_filters_filter_changed)
        self.filters.save_view_requested.connect(self._on_filters_save_view_requested)
        self.model.sort_requested.connect(self._on_model_sort_requested)
        self.table.open_requested.connect(self.open_report_requested)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.filters.focus_search)

    # -- columns -----------------------------------------------------------------------------
    def visible_columns(self) -> list[str]:
        return self.columns.visible()

    def set_column_shown(self, key: str, shown: bool) -> None:
        """The officer's choice for an optional column (kept with the window's state)."""
        self.columns.set_shown(key, shown)

    def chosen_columns(self) -> dict[str, bool]:
        return dict(self.columns.chosen)

    def set_chosen_columns(self, chosen: dict[str, bool]) -> None:
        self.columns.set_chosen(chosen)

    def column_menu(self):
        """The column chooser (also on right-click of the header)."""
        return self.columns.menu()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.columns.fit()

    # -- queries -----------------------------------------------------------------------------
    def current_filter(self) -> QueueFilter:
        return self.filters.current(self._base)

    def show_filter(self, flt: QueueFilter) -> None:
        """Switch to a queue view or saved view and run its query."""
        self._base = QueueFilter(view=flt.view, sort=flt.sort, descending=flt.descending)
        self.filters.show_filter(flt)
        self.refresh()

    def refresh(self, keep: str | None = None) -> None:
        """Run the current query again (after a sync or a write); keep `keep` selected."""
        self._generation += 1
        generation = self._generation
        self._keep_selection = keep or self.current_key()
        flt = self.current_filter()
        if self._query is not None:
            self._query.cancel()  # superseded: SQLite stops it, the new one gets the core
        self._query = (
            Op(self, self.queue.keys, flt)
            .cancellable()
            .success(lambda keys: self._on_keys_loaded(generation, keys))
            .run()
        )

    def _on_keys_loaded(self, generation: int, keys: list[str]) -> None:
        if generation != self._generation:
            return  # a newer query is on its way
        self._query = None
        keep = self._keep_selection
        self.model.set_keys(keys)
        self._show_empty_hint(not keys)
        row = self.model.row_of(keep) if keep else -1
        if row >= 0:
            index = self.model.index(row, 0)
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(index)
        elif keep:
            self.current_report_changed.emit("")
        self.keys_loaded.emit(len(keys))

    def _show_empty_hint(self, empty: bool) -> None:
        if empty:
            flt = self.current_filter()
            if flt.text or flt.category_code or flt.district_code or flt.status:
                self.empty_label.setText(self.tr("No report matches the search or filters."))
            else:
                self.empty_label.setText(self.tr("No reports in this view."))
        self.empty_label.setVisible(empty)

    def invalidate_rows(self, report_ids) -> None:
        """Rows changed locally (a write or a sync): repaint them from the store."""
        self.model.invalidate(list(report_ids))

    # -- selection ---------------------------------------------------------------------------
    def current_key(self) -> str | None:
        return self.model.key_at(self.table.currentIndex().row())

    def select_first(self) -> None:
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def focus_table(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- slots -------------------------------------------------------------------------------
    def _on_filters_filter_changed(self) -> None:
        self.refresh()

    def _on_filters_save_view_requested(self) -> None:
        self.save_view_requested.emit(self.current_filter())

    def _on_model_sort_requested(self, key: str, descending: bool) -> None:
        self._base = self._base.with_(sort=key, descending=descending)
        self.refresh()

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        key = self.model.key_at(index.row())
        if key:
            self.open_report_requested.emit(key)

    def _on_table_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.current_report_changed.emit(self.model.key_at(current.row()) or "")
