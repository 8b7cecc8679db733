"""A region's push over a bad link (docs/pusat.md, "Push, not pull"): with the centre unreachable
the signed versions wait in the outbox with a growing pause; when the link loses the centre's
answer the next round sends again and the centre counts it once; once the link is good every
month arrives and the centre's figures equal the region's own."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from lapor_server import manage
from lapor_server.config import ServerSettings
from lapor_server.db import Database, upgrade
from lapor_server.pusat import centre, push, signing
from lapor_server.pusat.tables import PusatOutbox
from tests.support.faultproxy import FaultProxy, Faults
from tests.support.servers import DEFAULT_PASSWORD, make_tls, start_server
from tests.support.world import prepare_database


def _handshake_bytes(proxy: FaultProxy, ca) -> int:
    """What a client sends through the proxy for a TLS handshake alone (measured)."""
    import socket
    import ssl
    import time

    ctx = ssl.create_default_context(cafile=str(ca))
    with (
        socket.create_connection(("127.0.0.1", proxy.port)) as raw,
        ctx.wrap_socket(raw, server_hostname="127.0.0.1") as tls,
    ):
        tls.getpeercert()
    time.sleep(0.3)
    return proxy.connection_log()[-1].up_bytes


def _outbox(db: Database) -> list:
    with db.read() as s:
        return s.execute(
            sa.select(
                PusatOutbox.period,
                PusatOutbox.sent_at,
                PusatOutbox.attempts,
                PusatOutbox.next_try_at,
                PusatOutbox.last_error,
            ).order_by(PusatOutbox.period)
        ).all()


def test_a_cut_link_delays_the_push_and_the_retry_counts_once(tmp_path):
    tls = make_tls(tmp_path)
    now = datetime.now(UTC)
    key_file = tmp_path / "region.key"
    public = signing.generate(key_file)
    hub_url = f"sqlite:///{tmp_path / 'centre.sqlite3'}"
    upgrade(hub_url)
    hub_db = Database(hub_url, pool_size=1)
    manage.add_user(
        hub_db, username="pusat", role="pusat", password=DEFAULT_PASSWORD, profile="fast"
    )
    centre.add_region(hub_db, code="94.04", name="Kabupaten Mimika", public_key=public, now=now)
    hub_db.dispose()
    hub = start_server(hub_url, tmp_path / "centre", tls=tls, env={"LAPOR_SERVER_ROLE": "centre"})
    region_url = f"sqlite:///{tmp_path / 'region.sqlite3'}"
    prepare_database(region_url)
    region = Database(region_url, pool_size=1)
    manage.seed(region, reports=40, seed=5)
    try:
        with FaultProxy(("127.0.0.1", hub.port), faults=Faults(refuse=True), seed=3) as proxy:
            settings = ServerSettings(
                db_url=region_url,
                region_code="94.04",
                centre_url=f"https://127.0.0.1:{proxy.port}",
                centre_key_file=key_file,
                centre_ca_file=tls.ca,
                centre_timeout_seconds=5,
            )
            # 1. no link: every version is kept, signed, with a pause before the next try
            first = push.run_round(region, settings, now)
            assert first.prepared > 0 and first.sent == 0 and first.failed == first.prepared
            rows = _outbox(region)
            assert all(r.sent_at is None and r.attempts == 1 and r.last_error for r in rows)
            assert all(r.next_try_at == now + push.RETRY_FIRST for r in rows)
            # ... and nothing is tried again before that pause is over
            assert push.run_round(region, settings, now + timedelta(seconds=10)).failed == 0
            # 2. the link delivers the request but loses the answer: the centre stored it, the
            # region does not know and tries again later
            proxy.set(Faults())
            # answers lost once the client sent a little more than its handshake: every request
            # (headers and an aggregate of at least half a kilobyte) still reaches the centre
            lost_after = _handshake_bytes(proxy, tls.ca) + 120
            proxy.set(Faults(swallow_down_after_up=lost_after, swallow_hold=0.2))
            lost = push.run_round(region, settings, now + timedelta(seconds=31))
            assert lost.sent == 0 and lost.failed == first.prepared
            token = hub.login("pusat")
            months = [r.period for r in rows]
            params = {"from": months[0], "to": months[-1]}
            with hub.client(token) as c:
                stored = c.get("/api/v1/centre/map", params=params).json()["national"]
                assert stored["total"] == 40 and stored["months"] == len(months)
            # 3. a good link: every version is confirmed; the centre counted each one once
            proxy.set(Faults())
            later = now + timedelta(seconds=31) + push.RETRY_FIRST * 2
            done = push.run_round(region, settings, later)
            assert done.sent == first.prepared and done.failed == 0
            assert all(r.sent_at == later for r in _outbox(region))
            with hub.client(token) as c:
                assert c.get("/api/v1/centre/map", params=params).json()["national"] == stored
            # 4. nothing changed in the region: no new version, nothing sent
            assert push.run_round(region, settings, later + timedelta(hours=1)).prepared == 0
    finally:
        region.dispose()
        hub.stop()
