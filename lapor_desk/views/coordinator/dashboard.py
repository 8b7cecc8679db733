"""The dashboard (also the pimpinan's, read-only): key figures, QtCharts and the distrik map.

All figures come from `services.dashboard` over the local store, so the dashboard works offline.
A click on a distrik or a bar asks for its reports (`reports_requested`); the coordinator desk
shows them in its drill-down list.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, QDate, QLocale, QMargins, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lapor_desk.services.coordinator import CoordinatorService
from lapor_desk.services.dashboard import STATUS_ORDER, Dashboard, Period
from lapor_desk.views import palette
from lapor_desk.views.coordinator.map import DistrictMap, Metric
from lapor_desk.views.coordinator.saved import default_path
from lapor_desk.views.labels import status_label
from lapor_desk.views.ops import Op

#: One calm palette for all charts (blue = volume, green = done, orange = late).
BLUE = QColor(palette.CHART_BAR)
GREEN = QColor(palette.CHART_DONE)
ORANGE = QColor(palette.CHART_LATE)
GREY = QColor(palette.CHART_NEUTRAL)
STATUS_COLOURS = palette.STATUS_COLOURS
TOP_N = 10


def month_label(month: str) -> str:
    """ "2026-03" → "Mar 2026" in the desk's language."""
    year, mon = (int(x) for x in month.split("-"))
    return QLocale().toString(QDate(year, mon, 1), "MMM yyyy")


def _short(name: str, limit: int = 34) -> str:
    for long, short in (
        ("Dinas ", "Dinas "),
        ("Pekerjaan Umum dan Penataan Ruang", "PUPR"),
        ("Badan ", "Badan "),
    ):
        name = name.replace(long, short)
    return name if len(name) <= limit else name[: limit - 1] + "…"


