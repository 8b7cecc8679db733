"""A large officer profile for the desk benchmarks: `lapor_core.generator` reports turned into feed
snapshots, as one OPD's desk (Dinas PUPR) would receive them.

`snapshots(n)` yields snapshots with the generator's Indonesian titles, bodies and answers (so
full-text search has realistic work to do), every report at the officer's agency in a status an
officer sees, events from the planned history, and deadlines from `lapor_core.deadlines`.
`profile(n)` builds (once, cached under `.bench-data/`) a store filled with them, as an initial sync
would leave it, and returns its path.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lapor_core import deadlines  # noqa: E402
from lapor_core.calendar import MIMIKA_TZ  # noqa: E402
from lapor_core.generator import generate_reports  # noqa: E402
from lapor_core.reference import load_reference  # noqa: E402
from lapor_core.workflow import AGENCY_STATUSES, Status  # noqa: E402

AGENCY = "dinas_pupr"
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=MIMIKA_TZ)
CACHE = ROOT / ".bench-data"
OFFICER = {
    "server_url": "https://lapor.bench.invalid",
    "username": "petugas.bench",
    "role": "petugas",
    "agency_code": AGENCY,
    "display_name": "Petugas Bench",
}
_PUBLIC = {"respond", "postpone", "reporter_reply"}


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def snapshots(count: int, *, seed: int = 1708) -> Iterator[dict[str, Any]]:
    for g in generate_reports(count, seed=seed, now=NOW, months=12):
        status = g.status if g.status in AGENCY_STATUSES else Status.COMPLETED
        events = [
            {
                "id": f"b{g.index}-0",
                "kind": "submit",
                "actor": "Pelapor",
                "agency_code": None,
                "text": None,
                "visibility": "public",
                "created_at": _iso(g.submitted_at),
                "attachments": [],
            }
        ]
        dispatched = completed = None
        for n, step in enumerate(g.history, start=1):
            text = (
                step.payload.get("text") or step.payload.get("reason") or step.payload.get("note")
            )
            kind = step.action.value
            events.append(
                {
                    "id": f"b{g.index}-{n}",
                    "kind": kind,
                    "actor": "Petugas PUPR" if step.role.value == "petugas" else "Diskominfo",
                    "agency_code": AGENCY,
                    "text": text,
                    "visibility": "public" if kind in _PUBLIC else "internal",
                    "created_at": _iso(step.at),
                    "attachments": [],
                }
            )
            if kind in ("dispatch", "reassign"):
                dispatched, completed = step.at, None
            if kind == "respond" and step.payload.get("final"):
                completed = step.at
        dispatched = dispatched or g.submitted_at
        if status == Status.COMPLETED and completed is None:
            completed = datetime.fromisoformat(events[-1]["created_at"])
        due = deadlines.compute(
            submitted_at=g.submitted_at,
            now=NOW,
            verified_at=dispatched,
            dispatched_at=dispatched,
            completed_at=completed if status == Status.COMPLETED else None,
        )
        intake = g.intake
        yield {
            "id": f"bench-{g.index:07d}",
            "tracking_id": f"MMK-B{g.index:07d}",
            "title": intake["title"],
            "body": intake["body"],
            "classification": intake["classification"],
            "category_code": intake.get("category_code"),
            "district_code": intake.get("district_code"),
            "village": intake.get("village"),
            "address": intake.get("address"),
            "lat": intake.get("lat"),
            "lon": intake.get("lon"),
            "incident_date": intake.get("incident_date"),
            "submitted_at": _iso(g.submitted_at),
            "channel": intake["channel"],
            "status": status.value,
            "agency_code": AGENCY,
            "version": len(events),
            "is_anonymous": intake["is_anonymous"],
            "is_secret": intake["is_secret"],
            "reporter": None if intake["is_anonymous"] else {"name": intake["reporter"]["name"]},
            "postponed_from": "in_progress" if status == Status.POSTPONED else None,
            "deadlines": due.as_dict(),
            "events": events,
            "attachments": [],
        }


def pages(count: int, size: int = 1000, *, seed: int = 1708) -> Iterator[list[dict[str, Any]]]:
    page: list[dict[str, Any]] = []
    for snap in snapshots(count, seed=seed):
        page.append(snap)
        if len(page) == size:
            yield page
            page = []
    if page:
        yield page


def reference() -> dict[str, Any]:
    return load_reference().as_wire()


def fill(store, count: int) -> None:
    """Apply `count` snapshots page by page as an initial sync does (index deferred, then built)."""
    from lapor_desk.models import bulk, search
    from lapor_desk.models.account import Account, save_account

    with store.write_conn() as conn:
        bulk.replace_reference(conn, reference())
        save_account(conn, Account(**OFFICER))
    for page in pages(count):
        with store.write_conn() as conn:
            bulk.upsert_reports(conn, page, index=False)
    while True:
        with store.write_conn() as conn:
            if not search.reindex_pending(conn, 10_000):
                break


def profile(count: int) -> Path:
    """Path of a store with `count` reports (built once, then copied from the cache)."""
    from lapor_desk.models.store import Store

    cached = CACHE / f"desk-profile-{count}.sqlite3"
    if not cached.exists():
        CACHE.mkdir(exist_ok=True)
        started = time.perf_counter()
        partial = cached.with_suffix(".partial")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{partial}{suffix}").unlink(missing_ok=True)
        with Store.open(partial) as store:
            fill(store, count)
            store.checkpoint()
        partial.rename(cached)
        print(f"built a {count:,}-report profile in {time.perf_counter() - started:.1f} s")
    return cached


def fresh_copy(count: int, target_dir: Path) -> Path:
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / "queue.sqlite3"
    shutil.copyfile(profile(count), target)
    return target
