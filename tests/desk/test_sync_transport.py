"""The desk's HTTPS transport against a scripted TLS server on loopback: typed errors for every
failure, retries with Retry-After, cancellation, gzip, no redirects, no token in logs."""

from __future__ import annotations

import gzip
import json
import logging
import socket
import threading
import time
from email.utils import formatdate

import pytest
import trustme

from lapor_core import encoding
from lapor_desk.errors import (
    AuthError,
    Cancelled,
    OfflineError,
    ProtocolError,
    RejectedError,
    ServerError,
    TlsError,
)
from lapor_desk.sync import logsafe
from lapor_desk.sync.transport import (
    FullResyncRequired,
    RetryPolicy,
    Transport,
    parse_retry_after,
)
from tests.e2e.scripted_server import Handler, ScriptedTlsServer, http_response


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="module")
def ca_file(ca, tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return str(path)


@pytest.fixture
def serve(ca):
    servers = []

    def start(handler: Handler, cert=None) -> ScriptedTlsServer:
        srv = ScriptedTlsServer(cert or ca.issue_cert("127.0.0.1", "localhost"), handler)
        servers.append(srv)
        return srv

    yield start
    for srv in servers:
        srv.close()


class FakeSleep:
    def __init__(self):
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def transport(srv, ca_file, **kw) -> Transport:
    kw.setdefault("timeouts", (2, 2))
    return Transport(srv.url, ca_bundle=ca_file, **kw)


def test_json_roundtrip_and_bearer_token(serve, ca_file):
    srv = serve(lambda m, p, h, b: http_response(200, {"ok": True, "path": p}))
    t = transport(srv, ca_file, token="tok-abcdef-123456")
    assert t.get_json("health") == {"ok": True, "path": "/api/v1/health"}
    assert srv.requests[0][2]["authorization"] == "Bearer tok-abcdef-123456"
    assert "tok-abcdef" not in repr(t)


def test_gzip_bodies_are_accepted(serve, ca_file):
    body = gzip.compress(json.dumps({"items": list(range(100))}).encode())
    srv = serve(lambda m, p, h, b: http_response(200, body, content_encoding="gzip"))
    assert transport(srv, ca_file).get_json("feed")["items"][-1] == 99
    assert "gzip" in srv.requests[0][2]["accept-encoding"]


@pytest.mark.parametrize("coding", encoding.SUPPORTED)
def test_compressed_answer_is_decoded_verified_and_counted(serve, ca_file, coding):
    page = {"items": [{"title": f"Jalan rusak {i}"} for i in range(500)], "has_more": False}
    raw = json.dumps(page).encode()
    body = encoding.compress(raw, coding)
    srv = serve(lambda m, p, h, b: http_response(200, body, content_encoding=coding))
    t = transport(srv, ca_file)
    assert t.get_json("feed") == page
    assert coding in srv.requests[0][2]["accept-encoding"]
    assert t.bytes_received == len(body) < len(raw) / 4  # the wire bytes, not the decoded ones


@pytest.mark.parametrize("coding", encoding.SUPPORTED)
@pytest.mark.parametrize("framing", ["content-length", "close"])
def test_truncated_compressed_answer_is_a_clean_protocol_error(serve, ca_file, coding, framing):
    """A compressed page cut short whose HTTP framing still looks complete (a proxy that
    re-framed it, or a close-delimited body) decodes to no half page: a ProtocolError."""
    raw = json.dumps({"items": [{"body": f"laporan {i} " * 20} for i in range(300)]}).encode()
    cut = encoding.compress(raw, coding)[:-9]

    def handler(m, p, h, b):
        if framing == "content-length":
            return http_response(200, cut, content_encoding=coding)
        head = f"HTTP/1.1 200 X\r\nContent-Type: application/json\r\nContent-Encoding: {coding}"
        return (head + "\r\nConnection: close\r\n\r\n").encode() + cut

    srv = serve(handler)
    with pytest.raises(ProtocolError) as exc:
        transport(srv, ca_file, retry=RetryPolicy(attempts=2), sleep=FakeSleep()).get_json("feed")
    assert exc.value.reason == "truncated"
    assert exc.value.user_message()  # a sentence for the officer, not a traceback
    assert len(srv.requests) == 2  # an idempotent read is tried again


def test_corrupt_gzip_answer_is_protocol_error(serve, ca_file):
    body = bytearray(gzip.compress(json.dumps({"items": list(range(400))}).encode()))
    body[-6] ^= 0xFF  # the CRC-32 trailer no longer matches
    srv = serve(lambda m, p, h, b: http_response(200, bytes(body), content_encoding="gzip"))
    with pytest.raises(ProtocolError) as exc:
        transport(srv, ca_file, retry=RetryPolicy(attempts=1)).get_json("feed")
    assert exc.value.reason == "bad_encoding"


def test_request_bodies_are_compressed_only_once_the_server_said_it_reads_them(serve, ca_file):
    ops = {
        "ops": [{"op_id": str(i), "payload": {"text": "Sudah ditinjau " * 20}} for i in range(20)]
    }

    def handler(m, p, h, b):
        if h.get("content-encoding"):
            b = encoding.decompress(b, h["content-encoding"], 10**7)
        assert json.loads(b) == ops
        return http_response(200, {"results": []}, accept_encoding="zstd, gzip")

    srv = serve(handler)
    t = transport(srv, ca_file)
    t.post_json("ops", ops, idempotent=True)  # first contact: sent plain
    t.post_json("ops", ops, idempotent=True)
    first, second = srv.requests[0], srv.requests[1]
    assert "content-encoding" not in first[2]
    assert second[2]["content-encoding"] == encoding.SUPPORTED[0]
    assert len(second[3]) < len(first[3]) / 4
    assert t.bytes_sent == len(first[3]) + len(second[3])


def test_401_is_auth_error_with_problem_detail(serve, ca_file):
    problem = {
        "type": "about:blank",
        "title": "Unauthorized",
        "status": 401,
        "detail": "token revoked",
    }
    srv = serve(lambda m, p, h, b: http_response(401, problem, "application/problem+json"))
    with pytest.raises(AuthError) as exc:
        transport(srv, ca_file).get_json("feed")
    assert exc.value.detail == "token revoked"
    assert exc.value.problem["status"] == 401
    assert len(srv.requests) == 1  # never retried


def test_410_full_resync_required(serve, ca_file):
    problem = {
        "type": "https://lapor.example/problems/full-resync-required",
        "status": 410,
        "title": "Gone",
    }
    srv = serve(lambda m, p, h, b: http_response(410, problem, "application/problem+json"))
    with pytest.raises(FullResyncRequired):
        transport(srv, ca_file).get_json("feed")


def test_captive_portal_html_is_protocol_error(serve, ca_file):
    html = "<html><body>Silakan login hotspot</body></html>"
    srv = serve(lambda m, p, h, b: http_response(200, html, "text/html"))
    with pytest.raises(ProtocolError) as exc:
        transport(srv, ca_file).get_json("feed")
    assert exc.value.reason == "not_json"
    assert "Wi-Fi" in exc.value.next_step()


def test_redirect_is_not_followed(serve, ca_file):
    srv = serve(
        lambda m, p, h, b: http_response(
            302, "", "text/html", location="http://portal.example/login"
        )
    )
    with pytest.raises(ProtocolError) as exc:
        transport(srv, ca_file).get_json("feed")
    assert exc.value.reason == "redirect"
    assert len(srv.requests) == 1


def test_truncated_body_is_offline_and_ambiguous(serve, ca_file):
    def handler(m, p, h, b):
        full = http_response(200, {"items": ["x" * 200]})
        return full[: len(full) - 100]

    srv = serve(handler)
    sleep = FakeSleep()
    with pytest.raises(OfflineError) as exc:
        transport(srv, ca_file, retry=RetryPolicy(attempts=3), sleep=sleep).get_json("feed")
    assert exc.value.ambiguous
    assert len(srv.requests) == 3  # a GET is retried


def test_malformed_json_is_protocol_error(serve, ca_file):
    srv = serve(lambda m, p, h, b: http_response(200, '{"items": [1, 2'))
    with pytest.raises(ProtocolError) as exc:
        transport(srv, ca_file, retry=RetryPolicy(attempts=2), sleep=FakeSleep()).get_json("feed")
    assert exc.value.reason == "bad_json"


def test_retry_after_seconds_is_honoured_then_success(serve, ca_file):
    calls = []

    def handler(m, p, h, b):
        calls.append(p)
        if len(calls) < 3:
            return http_response(
                503, {"title": "busy"}, "application/problem+json", retry_after="7"
            )
        return http_response(200, {"ok": 1})

    srv = serve(handler)
    sleep = FakeSleep()
    assert transport(srv, ca_file, sleep=sleep).get_json("feed") == {"ok": 1}
    assert len(sleep.waits) == 2 and all(w >= 7 for w in sleep.waits)


def test_429_on_post_retried_even_when_not_idempotent(serve, ca_file):
    calls = []

    def handler(m, p, h, b):
        calls.append(b)
        if len(calls) == 1:
            return http_response(
                429, {"title": "slow down"}, "application/problem+json", retry_after="1"
            )
        return http_response(201, {"token": "x"})

    srv = serve(handler)
    out = transport(srv, ca_file, sleep=FakeSleep()).post_json(
        "session", {"a": 1}, idempotent=False
    )
    assert out == {"token": "x"} and len(calls) == 2


def test_500_on_non_idempotent_post_is_not_retried(serve, ca_file):
    srv = serve(
        lambda m, p, h, b: http_response(500, {"title": "boom"}, "application/problem+json")
    )
    with pytest.raises(ServerError) as exc:
        transport(srv, ca_file, sleep=FakeSleep()).post_json("session", {}, idempotent=False)
    assert exc.value.status == 500 and len(srv.requests) == 1


def test_retry_after_beyond_budget_gives_up_with_the_wait(serve, ca_file):
    srv = serve(lambda m, p, h, b: http_response(503, "", "text/plain", retry_after="3600"))
    with pytest.raises(ServerError) as exc:
        transport(srv, ca_file, sleep=FakeSleep()).get_json("feed")
    assert exc.value.retry_after == 3600 and len(srv.requests) == 1


def test_4xx_problem_is_rejected_error(serve, ca_file):
    problem = {
        "title": "Too large",
        "status": 413,
        "detail": "lampiran lebih dari 20 MB",
        "reason": "too_large",
    }
    srv = serve(lambda m, p, h, b: http_response(413, problem, "application/problem+json"))
    with pytest.raises(RejectedError) as exc:
        transport(srv, ca_file).put_bytes("attachments/" + "a" * 64, b"x", "image/png")
    assert exc.value.reason == "too_large" and "20 MB" in exc.value.user_message()


def test_read_timeout_is_ambiguous_offline(serve, ca_file):
    srv = serve(lambda m, p, h, b: None)  # stall
    with pytest.raises(OfflineError) as exc:
        transport(srv, ca_file, timeouts=(2, 0.3), retry=RetryPolicy(attempts=1)).post_json(
            "ops", {"ops": []}, idempotent=True
        )
    assert exc.value.reason == "read_timeout" and exc.value.ambiguous


def test_connection_refused_is_offline_not_ambiguous(ca_file):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    t = Transport(f"https://127.0.0.1:{port}", ca_bundle=ca_file, retry=RetryPolicy(attempts=1))
    with pytest.raises(OfflineError) as exc:
        t.get_json("health")
    assert exc.value.reason == "refused" and not exc.value.ambiguous
    assert exc.value.exit_code == 3


def test_unresolvable_host_is_offline(ca_file):
    t = Transport(
        "https://lapor-desk-test.invalid", ca_bundle=ca_file, retry=RetryPolicy(attempts=1)
    )
    with pytest.raises(OfflineError) as exc:
        t.get_json("health")
    assert exc.value.reason in ("dns", "refused", "connect_timeout")


def test_cancel_interrupts_backoff(serve, ca_file):
    srv = serve(lambda m, p, h, b: http_response(503, "", "text/plain", retry_after="5"))
    cancel = threading.Event()
    t = transport(srv, ca_file, cancel=cancel)
    threading.Timer(0.3, cancel.set).start()
    started = time.monotonic()
    with pytest.raises(Cancelled):
        t.get_json("feed")
    assert time.monotonic() - started < 5


def test_server_date_is_recorded(serve, ca_file):
    srv = serve(lambda m, p, h, b: http_response(200, {}, date=formatdate(0, usegmt=True)))
    t = transport(srv, ca_file)
    t.get_json("health")
    assert t.server_date is not None and t.server_date.year == 1970


def test_parse_retry_after_forms():
    assert parse_retry_after("12") == 12
    assert parse_retry_after(formatdate(1000 + 30, usegmt=True), now=1000) == pytest.approx(30)
    assert parse_retry_after(formatdate(10, usegmt=True), now=1000) == 0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_backoff_is_full_jitter_and_capped():
    policy = RetryPolicy(base_delay=1, max_delay=8)
    assert policy.delay(0, rng=lambda: 1.0) == 1
    assert policy.delay(10, rng=lambda: 1.0) == 8
    assert policy.delay(3, rng=lambda: 0.0) == 0


def test_token_never_reaches_logs(serve, ca_file, caplog):
    token = "sekret-token-ZZZ-987654321"
    handler = logging.StreamHandler()
    logsafe.install(handler)
    records = []
    handler.emit = lambda record: records.append(handler.format(record))  # type: ignore[method-assign]
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        srv = serve(
            lambda m, p, h, b: http_response(401, {"detail": "no"}, "application/problem+json")
        )
        t = transport(srv, ca_file, token=token)
        with pytest.raises(AuthError):
            t.get_json("feed")
        logging.getLogger("lapor_desk.test").warning("headers were %s", dict(t.session.headers))
        logging.getLogger("lapor_desk.test").warning('body {"token": "%s"}', "other-secret-value")
        try:
            raise RuntimeError(f"failed with {token}")
        except RuntimeError:
            logging.getLogger("lapor_desk.test").exception("oops")
    finally:
        root.removeHandler(handler)
    text = "\n".join(records)
    assert "headers were" in text and "oops" in text
    assert token not in text and "other-secret-value" not in text


def test_plain_http_is_refused():
    with pytest.raises(TlsError) as exc:
        Transport("http://127.0.0.1:8000")
    assert exc.value.reason == "plain_http" and exc.value.exit_code == 5
    assert "https://" in exc.value.user_message()


@pytest.mark.skipif("zstd" not in encoding.SUPPORTED, reason="zstandard not installed")
def test_a_page_of_two_zstd_frames_is_read_and_one_cut_between_them_is_a_protocol_error(
    serve, ca_file
):
    """Stored feed pages come as two zstd frames (the items, then this desk's cursor); the desk
    says it reads them, decodes both, and a body that ends after the first frame — complete as
    zstd, incomplete as JSON — is a clean ProtocolError, never half a page."""
    items = json.dumps({"items": [{"body": f"laporan {i} " * 20} for i in range(300)]})
    head, tail = items[:-1].encode() + b",", b'"cursor":"c1","has_more":true}'
    two = encoding.compress(head, "zstd") + encoding.compress(tail, "zstd")
    answers = [two, encoding.compress(head, "zstd")]
    seen = []

    def handler(m, p, h, b):
        seen.append(h.get(encoding.FRAMES_HEADER.lower()))
        return http_response(200, answers[min(len(seen), 2) - 1], content_encoding="zstd")

    srv = serve(handler)
    t = transport(srv, ca_file, retry=RetryPolicy(attempts=1), sleep=FakeSleep())
    page = t.get_json("feed")
    assert page["cursor"] == "c1" and len(page["items"]) == 300
    assert seen == [encoding.FRAMES_VALUE]
    with pytest.raises(ProtocolError) as exc:
        t.get_json("feed")
    assert exc.value.reason == "bad_json"
    assert exc.value.user_message()
