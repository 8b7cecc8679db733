"""A small populated LAPOR world on a running test server, for API tests.

`populate(server)` loads the Mimika reference data and creates one account per role — a
koordinator, a pimpinan, an admin, and officers of two OPDs (A = dinas_pupr, B = dinkes) — plus
an intake channel key, and logs every account in. `World` then offers the steps tests repeat:
submit a report through intake, send ops, walk the feed, dispatch a report to an OPD.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from lapor_core.calendar import local_date
from tests.support.servers import DEFAULT_PASSWORD, RunningServer

AGENCY_A = "dinas_pupr"
AGENCY_B = "dinkes"
CATEGORY = "pekerjaan_umum"
DISTRICT = "mimika_baru"

ROLES = {
    "koordinator": ("koordinator", None),
    "pimpinan": ("pimpinan", None),
    "admin": ("admin", None),
    "petugas_a": ("petugas", AGENCY_A),
    "petugas_b": ("petugas", AGENCY_B),
}


@dataclass
class World:
    server: RunningServer
    channel_key: str
    tokens: dict[str, str] = field(default_factory=dict)
    _clients: dict[str, httpx.Client] = field(default_factory=dict)
    _db: Any = None

    # -- clients ----------------------------------------------------------------------------
    def client(self, who: str | None = None) -> httpx.Client:
        """A kept-alive client for an account name of ROLES (None: no authentication)."""
        key = who or "-"
        if key not in self._clients:
            self._clients[key] = self.server.client(self.tokens[who] if who else None)
        return self._clients[key]

    def channel(self, key: str | None = None) -> httpx.Client:
        """A client that sends the channel key (or another key) as X-Api-Key."""
        name = f"channel:{key or self.channel_key}"
        if name not in self._clients:
            self._clients[name] = self.server.client(headers={"X-Api-Key": key or self.channel_key})
        return self._clients[name]

    def close(self) -> None:
        for c in self._clients.values():
            c.close()
        self._clients.clear()
        if self._db is not None:
            self._db.dispose()
            self._db = None

    # -- the server's database, for setting up and checking what the API cannot show -------
    @property
    def db(self) -> Any:
        """A `lapor_server.db.Database` on the server's database (same engine settings)."""
        if self._db is None:
            from lapor_server.db import Database

            self._db = Database(self.server.db_url, pool_size=2)
        return self._db

    def set_report(self, report_id: str, **values: Any) -> None:
        """Change columns of a report directly (e.g. move a deadline into the past). The
        report's pre-encoded feed snapshots are rebuilt in the same transaction, so the feed
        shows the change (a bulk UPDATE bypasses the ORM hook that rebuilds them)."""
        import sqlalchemy as sa

        from lapor_server import encoded
        from lapor_server.models import Report

        with self.db.write() as s:
            s.execute(sa.update(Report).where(Report.id == report_id).values(**values))
            encoded.refresh(s, [report_id])

    def move_dispatch(self, report_id: str, when: Any) -> None:
        """Pretend the report's latest dispatch happened at `when` (its event and the report's
        `dispatched_at`): compliance counts from the latest dispatch event. The report's feed
        snapshots are rebuilt in the same transaction."""
        import sqlalchemy as sa

        from lapor_server import encoded
        from lapor_server.models import Report, ReportEvent

        with self.db.write() as s:
            s.execute(sa.update(Report).where(Report.id == report_id).values(dispatched_at=when))
            latest = s.scalar(
                sa.select(sa.func.max(ReportEvent.id)).where(
                    ReportEvent.report_id == report_id,
                    ReportEvent.kind.in_(("dispatch", "reassign")),
                )
            )
            s.execute(
                sa.update(ReportEvent).where(ReportEvent.id == latest).values(created_at=when)
            )
            encoded.refresh(s, [report_id])

    def sql(self, statement: str, **params: Any) -> list[Any]:
        """Run one SQL statement in its own transaction; rows for a SELECT."""
        import sqlalchemy as sa

        with self.db.engine.begin() as conn:
            result = conn.execute(sa.text(statement), params)
            return list(result) if result.returns_rows else []

    # -- steps ------------------------------------------------------------------------------
    def submit(self, **overrides: Any) -> dict[str, str]:
        body = intake_body(**overrides)
        r = self.channel().post("/api/v1/intake/reports", json=body)
        assert r.status_code == 201, r.text
        return r.json()

    def ops(self, who: str, *ops: dict[str, Any]) -> list[dict[str, Any]]:
        r = self.client(who).post("/api/v1/ops", json={"ops": list(ops)})
        assert r.status_code == 200, r.text
        return r.json()["results"]

    def op(
        self, who: str, kind: str, report_id: str, payload: dict | None = None, **extra: Any
    ) -> dict[str, Any]:
        return self.ops(who, make_op(kind, report_id, payload, **extra))[0]

    def dispatch(self, report_id: str, agency: str = AGENCY_A) -> int:
        """Verify and dispatch a fresh report to `agency`; returns the new version."""
        res = self.ops(
            "koordinator",
            make_op("verify", report_id, {}),
            make_op("dispatch", report_id, {"agency_code": agency}),
        )
        assert [x["outcome"] for x in res] == ["applied", "applied"], res
        return res[-1]["report_version"]

    def feed(self, who: str) -> dict[str, dict[str, Any]]:
        """The latest snapshot of every report the account's feed shows (tombstones drop them)."""
        out: dict[str, dict[str, Any]] = {}
        after = None
        for _ in range(1000):
            params: dict[str, Any] = {"limit": 1000}
            if after:
                params["after"] = after
            r = self.client(who).get("/api/v1/feed", params=params)
            assert r.status_code == 200, r.text
            page = r.json()
            for item in page["items"]:
                if item["type"] == "report":
                    out[item["report"]["id"]] = item["report"]
                else:
                    out.pop(item["report_id"], None)
            after = page["cursor"]
            if not page["has_more"]:
                return out
        raise AssertionError("feed did not end")

    def feed_raw(self, who: str) -> str:
        """Every page of the account's feed as raw text (for canary searches)."""
        texts = []
        after = None
        for _ in range(1000):
            params: dict[str, Any] = {"limit": 1000}
            if after:
                params["after"] = after
            r = self.client(who).get("/api/v1/feed", params=params)
            assert r.status_code == 200, r.text
            texts.append(r.text)
            page = r.json()
            after = page["cursor"]
            if not page["has_more"]:
                return "\n".join(texts)
        raise AssertionError("feed did not end")


