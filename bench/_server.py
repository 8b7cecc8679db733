"""Shared pieces of the server benchmarks (`server_feed.py`, `server_load.py`).

- `seed(url, count)`: realistic reports straight into the server's tables (SQLite or PostgreSQL).
  Reports come from `lapor_core.generator`; each planned history is replayed in memory through the
  shared workflow rules (`lapor_core.workflow.transition`) and deadlines come from
  `lapor_core.deadlines.compute`, so statuses, agencies, timelines, versions, pauses, tombstones
  and deadlines are what live use would leave behind — but the rows are written with SQLAlchemy
  Core bulk inserts. Replaying 100,000 histories through the op engine takes many minutes.
  Completed reports past their reply window are closed as the periodic job would have done.
- `seeded_sqlite(count)`: that database built once and cached under `.bench-data/`.
- `add_desks(...)`: desk accounts with device tokens written directly (no argon2 login per desk).
- `start_postgres()`: a throw-away PostgreSQL cluster (tests/support/postgres.py; runs as the
  `postgres` user when we are root).
- `StaticServer`: the real application (`create_app`) plus a static-file mount `/bench-static`,
  served by uvicorn over TLS in one subprocess — so the feed and its physical limit (the same bytes
  as files) are measured on the same server process. Run as `python bench/_server.py serve-static`.
"""

from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from lapor_core.calendar import MIMIKA_TZ, WorkingCalendar, local_date  # noqa: E402
from lapor_core.deadlines import Pause, compute  # noqa: E402
from lapor_core.events import PUBLIC_KINDS  # noqa: E402
from lapor_core.workflow import (  # noqa: E402
    Action,
    Actor,
    NotAllowed,
    ReportState,
    Role,
    Status,
    transition,
)

CACHE = ROOT / ".bench-data"
#: bump when the seeded content changes, so stale cached databases are not reused
SEED_VERSION = 2  # 2: the pre-encoded snapshots (report_snapshots) are filled too
SEED = 1708
COORDINATOR_NAME = "Koordinator Diskominfo"
_BATCH = 2000


def info(text: str) -> None:
    print(f"  {text}", flush=True)


def bench_now() -> datetime:
    """'Now' for seeding: today 10:00 in Mimika (deadlines relative to the day of the run)."""
    return datetime.now(MIMIKA_TZ).replace(hour=10, minute=0, second=0, microsecond=0)


def report_id(index: int) -> str:
    """Stable report id of the generated report `index` (duplicates refer to earlier ones)."""
    return str(uuid.UUID(int=(0xB3 << 120) | index, version=4))


# -- replaying a generated report ---------------------------------------------------------------