class KpiTile(QFrame):
    """A big number with a caption."""

    def __init__(self, caption: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value = QLabel("–", self)
        font = QFont(self.value.font())
        font.setPointSizeF(font.pointSizeF() * 2.0)
        font.setBold(True)
        self.value.setFont(font)
        self.caption = QLabel(caption, self)
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        self.setAccessibleName(caption)

    def set_value(self, text: str, colour: QColor | None = None) -> None:
        self.value.setText(text)
        self.value.setStyleSheet(f"color: {colour.name()};" if colour else "")


class ChartCard(QChartView):
    """A QChartView with the common look: title, no animation, antialiasing, legend as needed."""

    def __init__(self, title: str, parent: QWidget | None = None):
        chart = QChart()
        chart.setTitle(title)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.legend().setVisible(False)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setBackgroundRoundness(0)
        super().__init__(chart, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        self.setAccessibleName(title)

    def reset(self) -> QChart:
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        return chart


def fill_bars(
    card: ChartCard,
    labels: list[str],
    sets: list[tuple[str, list[float], QColor]],
    *,
    horizontal: bool = False,
    value_format: str = "%.0f",
) -> None:
    """Draw one or more bar sets over category labels on a chart card."""
    chart = card.reset()
    series = QHorizontalBarSeries() if horizontal else QBarSeries()
    top = 0.0
    for name, values, colour in sets:
        bar_set = QBarSet(name)
        bar_set.append([float(v) for v in values])
        bar_set.setColor(colour)
        bar_set.setBorderColor(colour)
        bar_set.setLabelColor(QColor(palette.INK))
        series.append(bar_set)
        top = max([top, *values])
    series.setLabelsVisible(True)
    series.setLabelsFormat("@value")
    series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
    chart.addSeries(series)
    categories = QBarCategoryAxis()
    categories.append(labels)
    values_axis = QValueAxis()
    values_axis.setRange(0, max(1.0, top * 1.15))
    values_axis.setLabelFormat(value_format)
    values_axis.applyNiceNumbers()
    if horizontal:
        chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(values_axis, Qt.AlignmentFlag.AlignBottom)
    else:
        chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values_axis, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(categories)
    series.attachAxis(values_axis)
    chart.legend().setVisible(len(sets) > 1)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)


class DashboardPane(QWidget):
    """Key figures and charts; a second tab holds the distrik map."""

    reports_requested = Signal(str, object)
    """Show reports behind a figure: (title, {"district_code": code} or similar filter)."""
    recap_requested = Signal(object)
    """Write the monthly recap PDF for a period: (services.dashboard.Period)."""

    def __init__(self, service: CoordinatorService, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = service
        self._dashboard: Dashboard | None = None
        self.period = QComboBox(self)
        self.period.setAccessibleName(self.tr("Period"))
        self.period.addItem(self.tr("All time"), None)
        self.recap_button = QPushButton(self.tr("Recap (PDF)…"), self)
        self.recap_button.setToolTip(
            self.tr("Tables and charts of the chosen period, ready to print")
        )
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Period")))
        bar.addWidget(self.period)
        bar.addStretch(1)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.recap_button)

        self.tiles = {
            "total": KpiTile(self.tr("reports received"), self),
            "open": KpiTile(self.tr("still open"), self),
            "overdue": KpiTile(self.tr("overdue now"), self),
            "share": KpiTile(self.tr("answered within 5 working days"), self),
            "median": KpiTile(self.tr("median working days to first answer"), self),
        }
        tiles = QHBoxLayout()
        for tile in self.tiles.values():
            tiles.addWidget(tile)

        self.status_chart = ChartCard(self.tr("Reports per status"), self)
        self.month_chart = ChartCard(self.tr("Reports per month"), self)
        self.category_chart = ChartCard(self.tr("Most reported categories"), self)
        self.agency_chart = ChartCard(
            self.tr("OPD: share answered within 5 working days (%)"), self
        )
        grid = QGridLayout()
        grid.addWidget(self.month_chart, 0, 0)
        grid.addWidget(self.status_chart, 0, 1)
        grid.addWidget(self.category_chart, 1, 0)
        grid.addWidget(self.agency_chart, 1, 1)
        summary = QWidget(self)
        summary_layout = QVBoxLayout(summary)
        summary_layout.setContentsMargins(0, 0, 0, 0)
        summary_layout.addLayout(tiles)
        summary_layout.addLayout(grid, 1)

        # The map tab: map + a per-distrik table.
        self.map = DistrictMap(self)
        self.by_volume = QRadioButton(self.tr("Colour by number of reports"), self)
        self.by_overdue = QRadioButton(self.tr("Colour by overdue share"), self)
        self.by_volume.setChecked(True)
        self.district_table = QTableWidget(0, 4, self)
        self.district_table.setHorizontalHeaderLabels(
            [self.tr("District"), self.tr("Reports"), self.tr("Open"), self.tr("Overdue")]
        )
        self.district_table.setAccessibleName(self.tr("Reports per district"))
        self.district_table.verticalHeader().hide()
        self.district_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.district_table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch
        )
        map_bar = QHBoxLayout()
        map_bar.addWidget(self.by_volume)
        map_bar.addWidget(self.by_overdue)
        map_bar.addStretch(1)
        map_bar.addWidget(QLabel(self.tr("Click a district to list its reports.")))
        map_tab = QWidget(self)
        map_layout = QVBoxLayout(map_tab)
        map_layout.addLayout(map_bar)
        splitter = QSplitter(Qt.Orientation.Horizontal, map_tab)
        splitter.addWidget(self.map)
        splitter.addWidget(self.district_table)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([1000, 380])
        map_layout.addWidget(splitter, 1)

        # The satisfaction tab: reporters' ratings of final answers, per OPD.
        self.rating_table = QTableWidget(0, 4, self)
        self.rating_table.setHorizontalHeaderLabels(
            [self.tr("OPD"), self.tr("Ratings"), self.tr("Average (1–5)"), self.tr("Satisfied")]
        )
        self.rating_table.setAccessibleName(self.tr("Reporter satisfaction per OPD"))
        self.rating_table.verticalHeader().hide()
        self.rating_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.rating_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        rating_tab = QWidget(self)
        rating_layout = QVBoxLayout(rating_tab)
        rating_layout.addWidget(
            QLabel(
                self.tr(
                    "Ratings reporters gave to final answers (1–5); satisfied = 4 or 5. "
                    "Reports submitted in the chosen period."
                )
            )
        )
        rating_layout.addWidget(self.rating_table, 1)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(summary, self.tr("Summary"))
        self.tabs.addTab(map_tab, self.tr("District map"))
        self.tabs.addTab(rating_tab, self.tr("Reporter satisfaction"))
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)

        self.period.currentIndexChanged.connect(self.refresh)
        self.refresh_button.clicked.connect(self.refresh)
        self.recap_button.clicked.connect(self._on_recap_button_clicked)
        self.by_volume.toggled.connect(self._on_metric_toggled)
        self.map.district_activated.connect(self._on_map_district_activated)
        self.district_table.cellDoubleClicked.connect(self._on_district_table_double_clicked)
        self._months_loaded = False

    # -- data -----------------------------------------------------------------------------------
    def current_period(self) -> Period:
        month = self.period.currentData()
        if not month:
            return Period()
        year, mon = (int(x) for x in month.split("-"))
        return Period.month(year, mon)

    def refresh(self) -> None:
        if not self._months_loaded:
            Op(self, self.service.months).success(self._set_months).run()
        Op(self, self.service.dashboard, self.current_period()).success(self.show_dashboard).run()

    def _set_months(self, months: list[str]) -> None:
        self._months_loaded = True
        self.period.blockSignals(True)
        for m in months:
            self.period.addItem(month_label(m), m)
        self.period.blockSignals(False)

    def dashboard(self) -> Dashboard | None:
        return self._dashboard

    def show_dashboard(self, d: Dashboard) -> None:
        self._dashboard = d
        locale = QLocale()
        self.tiles["total"].set_value(locale.toString(d.total))
        self.tiles["open"].set_value(locale.toString(d.open_reports))
        self.tiles["overdue"].set_value(locale.toString(d.overdue), ORANGE if d.overdue else None)
        share = d.share_within_5
        self.tiles["share"].set_value(
            f"{locale.toString(share * 100, 'f', 0)} %" if share is not None else "–",
            GREEN if share is not None and share >= 0.8 else ORANGE if share is not None else None,
        )
        median = d.median_days_to_first_answer
        self.tiles["median"].set_value(
            locale.toString(median, "f", 1) if median is not None else "–"
        )

        # Horizontal bars are drawn bottom-up: reverse so the workflow reads top to bottom.
        statuses = [c for c in reversed(d.by_status) if c.count or c.code in STATUS_ORDER[:6]]
        fill_bars(
            self.status_chart,
            [status_label(c.code) for c in statuses],
            [(self.tr("Reports"), [c.count for c in statuses], BLUE)],
            horizontal=True,
        )
        months = d.by_month[-12:]
        fill_bars(
            self.month_chart,
            [month_label(m.month) for m in months],
            [
                (self.tr("Received"), [m.submitted for m in months], BLUE),
                (self.tr("Completed"), [m.completed for m in months], GREEN),
            ],
        )
        cats = list(reversed(d.by_category[:8]))
        fill_bars(
            self.category_chart,
            [_short(c.label) for c in cats],
            [(self.tr("Reports"), [c.count for c in cats], BLUE)],
            horizontal=True,
        )
        opds = [a for a in d.by_agency if a.measurable][:TOP_N]
        opds = list(reversed(opds))
        fill_bars(
            self.agency_chart,
            [_short(a.name) for a in opds],
            [(self.tr("% within 5 working days"),
              [round((a.share_within_5 or 0) * 100) for a in opds], GREEN)],
            horizontal=True,
        )  # fmt: skip

        self.map.set_figures(d.by_district)
        self.district_table.setRowCount(len(d.by_district))
        for row, f in enumerate(d.by_district):
            name = QTableWidgetItem(f.name)
            name.setData(Qt.ItemDataRole.UserRole, f.code)
            self.district_table.setItem(row, 0, name)
            for col, value in enumerate((f.reports, f.open_reports, f.overdue), start=1):
                item = QTableWidgetItem(locale.toString(value))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.district_table.setItem(row, col, item)
        for col in (1, 2, 3):
            self.district_table.resizeColumnToContents(col)
        self._fill_ratings(d)

    def _fill_ratings(self, d: Dashboard) -> None:
        locale = QLocale()
        rated = sorted((a for a in d.by_agency if a.ratings), key=lambda a: (-a.ratings, a.name))
        self.rating_table.setRowCount(len(rated))
        for row, a in enumerate(rated):
            share = a.share_satisfied
            cells = (
                locale.toString(a.ratings),
                locale.toString(a.rating_average, "f", 1) if a.rating_average else "–",
                f"{locale.toString(share * 100, 'f', 0)} %" if share is not None else "–",
            )
            self.rating_table.setItem(row, 0, QTableWidgetItem(a.name))
            for col, value in enumerate(cells, start=1):
                item = QTableWidgetItem(value)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.rating_table.setItem(row, col, item)
        for col in (1, 2, 3):
            self.rating_table.resizeColumnToContents(col)

    # -- slots ----------------------------------------------------------------------------------
    def _on_metric_toggled(self, _checked: bool) -> None:
        self.map.set_metric(Metric.VOLUME if self.by_volume.isChecked() else Metric.OVERDUE)

    def _on_map_district_activated(self, code: str) -> None:
        d = self._dashboard
        name = next((f.name for f in d.by_district if f.code == code), code) if d else code
        self.reports_requested.emit(
            self.tr("Reports from district %1").replace("%1", name), {"district_code": code}
        )

    def _on_district_table_double_clicked(self, row: int, _column: int) -> None:
        item = self.district_table.item(row, 0)
        if item is not None:
            self._on_map_district_activated(item.data(Qt.ItemDataRole.UserRole))

    def _on_recap_button_clicked(self) -> None:
        # The recap covers the period on screen; "Sepanjang waktu" is all time, not this month.
        self.recap_requested.emit(self.current_period())


def default_recap_name(period: Period) -> str:
    if period.start is None:
        return f"rekap-lapor-sepanjang-waktu-{date.today():%Y-%m-%d}.pdf"
    return f"rekap-lapor-{period.start:%Y-%m}.pdf"


def ask_recap_path(parent: QWidget, period: Period) -> str | None:
    path, _ = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("DashboardPane", "Save monthly recap"),
        default_path(default_recap_name(period)),
        "PDF (*.pdf)",
    )
    return path or None
