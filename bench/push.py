"""Pushing 1,000 queued responses (a week offline), against raw batched POSTs.

project: the push phase of `SyncEngine` (`engine.push`): outbox read in seq order, batches of 100
marked `sending` and committed, POST /api/v1/ops, results recorded, sync badges refreshed.
limit: the same kind of payload (1,000 respond ops on other reports of the same server, new op
ids) POSTed raw in batches of 100 on one keep-alive `requests.Session`.
Target (quality bar): ≤ 10 s.
"""

from __future__ import annotations

import sys
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import BenchDesk, BenchServer, info, result, timed

N = 1000


def main() -> int:
    import orjson
    import requests

    from lapor_desk.sync.engine import SyncReport

    with BenchServer(20_000) as server:
        desk = BenchDesk(server)
        first = desk.engine.run_once()
        assert first.error is None, first.error
        with desk.store.read_conn() as conn:
            rows = conn.exec_driver_sql(
                "SELECT id, version FROM reports"
                " WHERE status IN ('dispatched', 'in_progress', 'postponed') ORDER BY id"
            ).all()
        assert len(rows) >= 2 * N, f"only {len(rows)} open reports"
        mine, theirs = rows[:N], rows[N : 2 * N]
        text = "Terima kasih atas laporannya. Tim kami sudah meninjau lokasi dan akan memperbaiki."
        for rid, _v in mine:
            desk.actions.respond(rid, text)

        # limit: raw batched POSTs of the same payloads for the other reports
        ops = [
            {
                "op_id": str(uuid.uuid4()),
                "kind": "respond",
                "report_id": rid,
                "base_version": version,
                "payload": {"text": text, "final": False, "attachments": []},
                "created_at": datetime.now(UTC).isoformat(),
            }
            for rid, version in theirs
        ]

        def raw() -> int:
            applied = 0
            with requests.Session() as s:
                s.headers["Authorization"] = f"Bearer {desk.token}"
                s.headers["Content-Type"] = "application/json"
                for i in range(0, N, 100):
                    r = s.post(
                        f"{server.url}/api/v1/ops",
                        data=orjson.dumps({"ops": ops[i : i + 100]}),
                        verify=server.ca,
                        timeout=60,
                    )
                    r.raise_for_status()
                    applied += sum(
                        x["outcome"] == "applied" for x in orjson.loads(r.content)["results"]
                    )
            return applied

        limit, raw_applied = timed(raw)

        report = SyncReport()
        cancel = threading.Event()

        def push() -> None:
            with desk.engine.transport_factory(cancel) as t:
                t.token = desk.token
                desk.engine.push(t, report, lambda *a: None, cancel)

        project, _ = timed(push)
        desk.close()
    info(f"project: {report.applied} applied in {report.pushed} pushed ops, {project:.2f} s")
    info(f"limit: {raw_applied} applied by raw POSTs, {limit:.2f} s")
    result("push", project, limit, "s")
    return 0 if report.applied == N and raw_applied == N else 1


if __name__ == "__main__":
    raise SystemExit(main())
