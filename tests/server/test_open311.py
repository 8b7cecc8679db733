"""Open311 GeoReport v2 over real HTTPS, on SQLite and PostgreSQL: discovery, services, requests,
the public reads' privacy (no secret reports, no reporter identity), Open311 error arrays, the XML
twin of every endpoint and `jurisdiction_id`."""

from __future__ import annotations

import re
import urllib.parse
import uuid
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.support.world import AGENCY_A, CATEGORY, make_op

BASE = "/open311/v2"
JURISDICTION = "mimikakab.go.id"  # the default of the open311_jurisdiction_id setting


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
    assert ep["formats"] == ["application/json", "application/xml"]
    assert ep["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert r.json()["jurisdiction_id"] == JURISDICTION


def test_services_are_the_categories(module_world):
    services = _public(module_world).get(f"{BASE}/services.json").json()
    ref = module_world.client("koordinator").get("/api/v1/reference").json()
    assert {s["service_code"] for s in services} == {c["code"] for c in ref["categories"]}
    pu = next(s for s in services if s["service_code"] == CATEGORY)
    assert pu["metadata"] is True and pu["type"] == "realtime"  # anonim, rahasia
    assert pu["service_name"] and pu["group"] and isinstance(pu["keywords"], str)


def test_service_definition_and_unknown_service(module_world):
    c = _public(module_world)
    ok = c.get(f"{BASE}/services/{CATEGORY}.json")
    assert ok.json()["service_code"] == CATEGORY
    assert [a["code"] for a in ok.json()["attributes"]] == ["anonim", "rahasia"]
    missing = c.get(f"{BASE}/services/tidak_ada.json")
    assert _is_open311_error(missing, 404)


def _post(world, data=None, json=None, key=True, fmt="json"):
    form = dict(data or {})
    if key and data is not None:
        form.setdefault("api_key", world.channel_key)
    return _public(world).post(
        f"{BASE}/requests.{fmt}", data=form if data is not None else None, json=json
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
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_post_errors_use_the_open311_error_format(module_world, form, status, fmt):
    before = module_world.sql("SELECT COUNT(*) FROM reports")[0][0]
    r = _post(module_world, form, fmt=fmt)
    if fmt == "json":
        assert _is_open311_error(r, status), r.text
    else:
        assert _xml_error(r, status)
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
    # status_notes: the latest public answer (issue 13)
    assert (req["status"], req["status_notes"]) == ("closed", "Selesai diperbaiki.")
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


BAD_LIST_PARAMS = [
    {"start_date": "kemarin"},
    {"end_date": "2026-11-01"},  # no time zone
    {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-11-01T00:00:00Z"},  # > 90 days
    {"start_date": "2026-11-02T00:00:00Z", "end_date": "2026-11-01T00:00:00Z"},
    {"status": "pending"},
    {"service_request_id": ",,,"},
]


@pytest.mark.parametrize("params", BAD_LIST_PARAMS)
def test_bad_list_parameters_are_400(module_world, params):
    r = _public(module_world).get(f"{BASE}/requests.json", params=params)
    assert _is_open311_error(r, 400), r.text


def test_unknown_request_is_404(module_world):
    assert _is_open311_error(_public(module_world).get(f"{BASE}/requests/MMK-0000-NONE.json"), 404)


# --- XML: the same data as the JSON twin, in the spec's elements ---------------------------------

SERVICE_ELEMENTS = [
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
]
REQUEST_ELEMENTS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]
CREATED_ELEMENTS = ["service_request_id", "service_notice", "account_id", "reporter_token"]


def _xml(r, status: int = 200) -> ET.Element:
    """The parsed XML answer, after checking its status, media type and declaration."""
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/xml; charset=utf-8"
    assert r.content.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    return ET.fromstring(r.content)


def _xml_error(r, status: int) -> str:
    """Checks the spec's XML error document; returns the description."""
    root = _xml(r, status)
    assert root.tag == "errors"
    [err] = list(root)
    assert err.tag == "error"
    assert [e.tag for e in err] == ["code", "description"]
    assert err.findtext("code") == str(status)
    description = err.findtext("description")
    assert description
    return description


_C0_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _text(value: Any) -> str | None:
    """A JSON value as its XML twin carries it: null (or "") is an empty element, booleans are
    true/false, numbers are written as JSON writes them, C0 controls XML 1.0 cannot carry are
    U+FFFD (the only such characters a report can hold)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return _C0_NOT_IN_XML.sub("\ufffd", str(value))


def _same(element: ET.Element, item: dict[str, Any], names: list[str]) -> None:
    """`element` has exactly the children `names`, in the JSON object's order and values."""
    assert [e.tag for e in element] == names == list(item)
    for child in element:
        assert len(child) == 0, child.tag
        assert child.text == _text(item[child.tag]), child.tag


def test_discovery_xml(module_world):
    c = _public(module_world)
    as_json = c.get(f"{BASE}/discovery.json").json()
    root = _xml(c.get(f"{BASE}/discovery.xml"))
    assert root.tag == "discovery"
    assert [e.tag for e in root] == [
        "changeset",
        "contact",
        "key_service",
        "jurisdiction_id",
        "endpoints",
    ]
    for name in ("changeset", "contact", "key_service", "jurisdiction_id"):
        assert root.findtext(name) == as_json[name]
    assert root.findtext("jurisdiction_id") == JURISDICTION
    [endpoint] = root.find("endpoints")
    assert endpoint.tag == "endpoint"
    assert [e.tag for e in endpoint] == ["specification", "url", "changeset", "type", "formats"]
    [ep_json] = as_json["endpoints"]
    for name in ("specification", "url", "changeset", "type"):
        assert endpoint.findtext(name) == ep_json[name]
    formats = endpoint.find("formats")
    assert [e.tag for e in formats] == ["format", "format"]
    assert (
        [e.text for e in formats] == ep_json["formats"] == ["application/json", "application/xml"]
    )


def test_services_xml_carry_the_json_values(module_world):
    c = _public(module_world)
    as_json = c.get(f"{BASE}/services.json").json()
    root = _xml(c.get(f"{BASE}/services.xml"))
    assert root.tag == "services"
    assert as_json and [e.tag for e in root] == ["service"] * len(as_json)
    for element, item in zip(root, as_json, strict=True):
        _same(element, item, SERVICE_ELEMENTS)
    pu = next(e for e in root if e.findtext("service_code") == CATEGORY)
    assert (pu.findtext("metadata"), pu.findtext("type")) == ("true", "realtime")


def test_service_definition_xml_and_unknown_service(module_world):
    c = _public(module_world)
    root = _xml(c.get(f"{BASE}/services/{CATEGORY}.xml"))
    assert root.tag == "service_definition"
    assert [e.tag for e in root] == ["service_code", "attributes"]
    assert root.findtext("service_code") == CATEGORY
    assert [a.findtext("code") for a in root.find("attributes")] == ["anonim", "rahasia"]
    assert "'tidak_ada' not found" in _xml_error(c.get(f"{BASE}/services/tidak_ada.xml"), 404)
    # an echoed hostile code is text, not markup
    hostile = urllib.parse.quote("<b>&]]>", safe="")
    assert "'<b>&]]>' not found" in _xml_error(c.get(f"{BASE}/services/{hostile}.xml"), 404)


#: every XML-special sequence, CR LF and tab (kept), C0 controls (not in XML 1.0: U+FFFD in XML
#: output), DEL (allowed), and characters outside ASCII and the BMP
HOSTILE = (
    "<script>alert('x')</script> & &amp; ]]> <![CDATA[ y ]]> \"kutip\"\r\nbaris\tdua "
    "\x01\x08\x0b\x0c\x1f\x7f kafé 🌋"
)
HOSTILE_IN_XML = (
    "<script>alert('x')</script> & &amp; ]]> <![CDATA[ y ]]> \"kutip\"\r\nbaris\tdua "
    "\ufffd\ufffd\ufffd\ufffd\ufffd\x7f kafé 🌋"
)


def test_post_xml_and_hostile_text_round_trip(module_world):
    w = module_world
    c = _public(w)
    r = _post(
        w,
        {
            "service_code": CATEGORY,
            "lat": "-4.55",
            "long": "136.88",
            "address_string": "Jl. <Cenderawasih> & Co",
            "description": HOSTILE,
            "account_id": "acc-<&>",
        },
        fmt="xml",
    )
    root = _xml(r, 201)
    assert root.tag == "service_requests"
    [created] = root
    assert created.tag == "request"
    assert [e.tag for e in created] == CREATED_ELEMENTS
    assert created.findtext("account_id") == "acc-<&>"
    assert "diverifikasi" in created.findtext("service_notice")
    tid = created.findtext("service_request_id")
    snap = next(s for s in w.feed("koordinator").values() if s["tracking_id"] == tid)
    assert snap["channel"] == "open311" and snap["body"] == HOSTILE  # stored as sent

    # not verified yet: only status and times, the rest empty elements (null)
    [waiting] = c.get(f"{BASE}/requests/{tid}.json").json()
    assert waiting["description"] is None
    _same(_xml(c.get(f"{BASE}/requests/{tid}.xml"))[0], waiting, REQUEST_ELEMENTS)

    w.dispatch(snap["id"], AGENCY_A)
    [as_json] = c.get(f"{BASE}/requests/{tid}.json").json()
    assert as_json["description"] == HOSTILE  # JSON carries every character
    assert as_json["address"] == "Jl. <Cenderawasih> & Co, Kabupaten Mimika"
    raw = c.get(f"{BASE}/requests/{tid}.xml")
    assert b"<script>" not in raw.content and b"]]>" not in raw.content
    assert b"&#13;" in raw.content  # CR as a reference, so parsers keep CR LF
    root = _xml(raw)
    assert root.tag == "service_requests"
    [element] = root
    assert element.tag == "request"
    assert element.findtext("description") == HOSTILE_IN_XML
    _same(element, as_json, REQUEST_ELEMENTS)
    listed = c.get(f"{BASE}/requests.xml", params={"service_request_id": tid})
    assert listed.content == raw.content


def test_request_list_xml_carries_the_json_values(module_world):
    w = module_world
    one = _published(w)
    done = _published(w, category_code="kesehatan")
    w.op("petugas_a", "respond", done["id"], {"text": "Beres.", "final": True})
    c = _public(w)
    for params in (
        {},
        {"service_request_id": f"{done['tracking_id']},{one['tracking_id']}"},
        {"status": "closed"},
        {"service_code": "kesehatan"},
    ):
        as_json = c.get(f"{BASE}/requests.json", params=params).json()
        root = _xml(c.get(f"{BASE}/requests.xml", params=params))
        assert root.tag == "service_requests"
        assert as_json and [e.tag for e in root] == ["request"] * len(as_json)
        for element, item in zip(root, as_json, strict=True):
            _same(element, item, REQUEST_ELEMENTS)
    closed = _xml(c.get(f"{BASE}/requests/{done['tracking_id']}.xml"))[0]
    assert closed.findtext("status") == "closed"
    assert closed.find("expected_datetime").text is None


@pytest.mark.parametrize("params", BAD_LIST_PARAMS)
def test_bad_list_parameters_are_xml_400(module_world, params):
    r = _public(module_world).get(f"{BASE}/requests.xml", params=params)
    assert _xml_error(r, 400)


def test_xml_error_texts_are_text(module_world):
    c = _public(module_world)
    assert "not found" in _xml_error(c.get(f"{BASE}/requests/MMK-0000-NONE.xml"), 404)
    hostile = "<b>&]]>\x01\x02"
    as_json = c.get(f"{BASE}/requests.json", params={"start_date": hostile})
    assert _is_open311_error(as_json, 400)
    assert f"'{hostile}'" in as_json.json()[0]["description"]
    r = c.get(f"{BASE}/requests.xml", params={"start_date": hostile})
    assert "'<b>&]]>\ufffd\ufffd'" in _xml_error(r, 400)


def test_post_xml_with_unreadable_body(module_world):
    c = _public(module_world)
    r = c.post(f"{BASE}/requests.xml", content=b"\x00\x01", headers={"Content-Type": "image/png"})
    assert "unreadable" in _xml_error(r, 400)
    r = c.post(
        f"{BASE}/requests.xml", content=b"{broken", headers={"Content-Type": "application/json"}
    )
    assert "unreadable" in _xml_error(r, 400)


def test_post_xml_accepts_a_json_object_too(module_world):
    r = _post(
        module_world,
        json={
            "api_key": module_world.channel_key,
            "service_code": CATEGORY,
            "address_string": "Pasar Lama",
            "description": "Sampah.",
        },
        fmt="xml",
    )
    [created] = _xml(r, 201)
    assert created.findtext("service_request_id")
    assert created.find("account_id").text is None


# --- jurisdiction_id ------------------------------------------------------------------------------


def _refused(r, fmt: str) -> str:
    """The description of a 404 in the endpoint's format."""
    if fmt == "xml":
        return _xml_error(r, 404)
    assert _is_open311_error(r, 404), r.text
    return r.json()[0]["description"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_jurisdiction_id_is_optional_and_only_ours(module_world, fmt):
    w = module_world
    rep = _published(w)
    c = _public(w)
    for path in ("services", f"services/{CATEGORY}", "requests", f"requests/{rep['tracking_id']}"):
        url = f"{BASE}/{path}.{fmt}"
        plain = c.get(url)
        assert plain.status_code == 200, plain.text
        for given in ("", JURISDICTION, " MimikaKab.go.id "):
            r = c.get(url, params={"jurisdiction_id": given})
            assert r.status_code == 200, (url, given, r.text)
            assert r.content == plain.content  # the same answer as without it
        description = _refused(c.get(url, params={"jurisdiction_id": "sfgov.org"}), fmt)
        assert "jurisdiction_id 'sfgov.org' not found" in description
        assert JURISDICTION in description


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_post_jurisdiction_id(module_world, fmt):
    w = module_world
    form = {"service_code": CATEGORY, "address_string": "Pasar Lama", "description": "Sampah."}
    ok = _post(w, {**form, "jurisdiction_id": JURISDICTION}, fmt=fmt)
    assert ok.status_code == 201, ok.text
    before = w.sql("SELECT COUNT(*) FROM reports")[0][0]
    wrong = _post(w, {**form, "jurisdiction_id": "sfgov.org"}, fmt=fmt)
    assert "jurisdiction_id 'sfgov.org' not found" in _refused(wrong, fmt)
    in_query = _public(w).post(
        f"{BASE}/requests.{fmt}",
        params={"jurisdiction_id": "sfgov.org"},
        json={**form, "api_key": w.channel_key},
    )
    assert "sfgov.org" in _refused(in_query, fmt)
    assert w.sql("SELECT COUNT(*) FROM reports")[0][0] == before
