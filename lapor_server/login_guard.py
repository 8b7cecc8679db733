"""Keep a login flood from exhausting the server (docs/security.md, "The public").

Every login verifies an argon2 hash (64 MiB, about 0.1 s of a core), also for unknown usernames.
Unbounded, 80 parallel bogus logins took 40 threads of the shared thread pool and 2.5 GB of memory
and stalled every other request. The gate in front of the hash:

- a client address may have `login_per_client_concurrent` logins in progress and
  `login_per_client_per_minute` attempts per minute (sliding window);
- at most `login_max_concurrent_hashes` hashes run at once, on their own small thread pool (never
  the pool other requests need); up to `login_queue_limit` logins wait for a slot, each at most
  `login_queue_wait_seconds`;
- everything beyond is answered at once: 429 problem details with `Retry-After` and a `reason`
  (`login_rate_client`, `login_busy`), decided on the event loop without touching a thread,
  before FastAPI parses the request (`LoginGateMiddleware`). A client that ignores `Retry-After`
  gets its next refusals after `login_repeat_refusal_delay_ms` (an `asyncio.sleep`: no thread,
  no slot), so a flood cannot keep the event loop busy with hundreds of 429s a second.

The counters live in the process (each server process has its own gate); the per-username failure
throttle is in the database (`lapor_server.auth`). The client address is the TCP peer unless that
peer is a trusted reverse proxy (`trusted_proxies`): then the right-most `X-Forwarded-For` entry
not itself a trusted proxy.
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
import threading
import time
from collections import defaultdict, deque
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import orjson
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from lapor_server.config import ServerSettings
from lapor_server.errors import PROBLEM_MEDIA_TYPE, Problem, problem_body

T = TypeVar("T")
_Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _parse_ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [v6]:port
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # v4:port
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def client_address(request: Request, trusted: tuple[_Network, ...]) -> str:
    """The address a request comes from, believing `X-Forwarded-For` only from trusted proxies."""
    peer = request.client.host if request.client else ""
    if not trusted:
        return peer or "unknown"
    peer_ip = _parse_ip(peer)
    if peer_ip is None or not any(peer_ip in net for net in trusted):
        return peer or "unknown"
    hops: list[str] = []
    for value in request.headers.getlist("x-forwarded-for"):
        hops.extend(h.strip() for h in value.split(",") if h.strip())
    # Walk from the nearest hop outwards; the first one that is not our own proxy is the client.
    for hop in reversed(hops):
        ip = _parse_ip(hop)
        if ip is None:
            return peer  # a forged or broken header: the proxy itself is all we know
        if not any(ip in net for net in trusted):
            return str(ip)
    return str(hops[0]) if hops and _parse_ip(hops[0]) else peer


def _lower_priority() -> None:
    """Hashing threads yield the CPU to request handling (Linux: a thread's own nice value)."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
    except (AttributeError, OSError):  # not Linux, or not permitted: hashing at normal priority
        pass


def _too_many(reason: str, detail: str, retry_after: int) -> Problem:
    return Problem(
        429,
        "too-many-requests",
        detail,
        headers={"Retry-After": str(max(1, retry_after))},
        reason=reason,
    )


class LoginGate:
    """Admission control for password hashing; one per app (see `gate_of`)."""

    def __init__(self, settings: ServerSettings, clock: Callable[[], float] = time.monotonic):
        self.settings = settings
        self.trusted = settings.trusted_proxy_networks()
        self._clock = clock
        self._slots = asyncio.Semaphore(settings.login_max_concurrent_hashes)
        self._waiting = 0
        self._in_flight: dict[str, int] = defaultdict(int)
        self._recent: dict[str, deque[float]] = {}
        self._refused_until: dict[str, float] = {}
        self._pool = ThreadPoolExecutor(
            max_workers=settings.login_max_concurrent_hashes,
            thread_name_prefix="lapor-hash",
            initializer=_lower_priority,
        )

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _admit_client(self, client: str) -> None:
        s = self.settings
        now = self._clock()
        recent = self._recent.get(client)
        if recent is None:
            if len(self._recent) > 50_000:  # many addresses: forget the idle ones first
                self._forget_idle(now)
            recent = self._recent[client] = deque()
        while recent and recent[0] <= now - 60:
            recent.popleft()
        if len(recent) >= s.login_per_client_per_minute:
            wait = int(recent[0] + 60 - now) + 1
            raise _too_many(
                "login_rate_client",
                f"Terlalu banyak percobaan masuk dari alamat ini. Coba lagi dalam {wait} detik.",
                wait,
            )
        if self._in_flight[client] >= s.login_per_client_concurrent:
            raise _too_many(
                "login_rate_client",
                "Terlalu banyak percobaan masuk bersamaan dari alamat ini. "
                "Coba lagi sebentar lagi.",
                1,
            )
        recent.append(now)

    def _forget_idle(self, now: float) -> None:
        for key in [k for k, q in self._recent.items() if not q or q[-1] <= now - 60]:
            del self._recent[key]
        for key in [k for k, until in self._refused_until.items() if until <= now]:
            del self._refused_until[key]

    def refusal_delay(self, client: str, retry_after: int) -> float:
        """Seconds to hold a refusal: none the first time; a client that comes back before its
        `Retry-After` has passed waits `login_repeat_refusal_delay_ms` for each answer, so a
        flood that ignores the header cannot make the server answer hundreds of 429s a second."""
        now = self._clock()
        repeat = self._refused_until.get(client, 0.0) > now
        if len(self._refused_until) > 50_000:
            self._forget_idle(now)
        self._refused_until[client] = max(self._refused_until.get(client, 0.0), now + retry_after)
        return self.settings.login_repeat_refusal_delay_ms / 1000 if repeat else 0.0

    @asynccontextmanager
    async def slot(self, client: str) -> AsyncIterator[None]:
        """Hold a hashing slot for `client`, or raise a 429 Problem at once."""
        s = self.settings
        self._admit_client(client)
        if self._slots.locked() and self._waiting >= s.login_queue_limit:
            raise _too_many(
                "login_busy",
                "Server sedang sibuk melayani permintaan masuk. Coba lagi sebentar lagi.",
                2,
            )
        self._in_flight[client] += 1
        try:
            self._waiting += 1
            try:
                await asyncio.wait_for(self._slots.acquire(), timeout=s.login_queue_wait_seconds)
            except TimeoutError:
                raise _too_many(
                    "login_busy",
                    "Server sedang sibuk melayani permintaan masuk. Coba lagi sebentar lagi.",
                    2,
                ) from None
            finally:
                self._waiting -= 1
            try:
                yield
            finally:
                self._slots.release()
        finally:
            self._in_flight[client] -= 1
            if self._in_flight[client] <= 0:
                del self._in_flight[client]

    async def hash_work(self, fn: Callable[..., T], *args: Any) -> T:
        """Run password hashing on the gate's own threads (never the shared request pool)."""
        return await asyncio.get_running_loop().run_in_executor(self._pool, fn, *args)


LOGIN_PATH = "/api/v1/session"


class LoginGateMiddleware:
    """Applies the gate to `POST /api/v1/session` before FastAPI parses anything: a refused login
    costs the server only the HTTP parsing (under a flood these answers are most requests)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope.get("method") != "POST"
            or scope.get("path") != LOGIN_PATH
        ):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        gate = gate_of(request)
        client = client_address(request, gate.trusted)
        scope.setdefault("state", {})["login_client"] = client
        try:
            async with gate.slot(client):
                await self.app(scope, receive, send)
        except Problem as refused:
            delay = gate.refusal_delay(client, int(refused.headers.get("Retry-After", "1")))
            if delay:
                await asyncio.sleep(delay)  # holds no thread and no slot
            await _send_refusal(send, refused)


async def _send_refusal(send: Send, p: Problem) -> None:
    body = orjson.dumps(problem_body(p.status, p.slug, p.detail, title=p.title, **p.extra))
    headers = [
        (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
        (b"content-length", str(len(body)).encode()),
    ]
    headers += [(k.lower().encode(), v.encode()) for k, v in p.headers.items()]
    await send({"type": "http.response.start", "status": p.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def gate_of(request: Request) -> LoginGate:
    state = request.app.state
    gate = getattr(state, "login_gate", None)
    if gate is None:
        gate = state.login_gate = LoginGate(state.settings)
    return gate
