"""Every "sync under faults" scenario, each its own test, on the real HTTPS
server and (where the fault is in the network) through the fault-injecting TCP proxy. Each ends by
checking the invariants I1–I5 against the server's database (`World.check`)."""

from __future__ import annotations

import socket
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import formatdate

import pytest
import sqlalchemy as sa
import trustme

from lapor_desk.errors import OfflineError, ProtocolError, ServerError, TlsError
from lapor_desk.models import outbox
from lapor_desk.sync.transport import RetryPolicy, Transport
from tests.e2e.scripted_server import Forwarder, ScriptedTlsServer, http_response
from tests.e2e.world import OTHER_AGENCY, World
from tests.support.faultproxy import CAPTIVE_PORTAL, TRUNCATED_JSON, FaultProxy, Faults


@pytest.fixture
def proxy(world: World):
    with FaultProxy(("127.0.0.1", world.srv.port), seed=7) as p:
        yield p


@pytest.fixture
def own_proxy(fresh_world: World):
    with FaultProxy(("127.0.0.1", fresh_world.srv.port), seed=7) as p:
        yield p


def proxied_desk(world: World, proxy: FaultProxy, **kw):
    return world.desk(url=f"https://127.0.0.1:{proxy.port}", **kw)


def handshake_up_bytes(desk, proxy: FaultProxy) -> int:
    """Bytes the desk's TLS client sends for a handshake (ClientHello + Finished)."""
    ctx = desk.transport_factory(threading.Event()).ssl_context
    before = len(proxy.connection_log())
    with socket.create_connection(("127.0.0.1", proxy.port), timeout=5) as raw:
        tls = ctx.wrap_socket(raw, server_hostname="127.0.0.1")
        time.sleep(0.2)
        tls.close()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        log = proxy.connection_log()
        if len(log) > before and log[before].closed_at is not None:
            return log[before].up_bytes
        time.sleep(0.05)
    raise AssertionError("probe connection not recorded")


def settle(desk, world, *, rounds: int = 3):
    """Sync until nothing is pending (faults healed); then the invariants must hold converged."""
    for _ in range(rounds):
        r = desk.sync()
        if r.error is None and r.pending_after == 0:
            break
    assert r.error is None, r.error
    world.check(desk, converged=True)
    return r


def effects_of(world: World, op_id: str) -> int:
    return world.sql("SELECT count(*) FROM report_events WHERE op_id = :o", o=op_id)[0][0]


# -- the scenarios ------------------------------------------------------------------------------


def test_response_lost_after_the_server_committed(world, proxy):
    ids = world.create_reports(3)
    desk = proxied_desk(world, proxy)
    assert desk.sync().error is None
    ops = [desk.respond(rid, f"Tanggapan {i}") for i, rid in enumerate(ids)]
    proxy.set(Faults(swallow_down_after_up=handshake_up_bytes(desk, proxy) + 1, swallow_hold=0.3))
    r = desk.sync()
    assert isinstance(r.error, OfflineError) and r.error.ambiguous
    # Committed on the server, unknown on the desk: still "sending", never "failed" (I4).
    assert all(effects_of(world, op) == 1 for op in ops)
    assert {row.state for row in desk.outbox().values()} == {"sending"}
    world.check(desk, converged=False)
    proxy.reset_faults()
    r = settle(desk, world)
    assert r.duplicate == 3 or r.settled_from_feed == 3
    assert all(effects_of(world, op) == 1 for op in ops)


def test_request_torn_mid_body(world, proxy):
    ids = world.create_reports(2)
    desk = proxied_desk(world, proxy)
    assert desk.sync().error is None
    ops = [desk.respond(rid, "Teks yang panjang. " * 40) for rid in ids]
    proxy.set(Faults(cut_up_after=handshake_up_bytes(desk, proxy) + 300, reset=True))
    r = desk.sync()
    assert isinstance(r.error, OfflineError)
    # Nothing half-applied: no op record, no effect.
    assert all(not world.sql("SELECT 1 FROM ops WHERE op_id = :o", o=op) for op in ops)
    assert all(effects_of(world, op) == 0 for op in ops)
    world.check(desk, converged=False)
    proxy.reset_faults()
    settle(desk, world)
    assert all(effects_of(world, op) == 1 for op in ops)


