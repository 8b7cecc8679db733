"""The fault-injecting proxy does what each fault says, checked against a plain TCP echo server."""

from __future__ import annotations

import math
import socket
import socketserver
import ssl
import threading
import time

import pytest

from tests.support.faultproxy import CAPTIVE_PORTAL, FaultProxy, Faults


class _Recorder(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, echo: bool):
        self.echo = echo
        self.received: list[bytes] = []  # one entry per finished connection
        self.accepted = 0
        self.done = threading.Semaphore(0)
        super().__init__(("127.0.0.1", 0), _Handler)


class _Handler(socketserver.BaseRequestHandler):
    def handle(self):
        srv: _Recorder = self.server  # type: ignore[assignment]
        srv.accepted += 1
        self.request.settimeout(10)
        got = bytearray()
        try:
            while True:
                data = self.request.recv(65536)
                if not data:
                    break
                got += data
                if srv.echo:
                    self.request.sendall(data)
        except OSError:
            pass
        finally:
            srv.received.append(bytes(got))
            srv.done.release()


@pytest.fixture
def echo_server():
    srv = _Recorder(echo=True)
    t = threading.Thread(target=srv.serve_forever, args=(0.05,), daemon=True)
    t.start()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def proxy(echo_server):
    with FaultProxy(echo_server.server_address, seed=7) as p:
        yield p


def _connect(proxy: FaultProxy, timeout: float = 5.0) -> socket.socket:
    s = socket.create_connection(proxy.address, timeout=timeout)
    return s


def _recv_exactly_or_eof(s: socket.socket, n: int) -> bytes:
    buf = bytearray()
    while len(buf) < n:
        data = s.recv(65536)
        if not data:
            break
        buf += data
    return bytes(buf)


def _recv_all(s: socket.socket) -> bytes:
    buf = bytearray()
    while True:
        data = s.recv(65536)
        if not data:
            return bytes(buf)
        buf += data


def test_pass_through_round_trips_bytes_and_counts_them(proxy, echo_server):
    payload = bytes(range(256)) * 4096  # 1 MiB
    with _connect(proxy) as s:
        sender = threading.Thread(target=s.sendall, args=(payload,))
        sender.start()
        got = _recv_exactly_or_eof(s, len(payload))
        sender.join()
    assert got == payload
    assert echo_server.done.acquire(timeout=5)
    st = proxy.stats()
    assert st.bytes_up == len(payload)
    assert st.bytes_down == len(payload)
    assert st.connections_total == 1
    assert st.cuts == 0


def test_cut_up_after_forwards_exactly_n_bytes_then_closes(proxy, echo_server):
    proxy.set(Faults(cut_up_after=1000))
    with _connect(proxy) as s:
        try:
            s.sendall(b"x" * 5000)
        except OSError:
            pass  # the proxy may already have closed
        data = _recv_all_tolerant(s)
    assert echo_server.done.acquire(timeout=5)
    assert echo_server.received == [b"x" * 1000]
    assert len(data) <= 1000
    assert proxy.connection_log()[0].end_reason == "cut_up_after"


def _recv_all_tolerant(s: socket.socket) -> bytes:
    buf = bytearray()
    try:
        while True:
            data = s.recv(65536)
            if not data:
                break
            buf += data
    except ConnectionResetError:
        pass
    return bytes(buf)


def test_cut_down_after_delivers_exactly_n_bytes(proxy, echo_server):
    proxy.set(Faults(cut_down_after=300))
    with _connect(proxy) as s:
        s.sendall(b"y" * 1000)
        data = _recv_all_tolerant(s)
    assert data == b"y" * 300
    rec = proxy.connection_log()[0]
    assert rec.end_reason == "cut_down_after"
    assert rec.down_bytes == 300


def test_cut_down_after_zero_loses_the_whole_answer(proxy, echo_server):
    proxy.set(Faults(cut_down_after=0))
    with _connect(proxy) as s:
        s.sendall(b"request")
        assert _recv_all_tolerant(s) == b""
    assert echo_server.done.acquire(timeout=5)
    assert echo_server.received == [b"request"]  # the server did get it


def test_reset_sends_rst(proxy):
    proxy.set(Faults(cut_down_after=0, reset=True))
    with _connect(proxy) as s:
        s.sendall(b"ping")
        with pytest.raises(ConnectionResetError):
            while s.recv(100):
                pass


def test_refuse_never_contacts_the_target(proxy, echo_server):
    proxy.set(Faults(refuse=True, reset=True))
    # The RST may surface at connect, send or receive: a race on loopback.
    with pytest.raises(ConnectionResetError), _connect(proxy) as s:
        s.sendall(b"a")
        time.sleep(0.05)
        s.sendall(b"b")
        while s.recv(100):
            pass
    assert echo_server.accepted == 0
    assert proxy.connection_log()[0].end_reason == "refuse"


def test_stall_forever_until_released_for_live_connections(proxy):
    with _connect(proxy) as s:
        s.sendall(b"one")
        assert _recv_exactly_or_eof(s, 3) == b"one"
        proxy.set(Faults(stall=math.inf), live=True)
        s.sendall(b"two")
        s.settimeout(0.3)
        with pytest.raises(TimeoutError):
            s.recv(10)
        proxy.reset_faults(live=True)
        s.settimeout(5)
        assert _recv_exactly_or_eof(s, 3) == b"two"


def test_stall_for_a_duration_holds_data_at_least_that_long(proxy):
    proxy.set(Faults(stall=0.4))
    with _connect(proxy) as s:
        t0 = time.monotonic()
        s.sendall(b"hello")
        assert _recv_exactly_or_eof(s, 5) == b"hello"
        assert time.monotonic() - t0 >= 0.35


