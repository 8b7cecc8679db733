"""A hypothesis state machine over the real server: writes, syncs, network faults, desk crashes,
server restarts, new reports and reassignments interleaved at random, with the invariants I1–I5
checked after every step and convergence (I3) checked at the end of every run.

Fast by default (a few short runs in `make test`); the long profile explores much more:
`pytest tests/e2e/test_sync_statemachine.py --hypothesis-profile=long` or
`LAPOR_SYNC_HYPOTHESIS=long make test`.
"""

from __future__ import annotations

import os
from collections import Counter
from typing import ClassVar

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from lapor_desk.errors import (
    OfflineError,
    ProtocolError,
    ServerError,
    TlsError,
    ValidationError,
)
from lapor_desk.sync.transport import RetryPolicy
from tests.e2e.world import AGENCY, OTHER_AGENCY, World
from tests.support.faultproxy import FaultProxy, Faults

FAST = settings(
    max_examples=5,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
LONG = settings(
    max_examples=60,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
QUICK_RETRY = RetryPolicy(attempts=2, base_delay=0.05, max_delay=0.1, max_elapsed=3)
TEXT = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ABC.,", min_size=1, max_size=30).filter(
    lambda s: s.strip()
)
EXPECTED = (OfflineError, ServerError, ProtocolError, TlsError)


def chosen_settings() -> settings:
    if os.environ.get("LAPOR_SYNC_HYPOTHESIS") == "long":
        return LONG
    if settings.get_current_profile_name() == "long":
        return LONG
    return FAST


class SyncMachine(RuleBasedStateMachine):
    world: World
    proxy: FaultProxy
    #: how often each rule ran (printed at the end, so a run shows what it exercised)
    counts: ClassVar[Counter[str]] = Counter()

    def __init__(self) -> None:
        super().__init__()
        self.proxy.reset_faults()
        if not self.world.srv.running:
            self.world.srv.start()
        self.desk = self.world.desk(url=f"https://127.0.0.1:{self.proxy.port}")
        self.desk.retry = QUICK_RETRY
        self.desk.timeouts = (2.0, 3.0)
        self.restarts = 0
        r = self.desk.sync()
        assert r.error is None, r.error

    # -- the officer ---------------------------------------------------------------------------
    @rule(
        kind=st.sampled_from(["respond", "note", "final"]), pick=st.integers(0, 10_000), text=TEXT
    )
    def write(self, kind: str, pick: int, text: str) -> None:
        self.counts["write"] += 1
        ids = sorted(self.desk.reports())
        if not ids:
            return
        rid = ids[pick % len(ids)]
        try:
            if kind == "note":
                self.desk.note(rid, text)
            else:
                self.desk.respond(rid, text, final=kind == "final")
        except ValidationError:
            pass  # not allowed in the report's local state: refused, nothing written

    @rule()
    def sync(self) -> None:
        self.counts["sync"] += 1
        r = self.desk.sync()
        assert r.error is None or isinstance(r.error, EXPECTED), repr(r.error)

    # Writing and syncing are what a day is mostly made of: give them more weight.
    @rule(kind=st.sampled_from(["respond", "note"]), pick=st.integers(0, 10_000), text=TEXT)
    def write_more(self, kind: str, pick: int, text: str) -> None:
        self.write(kind, pick, text)

    @rule()
    def sync_again(self) -> None:
        self.sync()

    @rule()
    def crash(self) -> None:
        self.counts["crash"] += 1
        self.desk.crash()

    # -- the network ----------------------------------------------------------------------------
    @rule(mode=st.sampled_from(["swallow", "tear", "refuse", "reset", "clear"]))
    def network(self, mode: str) -> None:
        self.counts[f"network:{mode}"] += 1
        faults = {
            "swallow": Faults(swallow_down_after_up=700, swallow_hold=0.2),
            "tear": Faults(cut_up_after=900, reset=True),
            "refuse": Faults(refuse=True),
            "reset": Faults(cut_down_after=3000, reset=True),
            "clear": Faults(),
        }[mode]
        self.proxy.set(faults)

    # -- the server and the coordinator ------------------------------------------------------------
    @precondition(lambda self: self.restarts < 1)
    @rule()
    def server_restart(self) -> None:
        self.counts["server_restart"] += 1
        self.restarts += 1
        self.world.srv.restart(kill=True)

    @rule()
    def new_report(self) -> None:
        self.counts["new_report"] += 1
        self.world.create_reports(1)

    @rule(pick=st.integers(0, 10_000))
    def reassign(self, pick: int) -> None:
        self.counts["reassign"] += 1
        rows = self.world.sql(
            "SELECT id, agency_code FROM reports WHERE status IN"
            " ('dispatched', 'in_progress', 'postponed') ORDER BY id"
        )
        if not rows:
            return
        rid, agency = rows[pick % len(rows)]
        target = OTHER_AGENCY if agency == AGENCY else AGENCY
        self.world.coord("reassign", rid, {"agency_code": target, "reason": "uji mesin keadaan"})

    # -- checks ----------------------------------------------------------------------------------
    @invariant()
    def nothing_lost_nothing_twice(self) -> None:
        self.world.check(self.desk, converged=False)

    def teardown(self) -> None:
        try:
            self.proxy.reset_faults()
            if not self.world.srv.running:
                self.world.srv.start()
            self.desk.retry = RetryPolicy(attempts=4, base_delay=0.1, max_delay=1, max_elapsed=15)
            for _ in range(4):
                r = self.desk.sync()
                if r.error is None and r.pending_after == 0:
                    break
            assert r.error is None, r.error
            self.world.check(self.desk, converged=True)
        finally:
            self.desk.close()


@pytest.fixture(scope="module")
def machine_env(shared_world):
    with FaultProxy(("127.0.0.1", shared_world.srv.port), seed=11) as proxy:
        SyncMachine.world = shared_world
        SyncMachine.proxy = proxy
        shared_world.create_reports(4)
        yield


@pytest.mark.timeout(7200 if chosen_settings() is LONG else 600)
def test_sync_state_machine(machine_env):
    SyncMachine.TestCase.settings = chosen_settings()
    SyncMachine.counts.clear()
    SyncMachine.TestCase().runTest()
    print("state machine steps:", dict(sorted(SyncMachine.counts.items())))
    assert SyncMachine.counts["sync"] and SyncMachine.counts["write"]