def test_same_op_sent_twice_at_once(world, proxy):
    ids = world.create_reports(1)
    desk = proxied_desk(world, proxy)
    assert desk.sync().error is None
    op = desk.respond(ids[0], "Dikirim dua kali sekaligus.")
    row = desk.q("SELECT * FROM outbox WHERE op_id = ?", op)[0]
    body = {"ops": [outbox.op_json(row)]}
    proxy.set(Faults(latency=0.2))  # the two requests overlap on the server
    answers = []

    def send():
        with desk.transport_factory(threading.Event()) as t:
            t.token = desk.token
            answers.append(t.post_json("ops", body, idempotent=True)["results"][0]["outcome"])

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(answers) == ["applied", "duplicate"], answers
    assert effects_of(world, op) == 1
    proxy.reset_faults()
    r = settle(desk, world)
    assert r.duplicate == 1 and effects_of(world, op) == 1


def test_same_op_id_with_different_content_is_rejected_and_the_text_kept(world, proxy):
    ids = world.create_reports(1)
    desk = proxied_desk(world, proxy)
    assert desk.sync().error is None
    op = desk.respond(ids[0], "Teks petugas yang asli.")
    row = desk.q("SELECT * FROM outbox WHERE op_id = ?", op)[0]
    forged = outbox.op_json(row)
    forged["payload"] = {**forged["payload"], "text": "Isi lain dengan op_id yang sama."}
    with desk.transport_factory(threading.Event()) as t:
        t.token = desk.token
        assert (
            t.post_json("ops", {"ops": [forged]}, idempotent=True)["results"][0]["outcome"]
            == "applied"
        )
    r = desk.sync()
    assert r.error is None and r.rejected == 1
    mine = desk.outbox()[op]
    assert mine.state == "rejected" and mine.outcome_reason == "op_id_reused"
    assert "Teks petugas yang asli." in mine.payload  # the officer's text is not lost
    assert effects_of(world, op) == 1  # the first content only, once
    world.check(desk, converged=True)


def test_server_killed_and_restarted_mid_sync(fresh_world, own_proxy):
    world, proxy = fresh_world, own_proxy
    ids = world.create_reports(4)
    desk = proxied_desk(world, proxy)
    assert desk.sync().error is None
    ops = [desk.respond(ids[i % 4], f"Tanggapan nomor {i}") for i in range(150)]  # two batches
    proxy.set(Faults(latency=0.15))

    def crash():
        time.sleep(0.5)
        world.srv.kill()
        time.sleep(1.0)
        world.srv.start()

    killer = threading.Thread(target=crash)
    killer.start()
    r = desk.sync()
    killer.join(60)
    world.check(desk, converged=False)
    proxy.reset_faults()
    settle(desk, world)
    assert all(effects_of(world, op) == 1 for op in ops)
    assert r.error is None or isinstance(r.error, OfflineError | ServerError)


def test_desk_killed_between_applying_a_page_and_saving_its_cursor(world):
    world.create_reports(12)
    desk = world.desk()
    desk.engine.page_limit = 5

    class Killed(BaseException):
        """Stands for the process dying: not an error the engine may handle."""

    calls = {"n": 0}

    def die_on_second_page():
        calls["n"] += 1
        if calls["n"] == 2:
            raise Killed()

    desk.engine._before_cursor_save = die_on_second_page
    with pytest.raises(Killed):
        desk.sync()
    # The first page is there with its cursor; of the second page nothing, not even part.
    assert len(desk.reports()) == 5
    desk.crash()
    assert desk.store.integrity_check() == "ok" and len(desk.reports()) == 5
    desk.engine.page_limit = 5
    settle(desk, world)  # converges: same reports and versions as the server (I3)


def test_cursor_reset_full_resync_keeps_the_outbox(fresh_world, own_proxy):
    world, proxy = fresh_world, own_proxy
    ids = world.create_reports(4)
    desk = proxied_desk(world, proxy)
    assert desk.sync().error is None
    op = desk.respond(ids[0], "Ditulis sebelum server dipulihkan.")
    # A report the fresh read will not deliver, with unsent work on it.
    with desk.store.write_conn() as conn:
        conn.exec_driver_sql(
            "INSERT INTO reports(id, tracking_id, title, body, submitted_at, status, agency_code,"
            " version) VALUES ('ghost', 'MMK-0000-GHOST', 'Hantu', 'x', '2026-01-01', 'dispatched',"
            " 'dinkes', 9)"
        )
    ghost_op = desk.respond("ghost", "Jawaban untuk laporan yang hilang.")
    # The server database was restored elsewhere: a new feed epoch.
    eng = sa.create_engine(world.srv.db_url)
    with eng.begin() as c:
        c.execute(sa.text("UPDATE server_meta SET value = 'restored-epoch' WHERE key = 'epoch'"))
    eng.dispose()
    r = desk.sync()
    assert r.error is None, r.error
    assert r.full_resync and effects_of(world, op) == 1
    assert "ghost" not in desk.reports()
    ghost = desk.outbox()[ghost_op]
    assert ghost.state in ("conflict", "rejected") and "hilang" in ghost.payload
    settle(desk, world)


