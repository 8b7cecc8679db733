"""Administrasi: the pane of the Diskominfo admin (and a koordinator's remit) — accounts and
devices, OPDs and categories, channels, the calendar, the audit log, and this desk's pending
admin changes (docs/admin.md). Reads need the server; changes queue in the outbox offline."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QWidget

from lapor_desk.views.admin.accounts import AccountsTab
from lapor_desk.views.admin.audit import AuditTab
from lapor_desk.views.admin.calendar import CalendarTab
from lapor_desk.views.admin.channels import ChannelsTab
from lapor_desk.views.admin.pending import PendingTab
from lapor_desk.views.admin.reference import ReferenceTab

__all__ = ["AdminPane"]


class AdminPane(QTabWidget):
    #: an admin change was queued: the window may start a sync
    sync_requested = Signal()

    def __init__(self, service: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = service
        self.accounts = AccountsTab(service, self)
        self.reference = ReferenceTab(service, self)
        self.calendar = CalendarTab(service, self)
        self.audit = AuditTab(service, self)
        self.pending = PendingTab(service, self)
        self.addTab(self.accounts, self.tr("Accounts"))
        self.addTab(self.reference, self.tr("OPDs and categories"))
        self.channels: ChannelsTab | None = None
        if service.is_admin:
            self.channels = ChannelsTab(service, self)
            self.addTab(self.channels, self.tr("Channels"))
        self.addTab(self.calendar, self.tr("Calendar"))
        self.addTab(self.audit, self.tr("Audit log"))
        self.addTab(self.pending, self.tr("Pending changes"))
        for tab in self.tabs():
            tab.queued.connect(self._on_tab_queued)

    def tabs(self) -> list[Any]:
        return [self.widget(i) for i in range(self.count())]

    def _on_tab_queued(self, _op_id: str) -> None:
        self.pending.load()
        self.sync_requested.emit()

    def sync_finished(self) -> None:
        """After a sync: the pending list shows the server's answers."""
        self.pending.load()
