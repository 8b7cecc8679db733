"""The officer's queue on a 100,000-report profile: start to first painted queue, filter and search
latency to an updated view, and scrolling.

- **start**: a fresh process opens the profile, builds the main window and paints the first
  rows of the queue; limit = a process that only runs `import PySide6.QtWidgets`. Info line.
- **filter/search** (the RESULT): from the officer's change (a distrik picked, a search typed and
  Enter pressed) to the table showing the new rows, painted — through the op runner, the queue
  service and the lazy model. Limit: the bare SQL / FTS5 query for the same keys with sqlite3.
  Both are medians over several filters and searches.
- **scroll**: paging through the table to the end; the slowest page repaint. Info line.

Ends with `RESULT name=ui_queue project=<ms> limit=<ms> ratio=<project/limit> unit=ms`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import _desk_profile  # noqa: E402
import _store  # noqa: E402
from _store import key as store_key  # noqa: E402

from lapor_desk.models.store import raw_connect  # noqa: E402

REPORTS = int(os.environ.get("LAPOR_BENCH_REPORTS", "100000"))
RUNS = 5

#: (district filter, search text) cases; None = not used in that case
CASES = [
    ("mimika_baru", None),
    ("kuala_kencana", None),
    ("wania", None),
    (None, "jalan rusak"),
    (None, "lampu"),
    (None, "air bersih"),
    ("mimika_baru", "drainase"),
]

START_SCRIPT = textwrap.dedent(
    """
    import os, sys, time
    t0 = float(sys.argv[2])
    sys.path.insert(0, {here!r})
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from lapor_desk.services.actions import DeskActions
    from lapor_desk.services.queue import QueueService
    from lapor_desk.services.reports import ReportService
    from lapor_desk.services.templates import TemplateStore
    from lapor_desk.models.account import Account
    from lapor_desk.views.context import DeskContext
    from lapor_desk.views.main_window import MainWindow
    from lapor_desk.views.ops import OpRunner
    import _desk_profile
    from _store import open_store
    store = open_store(sys.argv[1])
    account = Account(**_desk_profile.OFFICER)
    ctx = DeskContext(account, QueueService(store), ReportService(store, account),
                      DeskActions(store, account), TemplateStore(os.path.dirname(sys.argv[1])))
    runner = OpRunner(app); OpRunner.set_shared(runner)
    window = MainWindow(ctx, runner=runner)
    window.show()
    table = window.queue_pane.table
    def check():
        if window.queue_pane.model.rowCount() and table.viewport().isVisible():
            table.viewport().repaint()
            print("painted", time.time() - t0, window.queue_pane.model.rowCount(), flush=True)
            window.close(); runner.shutdown(); app.quit(); return
        QTimer.singleShot(1, check)
    QTimer.singleShot(0, check)
    app.exec()
    """
)


def start_time(path: Path) -> tuple[float, float]:
    """(seconds to the first painted queue, seconds for `import PySide6.QtWidgets`), best of 3."""
    script = START_SCRIPT.format(here=str(HERE))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(HERE.parent)}
    desk, bare = [], []
    for _ in range(3):
        t0 = time.time()
        out = subprocess.run(
            [sys.executable, "-c", script, str(path), repr(t0)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        ).stdout
        desk.append(
            float(next(ln for ln in out.splitlines() if ln.startswith("painted")).split()[1])
        )
        t0 = time.time()
        subprocess.run([sys.executable, "-c", "import PySide6.QtWidgets"], check=True, env=env)
        bare.append(time.time() - t0)
    return min(desk), min(bare)


def bare_query(path: Path, district: str | None, text: str | None) -> float:
    """The same keys with plain sqlite3: FTS first, then the filter, ordered like the queue."""
    from lapor_desk.models.search import fts_query

    db = raw_connect(path, store_key())
    try:
        sql = "SELECT id FROM reports WHERE 1=1"
        params: list = []
        if text:
            sql += (
                " AND (rid IN (SELECT rowid FROM report_fts WHERE report_fts MATCH ?)"
                " OR tracking_id = ?)"
            )
            params += [fts_query(text), text]
        if district:
            # `+`: with a search, let the FTS hits drive (the index would walk the distrik)
            sql += " AND +district_code = ?" if text else " AND district_code = ?"
            params.append(district)
        sql += " ORDER BY submitted_at DESC, rid DESC"
        samples = []
        for _ in range(RUNS + 1):
            started = time.perf_counter()
            db.execute(sql, params).fetchall()
            samples.append((time.perf_counter() - started) * 1000)
        return statistics.median(samples[1:])
    finally:
        db.close()


def main() -> int:
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from lapor_desk.models.account import Account
    from lapor_desk.services.actions import DeskActions
    from lapor_desk.services.queue import QueueService, QueueView
    from lapor_desk.services.reports import ReportService
    from lapor_desk.services.templates import TemplateStore
    from lapor_desk.views.context import DeskContext
    from lapor_desk.views.main_window import MainWindow
    from lapor_desk.views.ops import OpRunner

    with tempfile.TemporaryDirectory() as tmp:
        path = _store.prepare(_desk_profile.fresh_copy(REPORTS, Path(tmp)))
        print(f"store: {_store.mode()} (LAPOR_BENCH_PLAIN=1 for the plain baseline)")
        first_paint, import_only = start_time(path)
        print(
            f"start to first painted queue: {first_paint * 1000:.0f} ms "
            f"(import PySide6.QtWidgets alone: {import_only * 1000:.0f} ms, "
            f"ratio {first_paint / import_only:.2f})"
        )

        store = _store.open_store(path)
        account = Account(**_desk_profile.OFFICER)
        ctx = DeskContext(
            account,
            QueueService(store),
            ReportService(store, account),
            DeskActions(store, account),
            TemplateStore(Path(tmp)),
        )
        runner = OpRunner(app)
        OpRunner.set_shared(runner)
        window = MainWindow(ctx, runner=runner)
        window.resize(1600, 900)
        window.show()
        pane = window.queue_pane
        loaded: list[int] = []
        pane.keys_loaded.connect(loaded.append)

        def wait_loaded() -> None:
            # Wait in an event loop, as the desk does: a busy loop here would fight the worker
            # thread for the GIL and measure that fight instead of the desk.
            if not loaded:
                loop = QEventLoop()
                pane.keys_loaded.connect(loop.quit)
                loop.exec()
                pane.keys_loaded.disconnect(loop.quit)
            pane.table.viewport().repaint()  # the new rows are read and painted

        def settle() -> None:
            # Not timed: let Qt run the updates it has queued (a reset schedules a paint that
            # the explicit repaint above already did), so one measurement holds one paint and
            # never a leftover of the step before it.
            app.processEvents()

        window.nav.select_key(QueueView.ALL.value)
        wait_loaded()
        print(f"queue 'Semua' holds {pane.model.rowCount():,} reports")

        bar = pane.filters
        project, limit = [], []
        for district, text in CASES:
            samples = []
            for _ in range(RUNS):
                # reset to no filter (not timed)
                loaded.clear()
                bar.clear()
                wait_loaded()
                settle()
                loaded.clear()
                started = time.perf_counter()
                if district:
                    bar.district.setCurrentIndex(bar.district.findData(district))
                if text:
                    bar.search.setText(text)
                    bar.search.returnPressed.emit()
                wait_loaded()
                samples.append((time.perf_counter() - started) * 1000)
                settle()
                rows = pane.model.rowCount()
            project.append(statistics.median(samples))
            limit.append(bare_query(path, district, text))
            print(
                f"  filter district={district or '-'} search={text or '-'}: {rows:,} rows, "
                f"{project[-1]:.1f} ms (bare query {limit[-1]:.1f} ms)"
            )

        # Scrolling the whole queue page by page.
        loaded.clear()
        bar.clear()
        wait_loaded()
        bar_v = pane.table.verticalScrollBar()
        worst = 0.0
        pages = 0
        while bar_v.value() < bar_v.maximum() and pages < 400:
            started = time.perf_counter()
            bar_v.setValue(bar_v.value() + bar_v.pageStep() * 10)
            pane.table.viewport().repaint()
            worst = max(worst, (time.perf_counter() - started) * 1000)
            pages += 1
        print(f"scroll: {pages} jumps of ten pages to the end, slowest repaint {worst:.1f} ms")

        window.close()
        runner.shutdown()
        store.close()

    p, lim = statistics.median(project), statistics.median(limit)
    print(f"RESULT name=ui_queue project={p:.1f} limit={lim:.1f} ratio={p / lim:.2f} unit=ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
