"""The window of a `pusat` (centre) account: the centre's desk, with About and logout.

A centre account has no reports, so there is no queue and no sync: the app opens this window
instead of the main window (app.py), and every figure is read from the centre when shown.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QWidget

from lapor_desk.services.pusat import PusatService
from lapor_desk.views.about import about_box
from lapor_desk.views.pusat.desk import PusatDesk


class PusatWindow(QMainWindow):
    logout_requested = Signal()

    def __init__(
        self,
        service: PusatService,
        *,
        account_name: str = "",
        log_path: str | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(self.tr("LAPOR Desk — Centre (%1)").replace("%1", account_name))
        self.desk = PusatDesk(service, self)
        self.setCentralWidget(self.desk)
        self.resize(1360, 760)
        self._log_path = log_path
        menu = self.menuBar().addMenu(self.tr("&File"))
        self.logout_action = QAction(self.tr("Log out"), self)
        self.logout_action.triggered.connect(self._logout)
        menu.addAction(self.logout_action)
        close = QAction(self.tr("Close"), self)
        close.triggered.connect(self.close)
        menu.addAction(close)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.about_action = QAction(self.tr("About LAPOR Desk"), self)
        self.about_action.triggered.connect(lambda: about_box(self, self._log_path).open())
        help_menu.addAction(self.about_action)

    def _logout(self) -> None:
        self.logout_requested.emit()
        self.close()
