"""Log audit: sign-ins (success and failure, address, device), device registrations and
revocations, every administrative change, exports, anonymity/secret flag changes; filtered by
account, kind and dates; exported as CSV (the export itself is audited on the server)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from lapor_core.admin import AUDIT_LABELS_ID, AuditKind
from lapor_core.calendar import MIMIKA_TZ
from lapor_desk.views.admin.common import AdminTab, fill, make_table, when
from lapor_desk.views.errors import show_error
from lapor_desk.views.ops import Op

#: entries per page (the server allows up to 1000)
PAGE = 500


class AuditTab(AdminTab):
    def __init__(self, service: Any, parent: QWidget | None = None):
        super().__init__(service, parent)
        bar = QHBoxLayout()
        self.account = QLineEdit(self)
        self.account.setPlaceholderText(self.tr("Account (username)"))
        self.account.returnPressed.connect(self.load)
        self.kind = QComboBox(self)
        self.kind.addItem(self.tr("All kinds"), None)
        for kind in AuditKind:
            self.kind.addItem(AUDIT_LABELS_ID[kind], kind.value)
        self.since = QDateEdit(self)
        self.until = QDateEdit(self)
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd-MM-yyyy")
        self.since.setDate(QDate.currentDate().addDays(-30))
        self.until.setDate(QDate.currentDate())
        self._entries: list[dict[str, Any]] = []
        show = QPushButton(self.tr("Show"), self)
        show.clicked.connect(self.load)
        export = QPushButton(self.tr("Export CSV…"), self)
        export.clicked.connect(self._on_export_clicked)
        bar.addWidget(self.account, 1)
        bar.addWidget(self.kind)
        bar.addWidget(QLabel(self.tr("from"), self))
        bar.addWidget(self.since)
        bar.addWidget(QLabel(self.tr("to"), self))
        bar.addWidget(self.until)
        bar.addWidget(show)
        bar.addWidget(export)
        self.body.addLayout(bar)
        self.table = make_table(
            self,
            [self.tr("Time (WIT)"), self.tr("Kind"), self.tr("Result"), self.tr("By"),
             self.tr("Concerning"), self.tr("Address"), self.tr("Device"), self.tr("Details")],
        )  # fmt: skip
        self.body.addWidget(self.table, 1)
        self.more_button = QPushButton(self.tr("Load older entries"), self)
        self.more_button.clicked.connect(self._on_more_clicked)
        self.more_button.setEnabled(False)
        more = QHBoxLayout()
        more.addWidget(self.more_button)
        more.addStretch(1)
        self.body.addLayout(more)

    def _filters(self) -> tuple[str, list[str], datetime, datetime]:
        since = datetime.combine(self.since.date().toPython(), time(0), MIMIKA_TZ)
        until = datetime.combine(self.until.date().toPython(), time(0), MIMIKA_TZ)
        kind = self.kind.currentData()
        return self.account.text(), [kind] if kind else [], since, until + timedelta(days=1)

    def load(self) -> None:
        self.read(self.service.audit, *self._filters(), PAGE,
                  then=lambda page: self._show(page, fresh=True))  # fmt: skip

    def _on_more_clicked(self) -> None:
        if self._entries:
            last = self._entries[-1]["id"]
            self.read(self.service.audit, *self._filters(), PAGE, last, then=self._show)

    def outcome_text(self, outcome: str) -> str:
        return {
            "ok": self.tr("done"),
            "failed": self.tr("failed"),
            "refused": self.tr("refused"),
        }.get(outcome, outcome)

    def _show(self, page: list[dict[str, Any]], fresh: bool = False) -> None:
        self._entries = list(page) if fresh else self._entries + list(page)
        entries = self._entries
        self.more_button.setEnabled(len(page) == PAGE)
        rows = [
            (when(e["at"]), e.get("label") or e["kind"], self.outcome_text(e["outcome"]),
             e["actor"], e.get("subject") or "", e.get("remote_addr") or "", e.get("device") or "",
             "; ".join(f"{k}={v}" for k, v in sorted((e.get("detail") or {}).items())))
            for e in entries
        ]  # fmt: skip
        fill(self.table, rows, entries)
        self.say(self.tr("%n entries", "", len(entries)))

    def _on_export_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export audit log"), "audit.csv", self.tr("CSV files (*.csv)")
        )
        if not path:
            return
        Op(self, self.service.export_audit, path, *self._filters()).success(
            lambda n: self.say(self.tr("%n entries exported.", "", n))
        ).failure(lambda e: show_error(self, e)).run()
