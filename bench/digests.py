"""The escalation flag and the OPD league table on a 100,000-report coordinator profile.

project: what the digests add to the coordinator's deadline tab and its league tab —
`services.digests.escalation` (every running report due soon or late, each decided by
`lapor_core.digests`, grouped per OPD) plus `services.digests.league` (the weekly table).
limit: the bare SQL those two read (the due rows, the first-answer day pairs, the ratings), run
with plain sqlite3 and fetched: the floor of reading them from this store. Medians of warm runs.

`python bench/digests.py [REPORTS]`; ends with
`RESULT name=digests project=<ms> limit=<ms> ratio=<project/limit> unit=ms`.
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

from lapor_core.conversation import SATISFIED_RATING  # noqa: E402
from lapor_core.digests import league_period  # noqa: E402
from lapor_core.workflow import CLOCK_RUNNING, sql_list  # noqa: E402
from lapor_desk.models.store import Store  # noqa: E402
from lapor_desk.services import dashboard, digests, ratings  # noqa: E402
from tests.desk._coordinator_data import load, make_snapshots  # noqa: E402

RUNS = 5
TODAY = date(2026, 3, 18)


def bare_sql(path: Path, calendar) -> None:  # type: ignore[no-untyped-def]
    limit = calendar.add_working_days(TODAY, 2).isoformat()
    period = dashboard.Period(*league_period(TODAY))
    where, params = period.where()
    r_where, r_params = period.where("r.submitted_at")
    statements = [
        (
            "SELECT id, tracking_id, status, respond_by, agency_code, category_code, "
            f"district_code FROM reports WHERE status IN ({sql_list(CLOCK_RUNNING)}) "
            "AND agency_code IS NOT NULL AND respond_by IS NOT NULL AND respond_by <= :limit",
            {"limit": limit},
        ),
        (dashboard._ANSWER_DAYS_SQL.format(where=where), params),
        (ratings._SQL.format(where=r_where), {**r_params, "satisfied": SATISFIED_RATING}),
        ("SELECT code, name FROM agencies", {}),
        ("SELECT code, name FROM categories", {}),
        ("SELECT code, name FROM districts", {}),
    ]
    db = sqlite3.connect(path)
    try:
        for sql, values in statements:
            db.execute(sql, values).fetchall()
    finally:
        db.close()


def timed(fn, runs: int = RUNS) -> float:  # type: ignore[no-untyped-def]
    fn()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main(argv: list[str]) -> int:
    reports = int(argv[0]) if argv else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "koordinator.sqlite3"
        started = time.perf_counter()
        snapshots = make_snapshots(reports, TODAY, seed=100)
        with Store.open(path) as store:
            load(store, snapshots, index=False)
            del snapshots
            built = time.perf_counter() - started
            print(f"profile with {reports:,} reports built in {built:.1f} s")
            calendar = store.calendar

            def project() -> None:
                with store.read_conn() as conn:
                    rules = digests.rules(conn)
                    digests.escalation(conn, today=TODAY, calendar=calendar, rules=rules)
                    digests.league(conn, today=TODAY, calendar=calendar)

            project_ms = timed(project)
            limit_ms = timed(lambda: bare_sql(path, calendar))
            with store.read_conn() as conn:
                groups = digests.escalation(
                    conn, today=TODAY, calendar=calendar, rules=digests.rules(conn)
                )
                table = digests.league(conn, today=TODAY, calendar=calendar)
            print(
                f"{sum(g.count for g in groups):,} escalated reports at {len(groups)} OPDs; "
                f"league of {len(table.rows)} OPDs"
            )
    print(f"escalation + league {project_ms:.1f} ms; bare SQL {limit_ms:.1f} ms")
    print(
        f"RESULT name=digests project={project_ms:.1f} limit={limit_ms:.1f} "
        f"ratio={project_ms / limit_ms:.2f} unit=ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
