"""Saving a response, from the officer's confirmation to "durable": p99 against one raw SQLite
transaction on the same disk.

project: the composer's send (confirmation answered yes) → the op runner's writer thread →
`DeskActions.respond` (checks, outbox row, pending timeline entry, status, search index; one
`BEGIN IMMEDIATE` … COMMIT with synchronous=FULL) → the composer hears back on the UI thread that
the text is saved. Measured on a 10,000-report profile, one response per report. Between saves
the desk's idle housekeeping runs as it does in the app (`Store.maintenance`: an FTS merge step and
a passive WAL checkpoint, every minute on the writer), here untimed after every
`SAVES_PER_HOUSEKEEPING` saves — ten answers a minute is already a fast officer; without it the
index merges and WAL checkpoints a minute's timer takes care of all land inside saves.
limit: one raw sqlite3 transaction inserting an outbox-sized row into a WAL database with
synchronous=FULL (the fsync the project cannot avoid).

Ends with `RESULT name=save project=<p99 ms> limit=<p99 ms> ratio=<project/limit> unit=ms`.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import _desk_profile  # noqa: E402
from _store import key as store_key  # noqa: E402

from lapor_desk.models.store import raw_connect  # noqa: E402

REPORTS = 10_000
SAVES = 300
#: saves between two runs of the idle housekeeping (the app runs it every minute)
SAVES_PER_HOUSEKEEPING = 10
TEXT = (
    "Terima kasih atas laporan Anda. Tim Dinas PUPR sudah meninjau lokasi dan perbaikan "
    "dijadwalkan minggu depan. Kami akan mengabarkan perkembangannya melalui kanal ini."
)


def p99(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100)[98]


def raw_transactions(folder: Path) -> list[float]:
    db = raw_connect(folder / "raw.sqlite3", store_key(), isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE outbox(seq INTEGER PRIMARY KEY, op_id TEXT, payload TEXT)")
    samples = []
    for _ in range(SAVES):
        started = time.perf_counter()
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO outbox(op_id, payload) VALUES (?, ?)", (str(uuid.uuid4()), TEXT))
        db.execute("COMMIT")
        samples.append((time.perf_counter() - started) * 1000)
    db.close()
    return samples


def main() -> int:
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from _store import mode, open_store

    from lapor_desk.models.account import Account
    from lapor_desk.services.actions import DeskActions
    from lapor_desk.services.queue import QueueFilter, QueueView
    from lapor_desk.services.reports import ReportService
    from lapor_desk.services.templates import TemplateStore
    from lapor_desk.views import composer as composer_module
    from lapor_desk.views.ops import OpRunner

    # The officer has already read the text once more and said yes.
    composer_module.ConfirmSendDialog.ask = classmethod(lambda cls, *a, **k: True)

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        limit_samples = raw_transactions(folder)
        store = open_store(_desk_profile.fresh_copy(REPORTS, folder / "profile"))
        account = Account(**_desk_profile.OFFICER)
        reports = ReportService(store, account)
        runner = OpRunner(app)
        OpRunner.set_shared(runner)
        composer = composer_module.Composer(
            reports, DeskActions(store, account), TemplateStore(folder)
        )
        from lapor_desk.services.queue import QueueService

        targets = QueueService(store).keys(QueueFilter(view=QueueView.NEW))
        targets += QueueService(store).keys(QueueFilter(view=QueueView.IN_PROGRESS))
        done: list[str] = []
        composer.sent.connect(lambda report_id, _action: done.append(report_id))
        samples = []
        for report_id in targets[:SAVES]:
            composer.set_page(reports.page(report_id))
            composer.editor.setPlainText(TEXT)
            done.clear()
            started = time.perf_counter()
            composer.send_button.click()
            if not done:  # wait in an event loop, as the desk does (no busy loop)
                loop = QEventLoop()
                composer.sent.connect(loop.quit)
                loop.exec()
                composer.sent.disconnect(loop.quit)
            samples.append((time.perf_counter() - started) * 1000)
            if len(samples) % SAVES_PER_HOUSEKEEPING == 0:
                store.maintenance()  # the minute's idle housekeeping (not timed)
        runner.shutdown()
        store.close()

    project, limit = p99(samples), p99(limit_samples)
    print(
        f"{len(samples)} saves: median {statistics.median(samples):.1f} ms, p99 {project:.1f} ms; "
        f"raw transaction median {statistics.median(limit_samples):.1f} ms, p99 {limit:.1f} ms"
    )
    ratio = project / limit
    print(f"store: {mode()} (LAPOR_BENCH_PLAIN=1 for the plain baseline)")
    print(f"RESULT name=save project={project:.1f} limit={limit:.1f} ratio={ratio:.2f} unit=ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
