"""The monthly recap (rekap bulanan) as a printable A4 PDF, in Indonesian: key figures, tables,
bar charts and the distrik map, painted with QPainter on a QPdfWriter.

Charts are drawn here rather than taken from QtCharts: on paper a plain bar with its number
printed beside it reads better than a screen chart, and the layout stays under our control.
Painting happens on the UI thread (the map is a widget); the figures are computed beforehand by
`services.dashboard` / `services.deadlines_overview` on a worker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QDate, QLocale, QMarginsF, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from lapor_desk.services.dashboard import Dashboard
from lapor_desk.services.deadlines_overview import MeetingRow
from lapor_desk.services.exports import inert_text
from lapor_desk.views import palette
from lapor_desk.views.coordinator.map import DistrictMap, Metric
from lapor_desk.views.labels import status_label

RESOLUTION = 150  # dots per inch: sharp on paper, a small file
INK = QColor(palette.INK)
MUTED = QColor(palette.PRINT_MUTED)
RULE = QColor(palette.PRINT_RULE)
BAR = QColor(palette.CHART_BAR)
BAR_DONE = QColor(palette.CHART_DONE)
BAR_LATE = QColor(palette.CHART_LATE)


def per_thousand_text(reports: int, population: int, locale: QLocale | None = None) -> str:
    """Reports per 1,000 inhabitants with enough digits to tell distrik apart: a month's 3 reports
    in Mimika Baru are 0,02 per 1,000, which one decimal showed as "0,0"."""
    if not population:
        return "–"
    locale = locale or QLocale()
    value = 1000 * reports / population
    if value == 0:
        return locale.toString(0)
    if value < 0.01:
        return "< " + locale.toString(0.01, "f", 2)
    digits = 0 if value >= 10 else 1 if value >= 1 else 2
    return locale.toString(value, "f", digits)


@dataclass
class _Cursor:
    """Where the next block goes on the page (device units)."""

    rect: QRectF
    y: float

    def take(self, height: float) -> QRectF:
        r = QRectF(self.rect.left(), self.y, self.rect.width(), height)
        self.y += height
        return r

    def room(self) -> float:
        return self.rect.bottom() - self.y


class RecapWriter(QObject):
    """Lays out the recap pages; `write()` produces the file and returns its page count."""

    def __init__(self, path: str | Path):
        super().__init__()
        self.path = str(path)
        self.title = ""
        self.subtitle = ""
        self.pages = 0

    def set_titles(self, dash: Dashboard) -> None:
        """Title and subtitle for the dashboard's period."""
        locale = QLocale()
        start = dash.period.start
        if start is not None:
            month = locale.toString(QDate(start.year, start.month, 1), "MMMM yyyy")
            self.title = self.tr("Monthly complaint recap — %1").replace("%1", month)
        else:
            self.title = self.tr("Complaint recap — all time")
        as_of = locale.toString(
            QDate(dash.today.year, dash.today.month, dash.today.day), QLocale.FormatType.LongFormat
        )
        self.subtitle = self.tr(
            "Kabupaten Mimika · figures as of %1 · working days exclude weekends and holidays"
        ).replace("%1", as_of)

    # -- building blocks ------------------------------------------------------------------------
    def _font(self, pt: float, bold: bool = False) -> QFont:
        font = QFont("DejaVu Sans")
        font.setPointSizeF(pt)
        font.setBold(bold)
        return font

    def _px(self, mm: float) -> float:
        return mm / 25.4 * RESOLUTION

    def _heading(self, p: QPainter, cur: _Cursor, text: str) -> None:
        p.setFont(self._font(12, True))
        p.setPen(INK)
        r = cur.take(self._px(9))
        p.drawText(r, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, text)
        p.setPen(QPen(RULE, 1))
        p.drawLine(QPointF(r.left(), r.bottom() + 2), QPointF(r.right(), r.bottom() + 2))
        cur.y += self._px(2.5)

    def _table(
        self,
        p: QPainter,
        cur: _Cursor,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
    ) -> None:
        """A ruled table; `widths` are fractions of the page width; numbers align right."""
        font = self._font(8.5)
        bold = self._font(8.5, True)
        metrics = QFontMetricsF(font, p.device())
        line = metrics.height() * 1.45
        xs = [cur.rect.left()]
        for w in widths:
            xs.append(xs[-1] + w * cur.rect.width())

        def draw_row(values: Sequence[str], y: float, is_header: bool) -> float:
            p.setFont(bold if is_header else font)
            height = line * (2 if is_header else 1)
            for i, value in enumerate(values):
                cell = QRectF(xs[i] + 4, y, xs[i + 1] - xs[i] - 8, height)
                numeric = i > 0 and not is_header and _looks_numeric(value)
                align = Qt.AlignmentFlag.AlignRight if numeric else Qt.AlignmentFlag.AlignLeft
                flags = align | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap
                p.setPen(INK)
                # Text copied out of the PDF into a spreadsheet must not become a formula.
                shown = value if numeric else inert_text(value)
                text = (
                    value
                    if is_header
                    else metrics.elidedText(shown, Qt.TextElideMode.ElideRight, cell.width())
                )
                p.drawText(cell, flags, text)
            p.setPen(QPen(RULE, 1))
            p.drawLine(QPointF(xs[0], y + height), QPointF(xs[-1], y + height))
            return height

        cur.y += draw_row(headers, cur.y, True)
        for values in rows:
            cur.y += draw_row(values, cur.y, False)
        cur.y += self._px(4)

    def _bars(
        self,
        p: QPainter,
        rect: QRectF,
        title: str,
        items: Sequence[tuple[str, float]],
        colour: QColor,
        *,
        suffix: str = "",
        maximum: float | None = None,
    ) -> None:
        """A horizontal bar chart: label, bar, value."""
        locale = QLocale()
        p.setFont(self._font(9.5, True))
        p.setPen(INK)
        title_h = self._px(7)
        p.drawText(QRectF(rect.left(), rect.top(), rect.width(), title_h),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)  # fmt: skip
        if not items:
            return
        font = self._font(8)
        p.setFont(font)
        metrics = QFontMetricsF(font, p.device())
        label_w = rect.width() * 0.38
        value_w = metrics.horizontalAdvance("100.000 %") + 6
        area = rect.adjusted(0, title_h, 0, 0)
        step = min(area.height() / len(items), metrics.height() * 1.9)
        top = maximum or max(v for _l, v in items) or 1.0
        for i, (label, value) in enumerate(items):
            y = area.top() + i * step
            p.setPen(INK)
            p.drawText(
                QRectF(area.left(), y, label_w - 6, step),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_w - 6),
            )
            bar_w = (area.width() - label_w - value_w) * (value / top)
            p.fillRect(QRectF(area.left() + label_w, y + step * 0.18, bar_w, step * 0.64), colour)
            text = locale.toString(float(value), "f", 0) + suffix
            p.drawText(
                QRectF(area.left() + label_w + bar_w + 4, y, value_w, step),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                text,
            )

    def _page_frame(self, p: QPainter, page_rect: QRectF, number: int) -> _Cursor:
        """Title block on the first page, a running header after; footer with page number."""
        p.setPen(INK)
        cur = _Cursor(page_rect, page_rect.top())
        if number == 1:
            p.setFont(self._font(17, True))
            p.drawText(cur.take(self._px(10)), Qt.AlignmentFlag.AlignLeft, self.title)
            p.setFont(self._font(9))
            p.setPen(MUTED)
            p.drawText(
                cur.take(self._px(10)),
                Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap,
                self.subtitle,
            )
            cur.y += self._px(3)
        else:
            p.setFont(self._font(8))
            p.setPen(MUTED)
            p.drawText(cur.take(self._px(6)), Qt.AlignmentFlag.AlignLeft, self.title)
        p.setFont(self._font(7.5))
        p.setPen(MUTED)
        footer = QRectF(page_rect.left(), page_rect.bottom() + self._px(3), page_rect.width(),
                        self._px(5))  # fmt: skip
        p.drawText(
            footer, Qt.AlignmentFlag.AlignLeft, self.tr("LAPOR Desk — SP4N-LAPOR! Kabupaten Mimika")
        )
        p.drawText(
            footer, Qt.AlignmentFlag.AlignRight, self.tr("Page %1").replace("%1", str(number))
        )
        return cur

    # -- the document ---------------------------------------------------------------------------
    def write(self, dash: Dashboard, meeting: Sequence[MeetingRow]) -> int:
        writer = QPdfWriter(self.path)
        writer.setResolution(RESOLUTION)
        writer.setTitle(self.title)
        writer.setCreator("LAPOR Desk")
        writer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Portrait,
                QMarginsF(18, 16, 18, 20),
                QPageLayout.Unit.Millimeter,
            )
        )
        p = QPainter(writer)
        try:
            self.pages = 1
            page = QRectF(writer.pageLayout().paintRectPixels(RESOLUTION))
            page.moveTo(0, 0)
            # -- page 1: key figures, status, categories, months
            cur = self._page_frame(p, page, 1)
            locale = QLocale()
            share = dash.share_within_5
            median = dash.median_days_to_first_answer
            self._heading(p, cur, self.tr("Key figures"))
            self._table(
                p, cur, [self.tr("Figure"), self.tr("Value")],
                [
                    [self.tr("Reports received"), locale.toString(dash.total)],
                    [self.tr("Still open"), locale.toString(dash.open_reports)],
                    [self.tr("Overdue now"), locale.toString(dash.overdue)],
                    [self.tr("Completed"), locale.toString(dash.count_of("completed"))],
                    [self.tr("Answered within 5 working days"),
                     f"{locale.toString(share * 100, 'f', 0)} %" if share is not None else "–"],
                    [self.tr("Median working days to first answer"),
                     locale.toString(median, "f", 1) if median is not None else "–"],
                ],
                [0.7, 0.3],
            )  # fmt: skip
            half = (cur.rect.width() - self._px(8)) / 2
            chart_h = self._px(58)
            block = cur.take(chart_h)
            self._bars(
                p, QRectF(block.left(), block.top(), half, chart_h), self.tr("Reports per status"),
                [(status_label(c.code), c.count) for c in dash.by_status if c.count], BAR,
            )  # fmt: skip
            self._bars(
                p, QRectF(block.left() + half + self._px(8), block.top(), half, chart_h),
                self.tr("Most reported categories"),
                [(c.label, c.count) for c in dash.by_category[:8]], BAR,
            )  # fmt: skip
            cur.y += self._px(6)
            self._heading(p, cur, self.tr("Reports per category"))
            self._table(
                p, cur, [self.tr("Category"), self.tr("Reports"), self.tr("Share")],
                [[c.label, locale.toString(c.count),
                  f"{locale.toString(100 * c.count / dash.total, 'f', 1)} %" if dash.total else "–"]
                 for c in dash.by_category[:14]],
                [0.64, 0.18, 0.18],
            )  # fmt: skip

            # -- page 2: OPD performance
            writer.newPage()
            self.pages += 1
            cur = self._page_frame(p, page, 2)
            self._heading(p, cur, self.tr("Performance per OPD"))
            rows = []
            for m in list(meeting)[:28]:
                s = m.share_within_5
                rows.append([
                    m.agency_name, locale.toString(m.open_reports), locale.toString(m.overdue),
                    locale.toString(m.answered),
                    f"{locale.toString(s * 100, 'f', 0)} %" if s is not None else "–",
                    locale.toString(m.median_days_to_first_answer, "f", 1)
                    if m.median_days_to_first_answer is not None else "–",
                ])  # fmt: skip
            self._table(
                p, cur,
                [self.tr("OPD"), self.tr("Open"), self.tr("Overdue"), self.tr("Answered"),
                 self.tr("≤ 5 working days"), self.tr("Median (working days)")],
                rows, [0.40, 0.10, 0.11, 0.12, 0.13, 0.14],
            )  # fmt: skip
            rated = sorted((a for a in dash.by_agency if a.ratings), key=lambda a: -a.ratings)
            if rated:
                self._heading(p, cur, self.tr("Reporter satisfaction per OPD"))
                self._table(
                    p, cur,
                    [self.tr("OPD"), self.tr("Ratings"), self.tr("Average (1–5)"),
                     self.tr("Satisfied (4–5)")],
                    [[a.name, locale.toString(a.ratings),
                      locale.toString(a.rating_average or 0, "f", 1),
                      f"{locale.toString((a.share_satisfied or 0) * 100, 'f', 0)} %"]
                     for a in rated[:10]],
                    [0.52, 0.14, 0.17, 0.17],
                )  # fmt: skip
            measured = [a for a in dash.by_agency if a.measurable][:12]
            if cur.room() > self._px(60):
                self._bars(
                    p, cur.take(min(cur.room() - self._px(6), self._px(95))),
                    self.tr("Share answered within 5 working days (%)"),
                    [(a.name, round((a.share_within_5 or 0) * 100)) for a in measured],
                    BAR_DONE, suffix=" %", maximum=100,
                )  # fmt: skip

            # -- page 3: districts and the map
            writer.newPage()
            self.pages += 1
            cur = self._page_frame(p, page, 3)
            self._heading(p, cur, self.tr("Reports per district"))
            map_widget = DistrictMap()
            try:
                map_widget.set_figures(dash.by_district, Metric.VOLUME)
                map_rect = cur.take(cur.rect.width() * 0.5)
                map_widget.render_map(p, map_rect)
            finally:
                map_widget.deleteLater()
            cur.y += self._px(4)
            self._table(
                p, cur,
                [self.tr("District"), self.tr("Reports"), self.tr("Open"), self.tr("Overdue"),
                 self.tr("Reports per 1,000 inhabitants")],
                [[f.name, locale.toString(f.reports), locale.toString(f.open_reports),
                  locale.toString(f.overdue),
                  per_thousand_text(f.reports, f.population, locale)]
                 for f in dash.by_district],
                [0.36, 0.14, 0.14, 0.14, 0.22],
            )  # fmt: skip
        finally:
            p.end()
        return self.pages


def _looks_numeric(value: str) -> bool:
    stripped = value.replace(".", "").replace(",", "").replace("%", "").replace("–", "").strip()
    return stripped.isdigit() or value.strip() == "–"


def write_recap(path: str | Path, dash: Dashboard, meeting: Sequence[MeetingRow]) -> int:
    """Write the recap PDF for `dash` (and the OPD meeting figures); returns the page count."""
    writer = RecapWriter(path)
    writer.set_titles(dash)
    return writer.write(dash, meeting)
