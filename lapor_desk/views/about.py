"""The About box: version, what the desk is for, where the log file is, and the credits."""

from __future__ import annotations

from importlib import metadata

from PySide6.QtCore import QCoreApplication, qVersion
from PySide6.QtWidgets import QMessageBox, QWidget


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


def show_about(parent: QWidget | None, log_path: str | None = None) -> None:
    QMessageBox.abouQCoreApplication.translate(
        parent, QCoreApplication.translate("About", "About LAPOR Desk"), about_html(log_path)
    )
