"""The left navigation: the queue views with live counts, then the officer's saved views."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from lapor_desk.services.queue import QueueFilter, QueueView, SavedViewInfo
from lapor_desk.views.labels import queue_view_hint, queue_view_label
from lapor_desk.views.resources import icon

_ICONS = {
    QueueView.NEW: "inbox",
    QueueView.FOLLOW_UP: "follow_up",
    QueueView.IN_PROGRESS: "in_progress",
    QueueView.POSTPONED: "postponed",
    QueueView.DUE_SOON: "due_soon",
    QueueView.OVERDUE: "overdue",
    QueueView.COMPLETED: "completed",
    QueueView.ALL: "all",
}


@dataclass(frozen=True, slots=True)
class NavEntry:
    """A queue view (`saved` is None) or a saved personal view."""

    view: QueueView
    saved: SavedViewInfo | None = None

    @property
    def key(self) -> str:
        return f"saved:{self.saved.name}" if self.saved else self.view.value

    def filter(self) -> QueueFilter:
        return self.saved.filter if self.saved else QueueFilter(view=self.view)


class NavModel(QAbstractListModel):
    """Queue views with their counts, and the saved views below them."""

    ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent=None):
        super().__init__(parent)
        self._entries = [NavEntry(v) for v in QueueView]
        self._counts: dict[QueueView, int] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def entry(self, row: int) -> NavEntry | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def row_of(self, key: str) -> int:
        return next((i for i, e in enumerate(self._entries) if e.key == key), -1)

    def set_counts(self, counts: dict[QueueView, int]) -> None:
        self._counts = dict(counts)
        fixed = len(QueueView)
        if fixed:
            self.dataChanged.emit(self.index(0), self.index(fixed - 1))

    def count(self, view: QueueView) -> int | None:
        return self._counts.get(view)

    def set_saved_views(self, saved: list[SavedViewInfo]) -> None:
        fixed = len(QueueView)
        if len(self._entries) > fixed:
            self.beginRemoveRows(QModelIndex(), fixed, len(self._entries) - 1)
            del self._entries[fixed:]
            self.endRemoveRows()
        if saved:
            self.beginInsertRows(QModelIndex(), fixed, fixed + len(saved) - 1)
            self._entries.extend(NavEntry(s.filter.view, s) for s in saved)
            self.endInsertRows()

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ):
        entry = self.entry(index.row()) if index.isValid() else None
        if entry is None:
            return None
        if role == self.ENTRY_ROLE:
            return entry
        if entry.saved is not None:
            if role == Qt.ItemDataRole.DisplayRole:
                return entry.saved.name
            if role == Qt.ItemDataRole.DecorationRole:
                return icon("saved_view")
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.tr("Saved view")
            return None
        count = self._counts.get(entry.view)
        if role == Qt.ItemDataRole.DisplayRole:
            label = queue_view_label(entry.view.value)
            return f"{label}  ({count})" if count is not None else label
        if role == Qt.ItemDataRole.DecorationRole:
            return icon(_ICONS[entry.view])
        if role == Qt.ItemDataRole.ToolTipRole:
            return queue_view_hint(entry.view.value)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            label = queue_view_label(entry.view.value)
            return self.tr("%1, %2 reports").replace("%1", label).replace("%2", str(count or 0))
        if role == Qt.ItemDataRole.FontRole and entry.view in (QueueView.OVERDUE, QueueView.NEW):
            return self._bold if count else None
        return None


class QueueNav(QListView):
    """The navigation list. Emits `entry_chosen` when the officer picks a view."""

    entry_chosen = Signal(object)
    """The officer picked a navigation entry: (NavEntry)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.nav_model = NavModel(self)
        self.setModel(self.nav_model)
        self.setIconSize(QSize(20, 20))
        self.setSpacing(1)
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAccessibleName(self.tr("Queue views"))
        self.setMinimumWidth(170)
        self.selectionModel().currentChanged.connect(self._on_selection_current_changed)

    def select_key(self, key: str) -> None:
        row = self.nav_model.row_of(key)
        if row >= 0:
            self.setCurrentIndex(self.nav_model.index(row))

    def current_entry(self) -> NavEntry | None:
        return self.nav_model.entry(self.currentIndex().row())

    def _on_selection_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        entry = self.nav_model.entry(current.row())
        if entry is not None:
            self.entry_chosen.emit(entry)
