"""The centre link in process (docs/pusat.md): what a region's aggregate holds, the centre's
versions (idempotent, replaced, stale, refused), key rotation with its grace period, who may
read the centre's API, the role switch, and the `centre` commands."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import orjson
import pytest
from fastapi.testclient import TestClient

from lapor_core.calendar import local_date
from lapor_server import cli, manage
from lapor_server import reports as rep
from lapor_server.app import create_app
from lapor_server.db import Database
from lapor_server.pusat import aggregate, centre, signing
from tests.server.conftest import PASSWORD, migrated_db_url

REGION = "94.04"


class Centre:
    def __init__(self, client: TestClient, db: Database, key, clock):
        self.client, self.db, self.key, self.clock = client, db, key, clock
        r = client.post(
            "/api/v1/session",
            json={"username": "pusat", "password": PASSWORD, "device_name": "uji"},
        )
        assert r.status_code == 201, r.text
        self.auth = {"Authorization": f"Bearer {r.json()['token']}"}

    def submit(self, body: dict, key=None, region: str = REGION):
        raw = orjson.dumps(body)
        return self.client.post(
            "/api/v1/centre/aggregates",
            content=raw,
            headers={
                "Content-Type": "application/json",
                signing.REGION_HEADER: region,
                signing.SIGNATURE_HEADER: signing.sign(key or self.key, raw),
            },
        )

    def get(self, path: str, **params):
        return self.client.get(path, params=params, headers=self.auth)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def centre_url(request, tmp_path: Path) -> str:
    """The centre's own database: a SQLite file, or a fresh PostgreSQL database."""
    return migrated_db_url(
        request, tmp_path / "centre.sqlite3", postgres=request.param == "postgres"
    )


@pytest.fixture
def hub(centre_url: str, tmp_path: Path, server_settings, clock) -> Iterator[Centre]:
    settings = server_settings.replace(db_url=centre_url, role="centre")
    db = Database(settings.db_url)
    manage.add_user(db, username="pusat", role="pusat", password=PASSWORD, profile="fast")
    manage.add_user(db, username="koor", role="koordinator", password=PASSWORD, profile="fast")
    public = signing.generate(tmp_path / "region.key")
    centre.add_region(db, code=REGION, name="Kabupaten Mimika", public_key=public, now=clock())
    with TestClient(create_app(settings, db=db, clock=clock)) as client:
        yield Centre(client, db, signing.load_private(tmp_path / "region.key"), clock)
    db.dispose()


def _aggregate(world, version: int = 1) -> dict:
    with world.db.read() as s:
        body = aggregate.build(
            s,
            region=REGION,
            period=aggregate.months_back(local_date(world.clock()), 1)[0],
            today=local_date(world.clock()),
            calendar=rep.load_calendar(s),
        )
    return {**body, "version": version}


def test_the_aggregate_holds_counts_and_names_of_codes_only(world):
    for state in ("dispatched", "dispatched", "completed", "archived", "unverified", "unverified"):
        world.report(state, reporter_name="Kanari Agregat", lat=-4.5, lon=136.9)
    world.report("completed", district_code="jila", reporter_phone="0812-0000-9999")
    body = _aggregate(world)
    assert set(body) == {
        "format", "region", "period", "as_of", "threshold", "cells", "totals", "opd", "labels",
        "version",
    }  # fmt: skip
    for cell in body["cells"]:
        assert set(cell) == {"category", "district", "status", "channel", "n", "overdue"}
    text = json.dumps(body)
    for secret in ("Kanari", "0812", "Budi Utomo", "Lubang", "136.9", "maria@"):
        assert secret not in text
    # 7 reports; the lone one in Jila is not published with its distrik
    assert body["totals"]["total"] == sum(c["n"] for c in body["cells"]) == 7
    assert not any(c["district"] == "jila" for c in body["cells"])
    assert all(c["n"] >= 5 or c["district"] == "*" for c in body["cells"])


def test_a_version_counts_once_a_newer_one_replaces_it_and_an_older_one_changes_nothing(world, hub):
    for _ in range(6):
        world.report("dispatched")
    v1 = _aggregate(world, 1)
    first = hub.submit(v1)
    assert first.status_code == 200 and first.json()["outcome"] == "stored"
    assert hub.submit(v1).json()["outcome"] == "duplicate"
    changed = {**v1, "totals": {**v1["totals"], "total": 99}}
    taken = hub.submit(changed)
    assert taken.status_code == 409 and taken.json()["reason"] == "version_taken"
    month = v1["period"]
    assert hub.get("/api/v1/centre/map", to=month).json()["national"]["total"] == 6
    # compliance per OPD: the one OPD with 6 reports, named, in the region's drill-down
    drill = hub.get(f"/api/v1/centre/regions/{REGION}/districts", to=month).json()
    (opd,) = drill["opd"]
    assert opd["total"] == 6 and opd["name"] == "Dinas Pekerjaan Umum dan Penataan Ruang"
    for _ in range(2):
        world.report("completed")
    v3 = _aggregate(world, 3)
    assert hub.submit(v3).json()["outcome"] == "stored"
    assert hub.get("/api/v1/centre/map", to=month).json()["national"]["total"] == 8
    # a version 2 that arrives after 3 (a slow retry) is kept as received but changes nothing
    stale = hub.submit({**v1, "version": 2})
    assert stale.status_code == 200 and stale.json()["outcome"] == "stale"
    assert hub.get("/api/v1/centre/map", to=month).json()["national"]["total"] == 8