def intake_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "Jalan berlubang di Jl. Budi Utomo",
        "body": "Lubang besar di depan pasar sentral, sudah dua minggu, membahayakan motor.",
        "classification": "pengaduan",
        "category_code": CATEGORY,
        "district_code": DISTRICT,
        "village": "Kwamki",
        "address": "Jl. Budi Utomo depan Pasar Sentral",
        "lat": -4.546,
        "lon": 136.883,
        # a few days before today on the server's (Mimika) calendar: neither in the future nor
        # too old, on whatever day the suite runs
        "incident_date": (local_date(datetime.now(UTC)) - timedelta(days=15)).isoformat(),
        "channel": "web",
        "is_anonymous": False,
        "is_secret": False,
        "reporter": {
            "name": "Yohana Beanal",
            "phone": "081234567890",
            "email": "yohana@example.id",
        },
    }
    body.update(overrides)
    return body


def make_op(
    kind: str,
    report_id: str,
    payload: dict | None = None,
    *,
    op_id: str | None = None,
    base_version: int | None = None,
    created_at: datetime | None = None,
) -> dict[str, Any]:
    """An op as a desk sends it. `created_at` is the desk's clock when the op was made: now (the
    same clock as the test server's) unless the test says otherwise — never a fixed calendar
    date, which would make an answer's bounded written time depend on the day the suite runs."""
    return {
        "op_id": op_id or str(uuid.uuid4()),
        "kind": kind,
        "report_id": report_id,
        "base_version": base_version,
        "payload": payload or {},
        "created_at": (created_at or datetime.now(UTC)).isoformat(),
    }


def prepare_database(db_url: str) -> str:
    """Migrate `db_url`, load the reference data, create the ROLES accounts (password
    DEFAULT_PASSWORD) and a `web` channel key, in this process; returns the channel key.

    Tests use it once per session to build a template database they copy (fast).
    """
    from lapor_server import manage
    from lapor_server.db import Database, upgrade
    from lapor_server.reference import seed_reference

    upgrade(db_url)
    db = Database(db_url, pool_size=1)
    try:
        with db.write() as s:
            seed_reference(s)
        for name, (role, agency) in ROLES.items():
            manage.add_user(
                db,
                username=name,
                role=role,
                agency_code=agency,
                password=DEFAULT_PASSWORD,
                display_name=name.replace("_", " "),
                profile="fast",
            )
        key = manage.issue_channel_key(db, channel="web")
        if db.is_sqlite:
            # Everything into the main file, so copying that one file copies the database.
            with db.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.dispose()
    return key


def connect(server: RunningServer, channel_key: str) -> World:
    """A World on a server whose database `prepare_database` made: logs every account in."""
    world = World(server=server, channel_key=channel_key)
    for name in ROLES:
        world.tokens[name] = server.login(name, DEFAULT_PASSWORD)
    return world


def populate(server: RunningServer) -> World:
    """Prepare a running server's (empty, migrated) database and log every account in."""
    return connect(server, prepare_database(server.db_url))
