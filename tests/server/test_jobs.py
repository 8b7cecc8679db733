"""Periodic jobs: closing completed reports after 10 working days without a reply."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from lapor_core.workflow import Action, NotAllowed
from lapor_server import reports as rep
from lapor_server.jobs import close_expired
from lapor_server.models import Report, ReportEvent
from lapor_server.ops import OpActor, apply_system_action
from tests.server.conftest import World, make_op

REPORTER = OpActor("reporter", None, rep.REPORTER_ACTOR)


def _reply(world: World, rid: str, text: str = "Belum selesai, jalan masih rusak.") -> int:
    with world.db.write() as s:
        report = s.get(Report, rid)
        return apply_system_action(
            s,
            report,
            Action.REPORTER_REPLY,
            REPORTER,
            world.clock(),
            rep.load_calendar(s),
            text=text,
        )


def test_close_expired_after_the_reply_window(world: World) -> None:
    rid = world.report("completed")  # completed Wed 4 Nov 2026 → closes_at Wed 18 Nov
    with world.db.read() as s:
        r = s.get(Report, rid)
        assert r.closes_at == date(2026, 11, 18)
        version = r.version
    world.clock.advance(days=14)  # Wed 18 Nov: the last day of the window
    assert close_expired(world.db, world.clock()) == 0
    world.clock.advance(days=1)  # Thu 19 Nov
    assert close_expired(world.db, world.clock()) == 1
    assert close_expired(world.db, world.clock()) == 0  # idempotent
    with world.db.read() as s:
        r = s.get(Report, rid)
        last = s.scalar(
            sa.select(ReportEvent)
            .where(ReportEvent.report_id == rid)
            .order_by(ReportEvent.id.desc())
            .limit(1)
        )
    assert r.closed_at == world.clock()
    assert r.status == "completed"
    assert r.version == version + 1
    assert last.kind == "close" and last.actor == "Sistem"
    # a closed report takes no more replies and officers get a clear conflict
    try:
        _reply(world, rid)
    except NotAllowed as exc:
        assert exc.reason == "closed"
    else:
        raise AssertionError("a reply to a closed report was accepted")
    res = world.op1("petugas_a", make_op("respond", rid, {"text": "x", "final": False}))
    assert res["outcome"] == "conflict" and res["reason"] == "closed"


def test_reply_within_the_window_reopens(world: World) -> None:
    rid = world.report("completed")
    world.clock.advance(days=5)
    version = _reply(world, rid)
    with world.db.read() as s:
        r = s.get(Report, rid)
    assert r.status == "in_progress"
    assert r.version == version
    assert r.closes_at is None and r.respond_by is not None
    world.clock.advance(days=30)
    assert close_expired(world.db, world.clock()) == 0
    snap = world.snapshot("petugas_a", rid)
    reply = snap["events"][-1]
    assert reply["kind"] == "reporter_reply" and reply["visibility"] == "public"
    assert reply["actor"] == "Pelapor"


def test_reply_after_the_window_is_refused_even_before_the_job_ran(world: World) -> None:
    rid = world.report("completed")
    world.clock.advance(days=20)
    try:
        _reply(world, rid)
    except NotAllowed as exc:
        assert exc.reason == "closed"
    else:
        raise AssertionError("late reply accepted")


def test_reply_resumes_a_postponed_report(world: World) -> None:
    rid = world.report("postponed")
    _reply(world, rid, "Ini fotonya.")
    with world.db.read() as s:
        r = s.get(Report, rid)
    assert r.status == "dispatched"
    assert r.pauses[-1][1] is not None


def test_periodic_run_prunes_old_login_failures_and_tokens(world: World) -> None:
    from lapor_server.jobs import run_periodic
    from lapor_server.models import DeviceToken, LoginAttempt

    world.login("koor", password="salah")
    world.token("petugas_a")
    run_periodic(world.db, world.settings, world.clock())
    with world.db.read() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(LoginAttempt)) == 1
        assert s.scalar(sa.select(sa.func.count()).select_from(DeviceToken)) == 1
    world.clock.advance(days=world.settings.token_ttl_days + 91)
    run_periodic(world.db, world.settings, world.clock())
    with world.db.read() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(LoginAttempt)) == 0
        assert s.scalar(sa.select(sa.func.count()).select_from(DeviceToken)) == 0
