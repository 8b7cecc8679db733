"""A fault-injecting TCP proxy on 127.0.0.1 for the sync tests (a small toxiproxy in Python).

The proxy sits between a client and a target (host, port) and forwards bytes both ways. What it
does to each connection is described by a `Faults` value that can be switched at run time, for new
connections only or for the live ones too:

    with FaultProxy(("127.0.0.1", server.port), seed=1) as proxy:
        url = f"https://127.0.0.1:{proxy.port}"      # the server certificate covers 127.0.0.1
        proxy.set(Faults(cut_down_after=0))          # every response is lost
        proxy.set(Faults(latency=1.0, bandwidth=64_000))
        proxy.set(Faults(latency=1.0, bandwidth=16_000, loss=0.03))   # 3 % packet loss (modelled)
        proxy.cut_all(reset=True)                    # RST every live connection now
        proxy.stats()                                # counters

Everything runs on one asyncio loop in one daemon thread, every wait has an end (or ends with
`close()`), and `close()` closes every socket. Faults apply to TCP bytes, not to HTTP: with TLS the
handshake is part of the byte stream, so "cut after N bytes downstream" with a small N breaks the
handshake. To lose a response after the server received a whole request use
`swallow_down_after_up` (drop server→client bytes once the client has sent N bytes), or measure a
good exchange first with `connection_log()` and cut relative to it.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import math
import random
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

UP = "up"  # client -> server
DOWN = "down"  # server -> client
_CHUNK = 65536


@dataclass(frozen=True, slots=True)
class Faults:
    """What the proxy does to a connection. The default passes everything through unchanged."""

    #: accept each new connection and close it at once (RST when `reset`), never contact the target
    refuse: bool = False
    #: every cut the proxy makes sends RST (SO_LINGER 0) instead of an orderly FIN
    reset: bool = False
    #: forward at most this many bytes client→server on a connection, then cut it
    cut_up_after: int | None = None
    #: forward at most this many bytes server→client on a connection, then cut it
    cut_down_after: int | None = None
    #: once the client has sent this many bytes, discard everything the server sends (the request
    #: still reaches the server in full) and cut the connection `swallow_hold` seconds after the
    #: first discarded byte (or when the server closes)
    swallow_down_after_up: int | None = None
    swallow_hold: float = 1.0
    #: forward nothing, in either direction, for this many seconds from the connection's start
    #: (or from `set(..., live=True)` for live connections); `math.inf` stalls until cut or close
    stall: float | None = None
    #: like `stall`, for one direction only
    stall_up: float | None = None
    stall_down: float | None = None
    #: seconds added to the delivery of every chunk, per direction (a round trip gains 2×latency);
    #: chunks are pipelined, so latency does not reduce throughput
    latency: float = 0.0
    #: bytes per second per direction, shared by all connections (a link, not a socket)
    bandwidth: float | None = None
    #: cut every live connection about every `cut_every` seconds (uniform jitter of ±`cut_jitter`
    #: times the period, from the proxy's seeded random generator)
    cut_every: float | None = None
    cut_jitter: float = 0.5
    #: do not contact the target: read the client's first bytes (up to 1 s), answer with these
    #: bytes, then close (e.g. an HTML captive-portal page, garbage, a truncated HTTP response)
    canned: bytes | None = None
    #: packet loss, modelled as what it does to a TCP stream (the proxy sees bytes, not packets):
    #: every `mss` bytes forwarded (and every smaller write) is a segment lost with this
    #: probability; a lost segment holds its direction of the connection (head-of-line) for one
    #: retransmission timeout, doubled for each retransmission lost again. A new connection's SYN
    #: or SYN-ACK lost costs the initial RTO (1 s, RFC 6298; `rto` when given). Pessimistic for
    #: long transfers (fast retransmit recovers in about one round trip and keeps data flowing
    #: meanwhile) and about right for the short requests and answers of a sync.
    loss: float = 0.0
    mss: int = 1448
    #: the retransmission timeout; None: Linux's for this link, max(1 s, 2×latency + 0.2 s)
    #: (srtt + the 200 ms floor on rttvar's share)
    rto: float | None = None


CAPTIVE_PORTAL = (
    b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nConnection: close\r\n"
    b"Content-Length: 96\r\n\r\n"
    b"<html><head><title>Login WiFi</title></head><body>Silakan login hotspot dulu.</body></html>\n"
)
TRUNCATED_JSON = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n"
    b'{"items": [{"type": "report", "report": {"id": "r1", "tit'
)


@dataclass(slots=True)
class ConnectionRecord:
    """What happened on one proxied connection (bytes counted as forwarded)."""

    id: int
    opened_at: float
    up_bytes: int = 0
    down_bytes: int = 0
    dropped_bytes: int = 0
    closed_at: float | None = None
    #: why the proxy ended it ("cut_up_after", "cut_all", "refuse", ...) or "eof" / "error: ..."
    end_reason: str | None = None


@dataclass(frozen=True, slots=True)
class ProxyStats:
    connections_total: int
    connections_live: int
    bytes_up: int
    bytes_down: int
    bytes_dropped: int
    cuts: int
    #: segments lost under `Faults.loss` (SYN/SYN-ACK losses count one per connection delayed)
    losses: int = 0
    #: seconds connections were held by those losses, summed over directions
    loss_seconds: float = 0.0


class _Conn:
    """One proxied connection: two pumps (reader → delayed queue → writer) per direction."""

    def __init__(self, proxy: FaultProxy, rec: ConnectionRecord, faults: Faults):
        self.proxy = proxy
        self.rec = rec
        self.faults = faults
        now = time.monotonic()
        self.stalled_until = {UP: now, DOWN: now}
        self._apply_stall(faults, now)
        self.swallowing_since: float | None = None
        self.client_w: asyncio.StreamWriter | None = None
        self.server_w: asyncio.StreamWriter | None = None
        self.tasks: list[asyncio.Task] = []
        self.closed = False

    def _apply_stall(self, f: Faults, now: float) -> None:
        for d, extra in ((UP, f.stall_up), (DOWN, f.stall_down)):
            for s in (f.stall, extra):
                if s is not None:
                    self.stalled_until[d] = max(self.stalled_until[d], now + s)

    def update(self, faults: Faults) -> None:
        now = time.monotonic()
        self.faults = faults
        self.stalled_until = {UP: now, DOWN: now}
        self._apply_stall(faults, now)

    def cut(self, reason: str, reset: bool | None = None) -> None:
        """End the connection now (both sides), with RST if asked or configured."""
        if self.closed:
            return
        self.closed = True
        self.rec.end_reason = self.rec.end_reason or reason
        self.rec.closed_at = time.monotonic()
        if reason != "eof" and not reason.startswith("error"):
            self.proxy._cuts += 1
        use_rst = self.faults.reset if reset is None else reset
        for w in (self.client_w, self.server_w):
            if w is not None:
                _close_writer(w, use_rst)
        me = asyncio.current_task()
        for t in self.tasks:
            if t is not me:
                t.cancel()
        self.proxy._live.discard(self)

    async def run(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        self.client_w = client_w
        f = self.faults
        try:
            if f.refuse:
                self.cut("refuse")
                return
            if f.canned is not None:
                await self._canned(client_r, client_w, f.canned)
                return
            if f.loss:
                # SYN and SYN-ACK: each lost with `loss`; the retry waits 1 s, then 2 s, ...
                wait, backoff = 0.0, 1.0 if f.rto is None else f.rto
                while self.proxy._rng.random() < 1 - (1 - f.loss) ** 2:
                    wait, backoff = wait + backoff, backoff * 2
                if wait:
                    self.proxy._loss_events += 1
                    self.proxy._loss_seconds += wait
                    await asyncio.sleep(wait)
            try:
                server_r, server_w = await asyncio.wait_for(
                    asyncio.open_connection(*self.proxy.target), timeout=10
                )
            except (OSError, TimeoutError) as exc:
                self.cut(f"error: target unreachable ({exc})")
                return
            self.server_w = server_w
            if self.closed:  # cut_all() while connecting
                _close_writer(server_w, True)
                return
            queues = {UP: asyncio.Queue(maxsize=64), DOWN: asyncio.Queue(maxsize=64)}
            self.tasks = [
                asyncio.current_task(),
                asyncio.create_task(self._reader(client_r, queues[UP], UP)),
                asyncio.create_task(self._reader(server_r, queues[DOWN], DOWN)),
                asyncio.create_task(self._writer(queues[UP], server_w, UP)),
                asyncio.create_task(self._writer(queues[DOWN], client_w, DOWN)),
                asyncio.create_task(self._swallow_watch()),
            ]
            await asyncio.gather(*self.tasks[1:], return_exceptions=True)
        except asyncio.CancelledError:
            pass
        finally:
            self.cut("eof")

    async def _canned(self, r: asyncio.StreamReader, w: asyncio.StreamWriter, data: bytes) -> None:
        with contextlib.suppress(TimeoutError, OSError):
            await asyncio.wait_for(r.read(_CHUNK), timeout=1.0)
        try:
            w.write(data)
            await asyncio.wait_for(w.drain(), timeout=5)
            self.rec.down_bytes += len(data)
            self.proxy._bytes[DOWN] += len(data)
            if w.can_write_eof():
                w.write_eof()
            # Let the client read the answer before the socket goes away.
            with contextlib.suppress(TimeoutError, OSError):
                await asyncio.wait_for(r.read(_CHUNK), timeout=1.0)
        except OSError:
            pass
        self.cut("canned")

    async def _reader(self, r: asyncio.StreamReader, q: asyncio.Queue, d: str) -> None:
        try:
            while True:
                data = await r.read(_CHUNK)
                await q.put((time.monotonic() + self.faults.latency, data))
                if not data:
                    return
        except (OSError, asyncio.IncompleteReadError):
            await q.put((time.monotonic(), b""))

    async def _writer(self, q: asyncio.Queue, w: asyncio.StreamWriter, d: str) -> None:
        while True:
            due, data = await q.get()
            delay = due - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            while time.monotonic() < self.stalled_until[d]:
                await asyncio.sleep(min(0.05, max(0.0, self.stalled_until[d] - time.monotonic())))
            if not data:
                # Half-close: pass the EOF on, the other direction may still be talking.
                with contextlib.suppress(OSError, RuntimeError):
                    if w.can_write_eof():
                        w.write_eof()
                # The server closing ends the exchange; a client's half-close does not.
                if d == DOWN:
                    self.cut("eof")
                return
            f = self.faults
            if d == DOWN and self._swallowing(f):
                self.rec.dropped_bytes += len(data)
                self.proxy._dropped += len(data)
                if self.swallowing_since is None:
                    self.swallowing_since = time.monotonic()
                continue
            limit = f.cut_up_after if d == UP else f.cut_down_after
            sent = self.rec.up_bytes if d == UP else self.rec.down_bytes
            cut_now = False
            if limit is not None and sent + len(data) >= limit:
                data = data[: max(0, limit - sent)]
                cut_now = True
            if data and f.loss:
                await self._lose_segments(len(data), f)
            if data:
                await self._send_paced(w, data, d)
            if cut_now:
                self.cut("cut_up_after" if d == UP else "cut_down_after")
                return

    async def _lose_segments(self, n: int, f: Faults) -> None:
        """Hold this direction for the retransmission timeouts of the segments of these `n`
        bytes that the link loses (see `Faults.loss`)."""
        rto = f.rto if f.rto is not None else max(1.0, 2 * f.latency + 0.2)
        rng, wait = self.proxy._rng, 0.0
        for _ in range(max(1, math.ceil(n / f.mss))):
            backoff = rto
            while rng.random() < f.loss:
                wait += backoff
                backoff *= 2
                self.proxy._loss_events += 1
        if wait:
            self.proxy._loss_seconds += wait
            await asyncio.sleep(wait)

    def _swallowing(self, f: Faults) -> bool:
        return f.swallow_down_after_up is not None and self.rec.up_bytes >= f.swallow_down_after_up

    async def _swallow_watch(self) -> None:
        """Cut a connection whose response is being swallowed, `swallow_hold` s after it started."""
        while not self.closed:
            since = self.swallowing_since
            if since is not None and time.monotonic() - since >= self.faults.swallow_hold:
                self.cut("swallow_down_after_up")
                return
            await asyncio.sleep(0.05)

    async def _send_paced(self, w: asyncio.StreamWriter, data: bytes, d: str) -> None:
        rate = self.faults.bandwidth
        if not rate:
            await self._send(w, data, d)
            return
        # A virtual clock per direction shared by all connections: each piece may leave only
        # when the link has finished sending the previous ones.
        piece = max(1, int(rate / 20))
        for i in range(0, len(data), piece):
            part = data[i : i + piece]
            now = time.monotonic()
            start = max(now, self.proxy._link_free[d])
            self.proxy._link_free[d] = start + len(part) / rate
            if start > now:
                await asyncio.sleep(start - now)
            await self._send(w, part, d)

    async def _send(self, w: asyncio.StreamWriter, data: bytes, d: str) -> None:
        w.write(data)
        await w.drain()
        if d == UP:
            self.rec.up_bytes += len(data)
        else:
            self.rec.down_bytes += len(data)
        self.proxy._bytes[d] += len(data)


def _close_writer(w: asyncio.StreamWriter, rst: bool) -> None:
    with contextlib.suppress(OSError, RuntimeError, AttributeError):
        if rst:
            sock = w.get_extra_info("socket")
            if sock is not None:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            w.transport.abort()
        else:
            w.close()


class FaultProxy:
    """A TCP proxy on 127.0.0.1:`port` in front of `target`, with switchable faults."""

    def __init__(
        self,
        target: tuple[str, int],
        *,
        faults: Faults | None = None,
        seed: int | None = None,
        listen_port: int = 0,
    ):
        self.target = target
        self._faults = faults or Faults()
        self._rng = random.Random(seed)
        self._listen_port = listen_port
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: asyncio.base_events.Server | None = None
        self._live: set[_Conn] = set()
        self._records: list[ConnectionRecord] = []
        self._bytes = {UP: 0, DOWN: 0}
        self._dropped = 0
        self._cuts = 0
        self._loss_events = 0
        self._loss_seconds = 0.0
        self._link_free = {UP: 0.0, DOWN: 0.0}
        self._cutter: asyncio.Task | None = None
        self.port: int = 0

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> FaultProxy:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name=f"faultproxy->{self.target[1]}", daemon=True
        )
        self._thread.start()
        self._server = self._call(self._start_server())
        self.port = self._server.sockets[0].getsockname()[1]
        self._call(self._reschedule_cutter())
        return self

    async def _start_server(self):
        return await asyncio.start_server(
            self._handle, "127.0.0.1", self._listen_port, reuse_address=True
        )

    def close(self) -> None:
        """Stop listening, close every connection and stop the loop thread."""
        if self._loop is None:
            return
        with contextlib.suppress(Exception):
            self._call(self._shutdown(), timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(timeout=10)
        if not self._loop.is_running():
            self._loop.close()
        self._loop = None

    async def _shutdown(self) -> None:
        if self._cutter is not None:
            self._cutter.cancel()
        if self._server is not None:
            self._server.close()
        for c in list(self._live):
            c.cut("proxy closed", reset=True)
        pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for t in pending:
            t.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    def _call(self, coro, timeout: float = 10):
        assert self._loop is not None, "proxy not started"
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    def _sync(self, fn: Callable[[], object]):
        async def run():
            return fn()

        return self._call(run())

    # -- control ---------------------------------------------------------------------------
    @property
    def address(self) -> tuple[str, int]:
        return ("127.0.0.1", self.port)

    @property
    def faults(self) -> Faults:
        return self._faults

    def set(self, faults: Faults | None = None, *, live: bool = False, **changes) -> Faults:
        """Use `faults` (or the current faults with `changes`) for new connections; with
        `live=True` also for the connections already open (their stall timers restart now)."""
        new = faults or self._faults
        if changes:
            new = dataclasses.replace(new, **changes)

        def apply():
            self._faults = new
            if live:
                for c in self._live:
                    c.update(new)

        self._sync(apply)
        self._call(self._reschedule_cutter())
        return new

    def reset_faults(self, *, live: bool = True) -> None:
        """Back to pass-through (for live connections too, by default)."""
        self.set(Faults(), live=live)

    def cut_all(self, *, reset: bool = False) -> int:
        """Cut every live connection now; returns how many were cut."""

        def apply():
            conns = list(self._live)
            for c in conns:
                c.cut("cut_all", reset=reset)
            return len(conns)

        return self._sync(apply)

    def stats(self) -> ProxyStats:
        def snap():
            return ProxyStats(
                connections_total=len(self._records),
                connections_live=len(self._live),
                bytes_up=self._bytes[UP],
                bytes_down=self._bytes[DOWN],
                bytes_dropped=self._dropped,
                cuts=self._cuts,
                losses=self._loss_events,
                loss_seconds=self._loss_seconds,
            )

        return self._sync(snap)

    def connection_log(self) -> list[ConnectionRecord]:
        """A copy of the per-connection records, oldest first."""
        return self._sync(lambda: [dataclasses.replace(r) for r in self._records])

    # -- internals -------------------------------------------------------------------------
    async def _handle(self, r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
        rec = ConnectionRecord(id=len(self._records) + 1, opened_at=time.monotonic())
        self._records.append(rec)
        conn = _Conn(self, rec, self._faults)
        self._live.add(conn)
        await conn.run(r, w)

    async def _reschedule_cutter(self) -> None:
        if self._cutter is not None:
            self._cutter.cancel()
            self._cutter = None
        period = self._faults.cut_every
        if period is not None and period > 0 and math.isfinite(period):
            self._cutter = asyncio.create_task(self._cut_periodically(period))

    async def _cut_periodically(self, period: float) -> None:
        jitter = max(0.0, min(1.0, self._faults.cut_jitter))
        while True:
            await asyncio.sleep(period * (1 + self._rng.uniform(-jitter, jitter)))
            for c in list(self._live):
                c.cut("cut_every")


__all__ = [
    "CAPTIVE_PORTAL",
    "DOWN",
    "TRUNCATED_JSON",
    "UP",
    "ConnectionRecord",
    "FaultProxy",
    "Faults",
    "ProxyStats",
]
