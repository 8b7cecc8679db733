"""Desk memory with 100,000 reports: the peak resident set of the officer's desk process.

Two scenarios, each in a fresh process so nothing else is counted:
- **work**: the main window on a 100k-report profile (offscreen), the "Semua" queue painted,
  every filter and search of `ui_queue.py`, the whole queue scrolled end to end, and 50 reports
  opened in the report view one after the other;
- **first sync**: `ui_stall.py`'s scenario — an empty profile, "Sinkron sekarang", the real sync
  engine pulling 100,000 reports from a feed replay server (in another process, not counted) until
  the queue shows them.
Each prints its resident set at the end (VmRSS) and its peak (VmHWM, from /proc/self/status).
Target (docs/performance.md): ≤ 300 MB; there is no physical limit to set beside it.

Ends with `RESULT name=desk_memory project=<peak MB> limit=- ratio=- unit=MB`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET_MB = 300

WORK_SCRIPT = textwrap.dedent(
    """
    import os, sys, tempfile
    from pathlib import Path
    sys.path.insert(0, {here!r})
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    import _desk_profile, ui_queue
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    import _store
    from lapor_desk.services.actions import DeskActions
    from lapor_desk.services.queue import QueueService, QueueView
    from lapor_desk.services.reports import ReportService
    from lapor_desk.services.templates import TemplateStore
    from lapor_desk.models.account import Account
    from lapor_desk.views.context import DeskContext
    from lapor_desk.views.main_window import MainWindow
    from lapor_desk.views.ops import OpRunner

    def status(key):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
        return 0.0

    def settle(ms=50):
        loop = QEventLoop()
        from PySide6.QtCore import QTimer
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    with tempfile.TemporaryDirectory() as tmp:
        path = _store.prepare(_desk_profile.fresh_copy(ui_queue.REPORTS, Path(tmp)))
        store = _store.open_store(path)
        account = Account(**_desk_profile.OFFICER)
        ctx = DeskContext(account, QueueService(store), ReportService(store, account),
                          DeskActions(store, account), TemplateStore(Path(tmp)))
        runner = OpRunner(app)
        OpRunner.set_shared(runner)
        window = MainWindow(ctx, runner=runner)
        window.resize(1600, 900)
        window.show()
        pane = window.queue_pane
        loaded = []
        pane.keys_loaded.connect(loaded.append)

        def wait():
            if not loaded:
                loop = QEventLoop()
                pane.keys_loaded.connect(loop.quit)
                loop.exec()
                pane.keys_loaded.disconnect(loop.quit)
            loaded.clear()
            pane.table.viewport().repaint()

        window.nav.select_key(QueueView.ALL.value)
        wait()
        settle(500)  # counts and filter choices
        bar = pane.filters
        for district, text in ui_queue.CASES:
            bar.clear(); wait()
            if district:
                bar.district.setCurrentIndex(bar.district.findData(district)); wait()
            if text:
                bar.search.setText(text); bar.search.returnPressed.emit(); wait()
        bar.clear(); wait()
        scroll = pane.table.verticalScrollBar()
        while scroll.value() < scroll.maximum():
            scroll.setValue(scroll.value() + scroll.pageStep())
            pane.table.viewport().repaint()
        for row in range(0, 50 * 997, 997):
            window.open_report(pane.model.key_at(row))
            settle(30)
        settle(300)
        print("work", pane.model.rowCount(), round(status("VmRSS")), round(status("VmHWM")))
        window.close()
        runner.shutdown()
        store.close()
    """
)

SYNC_SCRIPT = textwrap.dedent(
    """
    import io, sys, contextlib
    from pathlib import Path
    sys.path.insert(0, {here!r})
    import ui_stall

    def status(key):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
        return 0.0

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = ui_stall.main()
    rows = next(ln for ln in out.getvalue().splitlines() if ln.startswith("initial sync"))
    print("sync", code, round(status("VmRSS")), round(status("VmHWM")), "|", rows)
    """
)


def run(script: str, tag: str) -> list[str]:
    """The words of the scenario's result line (the one starting with `tag`): the first run
    after a schema change also prints how it rebuilt the cached 100k profile."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(HERE.parent)}
    proc = subprocess.run(
        [sys.executable, "-c", script.format(here=str(HERE))],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-3000:])
        raise SystemExit(f"the memory scenario failed (exit {proc.returncode})")
    lines = [ln.split() for ln in proc.stdout.splitlines() if ln.startswith(tag + " ")]
    if not lines:
        raise SystemExit(f"the memory scenario printed no {tag!r} line: {proc.stdout[-500:]!r}")
    return lines[-1]


def main() -> int:
    _, rows, work_rss, work_peak = run(WORK_SCRIPT, "work")[:4]
    print(
        f"work on a {int(rows):,}-report queue (filters, searches, full scroll, 50 reports "
        f"opened): resident {work_rss} MB, peak {work_peak} MB"
    )
    _, code, sync_rss, sync_peak, *_ = run(SYNC_SCRIPT, "sync")
    if code != "0":
        raise SystemExit("the first-sync scenario failed")
    print(
        f"first sync of 100,000 reports in the window: resident {sync_rss} MB, peak {sync_peak} MB"
    )
    peak = max(int(work_peak), int(sync_peak))
    verdict = "meets" if peak <= TARGET_MB else "MISSES"
    print(f"peak {peak} MB vs target {TARGET_MB} MB: {verdict}")
    print(f"RESULT name=desk_memory project={peak} limit=- ratio=- unit=MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
