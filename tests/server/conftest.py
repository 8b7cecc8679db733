"""Fixtures for the server's API tests: an app on a real database file, accounts, report builders.

- `server_db_url`: a migrated, empty database (a temp SQLite file by default). Parametrise it over
  PostgreSQL by overriding this fixture; everything else builds on it.
- `world`: the app (FastAPI TestClient, in-process ASGI) with reference data, two OPDs and an
  account of every role, logged in; `world.report(...)` creates reports in any workflow state;
  `world.ops(who, [op, ...])` posts ops. The clock is a `MovableClock` tests can move.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from lapor_server import manage
from lapor_server import reports as rep
from lapor_server.app import create_app
from lapor_server.config import ServerSettings
from lapor_server.db import Database, upgrade
from lapor_server.ops import OpActor, OpIn, apply_in_session
from lapor_server.reference import seed_reference

PASSWORD = "kata-sandi-uji-123"
AGENCY_A = "dinas_pupr"
AGENCY_B = "dinkes"
CANARY_NAME = "Kanari Anonim Zqx"
CANARY_PHONE = "0812-9999-0001"
CANARY_EMAIL = "kanari.zqx@example.org"

_template: dict[str, Path] = {}


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite file per session; tests get copies (a migration per test is slow)."""
    path = tmp_path_factory.mktemp("server-template") / "template.sqlite3"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def server_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated empty database: SQLite, or PostgreSQL with LAPOR_TEST_SERVER_DB=postgres; a
    test parametrized indirectly with "sqlite"/"postgres" chooses for itself."""
    kind = getattr(request, "param", None) or os.environ.get("LAPOR_TEST_SERVER_DB", "sqlite")
    return migrated_db_url(request, tmp_path / "lapor.sqlite3", postgres=kind == "postgres")


def migrated_db_url(request: pytest.FixtureRequest, path: Path, *, postgres: bool) -> str:
    """A migrated empty database: a fresh PostgreSQL one (`pg_db`), or a copy of the migrated
    SQLite template at `path`."""
    if postgres:
        url = request.getfixturevalue("pg_db")
        upgrade(url)
        return url
    shutil.copyfile(request.getfixturevalue("_sqlite_template"), path)
    return f"sqlite:///{path}"


class MovableClock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> datetime:
        self.now += timedelta(**kw)
        return self.now


@dataclass
class World:
    db: Database
    settings: ServerSettings
    client: TestClient
    clock: MovableClock
    tokens: dict[str, str] = field(default_factory=dict)

    # -- accounts --------------------------------------------------------------------------------
    def add_user(
        self, username: str, role: str, agency: str | None = None, display_name: str | None = None
    ) -> None:
        manage.add_user(
            self.db,
            username=username,
            role=role,
            agency_code=agency,
            password=PASSWORD,
            display_name=display_name or username.title(),
            profile="fast",
            now=self.clock(),
        )

    def login(self, username: str, password: str = PASSWORD, device: str = "uji") -> Any:
        return self.client.post(
            "/api/v1/session",
            json={"username": username, "password": password, "device_name": device},
        )

    def token(self, username: str) -> str:
        if username not in self.tokens:
            r = self.login(username)
            assert r.status_code == 201, r.text
            self.tokens[username] = r.json()["token"]
        return self.tokens[username]

    def headers(self, username: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(username)}"}

    # -- HTTP ------------------------------------------------------------------------------------
    def get(self, username: str, path: str, **kw: Any) -> Any:
        return self.client.get(path, headers=self.headers(username), **kw)

    def ops(self, username: str, ops: list[dict[str, Any]]) -> list[dict[str, Any]]:
        # An op of make_op without a time claim is made now on a desk whose clock agrees with
        # the server's (this world's movable clock, never the real calendar).
        ops = [
            {**o, "created_at": self.clock().isoformat()}
            if "created_at" in o and o["created_at"] is None
            else o
            for o in ops
        ]
        r = self.client.post("/api/v1/ops", json={"ops": ops}, headers=self.headers(username))
        assert r.status_code == 200, r.text
        return r.json()["results"]

    def op1(self, username: str, op: dict[str, Any]) -> dict[str, Any]:
        return self.ops(username, [op])[0]

    def feed_all(
        self, username: str, limit: int = 1000, after: str | None = None
    ) -> tuple[list[dict[str, Any]], str]:
        items: list[dict[str, Any]] = []
        cursor = after
        while True:
            params: dict[str, Any] = {"limit": limit}
            if cursor:
                params["after"] = cursor
            r = self.get(username, "/api/v1/feed", params=params)
            assert r.status_code == 200, r.text
            page = r.json()
            items.extend(page["items"])
            cursor = page["cursor"]
            if not page["has_more"]:
                return items, cursor

    def snapshot(self, username: str, report_id: str) -> dict[str, Any] | None:
        items, _ = self.feed_all(username)
        found = None
        for it in items:
            if it["type"] == "report" and it["report"]["id"] == report_id:
                found = it["report"]
        return found

    # -- reports ---------------------------------------------------------------------------------
    def report(self, state: str = "unverified", agency: str = AGENCY_A, **fields: Any) -> str:
        """Create a report and walk it (through the op engine) to `state`."""
        values = dict(
            title="Jalan berlubang di Jalan Budi Utomo",
            body="Lubang besar di depan pasar, berbahaya bagi pengendara motor.",
            classification="pengaduan",
            channel="web",
            category_code=None,
            district_code="mimika_baru",
            reporter_name="Maria Beanal",
            reporter_phone="0812-1111-2222",
            reporter_email="maria@example.org",
        )
        values.update(fields)
        now = self.clock()
        with self.db.write() as s:
            r = rep.create_report(
                s, submitted_at=now, now=now, calendar=rep.load_calendar(s), **values
            )
            report_id = r.id
        path = {
            "unverified": [],
            "verified": ["verify"],
            "dispatched": ["verify", "dispatch"],
            "in_progress": ["verify", "dispatch", "respond"],
            "postponed": ["verify", "dispatch", "postpone"],
            "completed": ["verify", "dispatch", "respond_final"],
            "archived": ["archive"],
        }[state]
        koor = OpActor("koordinator", None, "Koordinator Uji", None)
        petugas = OpActor("petugas", agency, "Petugas Uji", None)
        steps = {
            "verify": (koor, "verify", {}),
            "dispatch": (koor, "dispatch", {"agency_code": agency}),
            "respond": (petugas, "respond", {"text": "Sedang ditangani.", "final": False}),
            "respond_final": (petugas, "respond", {"text": "Sudah diperbaiki.", "final": True}),
            "postpone": (petugas, "postpone", {"text": "Mohon kirim foto lokasi."}),
            "archive": (koor, "archive", {"reason": "spam"}),
        }
        for name in path:
            actor, kind, payload = steps[name]
            with self.db.write() as s:
                res = apply_in_session(
                    s, actor, OpIn(str(uuid.uuid4()), kind, report_id, payload), self.clock()
                )
                assert res.outcome == "applied", res
        return report_id


def make_op(
    kind: str,
    report_id: str,
    payload: dict[str, Any] | None = None,
    base_version: int | None = 1,
    op_id: str | None = None,
    created_at: datetime | None = None,
) -> dict[str, Any]:
    """An op as a desk sends it. Without `created_at` the op carries no time claim (null):
    `World.ops` stamps it with the world's clock, and sent otherwise the server takes the time it
    received it. Never the real calendar: the world's clock is fixed, the real day is not."""
    return {
        "op_id": op_id or str(uuid.uuid4()),
        "kind": kind,
        "report_id": report_id,
        "base_version": base_version,
        "payload": payload or {},
        "created_at": created_at.isoformat() if created_at else None,
    }


@pytest.fixture
def clock() -> MovableClock:
    # A Wednesday morning in Timika, far from national holidays.
    return MovableClock(datetime(2026, 11, 4, 1, 0, tzinfo=UTC))


@pytest.fixture
def server_settings(server_db_url: str, tmp_path: Path) -> ServerSettings:
    return ServerSettings(
        db_url=server_db_url,
        attachments_dir=tmp_path / "attachments",
        password_hash_profile="fast",
        run_jobs=False,
    )


@pytest.fixture
def world(server_settings: ServerSettings, clock: MovableClock) -> Iterator[World]:
    db = Database(server_settings.db_url)
    with db.write() as s:
        seed_reference(s)
    app = create_app(server_settings, db=db, clock=clock)
    with TestClient(app, raise_server_exceptions=False) as client:
        w = World(db, server_settings, client, clock)
        w.add_user("koor", "koordinator", display_name="Yohana Kambu")
        w.add_user("pimpinan", "pimpinan")
        w.add_user("admin", "admin")
        w.add_user("petugas_a", "petugas", AGENCY_A, display_name="Petugas PUPR")
        w.add_user("petugas_b", "petugas", AGENCY_B, display_name="Petugas Dinkes")
        yield w
    db.dispose()
