"""The OPD league table (Peringkat OPD) for the pimpinan and the coordinators: per OPD the share
answered within 5 working days, the median working days to the first answer and the reporters'
satisfaction, ranked — the table of the weekly e-mail, computed from this desk's store with the
one compliance definition (services/digests.py). Exportable as CSV or XLSX."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lapor_core.digests import LEAGUE_WEEKS, league_period
from lapor_desk.services.coordinator import CoordinatorService
from lapor_desk.services.dashboard import Period
from lapor_desk.services.digests import League
from lapor_desk.views import palette
from lapor_desk.views.coordinator.saved import default_path, saved_notice
from lapor_desk.views.ops import Op


def _cell(text: str, *, right: bool = True) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class LeaguePane(QWidget):
    """The ranked table, the weeks it covers, and Export…"""

    def __init__(self, service: CoordinatorService, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = service
        self.league: League | None = None
        self.period_label = QLabel(self)
        self.period_label.setWordWrap(True)
        self.weeks = QSpinBox(self)
        self.weeks.setRange(1, 12)
        self.weeks.setValue(LEAGUE_WEEKS)
        self.weeks.setAccessibleName(self.tr("Weeks of reports"))
        self.weeks.valueChanged.connect(lambda _v: self.refresh())
        self.export_button = QPushButton(self.tr("Export…"), self)
        self.export_button.clicked.connect(self._on_export_clicked)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Weeks:"), self))
        top.addWidget(self.weeks)
        top.addStretch(1)
        top.addWidget(self.export_button)

        self.table = QTableWidget(0, 9, self)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Rank"),
                self.tr("OPD"),
                self.tr("Answered within 5 working days"),
                self.tr("Within 5 / measurable"),
                self.tr("Answered"),
                self.tr("Median working days to first answer"),
                self.tr("Ratings"),
                self.tr("Average rating"),
                self.tr("Satisfied (4–5)"),
            ]
        )
        self.table.setAccessibleName(self.tr("OPD league table"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        self.empty = QLabel(
            self.tr("No OPD has answered, late or rated reports in these weeks."), self
        )
        self.empty.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.period_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)

    def period(self) -> Period:
        start, end = league_period(self.service.today(), self.weeks.value())
        return Period(start, end)

    def refresh(self) -> Op:
        return Op(self, self.service.league, self.period()).success(self.show_league).run()

    def show_league(self, league: League) -> None:
        self.league = league
        locale = QLocale()
        fmt = QLocale.FormatType.LongFormat
        self.period_label.setText(
            self.tr(
                "Reports submitted %1 – %2, as of %3. Ranked by the share answered within 5 "
                "working days, then the median, then the reporters' rating."
            )
            .replace("%1", locale.toString(league.start, fmt))
            .replace("%2", locale.toString(league.end, fmt))
            .replace("%3", locale.toString(league.today, fmt))
        )
        self.table.setRowCount(len(league.rows))
        good, bad = QColor(palette.DEADLINE_OK), QColor(palette.DEADLINE_LATE)
        for n, r in enumerate(league.rows):
            share = r.share_within
            satisfied = r.satisfied / r.ratings if r.ratings else None
            cells = [
                _cell(locale.toString(n + 1)),
                _cell(r.agency_name, right=False),
                _cell(f"{locale.toString(share * 100, 'f', 0)} %" if share is not None else "–"),
                _cell(f"{locale.toString(r.within)} / {locale.toString(r.measurable)}"),
                _cell(locale.toString(r.answered)),
                _cell(locale.toString(r.median_days, "f", 1) if r.median_days is not None
                      else "–"),
                _cell(locale.toString(r.ratings)),
                _cell(locale.toString(r.average_rating, "f", 1) if r.average_rating is not None
                      else "–"),
                _cell(f"{locale.toString(satisfied * 100, 'f', 0)} %" if satisfied is not None
                      else "–"),
            ]  # fmt: skip
            cells[1].setData(Qt.ItemDataRole.UserRole, r.agency_code)
            if share is not None and (share >= 0.8 or share < 0.5):
                cells[2].setForeground(QBrush(good if share >= 0.8 else bad))
            for col, item in enumerate(cells):
                self.table.setItem(n, col, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.empty.setVisible(not league.rows)
        self.export_button.setEnabled(bool(league.rows))

    def _on_export_clicked(self) -> None:
        if self.league is None:
            return
        name = f"peringkat-opd-{self.league.start.isoformat()}-{self.league.end.isoformat()}.xlsx"
        path, chosen = QFileDialog.getSaveFileName(
            self, self.tr("Export the league table"), default_path(name),
            "Excel (*.xlsx);;CSV (*.csv)",
        )  # fmt: skip
        if path:
            self.export(path, "csv" if path.lower().endswith(".csv") or "csv" in chosen.lower()
                        else "xlsx")  # fmt: skip

    def export(self, path: str, fmt: str) -> Op:
        league = self.league

        def done(n: int) -> None:
            self.last_saved_notice = saved_notice(
                self, path, self.tr("OPD league table, %1 OPD(s).").replace("%1", str(n))
            )

        return Op(self, self.service.export_league, league, path, fmt).success(done).run()
