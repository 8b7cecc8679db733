"""Presence (issue 6): two staff on one report see each other; scope as GET /reports/{id};
stale viewers disappear; leaving removes; old rows are pruned by the periodic job."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from lapor_server import jobs
from lapor_server.models import Presence
from tests.server.conftest import AGENCY_A, CANARY_NAME, CANARY_PHONE


def _put(world, who: str, report_id: str):  # type: ignore[no-untyped-def]
    return world.client.put(f"/api/v1/reports/{report_id}/presence", headers=world.headers(who))


def _delete(world, who: str, report_id: str):  # type: ignore[no-untyped-def]
    return world.client.delete(f"/api/v1/reports/{report_id}/presence", headers=world.headers(who))


def test_two_users_see_each_other_and_the_version(world) -> None:  # type: ignore[no-untyped-def]
    rid = world.report(
        "dispatched", AGENCY_A, reporter_name=CANARY_NAME, reporter_phone=CANARY_PHONE
    )
    first = _put(world, "koor", rid)
    assert first.status_code == 200, first.text
    assert first.json()["viewers"] == []
    world.clock.advance(seconds=10)
    second = _put(world, "petugas_a", rid)
    assert second.status_code == 200, second.text
    body = second.json()
    assert [v["display_name"] for v in body["viewers"]] == ["Yohana Kambu"]
    assert body["viewers"][0]["role"] == "koordinator"
    assert body["version"] == world.get("koor", f"/api/v1/reports/{rid}").json()["version"]
    again = _put(world, "koor", rid).json()
    assert [(v["display_name"], v["agency_code"]) for v in again["viewers"]] == [
        ("Petugas PUPR", AGENCY_A)
    ]
    # staff only: no reporter data in the answer
    assert CANARY_NAME not in second.text and CANARY_PHONE not in second.text


def test_other_agency_gets_404_like_a_missing_report(world) -> None:  # type: ignore[no-untyped-def]
    rid = world.report("dispatched", AGENCY_A)
    assert _put(world, "petugas_b", rid).status_code == 404
    assert _delete(world, "petugas_b", rid).status_code == 404
    assert _put(world, "petugas_b", "no-such-report").status_code == 404
    # the refused heartbeat left no trace for the others
    assert _put(world, "koor", rid).json()["viewers"] == []


def test_unauthenticated_is_401(world) -> None:  # type: ignore[no-untyped-def]
    rid = world.report("dispatched", AGENCY_A)
    assert world.client.put(f"/api/v1/reports/{rid}/presence").status_code == 401


def test_stale_viewers_disappear(world) -> None:  # type: ignore[no-untyped-def]
    rid = world.report("dispatched", AGENCY_A)
    _put(world, "petugas_a", rid)
    world.clock.advance(seconds=60)
    assert len(_put(world, "koor", rid).json()["viewers"]) == 1
    world.clock.advance(seconds=40)  # petugas_a last beat 100 s ago
    assert _put(world, "koor", rid).json()["viewers"] == []


def test_leaving_removes(world) -> None:  # type: ignore[no-untyped-def]
    rid = world.report("dispatched", AGENCY_A)
    _put(world, "petugas_a", rid)
    assert len(_put(world, "koor", rid).json()["viewers"]) == 1
    assert _delete(world, "petugas_a", rid).status_code == 204
    assert _put(world, "koor", rid).json()["viewers"] == []


def test_periodic_job_prunes_day_old_rows(world) -> None:  # type: ignore[no-untyped-def]
    rid = world.report("dispatched", AGENCY_A)
    _put(world, "petugas_a", rid)
    _put(world, "koor", rid)
    with world.db.write() as s:
        s.execute(
            sa.update(Presence)
            .where(Presence.role == "petugas")
            .values(seen_at=world.clock() - timedelta(days=2))
        )
    assert jobs.prune_presence(world.db, world.clock()) == 1
    with world.db.read() as s:
        assert s.execute(sa.select(Presence.role)).scalars().all() == ["koordinator"]
