"""Real receivers for what the server sends out: a webhook endpoint (HTTP on loopback) that
verifies Standard Webhooks signatures, and an SMTP server (aiosmtpd) that keeps every message.

    hook = WebhookReceiver(secret)            # nothing listens until start()
    hook.start(); ...; hook.stop()            # down, then back on the same port
    hook.fail_next = 1                        # answer the next delivery with 500 (a repeat follows)
    hook.hold.clear()                         # block handlers until hold.set() (a slow receiver)
    with Mailbox() as box: box.port, box.messages (email.message.EmailMessage)
"""

from __future__ import annotations

import email
import email.policy
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.support.servers import free_port


class WebhookReceiver:
    def __init__(self, secret: str | None = None, port: int | None = None):
        self.secret = secret
        self.port = port or free_port()
        self.received: list[dict[str, Any]] = []  # {"id", "headers", "body", "data", "valid"}
        self.fail_next = 0
        self.hold = threading.Event()
        self.hold.set()
        self.entered = threading.Event()
        self.lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/lapor"

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                receiver.entered.set()
                receiver.hold.wait(30)
                headers = {k.lower(): v for k, v in self.headers.items()}
                valid = receiver.verify(headers, body)
                with receiver.lock:
                    receiver.received.append(
                        {
                            "id": headers.get("webhook-id"),
                            "headers": headers,
                            "body": body,
                            "data": json.loads(body)["data"] if valid else None,
                            "valid": valid,
                        }
                    )
                    failing = receiver.fail_next > 0
                    if failing:
                        receiver.fail_next -= 1
                self.send_response(500 if failing or not valid else 204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self.hold.set()
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def verify(self, headers: dict[str, str], body: bytes) -> bool:
        if self.secret is None:
            return False
        from lapor_server.citizen.webhooks import verify

        try:
            return verify(self.secret, headers, body)
        except (KeyError, ValueError):
            return False

    def accepted(self) -> dict[str, dict[str, Any]]:
        """Verified deliveries by webhook-id (repeats collapse: that is what the id is for)."""
        with self.lock:
            return {r["id"]: r["data"] for r in self.received if r["valid"]}


class Mailbox:
    """An aiosmtpd server on loopback that keeps every message it receives."""

    def __init__(self) -> None:
        self.port = free_port()
        self.messages: list[email.message.EmailMessage] = []
        self.raw: list[bytes] = []
        self._controller: Any = None

    def __enter__(self) -> Mailbox:
        from aiosmtpd.controller import Controller

        box = self

        class Handler:
            async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
                box.raw.append(envelope.content)
                box.messages.append(
                    email.message_from_bytes(envelope.content, policy=email.policy.default)
                )
                return "250 OK"

        self._controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._controller.stop()

    def texts(self) -> list[tuple[str, str, str, str]]:
        """(to, subject, plain text, html) of every message."""
        out = []
        for m in self.messages:
            plain = m.get_body(("plain",))
            rich = m.get_body(("html",))
            out.append(
                (
                    str(m["To"]),
                    str(m["Subject"]),
                    plain.get_content() if plain else "",
                    rich.get_content() if rich else "",
                )
            )
        return out


def delivery_env(mailbox: Mailbox | None = None, base_url: str | None = None) -> dict[str, str]:
    """Server settings for tests: a delivery pass every 0.1 s, retries after 0.2 s (max 1 s)."""
    env = {
        "LAPOR_SERVER_DELIVERY_POLL_SECONDS": "0.1",
        "LAPOR_SERVER_DELIVERY_BACKOFF_SECONDS": "0.2",
        "LAPOR_SERVER_DELIVERY_BACKOFF_MAX_SECONDS": "1",
        "LAPOR_SERVER_DELIVERY_TIMEOUT_SECONDS": "5",
    }
    if mailbox is not None:
        env |= {
            "LAPOR_SERVER_SMTP_HOST": "127.0.0.1",
            "LAPOR_SERVER_SMTP_PORT": str(mailbox.port),
            "LAPOR_SERVER_SMTP_SECURITY": "none",
        }
    if base_url:
        env["LAPOR_SERVER_PUBLIC_BASE_URL"] = base_url
    return env