def _replay(g: Any, now: datetime, calendar: Any, names: dict[str, str]) -> tuple[dict, list, list]:
    """(report row, event rows, [(agency, reason, event version)] tombstones) of one report."""
    rid = report_id(g.index)
    intake = g.intake
    reporter = intake.get("reporter") or {}
    submitted = g.submitted_at.astimezone(UTC)
    events: list[dict[str, Any]] = [
        _event(rid, "submit", "Pelapor", "reporter", None, None, {}, submitted, 1)
    ]
    state = ReportState(Status.UNVERIFIED)
    verified_at = dispatched_at = completed_at = None
    pauses: list[list[str | None]] = []
    archive_reason = duplicate_of = None
    changes: dict[str, Any] = {}
    tombs: list[tuple[str, str, int]] = []
    for step in g.history:
        action, role = Action(step.action), Role(step.role)
        agency = step.agency_code or state.agency_code
        actor = Actor(role, agency if role == Role.PETUGAS else None)
        payload = step.payload_for(report_id)
        try:
            tr = transition(
                actor,
                action,
                state,
                target_agency=payload.get("agency_code"),
                final=bool(payload.get("final")),
            )
        except NotAllowed:
            continue  # a planned step that does not fit (as the seeder would skip it)
        at = step.at.astimezone(UTC)
        text, data, event_agency = None, {}, state.agency_code
        match action:
            case Action.VERIFY:
                verified_at = at
                changes = {k: payload[k] for k in payload if k != "title"}
                data, text = {"changes": changes}, "Laporan diverifikasi."
            case Action.ARCHIVE:
                archive_reason, duplicate_of = payload["reason"], payload.get("duplicate_of")
                data = {"reason": archive_reason, "duplicate_of": duplicate_of}
                text = payload.get("note")
            case Action.DISPATCH:
                dispatched_at, verified_at = at, verified_at or at
                event_agency, data = payload["agency_code"], {"to": tr.agency_code}
                text = payload.get("note")
            case Action.REASSIGN:
                dispatched_at, completed_at = at, None
                event_agency = payload["agency_code"]
                data, text = {"from": state.agency_code, "to": tr.agency_code}, payload["reason"]
            case Action.RETURN:
                dispatched_at = completed_at = None
                data = {"suggested_agency_code": payload.get("suggested_agency_code")}
                text = payload["reason"]
            case Action.RESPOND:
                text, data = payload["text"], {"final": bool(payload.get("final"))}
                if payload.get("final"):
                    completed_at = at
            case Action.NOTE | Action.POSTPONE | Action.REPORTER_REPLY:
                text = payload.get("text")
        if state.status != Status.POSTPONED and tr.status == Status.POSTPONED:
            pauses.append([at.isoformat(), None])
        elif state.status == Status.POSTPONED and tr.status != Status.POSTPONED and pauses:
            pauses[-1][1] = at.isoformat()
        if role == Role.KOORDINATOR:
            name = COORDINATOR_NAME
        elif role == Role.PETUGAS:
            name = f"Petugas {names.get(agency or '', agency)}"
        else:
            name = "Pelapor" if role == Role.REPORTER else "Sistem"
        version = len(events) + 1
        events.append(
            _event(rid, action.value, name, role.value, event_agency, text, data, at, version)
        )
        if tr.leaves_agency:
            tombs.append(
                (
                    tr.leaves_agency,
                    "reassigned" if action == Action.REASSIGN else "returned",
                    version,
                )
            )
        state = ReportState(tr.status, tr.agency_code, tr.postponed_from)

    def deadlines(moment: datetime) -> Any:
        return compute(
            submitted_at=submitted,
            now=moment,
            verified_at=verified_at,
            dispatched_at=dispatched_at,
            completed_at=completed_at,
            pauses=[
                Pause(datetime.fromisoformat(a), datetime.fromisoformat(b) if b else None)
                for a, b in pauses
            ],
            calendar=calendar,
        )

    due = deadlines(now)
    closed_at = None
    if state.status == Status.COMPLETED and due.closes_at and due.closes_at < local_date(now):
        # what the periodic job did the morning after the reply window ended
        closed_at = datetime.combine(
            due.closes_at + timedelta(days=1), datetime.min.time(), MIMIKA_TZ
        ).astimezone(UTC) + timedelta(minutes=10)
        events.append(
            _event(
                rid, "close", "Sistem", "system", state.agency_code, None, {}, closed_at,
                len(events) + 1,
            )
        )  # fmt: skip
    incident = intake.get("incident_date")
    row = {
        "id": rid,
        "tracking_id": f"MMK-{g.submitted_at:%y%m}-{g.index:06d}",
        "title": intake["title"][:300],
        "body": intake["body"],
        "classification": intake.get("classification") or "pengaduan",
        "category_code": changes.get("category_code", intake.get("category_code")),
        "district_code": changes.get("district_code", intake.get("district_code")),
        "village": changes.get("village", intake.get("village")),
        "address": intake.get("address"),
        "lat": intake.get("lat"),
        "lon": intake.get("lon"),
        "incident_date": date.fromisoformat(incident) if isinstance(incident, str) else incident,
        "submitted_at": submitted,
        "channel": intake.get("channel") or "web",
        "status": state.status.value,
        "agency_code": state.agency_code,
        "postponed_from": state.postponed_from.value if state.postponed_from else None,
        "version": len(events),
        "is_anonymous": bool(changes.get("is_anonymous", intake.get("is_anonymous"))),
        "is_secret": bool(changes.get("is_secret", intake.get("is_secret"))),
        "reporter_name": reporter.get("name"),
        "reporter_phone": reporter.get("phone"),
        "reporter_email": reporter.get("email"),
        "archive_reason": archive_reason,
        "duplicate_of": duplicate_of,
        "verified_at": verified_at,
        "dispatched_at": dispatched_at,
        "completed_at": completed_at,
        "closed_at": closed_at,
        "pauses": pauses,
        "verify_by": due.verify_by,
        "dispatch_by": due.dispatch_by,
        "respond_by": due.respond_by,
        "closes_at": due.closes_at,
        "created_at": submitted,
        "updated_at": events[-1]["created_at"],
    }
    return row, events, tombs