@pytest.mark.parametrize(
    "change",
    [
        {"period": "2026-13"},
        {"version": 0},
        {"format": 9},
        {"cells": [{"category": "a", "district": "b", "status": "c", "channel": "d", "n": -1}]},
        {"cells": "x"},
        {"threshold": 1},
        {"as_of": "kemarin"},
        {"opd": [{"agency": "dinkes", "total": "banyak"}]},
        {"labels": {"district": {"jila": 5}}},
    ],
)
def test_a_malformed_aggregate_is_refused_with_a_reason(world, hub, change):
    body = {**_aggregate(world), **change}
    r = hub.submit(body)
    assert r.status_code == 422, r.text
    assert r.json()["reason"] == "invalid_aggregate"


def test_a_rotated_key_keeps_the_old_one_valid_for_the_grace_period_only(world, hub, tmp_path):
    world.report("dispatched")
    new_public = signing.generate(tmp_path / "new.key")
    new_key = signing.load_private(tmp_path / "new.key")
    until = centre.rotate_key(
        hub.db, code=REGION, public_key=new_public, now=hub.clock(), grace=timedelta(days=2)
    )
    assert until == hub.clock() + timedelta(days=2)
    assert hub.submit(_aggregate(world, 1)).status_code == 200  # old key, in the grace period
    assert hub.submit(_aggregate(world, 2), key=new_key).status_code == 200
    hub.clock.advance(days=2, seconds=1)
    old = hub.submit(_aggregate(world, 3))
    assert old.status_code == 403 and old.json()["reason"] == "bad_signature"
    assert hub.submit(_aggregate(world, 3), key=new_key).status_code == 200
    with pytest.raises(centre.CentreError):
        centre.rotate_key(hub.db, code="99.99", public_key=new_public, now=hub.clock())


def test_only_centre_accounts_read_the_centre_and_centre_accounts_read_nothing_else(hub):
    assert hub.client.get("/api/v1/centre/map").status_code == 401
    r = hub.client.post(
        "/api/v1/session", json={"username": "koor", "password": PASSWORD, "device_name": "x"}
    )
    koor = {"Authorization": f"Bearer {r.json()['token']}"}
    assert hub.client.get("/api/v1/centre/map", headers=koor).status_code == 403
    assert hub.get("/api/v1/centre/map").status_code == 200
    for path in ("/api/v1/feed", "/api/v1/stats", "/api/v1/reference"):
        refused = hub.get(path)
        assert refused.status_code == 403 and refused.json()["reason"] == "centre_account", path
    assert hub.get("/api/v1/centre/map", to="2026-1").status_code == 422
    assert hub.get("/api/v1/centre/regions/99.99/districts").status_code == 404


def test_a_regional_server_has_no_centre_api(world):
    r = world.client.post("/api/v1/centre/aggregates", content=b"{}")
    assert r.status_code == 404
    assert world.get("koor", "/api/v1/standing").json()["reason"] == "no_centre"


def test_the_centre_commands_register_list_and_rotate_regions(server_db_url, tmp_path, capsys):
    key = tmp_path / "r.key"
    assert cli.main(["centre", "keygen", "--out", str(key), "--json"]) == 0
    public = json.loads(capsys.readouterr().out)["public_key"]
    assert cli.main(["centre", "keygen", "--out", str(key)]) == 2  # never overwritten
    capsys.readouterr()
    db = ["--db", server_db_url]
    add = ["centre", "regions", "add", "--code", "94.04", "--name", "Kabupaten Mimika"]
    assert cli.main([*add, "--public-key", public, *db]) == 0
    assert cli.main([*add, "--public-key", public, *db]) == 2  # registered already
    bad = ["centre", "regions", "add", "--code", "9404", "--name", "X", "--public-key", public]
    assert cli.main([*bad, *db]) == 2
    assert "94.04" in capsys.readouterr().err
    signing.generate(tmp_path / "n.key")
    new = signing.public_key_text(signing.load_private(tmp_path / "n.key"))
    rotate = ["centre", "regions", "rotate", "--code", "94.04", "--public-key", new, "--json"]
    assert cli.main([*rotate, *db]) == 0
    capsys.readouterr()
    assert cli.main(["centre", "regions", "list", "--json", *db]) == 0
    (region,) = json.loads(capsys.readouterr().out)
    assert region["code"] == "94.04" and len(region["keys"]) == 2
    assert all(k["valid"] for k in region["keys"])
    assert [k["valid_until"] is None for k in region["keys"]] == [False, True]
