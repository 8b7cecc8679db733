"""Kalender: the year's extra non-working days (cuti bersama changes, local holidays) and extra
working days. Every deadline follows them: the server moves open deadlines when one changes."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from lapor_desk.views.admin.common import AdminTab, fill, make_table, selected


class CalendarTab(AdminTab):
    def __init__(self, service: Any, parent: QWidget | None = None):
        super().__init__(service, parent)
        top = QHBoxLayout()
        self.year = QSpinBox(self)
        self.year.setRange(2020, 2100)
        self.year.setValue(date.today().year)
        self.year.valueChanged.connect(self.load)
        top.addWidget(self.year)
        top.addStretch(1)
        self.body.addLayout(top)
        self.table = make_table(self, [self.tr("Date"), self.tr("Name"), self.tr("Kind")])
        self.body.addWidget(self.table, 1)
        add = QHBoxLayout()
        self.day = QDateEdit(self)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd-MM-yyyy")
        self.day.setDate(QDate.currentDate())
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(self.tr("e.g. Cuti bersama Natal"))
        self.working = QCheckBox(self.tr("extra working day"), self)
        self.add_button = QPushButton(self.tr("Save day"), self)
        self.remove_button = QPushButton(self.tr("Remove day"), self)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        for w in (self.day, self.name, self.working, self.add_button, self.remove_button):
            w.setVisible(service.is_admin)
            add.addWidget(w)
        add.addStretch(1)
        self.body.addLayout(add)

    def load(self) -> None:
        self.read(self.service.calendar, self.year.value(), then=self._show)

    def _show(self, days: list[dict[str, Any]]) -> None:
        fill(
            self.table,
            [(d["date"], d["name"], self.tr("working day") if d["working"]
              else self.tr("non-working day")) for d in days],
            days,
        )  # fmt: skip

    def _on_add_clicked(self) -> None:
        day = self.day.date().toString("yyyy-MM-dd")
        self.change(self.service.save_calendar_day, day, self.name.text(),
                    self.working.isChecked(),
                    message=self.tr("Day saved; open deadlines move after the sync."))  # fmt: skip

    def _on_remove_clicked(self) -> None:
        day = selected(self.table)
        if day:
            self.change(self.service.remove_calendar_day, day["date"],
                        message=self.tr("Day removed; deadlines move back after the "
                                        "sync."))  # fmt: skip