def _event(
    rid: str,
    kind: str,
    actor: str,
    actor_role: str,
    agency: str | None,
    text: str | None,
    data: dict[str, Any],
    at: datetime,
    version: int,
) -> dict[str, Any]:
    return {
        "report_id": rid,
        "kind": kind,
        "actor": actor,
        "actor_role": actor_role,
        "agency_code": agency,
        "text": text,
        "visibility": "public" if kind in PUBLIC_KINDS else "internal",
        "data": data,
        "created_at": at,
        "version": version,
    }


def generated(count: int, now: datetime) -> Iterator[tuple[dict, list, list]]:
    from lapor_core.generator import generate_reports
    from lapor_core.reference import load_reference

    names = {a.code: a.short_name or a.name for a in load_reference().agencies}
    calendar = WorkingCalendar()
    for g in generate_reports(count, seed=SEED, now=now, months=12):
        yield _replay(g, now, calendar, names)


# -- writing ------------------------------------------------------------------------------------


def seed(url: str, count: int, *, now: datetime | None = None) -> dict[str, int]:
    """Migrate `url`, load the reference data and `count` reports; returns row counts."""
    import sqlalchemy as sa

    from lapor_server import encoded
    from lapor_server.db import Database, upgrade
    from lapor_server.models import FeedCounter, Report, ReportEvent, ScopeChange
    from lapor_server.reference import seed_reference

    now = now or bench_now()
    upgrade(url)
    db = Database(url, pool_size=1)
    reports: list[dict] = []
    events: list[dict] = []
    tombs: list[dict] = []
    totals = {"reports": 0, "events": 0, "tombstones": 0}

    def flush() -> None:
        if not reports:
            return
        with db.write() as s:
            s.execute(sa.insert(Report.__table__), reports)
            s.execute(sa.insert(ReportEvent.__table__), events)
            if tombs:
                s.execute(sa.insert(ScopeChange.__table__), tombs)
        totals["reports"] += len(reports)
        totals["events"] += len(events)
        totals["tombstones"] += len(tombs)
        reports.clear(), events.clear(), tombs.clear()

    try:
        with db.write() as s:
            seed_reference(s)
            seq = s.scalar(sa.select(FeedCounter.value).where(FeedCounter.id == 1)) or 0
        for row, evs, tbs in generated(count, now):
            for agency, reason, version in tbs:
                seq += 1  # the tombstone's position: the change that moved the report
                tombs.append(
                    {
                        "seq": seq,
                        "report_id": row["id"],
                        "agency_code": agency,
                        "reason": reason,
                        "created_at": evs[version - 1]["created_at"],
                    }
                )
            seq += 1
            row["feed_seq"] = seq
            reports.append(row)
            events.extend(evs)
            if len(reports) >= _BATCH:
                flush()
        flush()
        with db.write() as s:
            s.execute(sa.update(FeedCounter.__table__).where(FeedCounter.id == 1).values(value=seq))
        # Rows written with Core bypass the write hook: encode them as the migration would have
        # for reports that existed before it (lapor_server.encoded.backfill).
        started = time.perf_counter()
        with db.write() as s:
            encoded.backfill(s)
        info(f"encoded the snapshots in {time.perf_counter() - started:.0f} s")
    finally:
        db.dispose()
    return totals


def encode_snapshots(db_url: str) -> None:
    """Bring the pre-encoded snapshots of a copied database up to this server's rules (a no-op
    when the cache was built by the same code): not timed, as a deployed server's job does it."""
    from lapor_server import encoded
    from lapor_server.db import Database, upgrade

    upgrade(db_url)
    db = Database(db_url, pool_size=1)
    try:
        started = time.perf_counter()
        with db.write() as s:
            done = encoded.backfill(s)
        if done:
            info(f"re-encoded {done:,} snapshots in {time.perf_counter() - started:.0f} s")
    finally:
        db.dispose()


