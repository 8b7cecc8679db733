"""The queue table's Qt model: the ordered report ids of one query, rows loaded in blocks on demand.

Like Anki's browser model it keeps only keys in memory; a row is read (with its block of
`BLOCK` neighbours, by primary key) when the view first paints it. Sorting and filtering happen in
SQL: `sort()` only asks for a new key list (`sort_requested`) and the window swaps it in with
`set_keys()`. No proxy model sits on top (house style 8: proxies cost seconds at 100k rows).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from lapor_desk.views.labels import days_left_text, status_label, sync_state_label
from lapor_desk.views.resources import icon

log = logging.getLogger(__name__)

#: Rows read together when one of them is first painted (Qt's Fetch More example uses 100).
BLOCK = 100
#: Blocks kept in memory; a 100k queue scrolled end to end does not keep every row.
MAX_BLOCKS = 64

#: Column keys in display order; the queue service sorts by the same keys.
COLUMNS = (
    "tracking_id",
    "title",
    "category",
    "district",
    "received",
    "deadline",
    "status",
    "sync",
)

DEADLINE_COLOURS = {
    "ok": QColor("#276749"),
    "soon": QColor("#975a16"),
    "late": QColor("#c53030"),
    "none": QColor("#718096"),
}
DEADLINE_BACKGROUNDS = {
    "soon": QColor("#fefcbf"),
    "late": QColor("#fed7d7"),
}
#: Working days left at or below which a deadline is shown as close (amber).
SOON_DAYS = 2

RowLoader = Callable[[Sequence[str]], Sequence[Any]]


def deadline_band(days_left: int | None) -> str:
    if days_left is None:
        return "none"
    if days_left < 0:
        return "late"
    if days_left <= SOON_DAYS:
        return "soon"
    return "ok"


class QueueTableModel(QAbstractTableModel):
    """Rows are `ReportRow` dataclasses from `services.queue`; `load_rows(ids)` returns them."""

    sort_requested = Signal(str, bool)
    """The officer clicked a column header: (column key, descending)."""

    #: role that returns the report id of a row
    ID_ROLE = Qt.ItemDataRole.UserRole + 1
    #: role that returns the whole row dataclass
    ROW_ROLE = Qt.ItemDataRole.UserRole + 2

    def __init__(self, load_rows: RowLoader, parent=None):
        super().__init__(parent)
        self._load_rows = load_rows
        self._keys: list[str] = []
        self._index: dict[str, int] | None = None
        self._blocks: dict[int, list[Any | None]] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    # -- keys ---------------------------------------------------------------------------------
    def set_keys(self, keys: Sequence[str]) -> None:
        """Swap in the result of a new query (filter, search, sort, or a refresh)."""
        self.beginResetModel()
        self._keys = list(keys)
        self._index = None
        self._blocks.clear()
        self.endResetModel()

    def keys(self) -> list[str]:
        return list(self._keys)

    def key_at(self, row: int) -> str | None:
        return self._keys[row] if 0 <= row < len(self._keys) else None

    def row_of(self, key: str) -> int:
        """The row showing report `key`, or -1."""
        if self._index is None:
            self._index = {k: i for i, k in enumerate(self._keys)}
        return self._index.get(key, -1)

    def invalidate(self, keys: Sequence[str] | None = None) -> None:
        """Forget cached rows (all, or those of `keys`) so they are read again when painted."""
        if keys is None:
            self._blocks.clear()
            if self._keys:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(self._keys) - 1, len(COLUMNS) - 1)
                )
            return
        for key in keys:
            row = self.row_of(key)
            if row < 0:
                continue
            self._blocks.pop(row // BLOCK, None)
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def row_data(self, row: int) -> Any | None:
        """The row dataclass at `row`, reading its block if needed (None if it vanished)."""
        if not 0 <= row < len(self._keys):
            return None
        block_no = row // BLOCK
        block = self._blocks.get(block_no)
        if block is None:
            block = self._read_block(block_no)
        return block[row - block_no * BLOCK]

    def _read_block(self, block_no: int) -> list[Any | None]:
        start = block_no * BLOCK
        ids = self._keys[start : start + BLOCK]
        began = time.perf_counter()
        by_id = {r.id: r for r in self._load_rows(ids)}
        elapsed = (time.perf_counter() - began) * 1000
        if elapsed > 20:
            log.info("queue block %d took %.1f ms", block_no, elapsed)
        # A report deleted since the key query (tombstone) shows as an empty, disabled row.
        block = [by_id.get(i) for i in ids]
        if len(self._blocks) >= MAX_BLOCKS:
            self._blocks.pop(next(iter(self._blocks)))
        self._blocks[block_no] = block
        return block

    # -- QAbstractTableModel ------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._keys)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._header_titles()[section]
        if role == Qt.ItemDataRole.ToolTipRole and COLUMNS[section] == "deadline":
            return self.tr("Working days left until the response deadline")
        return None

    def _header_titles(self) -> list[str]:
        return [
            self.tr("Tracking ID"),
            self.tr("Title"),
            self.tr("Category"),
            self.tr("District"),
            self.tr("Received"),
            self.tr("Deadline"),
            self.tr("Status"),
            self.tr("Sync"),
        ]

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.row_data(index.row()) is None:
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if not index.isValid() or not 0 <= index.row() < len(self._keys):
            return None
        if role == self.ID_ROLE:
            return self._keys[index.row()]
        row = self.row_data(index.row())
        if role == self.ROW_ROLE:
            return row
        if row is None:
            return None
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.DecorationRole and column == "sync":
            return icon(f"state_{row.sync_state or 'synced'}")
        if role == Qt.ItemDataRole.ForegroundRole and column == "deadline":
            return QBrush(DEADLINE_COLOURS[deadline_band(row.days_left)])
        if role == Qt.ItemDataRole.BackgroundRole and column == "deadline":
            colour = DEADLINE_BACKGROUNDS.get(deadline_band(row.days_left))
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.FontRole and column == "tracking_id":
            return self._bold if getattr(row, "unread", False) else None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._display(row, column) or self._tooltip(row, column)
        return None

    def _display(self, row: Any, column: str) -> str | None:
        match column:
            case "tracking_id":
                return row.tracking_id
            case "title":
                return row.title
            case "category":
                return row.category_name
            case "district":
                return row.district_name
            case "received":
                return _short_date(row.submitted_at)
            case "deadline":
                return days_left_text(row.days_left)
            case "status":
                return status_label(row.status)
            case "sync":
                return None
        return None

    def _tooltip(self, row: Any, column: str) -> str | None:
        match column:
            case "sync":
                text = sync_state_label(row.sync_state or "synced")
                reason = getattr(row, "sync_reason", None)
                return f"{text}\n{reason}" if reason else text
            case "deadline":
                due = getattr(row, "deadline", None)
                return due.strftime("%d-%m-%Y") if due else None
            case "title":
                return row.title
            case "received":
                return row.submitted_at.strftime("%d-%m-%Y %H:%M") if row.submitted_at else None
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # The database sorts; we only pass the wish on (the header shows the indicator).
        if 0 <= column < len(COLUMNS):
            self.sort_requested.emit(COLUMNS[column], order == Qt.SortOrder.DescendingOrder)


def _short_date(moment: datetime | None) -> str:
    return moment.strftime("%d-%m-%Y") if moment else ""
