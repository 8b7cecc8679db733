"""Three regional servers and a centre, real processes over HTTPS (docs/pusat.md): the regions
push their signed monthly aggregates on their own schedule; the centre's figures equal the sum
of the regions' own `/stats`; a submission sent twice counts once; a bad signature or an
unregistered region is refused; a canary reporter's name, phone, text and coordinates reach
neither the centre's database nor its API; a coordinator sees the region's national standing
through its own server."""

from __future__ import annotations

import json
import time
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from lapor_core.calendar import local_date
from lapor_server import manage
from lapor_server.db import Database, upgrade
from lapor_server.pusat import centre, signing
from lapor_server.pusat.aggregate import months_back
from lapor_server.pusat.tables import PusatOutbox
from tests.support.servers import DEFAULT_PASSWORD, make_tls, start_server
from tests.support.world import connect, intake_body, prepare_database

REGIONS = {"94.04": "Kabupaten Mimika", "94.01": "Kabupaten Nabire", "94.03": "Kabupaten Paniai"}
#: generated reports per region (Mimika enough for distrik of its own above the threshold)
REPORTS = {"94.04": 150, "94.01": 30, "94.03": 20}
CANARY = {
    "name": "Kanari Pusat Qwv",
    "phone": "0812-7777-4242",
    "text": "Kanari teks rahasia zzqv tentang pungutan liar",
    "lat": -4.512347,
    "lon": 136.871239,
}
MONTHS = 13


