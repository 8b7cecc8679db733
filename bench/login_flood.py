"""Login flood (issue 12 #1): 80 parallel bogus logins against one server process; how much does
its memory grow, and how slow do other users' requests get meanwhile?

Setup: a real `lapor-server serve` (HTTPS, one process, SQLite, the production argon2 profile),
300 seeded reports and a coordinator account logged in beforehand. Two phases of `--duration`
seconds each:
- `one-address`: `--attackers` threads post `POST /api/v1/session` with unknown usernames and
  random passwords as fast as the answers come, from 127.0.0.1 (the per-address limit applies);
- `many-addresses`: the same with the per-address limits lifted (`LAPOR_SERVER_LOGIN_PER_CLIENT_*`
  set very high, as if the attack came from as many addresses as threads), so only the global
  cap on concurrent hashing and its bounded queue stand in the way.
Meanwhile the coordinator polls `GET /api/v1/feed?limit=100` and `GET /api/v1/session` in a loop
on one keep-alive connection; latency is from sending to having read the whole answer.

Memory is the server process group's resident set (VmRSS from /proc), sampled every 50 ms; growth
is the peak during the flood minus the resident set just before it.
RESULT lines: the larger memory growth of the two phases (MB, limit 200) and the larger p99 of the
coordinator's requests (ms, limit 500). Exits non-zero when a limit is exceeded or a coordinator
request failed.

    .venv/bin/python bench/login_flood.py [--attackers 80] [--duration 20]
"""

from __future__ import annotations

import argparse
import secrets
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx
from _common import info, result

MEMORY_LIMIT_MB = 200.0
P99_LIMIT_MS = 500.0
PASSWORD = "kata-sandi-bench-123"


def _group_rss_mb(pid: int) -> float:
    """Resident memory of the process and its descendants, in MB."""
    total = 0
    pids = [pid]
    seen = set()
    while pids:
        p = pids.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
            pids.extend(int(c) for c in children)
        except (OSError, ValueError):
            continue
    return total / 1024


