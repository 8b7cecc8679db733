"""Shared pieces of the sync benchmarks: the RESULT line, a real HTTPS server on a seeded database,
and desks (store + sync engine) pointed at it.

Seeding: `server_db(n)` builds (once, cached under `.bench-data/`) a server SQLite database with `n`
reports dispatched to one OPD, using the server's own migrations and tables and the realistic
Indonesian reports of `bench/_desk_profile.py` (lapor_core.generator), written with Core
executemany — replaying 100,000 histories through the op engine would take many minutes. Each
benchmark serves a fresh copy, so runs do not disturb each other.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

CACHE = ROOT / ".bench-data"
PASSWORD = "kata-sandi-bench-123"
AGENCY = "dinas_pupr"
OFFICER = "petugas.bench"


def result(name: str, project: float | None, limit: float | None, unit: str) -> None:
    """Print the one RESULT line of a benchmark (`limit=None` → `limit=- ratio=-`)."""
    if project is None:
        print(f"RESULT name={name} project=- limit=- ratio=- unit={unit}", flush=True)
        return
    if limit is None or limit <= 0:
        print(f"RESULT name={name} project={project:.4g} limit=- ratio=- unit={unit}", flush=True)
        return
    print(
        f"RESULT name={name} project={project:.4g} limit={limit:.4g} "
        f"ratio={project / limit:.3g} unit={unit}",
        flush=True,
    )


def info(text: str) -> None:
    print(f"  {text}", flush=True)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


# -- the server ----------------------------------------------------------------------------------


def _seed(url: str, count: int) -> None:
    import sqlalchemy as sa
    from _desk_profile import snapshots

    from lapor_server import encoded
    from lapor_server.db import Database, upgrade
    from lapor_server.models import FeedCounter, Report, ReportEvent
    from lapor_server.reference import seed_reference

    upgrade(url)
    db = Database(url, pool_size=1)
    try:
        with db.write() as s:
            seed_reference(s)
        now = datetime.now(UTC)
        reports, events, seq = [], [], 0
        for snap in snapshots(count):
            seq += 1
            rid = str(uuid.UUID(int=seq, version=4))
            when = datetime.fromisoformat(snap["submitted_at"]).astimezone(UTC)
            reports.append(
                {
                    "id": rid,
                    "tracking_id": f"MMK-B{seq:07d}",
                    "title": snap["title"][:300],
                    "body": snap["body"],
                    "classification": snap.get("classification") or "pengaduan",
                    "category_code": snap.get("category_code"),
                    "district_code": snap.get("district_code"),
                    "village": snap.get("village"),
                    "address": snap.get("address"),
                    "submitted_at": when,
                    "channel": snap.get("channel") or "web",
                    "status": snap["status"],
                    "agency_code": AGENCY,
                    "postponed_from": snap.get("postponed_from"),
                    "version": max(1, len(snap["events"])),
                    "is_anonymous": bool(snap.get("is_anonymous")),
                    "is_secret": bool(snap.get("is_secret")),
                    "reporter_name": None if snap.get("is_anonymous") else "Warga Mimika",
                    "pauses": [],
                    "created_at": when,
                    "updated_at": now,
                    "feed_seq": seq,
                }
            )
            for v, e in enumerate(snap["events"], start=1):
                events.append(
                    {
                        "report_id": rid,
                        "kind": e["kind"],
                        "actor": e.get("actor") or "Sistem",
                        "actor_role": "reporter" if e["kind"] == "submit" else "petugas",
                        "agency_code": e.get("agency_code"),
                        "text": e.get("text"),
                        "visibility": e.get("visibility") or "internal",
                        "data": {},
                        "created_at": datetime.fromisoformat(e["created_at"]).astimezone(UTC),
                        "version": v,
                    }
                )
            if len(reports) >= 5000:
                _flush(db, reports, events)
        _flush(db, reports, events)
        with db.write() as s:
            s.execute(sa.update(FeedCounter.__table__).where(FeedCounter.id == 1).values(value=seq))
            if s.execute(sa.select(FeedCounter.value)).scalar() is None:
                s.execute(sa.insert(FeedCounter.__table__).values(id=1, value=seq))
        # Core inserts bypass the write hook: encode the snapshots as migration 0005 would have.
        with db.write() as s:
            encoded.backfill(s)
        _ = Report, ReportEvent
    finally:
        db.dispose()


def _flush(db: Any, reports: list[dict[str, Any]], events: list[dict[str, Any]]) -> None:
    import sqlalchemy as sa

    from lapor_server.models import Report, ReportEvent

    if not reports:
        return
    with db.write() as s:
        s.execute(sa.insert(Report.__table__), reports)
        if events:
            s.execute(sa.insert(ReportEvent.__table__), events)
    reports.clear()
    events.clear()


def server_db(count: int) -> Path:
    """A seeded server database with `count` reports at AGENCY (built once, then cached)."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"server-v2-{count}.sqlite3"  # v2: with the pre-encoded snapshots
    if not path.exists():
        started = time.monotonic()
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        _seed(f"sqlite:///{partial}", count)
        partial.rename(path)
        info(f"seeded a server database with {count} reports in {time.monotonic() - started:.0f} s")
    return path


