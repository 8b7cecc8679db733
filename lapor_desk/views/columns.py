"""Which report-table columns are shown, and how wide: laid out for 1366×768 first.

Shared by the officer's queue and the coordinator's lists. The essential columns are always on
screen, as wide as their header and longest value in the current font; the title takes what is
left; optional columns are shown when they fit beside a readable title, or as the officer chose
(right-click on the header: the column chooser). Cut text has its whole value as tooltip (the
model answers ToolTipRole for every cell).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QHeaderView, QMenu, QTableView

from lapor_desk.views.labels import days_left_text, status_label
from lapor_desk.views.queue_model import COLUMNS

#: The title's least width when optional columns are shown automatically (px).
MIN_TITLE = 180
#: …and when the officer chose to show more columns; theirs then (px).
MIN_CHOSEN_TITLE = 100
MIN_OPTIONAL = 60
#: Cell padding beside the text (px): margins, the sort indicator, the sync icon.
_PAD = 22
_STATUS_CODES = (
    "unverified",
    "verified",
    "dispatched",
    "in_progress",
    "postponed",
    "completed",
    "closed",
    "archived",
)


class ColumnFitter(QObject):
    """Fits a report table's columns to its width (call `fit()` on every resize)."""

    def __init__(
        self,
        table: QTableView,
        essential: Sequence[str],
        optional: Sequence[str],
        parent: QObject | None = None,
    ):
        super().__init__(parent or table)
        self.table = table
        self.essential = tuple(essential)
        #: optional columns in the order they are given up last (first listed, last dropped)
        self.optional = tuple(optional)
        #: optional columns the officer chose to show or hide
        self.chosen: dict[str, bool] = {}
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COLUMNS.index("title"), QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(34)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._on_header_context_menu_requested)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.size_columns()

    def column_width(self, key: str) -> int:
        """Room for the header and the longest value the column shows, in this font."""
        metrics = self.table.fontMetrics()
        head = self.table.horizontalHeader().fontMetrics()
        title = self.table.model().headerData(COLUMNS.index(key), Qt.Orientation.Horizontal)
        samples = {
            "tracking_id": ["MMK-2612-00000"],
            "received": ["00-00-0000"],
            "deadline": [days_left_text(-10), days_left_text(10), days_left_text(0)],
            "status": [status_label(code) for code in _STATUS_CODES],
            # Long names elide (the tooltip has them): room for the common ones is enough.
            "category": ["Lingkungan Hidup"],
            "district": ["Mimika Timur Jauh"],
            "agency": ["Dinas Kesehatan"],
        }.get(key, [])
        text = max([metrics.horizontalAdvance(t) for t in samples] or [0])
        return max(head.horizontalAdvance(title or "") + _PAD + 12, text + _PAD)

    def size_columns(self) -> None:
        header = self.table.horizontalHeader()
        for i, key in enumerate(COLUMNS):
            if key != "title":
                header.resizeSection(i, self.column_width(key))
            if key not in self.essential and key not in self.optional:
                header.setSectionHidden(i, True)
        self.fit()

    def fit(self) -> None:
        """Show the optional columns that fit beside a readable title; a chosen one is shown
        narrowed so the essential columns stay on screen; one the officer hid stays hidden."""
        header = self.table.horizontalHeader()
        available = self.table.viewport().width() or self.table.width()
        used = sum(header.sectionSize(COLUMNS.index(k)) for k in self.essential if k != "title")
        chosen = [k for k in self.optional if self.chosen.get(k)]
        room = available - used - MIN_CHOSEN_TITLE
        for key in chosen:
            width = max(MIN_OPTIONAL, min(self.column_width(key), room // max(1, len(chosen))))
            header.resizeSection(COLUMNS.index(key), width)
        room = (
            available - used - MIN_TITLE - sum(header.sectionSize(COLUMNS.index(k)) for k in chosen)
        )
        for key in self.optional:
            i = COLUMNS.index(key)
            if key in self.chosen:
                header.setSectionHidden(i, not self.chosen[key])
                continue
            width = self.column_width(key)
            show = room >= width
            if show:
                room -= width
                header.resizeSection(i, width)
            header.setSectionHidden(i, not show)

    def visible(self) -> list[str]:
        header = self.table.horizontalHeader()
        return [k for i, k in enumerate(COLUMNS) if not header.isSectionHidden(i)]

    def set_shown(self, key: str, shown: bool) -> None:
        if key in self.optional:
            self.chosen[key] = shown
            self.fit()

    def set_chosen(self, chosen: dict[str, bool]) -> None:
        self.chosen = {k: bool(v) for k, v in chosen.items() if k in self.optional}
        self.fit()

    def menu(self) -> QMenu:
        """The column chooser: optional columns can be shown or hidden, essential ones not."""
        menu = QMenu(self.table)
        header = self.table.horizontalHeader()
        model = self.table.model()
        for i, key in enumerate(COLUMNS):
            if key not in self.essential and key not in self.optional:
                continue
            action = menu.addAction(model.headerData(i, Qt.Orientation.Horizontal) or key)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(i))
            action.setEnabled(key in self.optional)
            action.toggled.connect(lambda on, k=key: self.set_shown(k, on))
        return menu

    def _on_header_context_menu_requested(self, pos) -> None:
        header = self.table.horizontalHeader()
        self.menu().exec(header.viewport().mapToGlobal(pos))
