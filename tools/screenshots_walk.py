"""Screenshots of the real desk window at an office laptop's size (issue 18, item 4 and 7).

Run under an X display of that size, e.g.

    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python tools/screenshots_walk.py 1366x768

It starts a throwaway demo server, logs in as the demo officer of Dinas PUPR and as the
Diskominfo koordinator (real logins, real sync), shows the real window filling the screen and
grabs the screen itself: the officer's queue with a report open, the coordinator's screening and
disposisi tabs. Written to docs/screenshots/<name>-<width>x<height>.png. Nothing of the user's own
desk is touched.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"


def wait(app, predicate, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("the desk did not get there in time")
        app.processEvents()
        time.sleep(0.02)


def settle(app, seconds: float = 0.6) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def main(argv: list[str]) -> int:
    size = argv[1] if len(argv) > 1 else "1366x768"
    width, height = (int(x) for x in size.split("x"))
    if not os.environ.get("DISPLAY"):
        print("screenshots_walk: needs an X display (run it under xvfb-run)", file=sys.stderr)
        return 2
    os.environ.pop("QT_QPA_PLATFORM", None)
    work = Path(tempfile.mkdtemp(prefix="lapor-walk-"))
    os.environ["LAPOR_DESK_DATA_DIR"] = str(work / "desk")
    os.environ["LAPOR_DESK_CONFIG_DIR"] = str(work / "config")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from lapor_desk import app as desk_app
    from lapor_desk.demo import start_or_reuse
    from lapor_desk.services.queue import QueueView
    from lapor_desk.settings import Settings
    from lapor_desk.tools.build_translations import release
    from lapor_desk.views.i18n import install_translators
    from lapor_desk.views.login_dialog import LoginRequest
    from lapor_desk.views.main_window import MainWindow
    from lapor_desk.views.ops import OpRunner

    release()
    server = start_or_reuse(work / "demo")
    profiles = []
    try:
        app = QApplication(sys.argv[:1])
        install_translators("id")
        runner = OpRunner(app)
        OpRunner.set_shared(runner)
        settings = Settings.load(machine_path=Path(os.devnull), user_path=work / "settings.json")
        settings.set("ca_bundle", str(server.ca))
        accounts = {a["username"]: a for a in server.accounts()["accounts"]}
        OUT.mkdir(parents=True, exist_ok=True)

        def open_window(account: dict) -> MainWindow:
            profile = desk_app.login(
                LoginRequest(server.url, account["username"], account["password"], False),
                settings,
                keys=desk_app.EphemeralKeys(),  # invented data: the key lives in memory only
            )
            profiles.append(profile)
            state = QSettings(str(work / f"ui-{account['username']}.ini"), QSettings.IniFormat)
            window = MainWindow(desk_app.build_context(profile), runner=runner, ui_state=state)
            window.move(0, 0)
            window.resize(width, height)
            window.show()
            finished = []
            window.sync.sync_finished.connect(finished.append)
            window.sync.request_now()
            wait(app, lambda: finished)
            wait(app, lambda: runner.pending() == 0)
            settle(app, 1.0)
            return window

        def shot(window: MainWindow, name: str) -> None:
            settle(app, 1.2)
            path = OUT / f"{name}-{width}x{height}.png"
            screen = window.screen()
            screen.grabWindow(0, 0, 0, width, height).save(str(path))
            print("wrote", path)

        # The officer: the queue with a report open (one answered, with an internal note).
        officer = open_window(server.officer())
        officer.nav.select_key(QueueView.ALL.value)
        wait(app, lambda: runner.pending() == 0)
        settle(app)
        keys = officer.queue_pane.model.keys()
        chosen = keys[min(3, len(keys) - 1)]
        row = officer.queue_pane.model.row_of(chosen)
        officer.queue_pane.table.selectRow(row)
        shown = []
        officer.report_shown.connect(shown.append)
        officer.open_report(chosen)
        wait(app, lambda: chosen in shown)
        shot(officer, "walk-officer-queue")
        officer.close()
        settle(app)

        # The koordinator: screening and disposisi.
        koordinator = open_window(accounts["koordinator"])
        desk = koordinator.coordinator
        desk.setCurrentWidget(desk.screening)
        wait(app, lambda: runner.pending() == 0)
        settle(app, 1.0)
        if desk.screening.list.model.rowCount() > 1:
            desk.screening.list.table.selectRow(1)
        wait(app, lambda: runner.pending() == 0)
        shot(koordinator, "walk-coordinator-screening")
        desk.setCurrentWidget(desk.disposisi)
        wait(app, lambda: runner.pending() == 0)
        settle(app, 1.0)
        waiting = desk.disposisi.waiting
        if waiting.model.rowCount():
            waiting.table.selectRow(0)
        wait(app, lambda: runner.pending() == 0)
        shot(koordinator, "walk-coordinator-disposisi")
        desk.disposisi.tabs.setCurrentWidget(desk.disposisi.at_opd)
        wait(app, lambda: runner.pending() == 0)
        if desk.disposisi.at_opd.model.rowCount():
            desk.disposisi.at_opd.table.selectRow(0)
        wait(app, lambda: runner.pending() == 0)
        shot(koordinator, "walk-coordinator-at-opd")
        koordinator.close()
        runner.shutdown(wait=True)
        return 0
    finally:
        for profile in profiles:
            profile.close()
        if server.started_now and server.pid:
            os.kill(server.pid, signal.SIGTERM)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
