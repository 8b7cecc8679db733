"""The cost of encrypting the desk's store: every store benchmark run twice in one go, once on the
encrypted store the desk uses (SQLCipher, `bench/_store.py`) and once on plain SQLite
(`LAPOR_BENCH_PLAIN=1`), and the ratio encrypted/plain of each RESULT.

    python bench/encryption_cost.py [--reports N] [NAME ...]

`--reports` scales `store_upsert`, `sync_initial`, `ui_queue` and `memory` (default 100,000;
`save` always uses its 10,000-report profile). Ends with
`RESULT name=encryption_cost project=<worst ratio> limit=1 ratio=<worst ratio> unit=x`.
`bench/run_all.py` leaves this script out unless it is named (it runs the others twice).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = ("store_upsert", "sync_initial", "save", "ui_queue", "memory")


def run(name: str, reports: int, plain: bool) -> dict[str, str]:
    env = {**os.environ, "LAPOR_BENCH_REPORTS": str(reports)}
    env.pop("LAPOR_BENCH_PLAIN", None)
    if plain:
        env["LAPOR_BENCH_PLAIN"] = "1"
    argv = [sys.executable, str(HERE / f"{name}.py")]
    if name == "store_upsert":
        argv.append(str(reports))
    started = time.monotonic()
    proc = subprocess.run(argv, env=env, stdout=subprocess.PIPE, text=True, check=False)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
    if proc.returncode != 0 or len(lines) != 1:
        print(proc.stdout)
        raise SystemExit(f"{name} ({'plain' if plain else 'encrypted'}) failed")
    fields = dict(part.split("=", 1) for part in lines[0].split()[1:])
    mode = "plain" if plain else "encrypted"
    print(f"  {name:13} {mode:9} {lines[0]}  ({time.monotonic() - started:.0f} s)", flush=True)
    return fields


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("names", nargs="*", choices=(*BENCHES, []), default=[])
    args = parser.parse_args()
    worst = 0.0
    for name in args.names or BENCHES:
        encrypted = run(name, args.reports, plain=False)
        plain = run(name, args.reports, plain=True)
        ratio = float(encrypted["project"]) / float(plain["project"])
        worst = max(worst, ratio)
        print(
            f"encryption cost {name}: encrypted {encrypted['project']} {encrypted['unit']}, "
            f"plain {plain['project']} {plain['unit']}, ratio {ratio:.2f}",
            flush=True,
        )
    print(f"RESULT name=encryption_cost project={worst:.2f} limit=1 ratio={worst:.2f} unit=x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
