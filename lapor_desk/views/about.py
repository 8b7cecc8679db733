"""The About box: version, what the desk is for, where the log file is, and the credits."""

from __future__ import annotations

from importlib import metadata

from PySide6.QtCore import QCoreApplication, Qt, qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from lapor_desk.views.resources import icon


def _version() -> str:
    try:
        return metadata.version("lapor-desk")
    except metadata.PackageNotFoundError:
        return "dev"


def about_html(log_path: str | None) -> str:
    lines = [
        f"<h3>LAPOR Desk {_version()}</h3>",
        "<p>"
        + QCoreApplication.translate(
            "About",
            "Offline-first back office for handling SP4N-LAPOR! complaints, built for the "
            "Pemerintah Kabupaten Mimika.",
        )
        + "</p>",
        "<p><b>" + QCoreApplication.translate("About", "Credits") + "</b><br>",
        QCoreApplication.translate(
            "About",
            "District boundaries: Badan Informasi Geospasial (BIG), via "
            "Zxce3/papua-geojson-collections.",
        )
        + "<br>",
        QCoreApplication.translate(
            "About",
            "Regency/city boundaries of the national map: cahyadsn/wilayah_boundaries "
            "(Kepmendagri 300.2.2-2430/2025), MIT licence, copyright 2024 Cahya DSN, simplified.",
        )
        + "<br>",
        QCoreApplication.translate(
            "About", "Working days: the holidays package (Indonesian public holidays)."
        )
        + "<br>",
        QCoreApplication.translate("About", "Built with Qt %1 and PySide6 (LGPL).").replace(
            "%1", qVersion()
        )
        + "</p>",
    ]
    if log_path:
        lines.append(
            "<p>"
            + QCoreApplication.translate("About", "Log file: %1").replace("%1", log_path)
            + "</p>"
        )
    return "".join(lines)


def about_box(parent: QWidget | None, log_path: str | None = None) -> QMessageBox:
    """The About box, built but not shown (tests look at it without a modal loop)."""
    box = QMessageBox(parent)
    box.setWindowTitle(QCoreApplication.translate("About", "About LAPOR Desk"))
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(about_html(log_path))
    box.setIconPixmap(icon("app").pixmap(64, 64))
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    return box


def show_about(parent: QWidget | None, log_path: str | None = None) -> None:
    about_box(parent, log_path).exec()
