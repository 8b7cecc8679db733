"""A small world for end-to-end sync tests: a real HTTPS server (tests/support/servers.py), a
coordinator and officers, reports created and dispatched on the server, desks (local store + sync
engine + actions) that reach the server directly or through the fault proxy, and the invariant
checks the invariants I1–I5 (docs/sync.md) against the server's own database.

Server-side setup (creating reports, the coordinator's moves) runs in this process on the server's
database through `lapor_server`'s own functions: fast, and exactly what the server itself does.
"""

from __future__ import annotations

import json
import threading
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from lapor_desk.models.account import Account
from lapor_desk.models.store import Store
from lapor_desk.services.actions import DeskActions
from lapor_desk.sync.credentials import CredentialStore, MemoryCredentials
from lapor_desk.sync.engine import SyncEngine, SyncReport
from lapor_desk.sync.transport import RetryPolicy, Transport
from tests.support.servers import DEFAULT_PASSWORD, RunningServer

AGENCY = "dinkes"
OTHER_AGENCY = "dinas_pupr"
#: fast retries so fault tests stay short; the budget still lets a restarted server come back
FAST_RETRY = RetryPolicy(attempts=6, base_delay=0.05, max_delay=0.5, max_elapsed=20)


def server_db(srv: RunningServer):
    from lapor_server.db import Database

    return Database(srv.db_url, pool_size=1)


@dataclass
class Desk:
    """One desk profile: store, actions, engine; `url` is where its transport connects."""

    world: World
    username: str
    account: Account
    token: str
    root: Path
    url: str
    retry: RetryPolicy = FAST_RETRY
    timeouts: tuple[float, float] = (3.0, 5.0)
    store: Store = field(init=False)
    acked: list[tuple[str, str]] = field(default_factory=list)  # (op_id, text) acknowledged saves

    def __post_init__(self) -> None:
        self.open()

    @property
    def store_path(self) -> Path:
        return self.root / "queue.sqlite3"

    def open(self) -> None:
        self.store = Store.open(self.store_path)
        self.actions = DeskActions(self.store, self.account)
        self.engine = SyncEngine(
            self.store, self.transport_factory, MemoryCredentials(self.token), self.account
        )

    def crash(self) -> None:
        """Drop the store without any goodbye (what a killed process leaves is on disk)."""
        self.store.engine.dispose()
        self.open()

    def close(self) -> None:
        self.store.close()

    def transport_factory(self, cancel: threading.Event) -> Transport:
        return Transport(
            self.url,
            ca_bundle=str(self.world.srv.ca_path),
            retry=self.retry,
            timeouts=self.timeouts,
            cancel=cancel,
        )

    def sync(self, **kw: Any) -> SyncReport:
        return self.engine.run_once(**kw)

    def respond(self, report_id: str, text: str, **kw: Any) -> str:
        op_id = self.actions.respond(report_id, text, **kw).op_id
        assert op_id
        self.acked.append((op_id, text))
        return op_id

    def note(self, report_id: str, text: str) -> str:
        op_id = self.actions.note(report_id, text).op_id
        assert op_id
        self.acked.append((op_id, text))
        return op_id

    def q(self, sql: str, *params: Any) -> list[Any]:
        with self.store.read_conn() as conn:
            return conn.exec_driver_sql(sql, params).all()

    def outbox(self) -> dict[str, Any]:
        return {r.op_id: r for r in self.q("SELECT * FROM outbox ORDER BY seq")}

    def reports(self) -> dict[str, int]:
        return dict(self.q("SELECT id, version FROM reports"))


