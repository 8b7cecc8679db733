"""Bad input gets a 4xx at the edge, for every endpoint (issue 12 #6, #15): lone surrogates and
integers beyond 64 bits in any JSON body, a 200 KB header; and a 500 writes one traceback and
keeps the connection.
"""

from __future__ import annotations

import logging
import socket
import ssl
import threading
import time

import httpx
import pytest
import uvicorn
from fastapi import APIRouter

from lapor_server.edge_http import ProblemH11Protocol
from tests.server.conftest import World, make_op
from tests.support.servers import free_port

SURROGATE = b'"\\ud800"'
HUGE = str(2**64).encode()


def _json_endpoints(world: World) -> list[tuple[str, str]]:
    """Every documented (method, path) that takes a JSON body, with sample path parameters."""
    doc = world.client.get("/openapi.json").json()
    found = []
    for path, item in doc["paths"].items():
        for method, op in item.items():
            content = (op.get("requestBody") or {}).get("content", {})
            if "application/json" in content:
                concrete = path.replace("{report_id}", "r-1").replace("{sha256}", "a" * 64)
                concrete = concrete.replace("{tracking_id}", "LPR-1")
                found.append((method.upper(), concrete))
    assert len(found) >= 5, found
    return found


@pytest.mark.parametrize(
    ("value", "reason"), [(SURROGATE, "lone_surrogate"), (HUGE, "number_out_of_range")]
)
def test_every_json_endpoint_refuses_unstorable_values(world: World, value: bytes, reason: str):
    headers = {**world.headers("koor"), "Content-Type": "application/json"}
    for method, path in _json_endpoints(world):
        body = b'{"text": ' + value + b', "nested": [{"x": ' + value + b"}]}"
        r = world.client.request(method, path, content=body, headers=headers)
        if path.startswith("/open311/"):  # Open311's own error format, status 400
            assert r.status_code == 400, (method, path, r.status_code, r.text)
            continue
        assert r.status_code == 422, (method, path, r.status_code, r.text)
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.json()["reason"] == reason, (method, path)


def test_op_payload_with_a_lone_surrogate_or_huge_number_is_refused(world: World):
    rid = world.report("dispatched")
    h = {**world.headers("petugas_a"), "Content-Type": "application/json"}
    op = make_op("note", rid, {"text": "PLACEHOLDER"})
    for value in (SURROGATE, HUGE, b"-" + HUGE):
        raw = httpx._content.json_dumps({"ops": [op]}).encode()  # type: ignore[attr-defined]
        raw = raw.replace(b'"PLACEHOLDER"', value)
        r = world.client.post("/api/v1/ops", content=raw, headers=h)
        assert r.status_code == 422, r.text
    # A valid surrogate pair (an emoji) and the largest 64-bit number pass the edge.
    op = make_op("note", rid, {"text": "Terima kasih \U0001f600"})
    r = world.client.post("/api/v1/ops", json={"ops": [op]}, headers=world.headers("petugas_a"))
    assert r.status_code == 200 and r.json()["results"][0]["outcome"] == "applied"
    r = world.client.get("/api/v1/feed", params={"limit": 2**63 - 1}, headers=h)
    assert r.status_code == 422


def test_not_a_number_is_malformed_json(world: World):
    r = world.client.post(
        "/api/v1/session",
        content=b'{"username": "koor", "password": NaN}',
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code == 400
    assert r.json()["reason"] == "malformed_json"


def _boom_app(world: World):  # type: ignore[no-untyped-def]
    router = APIRouter()

    @router.get("/api/v1/_boom")
    def boom() -> None:
        raise RuntimeError("rusak di dalam")

    app = world.client.app
    app.include_router(router)
    return app


def test_a_500_logs_one_traceback_and_repeats_as_one_line(world: World, caplog):
    _boom_app(world)
    caplog.set_level(logging.ERROR)
    for _ in range(3):
        r = world.client.get("/api/v1/_boom")
        assert r.status_code == 500
        assert r.headers["content-type"].startswith("application/problem+json")
    with_traceback = [rec for rec in caplog.records if rec.exc_info]
    assert len(with_traceback) == 1
    assert len([rec for rec in caplog.records if "/api/v1/_boom" in rec.getMessage()]) == 3


def test_a_500_keeps_the_connection_alive(world: World):
    app = _boom_app(world)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(100):
            if server.started:
                break
            time.sleep(0.05)
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            request = b"GET /api/v1/_boom HTTP/1.1\r\nHost: x\r\n\r\n"
            answers = []
            for _ in range(2):  # the second request goes over the same connection
                sock.sendall(request)
                data = b""
                while b"internal-error" not in data:
                    chunk = sock.recv(65536)
                    assert chunk, "the server closed the connection after a 500"
                    data += chunk
                answers.append(data)
        assert all(a.startswith(b"HTTP/1.1 500") for a in answers)
        assert b"connection: close" not in answers[0].lower()
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_a_huge_header_gets_a_problem_answer(world: World):
    """uvicorn's own parse errors, with the protocol `serve` uses."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            world.client.app,
            host="127.0.0.1",
            port=port,
            log_level="critical",
            lifespan="off",
            http=ProblemH11Protocol,
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(100):
            if server.started:
                break
            time.sleep(0.05)
        r = httpx.get(
            f"http://127.0.0.1:{port}/api/v1/health", headers={"X-Big": "a" * 200_000}, timeout=10
        )
        assert 400 <= r.status_code < 500
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.json()["reason"] == "malformed_http"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_serve_answers_a_huge_header_with_a_problem(server_sqlite):
    ctx: ssl.SSLContext = server_sqlite.ssl_context()
    r = httpx.get(
        server_sqlite.url + "/api/v1/health",
        headers={"X-Big": "a" * 200_000},
        verify=ctx,
        timeout=20,
    )
    assert 400 <= r.status_code < 500
    assert r.headers["content-type"].startswith("application/problem+json")
