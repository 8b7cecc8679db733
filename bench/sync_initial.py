"""Initial sync of 100,000 reports into an empty desk, against its physical limit.

project: `SyncEngine.run_once()` on a fresh profile over verified HTTPS on loopback (feed pages of
1000 with orjson, bulk upserts, local-effect pass, cursor per page in the same transaction), until
the queue is complete. Building the full-text index is deferred by the engine to the end of the
run for a first sync; it is reported on its own line, and the RESULT uses the time until the run
returns with the index built too.
limit: the same bytes fetched raw — the bootstrap file (issue 17: one GET, zstd, a snapshot per
line) when the desk started from it, else the feed pages (one keep-alive requests.Session, orjson
decode) — plus the same report and event rows inserted with plain sqlite3 `executemany` (one
transaction per 1,000) into the same schema: the work no sync can avoid.
Target (quality bar): ratio ≤ 1.5 and ≤ 5 s.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _store
from _common import BenchDesk, BenchServer, info, result

COUNT = int(os.environ.get("LAPOR_BENCH_REPORTS", "100000"))


def raw_limit(server: BenchServer, token: str, bootstrapped: bool) -> tuple[float, float, int]:
    """(fetch seconds, insert seconds, items) for the same bytes the desk received, fetched and
    stored raw: the bootstrap file (one GET, zstd stream, one snapshot per line) when the desk
    used it, else the feed pages."""
    import orjson
    import requests
    import zstandard
    from _store import key as store_key
    from _store import open_store

    from lapor_desk.models.store import raw_connect

    session = requests.Session()
    session.verify = server.ca
    session.headers["Authorization"] = f"Bearer {token}"
    pages, cursor = [], None
    started = time.perf_counter()
    if bootstrapped:
        info = session.get(f"{server.url}/api/v1/bootstrap", timeout=300, verify=server.ca).json()
        resp = session.get(f"{server.url}{info['url']}", timeout=300, stream=True, verify=server.ca)
        resp.raise_for_status()
        raw = resp.raw.read(decode_content=False)
        lines = zstandard.ZstdDecompressor().decompressobj().decompress(raw).split(b"\n")
        snaps = [orjson.loads(line) for line in lines[1:] if line]
        pages = [
            [{"type": "report", "report": x} for x in snaps[i : i + 1000]]
            for i in range(0, len(snaps), 1000)
        ]
    while not bootstrapped:
        params = {"limit": 1000}
        if cursor:
            params["after"] = cursor
        resp = session.get(f"{server.url}/api/v1/feed", params=params, timeout=60, verify=server.ca)
        resp.raise_for_status()
        page = orjson.loads(resp.content)
        pages.append(page["items"])
        cursor = page["cursor"]
        if not page["has_more"]:
            break
    fetch = time.perf_counter() - started
    session.close()

    folder = Path(tempfile.mkdtemp(dir=server.tmp))
    open_store(folder / "limit.sqlite3").close()  # the desk schema, empty
    conn = raw_connect(folder / "limit.sqlite3", store_key(), isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    items = 0
    started = time.perf_counter()
    for page in pages:
        reports, events = [], []
        for item in page:
            s = item["report"]
            items += 1
            d = s.get("deadlines") or {}
            reports.append(
                (
                    s["id"],
                    s["tracking_id"],
                    s["title"],
                    s["body"],
                    s.get("classification"),
                    s.get("category_code"),
                    s.get("district_code"),
                    s.get("village"),
                    s.get("address"),
                    s.get("lat"),
                    s.get("lon"),
                    s.get("incident_date"),
                    s["submitted_at"],
                    s.get("channel"),
                    s["status"],
                    s.get("agency_code"),
                    s["version"],
                    d.get("verify_by"),
                    d.get("dispatch_by"),
                    d.get("respond_by"),
                    d.get("closes_at"),
                )
            )
            for pos, e in enumerate(s["events"]):
                events.append(
                    (
                        str(e["id"]),
                        s["id"],
                        pos,
                        e["kind"],
                        e.get("actor"),
                        e.get("agency_code"),
                        e.get("text"),
                        e["visibility"],
                        e["created_at"],
                        json.dumps(e.get("attachments") or []),
                    )
                )
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            "INSERT INTO reports (id, tracking_id, title, body, classification, category_code,"
            " district_code, village, address, lat, lon, incident_date, submitted_at, channel,"
            " status, agency_code, version, verify_by, dispatch_by, respond_by, closes_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            reports,
        )
        conn.executemany(
            "INSERT INTO events (id, report_id, position, kind, actor, agency_code, text,"
            " visibility, created_at, attachments) VALUES (?,?,?,?,?,?,?,?,?,?)",
            events,
        )
        conn.execute(
            "INSERT OR REPLACE INTO sync_state(key, value) VALUES ('cursor', ?)", (str(items),)
        )
        conn.execute("COMMIT")
    insert = time.perf_counter() - started
    conn.close()
    return fetch, insert, items


def main() -> int:
    with BenchServer(COUNT) as server:
        desk = BenchDesk(server)
        phases: dict[str, float] = {}
        started = time.perf_counter()

        def progress(phase: str, done: int, total: int | None) -> None:
            phases[phase] = time.perf_counter() - started  # the last call of each phase

        report = desk.engine.run_once(progress=progress)
        project = time.perf_counter() - started
        if report.error is not None:
            print(f"sync failed: {report.error!r}")
            return 1
        with desk.store.read_conn() as conn:
            local = conn.exec_driver_sql("SELECT count(*) FROM reports").scalar_one()
            fts = conn.exec_driver_sql("SELECT count(*) FROM report_fts").scalar_one()
        desk.close()
        if local != COUNT:
            print(f"wrong number of reports: {local} != {COUNT}")
            return 1
        index_started = phases.get("pull", project)  # the last page was applied
        info(f"desk: {local} reports, {report.pages} pages, {report.requests} requests")
        info(
            f"project: {project:.2f} s total; queue complete at {index_started:.2f} s, "
            f"full-text index ({fts} entries) {project - index_started:.2f} s"
        )
        info(f"bootstrap file: {'yes' if getattr(report, 'bootstrapped', False) else 'no'}")
        fetch, insert, items = raw_limit(
            server, desk.token, bool(getattr(report, "bootstrapped", False))
        )
        limit = fetch + insert
        info(
            f"limit: raw fetch {fetch:.2f} s + sqlite3 executemany {insert:.2f} s = {limit:.2f} s "
            f"({items} reports)"
        )
        info(f"without the index: {index_started:.2f} s = {index_started / limit:.2f} × limit")
    info(f"store: {_store.mode()} (LAPOR_BENCH_PLAIN=1 for the plain baseline)")
    result("sync_initial", project, limit, "s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