def seeded_sqlite(count: int) -> Path:
    """A server SQLite database with `count` seeded reports (built once, then cached)."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"server-bench-v{SEED_VERSION}-{count}.sqlite3"
    if not path.exists():
        started = time.perf_counter()
        partial = path.with_suffix(".partial")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{partial}{suffix}").unlink(missing_ok=True)
        totals = seed(f"sqlite:///{partial}", count)
        _checkpoint(partial)
        partial.rename(path)
        info(
            f"seeded {totals['reports']:,} reports, {totals['events']:,} events, "
            f"{totals['tombstones']:,} tombstones in {time.perf_counter() - started:.0f} s "
            f"(cached as {path.relative_to(ROOT)})"
        )
    return path


def copy_reports(src_url: str, dst_url: str) -> None:
    """Copy the seeded reports, events and tombstones of `src_url` into a fresh PostgreSQL
    database (`COPY`, much faster than generating them again), with its counters in step."""
    import sqlalchemy as sa
    from psycopg.types.json import Jsonb

    from lapor_server.db import Database, upgrade
    from lapor_server.models import FeedCounter, Report, ReportEvent, ScopeChange
    from lapor_server.reference import seed_reference

    upgrade(dst_url)
    src, dst = Database(src_url, pool_size=1), Database(dst_url, pool_size=1)
    try:
        with dst.write() as s:
            seed_reference(s)
        with src.read() as rs, dst.engine.begin() as conn:
            cur = conn.connection.driver_connection.cursor()
            for model in (Report, ReportEvent, ScopeChange):
                table = model.__table__
                names = [c.name for c in table.columns]
                json_at = [i for i, c in enumerate(table.columns) if isinstance(c.type, sa.JSON)]
                with cur.copy(f"COPY {table.name} ({', '.join(names)}) FROM STDIN") as copy:
                    for row in rs.execute(sa.select(*table.columns)).yield_per(5000):
                        values = list(row)
                        for i in json_at:
                            values[i] = Jsonb(values[i])
                        copy.write_row(values)
            for table in ("report_events", "scope_changes"):
                cur.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
                )
            top = rs.scalar(sa.select(FeedCounter.value).where(FeedCounter.id == 1))
            conn.execute(
                sa.update(FeedCounter.__table__).where(FeedCounter.id == 1).values(value=top)
            )
            cur.execute("ANALYZE")
    finally:
        src.dispose()
        dst.dispose()


def _checkpoint(path: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


# -- accounts -----------------------------------------------------------------------------------


def add_desks(
    url: str, accounts: list[tuple[str, str, str | None]], *, now: datetime | None = None
) -> dict[str, str]:
    """Create (username, role, agency) accounts with one device token each; {username: token}.

    Written directly: a real login per desk is one argon2 hash each, which is not what we measure.
    """
    import sqlalchemy as sa

    from lapor_server.auth import hash_password, token_hash
    from lapor_server.db import Database
    from lapor_server.models import DeviceToken, User

    now = now or datetime.now(UTC)
    password_hash = hash_password("kata-sandi-bench-123", "fast")
    tokens = {username: secrets.token_urlsafe(32) for username, _, _ in accounts}
    db = Database(url, pool_size=1)
    try:
        with db.write() as s:
            s.execute(
                sa.insert(User.__table__),
                [
                    {
                        "username": username,
                        "display_name": username.replace(".", " ").title(),
                        "role": role,
                        "agency_code": agency,
                        "password_hash": password_hash,
                        "disabled": False,
                        "created_at": now,
                    }
                    for username, role, agency in accounts
                ],
            )
            ids = dict(s.execute(sa.select(User.username, User.id)).all())
            s.execute(
                sa.insert(DeviceToken.__table__),
                [
                    {
                        "user_id": ids[username],
                        "token_hash": token_hash(token),
                        "device_name": f"bench {username}",
                        "created_at": now,
                        "last_seen_at": now,
                        "expires_at": now + timedelta(days=30),
                    }
                    for username, token in tokens.items()
                ],
            )
    finally:
        db.dispose()
    return tokens


# -- PostgreSQL ---------------------------------------------------------------------------------


def start_postgres():  # type: ignore[no-untyped-def]
    """A running throw-away cluster (stopped at exit) — tests/support/postgres.py."""
    from tests.support.postgres import PostgresCluster, find_bindir

    bindir = find_bindir()
    if bindir is None:
        raise SystemExit("PostgreSQL binaries not found (set LAPOR_TEST_PG_BINDIR)")
    return PostgresCluster(bindir).start()


# -- the server with a static mount -------------------------------------------------------------


def _static_server_class():  # type: ignore[no-untyped-def]
    from tests.support.servers import RunningServer

    class StaticServer(RunningServer):
        """`RunningServer`, but started through this module's `serve-static` entry point."""

        static_dir: Path = Path()

        def start(self) -> StaticServer:
            cmd = [
                sys.executable,
                str(Path(__file__).resolve()),
                "serve-static",
                "--port",
                str(self.port),
                "--cert",
                str(self.tls.cert),
                "--key",
                str(self.tls.key),
                "--static-dir",
                str(self.static_dir),
            ]
            env = self._child_env()
            env["LAPOR_SERVER_DB_URL"] = self.db_url
            env["LAPOR_SERVER_ATTACHMENTS_DIR"] = str(self.attachments_dir)
            self.starts += 1
            with self.log_path.open("ab") as log:
                self.proc = subprocess.Popen(
                    cmd,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    env=env,
                    cwd=str(self.workdir),
                    start_new_session=True,
                )
            try:
                self.wait_ready(timeout=60)
            except BaseException:
                self.kill()
                raise
            return self

    return StaticServer


