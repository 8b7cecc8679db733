"""Screenshots of the centre's desk (Indonesian, offscreen) into docs/screenshots/: the national
map of the 514 kabupaten/kota and the drill-down to Mimika's distrik.

Builds a throw-away centre (SQLite, `role = centre`) with generated aggregates of every region for
twelve months (lapor_server.pusat.synthetic, through the real ingest), a few regions registered
but silent, and opens the centre's window on it through the real API.
`python tools/screenshots_pusat.py [OUT_DIR]`.
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
TODAY = date(2026, 11, 20)
SIZE = (1440, 860)


def _pump(app, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def _wait(app, predicate, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("the centre's desk did not get there in time")
        app.processEvents()
        time.sleep(0.02)


def take(out_dir: Path) -> list[Path]:
    from fastapi.testclient import TestClient
    from PySide6.QtWidgets import QApplication

    from lapor_desk.services.pusat import PusatService
    from lapor_desk.tools import build_translations
    from lapor_desk.views.i18n import install_translators
    from lapor_desk.views.ops import OpRunner
    from lapor_desk.views.pusat.desk import recent_months
    from lapor_desk.views.pusat.window import PusatWindow
    from tests.support.centre import CentreClient, centre_app, kabkota, login, make_centre

    app = QApplication.instance() or QApplication(sys.argv[:1])
    build_translations.release()
    install_translators("id")
    runner = OpRunner()
    OpRunner.set_shared(runner)
    out_dir.mkdir(parents=True, exist_ok=True)
    regions = kabkota()
    # a few regions are registered but have sent nothing yet (hatched on the map), and some are
    # not connected at all: the picture shows both as "tidak ada data"
    silent = [r for r in regions if r[0].startswith(("95.", "96.05", "81."))]
    sending = [r for r in regions if r not in silent]
    months = sorted(recent_months(TODAY, 12))
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        url = make_centre(
            Path(tmp) / "centre.sqlite3", sending, months, today=TODAY, registered_only=silent
        )
        with TestClient(centre_app(url, Path(tmp) / "att")) as client:
            token = login(client)
            service = PusatService(lambda: CentreClient(client, token))
            window = PusatWindow(service, account_name="Pusat — Kemendagri")
            window.desk.start.setCurrentIndex(11)
            window.desk.measure.setCurrentIndex(window.desk.measure.findData("overdue"))
            window.resize(*SIZE)
            window.show()
            _wait(app, lambda: window.desk.data is not None)
            _pump(app, 0.5)
            path = out_dir / "pusat-national-map.png"
            window.grab().save(str(path))
            written.append(path)
            window.desk.open_region("94.04")
            _wait(app, lambda: window.desk.drilldown is not None)
            _pump(app, 0.5)
            path = out_dir / "pusat-drilldown-mimika.png"
            window.grab().save(str(path))
            written.append(path)
            window.close()
    runner.shutdown(wait=True)
    return written


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "docs" / "screenshots"
    for path in take(out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
