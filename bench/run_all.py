"""Runs every benchmark script under bench/ in turn and repeats their RESULT lines at the end.

Benchmarks are not tests: each measures the project and its physical limit in the same run and
prints `RESULT name=… project=… limit=… ratio=… unit=…`. `make bench` calls this script;
`python bench/run_all.py NAME…` runs only the named ones.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    wanted = set(argv)
    scripts = sorted(p for p in HERE.glob("*.py") if not p.name.startswith(("_", "run_all")))
    if wanted:
        scripts = [p for p in scripts if p.stem in wanted]
    else:  # it runs the store benchmarks twice more: only when asked for by name
        scripts = [p for p in scripts if p.stem != "encryption_cost"]
    results, failed = [], []
    for script in scripts:
        print(f"== {script.name}", flush=True)
        started = time.monotonic()
        proc = subprocess.run(
            [sys.executable, str(script)], stdout=subprocess.PIPE, text=True, check=False
        )
        print(proc.stdout, end="")
        lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
        if proc.returncode != 0 or not lines:  # field.py and login_flood.py print two
            failed.append(script.name)
        results.extend(lines)
        print(f"   ({time.monotonic() - started:.1f} s)", flush=True)
    print("\n== summary")
    for line in results:
        print(line)
    if failed:
        print("benchmarks that failed or printed no RESULT line: " + ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
