"""When to sync: a pure policy object, no Qt and no clock of its own (times are passed in).

Rules: sync on start; every `interval` seconds; `debounce` seconds after the last local change (but
no later than `max_debounce` after the first one of a burst); at once on request; after a failure
wait with exponential backoff (jittered, at least the server's Retry-After) — capped low
(`offline_backoff_max`) when the server was merely unreachable, so a desk is back online within
seconds of the network returning (the Qt side probes with a cheap health check first); after an
AuthError stop until the officer logs in again. A change made while a sync runs triggers another
one after it. The Qt wrapper in the views asks `delay(now)` and arms a single-shot timer.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum


class Outcome(StrEnum):
    """How a sync run ended, as far as scheduling cares."""

    OK = "ok"
    #: finished, but some ops ended in conflict/rejected (nothing to retry automatically)
    PARTIAL = "partial"
    OFFLINE = "offline"
    SERVER = "server"
    PROTOCOL = "protocol"
    TLS = "tls"
    AUTH = "auth"
    CANCELLED = "cancelled"
    ERROR = "error"


_FAILURES = {Outcome.OFFLINE, Outcome.SERVER, Outcome.PROTOCOL, Outcome.TLS, Outcome.ERROR}


@dataclass(frozen=True, slots=True)
class SchedulerConfig:
    interval: float = 300.0
    debounce: float = 3.0
    max_debounce: float = 30.0
    backoff_base: float = 15.0
    backoff_max: float = 900.0
    #: unreachable (offline): retry soon and often — a failed connect costs nothing
    offline_backoff_base: float = 5.0
    offline_backoff_max: float = 30.0


class SyncScheduler:
    """Decides when the next sync should start. All times are monotonic seconds."""

    def __init__(
        self, config: SchedulerConfig | None = None, rng: Callable[[], float] = random.random
    ):
        self.config = config or SchedulerConfig()
        self._rng = rng
        #: next periodic / immediate / backoff sync
        self._due: float | None = None
        #: debounced sync after local changes
        self._change_due: float | None = None
        self._burst_started: float | None = None
        self.running = False
        self.stopped_for_auth = False
        self.failures = 0
        self._dirty_while_running = False
        self._backoff_until: float | None = None
        #: nothing starts before this (the undo window of a bulk dispatch)
        self._hold_until: float | None = None

    # -- events -------------------------------------------------------------------------------
    def start(self, now: float) -> None:
        """The desk opened (or the officer logged in): sync at once."""
        self._set_due(now)

    def login_done(self, now: float) -> None:
        self.stopped_for_auth = False
        self.failures = 0
        self._backoff_until = None
        self._set_due(now)

    def hold(self, now: float, seconds: float) -> None:
        """Start no sync for `seconds` (work just queued may still be taken back)."""
        self._hold_until = max(self._hold_until or 0.0, now + seconds)

    def request_now(self, now: float) -> None:
        """The officer pressed "Sinkronkan": ignores backoff and holds, not a stop for a failed
        login."""
        self._backoff_until = None
        self._hold_until = None
        self._set_due(now)

    def local_change(self, now: float) -> None:
        """Something was written to the outbox: push it soon, once the officer pauses."""
        if self.running:
            self._dirty_while_running = True
            return
        if self._burst_started is None:
            self._burst_started = now
        at = min(now + self.config.debounce, self._burst_started + self.config.max_debounce)
        if self._backoff_until is not None:
            at = max(at, self._backoff_until)
        self._change_due = at  # each change of a burst moves the debounced sync later

    def sync_started(self, now: float) -> None:
        self.running = True
        self._due = None
        self._change_due = None
        self._burst_started = None
        self._dirty_while_running = False

    def sync_finished(
        self, now: float, outcome: Outcome | str, retry_after: float | None = None
    ) -> None:
        outcome = Outcome(outcome)
        self.running = False
        if outcome == Outcome.AUTH:
            self.stopped_for_auth = True
            self._due = None
            return
        if outcome in _FAILURES:
            self.failures += 1
            wait = self.backoff(self.failures, offline=outcome == Outcome.OFFLINE)
            if retry_after is not None:
                wait = max(wait, retry_after)
            self._backoff_until = now + wait
            self._due = now + wait
            return
        if outcome == Outcome.CANCELLED:
            self._due = now + self.config.interval
            return
        self.failures = 0
        self._backoff_until = None
        if self._dirty_while_running:
            self._dirty_while_running = False
            self._due = now + self.config.debounce
        else:
            self._due = now + self.config.interval

    # -- queries ------------------------------------------------------------------------------
    def backoff(self, failures: int, *, offline: bool = False) -> float:
        """Equal jitter: half fixed, half random, so desks of one office do not retry in step.

        Offline (the server unreachable) retries are capped low; a server that answers with an
        error keeps the long backoff (it is busy or broken, not gone)."""
        c = self.config
        base, cap = (
            (c.offline_backoff_base, c.offline_backoff_max)
            if offline
            else (c.backoff_base, c.backoff_max)
        )
        top = min(cap, base * 2 ** max(0, failures - 1))
        return top / 2 + self._rng() * top / 2

    @property
    def due_at(self) -> float | None:
        if self.stopped_for_auth or self.running:
            return None
        dues = [d for d in (self._due, self._change_due) if d is not None]
        if not dues:
            return None
        return max(min(dues), self._hold_until) if self._hold_until else min(dues)

    def delay(self, now: float) -> float | None:
        """Seconds until the next sync should start (0 = now), or None when none is planned."""
        due = self.due_at
        return None if due is None else max(0.0, due - now)

    def is_due(self, now: float) -> bool:
        d = self.delay(now)
        return d is not None and d <= 0

    # -- helpers ------------------------------------------------------------------------------
    def _set_due(self, at: float) -> None:
        self._due = at if self._due is None else min(self._due, at)