@pytest.fixture(scope="module")
def network(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pusat")
    tls = make_tls(tmp)
    now = datetime.now(UTC)
    centre_url = f"sqlite:///{tmp / 'centre.sqlite3'}"
    upgrade(centre_url)
    cdb = Database(centre_url, pool_size=1)
    manage.add_user(cdb, username="pusat", role="pusat", password=DEFAULT_PASSWORD, profile="fast")
    keys: dict[str, Path] = {}
    for i, (code, name) in enumerate(REGIONS.items()):
        keys[code] = tmp / f"region-{i}.key"
        public = signing.generate(keys[code])
        centre.add_region(cdb, code=code, name=name, public_key=public, now=now)
    cdb.dispose()
    hub = start_server(centre_url, tmp / "centre", tls=tls, env={"LAPOR_SERVER_ROLE": "centre"})
    regions = {}
    try:
        for i, code in enumerate(REGIONS):
            url = f"sqlite:///{tmp / f'region-{i}.sqlite3'}"
            channel_key = prepare_database(url)
            db = Database(url, pool_size=1)
            manage.seed(db, reports=REPORTS[code], seed=i + 1)
            db.dispose()
            srv = start_server(
                url,
                tmp / f"region-{i}",
                tls=tls,
                env={
                    "LAPOR_SERVER_REGION_CODE": code,
                    "LAPOR_SERVER_CENTRE_URL": hub.url,
                    "LAPOR_SERVER_CENTRE_KEY_FILE": str(keys[code]),
                    "LAPOR_SERVER_CENTRE_CA_FILE": str(tls.ca),
                    "LAPOR_SERVER_CENTRE_PUSH_SECONDS": "1",
                    "LAPOR_SERVER_CENTRE_MONTHS": str(MONTHS),
                },
            )
            regions[code] = connect(srv, channel_key)
        canary = intake_body(
            title="Kanari judul zzqv",
            body=CANARY["text"],
            lat=CANARY["lat"],
            lon=CANARY["lon"],
            district_code="agimuga",
            reporter={"name": CANARY["name"], "phone": CANARY["phone"]},
        )
        r = regions["94.04"].channel().post("/api/v1/intake/reports", json=canary)
        assert r.status_code == 201, r.text
        yield hub, regions, hub.login("pusat")
    finally:
        for w in regions.values():
            w.close()
            w.server.stop()
        hub.stop()


def _window() -> tuple[str, str, date]:
    today = local_date(datetime.now(UTC))
    months = months_back(today, MONTHS)
    return months[0], months[-1], today


def _regional_months(world) -> dict[str, dict]:
    start, _, today = _window()
    r = world.client("koordinator").get(
        "/api/v1/stats",
        params={"group_by": "month", "from": f"{start}-01", "to": today.isoformat()},
    )
    assert r.status_code == 200, r.text
    return {row["key"]: row for row in r.json()["rows"]}


def _centre(hub, token: str, path: str, **params) -> httpx.Response:
    with hub.client(token) as c:
        return c.get(path, params=params)


def _wait_for_centre(hub, token, regions) -> tuple[dict, dict]:
    """Until the centre's months equal the sum of the regions' /stats (the push runs every
    second); the last two views if they never do."""
    start, end, _ = _window()
    deadline = time.monotonic() + 90
    while True:
        expected: dict[str, dict[str, int]] = {}
        for world in regions.values():
            for month, row in _regional_months(world).items():
                e = expected.setdefault(month, dict.fromkeys(("total", "overdue", "within"), 0))
                e["total"] += row["total"]
                e["overdue"] += row["overdue_open"]
                e["within"] += row["responded_within_5"]
                e.setdefault("responded", 0)
                e["responded"] += row["responded"]
                e.setdefault("measurable", 0)
                e["measurable"] += row["measurable"]
        r = _centre(hub, token, "/api/v1/centre/trends", **{"from": start, "to": end})
        assert r.status_code == 200, r.text
        got = {
            m["period"]: {
                k: m[k] for k in ("total", "overdue", "within", "responded", "measurable")
            }
            for m in r.json()["months"]
        }
        if got == expected or time.monotonic() > deadline:
            return got, expected
        time.sleep(0.5)


def test_the_centre_adds_up_the_regions_own_stats(network):
    hub, regions, token = network
    got, expected = _wait_for_centre(hub, token, regions)
    assert got == expected
    start, _, _ = _window()
    answer = _centre(hub, token, "/api/v1/centre/map", measure="volume", **{"from": start})
    body = answer.json()
    by_code = {r["code"]: r for r in body["regions"]}
    assert set(by_code) == set(REGIONS)
    for code, world in regions.items():
        own = sum(row["total"] for row in _regional_months(world).values())
        assert by_code[code]["total"] == own
    assert body["national"]["total"] == sum(e["total"] for e in expected.values())
    # the drill-down: Mimika's distrik, named, adding up to the region
    drill = _centre(hub, token, "/api/v1/centre/regions/94.04/districts", **{"from": start}).json()
    assert sum(d["total"] for d in drill["districts"]) == by_code["94.04"]["total"]
    assert any(d["name"] == "Mimika Baru" for d in drill["districts"])
    ranked = _centre(hub, token, "/api/v1/centre/ranking", measure="volume", **{"from": start})
    rows = ranked.json()["rows"]
    assert [r["total"] for r in rows] == sorted((r["total"] for r in rows), reverse=True)
    assert rows[0]["rank"] == 1


def test_the_same_submission_twice_counts_once(network):
    hub, regions, token = network
    _wait_for_centre(hub, token, regions)
    start, _, _ = _window()
    before = _centre(hub, token, "/api/v1/centre/map", **{"from": start}).json()["national"]
    world = regions["94.01"]
    with world.db.read() as s:
        row = s.execute(
            sa.select(PusatOutbox.body, PusatOutbox.signature)
            .where(PusatOutbox.sent_at.is_not(None))
            .order_by(PusatOutbox.id.desc())
            .limit(1)
        ).one()
    headers = {signing.REGION_HEADER: "94.01", signing.SIGNATURE_HEADER: row.signature}
    with hub.client(headers={**headers, "Content-Type": "application/json"}) as c:
        again = c.post("/api/v1/centre/aggregates", content=row.body)
    assert again.status_code == 200, again.text
    assert again.json()["outcome"] == "duplicate"
    after = _centre(hub, token, "/api/v1/centre/map", **{"from": start}).json()["national"]
    assert after == before


def test_a_bad_signature_or_an_unregistered_region_is_refused(network, tmp_path):
    hub, regions, token = network
    _wait_for_centre(hub, token, regions)
    with regions["94.03"].db.read() as s:
        row = s.execute(sa.select(PusatOutbox.body, PusatOutbox.signature).limit(1)).one()
    body = json.loads(row.body)
    body["version"] += 50
    body["totals"]["total"] += 1000
    forged = json.dumps(body).encode()

    def post(region: str, signature: str, raw: bytes) -> httpx.Response:
        headers = {
            signing.REGION_HEADER: region,
            signing.SIGNATURE_HEADER: signature,
            "Content-Type": "application/json",
        }
        with hub.client(headers=headers) as c:
            return c.post("/api/v1/centre/aggregates", content=raw)

    tampered = post("94.03", row.signature, forged)
    assert tampered.status_code == 403 and tampered.json()["reason"] == "bad_signature"
    stranger = tmp_path / "stranger.key"
    signing.generate(stranger)
    key = signing.load_private(stranger)
    alien = post("94.03", signing.sign(key, forged), forged)
    assert alien.status_code == 403 and alien.json()["reason"] == "bad_signature"
    body["region"] = "91.01"
    raw = json.dumps(body).encode()
    unknown = post("91.01", signing.sign(key, raw), raw)
    assert unknown.status_code == 403 and unknown.json()["reason"] == "unknown_region"
    unsigned = post("", "", forged)
    assert unsigned.status_code == 401
    start, _, _ = _window()
    totals = _centre(hub, token, "/api/v1/centre/map", **{"from": start}).json()["regions"]
    assert all(r["total"] < 1000 for r in totals)


def test_the_canary_reporter_reaches_neither_the_centres_database_nor_its_api(network):
    hub, regions, token = network
    _wait_for_centre(hub, token, regions)
    start, end, _ = _window()
    answers = [
        _centre(hub, token, path, **{"from": start, "to": end, **extra}).text
        for path, extra in (
            ("/api/v1/centre/map", {"measure": "volume"}),
            ("/api/v1/centre/map", {"measure": "satisfaction"}),
            ("/api/v1/centre/regions/94.04/districts", {}),
            ("/api/v1/centre/trends", {"region": "94.04"}),
            ("/api/v1/centre/ranking", {"measure": "overdue"}),
            ("/api/v1/centre/standing/94.04", {}),
            ("/api/v1/centre/recap.csv", {}),
            ("/api/v1/centre/regions", {}),
        )
    ]
    db_path = Path(hub.db_url.removeprefix("sqlite:///"))
    stored = b"".join(
        p.read_bytes() for p in (db_path, db_path.with_name(db_path.name + "-wal")) if p.exists()
    )
    needles = [CANARY["name"], CANARY["phone"], "zzqv", "4.512347", "136.871239", "Kanari"]
    for needle in needles:
        assert needle.encode() not in stored, needle
        for text in answers:
            assert needle not in text, needle
    # the regional server does hold it (the test would prove nothing otherwise)
    region_db = Path(regions["94.04"].server.db_url.removeprefix("sqlite:///"))
    assert CANARY["name"].encode() in region_db.read_bytes() + (
        region_db.with_name(region_db.name + "-wal").read_bytes()
        if region_db.with_name(region_db.name + "-wal").exists()
        else b""
    )


def test_a_coordinator_sees_the_regions_national_standing_through_its_own_server(network):
    hub, regions, token = network
    _wait_for_centre(hub, token, regions)
    start, end, _ = _window()
    world = regions["94.04"]
    r = world.client("koordinator").get("/api/v1/standing", params={"from": start, "to": end})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["region"] == "94.04" and body["regions"] == 3
    ranked = _centre(hub, token, "/api/v1/centre/ranking", measure="volume", **{"from": start})
    mine = next(x for x in ranked.json()["rows"] if x["code"] == "94.04")
    assert body["standing"]["volume"]["rank"] == mine["rank"]
    # an officer does not get it; a pusat account gets nothing from a region's reports
    assert world.client("petugas_a").get("/api/v1/standing").status_code == 403
    assert _centre(hub, token, "/api/v1/stats").status_code == 403
