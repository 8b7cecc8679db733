"""Full resync and the convergence check (docs/sync.md, "Full resync" and "Convergence check").

- 410 `full-resync-required`, or a check that fails: the outbox is pushed first, then the feed is
  re-read from the beginning; reports the fresh read does not deliver are removed (their
  never-sent work becomes a conflict); the outbox is kept.
- After the last page the server's scope summary (count, sum of versions) is compared with the
  local one; a mismatch triggers one full resync (quality bar S9), and a second mismatch is only
  reported.
"""

from __future__ import annotations

import logging
from typing import Any

from lapor_desk.models import bulk, outbox, sync_state
from lapor_desk.models.store import Store
from lapor_desk.sync.pull import RESYNC_GONE, pull
from lapor_desk.sync.push import push
from lapor_desk.sync.run import SyncRun

log = logging.getLogger(__name__)

_RESYNC_GONE = RESYNC_GONE


def full_resync(run: SyncRun, *, restart: bool) -> None:
    """Re-read the feed from the beginning; remove what it does not deliver; keep the outbox.

    `restart` starts a new resync (push first, forget the cursor); without it, a resync that a
    crash interrupted (`resync` = 1 in sync_state) is carried on.
    """
    run.report.full_resync = True
    if restart:
        push(run)  # the officer's work first
        with run.store.write_conn() as conn:
            # Versions from a restored or replaced server are not comparable: every local
            # report is "unconfirmed" (-1) until the fresh read delivers it again.
            conn.exec_driver_sql("UPDATE reports SET version = -1")
            sync_state.put(conn, {"cursor": None, "resync": "1"})
    summary = pull(run, resync=True)
    with run.store.write_conn() as conn:
        gone = conn.exec_driver_sql("SELECT id FROM reports WHERE version = -1").scalars().all()
        if gone:
            outbox.conflict_unsent(
                conn, [(rid, _RESYNC_GONE, "resync") for rid in gone], run.clock()
            )
            run.report.reports_removed += bulk.delete_reports(conn, gone)
        sync_state.put(conn, {"resync": None})
    run.report.changed_report_ids |= set(gone)
    check(run, summary, repair=False)


def check(run: SyncRun, summary: dict[str, Any] | None, *, repair: bool = True) -> None:
    """Compare the server's scope summary with the local one; repair a mismatch once."""
    report = run.report
    if not isinstance(summary, dict) or "count" not in summary:
        return
    local = local_summary(run.store)
    if local == (int(summary["count"]), int(summary.get("version_sum", 0))):
        report.check = report.check or "ok"
        return
    log.warning("post-sync check: local %s, server %s", local, summary)
    if not repair:
        report.check = "mismatch"
        return
    run.progress("check", 0, None)
    full_resync(run, restart=True)
    report.check = "repaired" if report.check != "mismatch" else "mismatch"


def local_summary(store: Store) -> tuple[int, int]:
    """(count, sum of versions) of the reports this desk holds."""
    with store.read_conn() as conn:
        count, total = conn.exec_driver_sql(
            "SELECT count(*), coalesce(sum(version), 0) FROM reports"
        ).one()
    return int(count), int(total)
