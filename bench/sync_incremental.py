"""Incremental sync when nothing changed: one round trip, against one raw HTTPS GET.

project: `SyncEngine.run_once()` on an up-to-date desk (1,000 reports): a new session and TLS
connection (one per run, by design), the outbox check, one feed request with the cursor and the
scope summary, the convergence check, the bookkeeping writes. Median of 30 runs.
limit: one raw GET of the same feed URL on a new `requests.Session` (new TLS connection), JSON
decoded. Median of 30. Target (quality bar): 1 round trip, ≤ 50 ms.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import BenchDesk, BenchServer, info, median_ms, result, timed

RUNS = 30


def main() -> int:
    import orjson
    import requests

    with BenchServer(1000) as server:
        desk = BenchDesk(server)
        first = desk.engine.run_once()
        assert first.error is None, first.error
        samples, requests_per_run = [], set()
        for _ in range(RUNS):
            seconds, report = timed(desk.engine.run_once)
            if report.error is not None:
                print(f"sync failed: {report.error!r}")
                return 1
            samples.append(seconds)
            requests_per_run.add(report.requests)
        with desk.store.read_conn() as conn:
            cursor = conn.exec_driver_sql(
                "SELECT value FROM sync_state WHERE key = 'cursor'"
            ).scalar_one()
        raw = []
        for _ in range(RUNS):

            def get() -> object:
                with requests.Session() as s:
                    r = s.get(
                        f"{server.url}/api/v1/feed",
                        params={"after": cursor, "limit": 1000, "summary": "true"},
                        headers={"Authorization": f"Bearer {desk.token}"},
                        verify=server.ca,
                        timeout=30,
                    )
                    r.raise_for_status()
                    return orjson.loads(r.content)

            seconds, _page = timed(get)
            raw.append(seconds)
        desk.close()
    info(f"requests per run: {sorted(requests_per_run)} (target: 1)")
    info(f"project median {median_ms(samples):.1f} ms, limit median {median_ms(raw):.1f} ms")
    result("sync_incremental", median_ms(samples), median_ms(raw), "ms")
    return 0 if requests_per_run == {1} else 1


if __name__ == "__main__":
    raise SystemExit(main())
