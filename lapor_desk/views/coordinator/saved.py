"""After a file is written (export, monthly recap): "Tersimpan di …" with "Buka folder".

Default locations come from `lapor_desk.paths.documents_dir()`: the platform's documents folder,
created when missing, so a fresh desktop without ~/Documents exports like any other.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from lapor_desk.paths import documents_dir


def default_path(name: str) -> str:
    """`name` in the documents folder (made if missing)."""
    return str(documents_dir() / name)


def open_folder(path: str) -> bool:
    """Open the folder holding `path` in the system's file manager."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).parent)))


def saved_notice(parent: QWidget | None, path: str, what: str = "") -> QMessageBox:
    """A non-blocking note that the file is saved, with a button that opens its folder."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(QCoreApplication.translate("SavedNotice", "Saved"))
    text = QCoreApplication.translate("SavedNotice", "Saved in %1").replace("%1", path)
    box.setText(f"{what}\n{text}" if what else text)
    opener = box.addButton(
        QCoreApplication.translate("SavedNotice", "Open folder"), QMessageBox.ButtonRole.ActionRole
    )
    box.addButton(QMessageBox.StandardButton.Close)
    opener.clicked.connect(lambda: open_folder(path))
    box.setProperty("saved_path", path)
    box.open()
    return box
