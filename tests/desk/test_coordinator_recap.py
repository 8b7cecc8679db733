"""The monthly recap PDF: written, A4, three pages, each page rendered to an image and checked for
ink, and the text of the figures present (rendered with PDFium, independent of Qt)."""

from __future__ import annotations

from datetime import date

import pypdfium2 as pdfium
import pytest
from PySide6.QtGui import QColor, QImage

from lapor_desk.models.store import Store
from lapor_desk.services import dashboard, deadlines_overview
from lapor_desk.services.dashboard import Period
from lapor_desk.views.coordinator.recap import write_recap
from tests.desk._coordinator_data import load, make_snapshots

TODAY = date(2026, 3, 18)
A4_POINTS = (595, 842)


@pytest.fixture(scope="module")
def figures(tmp_path_factory):
    with Store.open(tmp_path_factory.mktemp("recap") / "c.sqlite3") as store:
        load(store, make_snapshots(1500, TODAY, seed=8))
        with store.read_conn() as conn:
            period = Period.month(2026, 2)
            dash = dashboard.compute(conn, today=TODAY, period=period)
            meeting = deadlines_overview.meeting_figures(conn, today=TODAY, period=period)
    return dash, meeting


def _image(page) -> QImage:
    bitmap = page.render(scale=0.6, rev_byteorder=True)
    return QImage(
        bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride,
        QImage.Format.Format_RGB888,
    ).copy()  # fmt: skip


def _ink_share(image: QImage) -> float:
    white = QColor("white")
    total = inked = 0
    for y in range(0, image.height(), 4):
        for x in range(0, image.width(), 4):
            total += 1
            inked += image.pixelColor(x, y) != white
    return inked / total


def test_recap_pdf_pages_render_with_tables_charts_and_map(qapp, figures, tmp_path):
    dash, meeting = figures
    target = tmp_path / "rekap-2026-02.pdf"
    pages = write_recap(target, dash, meeting)
    assert pages == 3
    assert target.stat().st_size > 10_000
    pdf = pdfium.PdfDocument(str(target))
    try:
        assert len(pdf) == 3
        texts = []
        for page in pdf:
            width, height = page.get_size()
            assert (round(width), round(height)) == A4_POINTS
            image = _image(page)
            share = _ink_share(image)
            # Tables and charts put ink on the page, but it is a page, not a black box.
            assert 0.02 < share < 0.6
            texts.append(page.get_textpage().get_text_range())
    finally:
        pdf.close()
    assert "2026" in texts[0]
    assert f"{dash.total}" in texts[0].replace(".", "")
    top_opd = meeting[0].agency_name
    assert top_opd in texts[1]
    assert "Mimika Baru" in texts[2]
    assert "Batas wilayah: BIG via Zxce3/papua-geojson-collections" in texts[2]


def test_map_page_has_colour(qapp, figures, tmp_path):
    dash, meeting = figures
    target = tmp_path / "r.pdf"
    write_recap(target, dash, meeting)
    pdf = pdfium.PdfDocument(str(target))
    try:
        image = _image(pdf[2])
    finally:
        pdf.close()
    blues = sum(
        1
        for y in range(0, image.height() // 2, 3)
        for x in range(0, image.width(), 3)
        if (c := image.pixelColor(x, y)).blue() > c.red() + 40
    )
    assert blues > 200
