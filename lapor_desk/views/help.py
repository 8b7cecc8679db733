"""Bantuan: the user guide shipped with the desk and the list of keyboard shortcuts.

The guide is Markdown under `resources/guide/` (`panduan_id.md`, `guide_en.md`), shown inside the
desk so it works offline and in the installed bundle alike. The shortcut list is read from the
window's own actions, so it can never disagree with what the keys do.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from lapor_desk.views.resources import resources_dir

#: Keys that work without a menu entry (widgets handle them); (keys, what they do).
EXTRA_SHORTCUTS = (
    ("Enter", QT_TRANSLATE_NOOP("ShortcutsDialog", "Open the selected report")),
    ("Ctrl+F", QT_TRANSLATE_NOOP("ShortcutsDialog", "Search the queue")),
    ("Ctrl+Return", QT_TRANSLATE_NOOP("ShortcutsDialog", "Send the text in the composer")),
)


def guide_path(language: str | None = None) -> Path:
    """The shipped guide in the desk's language (Indonesian unless English is chosen)."""
    if language is None:
        english = QLocale().language() == QLocale.Language.English
        language = "en" if english else "id"
    name = "guide_en.md" if language == "en" else "panduan_id.md"
    return resources_dir() / "guide" / name


class GuideDialog(QDialog):
    """The user guide, readable offline."""

    def __init__(self, parent: QWidget | None = None, language: str | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("User guide"))
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(True)
        path = guide_path(language)
        try:
            self.browser.setMarkdown(path.read_text(encoding="utf-8"))
        except OSError:
            self.browser.setPlainText(
                self.tr(
                    "The user guide is missing from this installation (%1). Reinstall the desk."
                ).replace("%1", str(path))
            )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(720, 560)


class ShortcutsDialog(QDialog):
    """Every keyboard shortcut of the window: its menu actions plus the widgets' own keys."""

    def __init__(self, actions: list[QAction], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        rows = [
            (
                a.shortcut().toString(QKeySequence.SequenceFormat.NativeText),
                a.text().replace("&", ""),
            )
            for a in actions
            if not a.shortcut().isEmpty()
        ]
        rows += [
            (
                QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText),
                QCoreApplication.translate("ShortcutsDialog", what),
            )
            for k, what in EXTRA_SHORTCUTS
        ]
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setHorizontalHeaderLabels([self.tr("Keys"), self.tr("Action")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for i, (keys, what) in enumerate(rows):
            self.table.setItem(i, 0, QTableWidgetItem(keys))
            self.table.setItem(i, 1, QTableWidgetItem(what))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(520, 420)

    def rows(self) -> list[tuple[str, str]]:
        return [
            (self.table.item(i, 0).text(), self.table.item(i, 1).text())
            for i in range(self.table.rowCount())
        ]
