"""The settings the officer may change: language, sync interval, notifications — and, read-only,
the connection in force: server, extra CA file and proxy, each with where it comes from (IT's
machine configuration, the officer's own settings, or the default). IT changes those with
`lapor-desk configure`; seeing them here answers "which server is this desk talking to?".

Values come from and go to `lapor_desk.settings.Settings`; a value IT locked in the machine
configuration is shown but cannot be edited. A new language takes effect at the next start.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from lapor_desk.settings import Settings
from lapor_desk.views import palette
from lapor_desk.views.i18n import LANGUAGES


class SettingsDialog(QDialog):
    def __init__(
        self, settings: Settings, parent: QWidget | None = None, *, server_url: str | None = None
    ):
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("Settings"))
        self.language = QComboBox(self)
        self.language.setAccessibleName(self.tr("Language"))
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.get("language"))))
        self.interval = QSpinBox(self)
        self.interval.setRange(1, 1440)
        self.interval.setSuffix(self.tr(" min"))
        self.interval.setValue(int(settings.get("sync_interval_minutes")))
        self.interval.setAccessibleName(self.tr("Sync interval in minutes"))
        self.notifications = QCheckBox(self.tr("Notify me when new reports arrive"), self)
        self.notifications.setChecked(bool(settings.get("notifications")))
        for widget, key in (
            (self.language, "language"),
            (self.interval, "sync_interval_minutes"),
            (self.notifications, "notifications"),
        ):
            if settings.is_locked(key):
                widget.setEnabled(False)
                widget.setToolTip(self.tr("Set by your IT administrator"))
        note = QLabel(self.tr("A new language is used from the next start."), self)
        note.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("Language"), self.language)
        form.addRow("", note)
        form.addRow(self.tr("Sync every"), self.interval)
        form.addRow("", self.notifications)
        connection = QGroupBox(self.tr("Connection (read-only)"), self)
        conn_form = QFormLayout(connection)
        self.connection_fields: dict[str, QLineEdit] = {}
        proxy = settings.get("proxy") or "system"
        proxy_text = {
            "system": self.tr("the system's proxy settings"),
            "none": self.tr("none (direct connection)"),
        }.get(proxy, proxy)
        ca = settings.get("ca_bundle")
        for key, label, value in (
            ("server_url", self.tr("Server"), server_url or settings.get("server_url") or ""),
            ("ca_bundle", self.tr("Extra CA file"), ca or self.tr("none (system certificates)")),
            ("proxy", self.tr("Proxy"), proxy_text),
        ):
            field = QLineEdit(value, connection)
            field.setReadOnly(True)
            field.setAccessibleName(label)
            field.setToolTip(self._origin(settings, key))
            field.setMinimumWidth(360)
            self.connection_fields[key] = field
            conn_form.addRow(label, field)
            origin = QLabel(self._origin(settings, key), connection)
            origin.setWordWrap(True)
            origin.setStyleSheet(f"color: {palette.TEXT_SECONDARY};")
            conn_form.addRow("", origin)
        form.addRow(connection)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _origin(self, settings: Settings, key: str) -> str:
        source = settings.source(key)
        if source == "machine":
            text = self.tr("Set by IT in %1").replace("%1", str(settings.machine_path))
            if settings.is_locked(key):
                text += " " + self.tr("(locked)")
            return text
        if source == "user":
            return self.tr("Your own setting (lapor-desk configure)")
        return self.tr("Default")

    def apply(self) -> None:
        for key, value in (
            ("language", self.language.currentData()),
            ("sync_interval_minutes", self.interval.value()),
            ("notifications", self.notifications.isChecked()),
        ):
            if not self.settings.is_locked(key):
                self.settings.set(key, value)
        self.settings.save()

    @classmethod
    def edit(
        cls, parent: QWidget | None, settings: Settings, *, server_url: str | None = None
    ) -> bool:
        dialog = cls(settings, parent, server_url=server_url)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            dialog.apply()
            return True
        finally:
            dialog.deleteLater()
