"""The sync scheduling policy: start, interval, debounce after changes, backoff, auth stop."""

from __future__ import annotations

from lapor_desk.sync.scheduler import Outcome, SchedulerConfig, SyncScheduler

CFG = SchedulerConfig(interval=300, debounce=3, max_debounce=30, backoff_base=15, backoff_max=900)


def sched(rng=lambda: 0.5) -> SyncScheduler:
    return SyncScheduler(CFG, rng=rng)


def run(s: SyncScheduler, now: float, outcome=Outcome.OK, retry_after=None) -> None:
    assert s.is_due(now), f"expected a sync to be due at {now}, delay={s.delay(now)}"
    s.sync_started(now)
    s.sync_finished(now + 1, outcome, retry_after)


def test_syncs_on_start_then_every_interval():
    s = sched()
    assert s.delay(0) is None
    s.start(0)
    assert s.delay(0) == 0
    run(s, 0)
    assert s.delay(1) == 300
    run(s, 301)
    assert s.delay(302) == 300


def test_local_change_is_debounced_and_bounded():
    s = sched()
    s.start(0)
    run(s, 0)
    s.local_change(10)
    assert s.delay(10) == 3
    # typing on: each change moves it, but never past 30 s after the first
    for t in range(11, 60, 2):
        s.local_change(t)
    assert s.due_at == 40


def test_change_during_sync_triggers_another_after_it():
    s = sched()
    s.start(0)
    s.sync_started(0)
    s.local_change(0.5)
    assert s.delay(0.5) is None  # nothing starts while one runs
    s.sync_finished(2, Outcome.OK)
    assert s.delay(2) == 3


def test_failures_back_off_exponentially_with_jitter_and_retry_after():
    s = sched(rng=lambda: 1.0)
    s.start(0)
    run(s, 0, Outcome.SERVER)
    assert s.delay(1) == 15
    run(s, 16, Outcome.SERVER)
    assert s.delay(17) == 30
    run(s, 47, Outcome.SERVER, retry_after=120)
    assert s.delay(48) == 120
    for _ in range(10):
        run(s, s.due_at, Outcome.SERVER)
    assert s.delay(s.due_at - 900) == 900  # capped
    run(s, s.due_at, Outcome.OK)
    assert s.failures == 0


def test_an_unreachable_server_is_probed_soon_and_never_rarely():
    """Issue 18, item 5: offline for ~90 s after the server came back. Unreachable retries start
    at 5 s and are capped at 30 s, however long the outage."""
    s = sched(rng=lambda: 1.0)
    s.start(0)
    waits = []
    now = 0.0
    for _ in range(12):
        run(s, now, Outcome.OFFLINE)  # the attempt takes 1 s
        waits.append(s.delay(now + 1))
        now = s.due_at
    assert waits[:4] == [5, 10, 20, 30] and max(waits) == 30
    # a server that answers with errors is busy or broken: the long backoff stays for it
    run(s, now, Outcome.SERVER)
    assert s.delay(now + 1) > 30


def test_jitter_spreads_desks():
    lo, hi = sched(rng=lambda: 0.0), sched(rng=lambda: 1.0)
    assert lo.backoff(3) == 30 and hi.backoff(3) == 60


def test_changes_do_not_hammer_an_offline_server():
    s = sched(rng=lambda: 1.0)
    s.start(0)
    run(s, 0, Outcome.SERVER)
    s.local_change(2)
    assert s.due_at == 16  # waits for the backoff, not 3 s


def test_request_now_ignores_backoff():
    s = sched(rng=lambda: 1.0)
    s.start(0)
    run(s, 0, Outcome.OFFLINE)
    s.request_now(2)
    assert s.is_due(2)


def test_auth_error_stops_until_login():
    s = sched()
    s.start(0)
    run(s, 0, Outcome.AUTH)
    s.local_change(5)
    s.request_now(6)
    assert s.delay(1000) is None and s.stopped_for_auth
    s.login_done(2000)
    assert s.is_due(2000)


def test_partial_outcome_is_not_a_failure():
    s = sched()
    s.start(0)
    run(s, 0, Outcome.PARTIAL)
    assert s.failures == 0 and s.delay(1) == 300


def test_cancel_keeps_failure_count():
    s = sched(rng=lambda: 1.0)
    s.start(0)
    run(s, 0, Outcome.OFFLINE)
    s.request_now(5)
    run(s, 5, Outcome.CANCELLED)
    assert s.failures == 1 and s.delay(6) == 300
