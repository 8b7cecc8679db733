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
from typing import Any, NamedTuple

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QIcon

from lapor_desk.views import palette
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
    "agency",
    "received",
    "deadline",
    "status",
    "sync",
)

DEADLINE_COLOURS = {
    "ok": QColor(palette.DEADLINE_OK),
    "soon": QColor(palette.DEADLINE_SOON),
    "late": QColor(palette.DEADLINE_LATE),
    "none": QColor(palette.DEADLINE_NONE),
}
DEADLINE_BACKGROUNDS = {
    "soon": QColor(palette.DEADLINE_SOON_BG),
    "late": QColor(palette.DEADLINE_LATE_BG),
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
        self._blocks: dict[int, list[_Line | None]] = {}

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
        line = self._line_at(row)
        return line.row if line is not None else None

    def _line_at(self, row: int) -> _Line | None:
        if not 0 <= row < len(self._keys):
            return None
        block_no = row // BLOCK
        block = self._blocks.get(block_no)
        if block is None:
            block = self._read_block(block_no)
        return block[row - block_no * BLOCK]

    def _line(self, row: Any | None) -> _Line | None:
        """Everything the view asks for a row, computed once when its block is read: painting
        asks `data()` thousands of times per screen."""
        if row is None:
            return None
        display = tuple(self._display(row, c) for c in COLUMNS)
        band = deadline_band(row.days_left)
        background = DEADLINE_BACKGROUNDS.get(band)
        return _Line(
            row=row,
            display=display,
            deadline_fg=QBrush(DEADLINE_COLOURS[band]),
            deadline_bg=QBrush(background) if background is not None else None,
            sync_icon=icon(f"state_{row.sync_state or 'synced'}"),
        )

    def _read_block(self, block_no: int) -> list[_Line | None]:
        start = block_no * BLOCK
        ids = self._keys[start : start + BLOCK]
        began = time.perf_counter()
        by_id = {r.id: r for r in self._load_rows(ids)}
        elapsed = (time.perf_counter() - began) * 1000
        if elapsed > 20:
            log.info("queue block %d took %.1f ms", block_no, elapsed)
        # A report deleted since the key query (tombstone) shows as an empty, disabled row.
        block = [self._line(by_id.get(i)) for i in ids]
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
            self.tr("OPD"),
            self.tr("Received"),
            self.tr("Deadline"),
            self.tr("Status"),
            self.tr("Sync"),
        ]

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if self._line_at(index.row()) is None or not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _SELECTABLE

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if role not in _ANSWERED:
            return None  # painting asks ~9 roles per cell; most are not ours (font, alignment…)
        row = index.row()  # -1 for an invalid index
        if not 0 <= row < len(self._keys):
            return None
        if role == _ID_ROLE:
            return self._keys[row]
        line = self._line_at(row)
        if line is None:
            return None
        column = index.column()
        if role == _DISPLAY:
            return line.display[column]
        if role == _ROW_ROLE:
            return line.row
        if column == _DEADLINE:
            if role == _FOREGROUND:
                return line.deadline_fg
            if role == _BACKGROUND:
                return line.deadline_bg
        elif column == _SYNC and role == _DECORATION:
            return line.sync_icon
        if role == _TOOLTIP:
            return self._tooltip(line.row, COLUMNS[column])
        if role == _ACCESSIBLE:
            return line.display[column] or self._tooltip(line.row, COLUMNS[column])
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
            case "agency":
                return row.agency_name
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
                left = days_left_text(row.days_left)
                if due is None:
                    return left or None
                return f"{left} ({due.strftime('%d-%m-%Y')})" if left else due.strftime("%d-%m-%Y")
            case "received":
                return row.submitted_at.strftime("%d-%m-%Y %H:%M") if row.submitted_at else None
        # Every other cell may be elided in a narrow column: the tooltip has the whole text.
        return self._display(row, column)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # The database sorts; we only pass the wish on (the header shows the indicator).
        if 0 <= column < len(COLUMNS):
            self.sort_requested.emit(COLUMNS[column], order == Qt.SortOrder.DescendingOrder)


class _Line(NamedTuple):
    row: Any
    display: tuple[str | None, ...]
    deadline_fg: QBrush
    deadline_bg: QBrush | None
    sync_icon: QIcon


_ID_ROLE = QueueTableModel.ID_ROLE
_ROW_ROLE = QueueTableModel.ROW_ROLE
_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_DECORATION = Qt.ItemDataRole.DecorationRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_BACKGROUND = Qt.ItemDataRole.BackgroundRole
_ACCESSIBLE = Qt.ItemDataRole.AccessibleTextRole
_ANSWERED = frozenset(
    (_ID_ROLE, _ROW_ROLE, _DISPLAY, _TOOLTIP, _DECORATION, _FOREGROUND, _BACKGROUND, _ACCESSIBLE)
)
_DEADLINE = COLUMNS.index("deadline")
_SYNC = COLUMNS.index("sync")
_SELECTABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def _short_date(moment: datetime | None) -> str:
    return moment.strftime("%d-%m-%Y") if moment else ""