def test_reassigned_while_the_officer_answered_offline(world, proxy):
    ids = world.create_reports(2)
    desk = proxied_desk(world, proxy)
    assert desk.sync().error is None
    proxy.set(Faults(refuse=True))  # offline
    op = desk.respond(ids[0], "Jawaban saat offline di Agimuga.")
    assert isinstance(desk.sync().error, OfflineError)
    world.coord("reassign", ids[0], {"agency_code": OTHER_AGENCY, "reason": "wewenang PUPR"})
    proxy.reset_faults()
    r = settle(desk, world)
    assert r.conflicts == 1
    row = desk.outbox()[op]
    assert row.state == "conflict" and "Jawaban saat offline di Agimuga." in row.payload
    [item] = desk.actions.conflicts()
    # the report left this desk: a draft of it would be out of sight, so it is not offered
    assert item.detail and item.options == ("discard",)
    assert effects_of(world, op) == 0


def test_desk_clock_days_off(world, proxy):
    ids = world.create_reports(2)
    desk = proxied_desk(world, proxy)
    skew = timedelta(days=3)

    def future() -> str:
        return (datetime.now(UTC) + skew).isoformat(timespec="milliseconds")

    desk.actions._now = future
    desk.engine._clock = future
    assert desk.sync().error is None
    ops = [desk.respond(ids[0], "Jam desk maju tiga hari."), desk.note(ids[1], "Catatan.")]
    settle(desk, world)
    # Server time orders the timeline, not the desk's clock.
    [created] = world.sql("SELECT created_at FROM report_events WHERE op_id = :o", o=ops[0])[0:1]
    when = (
        created[0] if isinstance(created[0], datetime) else datetime.fromisoformat(str(created[0]))
    )
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    assert abs(when - datetime.now(UTC)) < timedelta(hours=1)


def test_two_second_round_trip_and_64_kB_per_second(world, proxy):
    ids = world.create_reports(3)
    desk = proxied_desk(world, proxy)
    desk.timeouts = (15.0, 20.0)
    assert desk.sync().error is None  # the queue arrived earlier, on a good link
    op = desk.respond(ids[0], "Lewat jaringan lambat.")
    world.create_reports(2)  # and something new comes back down the slow link
    proxy.set(Faults(latency=1.0, bandwidth=64_000))
    r = desk.sync()
    assert r.error is None and r.applied == 1 and effects_of(world, op) == 1
    assert r.reports_changed >= 3  # the answered report and the two new ones
    world.check(desk, converged=True)


@pytest.mark.parametrize("canned", [CAPTIVE_PORTAL, TRUNCATED_JSON, b"\x00\xffgarbage" * 40])
def test_garbage_truncated_or_portal_bytes_on_the_wire(world, proxy, canned):
    ids = world.create_reports(2)
    desk = proxied_desk(world, proxy)
    assert desk.sync().error is None
    op = desk.respond(ids[0], "Jangan hilang.")
    before = desk.reports()
    proxy.set(Faults(canned=canned))
    r = desk.sync()
    # Plain bytes where TLS was expected: the connection cannot be verified; nothing changes.
    assert isinstance(r.error, TlsError | OfflineError | ProtocolError), r.error
    assert desk.reports() == before and desk.outbox()[op].state in ("pending", "sending")
    world.check(desk, converged=False)
    proxy.reset_faults()
    settle(desk, world)


@pytest.fixture
def front(world):
    """A TLS front on its own CA that relays to the real server unless told otherwise."""
    ca = trustme.CA()
    ca_file = world.tmp / "front-ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    fwd = Forwarder(world.srv.url, str(world.srv.ca_path))
    srv = ScriptedTlsServer(ca.issue_cert("127.0.0.1"), fwd)

    def desk_behind_front():
        d = world.desk(url=srv.url)
        d.transport_factory = lambda cancel: Transport(
            srv.url, ca_bundle=str(ca_file), retry=d.retry, timeouts=(3, 5), cancel=cancel
        )
        d.engine.transport_factory = d.transport_factory
        return d

    yield fwd, desk_behind_front
    srv.close()
    fwd.close()