def _attack(url: str, ca: str, threads: int, seconds: float, out) -> None:  # type: ignore[no-untyped-def]
    """One attacker process: `threads` threads posting bogus logins for `seconds`."""
    import ssl

    ctx = ssl.create_default_context(cafile=ca)
    answers: Counter = Counter()
    lock = threading.Lock()
    ends = time.monotonic() + seconds

    def attacker() -> None:
        with httpx.Client(base_url=url, verify=ctx, timeout=60) as c:
            while time.monotonic() < ends:
                body = {
                    "username": "bukan-" + secrets.token_hex(4),
                    "password": secrets.token_urlsafe(12),
                }
                try:
                    code = str(c.post("/api/v1/session", json=body).status_code)
                except httpx.HTTPError as exc:
                    code = type(exc).__name__
                with lock:
                    answers[code] += 1

    pool = [threading.Thread(target=attacker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    out.put(dict(answers))


def _phase(srv, token: str, attackers: int, duration: float) -> tuple[float, float, Counter, int]:  # type: ignore[no-untyped-def]
    """(memory growth MB, coordinator p99 ms, attacker answers, coordinator errors).

    The attackers run in their own processes, so the coordinator's latency is the server's, not
    the benchmark's own interpreter lock."""
    import multiprocessing as mp

    ctx = srv.ssl_context()
    pid = srv.proc.pid
    stop = threading.Event()
    answers: Counter = Counter()
    latencies: list[float] = []
    errors = 0
    peak = 0.0

    def coordinator() -> None:
        nonlocal errors
        with httpx.Client(
            base_url=srv.url, verify=ctx, timeout=30, headers={"Authorization": f"Bearer {token}"}
        ) as c:
            while not stop.is_set():
                for path in ("/api/v1/feed?limit=100", "/api/v1/session"):
                    started = time.perf_counter()
                    try:
                        ok = c.get(path).status_code == 200
                    except httpx.HTTPError:
                        ok = False
                    latencies.append((time.perf_counter() - started) * 1000)
                    if not ok:
                        errors += 1
                time.sleep(0.05)

    time.sleep(1.0)
    baseline = _group_rss_mb(pid)
    queue: mp.Queue = mp.Queue()
    n_procs = 2 if attackers > 1 else 1
    procs = [
        mp.Process(
            target=_attack,
            args=(srv.url, str(srv.ca_path), attackers // n_procs + (i < attackers % n_procs),
                  duration, queue),
        )
        for i in range(n_procs if attackers else 0)
    ]  # fmt: skip
    for p in procs:
        p.start()
    watcher = threading.Thread(target=coordinator, daemon=True)
    watcher.start()
    ends = time.monotonic() + duration
    while time.monotonic() < ends:
        peak = max(peak, _group_rss_mb(pid))
        time.sleep(0.05)
    stop.set()
    watcher.join(timeout=60)
    for _ in procs:
        answers.update(queue.get(timeout=120))
    for p in procs:
        p.join(timeout=60)
    latencies.sort()
    p99 = latencies[max(0, int(len(latencies) * 0.99) - 1)] if latencies else float("nan")
    info(
        f"RSS before {baseline:.0f} MB, peak {peak:.0f} MB; coordinator requests "
        f"{len(latencies)}, p50 {latencies[len(latencies) // 2]:.0f} ms, p99 {p99:.0f} ms, "
        f"max {latencies[-1]:.0f} ms, errors {errors}"
    )
    info("attacker answers: " + ", ".join(f"{k}: {v}" for k, v in sorted(answers.items())))
    return peak - baseline, p99, answers, errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--attackers", type=int, default=80)
    parser.add_argument("--duration", type=float, default=20.0)
    args = parser.parse_args()

    from tests.support.servers import start_server

    growths, p99s, failures = [], [], 0
    with tempfile.TemporaryDirectory(prefix="lapor-login-flood-") as tmp:
        for phase, extra_env in (
            ("one-address", {}),
            (
                "many-addresses",
                {
                    "LAPOR_SERVER_LOGIN_PER_CLIENT_PER_MINUTE": "1000000",
                    "LAPOR_SERVER_LOGIN_PER_CLIENT_CONCURRENT": "1000000",
                },
            ),
        ):
            info(f"phase {phase}: {args.attackers} attackers for {args.duration:.0f} s")
            workdir = Path(tmp) / phase
            db_url = f"sqlite:///{workdir / 'lapor.sqlite3'}"
            env = {
                "LAPOR_SERVER_PASSWORD_HASH_PROFILE": "default",
                "LAPOR_SERVER_RUN_JOBS": "0",
                "LAPOR_SERVER_LOGIN_MAX_FAILURES": "1000000000",
                **extra_env,
            }
            srv = start_server(db_url, workdir, env=env)
            try:
                srv.admin.seed(reports=300, seed=7)
                srv.admin.add_user("koor.bench", "koordinator", password=PASSWORD)
                with httpx.Client(base_url=srv.url, verify=srv.ssl_context()) as c:
                    r = c.post(
                        "/api/v1/session", json={"username": "koor.bench", "password": PASSWORD}
                    )
                    r.raise_for_status()
                    token = r.json()["token"]
                    c.get(
                        "/api/v1/feed?limit=100", headers={"Authorization": f"Bearer {token}"}
                    ).raise_for_status()
                growth, p99, _answers, errors = _phase(srv, token, args.attackers, args.duration)
            finally:
                srv.stop()
            growths.append(growth)
            p99s.append(p99)
            failures += errors
    growth, p99 = max(growths), max(p99s)
    result("login_flood_memory_growth", growth, MEMORY_LIMIT_MB, "MB")
    result("login_flood_others_p99", p99, P99_LIMIT_MS, "ms")
    return 0 if growth <= MEMORY_LIMIT_MB and p99 <= P99_LIMIT_MS and failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
