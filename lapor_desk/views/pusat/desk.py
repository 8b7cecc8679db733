"""The centre's desk (a `pusat` account): the national map, ranking, trends, a region's distrik
and the national recap, all read from the centre (services/pusat.py, docs/pusat.md).

Months are chosen as a range (default: the last twelve); the measure colours the map and orders
the ranking. A click on a region (map or ranking) opens its distrik: on Mimika's own boundaries
for 94.04, as a table for every region.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lapor_desk.services.exports import ExportFormat
from lapor_desk.services.pusat import (
    Drilldown,
    NationalMap,
    PusatService,
    RankRow,
    export_recap,
)
from lapor_desk.views import palette
from lapor_desk.views.coordinator.dashboard import ChartCard, fill_bars
from lapor_desk.views.coordinator.map import DistrictMap, Metric
from lapor_desk.views.coordinator.saved import default_path, saved_notice
from lapor_desk.views.errors import show_error
from lapor_desk.views.ops import Op
from lapor_desk.views.pusat.map import NationalMap as NationalMapWidget

MIMIKA = "94.04"
MONTHS_SHOWN = 24


def recent_months(today: date, count: int = MONTHS_SHOWN) -> list[str]:
    """`count` months up to today's, newest first (`YYYY-MM`)."""
    out, year, month = [], today.year, today.month
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return out


@dataclass(frozen=True, slots=True)
class _DistrictFigure:
    """A distrik row in the shape the distrik map reads (views/coordinator/map.py)."""

    code: str
    name: str
    geo_name: str
    reports: int
    overdue: int
    open_reports: int


def _short_month(period: str) -> str:
    """ "2026-03" → "03" (a bar's label has little room; the title and the table name the
    months in full)."""
    return period.split("-")[1]


