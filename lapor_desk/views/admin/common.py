"""What every tab of the administration pane shares: a banner that says when data cannot be
read (offline) or a change was queued, reads on a worker, changes queued on the writer, tables
filled the same way."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lapor_desk.views.errors import describe, show_error
from lapor_desk.views.ops import Op
from lapor_desk.views.palette import TEXT_ERROR, TEXT_SECONDARY


class AdminTab(QWidget):
    """A tab with a banner on top; subclasses put their widgets into `self.body`."""

    #: a change was queued (the pane refreshes its pending list and asks for a sync)
    queued = Signal(str)

    def __init__(self, service: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = service
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.hide()
        layout.addWidget(self.banner)
        self.body = QVBoxLayout()
        layout.addLayout(self.body, 1)
        self._loaded = False

    # -- reading ----------------------------------------------------------------------------
    def read(self, fn: Callable[..., Any], *args: Any, then: Callable[[Any], None]) -> Op:
        def failed(error: BaseException) -> None:
            sentence, step = describe(error)
            self.say(f"{sentence} {step}", warn=True)

        def done(result: Any) -> None:
            self.banner.hide()
            then(result)

        return Op(self, fn, *args).success(done).failure(failed).run()

    def load(self) -> None:
        """Read this tab's data (subclasses)."""

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.load()

    # -- changing ---------------------------------------------------------------------------
    def change(self, fn: Callable[..., str], *args: Any, message: str) -> Op:
        """Queue a change (offline too); the banner says it waits for the next sync."""

        def done(op_id: str) -> None:
            self.say(message + " " + self.tr("Queued: it is sent with the next sync."))
            self.queued.emit(op_id)

        return (
            Op(self, fn, *args)
            .writes(self)
            .success(done)
            .failure(lambda e: show_error(self, e))
            .run()
        )

    def say(self, text: str, *, warn: bool = False) -> None:
        color = TEXT_ERROR if warn else TEXT_SECONDARY
        self.banner.setStyleSheet(f"color: {color};")
        self.banner.setText(text)
        self.banner.show()


def make_table(parent: QWidget, headers: Sequence[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(list(headers))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.setAlternatingRowColors(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


def fill(table: QTableWidget, rows: Sequence[Sequence[Any]], data: Sequence[Any] = ()) -> None:
    """Replace the table's rows; `data[i]` rides on the first cell (Qt.UserRole)."""
    table.setRowCount(0)
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem("" if value is None else str(value))
            if c == 0 and r < len(data):
                item.setData(Qt.ItemDataRole.UserRole, data[r])
            table.setItem(r, c, item)


def selected(table: QTableWidget) -> Any | None:
    row = table.currentRow()
    if row < 0 or table.item(row, 0) is None:
        return None
    return table.item(row, 0).data(Qt.ItemDataRole.UserRole)


def when(iso: str | None) -> str:
    """A server time as local WIT for a table cell."""
    if not iso:
        return ""
    from datetime import datetime

    from lapor_core.calendar import MIMIKA_TZ

    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    return moment.astimezone(MIMIKA_TZ).strftime("%d-%m-%Y %H:%M")
