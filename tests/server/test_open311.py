"""Open311 GeoReport v2 over real HTTPS, on SQLite and PostgreSQL: discovery, services, requests,
the public reads' privacy (no secret reports, no reporter identity) and Open311 error arrays."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest

from tests.support.world import AGENCY_A, CATEGORY, make_op

BASE = "/open311/v2"


def _public(world):
    return world.client(None)


def _is_open311_error(r, status: int) -> bool:
    body = r.json()
    return (
        r.status_code == status
        and isinstance(body, list)
        and body[0]["code"] == status
        and isinstance(body[0]["description"], str)
        and body[0]["description"]
    )


def test_discovery_points_at_this_endpoint(module_world):
    r = _public(module_world).get(f"{BASE}/discovery.json")
    assert r.status_code == 200
    ep = r.json()["endpoints"][0]
    assert ep["url"].endswith("/open311/v2")
    assert ep["formats"] == ["application/json"]
    assert ep["specification"] == "http://wiki.open311.org/GeoReport_v2"


def test_services_are_the_categories(module_world):
    services = _public(module_world).get(f"{BASE}/services.json").json()
    ref = module_world.client("koordinator").get("/api/v1/reference").json()
    assert {s["service_code"] for s in services} == {c["code"] for c in ref["categories"]}
    pu = next(s for s in services if s["service_code"] == CATEGORY)
    assert pu["metadata"] is False and pu["type"] == "realtime"
    assert pu["service_name"] and pu["group"] and isinstance(pu["keywords"], str)


def test_service_definition_and_unknown_service(module_world):
    c = _public(module_world)
    ok = c.get(f"{BASE}/services/{CATEGORY}.json")
    assert ok.json() == {"service_code": CATEGORY, "attributes": []}
    missing = c.get(f"{BASE}/services/tidak_ada.json")
    assert _is_open311_error(missing, 404)


def _post(world, data=None, json=None, key=True):
    form = dict(data or {})
    if key and data is not None:
        form.setdefault("api_key", world.channel_key)
    return _public(world).post(
        f"{BASE}/requests.json", data=form if data is not None else None, json=json
    )


def test_post_form_encoded_creates_an_unverified_report(module_world):
    w = module_world
    r = _post(
        w,
        {
            "service_code": CATEGORY,
            "lat": "-4.55",
            "long": "136.88",
            "address_string": "Jl. Cenderawasih",
            "description": "Drainase tersumbat, air meluap ke jalan.\nSudah seminggu.",
            "first_name": "Agustina",
            "last_name": "Kum",
            "email": "agustina@example.id",
            "phone": "0812",
            "account_id": "acc-77",
            "media_url": "https://foto.example/1.jpg",
        },
    )
    assert r.status_code == 201, r.text
    [created] = r.json()
    assert created["account_id"] == "acc-77"
    assert "diverifikasi" in created["service_notice"]
    tid = created["service_request_id"]
    snap = next(s for s in w.feed("koordinator").values() if s["tracking_id"] == tid)
    assert snap["status"] == "unverified"
    assert snap["channel"] == "open311"
    assert snap["title"] == "Drainase tersumbat, air meluap ke jalan."
    assert "https://foto.example/1.jpg" in snap["body"]
    assert snap["reporter"] == {
        "name": "Agustina Kum",
        "phone": "0812",
        "email": "agustina@example.id",
    }
    assert (snap["lat"], snap["lon"], snap["address"]) == (-4.55, 136.88, "Jl. Cenderawasih")


def test_post_json_is_accepted_too(module_world):
    r = _post(
        module_world,
        json={
            "api_key": module_world.channel_key,
            "service_code": CATEGORY,
            "address_string": "Pasar Lama",
            "description": "Sampah.",
        },
    )
    assert r.status_code == 201, r.text


@pytest.mark.parametrize(
    ("form", "status"),
    [
        ({"service_code": CATEGORY, "address_string": "x", "description": "d", "api_key": ""}, 403),
        (
            {
                "service_code": CATEGORY,
                "address_string": "x",
                "description": "d",
                "api_key": "wrong",
            },
            403,
        ),
        ({"address_string": "x", "description": "d"}, 400),
        ({"service_code": "tidak_ada", "address_string": "x", "description": "d"}, 404),
        ({"service_code": CATEGORY, "description": "tanpa lokasi"}, 400),
        ({"service_code": CATEGORY, "lat": "-4.5", "description": "tanpa long"}, 400),
        ({"service_code": CATEGORY, "lat": "abc", "long": "1", "description": "d"}, 400),
        ({"service_code": CATEGORY, "lat": "95", "long": "1", "description": "d"}, 400),
        ({"service_code": CATEGORY, "lat": "nan", "long": "1", "description": "d"}, 400),
        ({"service_code": CATEGORY, "address_string": "x"}, 400),
        ({"service_code": CATEGORY, "address_string": "x", "description": "d" * 4001}, 400),
    ],
)
def test_post_errors_use_the_open311_error_format(module_world, form, status):
    before = module_world.sql("SELECT COUNT(*) FROM reports")[0][0]
    r = _post(module_world, form)
    assert _is_open311_error(r, status), r.text
    assert module_world.sql("SELECT COUNT(*) FROM reports")[0][0] == before


def test_post_with_unreadable_body(module_world):
    r = _public(module_world).post(
        f"{BASE}/requests.json", content=b"\x00\x01", headers={"Content-Type": "image/png"}
    )
    assert _is_open311_error(r, 400)
    r = _public(module_world).post(
        f"{BASE}/requests.json", content=b"{broken", headers={"Content-Type": "application/json"}
    )
    assert _is_open311_error(r, 400)


def _published(world, **intake):
    """A report verified and dispatched to OPD A (public from then on)."""
    rep = world.submit(**intake)
    world.dispatch(rep["id"], AGENCY_A)
    return rep


def test_get_request_fields(module_world):
    w = module_world
    rep = _published(w)
    [req] = _public(w).get(f"{BASE}/requests/{rep['tracking_id']}.json").json()
    assert req["service_request_id"] == rep["tracking_id"]
    assert req["status"] == "open"
    assert req["status_notes"] == "Belum Ditindaklanjuti"
    assert req["service_code"] == CATEGORY and req["service_name"]
    assert req["agency_responsible"] == "Dinas Pekerjaan Umum dan Penataan Ruang"
    assert req["description"].startswith("Lubang besar")
    assert req["address"].endswith("Kabupaten Mimika")
    assert (req["lat"], req["long"]) == (-4.546, 136.883)
    assert req["media_url"] is None
    for key in ("requested_datetime", "updated_datetime", "expected_datetime"):
        assert datetime.fromisoformat(req[key]).tzinfo is not None


def test_completed_and_archived_reports_are_closed(module_world):
    w = module_world
    rep = _published(w)
    w.op("petugas_a", "respond", rep["id"], {"text": "Selesai diperbaiki.", "final": True})
    [req] = _public(w).get(f"{BASE}/requests/{rep['tracking_id']}.json").json()
    assert (req["status"], req["status_notes"]) == ("closed", "Selesai")
    assert req["expected_datetime"] is None
    dup = w.submit()
    res = w.ops(
        "koordinator",
        make_op("verify", dup["id"]),
        make_op("archive", dup["id"], {"reason": "duplicate", "duplicate_of": rep["id"]}),
    )
    assert [x["outcome"] for x in res] == ["applied", "applied"]
    [req] = _public(w).get(f"{BASE}/requests/{dup['tracking_id']}.json").json()
    assert (req["status"], req["status_notes"]) == ("closed", "Diarsipkan")


def test_unverified_reports_are_not_listed_and_show_only_their_status(module_world):
    w = module_world
    rep = w.submit(body="Isi belum diverifikasi UNVERIFIED-CANARY")
    listing = _public(w).get(f"{BASE}/requests.json")
    assert rep["tracking_id"] not in listing.text
    assert "UNVERIFIED-CANARY" not in listing.text
    [req] = _public(w).get(f"{BASE}/requests/{rep['tracking_id']}.json").json()
    assert req["status"] == "open" and req["status_notes"] == "Belum Terverifikasi"
    assert req["description"] is None and req["lat"] is None and req["address"] is None


def test_secret_reports_never_appear(module_world):
    w = module_world
    rep = _published(w, is_secret=True, body="Isi rahasia SECRET-CANARY")
    c = _public(w)
    for r in (
        c.get(f"{BASE}/requests.json"),
        c.get(f"{BASE}/requests.json", params={"service_request_id": rep["tracking_id"]}),
        c.get(f"{BASE}/requests.json", params={"status": "open"}),
    ):
        assert r.status_code == 200
        assert rep["tracking_id"] not in r.text and "SECRET-CANARY" not in r.text
    assert _is_open311_error(c.get(f"{BASE}/requests/{rep['tracking_id']}.json"), 404)


def test_reporter_identity_never_appears(module_world):
    w = module_world
    canary = f"Canary{uuid.uuid4().hex[:8]}"
    rep = _published(
        w,
        is_anonymous=True,
        reporter={"name": f"{canary} Nama", "phone": "0899-CANARY", "email": f"{canary}@mail.id"},
    )
    named = _published(w, reporter={"name": f"{canary} Terbuka", "phone": "0877-CANARY"})
    c = _public(w)
    texts = [
        c.get(f"{BASE}/requests.json").text,
        c.get(f"{BASE}/requests/{rep['tracking_id']}.json").text,
        c.get(f"{BASE}/requests/{named['tracking_id']}.json").text,
        c.get(
            f"{BASE}/requests.json",
            params={"service_request_id": f"{rep['tracking_id']},{named['tracking_id']}"},
        ).text,
    ]
    assert rep["tracking_id"] in texts[0] and named["tracking_id"] in texts[0]
    for text in texts:
        assert canary not in text and "CANARY" not in text


def test_filters(module_world):
    w = module_world
    open_rep = _published(w)
    done = _published(w, category_code="kesehatan")
    w.op("petugas_a", "respond", done["id"], {"text": "Beres.", "final": True})
    c = _public(w)

    def ids(**params):
        r = c.get(f"{BASE}/requests.json", params=params)
        assert r.status_code == 200, r.text
        return [x["service_request_id"] for x in r.json()]

    assert open_rep["tracking_id"] in ids(status="open")
    assert open_rep["tracking_id"] not in ids(status="closed")
    assert done["tracking_id"] in ids(status="closed")
    assert done["tracking_id"] in ids(status="open,closed")
    assert set(ids(service_code="kesehatan")) >= {done["tracking_id"]}
    assert open_rep["tracking_id"] not in ids(service_code="kesehatan")
    both = ids(service_request_id=f"{done['tracking_id']},{open_rep['tracking_id']}")
    assert both == [done["tracking_id"], open_rep["tracking_id"]]
    past_end = (datetime.now().astimezone() - timedelta(days=30)).isoformat()
    assert open_rep["tracking_id"] not in ids(end_date=past_end)
    start = (datetime.now().astimezone() - timedelta(days=1)).isoformat()
    assert open_rep["tracking_id"] in ids(start_date=start)


@pytest.mark.parametrize(
    "params",
    [
        {"start_date": "kemarin"},
        {"end_date": "2026-11-01"},  # no time zone
        {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-11-01T00:00:00Z"},  # > 90 days
        {"start_date": "2026-11-02T00:00:00Z", "end_date": "2026-11-01T00:00:00Z"},
        {"status": "pending"},
        {"service_request_id": ",,,"},
    ],
)
def test_bad_list_parameters_are_400(module_world, params):
    r = _public(module_world).get(f"{BASE}/requests.json", params=params)
    assert _is_open311_error(r, 400), r.text


def test_unknown_request_is_404(module_world):
    assert _is_open311_error(_public(module_world).get(f"{BASE}/requests/MMK-0000-NONE.json"), 404)
