"""Screenshots of the coordinator desk (Indonesian, offscreen) into docs/screenshots/.

Builds a throw-away profile with realistic Mimika data (the same generator the coordinator tests
use), opens the coordinator desk on it and saves the screening inbox, disposisi, deadline overview
(and its escalation flag), dashboard, distrik map and the OPD league table. `make screenshots` runs it after the officer desk's screenshots;
`python tools/screenshots_coordinator.py [OUT_DIR]` runs it alone.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

#: A fixed "today" so the pictures do not change from one run to the next.
TODAY = date(2026, 3, 18)
SIZE = (1440, 900)


def _pump(app, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def take(out_dir: Path, *, reports: int = 4000) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from lapor_desk.models.account import Account
    from lapor_desk.models.store import Store
    from lapor_desk.services.coordinator import CoordinatorService
    from lapor_desk.tools import build_translations
    from lapor_desk.views.coordinator.desk import CoordinatorDesk
    from lapor_desk.views.i18n import install_translators
    from lapor_desk.views.ops import OpRunner
    from tests.desk._coordinator_data import load, make_snapshots

    app = QApplication.instance() or QApplication(sys.argv[:1])
    build_translations.release()
    install_translators("id")
    runner = OpRunner()
    OpRunner.set_shared(runner)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "koordinator.sqlite3")
        try:
            load(store, make_snapshots(reports, TODAY, seed=2026))
            account = Account("https://lapor.mimikakab.go.id", "koordinator", "koordinator",
                              None, "Koordinator Diskominfo")  # fmt: skip
            service = CoordinatorService(store, account, today=lambda: TODAY)
            desk = CoordinatorDesk(service)
            desk.resize(*SIZE)
            desk.show()
            _pump(app, 1.5)

            def shot(name: str) -> None:
                _pump(app, 1.2)
                path = out_dir / f"{name}.png"
                desk.grab().save(str(path))
                written.append(path)

            desk.setCurrentWidget(desk.screening)
            _pump(app, 0.8)
            # Show a report with duplicate suggestions: the inbox's third report.
            if desk.screening.list.model.rowCount() > 2:
                desk.screening.list.table.selectRow(2)
            shot("coordinator-screening")

            desk.setCurrentWidget(desk.disposisi)
            _pump(app, 0.8)
            waiting = desk.disposisi.waiting
            for row in range(min(3, waiting.model.rowCount())):
                waiting.table.selectionModel().select(
                    waiting.model.index(row, 0),
                    waiting.table.selectionModel().SelectionFlag.Select
                    | waiting.table.selectionModel().SelectionFlag.Rows,
                )
            shot("coordinator-disposisi")

            desk.disposisi.tabs.setCurrentWidget(desk.disposisi.returned)
            shot("coordinator-returned")

            desk.setCurrentWidget(desk.deadlines)
            _pump(app, 0.8)
            from lapor_desk.services.deadlines_overview import Bucket, Stage

            pane = desk.deadlines
            pane._on_card_drill_down_requested(Stage.ANSWER.value, Bucket.OVERDUE.value)
            shot("coordinator-deadlines")
            # The escalation flag (docs/digests.md): the banner's drill-down and the column.
            pane._on_escalation_clicked()
            shot("coordinator-escalation")

            desk.setCurrentWidget(desk.dashboard)
            shot("coordinator-dashboard")
            desk.dashboard.tabs.setCurrentIndex(1)
            shot("coordinator-map")
            desk.setCurrentWidget(desk.league)
            shot("coordinator-league")
            desk.close()
        finally:
            runner.shutdown(wait=True)
            app.processEvents()
            store.close()
    return written


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "docs" / "screenshots"
    for path in take(out):
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        print(f"screenshots_coordinator: wrote {shown}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
