"""The login dialog: server (from the machine configuration, read-only when IT locked it),
username, password and "ingat saya" (remember me, through the OS keyring).

The dialog only collects input and shows what went wrong, inline, in one sentence with a next step:
wrong password, server unreachable, TLS problem, account disabled, too many attempts (with the
wait time), profile already open in another window. The login itself is a function the composition
root passes in; it runs on a worker through the op runner.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lapor_desk.errors import (
    DeskError,
    KeyringUnavailableError,
    LoginFailed,
    OfflineError,
    PassphraseRequired,
    RejectedError,
    ServerError,
    TlsError,
)
from lapor_desk.views import palette
from lapor_desk.views.errors import describe
from lapor_desk.views.ops import Op
from lapor_desk.views.resources import icon


@dataclass(frozen=True, slots=True)
class LoginRequest:
    server_url: str
    username: str
    password: str
    remember: bool
    # the local passphrase that protects the profile key on a computer without a keyring
    passphrase: str = ""


class LoginDialog(QDialog):
    def __init__(
        self,
        login: Callable[[LoginRequest], Any],
        *,
        server_url: str = "",
        server_locked: bool = False,
        username: str = "",
        remember: bool = True,
        remember_available: bool = True,
        passphrase_needed: bool = False,
        note: str = "",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._login = login
        self.result_value: Any = None
        self.setWindowTitle(self.tr("LAPOR Desk: log in"))
        self.setWindowIcon(icon("app"))
        title = QLabel(self.tr("<b>LAPOR Desk</b><br>Complaint handling for SP4N-LAPOR!"), self)
        title.setTextFormat(Qt.TextFormat.RichText)
        self.server = QLineEdit(server_url, self)
        self.server.setAccessibleName(self.tr("Server address"))
        self.server.setPlaceholderText("https://lapor.mimikakab.go.id")
        if server_locked:
            self.server.setReadOnly(True)
            self.server.setToolTip(self.tr("Set by your IT administrator"))
        self.username = QLineEdit(username, self)
        self.username.setAccessibleName(self.tr("Username"))
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Password"))
        self.remember = QCheckBox(self.tr("Remember me on this computer"), self)
        self.remember.setChecked(remember and remember_available)
        self.remember.setEnabled(remember_available)
        if not remember_available:
            self.remember.setToolTip(
                self.tr(
                    "The system password store (keyring) is not available: you will be asked "
                    "for your password each time."
                )
            )
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Local passphrase"))
        self.passphrase_note = QLabel(
            self.tr(
                "This computer has no system password store (keyring), so the local data of "
                "the desk is encrypted with a key protected by this local passphrase. Choose "
                "one of at least 8 characters at the first login here, and type it at each start."
            ),
            self,
        )
        self.passphrase_note.setWordWrap(True)
        self.passphrase_note.setStyleSheet(f"color: {palette.TEXT_SECONDARY};")
        self.passphrase.setVisible(passphrase_needed)
        self.passphrase_note.setVisible(passphrase_needed)
        self.message = QLabel(note, self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Login message"))
        self.message.setStyleSheet(f"color: {palette.TEXT_ERROR};")
        self.message.setVisible(bool(note))
        form = QFormLayout()
        form.addRow(self.tr("Server"), self.server)
        form.addRow(self.tr("Username"), self.username)
        form.addRow(self.tr("Password"), self.password)
        form.addRow("", self.remember)
        if passphrase_needed:
            form.addRow(self.tr("Local passphrase"), self.passphrase)
            form.addRow("", self.passphrase_note)
        self.buttons = QDialogButtonBox(self)
        self.login_button: QPushButton = self.buttons.addButton(
            self.tr("Log in"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.login_button.setDefault(True)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        # The dialog grows with a long error instead of squashing the fields under it.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.setMinimumWidth(440)
        (self.password if username else self.username).setFocus()

    def request(self) -> LoginRequest:
        return LoginRequest(
            self.server.text().strip(),
            self.username.text().strip(),
            self.password.text(),
            self.remember.isChecked(),
            self.passphrase.text() if self.passphrase.isVisibleTo(self) else "",
        )

    def _on_buttons_accepted(self) -> None:
        request = self.request()
        if not request.server_url or not request.username or not request.password:
            self.show_message(self.tr("Fill in the server, username and password."))
            return
        if self.passphrase.isVisibleTo(self) and len(request.passphrase) < 8:
            self.show_message(self.tr("The local passphrase needs at least 8 characters."))
            self.passphrase.setFocus()
            return
        self.login_button.setEnabled(False)
        self.show_message(self.tr("Logging in…"), error=False)
        Op(self, self._login, request).success(self._on_logged_in).failure(self._on_failed).run()

    def _on_logged_in(self, result: Any) -> None:
        self.result_value = result
        self.password.clear()
        self.passphrase.clear()
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.login_button.setEnabled(True)
        sentence, next_step = self.explain(exc)
        self.show_message(f"{sentence} {next_step}".strip())
        if isinstance(exc, LoginFailed):
            self.password.selectAll()
            self.password.setFocus()
        if isinstance(exc, KeyringUnavailableError | PassphraseRequired):
            self.passphrase.selectAll()
            self.passphrase.setFocus()
        if not isinstance(exc, DeskError):
            from lapor_desk.views.errors import show_bug

            show_bug(self, exc)

    def show_message(self, text: str, *, error: bool = True) -> None:
        self.message.setStyleSheet(
            f"color: {palette.TEXT_ERROR if error else palette.TEXT_SECONDARY};"
        )
        self.message.setText(text)
        self.message.setVisible(bool(text))
        # A wrapped message needs more height at this width: grow, never squash the fields.
        layout = self.layout()
        layout.activate()
        need = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else 0
        if need > self.height():
            self.resize(self.width(), need)

    def explain(self, exc: BaseException) -> tuple[str, str]:
        """One sentence and a next step for a failed login."""
        if isinstance(exc, ServerError) and exc.status == 429:
            minutes = math.ceil((exc.retry_after or 60) / 60)
            return (
                self.tr("Too many failed logins for this account."),
                self.tr("Try again in %n minute(s).", "", minutes),
            )
        if isinstance(exc, RejectedError) and exc.status == 403:
            return (
                self.tr("This account is disabled or locked."),
                self.tr("Contact the Diskominfo administrator to enable it again."),
            )
        if isinstance(exc, OfflineError):
            return (
                self.tr("The server cannot be reached."),
                self.tr("Check the server address and the network connection, then try again."),
            )
        if isinstance(exc, TlsError):
            return describe(exc)
        if isinstance(exc, KeyringUnavailableError):
            return describe(exc)
        return describe(exc)

    @classmethod
    def ask(cls, login: Callable[[LoginRequest], Any], **kwargs: Any) -> Any:
        """Show the dialog until a login succeeds (its result) or the officer cancels (None)."""
        dialog = cls(login, **kwargs)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.result_value
        finally:
            dialog.deleteLater()
