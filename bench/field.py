"""A day's work over a Papua field link: 64 kB/s, 2 s round trip, the connection cut every ~30 s.

The desk starts the day up to date with 200 reports. During the day 50 new reports are dispatched
to its OPD on the server, and the officer writes 30 responses offline, 3 of them with a photo
(~60 kB each). Then, at a random moment of the link's cut cycle, the desk syncs through the fault
proxy (64 kB/s each way, 1 s latency each way, every live connection cut about every 30 s) — run
after run, as the scheduler would — until nothing is pending and the pull completed.

project: seconds from the first sync attempt until everything is through. No physical limit is
measured beside it (limit=-); the quality bar's target is ≤ 120 s, with nothing lost or duplicated,
which the script checks on the server's database (each response applied exactly once, photos
stored, the desk's queue equal to the server's).
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import BenchServer, info, result

from lapor_desk.sync.transport import RetryPolicy
from tests.e2e.world import World
from tests.support.faultproxy import FaultProxy, Faults

TARGET_S = 120
HARD_STOP_S = 400


def main() -> int:
    with BenchServer(0) as server:
        world = World(server.srv, server.tmp)
        queue = world.create_reports(200)
        with FaultProxy(("127.0.0.1", server.srv.port), seed=1708) as proxy:
            desk = world.desk(url=f"https://127.0.0.1:{proxy.port}")
            desk.retry = RetryPolicy()  # the desk's defaults
            desk.timeouts = (10.0, 30.0)
            first = desk.sync()  # the morning: up to date, on a good link
            assert first.error is None, first.error

            # The day: new reports on the server, answers written offline.
            new = world.create_reports(50, title="Laporan baru")
            photos = []
            for i in range(3):
                path = server.tmp / f"foto-{i}.jpg"
                path.write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(60_000))
                photos.append(desk.actions.attach_file(path).sha256)
            ops = []
            for i, rid in enumerate(queue[:30]):
                attach = [photos[i // 10]] if i % 10 == 0 else []
                op = desk.actions.respond(
                    rid, f"Tanggapan {i}: petugas sudah meninjau lokasi.", attachments=attach
                ).op_id
                ops.append(op)
                desk.acked.append((op, f"Tanggapan {i}: petugas sudah meninjau lokasi."))

            proxy.set(Faults(latency=1.0, bandwidth=64_000, cut_every=30.0, cut_jitter=0.3))
            # The link has been up for a while when the officer syncs: start at a random phase of
            # the cut cycle (not timed), so cuts land inside the sync rather than after it.
            time.sleep(random.Random(1708).uniform(8.0, 20.0))
            started = time.monotonic()
            rounds, errors = 0, []
            while time.monotonic() - started < HARD_STOP_S:
                rounds += 1
                r = desk.sync()
                if r.error is None and r.pending_after == 0:
                    break
                errors.append(r.error.code if r.error else "pending")
            elapsed = time.monotonic() - started
            stats = proxy.stats()
            proxy.reset_faults(live=True)

            effects = {
                op: world.sql("SELECT count(*) FROM report_events WHERE op_id = :o", o=op)[0][0]
                for op in ops
            }
            stored = {
                sha: bool(world.sql("SELECT 1 FROM attachments WHERE sha256 = :s", s=sha))
                for sha in photos
            }
            missing_new = set(new) - set(desk.reports())
            world.check(desk, converged=True)  # I1–I5 on the server's database
            desk.close()
    ok = all(n == 1 for n in effects.values()) and all(stored.values()) and not missing_new
    info(
        f"{rounds} sync run(s) ({', '.join(errors) or 'no failures'}); "
        f"{stats.cuts} cuts, {stats.bytes_up} B up, {stats.bytes_down} B down"
    )
    info(
        f"responses applied exactly once: {sum(n == 1 for n in effects.values())}/30; "
        f"photos stored: {sum(stored.values())}/3; new reports received: {50 - len(missing_new)}/50"
    )
    verdict = "ok" if elapsed <= TARGET_S and ok else "MISSED"
    info(f"{elapsed:.1f} s (target ≤ {TARGET_S} s): {verdict}")
    result("field", elapsed, None, "s")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
