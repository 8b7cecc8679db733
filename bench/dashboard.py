"""Dashboard refresh on a 100,000-report coordinator profile, against the bare SQL it needs.

project: `services.dashboard.compute()` for all time (every figure of the dashboard and the map:
counts per status, category, month, distrik and OPD, first-answer timings in working days).
limit: the same SQL statements run with plain sqlite3 and their rows fetched, nothing else — the
physical floor of a dashboard read from this store. Both are the median of several warm runs.

Ends with `RESULT name=dashboard project=<ms> limit=<ms> ratio=<project/limit> unit=ms`.
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lapor_desk.models.store import Store  # noqa: E402
from lapor_desk.services import dashboard  # noqa: E402
from tests.desk._coordinator_data import load, make_snapshots  # noqa: E402

REPORTS = 100_000
RUNS = 5
TODAY = date(2026, 3, 18)


def bare_sql(path: Path) -> None:
    """The statements `dashboard.compute` issues, straight through sqlite3."""
    today = {"today": TODAY.isoformat()}
    where, params = dashboard.Period().where()
    statements = [
        (dashboard.GROUPED_SQL.format(where=where), {**params, **today}),
        (dashboard._ANSWER_DAYS_SQL.format(where=where), params),
        ("SELECT code, name FROM categories", {}),
        ("SELECT code, name FROM agencies", {}),
        ("SELECT code, name FROM districts", {}),
    ]
    db = sqlite3.connect(path)
    try:
        for sql, values in statements:
            db.execute(sql, values).fetchall()
    finally:
        db.close()


def timed(fn, runs: int = RUNS) -> float:
    fn()  # warm the page cache and the working-day caches once
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "koordinator.sqlite3"
        started = time.perf_counter()
        snapshots = make_snapshots(REPORTS, TODAY, seed=100)
        with Store.open(path) as store:
            load(store, snapshots, index=False)
            del snapshots
            print(
                f"profile with {REPORTS:,} reports built in {time.perf_counter() - started:.1f} s"
            )

            def project() -> None:
                with store.read_conn() as conn:
                    dashboard.compute(conn, today=TODAY)

            project_ms = timed(project)
            limit_ms = timed(lambda: bare_sql(path))
            with store.read_conn() as conn:
                d = dashboard.compute(conn, today=TODAY)
            print(
                f"dashboard: {d.total:,} reports, {d.open_reports:,} open, {d.overdue:,} overdue, "
                f"{d.answered:,} answered (median {d.median_days_to_first_answer} working days)"
            )
    print(f"dashboard refresh {project_ms:.1f} ms; bare SQL {limit_ms:.1f} ms")
    print(
        f"RESULT name=dashboard project={project_ms:.1f} limit={limit_ms:.1f} "
        f"ratio={project_ms / limit_ms:.2f} unit=ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
