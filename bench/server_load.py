"""Server under load: 340 officer desks polling the feed once a minute and sending a few ops,
against two server processes on one PostgreSQL, time-compressed and bounded.

Setup: a PostgreSQL cluster started by the benchmark (as the `postgres` user when we are root),
20,000 seeded reports (bench/_server.py: generated reports with their whole histories, spread over
the OPDs as the generator spreads them), 340 petugas accounts over the 20 busiest OPDs (17 desks
each; device tokens written directly, no argon2 login per desk), and two `lapor-server serve`
processes (one worker each) on two ports of 127.0.0.1 with the same TLS certificate; desks
alternate between them as they would behind a load balancer. Periodic jobs stay on, as in
production.

Each desk first has its OPD's full queue (one initial sync per OPD, whose cursor and report
versions all desks of that OPD start from), then, with one simulated minute lasting `--minute`
seconds:
- polls `GET /api/v1/feed?after=<its own cursor>` once a minute at its own phase (most polls
  return an empty page; pages with changes update its local view and cursor); like a desk's
  timer, a tick that passes while the previous sync is still running is skipped (counted);
- after a poll, with probability 1/`--op-every` (default 10), sends one `POST /api/v1/ops` with
  1–3 ops (a response — final now and then — or an internal note) on reports its OPD holds in
  `dispatched`/`in_progress`, with the version it knows.
A `conflict` (a colleague completed the report a moment earlier) is a normal outcome and counted
apart; an HTTP error, an exception or a `rejected` op is an error.

Time compression: 340 desks polling once a minute is 5.7 polls/s. The default `--minute 6`
offers ten times that (57 polls/s and about 6 op requests/s) for 60 s. `--minute 1` (340 polls/s,
60 times the real rate) is beyond what two cores can serve *and* generate: the client alone then
needs more than half of the machine (see the CPU line); use it to find where the server saturates.

The client runs in `--clients` processes (asyncio + httpx, one keep-alive connection per desk) on
the same 2 cores as the servers and PostgreSQL; the CPU each part used is printed, and so is how
late polls started against their schedule (a late client, not a slow server, would show there).
Latency is measured from sending a request to having read the whole answer; the first
`--warmup` seconds (TLS handshakes, cold caches) are not counted.
RESULT: the larger p99 of feed polls and of op requests, in ms, against the quality bar's 200 ms;
the benchmark exits non-zero when there were errors.

    .venv/bin/python bench/server_load.py [--desks 340] [--duration 60] [--minute 6]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import multiprocessing as mp
import os
import random
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _server
from _common import result

TARGET_P99_MS = 200.0
OPEN = ("dispatched", "in_progress")
RESPONSES = (
    "Terima kasih atas laporannya. Tim kami sudah meninjau lokasi dan pekerjaan perbaikan "
    "dijadwalkan minggu ini.",
    "Laporan sudah kami teruskan ke bidang teknis; petugas lapangan akan datang dalam tiga hari "
    "kerja.",
    "Perbaikan sudah selesai dikerjakan hari ini. Mohon kabari kami bila masalah muncul lagi.",
    "Kami sedang berkoordinasi dengan distrik setempat untuk menindaklanjuti laporan ini.",
)
NOTES = (
    "Sudah dicek ke lapangan, menunggu material dari gudang.",
    "Koordinasi dengan kepala kampung dijadwalkan besok pagi.",
    "Perlu persetujuan kepala bidang sebelum jawaban akhir dikirim.",
)


# -- the client process -------------------------------------------------------------------------


def _percentile(samples: list[float], q: float) -> float:
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    k = max(0, min(len(ordered) - 1, math.ceil(q / 100 * len(ordered)) - 1))
    return ordered[k]


class _Record:
    def __init__(self) -> None:
        self.poll: list[float] = []
        #: (wall-clock start, seconds) of every counted request, for the per-window line
        self.when: list[tuple[float, float]] = []
        self.ops: list[float] = []
        self.late: list[float] = []
        self.errors: list[str] = []
        self.outcomes: Counter[str] = Counter()
        self.items = 0
        self.requests = 0
        self.skipped = 0


async def _desk(
    desk: dict[str, Any],
    view: dict[str, list[Any]],
    ctx: Any,
    plan: dict[str, Any],
    rec: _Record,
) -> None:
    import httpx
    import orjson

    rng = random.Random(desk["username"])
    loop = asyncio.get_running_loop()
    # wall-clock plan → this loop's clock
    offset = loop.time() - time.time()
    start, warm_end, end = (plan[k] + offset for k in ("start", "warm_end", "end"))
    minute = plan["minute"]
    cursor = desk["cursor"]
    view = {rid: list(v) for rid, v in view.items()}  # this desk's own copy of its queue
    headers = {"Authorization": f"Bearer {desk['token']}"}
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with httpx.AsyncClient(
        base_url=desk["url"], verify=ctx, headers=headers, limits=limits, timeout=30
    ) as client:
        due = start + rng.uniform(0, minute)
        while due < end:
            await asyncio.sleep(max(0.0, due - loop.time()))
            counted = due >= warm_end
            if counted:
                rec.late.append(loop.time() - due)
            more = True
            while more:  # a busy minute may need more than one page
                t0 = time.perf_counter()
                try:
                    resp = await client.get("/api/v1/feed", params={"after": cursor, "limit": 1000})
                    body = resp.content
                except Exception as exc:
                    rec.errors.append(f"poll {desk['username']}: {type(exc).__name__}: {exc}")
                    break
                took = time.perf_counter() - t0
                rec.requests += 1
                if resp.status_code != 200:
                    rec.errors.append(
                        f"poll {desk['username']}: HTTP {resp.status_code} {body[:200]!r}"
                    )
                    break
                if counted:
                    rec.poll.append(took)
                    rec.when.append((time.time() - took, took))
                page = orjson.loads(body)
                for item in page["items"]:
                    rec.items += 1
                    if item["type"] == "report":
                        snap = item["report"]
                        view[snap["id"]] = [snap["status"], snap["version"]]
                    else:
                        view.pop(item["report_id"], None)
                cursor, more = page["cursor"], page["has_more"]
            if rng.random() < 1 / plan["op_every"]:
                await _send_ops(client, desk, view, rng, rec, counted)
            due += minute
            behind = loop.time() - due
            if behind > 0:
                # The sync took longer than a minute: like a desk's timer, skip the missed ticks
                # (an overloaded server shows here and in the latencies, the run stays bounded).
                missed = math.ceil(behind / minute)
                due += missed * minute
                if counted:
                    rec.skipped += missed


async def _send_ops(
    client: Any, desk: dict, view: dict, rng: random.Random, rec: _Record, counted: bool
) -> None:
    import orjson

    open_ids = [rid for rid, (status, _) in view.items() if status in OPEN]
    if not open_ids:
        return
    ops = []
    for rid in rng.sample(open_ids, min(len(open_ids), rng.randint(1, 3))):
        if rng.random() < 0.6:
            kind = "respond"
            payload = {"text": rng.choice(RESPONSES), "final": rng.random() < 0.15}
        else:
            kind, payload = "note", {"text": rng.choice(NOTES)}
        ops.append(
            {
                "op_id": str(uuid.uuid4()),
                "kind": kind,
                "report_id": rid,
                "base_version": view[rid][1],
                "payload": payload,
                "created_at": datetime.now(UTC).isoformat(),
            }
        )
    t0 = time.perf_counter()
    try:
        resp = await client.post(
            "/api/v1/ops",
            content=orjson.dumps({"ops": ops}),
            headers={"Content-Type": "application/json"},
        )
        body = resp.content
    except Exception as exc:
        rec.errors.append(f"ops {desk['username']}: {type(exc).__name__}: {exc}")
        return
    took = time.perf_counter() - t0
    rec.requests += 1
    if resp.status_code != 200:
        rec.errors.append(f"ops {desk['username']}: HTTP {resp.status_code} {body[:200]!r}")
        return
    if counted:
        rec.ops.append(took)
        rec.when.append((time.time() - took, took))
    for r in orjson.loads(body)["results"]:
        rec.outcomes[r["outcome"]] += 1
        if r["outcome"] == "rejected":
            rec.errors.append(
                f"ops {desk['username']}: rejected {r.get('reason')}: {r.get('detail')}"
            )


def _client_main(desks: list[dict], views: dict[str, dict], ca: str, plan: dict, out: Any) -> None:
    import ssl

    ctx = ssl.create_default_context(cafile=ca)
    rec = _Record()
    marks: list[Any] = []

    async def run() -> None:
        loop = asyncio.get_running_loop()
        # CPU used from the end of the warm-up on (not imports, handshakes)
        loop.call_at(plan["warm_end"] + loop.time() - time.time(), lambda: marks.append(os.times()))
        await asyncio.gather(*(_desk(d, views[d["agency"]], ctx, plan, rec) for d in desks))

    asyncio.run(run())
    cpu0, cpu1 = marks[0] if marks else os.times(), os.times()
    out.put(
        {
            "poll": rec.poll,
            "ops": rec.ops,
            "when": rec.when,
            "late": rec.late,
            "errors": rec.errors,
            "outcomes": dict(rec.outcomes),
            "items": rec.items,
            "requests": rec.requests,
            "skipped": rec.skipped,
            "cpu": (cpu1.user - cpu0.user) + (cpu1.system - cpu0.system),
        }
    )


# -- CPU accounting of the servers and PostgreSQL -------------------------------------------------


def _cpu_seconds(pids: list[int]) -> float:
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def _children(parent: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if ppid == parent:
                out.append(int(entry.name))
    return out


# -- the run ------------------------------------------------------------------------------------


def initial_sync(url: str, ca: str, token: str) -> tuple[str, dict[str, list[Any]]]:
    import orjson
    import requests

    view: dict[str, list[Any]] = {}
    with requests.Session() as session:
        session.trust_env = False  # REQUESTS_CA_BUNDLE would replace our CA; no proxies
        session.verify = ca
        session.headers["Authorization"] = f"Bearer {token}"
        cursor = None
        while True:
            params: dict[str, Any] = {"limit": 1000}
            if cursor:
                params["after"] = cursor
            resp = session.get(f"{url}/api/v1/feed", params=params, timeout=120)
            resp.raise_for_status()
            page = orjson.loads(resp.content)
            for item in page["items"]:
                if item["type"] == "report":
                    view[item["report"]["id"]] = [
                        item["report"]["status"],
                        item["report"]["version"],
                    ]
                else:
                    view.pop(item["report_id"], None)
            cursor = page["cursor"]
            if not page["has_more"]:
                return cursor, view


def main(argv: list[str]) -> int:
    import sqlalchemy as sa

    from lapor_core.workflow import AGENCY_STATUSES
    from lapor_server.db import Database
    from lapor_server.models import Report
    from tests.support.servers import make_tls, start_server

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--desks", type=int, default=340)
    p.add_argument("--agencies", type=int, default=20)
    p.add_argument("--reports", type=int, default=20_000)
    p.add_argument("--duration", type=float, default=60.0, help="measured seconds of load")
    p.add_argument("--warmup", type=float, default=5.0, help="seconds of load not counted")
    p.add_argument("--minute", type=float, default=6.0, help="seconds one simulated minute lasts")
    p.add_argument("--op-every", type=float, default=10.0, help="one op request per N polls")
    p.add_argument("--clients", type=int, default=2, help="client processes")
    p.add_argument("--servers", type=int, default=2, help="server processes")
    args = p.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="lapor-bench-load-"))
    cluster, servers = None, []
    try:
        source = _server.seeded_sqlite(args.reports)
        cluster = _server.start_postgres()
        db_url = cluster.create_database("loadbench")
        started = time.perf_counter()
        _server.copy_reports(f"sqlite:///{source}", db_url)
        _server.info(
            f"PostgreSQL on port {cluster.port}: {args.reports:,} seeded reports copied in "
            f"{time.perf_counter() - started:.1f} s"
        )
        db = Database(db_url, pool_size=1)
        with db.read() as s:
            r = Report.__table__.c
            busiest = s.execute(
                sa.select(r.agency_code, sa.func.count())
                .where(
                    r.status.in_([st.value for st in AGENCY_STATUSES]),
                    r.agency_code.is_not(None),  # postponed by the coordinator before dispatch
                )
                .group_by(r.agency_code)
                .order_by(sa.func.count().desc(), r.agency_code)
                .limit(args.agencies)
            ).all()
        db.dispose()
        agencies = [code for code, _ in busiest]
        accounts = [
            (f"petugas.{agencies[i % len(agencies)]}.{i // len(agencies):02d}", "petugas",
             agencies[i % len(agencies)])
            for i in range(args.desks)
        ]  # fmt: skip
        tokens = _server.add_desks(db_url, accounts)

        (tmp / "tls").mkdir()
        tls = make_tls(tmp / "tls")
        for i in range(args.servers):
            servers.append(start_server(db_url, tmp / f"server{i}", tls=tls))
        ca = str(tls.ca)
        print(
            f"server_load: {args.desks} desks over {len(agencies)} OPDs, {args.servers} server "
            f"processes ({', '.join(s.url for s in servers)}) on one PostgreSQL, "
            f"{args.clients} client processes; 1 simulated minute = {args.minute:g} s "
            f"({args.desks / args.minute:.0f} polls/s offered, "
            f"{60 / args.minute:g}× the real rate), {args.duration:g} s measured "
            f"after {args.warmup:g} s warm-up",
            flush=True,
        )

        started = time.perf_counter()
        first_desk = {}
        for username, _, agency in accounts:
            first_desk.setdefault(agency, username)
        start_state = {}
        for n, (agency, username) in enumerate(first_desk.items()):
            start_state[agency] = initial_sync(servers[n % len(servers)].url, ca, tokens[username])
        held = sum(len(v) for _, v in start_state.values())
        print(
            f"  initial sync of the {len(agencies)} OPD queues ({held:,} reports, "
            f"{min(len(v) for _, v in start_state.values())}–"
            f"{max(len(v) for _, v in start_state.values())} per OPD): "
            f"{time.perf_counter() - started:.1f} s",
            flush=True,
        )

        desks = [
            {
                "username": username,
                "agency": agency,
                "token": tokens[username],
                "url": servers[i % len(servers)].url,
                "cursor": start_state[agency][0],
            }
            for i, (username, _, agency) in enumerate(accounts)
        ]
        views = {agency: v for agency, (_, v) in start_state.items()}
        begin = time.time() + 2.0  # time for the client processes to start
        plan = {
            "start": begin,
            "warm_end": begin + args.warmup,
            "end": begin + args.warmup + args.duration,
            "minute": args.minute,
            "op_every": args.op_every,
        }
        server_pids = [s.proc.pid for s in servers if s.proc is not None]
        postmaster = int((cluster.datadir / "postmaster.pid").read_text().split()[0])
        ctx = mp.get_context("spawn")
        out = ctx.Queue()
        procs = [
            ctx.Process(
                target=_client_main,
                args=(desks[k :: args.clients], views, ca, plan, out),
                daemon=True,
            )
            for k in range(args.clients)
        ]
        for proc in procs:
            proc.start()
        time.sleep(max(0.0, plan["warm_end"] - time.time()))
        pg_pids = [*_children(postmaster), postmaster]
        cpu_srv0, cpu_pg0, t0 = _cpu_seconds(server_pids), _cpu_seconds(pg_pids), time.time()
        load0 = os.getloadavg()[0]
        time.sleep(max(0.0, plan["end"] - time.time()))
        pg_pids = sorted(set(pg_pids) | set(_children(postmaster)))
        cpu_srv1, cpu_pg1, t1 = _cpu_seconds(server_pids), _cpu_seconds(pg_pids), time.time()
        load1 = os.getloadavg()[0]
        parts = [out.get(timeout=120) for _ in procs]
        for proc in procs:
            proc.join(timeout=30)
    finally:
        for srv in servers:
            srv.stop()
        if cluster is not None:
            cluster.stop()
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)

    poll = [x for part in parts for x in part["poll"]]
    ops = [x for part in parts for x in part["ops"]]
    late = [x for part in parts for x in part["late"]]
    errors = [e for part in parts for e in part["errors"]]
    outcomes: Counter[str] = Counter()
    for part in parts:
        outcomes.update(part["outcomes"])
    requests_total = sum(part["requests"] for part in parts)
    items = sum(part["items"] for part in parts)
    client_cpu = sum(part["cpu"] for part in parts)
    span = t1 - t0

    def line(label: str, samples: list[float]) -> str:
        if not samples:
            return f"  {label:<11} no samples"
        return (
            f"  {label:<11} {len(samples):6d} requests ({len(samples) / args.duration:6.1f}/s)  "
            + "  ".join(
                f"{name} {value * 1000:7.1f} ms"
                for name, value in (
                    ("p50", _percentile(samples, 50)),
                    ("p90", _percentile(samples, 90)),
                    ("p99", _percentile(samples, 99)),
                    ("max", max(samples)),
                )
            )
        )

    print(line("feed polls", poll))
    print(line("op requests", ops))
    print(
        f"  ops: {sum(outcomes.values())} "
        f"({', '.join(f'{k} {v}' for k, v in sorted(outcomes.items()))}); "
        f"{items:,} feed items delivered; {requests_total:,} requests in all (warm-up included)"
    )
    when = sorted(x for part in parts for x in part["when"])
    windows: dict[int, list[float]] = {}
    for started_at, took in when:
        windows.setdefault(int((started_at - t0) // 10), []).append(took)
    print(
        "  p99 per 10 s of the run (ms): "
        + " ".join(f"{_percentile(w, 99) * 1000:.0f}" for _, w in sorted(windows.items()))
    )
    skipped = sum(part["skipped"] for part in parts)
    print(
        f"  client schedule lag: p50 {_percentile(late, 50) * 1000:.1f} ms, "
        f"p99 {_percentile(late, 99) * 1000:.1f} ms (large: the client process was starved); "
        f"polls skipped because the previous sync outlasted the minute: {skipped}"
    )
    print(
        f"  CPU during the measured {span:.0f} s (cores): "
        f"servers {(cpu_srv1 - cpu_srv0) / span:.2f}, "
        f"PostgreSQL {(cpu_pg1 - cpu_pg0) / span:.2f}, client {client_cpu / span:.2f} "
        f"(of {os.cpu_count()}); load average {load0:.1f} → {load1:.1f} (other work on the machine "
        f"competes too)"
    )
    p99 = max(_percentile(poll, 99), _percentile(ops, 99)) * 1000
    verdict = "meets" if p99 <= TARGET_P99_MS and not errors and not skipped else "MISSES"
    print(
        f"  p99 {p99:.1f} ms vs target {TARGET_P99_MS:.0f} ms, {len(errors)} errors, "
        f"{skipped} skipped polls: {verdict}"
    )
    if errors:
        print(f"\n  !!! {len(errors)} ERRORS !!!", flush=True)
        for e in errors[:20]:
            print(f"  !!! {e}")
        if len(errors) > 20:
            print(f"  !!! ... and {len(errors) - 20} more")
    result("server_load", p99, TARGET_P99_MS, "ms")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