def start_static_server(db_url: str, workdir: Path, static_dir: Path, *, env: dict[str, str]):  # type: ignore[no-untyped-def]
    """The application plus `/bench-static/<file>` from `static_dir`, over HTTPS on loopback."""
    from tests.support.servers import free_port, make_tls

    cls = _static_server_class()
    workdir.mkdir(parents=True, exist_ok=True)
    srv = cls(
        db_url=db_url,
        workdir=workdir,
        port=free_port(),
        tls=make_tls(workdir),
        attachments_dir=workdir / "attachments",
        env=env,
    )
    srv.static_dir = static_dir
    return srv.start()


class EncodedStatic:
    """Static files served as they are stored: `NAME.json.zstd` / `.gzip` go out with that
    `Content-Encoding` (the feed's wire bytes, saved), `NAME.json` plain — the limit moves exactly
    the bytes the feed moved, with nothing built and nothing compressed."""

    def __init__(self, directory: Path):
        self.directory = directory

    async def __call__(self, scope, receive, send):  # type: ignore[no-untyped-def]
        import anyio

        name = scope["path"].rsplit("/", 1)[-1]
        path = self.directory / name
        if "/" in name or not path.is_file():
            await send({"type": "http.response.start", "status": 404, "headers": []})
            await send({"type": "http.response.body", "body": b""})
            return
        data = await anyio.to_thread.run_sync(path.read_bytes)
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(data)).encode()),
        ]
        coding = path.suffix.lstrip(".")
        if coding in ("zstd", "gzip"):
            headers.append((b"content-encoding", coding.encode()))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": data})


def serve_static(argv: list[str]) -> None:
    """Entry point of the server subprocess: create_app + StaticFiles, uvicorn with TLS.

    The uvicorn options are those of `lapor-server serve` (lapor_server/cli.py), so the feed is
    served exactly as in production.
    """
    import uvicorn

    from lapor_server.app import create_app
    from lapor_server.config import ServerSettings
    from lapor_server.db import upgrade

    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--static-dir", required=True)
    args = p.parse_args(argv)
    settings = ServerSettings.from_env()
    upgrade(settings.db_url)  # as `lapor-server serve` does (a cached database may be older)
    app = create_app(settings)
    app.mount("/bench-static", EncodedStatic(Path(args.static_dir)), name="bench-static")
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=args.port,
        ssl_certfile=args.cert,
        ssl_keyfile=args.key,
        log_level="warning",
        server_header=False,
        date_header=True,
        timeout_graceful_shutdown=10,
        timeout_keep_alive=30,
    )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "serve-static":
        os.environ.setdefault("PYTHONUNBUFFERED", "1")
        serve_static(sys.argv[2:])
    else:
        raise SystemExit(
            "usage: python bench/_server.py serve-static --port P --cert C --key K ..."
        )