_HTML = http_response(200, "<html><body>Login hotspot dulu</body></html>", "text/html")
_CUT = (
    b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 900\r\n\r\n{"items": ['
)
_BAD_JSON = http_response(200, '{"items": [{"type": "report", "rep')
_WRONG_SHAPE = http_response(200, {"items": "semua", "cursor": 5, "has_more": "no"})


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (_HTML, ProtocolError),
        (_CUT, OfflineError),
        (_BAD_JSON, ProtocolError),
        (_WRONG_SHAPE, ProtocolError),
    ],
    ids=["captive-portal-html", "truncated", "malformed-json", "wrong-shape"],
)
def test_garbage_truncated_or_portal_answers_over_tls(world, front, answer, error):
    fwd, make = front
    ids = world.create_reports(3)
    desk = make()
    assert desk.sync().error is None
    world.create_reports(2)  # news on the server the desk must not half-apply
    op = desk.respond(ids[0], "Tetap aman.")
    before = (desk.reports(), desk.q("SELECT value FROM sync_state WHERE key = 'cursor'"))
    fwd.intercept = lambda method, path, n: answer if path.startswith("/api/v1/feed") else None
    r = desk.sync()
    assert isinstance(r.error, error), r.error
    assert (desk.reports(), desk.q("SELECT value FROM sync_state WHERE key = 'cursor'")) == before
    assert desk.outbox()[op].state == "done"  # the push before it went through
    world.check(desk, converged=False)
    fwd.intercept = None
    settle(desk, world)


def test_ops_answer_of_the_wrong_shape_leaves_ops_unknown(world, front):
    fwd, make = front
    ids = world.create_reports(1)
    desk = make()
    assert desk.sync().error is None
    op = desk.respond(ids[0], "Jawaban.")
    short = http_response(200, {"results": []})
    fwd.intercept = lambda method, path, n: short if path == "/api/v1/ops" else None
    r = desk.sync()
    assert isinstance(r.error, ProtocolError)
    assert desk.outbox()[op].state == "sending"  # unknown, not failed (I4)
    fwd.intercept = None
    settle(desk, world)


def test_503_and_429_storm_with_retry_after(world, front):
    fwd, make = front
    ids = world.create_reports(2)
    desk = make()
    desk.retry = RetryPolicy(attempts=8, base_delay=0.05, max_delay=0.2, max_elapsed=30)
    assert desk.sync().error is None
    ops = [desk.respond(rid, "Saat server sibuk.") for rid in ids]
    storm = {"n": 0}

    def intercept(method, path, n):
        if storm["n"] >= 4:
            return None
        storm["n"] += 1
        if storm["n"] % 2:
            return http_response(
                503, {"title": "sibuk"}, "application/problem+json", retry_after="1"
            )
        when = formatdate(time.time() + 2, usegmt=True)
        return http_response(429, {"title": "pelan"}, "application/problem+json", retry_after=when)

    fwd.intercept = intercept
    r = desk.sync()
    assert r.error is None, r.error
    assert r.applied == 2 and all(effects_of(world, op) == 1 for op in ops)
    storm_times = [t for t, _m, _p, status in fwd.log if status in (429, 503)]
    after = [t for t, _m, _p, st in fwd.log if st not in (429, 503) and t > storm_times[-1]]
    gaps = [b - a for a, b in zip(storm_times, storm_times[1:] + after[:1], strict=False)]
    assert len(storm_times) == 4 and min(gaps) >= 0.9  # Retry-After honoured
    world.check(desk, converged=True)


def test_503_storm_longer_than_the_budget_ends_the_run_with_the_wait(world, front):
    fwd, make = front
    ids = world.create_reports(1)
    desk = make()
    assert desk.sync().error is None
    op = desk.respond(ids[0], "Nanti saja.")
    fwd.intercept = lambda method, path, n: http_response(503, "", "text/plain", retry_after="600")
    r = desk.sync()
    assert isinstance(r.error, ServerError) and r.error.retry_after == 600
    assert desk.outbox()[op].state == "sending"
    fwd.intercept = None
    settle(desk, world)
