"""A region's national standing on the coordinator's dashboard: its rank among the regions for
each measure, asked of the centre through the region's own server (`/api/v1/standing`)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from lapor_desk.errors import DeskError
from lapor_desk.services.pusat import PusatService, Standing
from lapor_desk.views.ops import Op


class StandingBar(QWidget):
    """One line: "Peringkat nasional …", refreshed on demand; a quiet sentence when the server
    is not linked to a centre or the centre cannot be reached."""

    def __init__(self, service: PusatService, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = service
        self.label = QLabel(self.tr("National standing: not loaded yet."), self)
        self.label.setWordWrap(True)
        self.button = QPushButton(self.tr("Update"), self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.button.clicked.connect(self.refresh)

    def refresh(self) -> None:
        Op(self, self.service.standing).success(self.show_standing).failure(self._failed).run()

    def _failed(self, exc: BaseException) -> None:
        reason = getattr(exc, "reason", None) if isinstance(exc, DeskError) else None
        if reason == "no_centre":
            self.label.setText(self.tr("National standing: this server is not linked to a centre."))
        else:
            self.label.setText(
                self.tr("National standing: the centre cannot be reached now; try again later.")
            )

    def text_for(self, s: Standing) -> str:
        names = {
            "volume": self.tr("volume"),
            "overdue": self.tr("overdue share"),
            "compliance": self.tr("answered within 5 working days"),
            "satisfaction": self.tr("satisfaction"),
        }
        parts = [
            self.tr("%1: %2 of %3")
            .replace("%1", names[m])
            .replace("%2", str(r[0]))
            .replace("%3", str(r[1]))
            for m, r in s.ranks.items()
            if r is not None and m in names
        ]
        return (
            self.tr("National standing of %1: %2")
            .replace("%1", s.name)
            .replace("%2", "; ".join(parts) or self.tr("no figures yet"))
        )

    def show_standing(self, s: Standing) -> None:
        self.label.setText(self.text_for(s))


class StandingTab(QWidget):
    """The coordinator desk's tab: the standing line, fetched when the tab is shown."""

    def __init__(self, service: PusatService, parent: QWidget | None = None):
        super().__init__(parent)
        self.bar = StandingBar(service, self)
        note = QLabel(
            self.tr(
                "The centre ranks the regions by the monthly figures each sends (aggregates "
                "only, never a report). Rank 1 is best; for the overdue share, lower is better."
            ),
            self,
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addWidget(note)
        layout.addStretch(1)

    def refresh(self) -> None:
        self.bar.refresh()
