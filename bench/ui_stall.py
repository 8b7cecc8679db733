"""The longest UI-thread stall while the desk does its first sync of 100,000 reports.

The officer's main window runs on an empty profile; "Sinkron sekarang" starts the real sync engine
(through the op runner, on a worker) against a feed replay server in another process
(`_feed_replay.py`: the same HTTPS feed a central server sends, pages encoded once). A 10 ms
heartbeat timer on the UI thread records every gap; the stall is the longest gap minus the
interval, from the click until the queue shows the synced reports and the counts are in (plus one
second, to catch the refresh that follows). Target (docs/performance.md): ≤ 100 ms; there is no
physical limit to set beside it.

Ends with `RESULT name=ui_stall project=<ms> limit=- ratio=- unit=ms`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import _desk_profile  # noqa: E402

REPORTS = 100_000
HEARTBEAT_MS = 10
TARGET_MS = 100


def start_replay(tmp: Path) -> tuple[subprocess.Popen, str, str]:
    port_file = tmp / "replay-port"
    proc = subprocess.Popen(
        [
            sys.executable,
            str(HERE / "_feed_replay.py"),
            *("--reports", str(REPORTS), "--port-file", str(port_file)),
        ],
    )
    deadline = time.monotonic() + 600  # the first run builds and caches the feed pages
    while not port_file.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("the feed replay server did not start")
        time.sleep(0.2)
    time.sleep(0.2)
    port, ca = port_file.read_text().split(" ", 1)
    return proc, f"https://127.0.0.1:{port}", ca


def main() -> int:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from lapor_desk.app import make_sync_controller, tune_for_ui

    tune_for_ui()  # as run_gui() does
    from lapor_desk.models.account import Account
    from lapor_desk.models.store import Store
    from lapor_desk.services.actions import DeskActions
    from lapor_desk.services.queue import QueueService, QueueView
    from lapor_desk.services.reports import ReportService
    from lapor_desk.services.templates import TemplateStore
    from lapor_desk.sync.credentials import MemoryCredentials
    from lapor_desk.sync.engine import SyncEngine
    from lapor_desk.sync.transport import Transport
    from lapor_desk.views.context import DeskContext
    from lapor_desk.views.main_window import MainWindow
    from lapor_desk.views.ops import OpRunner

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        replay, url, ca = start_replay(tmp)
        try:
            account = Account(**{**_desk_profile.OFFICER, "server_url": url})
            store = Store.open(tmp / "profile" / "queue.sqlite3")

            def transport(cancel: threading.Event | None = None) -> Transport:
                return Transport(url, ca_bundle=ca, cancel=cancel)

            engine = SyncEngine(store, transport, MemoryCredentials("bench-token"), account)
            queue = QueueService(store)
            ctx = DeskContext(
                account,
                queue,
                ReportService(store, account),
                DeskActions(store, account),
                TemplateStore(tmp),
                make_sync=lambda parent: make_sync_controller(engine, queue, parent),
            )
            runner = OpRunner(app)
            OpRunner.set_shared(runner)
            window = MainWindow(ctx, runner=runner)
            window.resize(1600, 900)
            window.show()
            window.nav.select_key(QueueView.ALL.value)

            gaps: list[float] = []
            last = [time.perf_counter()]

            def beat() -> None:
                now = time.perf_counter()
                gaps.append((now - last[0]) * 1000 - HEARTBEAT_MS)
                last[0] = now

            heartbeat = QTimer()
            heartbeat.setInterval(HEARTBEAT_MS)
            heartbeat.timeout.connect(beat)
            settle = QEventLoop()
            QTimer.singleShot(500, settle.quit)
            settle.exec()  # the empty window is up and idle

            done = QEventLoop()
            window.sync.sync_finished.connect(lambda _outcome: done.quit())
            last[0] = time.perf_counter()
            heartbeat.start()
            started = time.perf_counter()
            window.sync_now()
            done.exec()
            sync_s = time.perf_counter() - started
            after = QEventLoop()  # the queue refresh and counts that follow the sync
            window.counts_loaded.connect(after.quit)
            after.exec()
            tail = QEventLoop()
            QTimer.singleShot(1000, tail.quit)
            tail.exec()
            heartbeat.stop()
            outcome_rows = window.queue_pane.model.rowCount()
            window.close()
            runner.shutdown()
            store.close()
        finally:
            replay.terminate()
            replay.wait(10)

    worst = max(gaps)
    print(
        f"initial sync of {REPORTS:,} reports took {sync_s:.1f} s; the queue shows "
        f"{outcome_rows:,} rows afterwards"
    )
    print(
        f"UI heartbeat every {HEARTBEAT_MS} ms: {len(gaps)} beats, median lateness "
        f"{statistics.median(gaps):.1f} ms, p99 {statistics.quantiles(gaps, n=100)[98]:.1f} ms, "
        f"longest stall {worst:.1f} ms (target ≤ {TARGET_MS} ms)"
    )
    print(f"RESULT name=ui_stall project={worst:.1f} limit=- ratio=- unit=ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
