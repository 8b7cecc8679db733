"""Akun: search, create (the one-time password is shown once, after the sync), disable or
enable, reset the password, change role and OPD, see and revoke devices."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from lapor_desk.views.admin.common import AdminTab, fill, make_table, selected, when

ROLES = ("petugas", "koordinator", "pimpinan", "admin")


class AccountDialog(QDialog):
    """A new account, or the role/OPD/e-mail/name of an existing one."""

    def __init__(self, parent: QWidget, agencies: list[dict[str, Any]], account: dict | None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("New account") if account is None else self.tr("Edit account"))
        form = QFormLayout(self)
        self.username = QLineEdit(self)
        self.username.setPlaceholderText(self.tr("e.g. budi.pupr"))
        self.display_name = QLineEdit(self)
        self.email = QLineEdit(self)
        self.email.setPlaceholderText(self.tr("optional; digests go there"))
        self.role = QComboBox(self)
        for role in ROLES:
            self.role.addItem(role, role)
        self.agency = QComboBox(self)
        self.agency.addItem(self.tr("(no OPD)"), None)
        for a in agencies:
            self.agency.addItem(a["name"], a["code"])
        form.addRow(self.tr("Username"), self.username)
        form.addRow(self.tr("Display name"), self.display_name)
        form.addRow(self.tr("E-mail"), self.email)
        form.addRow(self.tr("Role"), self.role)
        form.addRow(self.tr("OPD (officers only)"), self.agency)
        if account is not None:
            self.username.setText(account["username"])
            self.username.setReadOnly(True)
            self.display_name.setText(account["display_name"])
            self.email.setText(account.get("email") or "")
            self.role.setCurrentIndex(max(0, self.role.findData(account["role"])))
            self.agency.setCurrentIndex(max(0, self.agency.findData(account.get("agency_code"))))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, Any]:
        return {
            "username": self.username.text().strip().lower(),
            "display_name": self.display_name.text().strip(),
            "email": self.email.text().strip() or None,
            "role": self.role.currentData(),
            "agency_code": self.agency.currentData() if self.role.currentData() == "petugas"
            else None,
        }  # fmt: skip


class AccountsTab(AdminTab):
    def __init__(self, service: Any, parent: QWidget | None = None):
        super().__init__(service, parent)
        self._agencies: list[dict[str, Any]] = []
        bar = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search name, username or e-mail"))
        self.search.returnPressed.connect(self.load)
        self.role_filter = QComboBox(self)
        self.role_filter.addItem(self.tr("All roles"), None)
        for role in ROLES:
            self.role_filter.addItem(role, role)
        self.role_filter.currentIndexChanged.connect(self.load)
        refresh = QPushButton(self.tr("Refresh"), self)
        refresh.clicked.connect(self.load)
        self.new_button = QPushButton(self.tr("New account…"), self)
        self.new_button.clicked.connect(self._on_new_clicked)
        self.new_button.setVisible(service.is_admin)
        for w in (self.search, self.role_filter, refresh, self.new_button):
            bar.addWidget(w)
        self.body.addLayout(bar)

        split = QSplitter(Qt.Orientation.Vertical, self)
        self.table = make_table(
            self,
            [self.tr("Username"), self.tr("Name"), self.tr("Role"), self.tr("OPD"),
             self.tr("E-mail"), self.tr("Status"), self.tr("Devices"), self.tr("Last seen")],
        )  # fmt: skip
        self.table.itemSelectionChanged.connect(self._on_account_selected)
        split.addWidget(self.table)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        actions = QHBoxLayout()
        self.edit_button = QPushButton(self.tr("Role, OPD, e-mail…"), self)
        self.disable_button = QPushButton(self.tr("Disable"), self)
        self.reset_button = QPushButton(self.tr("Reset password"), self)
        self.revoke_button = QPushButton(self.tr("Revoke device"), self)
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.disable_button.clicked.connect(self._on_disable_clicked)
        self.reset_button.clicked.connect(self._on_reset_clicked)
        self.revoke_button.clicked.connect(self._on_revoke_clicked)
        for b in (self.edit_button, self.disable_button, self.reset_button):
            b.setVisible(service.is_admin)
            actions.addWidget(b)
        actions.addWidget(self.revoke_button)
        actions.addStretch(1)
        lower_layout.addLayout(actions)
        self.devices = make_table(
            self,
            [self.tr("Device"), self.tr("Desk version"), self.tr("Signed in"),
             self.tr("Last seen"), self.tr("Revoked")],
        )  # fmt: skip
        lower_layout.addWidget(self.devices)
        split.addWidget(lower)
        split.setSizes([320, 200])
        self.body.addWidget(split, 1)
        self._enable_actions(None)

    # -- reading ----------------------------------------------------------------------------
    def load(self) -> None:
        self.read(self.service.accounts, self.search.text(), self.role_filter.currentData(),
                  then=self._show)  # fmt: skip
        if not self._agencies:
            self.read(self.service.agencies, then=self._set_agencies)

    def _set_agencies(self, agencies: list[dict[str, Any]]) -> None:
        self._agencies = agencies

    def _show(self, accounts: list[dict[str, Any]]) -> None:
        rows = [
            (a["username"], a["display_name"], a["role"], a.get("agency_code") or "",
             a.get("email") or "", self.tr("disabled") if a["disabled"] else self.tr("active"),
             a["devices"], when(a.get("last_seen_at")))
            for a in accounts
        ]  # fmt: skip
        fill(self.table, rows, accounts)
        self.devices.setRowCount(0)
        self._enable_actions(None)

    def current(self) -> dict[str, Any] | None:
        return selected(self.table)

    def _on_account_selected(self) -> None:
        account = self.current()
        self._enable_actions(account)
        if account is not None:
            self.read(self.service.devices, account["username"], then=self._show_devices)

    def _show_devices(self, devices: list[dict[str, Any]]) -> None:
        rows = [
            (d["name"], d.get("desk_version") or "", when(d["created_at"]),
             when(d["last_seen_at"]), when(d.get("revoked_at")))
            for d in devices
        ]  # fmt: skip
        fill(self.devices, rows, devices)

    def _enable_actions(self, account: dict[str, Any] | None) -> None:
        for b in (self.edit_button, self.disable_button, self.reset_button, self.revoke_button):
            b.setEnabled(account is not None)
        if account is not None:
            self.disable_button.setText(
                self.tr("Enable") if account["disabled"] else self.tr("Disable")
            )

    # -- changing ---------------------------------------------------------------------------
    def _on_new_clicked(self) -> None:
        dialog = AccountDialog(self, self._agencies, None)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        v = dialog.values()
        self.change(
            self.service.create_account, v["username"], v["display_name"], v["role"],
            v["agency_code"], v["email"],
            message=self.tr("Account %1 will be created; its one-time password appears under "
                            "Pending changes after the sync.").replace("%1", v["username"]),
        )  # fmt: skip

    def _on_edit_clicked(self) -> None:
        account = self.current()
        if account is None:
            return
        dialog = AccountDialog(self, self._agencies, account)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        v = dialog.values()
        changes = {
            k: v[k]
            for k in ("display_name", "email", "role", "agency_code")
            if v[k] != account.get(k)
        }
        if not changes:
            return
        self.change(self.service.update_account, account["username"], changes,
                    account["version"], message=self.tr("Change saved."))  # fmt: skip

    def _on_disable_clicked(self) -> None:
        account = self.current()
        if account is None:
            return
        disable = not account["disabled"]
        if disable and QMessageBox.question(
            self, self.tr("Disable account"),
            self.tr("Disable %1? Every device of the account is signed out.").replace(
                "%1", account["username"]),
        ) != QMessageBox.StandardButton.Yes:  # fmt: skip
            return
        self.change(self.service.update_account, account["username"], {"disabled": disable},
                    account["version"], message=self.tr("Change saved."))  # fmt: skip

    def _on_reset_clicked(self) -> None:
        account = self.current()
        if account is None:
            return
        if QMessageBox.question(
            self, self.tr("Reset password"),
            self.tr("Give %1 a new one-time password? Every device of the account must sign in "
                    "again.").replace("%1", account["username"]),
        ) != QMessageBox.StandardButton.Yes:  # fmt: skip
            return
        self.change(self.service.reset_password, account["username"], account["version"],
                    message=self.tr("The new password appears under Pending changes after the "
                                    "sync."))  # fmt: skip

    def _on_revoke_clicked(self) -> None:
        account = self.current()
        device = selected(self.devices)
        if account is None or device is None or device.get("revoked_at"):
            self.say(self.tr("Choose a device that is still signed in."), warn=True)
            return
        self.change(self.service.revoke_device, account["username"], device["id"],
                    device["name"], message=self.tr("Device %1 will be signed out.").replace(
                        "%1", device["name"]))  # fmt: skip
