"""`make screenshots`: the officer desk rendered offscreen, in Indonesian, on the demo data.

Starts a throwaway demo server (`python -m lapor_server demo`) in a temporary directory, logs in
as the demo officer of Dinas PUPR, syncs, and writes
docs/screenshots/{main_window,report_view,composer}.png. Nothing of the user's own desk is
touched. Needs a font (fonts-dejavu-core on Debian) when run on a machine without a desktop.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

OUT = ROOT / "docs" / "screenshots"
SIZE = (1600, 900)


def wait(app, predicate, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("the desk did not get there in time")
        app.processEvents()
        time.sleep(0.02)


def settle(app, seconds: float = 0.4) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="lapor-screens-"))
    os.environ["LAPOR_DESK_DATA_DIR"] = str(work / "desk")
    os.environ["LAPOR_DESK_CONFIG_DIR"] = str(work / "config")
    from PySide6.QtGui import QColor, QPainter, QPixmap
    from PySide6.QtWidgets import QApplication

    from lapor_desk import app as desk_app
    from lapor_desk.demo import start_or_reuse
    from lapor_desk.services.queue import QueueFilter, QueueView
    from lapor_desk.settings import Settings
    from lapor_desk.tools.build_translations import release
    from lapor_desk.views.composer import INTERNAL, PUBLIC
    from lapor_desk.views.i18n import install_translators
    from lapor_desk.views.login_dialog import LoginRequest
    from lapor_desk.views.main_window import MainWindow
    from lapor_desk.views.ops import OpRunner

    release()
    server = start_or_reuse(work / "demo")
    profile = None
    try:
        app = QApplication([])
        install_translators("id")
        runner = OpRunner(app)
        OpRunner.set_shared(runner)
        settings = Settings.load(machine_path=Path(os.devnull), user_path=work / "settings.json")
        settings.set("ca_bundle", str(server.ca))
        officer = server.officer()
        profile = desk_app.login(
            LoginRequest(server.url, officer["username"], officer["password"], False), settings
        )
        window = MainWindow(desk_app.build_context(profile), runner=runner)
        window.resize(*SIZE)
        window.show()
        finished = []
        window.sync.sync_finished.connect(finished.append)
        window.sync.request_now()
        wait(app, lambda: finished)
        wait(app, lambda: runner.pending() == 0)

        # A report with a public answer and an internal note shows both kinds of entries.
        queue = profile.queue
        keys = queue.keys(QueueFilter(view=QueueView.IN_PROGRESS, sort="received"))
        chosen = keys[0] if keys else queue.keys(QueueFilter())[0]
        for key in keys[:80]:
            page = profile.reports.page(key)
            kinds = {(e.kind, e.visibility) for e in page.detail.events}
            if ("respond", "public") in kinds and any(v == "internal" for _k, v in kinds):
                chosen = key
                break
        window.nav.select_key(QueueView.ALL.value)
        wait(app, lambda: runner.pending() == 0)
        row = window.queue_pane.model.row_of(chosen)
        if row >= 0:
            window.queue_pane.table.selectRow(row)
        shown = []
        window.report_shown.connect(shown.append)
        window.open_report(chosen)
        wait(app, lambda: chosen in shown)
        settle(app)

        OUT.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(OUT / "main_window.png"))

        # The report on its own, tall enough to show the timeline.
        view = window.report_view
        view.document.verticalScrollBar().setValue(view.document.verticalScrollBar().maximum())
        settle(app)
        report = type(view)(None)
        report.resize(760, 900)
        report.show_page(view.page)
        report.show()
        settle(app)
        report.grab().save(str(OUT / "report_view.png"))
        report.close()

        # The composer with a template inserted into a public response, final answer ticked.
        composer = window.composer
        composer.set_mode(PUBLIC)
        templates = profile.templates.list()
        composer.insert_template(templates[-1] if templates else templates[0])
        composer.final_check.setChecked(True)
        settle(app, 1.5)  # the draft autosave runs
        public = composer.grab()
        # ... and the same composer switched to an internal note, side by side.
        composer.set_mode(INTERNAL)
        composer.editor.insertPlainText(
            "Kontraktor pemeliharaan sudah dihubungi; tunggu jadwal dari bidang Bina Marga."
        )
        settle(app, 1.5)
        internal = composer.grab()
        both = QPixmap(
            public.width() + internal.width() + 24, max(public.height(), internal.height())
        )
        both.fill(QColor("white"))
        painter = QPainter(both)
        painter.drawPixmap(0, 0, public)
        painter.drawPixmap(public.width() + 24, 0, internal)
        painter.end()
        both.save(str(OUT / "composer.png"))
        print(
            "wrote", ", ".join(f"{OUT / n}.png" for n in ("main_window", "report_view", "composer"))
        )
        window.close()
        runner.shutdown(wait=True)
        return 0
    finally:
        if profile is not None:
            profile.close()
        if server.started_now and server.pid:
            os.kill(server.pid, signal.SIGTERM)
        shutil.rmtree(work, ignore_errors=True)


def coordinator_screenshots() -> None:
    """The coordinator desk's screenshots (tools/screenshots_coordinator.py, its own profile)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import screenshots_coordinator

    for path in screenshots_coordinator.take(OUT):
        print("wrote", path)


if __name__ == "__main__":
    code = main()
    coordinator_screenshots()
    raise SystemExit(code)