class World:
    def __init__(self, srv: RunningServer, tmp_path: Path):
        self.srv = srv
        self.tmp = tmp_path
        self.srv.admin.seed(0)  # Mimika reference data
        self.srv.admin.add_user("koord", "koordinator", display_name="Sari Koordinator")
        self.srv.admin.add_user("budi", "petugas", agency=AGENCY, display_name="Budi Dinkes")
        self.srv.admin.add_user("ani", "petugas", agency=OTHER_AGENCY, display_name="Ani PUPR")
        self._n = 0
        self._desks = 0

    # -- server side -------------------------------------------------------------------------
    def create_reports(
        self, n: int, *, dispatch_to: str | None = AGENCY, title: str = "Laporan"
    ) -> list[str]:
        """`n` new reports (intake), verified and dispatched to `dispatch_to` by the coordinator."""
        from lapor_server import reports as rep

        db = server_db(self.srv)
        ids = []
        try:
            now = datetime.now(UTC)
            with db.write() as s:
                calendar = rep.load_calendar(s)
                for _ in range(n):
                    self._n += 1
                    r = rep.create_report(
                        s,
                        title=f"{title} {self._n}: jalan rusak di Nawaripi",
                        body="Jalan berlubang besar dekat puskesmas, mohon segera diperbaiki.",
                        classification="pengaduan",
                        channel="web",
                        submitted_at=now,
                        now=now,
                        calendar=calendar,
                        category_code="kesehatan",
                        district_code="mimika_baru",
                        reporter_name="Yohanes Kum",
                        reporter_phone="0812000000",
                    )
                    ids.append(r.id)
        finally:
            db.dispose()
        if dispatch_to:
            for rid in ids:
                assert self.coord("verify", rid, {}).outcome == "applied"
                assert (
                    self.coord("dispatch", rid, {"agency_code": dispatch_to}).outcome == "applied"
                )
        return ids

    def coord(self, kind: str, report_id: str, payload: dict[str, Any]):
        """A coordinator op, applied on the server now."""
        from lapor_server import ops

        db = server_db(self.srv)
        try:
            with db.read() as s:
                uid = s.execute(sa.text("SELECT id FROM users WHERE username = 'koord'")).scalar()
            actor = ops.OpActor("koordinator", None, "Sari Koordinator", uid)
            [res] = ops.process_ops(
                db,
                actor,
                [ops.OpIn(str(uuid.uuid4()), kind, report_id, payload)],
                datetime.now(UTC),
            )
            return res
        finally:
            db.dispose()

    def sql(self, query: str, **params: Any) -> list[Any]:
        engine = sa.create_engine(self.srv.db_url)
        try:
            with engine.connect() as c:
                return c.execute(sa.text(query), params).all()
        finally:
            engine.dispose()

    # -- desks -------------------------------------------------------------------------------
    def desk(
        self, username: str = "budi", *, url: str | None = None, name: str | None = None
    ) -> Desk:
        t = Transport(self.srv.url, ca_bundle=str(self.srv.ca_path))
        info = CredentialStore().login(
            t, username, DEFAULT_PASSWORD, f"desk-{name or username}", remember=False
        )
        t.close()
        self._desks += 1
        root = self.tmp / "desks" / f"{name or username}-{self._desks}"
        d = Desk(self, username, info.account, info.token, root, url or self.srv.url)
        return d

    # -- invariants --------------------------------------------------------------------------
    def scope(self, account: Account) -> dict[str, int]:
        """The server's view of an account's queue: {report id: version}."""
        if account.role == "petugas":
            rows = self.sql(
                "SELECT id, version FROM reports WHERE agency_code = :a AND status IN"
                " ('dispatched', 'in_progress', 'postponed', 'completed')",
                a=account.agency_code,
            )
        else:
            rows = self.sql("SELECT id, version FROM reports")
        return dict(rows)

    def check(self, desk: Desk, *, converged: bool) -> None:
        """I1–I5 for one desk. `converged`: faults healed and a sync just completed."""
        outbox = desk.outbox()
        server_ops = {r.op_id: r for r in self.sql("SELECT op_id, outcome FROM ops")}
        events = self.sql(
            "SELECT op_id, count(*) AS n FROM report_events WHERE op_id IS NOT NULL GROUP BY op_id"
        )
        effects = {r.op_id: r.n for r in events}
        # I2: at most one effect per op_id, ever; and only applied ops have one.
        assert all(n == 1 for n in effects.values()), {k: v for k, v in effects.items() if v != 1}
        for op_id in effects:
            assert server_ops[op_id].outcome == "applied", op_id
        for op_id, text in desk.acked:
            # I1: every acknowledged save is in the local outbox (with its text) or on the server.
            row = outbox.get(op_id)
            assert row is not None or op_id in effects, f"acked op {op_id} lost"
            if row is not None:
                assert text.strip() in json.loads(row.payload).get("text", text.strip())
            # I4: a local "failure" only ever comes from the server's own answer or a tombstone.
            if row is not None and row.state in ("conflict", "rejected"):
                assert (
                    (op_id in server_ops and server_ops[op_id].outcome == row.outcome)
                    or row.outcome_reason in ("op_id_reused",)
                    or row.outcome_reason
                    in (
                        "reassigned",
                        "returned",
                        "archived",
                        "tombstone",
                        "resync",
                    )
                ), (
                    op_id,
                    row.state,
                    row.outcome_reason,
                )
            if row is not None and op_id in effects and row.outcome_reason != "op_id_reused":
                assert row.state in ("pending", "sending", "done"), (op_id, row.state)
        # I5: the file is sound.
        assert desk.store.integrity_check() == "ok"
        if converged:
            # I2 (after quiescence): every op is settled and applied ones have exactly one effect.
            for op_id, row in outbox.items():
                assert row.state not in ("pending", "sending"), (op_id, row.state)
                if row.state == "done":
                    assert effects.get(op_id) == 1 or server_ops[op_id].outcome == "applied"
            # I3: same reports, same versions.
            assert desk.reports() == self.scope(desk.account)
