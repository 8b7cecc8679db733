"""Search box and filters above the queue (category, distrik, status, received between two dates).

Typing is debounced so that a query runs once the officer pauses, not on every key; the bar only
builds a `QueueFilter` and announces it; the queue pane runs the query.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from lapor_core.workflow import Status
from lapor_desk.services.queue import QueueFilter
from lapor_desk.views.labels import status_label
from lapor_desk.views.resources import icon

#: Milliseconds after the last key press before the search runs.
SEARCH_DEBOUNCE_MS = 250


class FilterBar(QWidget):
    filter_changed = Signal()
    """The officer changed the search text or a filter; read `current()` for the new values."""
    save_view_requested = Signal()
    """The officer wants to save the current filter as a personal view."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(
            self.tr("Search title, text, answers or tracking ID (Ctrl+F)")
        )
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setAccessibleName(self.tr("Search reports"))
        self.search.setMinimumWidth(220)

        self.category = self._combo(self.tr("All categories"), self.tr("Filter by category"))
        self.district = self._combo(self.tr("All districts"), self.tr("Filter by district"))
        self.status = self._combo(self.tr("All statuses"), self.tr("Filter by status"))
        for s in Status:
            self.status.addItem(status_label(s.value), s.value)

        self.use_from = QCheckBox(self.tr("From"), self)
        self.date_from = self._date_edit(self.tr("Received from"))
        self.use_to = QCheckBox(self.tr("to"), self)
        self.date_to = self._date_edit(self.tr("Received until"))
        self.use_from.setAccessibleName(self.tr("Filter by received date from"))
        self.use_to.setAccessibleName(self.tr("Filter by received date until"))

        self.clear_button = QToolButton(self)
        self.clear_button.setIcon(icon("clear"))
        self.clear_button.setToolTip(self.tr("Clear search and filters"))
        self.clear_button.setAccessibleName(self.tr("Clear search and filters"))
        self.save_button = QToolButton(self)
        self.save_button.setIcon(icon("saved_view"))
        self.save_button.setToolTip(self.tr("Save these filters as a personal view"))
        self.save_button.setAccessibleName(self.tr("Save view"))

        # Two rows, so the desk still fits a 1366-pixel laptop screen.
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.clear_button)
        top.addWidget(self.save_button)
        bottom = QHBoxLayout()
        for w in (self.category, self.district, self.status):
            bottom.addWidget(w, 1)
        for w in (self.use_from, self.date_from, self.use_to, self.date_to):
            bottom.addWidget(w)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addLayout(bottom)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.filter_changed)
        self.search.textChanged.connect(self._debounce.start)
        self.search.returnPressed.connect(self._on_search_return_pressed)
        for combo in (self.category, self.district, self.status):
            combo.currentIndexChanged.connect(self.filter_changed)
        for box in (self.use_from, self.use_to):
            box.toggled.connect(self._on_date_toggled)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self._on_date_changed)
        self.clear_button.clicked.connect(self.clear)
        self.save_button.clicked.connect(self.save_view_requested)
        self._on_date_toggled()

    def _combo(self, everything: str, accessible: str) -> QComboBox:
        combo = QComboBox(self)
        combo.addItem(everything, None)
        combo.setAccessibleName(accessible)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(4)
        # Narrow at 1366×768: the whole choice is on hover.
        combo.currentTextChanged.connect(combo.setToolTip)
        combo.setToolTip(everything)
        return combo

    def _date_edit(self, accessible: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd-MM-yyyy")
        edit.setDate(QDate.currentDate())
        edit.setAccessibleName(accessible)
        return edit

    # -- choices and values ------------------------------------------------------------------
    def set_choices(
        self, categories: list[tuple[str, str]], districts: list[tuple[str, str]]
    ) -> None:
        for combo, items in ((self.category, categories), (self.district, districts)):
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for code, name in items:
                combo.addItem(name, code)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)

    def current(self, base: QueueFilter) -> QueueFilter:
        """`base` (the chosen queue view and sort) with this bar's search and filters."""
        return base.with_(
            text=self.search.text().strip(),
            category_code=self.category.currentData(),
            district_code=self.district.currentData(),
            status=self.status.currentData(),
            received_from=_to_date(self.date_from.date()) if self.use_from.isChecked() else None,
            received_to=_to_date(self.date_to.date()) if self.use_to.isChecked() else None,
        )

    def show_filter(self, flt: QueueFilter) -> None:
        """Put a saved view's values into the bar without running a query per field."""
        self.blockSignals(True)
        try:
            self.search.setText(flt.text)
            self._debounce.stop()
            for combo, value in (
                (self.category, flt.category_code),
                (self.district, flt.district_code),
                (self.status, flt.status),
            ):
                combo.setCurrentIndex(max(0, combo.findData(value)))
            for box, edit, value in (
                (self.use_from, self.date_from, flt.received_from),
                (self.use_to, self.date_to, flt.received_to),
            ):
                box.setChecked(value is not None)
                if value is not None:
                    edit.setDate(QDate(value.year, value.month, value.day))
            self._on_date_toggled(announce=False)
        finally:
            self.blockSignals(False)

    def clear(self) -> None:
        self.show_filter(QueueFilter())
        self.filter_changed.emit()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # -- slots -------------------------------------------------------------------------------
    def _on_search_return_pressed(self) -> None:
        self._debounce.stop()
        self.filter_changed.emit()

    def _on_date_toggled(self, *_args, announce: bool = True) -> None:
        self.date_from.setEnabled(self.use_from.isChecked())
        self.date_to.setEnabled(self.use_to.isChecked())
        if announce and self.sender() is not None:
            self.filter_changed.emit()

    def _on_date_changed(self) -> None:
        if self.use_from.isChecked() or self.use_to.isChecked():
            self.filter_changed.emit()


def _to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())