class BenchServer:
    """A running server on a private copy of a seeded database, with the bench officer."""

    def __init__(self, count: int, *, env: dict[str, str] | None = None):
        from tests.support.servers import start_server

        self.tmp = Path(tempfile.mkdtemp(prefix="lapor-bench-"))
        db = self.tmp / "lapor.sqlite3"
        self.db_url = f"sqlite:///{db}"
        if count:
            shutil.copy(server_db(count), db)
            from _server import encode_snapshots

            encode_snapshots(self.db_url)
        self.srv = start_server(self.db_url, self.tmp / "server", env=env)
        if not count:
            self.srv.admin.seed(0)
        self.srv.admin.add_user(OFFICER, "petugas", agency=AGENCY, password=PASSWORD)
        self.srv.admin.add_user("koord.bench", "koordinator", password=PASSWORD)
        self.url = self.srv.url
        self.ca = str(self.srv.ca_path)

    def token(self, username: str = OFFICER) -> str:
        return self.srv.login(username, PASSWORD)

    def close(self) -> None:
        self.srv.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self) -> BenchServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class BenchDesk:
    """A desk profile (fresh store) with its actions and engine, reaching `url`."""

    def __init__(
        self,
        server: BenchServer,
        *,
        url: str | None = None,
        username: str = OFFICER,
        **transport: Any,
    ):
        from _store import open_store

        from lapor_desk.services.actions import DeskActions
        from lapor_desk.sync.credentials import CredentialStore, MemoryCredentials
        from lapor_desk.sync.engine import SyncEngine
        from lapor_desk.sync.transport import Transport

        self.server = server
        self.url = url or server.url
        self.transport_kw = transport
        with Transport(server.url, ca_bundle=server.ca) as t:
            info_ = CredentialStore().login(t, username, PASSWORD, "bench", remember=False)
        self.account = info_.account.__class__(
            self.url,
            info_.account.username,
            info_.account.role,
            info_.account.agency_code,
            info_.account.display_name,
        )
        self.token = info_.token
        self.dir = Path(tempfile.mkdtemp(prefix="lapor-bench-desk-", dir=server.tmp))
        self.store = open_store(self.dir / "queue.sqlite3")
        self.actions = DeskActions(self.store, self.account)
        self.engine = SyncEngine(
            self.store, self.transport, MemoryCredentials(self.token), self.account
        )

    def transport(self, cancel: threading.Event):
        from lapor_desk.sync.transport import Transport

        return Transport(self.url, ca_bundle=self.server.ca, cancel=cancel, **self.transport_kw)

    def close(self) -> None:
        self.store.close()
