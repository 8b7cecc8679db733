"""A centre with generated aggregates, in process, for the desk's tests and the screenshots:
`make_centre(path, regions, months)` fills a real (SQLite) centre database through the real
ingest, and `CentreClient` is a transport for `lapor_desk.services.pusat.PusatService` over the
real centre app (FastAPI TestClient) signed in as a `pusat` account."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import orjson

from tests.support.servers import DEFAULT_PASSWORD

REPO = Path(__file__).resolve().parents[2]
KABKOTA = REPO / "resources" / "maps" / "indonesia-kabkota.geojson"


def kabkota() -> list[tuple[str, str]]:
    """(Kemendagri code, name) of the 514 kabupaten/kota of the shipped map."""
    data = json.loads(KABKOTA.read_bytes())
    return [(f["properties"]["kode"], f["properties"]["nama"]) for f in data["features"]]


def mimika_districts() -> list[tuple[str, str]]:
    """Mimika's distrik (code, name), most populous first (the generator's big ones)."""
    from lapor_core.reference import load_reference

    ds = sorted(load_reference().districts, key=lambda d: -(d.population or 0))
    return [(d.code, d.name) for d in ds]


def make_centre(
    path: Path,
    regions: Sequence[tuple[str, str]],
    months: Sequence[str],
    *,
    seed: int = 7,
    today: date | None = None,
    registered_only: Sequence[tuple[str, str]] = (),
) -> str:
    """A migrated centre database at `path` with `regions` registered and their generated
    aggregates ingested (plus `registered_only`, registered but silent); its URL."""
    from lapor_server import manage
    from lapor_server.db import Database, upgrade
    from lapor_server.pusat import centre, signing, synthetic

    url = f"sqlite:///{path}"
    upgrade(url)
    db = Database(url, pool_size=1)
    now = datetime.now(UTC)
    try:
        manage.add_user(
            db, username="pusat", role="pusat", password=DEFAULT_PASSWORD, profile="fast"
        )
        key = path.with_suffix(".key")
        public = signing.generate(key)
        for code, name in [*regions, *registered_only]:
            centre.add_region(db, code=code, name=name, public_key=public, now=now)
        for body in synthetic.aggregates(
            [c for c, _ in regions],
            months,
            seed=seed,
            as_of=today,
            districts_of={"94.04": mimika_districts()},
            # Mimika as busy as its real server (hundreds a month), so its distrik show
            size_of={"94.04": 320.0},
        ):
            centre.ingest(db, orjson.dumps(body), body["region"], now)
    finally:
        db.dispose()
    return url


@dataclass
class CentreClient:
    """What PusatService needs of a transport (`with`, `get_json`), over the centre app."""

    client: Any
    token: str

    def __enter__(self) -> CentreClient:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def get_json(self, path: str, params: dict[str, Any] | None = None) -> Any:
        r = self.client.get(path, params=params, headers={"Authorization": f"Bearer {self.token}"})
        if r.status_code != 200:
            raise AssertionError(f"{path}: {r.status_code} {r.text}")
        return r.json()


def centre_app(url: str, attachments: Path):  # type: ignore[no-untyped-def]
    """The centre's app (role = centre) on `url`, without periodic jobs."""
    from lapor_server.app import create_app
    from lapor_server.config import ServerSettings

    settings = ServerSettings(
        db_url=url,
        attachments_dir=attachments,
        password_hash_profile="fast",
        run_jobs=False,
        deliveries=False,
        role="centre",
    )
    return create_app(settings)


def login(client: Any) -> str:
    r = client.post(
        "/api/v1/session",
        json={"username": "pusat", "password": DEFAULT_PASSWORD, "device_name": "uji"},
    )
    assert r.status_code == 201, r.text
    return r.json()["token"]
