"""Open311 at its edges (issue 12, items 6 and 15): hostile text and dates answer 4xx in Open311's
own format, the `.xml` endpoints answer every error in XML, and a POST can ask for anonim or
rahasia through the service definition's attributes."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from tests.support.world import CATEGORY

BASE = "/open311/v2"


def _error(r, status: int, fmt: str) -> str:
    """The description of an Open311 error answer in `fmt`, after checking its shape."""
    assert r.status_code == status, r.text
    if fmt == "xml":
        assert r.headers["content-type"] == "application/xml; charset=utf-8", r.text
        root = ET.fromstring(r.content)
        assert root.tag == "errors" and root.findtext("error/code") == str(status)
        return root.findtext("error/description") or ""
    assert r.headers["content-type"] == "application/json", r.text
    [err] = r.json()
    assert err["code"] == status
    return err["description"]


FIELDS = ["service_code", "description", "address_string", "first_name", "email", "api_key"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("field", FIELDS)
def test_a_lone_surrogate_in_any_post_field_is_a_400(module_world, field, fmt):
    form = {
        "api_key": module_world.channel_key,
        "service_code": CATEGORY,
        "description": "Jalan rusak",
        "address_string": "Jl. Cenderawasih",
    }
    form[field] = form.get(field, "x") + "\ud800"
    # JSON can carry a lone surrogate as an escape; the raw JSON text is plain ASCII.
    body = json.dumps(form).encode()
    r = module_world.client(None).post(
        f"{BASE}/requests.{fmt}", content=body, headers={"Content-Type": "application/json"}
    )
    assert "surrogate" in _error(r, 400, fmt)


OVERFLOWING = [
    {"start_date": "0001-01-01T00:00:00+09:00"},
    {"end_date": "0001-01-01T05:00:00+09:00"},
    {"end_date": "9999-12-31T23:00:00-12:00"},
    {"start_date": "9999-12-31T23:00:00-12:00", "end_date": "9999-12-31T23:30:00-12:00"},
]


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("params", OVERFLOWING)
def test_dates_whose_zone_shift_overflows_are_a_400(module_world, params, fmt):
    r = module_world.client(None).get(f"{BASE}/requests.{fmt}", params=params)
    assert "range" in _error(r, 400, fmt)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_every_error_speaks_the_endpoints_format(module_world, fmt):
    c = module_world.client(None)
    # a method the endpoint does not have (FastAPI's own 405), with its Allow header
    r = c.put(f"{BASE}/requests.{fmt}", content=b"")
    _error(r, 405, fmt)
    assert "POST" in r.headers["allow"]
    # a body over the limit (the body-limit middleware answers before any endpoint)
    r = c.post(
        f"{BASE}/requests.{fmt}",
        content=b"a" * (3 * 1024 * 1024),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    _error(r, 413, fmt)
    # NUL in the query (the input guard)
    r = c.get(f"{BASE}/requests.{fmt}?status=open%00")
    _error(r, 400, fmt)
    # no such Open311 resource
    _error(c.get(f"{BASE}/nothing-here.{fmt}"), 404, fmt)


def test_service_definitions_offer_anonim_and_rahasia(module_world):
    c = module_world.client(None)
    [service] = [s for s in c.get(f"{BASE}/services.json").json() if s["service_code"] == CATEGORY]
    assert service["metadata"] is True
    definition = c.get(f"{BASE}/services/{CATEGORY}.json").json()
    codes = {a["code"]: a for a in definition["attributes"]}
    assert {"anonim", "rahasia"} <= set(codes)
    for attr in codes.values():
        assert attr["variable"] is True and attr["required"] is False
        assert attr["datatype"] == "singlevaluelist"
        assert {v["key"] for v in attr["values"]} == {"true", "false"}
    root = ET.fromstring(c.get(f"{BASE}/services/{CATEGORY}.xml").content)
    assert {a.findtext("code") for a in root.iter("attribute")} >= {"anonim", "rahasia"}


def _create(world, **extra):
    form = {
        "api_key": world.channel_key,
        "service_code": CATEGORY,
        "description": "Lampu jalan mati",
        "address_string": "Jl. Yos Sudarso",
        "first_name": "Kanari",
        "last_name": "Zqx",
        "email": "kanari.zqx@example.org",
        **extra,
    }
    r = world.client(None).post(f"{BASE}/requests.json", data=form)
    assert r.status_code == 201, r.text
    return r.json()[0]["service_request_id"]


def _snapshot(world, tracking_id):
    return next(r for r in world.feed("koordinator").values() if r["tracking_id"] == tracking_id)


@pytest.mark.parametrize(
    ("attrs", "anonymous", "secret"),
    [
        ({"attribute[anonim]": "true"}, True, False),
        ({"attribute[rahasia]": "true"}, False, True),
        ({"attribute[anonim]": "true", "attribute[rahasia]": "true"}, True, True),
        ({"attribute[anonim]": "false"}, False, False),
    ],
)
def test_post_can_ask_for_anonim_and_rahasia(module_world, attrs, anonymous, secret):
    tid = _create(module_world, **attrs)
    snap = _snapshot(module_world, tid)
    assert snap["is_anonymous"] is anonymous and snap["is_secret"] is secret
    if anonymous:
        assert "Kanari" not in str(snap) and "kanari.zqx" not in str(snap)


def test_an_unknown_attribute_value_is_a_400(module_world):
    r = module_world.client(None).post(
        f"{BASE}/requests.json",
        data={
            "api_key": module_world.channel_key,
            "service_code": CATEGORY,
            "description": "x",
            "address_string": "y",
            "attribute[anonim]": "mungkin",
        },
    )
    assert "anonim" in _error(r, 400, "json")
