"""Deadline overview: per stage and per OPD, how many reports are due soon or overdue (in working
days), a click on a number lists its reports, and the figures for a meeting with the OPD heads.

Reports overdue by the server's escalation threshold (`escalate_after_days`, synced in the
reference) are flagged: a banner with their count and a per-OPD column, both drilling down to
them; the desk decides with `lapor_core.digests`, the rule of the pimpinan's escalation e-mail."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
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

from lapor_desk.services.coordinator import CoordinatorService, OverviewBundle
from lapor_desk.services.deadlines_overview import Bucket, Stage
from lapor_desk.views import palette
from lapor_desk.views.coordinator.common import ReportList
from lapor_desk.views.ops import Op

LATE = QColor(palette.DEADLINE_LATE)
SOON = QColor(palette.DEADLINE_SOON)
LATE_BG = QColor(palette.DEADLINE_LATE_BG)
SOON_BG = QColor(palette.DEADLINE_SOON_BG)


def stage_title(stage: Stage) -> str:
    translate = QCoreApplication.translate
    return {
        Stage.VERIFY: translate("StageCard", "To verify"),
        Stage.DISPATCH: translate("StageCard", "To dispatch"),
        Stage.ANSWER: translate("StageCard", "To answer (at an OPD)"),
    }[stage]


class StageCard(QGroupBox):
    """One stage's open / due soon / overdue counts; each number is a button to its reports."""

    drill_down_requested = Signal(str, str)
    """Show the reports of a number: (stage, bucket)."""

    def __init__(self, stage: Stage, parent: QWidget | None = None):
        super().__init__(stage_title(stage), parent)
        self.stage = stage
        self.buttons: dict[Bucket, QPushButton] = {}
        grid = QGridLayout(self)
        for col, (bucket, label) in enumerate(
            (
                (Bucket.OPEN, self.tr("open")),
                (Bucket.DUE_SOON, self.tr("due ≤ 1 working day")),
                (Bucket.OVERDUE, self.tr("overdue")),
            )
        ):
            button = QPushButton("–", self)
            button.setFlat(True)
            font = QFont(button.font())
            font.setPointSizeF(font.pointSizeF() * 1.8)
            font.setBold(True)
            button.setFont(font)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setAccessibleName(f"{stage_title(stage)}: {label}")
            button.clicked.connect(
                lambda _c=False, b=bucket: self.drill_down_requested.emit(self.stage.value, b.value)
            )
            colour = {Bucket.DUE_SOON: SOON, Bucket.OVERDUE: LATE}.get(bucket)
            if colour is not None:
                button.setStyleSheet(f"color: {colour.name()};")
            self.buttons[bucket] = button
            grid.addWidget(button, 0, col, Qt.AlignmentFlag.AlignHCenter)
            caption = QLabel(label, self)
            caption.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            grid.addWidget(caption, 1, col)

    def show_counts(self, open_n: int, soon: int, late: int) -> None:
        locale = QLocale()
        for bucket, n in ((Bucket.OPEN, open_n), (Bucket.DUE_SOON, soon), (Bucket.OVERDUE, late)):
            self.buttons[bucket].setText(locale.toString(n))


