"""Bad input anywhere gets an RFC 9457 problem, never a 500, and writes nothing."""

from __future__ import annotations

import sqlalchemy as sa
from fastapi import APIRouter

from lapor_server.models import OpRecord, ReportEvent
from tests.server.conftest import World, make_op


def _is_problem(r, status: int) -> dict:  # type: ignore[no-untyped-def]
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert {"type", "title", "status", "detail"} <= set(body)
    assert body["status"] == status
    assert body["type"].startswith("https://lapor-desk.example/problems/")
    return body


def _counts(world: World) -> tuple[int, int]:
    with world.db.read() as s:
        return (
            s.scalar(sa.select(sa.func.count()).select_from(OpRecord)),
            s.scalar(sa.select(sa.func.count()).select_from(ReportEvent)),
        )


def test_unknown_route_and_method(world: World) -> None:
    _is_problem(world.client.get("/api/v1/tidak-ada"), 404)
    _is_problem(world.client.get("/tidak-ada"), 404)  # "/" is Akai Meno's home page
    body = _is_problem(world.client.put("/api/v1/health"), 405)
    assert "not allowed" in body["detail"]


def test_malformed_json_bodies(world: World) -> None:
    world.report("dispatched")
    before = _counts(world)
    h = {**world.headers("petugas_a"), "content-type": "application/json"}
    for raw in (b"{", b"[1,", b"\xff\xfe", b"null", b"", b'"ops"', b"{'ops': []}"):
        r = world.client.post("/api/v1/ops", content=raw, headers=h)
        assert r.status_code in (400, 422), raw
        _is_problem(r, r.status_code)
    assert _counts(world) == before


def test_wrong_types_everywhere(world: World) -> None:
    rid = world.report("dispatched")
    h = world.headers("petugas_a")
    for payload in (
        {"text": 5, "final": False},
        {"text": "x", "final": "ya"},
        {"text": "x", "attachments": "abc"},
        {"text": "x", "attachments": ["zz"]},
        {"text": ["x"]},
        {"text": "x" * 20_001},
    ):
        res = world.op1("petugas_a", make_op("respond", rid, payload))
        assert res["outcome"] == "rejected" and res["reason"] == "payload", payload
    r = world.client.post(
        "/api/v1/ops", json={"ops": [make_op("note", 12, {"text": "x"})]}, headers=h
    )
    _is_problem(r, 422)
    with world.db.read() as s:
        assert (
            s.scalar(
                sa.select(sa.func.count())
                .select_from(ReportEvent)
                .where(ReportEvent.kind != "submit", ReportEvent.report_id == rid)
            )
            == 2
        )


def test_huge_bodies_are_refused_before_reading(world: World) -> None:
    world.report("dispatched")
    before = _counts(world)
    h = {**world.headers("petugas_a"), "content-type": "application/json"}
    big = b'{"ops": [' + b" " * (world.settings.max_json_bytes + 10) + b"]}"
    body = _is_problem(world.client.post("/api/v1/ops", content=big, headers=h), 413)
    assert "limit" in body["detail"]

    def chunks():  # no Content-Length: counted while streaming
        yield b'{"ops": ['
        for _ in range(40):
            yield b" " * 65536
        yield b"]}"

    r = world.client.post("/api/v1/ops", content=chunks(), headers=h)
    _is_problem(r, 413)
    _is_problem(
        world.client.post(
            "/api/v1/session", content=big, headers={"content-type": "application/json"}
        ),
        413,
    )
    assert _counts(world) == before


def test_bad_dates(world: World) -> None:
    rid = world.report("dispatched")
    before = _counts(world)
    h = world.headers("petugas_a")
    for created in ("2026-13-45T00:00:00+09:00", "kemarin", "2026-11-04T10:00:00", "", [1]):
        op = dict(make_op("note", rid, {"text": "x"}), created_at=created)
        r = world.client.post("/api/v1/ops", json={"ops": [op]}, headers=h)
        _is_problem(r, 422)
    assert _counts(world) == before


def test_unexpected_exception_is_a_plain_500_problem(world: World) -> None:
    router = APIRouter()

    @router.get("/api/v1/_boom")
    def boom() -> None:
        raise RuntimeError("secret internals /etc/passwd")

    world.client.app.include_router(router)
    r = world.client.get("/api/v1/_boom")
    body = _is_problem(r, 500)
    assert "secret" not in r.text and "Traceback" not in r.text
    assert body["type"].endswith("/internal-error")


def test_openapi_document_lists_the_contract(world: World) -> None:
    doc = world.client.get("/openapi.json").json()
    paths = doc["paths"]
    for path, method in (
        ("/api/v1/health", "get"),
        ("/api/v1/session", "post"),
        ("/api/v1/session", "delete"),
        ("/api/v1/reference", "get"),
        ("/api/v1/feed", "get"),
        ("/api/v1/ops", "post"),
    ):
        assert method in paths[path], (path, method)
    assert "bearerAuth" in str(doc["components"]) or "HTTPBearer" in str(doc["components"])
