"""A tiny scripted HTTPS server for tests that need answers no real server gives.

HTML captive-portal pages, truncated or malformed JSON, stalls, odd statuses, and certificates of
every kind (trustme)."""

from __future__ import annotations

import contextlib
import json
import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import trustme

Handler = Callable[[str, str, dict[str, str], bytes], bytes | None]


def http_response(
    status: int, body: bytes | str | dict, ctype: str = "application/json", **headers
) -> bytes:
    if isinstance(body, dict):
        body = json.dumps(body)
    if isinstance(body, str):
        body = body.encode()
    head = [f"HTTP/1.1 {status} X", f"Content-Type: {ctype}", f"Content-Length: {len(body)}"]
    headers.setdefault("connection", "close")
    head += [f"{k.replace('_', '-')}: {v}" for k, v in headers.items()]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


class ScriptedTlsServer:
    """A tiny threaded HTTPS/1.1 server: `handler(method, path, headers, body)` returns raw bytes to
    send (then the connection closes), or None to stall until the client gives up."""

    def __init__(self, cert: trustme.LeafCert, handler: Handler):
        self.handler = handler
        self.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        cert.configure_cert(self.ctx)
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.requests: list[tuple[str, str, dict[str, str], bytes]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        self.sock.settimeout(0.2)
        while not self._stop.is_set():
            try:
                raw, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._one, args=(raw,), daemon=True).start()

    def _one(self, raw: socket.socket) -> None:
        raw.settimeout(5)
        try:
            conn = self.ctx.wrap_socket(raw, server_side=True)
        except (ssl.SSLError, OSError):
            raw.close()
            return
        try:
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            lines = head.decode().split("\r\n")
            method, path, _ = lines[0].split(" ", 2)
            headers = {k.lower(): v.strip() for k, v in (ln.split(":", 1) for ln in lines[1:])}
            length = int(headers.get("content-length", 0))
            while len(body) < length:
                body += conn.recv(65536)
            self.requests.append((method, path, headers, body))
            out = self.handler(method, path, headers, body)
            if out is None:
                self._stop.wait(10)
            else:
                conn.sendall(out)
        except (OSError, ssl.SSLError):
            pass
        finally:
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self.sock.close()


class Forwarder:
    """A handler that relays requests to a real server (verified TLS) and returns its answers,
    unless `intercept(method, path, n)` returns raw bytes for the n-th request (from 1)."""

    def __init__(self, target_url: str, ca_path: str, intercept=None):
        import httpx

        self.client = httpx.Client(
            base_url=target_url, verify=ssl.create_default_context(cafile=ca_path), timeout=30
        )
        self.intercept = intercept
        self.count = 0
        self.log: list[tuple[float, str, str, int]] = []
        self._lock = threading.Lock()

    def __call__(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> bytes | None:
        import time

        with self._lock:
            self.count += 1
            n = self.count
        if self.intercept is not None:
            out = self.intercept(method, path, n)
            if out is not None:
                self.log.append((time.monotonic(), method, path, int(out.split(b" ", 2)[1])))
                return out
        fwd = {k: v for k, v in headers.items() if k in ("authorization", "content-type", "accept")}
        resp = self.client.request(method, path, headers=fwd, content=body)
        self.log.append((time.monotonic(), method, path, resp.status_code))
        extra = {}
        for k in ("retry-after", "date"):
            if k in resp.headers:
                extra[k] = resp.headers[k]
        return http_response(
            resp.status_code, resp.content, resp.headers.get("content-type", ""), **extra
        )

    def close(self) -> None:
        self.client.close()


@contextlib.contextmanager
def tls_front(world: Any, folder: Path, read_timeout: float) -> Iterator[tuple]:
    """A TLS front on loopback that relays to `world`'s real server through `box["handler"]`
    (a `Forwarder` until a test swaps in its own script), and `desk(name)`: a desk of `world`
    that talks to the server only through the front. Yields (front, forwarder, box, desk)."""
    from lapor_desk.sync.transport import Transport

    ca = trustme.CA()
    ca_file = folder / "front-ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    fwd = Forwarder(world.srv.url, str(world.srv.ca_path))
    box: dict[str, Any] = {"handler": fwd}
    srv = ScriptedTlsServer(ca.issue_cert("127.0.0.1"), lambda *a: box["handler"](*a))

    def desk(name: str) -> Any:
        d = world.desk(url=srv.url, name=name)
        d.transport_factory = lambda cancel: Transport(
            srv.url,
            ca_bundle=str(ca_file),
            retry=d.retry,
            timeouts=(3, read_timeout),
            cancel=cancel,
        )
        d.engine.transport_factory = d.transport_factory
        return d

    try:
        yield srv, fwd, box, desk
    finally:
        srv.close()
        fwd.close()
