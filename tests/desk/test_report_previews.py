"""The report view shows the photos the desk holds a preview of (issue 17): thumbnails from the
prefetched previews, the full file downloaded only when opened (with a progress dialog counting
bytes), a clear offline message that shows the preview instead, and attachments hidden from the
OPD never listed nor their previews read."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QMessageBox, QProgressDialog

from lapor_desk.errors import OfflineError
from lapor_desk.views.attachment_strip import ROLE_HOLDS, THUMB
from lapor_desk.views.main_window import MainWindow

PHOTO, DOC, HIDDEN, CACHED = "a1" * 32, "b2" * 32, "c3" * 32, "d4" * 32


def jpeg(width: int, height: int, colour: str = "#3a7bd5") -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    painter = QPainter(image)
    painter.fillRect(width // 4, height // 4, width // 2, height // 2, QColor("#f5b041"))
    painter.end()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "JPEG", 80)
    return bytes(data)


def _attachment(sha: str, name: str, media: str, size: int, **extra) -> dict:
    return {"sha256": sha, "filename": name, "media_type": media, "size": size, **extra}


@pytest.fixture
def photo_report(snapshot):
    report = snapshot(4, status="dispatched")
    report["attachments"] = [
        _attachment(PHOTO, "jembatan-rusak.jpg", "image/jpeg", 3_400_000),
        _attachment(DOC, "surat-pengantar.pdf", "application/pdf", 180_000),
        _attachment(HIDDEN, "ktp-pelapor.jpg", "image/jpeg", 900_000, hidden_from_agency=True),
    ]
    return report


def _window(qtbot, runner, desk_context, report, **ctx):
    w = MainWindow(desk_context(snapshots=[report], **ctx), runner=runner)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.report_shown, timeout=5000):
        w.open_report(report["id"])
    return w


def test_photos_with_a_preview_show_as_thumbnails_and_hidden_files_never(
    qtbot, runner, desk_context, photo_report
):
    previews = {PHOTO: jpeg(640, 320), HIDDEN: jpeg(640, 480, "#c0392b")}
    asked: list[str] = []

    def read_preview(sha: str):
        asked.append(sha)
        return previews.get(sha)

    w = _window(qtbot, runner, desk_context, photo_report, read_preview=read_preview)
    strip = w.report_view.attachments
    assert strip.count() == 2  # the file hidden from the OPD is not listed
    assert HIDDEN not in asked  # ... and its preview is never even read
    photo, doc = strip.item(0), strip.item(1)
    assert photo.data(ROLE_HOLDS) == "preview" and doc.data(ROLE_HOLDS) == "none"
    assert photo.text().splitlines()[-1] in ("Preview", "Pratinjau")
    assert "3.2 MB" in photo.text()
    sizes = photo.icon().availableSizes()
    assert sizes and max(sizes[0].width(), sizes[0].height()) == THUMB
    assert sizes[0].width() == 2 * sizes[0].height()  # the photo's shape kept
    assert not doc.icon().availableSizes() or doc.icon().availableSizes()[0] != sizes[0]


def test_opening_a_previewed_photo_downloads_the_full_file_with_progress(
    qtbot, runner, desk_context, photo_report, monkeypatch
):
    from PySide6.QtGui import QDesktopServices

    opened, seen = [], []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url)))

    def fetch(report_id, sha256, *, progress, cancel):
        for done in range(0, 3_400_001, 340_000):  # a slow link: the dialog appears meanwhile
            progress(done=done, total=3_400_000)
            time.sleep(0.12)
        seen.append((report_id, sha256))
        return "/tmp/jembatan-rusak.jpg"

    w = _window(
        qtbot,
        runner,
        desk_context,
        photo_report,
        fetch_attachment=fetch,
        read_preview=lambda sha: jpeg(640, 320) if sha == PHOTO else None,
    )
    strip = w.report_view.attachments
    with qtbot.waitSignal(w.report_view.attachment_opened, timeout=10_000):
        strip.itemActivated.emit(strip.item(0))
        qtbot.waitUntil(
            lambda: any(d.maximum() == 3_400_000 for d in strip.findChildren(QProgressDialog)),
            timeout=5000,
        )
        dialog = next(d for d in strip.findChildren(QProgressDialog) if d.maximum())
        assert "jembatan-rusak.jpg" in dialog.labelText() and "3.2 MB" in dialog.labelText()
    assert seen == [(photo_report["id"], PHOTO)]
    assert opened[0].toLocalFile() == "/tmp/jembatan-rusak.jpg"


def test_offline_the_photo_says_so_and_shows_the_preview_instead(
    qtbot, runner, desk_context, photo_report
):
    def fetch(report_id, sha256, *, progress, cancel):
        raise OfflineError("no route to host")

    w = _window(
        qtbot,
        runner,
        desk_context,
        photo_report,
        fetch_attachment=fetch,
        read_preview=lambda sha: jpeg(640, 320) if sha == PHOTO else None,
    )
    strip = w.report_view.attachments
    strip.itemActivated.emit(strip.item(0))
    qtbot.waitUntil(lambda: strip.findChild(QMessageBox, "attachmentOffline") is not None)
    box = strip.findChild(QMessageBox, "attachmentOffline")
    assert "jembatan-rusak.jpg" in box.text()
    assert any(w_ in box.text() for w_ in ("cannot be reached", "tidak dapat dihubungi"))
    assert not box.iconPixmap().isNull()  # the preview, bigger
    assert box.iconPixmap().width() == 320
    box.close()
    # a document without a preview: the same sentence, no picture, the next step
    strip.itemActivated.emit(strip.item(1))
    qtbot.waitUntil(
        lambda: any(
            "surat-pengantar.pdf" in b.text()
            for b in strip.findChildren(QMessageBox, "attachmentOffline")
        )
    )
    assert strip.count() == 2  # nothing went away
    for b in strip.findChildren(QMessageBox, "attachmentOffline"):
        b.close()


def test_screenshot_of_the_report_with_previews(qtbot, runner, desk_context, snapshot):
    """Writes the view at 1366×768 when LAPOR_SCREENSHOT_DIR is set (looked at by a person)."""
    out = os.environ.get("LAPOR_SCREENSHOT_DIR")
    if out:  # as the officer sees it: in Indonesian
        from lapor_desk.tools import build_translations
        from lapor_desk.views.i18n import install_translators

        build_translations.release()
        install_translators("id")
    report = snapshot(4, status="dispatched")
    colours = ["#7f8c8d", "#27ae60", "#2980b9", "#8e44ad"]
    shas = [f"{i:02x}" * 32 for i in range(4)]
    report["attachments"] = [
        _attachment(sha, f"foto-lokasi-{i + 1}.jpg", "image/jpeg", 2_100_000 + i * 350_000)
        for i, sha in enumerate(shas)
    ] + [_attachment(DOC, "surat-pengantar.pdf", "application/pdf", 180_000)]
    pics = {sha: jpeg(640, 480 if i % 2 else 360, colours[i]) for i, sha in enumerate(shas)}
    w = _window(qtbot, runner, desk_context, report, read_preview=pics.get)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    assert w.report_view.attachments.count() == 5
    if out:
        Path(out).mkdir(parents=True, exist_ok=True)
        assert w.grab().save(str(Path(out) / "report-previews-1366x768.png"))
