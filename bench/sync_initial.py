"""Initial sync of 100,000 reports into an empty desk, against its physical limit.

project: `SyncEngine.run_once()` on a fresh profile over verified HTTPS on loopback, as the desk
does it: a scope this large starts from the server's bootstrap file (format 2, the desk's rows;
one resumable GET, zstd) loaded in one transaction with the indexes and the full-text index built
afterwards (lapor_desk/models/bootload.py), then the feed from the file's cursor, the convergence
check and the WAL checkpoint, until the run returns with the queue searchable. The server's
file is made before the clock starts (the first request of a scope cuts it; every later desk of
the scope within its freshness window gets it ready) and that cut is reported on its own line.
A scope below `bootstrap_from` (or `LAPOR_BENCH_FEED=1`) reads feed pages instead.
limit (issue 17): downloading the same bytes raw — the same GETs, the compressed bytes as they
come, not decoded — plus a bare bulk insert of the same rows (decoded untimed) into the same
encrypted store: the desk's schema as the desk creates it, plain sqlite3 `executemany` of the
report, event and file rows and the cursor in one transaction, nothing else (no full-text).
Target (quality bar / issue 17): ratio ≤ 1.5 and ≤ 5 s.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _store
from _common import BenchDesk, BenchServer, info, result

COUNT = int(os.environ.get("LAPOR_BENCH_REPORTS", "100000"))


def raw_limit(server: BenchServer, token: str, bootstrapped: bool) -> tuple[float, float, int, int]:
    """(fetch seconds, insert seconds, reports, bytes on the wire) for the same bytes the desk
    received, fetched and stored raw."""
    import orjson
    import requests
    import zstandard
    from _store import key as store_key
    from _store import open_store

    from lapor_core import rows
    from lapor_desk.models import bulk
    from lapor_desk.models.store import raw_connect

    session = requests.Session()
    session.verify = server.ca
    session.headers["Authorization"] = f"Bearer {token}"
    session.headers["Accept-Encoding"] = "zstd, gzip"
    bodies: list[tuple[bytes, str | None]] = []
    wire = 0
    started = time.perf_counter()
    if bootstrapped:
        resp = session.get(
            f"{server.url}/api/v1/bootstrap",
            params={"format": 2, "min": 2000},
            timeout=300,
            verify=server.ca,
        )
        info = resp.json()
        wire += len(resp.content)
        resp = session.get(f"{server.url}{info['url']}", timeout=300, stream=True, verify=server.ca)
        resp.raise_for_status()
        raw = resp.raw.read(decode_content=False)
        wire += len(raw)
    cursor = info["cursor"] if bootstrapped else None
    while True:
        params = {"limit": 1000, "summary": "true"}
        if cursor:
            params["after"] = cursor
        resp = session.get(
            f"{server.url}/api/v1/feed", params=params, timeout=60, stream=True, verify=server.ca
        )
        resp.raise_for_status()
        body = resp.raw.read(decode_content=False)
        wire += len(body)
        bodies.append((body, resp.headers.get("Content-Encoding")))
        page = orjson.loads(_decode(body, resp.headers.get("Content-Encoding")))
        cursor = page["cursor"]
        if not page["has_more"]:
            break
    fetch = time.perf_counter() - started
    session.close()

    # Decoding is the desk's work, not the limit's: untimed here.
    report_rows: list[tuple] = []
    event_rows: list[tuple] = []
    file_rows: list[tuple] = []
    if bootstrapped:
        data = zstandard.ZstdDecompressor().decompressobj().decompress(raw)
        lines = data.split(b"\n")
        header = orjson.loads(lines[0])
        columns = header["columns"]
        for line in lines[1:]:
            if line:
                rep, evs, files = orjson.loads(line)
                report_rows.append(rep)
                event_rows.extend(evs)
                file_rows.extend(files)
    else:
        columns = {
            "reports": rows.REPORT_ROW,
            "events": rows.EVENT_ROW,
            "attachments": rows.ATTACHMENT_ROW,
        }
    for body, coding in bodies:  # the feed's snapshots (after the file: what changed since)
        for item in orjson.loads(_decode(body, coding))["items"]:
            if item["type"] == "report":
                snap = item["report"]
                report_rows.append(rows.report_values(snap))
                event_rows.extend(rows.event_values(snap))
                file_rows.extend(rows.attachment_values(snap))
    keep = [i for i, c in enumerate(columns["reports"]) if c in bulk.REPORT_COLUMNS]
    report_rows = [[r[i] for i in keep] for r in report_rows]
    rep_cols = [columns["reports"][i] for i in keep]

    folder = Path(tempfile.mkdtemp(dir=server.tmp))
    open_store(folder / "limit.sqlite3").close()  # the desk schema, empty
    conn = raw_connect(folder / "limit.sqlite3", store_key(), isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    started = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    for table, cols, values in (
        ("reports", rep_cols, report_rows),
        ("events", columns["events"], event_rows),
        ("attachments", columns["attachments"], file_rows),
    ):
        if values:
            conn.executemany(
                f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                values,
            )
    conn.execute("INSERT OR REPLACE INTO sync_state(key, value) VALUES ('cursor', ?)", (cursor,))
    conn.execute("COMMIT")
    insert = time.perf_counter() - started
    conn.close()
    return fetch, insert, len(report_rows), wire


def _decode(body: bytes, coding: str | None) -> bytes:
    from lapor_core import encoding

    return encoding.decompress(body, coding, 1 << 30) if coding else body


def _cut_file(server: BenchServer, token: str) -> float:
    """Have the server make the scope's file (what the first desk of a scope waits for)."""
    import requests

    started = time.perf_counter()
    resp = requests.get(
        f"{server.url}/api/v1/bootstrap",
        params={"format": 2, "min": 2000},
        headers={"Authorization": f"Bearer {token}"},
        verify=server.ca,
        timeout=600,
    )
    resp.raise_for_status()
    return time.perf_counter() - started


def main() -> int:
    import logging

    steps = logging.StreamHandler(sys.stdout)
    steps.setFormatter(logging.Formatter("  desk: %(message)s"))
    pull_log = logging.getLogger("lapor_desk.sync.pull")
    pull_log.addHandler(steps)
    pull_log.setLevel(logging.INFO)  # the bootstrap's steps, timed
    with BenchServer(COUNT) as server:
        desk = BenchDesk(server)
        if os.environ.get("LAPOR_BENCH_FEED") == "1":
            desk.engine.bootstrap = False
        else:
            info(f"server: the scope's bootstrap file cut in {_cut_file(server, desk.token):.2f} s")
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
        if local != COUNT or fts != COUNT:
            print(f"wrong number of reports: {local} (index {fts}) != {COUNT}")
            return 1
        info(
            f"desk: {local} reports, {report.pages} feed pages, {report.requests} requests, "
            f"{report.bytes_received / 1e6:.1f} MB received; bootstrap file: "
            f"{'yes' if report.bootstrapped else 'no'}"
        )
        loaded = phases.get("pull", project)
        info(f"project: {project:.2f} s (the load's last batch at {loaded:.2f} s)")
        fetch, insert, items, wire = raw_limit(server, desk.token, report.bootstrapped)
        limit = fetch + insert
        info(
            f"limit: raw fetch {fetch:.2f} s ({wire / 1e6:.1f} MB on the wire) + bare executemany "
            f"{insert:.2f} s = {limit:.2f} s ({items} reports)"
        )
    info(f"store: {_store.mode()} (LAPOR_BENCH_PLAIN=1 for the plain baseline)")
    result("sync_initial", project, limit, "s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
