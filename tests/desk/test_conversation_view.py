"""The report view's "Percakapan dengan pelapor" as the officer reads it."""

from __future__ import annotations

from PySide6.QtGui import QTextDocument

from lapor_desk.services.conversation import Line
from lapor_desk.views.conversation_view import conversation_html


def _plain(lines: list[Line]) -> list[str]:
    doc = QTextDocument()
    doc.setHtml(conversation_html(lines))
    return doc.toPlainText().splitlines()


def test_each_entry_shows_its_heading_and_its_sentence_on_separate_lines(qapp) -> None:
    shown = _plain(
        [
            Line("2026-11-18T05:59:00Z", "status", "Laporan diterima.", None, None, False, False),
            Line(
                "2026-11-19T05:59:00Z",
                "respond",
                "Sudah diperbaiki.",
                "Dinas PU",
                None,
                True,
                False,
            ),
        ]
    )
    # Qt's rich text flattens nested blocks: the heading once ran into the sentence
    # ("… · StatusLaporan diterima.").
    assert "Laporan diterima." in shown
    assert "Sudah diperbaiki." in shown
    assert any(line.endswith("Status") for line in shown)
    assert not any("StatusLaporan" in line for line in shown)