def _item(value, *, align_right: bool = True) -> QTableWidgetItem:
    if isinstance(value, int):
        text = QLocale().toString(value)
    elif isinstance(value, float):
        text = QLocale().toString(value, "f", 1)
    else:
        text = "" if value is None else str(value)
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class DeadlineOverviewPane(QWidget):
    """Stage cards, the per-OPD table, the drill-down list and the meeting figures."""

    def __init__(self, service: CoordinatorService, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = service
        self.cards = {stage: StageCard(stage, self) for stage in Stage}
        cards = QHBoxLayout()
        for card in self.cards.values():
            cards.addWidget(card)
            card.drill_down_requested.connect(self._on_card_drill_down_requested)
        self.today_label = QLabel(self)
        # The escalation flag: hidden while nothing is escalated; a click lists the reports.
        self.escalation = QPushButton(self)
        self.escalation.setFlat(True)
        self.escalation.setCursor(Qt.CursorShape.PointingHandCursor)
        self.escalation.setStyleSheet(
            f"color: {LATE.name()}; background: {LATE_BG.name()}; font-weight: bold;"
            "text-align: left; padding: 4px 8px;"
        )
        self.escalation.setAccessibleName(self.tr("Escalated reports"))
        self.escalation.hide()
        self.escalation.clicked.connect(self._on_escalation_clicked)

        self.per_opd = QTableWidget(0, 5, self)
        self.per_opd.setHorizontalHeaderLabels(
            [
                self.tr("OPD"),
                self.tr("Open"),
                self.tr("Due ≤ 1 working day"),
                self.tr("Overdue"),
                self.tr("Escalated"),
            ]
        )
        self.per_opd.setAccessibleName(self.tr("Deadlines per OPD"))
        self.per_opd.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.per_opd.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.per_opd.verticalHeader().hide()
        self.per_opd.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.per_opd.cellClicked.connect(self._on_per_opd_cell_clicked)

        self.meeting = QTableWidget(0, 7, self)
        self.meeting.setHorizontalHeaderLabels(
            [
                self.tr("OPD"),
                self.tr("Open"),
                self.tr("Overdue"),
                self.tr("Most overdue (working days)"),
                self.tr("Answered"),
                self.tr("Answered within 5 working days"),
                self.tr("Median working days to first answer"),
            ]
        )
        self.meeting.setAccessibleName(self.tr("Figures for the meeting with the OPD heads"))
        self.meeting.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.meeting.verticalHeader().hide()
        self.meeting.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.meeting.setWordWrap(True)

        self.drill = ReportList(service, title=self.tr("Reports"))
        self.drill_title = QLabel(self.tr("Click a number to list its reports."), self)
        drill_box = QWidget(self)
        drill_layout = QVBoxLayout(drill_box)
        drill_layout.setContentsMargins(0, 0, 0, 0)
        drill_layout.addWidget(self.drill_title)
        drill_layout.addWidget(self.drill, 1)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.per_opd, self.tr("Per OPD"))
        self.tabs.addTab(self.meeting, self.tr("Meeting figures"))
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.tabs)
        splitter.addWidget(drill_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.addLayout(cards)
        layout.addWidget(self.today_label)
        layout.addWidget(self.escalation)
        layout.addWidget(splitter, 1)
        self._bundle: OverviewBundle | None = None

    def refresh(self) -> None:
        Op(self, self.service.deadlines).success(self.show_bundle).run()

    def show_bundle(self, bundle: OverviewBundle) -> None:
        self._bundle = bundle
        ov = bundle.overview
        for stage, card in self.cards.items():
            s = ov.stage(stage)
            card.show_counts(s.open_reports, s.due_soon, s.overdue)
        locale = QLocale()
        self.today_label.setText(
            self.tr("As of %1; due soon = deadline by %2 (next working day).")
            .replace("%1", locale.toString(ov.today, QLocale.FormatType.LongFormat))
            .replace("%2", locale.toString(ov.due_soon_until, QLocale.FormatType.LongFormat))
        )
        escalated = {e.agency_code: e for e in bundle.escalation}
        n_escalated = sum(e.count for e in bundle.escalation)
        days = bundle.rules.escalate_after_days
        self.per_opd.horizontalHeaderItem(4).setText(
            self.tr("Escalated (≥ %1 working days late)").replace("%1", locale.toString(days))
        )
        self.escalation.setVisible(n_escalated > 0)
        self.escalation.setText(
            "⚑ "
            + self.tr(
                "%1 report(s) at %2 OPD(s) overdue by %3 working days or more: escalated to the "
                "pimpinan and the coordinators. Click to list them."
            )
            .replace("%1", locale.toString(n_escalated))
            .replace("%2", locale.toString(len(bundle.escalation)))
            .replace("%3", locale.toString(days))
        )
        self.per_opd.setRowCount(len(ov.agencies))
        for row, a in enumerate(ov.agencies):
            name = _item(a.agency_name, align_right=False)
            name.setData(Qt.ItemDataRole.UserRole, a.agency_code)
            self.per_opd.setItem(row, 0, name)
            self.per_opd.setItem(row, 1, _item(a.open_reports))
            soon = _item(a.due_soon)
            late = _item(a.overdue)
            if a.due_soon:
                soon.setForeground(QBrush(SOON))
                soon.setBackground(QBrush(SOON_BG))
            if a.overdue:
                late.setForeground(QBrush(LATE))
                late.setBackground(QBrush(LATE_BG))
            self.per_opd.setItem(row, 2, soon)
            self.per_opd.setItem(row, 3, late)
            flagged = escalated.get(a.agency_code)
            flag = _item(f"⚑ {locale.toString(flagged.count)}" if flagged else "")
            if flagged:
                flag.setForeground(QBrush(LATE))
                flag.setBackground(QBrush(LATE_BG))
                bold = QFont(flag.font())
                bold.setBold(True)
                flag.setFont(bold)
                flag.setToolTip(
                    self.tr("Most overdue: %1 working days").replace(
                        "%1", locale.toString(flagged.worst_days)
                    )
                )
            flag.setData(Qt.ItemDataRole.UserRole, flagged.count if flagged else 0)
            self.per_opd.setItem(row, 4, flag)
        self.per_opd.resizeColumnsToContents()
        self.per_opd.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

        self.meeting.setRowCount(len(bundle.meeting))
        for row, m in enumerate(bundle.meeting):
            share = m.share_within_5
            values = [
                _item(m.agency_name, align_right=False),
                _item(m.open_reports),
                _item(m.overdue),
                _item(m.worst_overdue_days),
                _item(m.answered),
                _item(f"{locale.toString(share * 100, 'f', 0)} %" if share is not None else "–"),
                _item(m.median_days_to_first_answer if m.median_days_to_first_answer is not None
                      else "–"),
            ]  # fmt: skip
            for col, item in enumerate(values):
                self.meeting.setItem(row, col, item)
        self.meeting.resizeColumnsToContents()
        self.meeting.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    # -- drill-down -----------------------------------------------------------------------------
    def drill_down(
        self, stage: Stage | None, agency: str | None, bucket: Bucket, title: str
    ) -> None:
        self.drill_title.setText(title)
        Op(self, self.service.drill_down, stage=stage, agency_code=agency, bucket=bucket).success(
            lambda keys: self.drill.set_fixed_keys(keys, title)
        ).run()

    def _on_card_drill_down_requested(self, stage: str, bucket: str) -> None:
        stage_ = Stage(stage)
        bucket_ = Bucket(bucket)
        title = self.cards[stage_].buttons[bucket_].accessibleName()
        self.drill_down(stage_, None, bucket_, title)

    def _on_escalation_clicked(self) -> None:
        self.drill_down(None, None, Bucket.ESCALATED, self.tr("Escalated reports"))

    def _on_per_opd_cell_clicked(self, row: int, column: int) -> None:
        name_item = self.per_opd.item(row, 0)
        if name_item is None:
            return
        bucket = {
            1: Bucket.OPEN, 2: Bucket.DUE_SOON, 3: Bucket.OVERDUE, 4: Bucket.ESCALATED
        }.get(column, Bucket.OPEN)  # fmt: skip
        header = self.per_opd.horizontalHeaderItem(max(column, 1)).text()
        title = f"{name_item.text()} — {header}"
        self.drill_down(Stage.ANSWER, name_item.data(Qt.ItemDataRole.UserRole), bucket, title)