def test_stall_down_only_lets_the_request_through(proxy, echo_server):
    proxy.set(Faults(stall_down=math.inf))
    with _connect(proxy) as s:
        s.sendall(b"req")
        s.settimeout(0.3)
        with pytest.raises(TimeoutError):
            s.recv(10)
        # The server got the request although the client saw nothing.
        assert proxy.connection_log()[0].up_bytes == 3


def test_latency_is_added_each_way(proxy):
    proxy.set(Faults(latency=0.2))
    with _connect(proxy) as s:
        t0 = time.monotonic()
        s.sendall(b"ping")
        assert _recv_exactly_or_eof(s, 4) == b"ping"
        assert time.monotonic() - t0 >= 0.38  # up + down


def test_bandwidth_limits_throughput(proxy):
    proxy.set(Faults(bandwidth=100_000))
    payload = b"z" * 50_000
    with _connect(proxy) as s:
        t0 = time.monotonic()
        s.sendall(payload)
        assert _recv_exactly_or_eof(s, len(payload)) == payload
        # 50 kB up and 50 kB down, pipelined at 100 kB/s each way: at least ~0.5 s.
        assert time.monotonic() - t0 >= 0.45


def test_loss_holds_a_direction_for_a_retransmission_timeout_and_loses_no_byte(proxy):
    proxy.set(Faults(loss=0.2, mss=1000, rto=0.05))
    payload = bytes(range(256)) * 200  # 52 segments each way: ~20 losses
    with _connect(proxy, timeout=30) as s:
        t0 = time.monotonic()
        s.sendall(payload)
        assert _recv_exactly_or_eof(s, len(payload)) == payload  # in order, nothing lost
        took = time.monotonic() - t0
    st = proxy.stats()
    assert st.losses >= 5
    assert st.loss_seconds >= 0.05 * st.losses  # each loss costs at least one RTO
    # both directions were held (in parallel), so the exchange took at least half of the holds
    assert took >= st.loss_seconds / 2 - 0.05


def test_no_loss_configured_means_no_hold(proxy):
    proxy.set(Faults(loss=0.0))
    with _connect(proxy) as s:
        s.sendall(b"ping")
        assert _recv_exactly_or_eof(s, 4) == b"ping"
    assert proxy.stats().losses == 0


def test_cut_every_cuts_live_connections_repeatedly(proxy):
    proxy.set(Faults(cut_every=0.1, cut_jitter=0.5))
    ends = []
    for _ in range(2):
        with _connect(proxy) as s:
            s.sendall(b"k")
            assert _recv_exactly_or_eof(s, 1) == b"k"
            ends.append(_recv_all_tolerant(s))  # blocks until the periodic cut
    assert ends == [b"", b""]
    assert [r.end_reason for r in proxy.connection_log()] == ["cut_every", "cut_every"]
    assert proxy.stats().cuts >= 2


def test_canned_answer_instead_of_the_target(proxy, echo_server):
    proxy.set(Faults(canned=CAPTIVE_PORTAL))
    with _connect(proxy) as s:
        s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
        assert _recv_all_tolerant(s) == CAPTIVE_PORTAL
    assert echo_server.accepted == 0


def test_canned_answer_breaks_a_tls_handshake(proxy):
    proxy.set(Faults(canned=CAPTIVE_PORTAL))
    ctx = ssl.create_default_context()
    with _connect(proxy) as raw, pytest.raises(ssl.SSLError):
        ctx.wrap_socket(raw, server_hostname="localhost")


def test_swallow_loses_the_answer_after_the_request_arrived(proxy, echo_server):
    proxy.set(Faults(swallow_down_after_up=10, swallow_hold=0.2))
    with _connect(proxy) as s:
        s.sendall(b"0123456789abcdef")
        assert _recv_all_tolerant(s) == b""
    assert echo_server.done.acquire(timeout=5)
    assert echo_server.received == [b"0123456789abcdef"]
    rec = proxy.connection_log()[0]
    assert rec.end_reason == "swallow_down_after_up"
    assert rec.dropped_bytes == 16


def test_new_faults_do_not_touch_live_connections_unless_asked(proxy):
    with _connect(proxy) as s:
        s.sendall(b"a")
        assert _recv_exactly_or_eof(s, 1) == b"a"
        proxy.set(Faults(cut_down_after=0))
        s.sendall(b"b")
        assert _recv_exactly_or_eof(s, 1) == b"b"
    with _connect(proxy) as s2:
        s2.sendall(b"c")
        assert _recv_all_tolerant(s2) == b""


def test_cut_all_and_target_down(proxy, echo_server):
    with _connect(proxy) as s:
        s.sendall(b"a")
        assert _recv_exactly_or_eof(s, 1) == b"a"
        assert proxy.cut_all(reset=True) == 1
        with pytest.raises(ConnectionResetError):
            while s.recv(10):
                pass
    echo_server.shutdown()
    echo_server.server_close()
    with _connect(proxy) as s:
        assert _recv_all_tolerant(s) == b""
    assert proxy.connection_log()[-1].end_reason.startswith("error: target unreachable")


def test_close_releases_port_and_thread(echo_server):
    p = FaultProxy(echo_server.server_address).start()
    s = _connect(p)
    s.sendall(b"a")
    assert _recv_exactly_or_eof(s, 1) == b"a"
    thread = p._thread
    p.close()
    assert thread is not None and not thread.is_alive()
    assert _recv_all_tolerant(s) == b""
    s.close()
    with pytest.raises(OSError):
        socket.create_connection(p.address, timeout=2).close()
