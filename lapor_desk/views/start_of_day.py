"""The start-of-day notification: the officer's (or coordinator's) digest, once per local day.

At the first start of the day, or the first sync after local midnight, the window asks
`StartOfDayService.due()`; the first time something is due or overdue (an officer's OPD) or
escalated (a koordinator's or pimpinan's view) that day, a bar at the top of the window says so,
with the reports behind it. Computed from the desk's own store, so it works offline; the day is
recorded in the store when shown, and "Tutup" hides it until tomorrow (docs/digests.md).
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from lapor_core.digests import Urgency
from lapor_desk.services.digests import DueReport, StartOfDay, StartOfDayService
from lapor_desk.views import palette
from lapor_desk.views.ops import Op

# How many reports the sentence names (the rest are behind the button).
NAMED = 3


class StartOfDayNotice(QFrame):
    """The notice itself (inside a toolbar of the main window, so it spans the window)."""

    show_requested = Signal(object)
    """"Show reports" was clicked: (the `StartOfDay` shown)."""
    dismissed = Signal()
    bar_visible = Signal(bool)
    """Show or hide the bar holding the notice."""
    appeared = Signal(str)
    """Today's notice is shown: (its sentence), for a desktop notification too."""

    def __init__(self, service: StartOfDayService | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = service
        self.digest: StartOfDay | None = None
        self.setObjectName("startOfDayNotice")
        self.setStyleSheet(
            f"#startOfDayNotice {{ background: {palette.DEADLINE_SOON_CHIP_BG}; "
            f"border: 1px solid {palette.DEADLINE_SOON}; border-radius: 4px; }}"
        )
        # Two single lines (a wrapping label in a toolbar grows to several times its text's
        # height); what does not fit is in the tooltip and behind "Show reports".
        self.full_text = ""
        self.label = QLabel(self)
        self.details = QLabel(self)
        self.details.setStyleSheet(f"color: {palette.TEXT_SECONDARY};")
        for line in (self.label, self.details):
            line.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lines = QVBoxLayout()
        lines.setSpacing(0)
        lines.addWidget(self.label)
        lines.addWidget(self.details)
        self.show_button = QPushButton(self.tr("Show reports"), self)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.setAccessibleName(self.tr("Close the start-of-day notice"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addLayout(lines, 1)
        layout.addWidget(self.show_button)
        layout.addWidget(self.close_button)
        self.show_button.clicked.connect(lambda: self.show_requested.emit(self.digest))
        self.close_button.clicked.connect(self._on_close_clicked)

    def check(self) -> Op | None:
        """Ask the store whether today's notice is due (start, and after each sync)."""
        if self.service is None:
            return None
        if self.digest is not None and self.digest.today == self.service.today():
            return None  # today's was shown (a desk left open overnight gets tomorrow's)
        return Op(self, self.service.due).success(self._on_due).failure(lambda _e: None).run()

    def _on_due(self, digest: StartOfDay | None) -> None:
        if digest is None or digest.empty:
            return
        if self.digest is not None and self.digest.today == digest.today:
            return
        self.digest = digest
        headline, named = self.sentence(digest)
        self.full_text = f"{headline} {named}" if named else headline
        self.label.setText(headline)
        self.details.setText(named)
        self.details.setVisible(bool(named))
        for line in (self.label, self.details):
            line.setToolTip(self.full_text)
        self.setVisible(True)
        self.bar_visible.emit(True)
        self.appeared.emit(self.full_text)
        if self.service is not None:
            Op(self, self.service.mark_shown, digest.today).failure(lambda _e: None).run()

    def sentence(self, d: StartOfDay) -> tuple[str, str]:
        """(the headline with the counts, the first reports by name)."""
        locale = QLocale()
        when = locale.toString(d.today, QLocale.FormatType.LongFormat)
        if d.audience == "officer":
            text = (
                self.tr(
                    "Digest of the day: as of %1, %2 report(s) of your OPD are overdue and %3 "
                    "are due within %4 working days."
                )
                .replace("%1", when)
                .replace("%2", locale.toString(d.overdue))
                .replace("%3", locale.toString(d.due_soon))
                .replace("%4", locale.toString(d.rules.due_soon_days))
            )
        else:
            opds = ", ".join(
                f"{e.agency_name} ({locale.toString(e.count)})" for e in d.agencies[:NAMED]
            )
            text = (
                self.tr(
                    "Digest of the day: as of %1, %2 report(s) at %3 OPD(s) are overdue by %4 "
                    "working days or more (escalated): %5."
                )
                .replace("%1", when)
                .replace("%2", locale.toString(d.escalated))
                .replace("%3", locale.toString(len(d.agencies)))
                .replace("%4", locale.toString(d.rules.escalate_after_days))
                .replace("%5", opds)
            )
        return text, "; ".join(self._item(r) for r in d.reports[:NAMED])

    def _item(self, r: DueReport) -> str:
        locale = QLocale()
        if r.urgency == Urgency.OVERDUE:
            days = self.tr("%1 working day(s) late").replace("%1", locale.toString(r.days))
        elif r.days == 0:
            days = self.tr("due today")
        else:
            days = self.tr("%1 working day(s) left").replace("%1", locale.toString(r.days))
        return f"{r.tracking_id} ({r.category}, {r.district}: {days})"

    def _on_close_clicked(self) -> None:
        self.setVisible(False)
        self.bar_visible.emit(False)
        self.dismissed.emit()


def notice_bar(notice: StartOfDayNotice, parent: QWidget) -> QToolBar:
    """A fixed toolbar holding the notice, hidden until the notice has something to say."""
    bar = QToolBar(parent)
    bar.setObjectName("startOfDayBar")
    bar.setMovable(False)
    bar.setFloatable(False)
    bar.toggleViewAction().setVisible(False)
    bar.addWidget(notice)
    bar.setVisible(False)
    notice.bar_visible.connect(bar.setVisible)
    return bar
