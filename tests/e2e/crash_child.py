"""The desk process of the SIGKILL crash test: saves responses and syncs in a loop, through the
real `lapor-desk` command code (`lapor_desk.cli.main`), until the test kills it.

    python -m tests.e2e.crash_child REPORT_ID[,REPORT_ID...]      (password on the first line)

It starts as a "zygote": imports everything once, then for each `run TAG ACKFILE` line on stdin
forks a desk process and prints `CHILD <pid>`; the test SIGKILLs that pid at a random moment. So
each kill hits a fresh process that is already warm, and the kills land in saves and syncs rather
than in Python's start-up. `respond` acknowledges a save (`SAVED <op_id> <report_id>`, written
and flushed to ACKFILE) only after its transaction committed. Profile location and settings come
from the environment (LAPOR_DESK_DATA_DIR, LAPOR_DESK_CONFIG_DIR).
"""

from __future__ import annotations

import io
import os
import signal
import sys

from lapor_desk import cli


def desk_loop(tag: str, reports: list[str], password: str, ackfile: str) -> None:
    out = open(ackfile, "a", buffering=1, encoding="utf-8")  # noqa: SIM115 - lives until killed
    sys.stdout = out
    sys.stderr = open(os.devnull, "w")  # noqa: SIM115
    i = 0
    while True:
        i += 1
        cli.main(["respond", reports[i % len(reports)], "--text", f"{tag}-{i} tanggapan"])
        if i % 3 == 0:
            cli.main(["sync", "--password-stdin"], stdin=io.StringIO(password + "\n"))


def main() -> None:
    reports = sys.argv[1].split(",")
    password = sys.stdin.readline().strip()
    real_stdout, sys.stdout = sys.stdout, open(os.devnull, "w")  # noqa: SIM115
    cli.main(["status"])  # warm up: imports, migration check
    sys.stdout = real_stdout
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # killed children are reaped by the kernel
    print("ZYGOTE", flush=True)
    for line in sys.stdin:
        parts = line.split()
        if not parts or parts[0] != "run":
            break
        pid = os.fork()
        if pid == 0:
            try:
                desk_loop(parts[1], reports, password, parts[2])
            finally:
                os._exit(1)
        print(f"CHILD {pid}", flush=True)


if __name__ == "__main__":
    main()