def _item(text: str, value: float | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if value is not None:
        item.setData(Qt.ItemDataRole.UserRole, value)
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _table(headers: list[str], parent: QWidget, stretch: int = 0) -> QTableWidget:
    """A read-only table; column `stretch` (the names) takes the room left, the others fit
    their contents, rows stay one line high."""
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    header = table.horizontalHeader()
    for column in range(len(headers)):
        mode = (
            QHeaderView.ResizeMode.Stretch
            if column == stretch
            else (QHeaderView.ResizeMode.ResizeToContents)
        )
        header.setSectionResizeMode(column, mode)
    table.setAlternatingRowColors(True)
    return table


class PusatDesk(QWidget):
    """The national map with its ranking, trend and drill-down beside it."""

    recap_written = Signal(str, int)
    """The national recap was written: (path, rows)."""

    def __init__(
        self, service: PusatService, parent: QWidget | None = None, *, today: date | None = None
    ):
        super().__init__(parent)
        self.service = service
        self.data: NationalMap | None = None
        self.drilldown: Drilldown | None = None
        self.ranking_rows: list[RankRow] = []
        months = recent_months(today or date.today())

        self.measure = QComboBox(self)
        for key, label in (
            ("volume", self.tr("Report volume")),
            ("overdue", self.tr("Overdue share")),
            ("compliance", self.tr("Answered within 5 working days")),
            ("satisfaction", self.tr("Satisfaction")),
        ):
            self.measure.addItem(label, key)
        self.measure.setAccessibleName(self.tr("Measure"))
        self.start = QComboBox(self)
        self.end = QComboBox(self)
        for combo in (self.start, self.end):
            for m in months:
                combo.addItem(m, m)
        self.start.setCurrentIndex(min(11, len(months) - 1))
        self.start.setAccessibleName(self.tr("From month"))
        self.end.setAccessibleName(self.tr("To month"))
        self.reload_button = QPushButton(self.tr("Refresh"), self)
        self.csv_button = QPushButton(self.tr("Export CSV…"), self)
        self.xlsx_button = QPushButton(self.tr("Export XLSX…"), self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Measure:"), self))
        bar.addWidget(self.measure)
        bar.addSpacing(12)
        bar.addWidget(QLabel(self.tr("From:"), self))
        bar.addWidget(self.start)
        bar.addWidget(QLabel(self.tr("to:"), self))
        bar.addWidget(self.end)
        bar.addWidget(self.reload_button)
        bar.addStretch(1)
        bar.addWidget(self.csv_button)
        bar.addWidget(self.xlsx_button)

        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.map = NationalMapWidget(self)

        self.tabs = QTabWidget(self)
        self.ranking = _table(
            [self.tr("Rank"), self.tr("Regency/city"), self.tr("Value"), self.tr("Reports")],
            self,
            stretch=1,
        )
        self.trend = _table(
            [
                self.tr("Month"),
                self.tr("Regions"),
                self.tr("Reports"),
                self.tr("Overdue"),
                self.tr("Within 5 days"),
                self.tr("Satisfaction"),
            ],
            self,
        )
        trend_tab = QWidget(self)
        self.trend_chart = ChartCard(self.tr("Reports per month (all regions shown)"), trend_tab)
        tl = QVBoxLayout(trend_tab)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.trend_chart, 1)
        tl.addWidget(self.trend, 1)
        detail = QWidget(self)
        self.detail_title = QLabel(self.tr("Click a region on the map or in the ranking."), detail)
        self.detail_title.setWordWrap(True)
        self.district_map = DistrictMap(detail)
        self.district_map.setVisible(False)
        self.districts = _table(
            [self.tr("Distrik"), self.tr("Reports"), self.tr("Open"), self.tr("Overdue")], detail
        )
        self.opd = _table(
            [self.tr("OPD"), self.tr("Reports"), self.tr("On time"), self.tr("Satisfaction")],
            detail,
        )
        dl = QVBoxLayout(detail)
        dl.addWidget(self.detail_title)
        dl.addWidget(self.district_map, 3)
        dl.addWidget(self.districts, 2)
        dl.addWidget(self.opd, 1)
        self.tabs.addTab(self.ranking, self.tr("Ranking"))
        self.tabs.addTab(trend_tab, self.tr("Trend"))
        self.detail_index = self.tabs.addTab(detail, self.tr("Region detail"))

        self.split = split = QSplitter(Qt.Orientation.Horizontal, self)
        left = QWidget(split)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.summary)
        ll.addWidget(self.map, 1)
        split.addWidget(left)
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([880, 520])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)

        self.measure.currentIndexChanged.connect(self._on_measure_changed)
        self.reload_button.clicked.connect(self.refresh)
        self.map.region_activated.connect(self.open_region)
        self.ranking.cellDoubleClicked.connect(self._on_ranking_double_clicked)
        self.csv_button.clicked.connect(lambda: self._export(ExportFormat.CSV))
        self.xlsx_button.clicked.connect(lambda: self._export(ExportFormat.XLSX))
        self._shown = False

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._shown:
            self._shown = True
            self.refresh()

    # -- loading -----------------------------------------------------------------------------
    def months(self) -> tuple[str, str]:
        a, b = self.start.currentData(), self.end.currentData()
        return (a, b) if a <= b else (b, a)

    def current_measure(self) -> str:
        return self.measure.currentData()

    def refresh(self) -> None:
        start, end = self.months()

        def load(service: PusatService, start: str, end: str):
            return service.national_map(start, end), service.trends(start, end)

        Op(self, load, self.service, start, end).success(self.show_data).failure(self._failed).run()

    def _failed(self, exc: BaseException) -> None:
        self.summary.setText(self.tr("The centre's figures could not be loaded."))
        show_error(self, exc)

    def show_data(self, loaded) -> None:  # type: ignore[no-untyped-def]
        data, months = loaded
        self.data = data
        self.map.set_figures(data.by_code(), self.current_measure())
        self._fill_ranking()
        self._fill_trend(months)
        n = data.national
        sending = sum(1 for r in data.regions if r.months)
        locale = QLocale()
        self.summary.setText(
            self.tr("%1 to %2: %3 reports from %4 of %5 registered regions; %6 overdue.")
            .replace("%1", data.start)
            .replace("%2", data.end)
            .replace("%3", locale.toString(n.total))
            .replace("%4", locale.toString(sending))
            .replace("%5", locale.toString(len(data.regions)))
            .replace("%6", locale.toString(n.overdue))
        )

    def _on_measure_changed(self) -> None:
        self.map.set_measure(self.current_measure())
        self._fill_ranking()

    def _value_text(self, value: float) -> str:
        locale = QLocale()
        measure = self.current_measure()
        if measure == "volume":
            return locale.toString(int(value))
        if measure == "satisfaction":
            return locale.toString(value, "f", 2)
        return locale.toString(value * 100, "f", 1) + " %"

    def _fill_ranking(self) -> None:
        if self.data is None:
            return
        self.ranking_rows = self.service.ranking(self.data, self.current_measure())
        self.ranking.setRowCount(len(self.ranking_rows))
        for i, row in enumerate(self.ranking_rows):
            self.ranking.setItem(i, 0, _item(str(row.rank), row.rank))
            name = _item(row.figure.name)
            name.setData(Qt.ItemDataRole.UserRole, row.figure.code)
            self.ranking.setItem(i, 1, name)
            self.ranking.setItem(i, 2, _item(self._value_text(row.value), row.value))
            self.ranking.setItem(
                i, 3, _item(QLocale().toString(row.figure.total), row.figure.total)
            )

    def _fill_trend(self, months) -> None:  # type: ignore[no-untyped-def]
        locale = QLocale()

        def share(v: float | None) -> str:
            return "–" if v is None else locale.toString(v * 100, "f", 1) + " %"

        if months:
            self.trend_chart.chart().setTitle(
                self.tr("Reports per month, %1 to %2 (all regions shown)")
                .replace("%1", months[0].period)
                .replace("%2", months[-1].period)
            )
        fill_bars(
            self.trend_chart,
            [_short_month(m.period) for m in months],
            [(self.tr("Reports"), [m.total for m in months], QColor(palette.CHART_BAR))],
        )
        for axis in self.trend_chart.chart().axes(Qt.Orientation.Horizontal):
            font = axis.labelsFont()
            font.setPointSizeF(7.5)  # up to 24 months side by side in half a window
            axis.setLabelsFont(font)
        self.trend.setRowCount(len(months))
        for i, m in enumerate(months):
            self.trend.setItem(i, 0, _item(m.period))
            self.trend.setItem(i, 1, _item(locale.toString(m.regions), m.regions))
            self.trend.setItem(i, 2, _item(locale.toString(m.total), m.total))
            self.trend.setItem(i, 3, _item(share(m.overdue_share)))
            self.trend.setItem(i, 4, _item(share(m.within_share)))
            sat = "–" if m.satisfaction is None else locale.toString(m.satisfaction, "f", 2)
            self.trend.setItem(i, 5, _item(sat))

    # -- drill-down --------------------------------------------------------------------------
    def _on_ranking_double_clicked(self, row: int, _column: int) -> None:
        item = self.ranking.item(row, 1)
        if item is not None:
            self.open_region(item.data(Qt.ItemDataRole.UserRole))

    def open_region(self, code: str) -> None:
        start, end = self.months()
        self.map.select(code)
        self.tabs.setCurrentIndex(self.detail_index)
        half = max(1, self.split.width() // 2)
        self.split.setSizes([half, half])  # room for the distrik map and its legend
        self.detail_title.setText(self.tr("Loading %1…").replace("%1", code))
        Op(self, self.service.districts, code, start, end).success(self.show_drilldown).failure(
            self._drill_failed
        ).run()

    def _drill_failed(self, exc: BaseException) -> None:
        self.detail_title.setText(self.tr("The region's distrik could not be loaded."))
        show_error(self, exc)

    def show_drilldown(self, d: Drilldown) -> None:
        self.drilldown = d
        locale = QLocale()
        t = d.totals
        self.detail_title.setText(
            self.tr("%1 (%2): %3 reports, %4 open, %5 overdue.")
            .replace("%1", d.name)
            .replace("%2", d.code)
            .replace("%3", locale.toString(t.total))
            .replace("%4", locale.toString(t.open))
            .replace("%5", locale.toString(t.overdue))
        )
        self.districts.setRowCount(len(d.districts))
        for i, row in enumerate(d.districts):
            name = self.tr("(others, merged for privacy)") if row.code == "*" else row.name
            self.districts.setItem(i, 0, _item(name))
            self.districts.setItem(i, 1, _item(locale.toString(row.total), row.total))
            self.districts.setItem(i, 2, _item(locale.toString(row.open), row.open))
            self.districts.setItem(i, 3, _item(locale.toString(row.overdue), row.overdue))
        self.opd.setRowCount(len(d.opd))
        for i, o in enumerate(d.opd):
            name = self.tr("(other OPDs, merged for privacy)") if o.agency == "*" else o.name
            self.opd.setItem(i, 0, _item(name))
            self.opd.setItem(i, 1, _item(locale.toString(o.total), o.total))
            on_time = (
                "–"
                if o.within_share is None
                else (locale.toString(o.within_share * 100, "f", 1) + " %")
            )
            self.opd.setItem(i, 2, _item(on_time))
            sat = "–" if o.satisfaction is None else locale.toString(o.satisfaction, "f", 2)
            self.opd.setItem(i, 3, _item(sat))
        mimika = d.code == MIMIKA
        self.district_map.setVisible(mimika)
        if mimika:
            figures = [
                _DistrictFigure(r.code, r.name, r.name, r.total, r.overdue, r.open)
                for r in d.districts
                if r.code != "*"
            ]
            metric = Metric.OVERDUE if self.current_measure() == "overdue" else Metric.VOLUME
            self.district_map.set_figures(figures, metric)

    # -- export ------------------------------------------------------------------------------
    def _export(self, fmt: ExportFormat) -> None:
        if self.data is None:
            return
        name = f"rekap-nasional-{self.data.start}-{self.data.end}.{fmt.value}"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the national recap"), str(default_path(name))
        )
        if path:
            self.export_to(path, fmt)

    def export_to(self, path: str, fmt: ExportFormat) -> None:
        assert self.data is not None
        data = self.data

        def done(rows: int) -> None:
            self.last_saved_notice = saved_notice(self, path)
            self.recap_written.emit(path, rows)

        Op(self, export_recap, data, path, fmt).success(done).run()
