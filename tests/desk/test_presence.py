"""Presence on the desk (issue 6): `lapor_desk.sync.presence` against a real HTTPS server, and
the composer's "the report changed since you started writing" warning."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from lapor_desk.services.errors import AuthError
from lapor_desk.sync import presence
from lapor_desk.sync.transport import RetryPolicy, Transport
from tests.support.world import AGENCY_A, World


@pytest.fixture
def transports(https_world: World) -> Iterator[dict[str, Transport]]:
    srv = https_world.server
    made: dict[str, Transport] = {}
    for who in ("koordinator", "petugas_a", "petugas_b"):
        t = Transport(srv.url, ca_bundle=str(srv.ca_path), retry=RetryPolicy(attempts=1))
        t.token = https_world.tokens[who]
        made[who] = t
    yield made
    for t in made.values():
        t.close()


def test_two_officers_see_each_other_and_leaving_removes(
    https_world: World, transports: dict[str, Transport]
) -> None:
    report_id = https_world.submit()["id"]
    version = https_world.dispatch(report_id, AGENCY_A)
    first = presence.announce(transports["koordinator"], report_id)
    assert first.known and first.viewers == () and first.version == version
    second = presence.announce(transports["petugas_a"], report_id)
    assert [v.role for v in second.viewers] == ["koordinator"]
    assert second.version == version
    again = presence.announce(transports["koordinator"], report_id)
    assert [(v.role, v.agency_code) for v in again.viewers] == [("petugas", AGENCY_A)]
    presence.leave(transports["petugas_a"], report_id)
    assert presence.announce(transports["koordinator"], report_id).viewers == ()


def test_report_out_of_scope_is_unknown_not_an_error(
    https_world: World, transports: dict[str, Transport]
) -> None:
    report_id = https_world.submit()["id"]
    https_world.dispatch(report_id, AGENCY_A)
    info = presence.announce(transports["petugas_b"], report_id)
    assert info == presence.PresenceInfo.unknown() and not info.known
    presence.leave(transports["petugas_b"], report_id)  # quiet as well


def test_offline_is_unknown(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.support.servers import free_port

    t = Transport(
        f"https://127.0.0.1:{free_port()}", retry=RetryPolicy(attempts=1), timeouts=(2, 2)
    )
    try:
        t.token = "x"
        assert not presence.announce(t, "r1").known
        presence.leave(t, "r1")
    finally:
        t.close()
    assert not presence.announce(None, "r1").known


def test_a_refused_token_is_raised_as_auth_error(
    https_world: World, transports: dict[str, Transport]
) -> None:
    report_id = https_world.submit()["id"]
    t = transports["koordinator"]
    t.token = "not-a-valid-token"
    with pytest.raises(AuthError):
        presence.announce(t, report_id)
