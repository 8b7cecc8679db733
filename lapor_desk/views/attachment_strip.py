"""The open report's attachments as a strip of thumbnails (issue 17: photos for the field).

A photo shows as a thumbnail when the desk holds its preview (fetched ahead after each sync,
`sync.attachments.prefetch_previews`: a JPEG of ≤ 30 kB, sealed in the profile's cache) or the
whole file; anything else shows the attachment icon. A photo known only by its preview says so
("Pratinjau"): its full file is fetched when the officer opens it (double-click or Enter), with a
progress dialog counting the bytes, cancellable, and continued where it stopped when the link was
cut (`sync.transfers`). Offline, opening says in one sentence that the server cannot be reached
and what to do, and shows the preview bigger when there is one — nothing is lost.

Attachments hidden from the OPD are never listed, and their previews are never even read: an OPD
officer's desk does not receive them, and a coordinator sees them in the coordinator's screens.
Thumbnails are decoded from memory (`QPixmap.loadFromData`); the sealed files are never written
out in the clear for them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QIcon, QPixmap
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem, QMessageBox, QWidget

from lapor_desk.errors import Cancelled, OfflineError
from lapor_desk.views.ops import Op
from lapor_desk.views.resources import icon

# thumbnail edge in pixels (previews are ≤ 640 px: a few ms to decode and scale)
THUMB = 80
# the enlarged preview in the offline message
OFFLINE_PREVIEW = 320
ROLE_SHA = Qt.ItemDataRole.UserRole
# "file" (the whole file is on this computer), "preview" (only its preview), "none"
ROLE_HOLDS = Qt.ItemDataRole.UserRole + 1


def size_text(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    return f"{max(1, n // 1024)} kB"


class AttachmentStrip(QListWidget):
    opened = Signal(str)
    """An attachment was handed to the system viewer: (local path of the decrypted copy)."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        fetch: Callable[..., str] | None = None,
        read_cached: Callable[[str], bytes | None] | None = None,
        read_preview: Callable[[str], bytes | None] | None = None,
    ):
        super().__init__(parent)
        self._fetch = fetch
        self._read_cached = read_cached
        self._read_preview = read_preview
        self._report_id: str | None = None
        self._shown: dict[str, Any] = {}
        self.setAccessibleName(self.tr("Attachments"))
        # one row, each thumbnail with its name, size and "Pratinjau" beside it: the report
        # text above keeps its room on a 1366×768 screen
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(False)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setIconSize(QSize(THUMB, THUMB))
        self.setGridSize(QSize(THUMB + 170, THUMB + 8))
        self.setFixedHeight(THUMB + 34)
        self.itemActivated.connect(self._on_activated)

    # -- content -----------------------------------------------------------------------------
    def fill(self, report_id: str, attachments: list[Any]) -> int:
        """Show the report's attachments (hidden ones never); returns how many are shown."""
        self.clear()
        self._report_id = report_id
        shown = [a for a in attachments if not a.hidden_from_agency]
        self._shown = {a.sha256: a for a in shown}
        for a in shown:
            pixmap, holds = self._thumbnail(a)
            lines = [a.filename, size_text(a.size)]
            if holds == "preview":
                lines.append(self.tr("Preview"))
            thumb = QIcon(pixmap) if pixmap is not None else icon("attachment")
            item = QListWidgetItem(thumb, "\n".join(lines))
            item.setData(ROLE_SHA, a.sha256)
            item.setData(ROLE_HOLDS, holds)
            if holds == "preview":
                tip = self.tr("Preview only. Double-click to download the full photo (%1).")
                item.setToolTip(tip.replace("%1", size_text(a.size)))
            elif holds == "file":
                item.setToolTip(self.tr("On this computer. Double-click to open."))
            else:
                tip = self.tr("Double-click to download and open (%1).")
                item.setToolTip(tip.replace("%1", size_text(a.size)))
            self.addItem(item)
        return len(shown)

    def _thumbnail(self, a: Any) -> tuple[QPixmap | None, str]:
        holds = "file" if a.cache_path else "none"
        if not a.media_type.startswith("image/"):
            return None, holds
        sources = []
        if self._read_preview is not None:
            sources.append(("preview", self._read_preview))
        if a.cache_path and self._read_cached is not None:
            sources.append(("file", self._read_cached))
        for kind, read in sources:
            data = read(a.sha256)  # sealed files: decrypted in memory only
            pixmap = QPixmap()
            if data is not None and pixmap.loadFromData(data):
                scaled = pixmap.scaled(
                    THUMB,
                    THUMB,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
                return scaled, ("preview" if holds == "none" and kind == "preview" else holds)
        return None, holds

    # -- opening -----------------------------------------------------------------------------
    def _on_activated(self, item: QListWidgetItem) -> None:
        a = self._shown.get(item.data(ROLE_SHA))
        if a is None or self._fetch is None or self._report_id is None:
            return
        if item.data(ROLE_HOLDS) == "file":
            label = self.tr("Opening %1…").replace("%1", a.filename)
        else:
            label = self.tr("Downloading %1 (%2)…").replace("%1", a.filename)
            label = label.replace("%2", size_text(a.size))
        Op(self, self._fetch, self._report_id, a.sha256).with_progress(label).success(
            self._open
        ).failure(lambda exc: self._failed(a, exc)).run()

    def _open(self, path: str) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(path))
        self.opened.emit(path)

    def _failed(self, a: Any, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            return
        if not isinstance(exc, OfflineError):
            from lapor_desk.views.errors import show_error

            show_error(self, exc)
            return
        box = QMessageBox(self)
        box.setObjectName("attachmentOffline")
        box.setWindowTitle(self.tr("LAPOR Desk"))
        box.setText(
            self.tr("“%1” cannot be downloaded now: the server cannot be reached.").replace(
                "%1", a.filename
            )
        )
        preview = self._read_preview(a.sha256) if self._read_preview is not None else None
        pixmap = QPixmap()
        if preview is not None and pixmap.loadFromData(preview):
            box.setIconPixmap(
                pixmap.scaled(
                    OFFLINE_PREVIEW,
                    OFFLINE_PREVIEW,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
            box.setInformativeText(
                self.tr(
                    "This is the preview kept on this computer. Open the photo again when the "
                    "connection is back: the download continues where it stopped."
                )
            )
        else:
            box.setIcon(QMessageBox.Icon.Information)
            box.setInformativeText(
                self.tr(
                    "Open the file again when the connection is back: the download continues "
                    "where it stopped. Your work on this computer is kept."
                )
            )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
