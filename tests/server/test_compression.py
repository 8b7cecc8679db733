"""Content codings on the server: answers compressed only when asked, request bodies decoded under
the size limit, files never compressed (tests the middleware through the real app)."""

from __future__ import annotations

import json
import zlib

import orjson
import pytest

from lapor_core import encoding
from tests.server.conftest import make_op


def _feed(world, accept: str | None):
    headers = world.headers("koor")
    if accept is not None:
        headers["Accept-Encoding"] = accept
    # httpx would decode for us; read the raw bytes to see what crossed the wire
    with world.client.stream("GET", "/api/v1/feed", headers=headers) as r:
        raw = b"".join(r.iter_raw())
    return r, raw


@pytest.mark.parametrize("coding", encoding.SUPPORTED)
def test_feed_is_compressed_when_asked_and_decodes_to_the_plain_page(world, coding):
    for _ in range(3):
        world.report("dispatched")
    plain_resp, plain = _feed(world, "identity")
    assert "content-encoding" not in plain_resp.headers
    resp, raw = _feed(world, f"{coding}, br;q=0.5")
    assert resp.headers["content-encoding"] == coding
    assert "accept-encoding" in resp.headers["vary"].lower()
    assert int(resp.headers["content-length"]) == len(raw) < len(plain)
    assert encoding.decompress(raw, coding, 10**7) == plain
    assert orjson.loads(plain)["items"]


def test_an_old_desk_without_accept_encoding_gets_plain_json(world):
    world.report("dispatched")
    resp = world.client.get(
        "/api/v1/feed", headers={**world.headers("koor"), "Accept-Encoding": ""}
    )
    assert resp.status_code == 200
    assert "content-encoding" not in resp.headers
    assert resp.json()["items"]


def test_refused_codings_are_not_used(world):
    world.report("dispatched")
    _, raw = _feed(world, "gzip;q=0, zstd;q=0, *;q=0")
    assert orjson.loads(raw)["items"]


def test_files_are_never_compressed(world):
    data = b"%PDF-1.4\n" + b"0" * 5000
    sha = __import__("hashlib").sha256(data).hexdigest()
    headers = {**world.headers("petugas_a"), "Content-Type": "application/pdf"}
    assert world.client.put(
        f"/api/v1/attachments/{sha}", content=data, headers=headers
    ).status_code in (200, 201)
    # an upload may not be sent compressed either: the bytes are the file, hashed as they come
    bad = world.client.put(
        f"/api/v1/attachments/{sha}",
        content=encoding.compress(data, "gzip"),
        headers={**headers, "Content-Encoding": "gzip"},
    )
    assert bad.status_code == 415


def test_compressed_op_bodies_are_decoded(world):
    rid = world.report("dispatched")
    body = json.dumps({"ops": [make_op("note", rid, {"text": "Catatan internal " * 40})]}).encode()
    for coding in encoding.SUPPORTED:
        op = {"ops": [make_op("note", rid, {"text": f"Catatan {coding} " * 40})]}
        body = encoding.compress(json.dumps(op).encode(), coding)
        r = world.client.post(
            "/api/v1/ops",
            content=body,
            headers={
                **world.headers("petugas_a"),
                "Content-Type": "application/json",
                "Content-Encoding": coding,
            },
        )
        assert r.status_code == 200, r.text
        assert r.json()["results"][0]["outcome"] == "applied"
        assert set(encoding.SUPPORTED) <= {
            c.strip() for c in r.headers["accept-encoding"].split(",")
        }


def test_a_compression_bomb_stops_at_the_json_limit(world):
    bomb = zlib.compressobj(9, zlib.DEFLATED, 31)
    payload = (
        bomb.compress(b'{"ops": ["' + b"a" * (world.settings.max_json_bytes + 10)) + bomb.flush()
    )
    assert len(payload) < 20_000
    r = world.client.post(
        "/api/v1/ops",
        content=payload,
        headers={
            **world.headers("petugas_a"),
            "Content-Type": "application/json",
            "Content-Encoding": "gzip",
        },
    )
    assert r.status_code == 413
    assert r.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    ("coding", "body", "status"),
    [
        ("br", b"xx", 415),
        ("gzip", b"not gzip at all", 400),
        ("gzip", encoding.compress(b'{"ops": []}' * 100, "gzip")[:-8], 400),
    ],
)
def test_unknown_or_broken_request_codings_are_refused(world, coding, body, status):
    r = world.client.post(
        "/api/v1/ops",
        content=body,
        headers={
            **world.headers("petugas_a"),
            "Content-Type": "application/json",
            "Content-Encoding": coding,
        },
    )
    assert r.status_code == status
