"""The settings the officer may change: language, sync interval, notifications.

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
    QLabel,
    QSpinBox,
    QWidget,
)

from lapor_desk.settings import Settings
from lapor_desk.views.i18n import LANGUAGES


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None):
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
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

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
    def edit(cls, parent: QWidget | None, settings: Settings) -> bool:
        dialog = cls(settings, parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            dialog.apply()
            return True
        finally:
            dialog.deleteLater()
