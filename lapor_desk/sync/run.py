"""What one sync run carries through its phases, and what it reports at the end.

`SyncRun` is the small object each phase (`push`, `pull`, `check`) takes, as Anki's sync passes one
context through its stages: the store and account of the profile, the open transport, the progress
callback, the cancel flag, the clock and the `SyncReport` being filled. The engine makes one per
run (`engine.py`); see docs/sync.md for the phases.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lapor_desk.errors import (
    AuthError,
    Cancelled,
    DeskError,
    OfflineError,
    ProtocolError,
    ServerError,
    TlsError,
)
from lapor_desk.models import sync_state
from lapor_desk.models.account import Account
from lapor_desk.models.store import Store
from lapor_desk.sync.scheduler import Outcome as RunOutcome
from lapor_desk.sync.transport import Transport

#: progress(phase, done, total): phase is "push", "pull", "resync", "index" or "check"
Progress = Callable[[str, int, int | None], None]


def no_progress(phase: str, done: int, total: int | None) -> None:
    return None


@dataclass
class SyncReport:
    """What one run did. `error` is the typed error that ended it early, if any."""

    pushed: int = 0
    applied: int = 0
    duplicate: int = 0
    conflicts: int = 0
    rejected: int = 0
    #: op ids that became conflict/rejected in this run (for a notification)
    new_conflicts: list[str] = field(default_factory=list)
    uploaded: int = 0
    pages: int = 0
    reports_changed: int = 0
    reports_removed: int = 0
    settled_from_feed: int = 0
    full_resync: bool = False
    #: "ok", "repaired", "mismatch", or None when not checked
    check: str | None = None
    requests: int = 0
    seconds: float = 0.0
    pending_after: int = 0
    changed_report_ids: set[str] = field(default_factory=set)
    #: reference data (OPDs, distrik, categories) was replaced in this run: lists must follow
    reference_updated: bool = False
    #: reports that left this desk in this run: {report id: {"reason", "at", "by",
    #: "to_agency_code"}} from the feed's tombstones (an open report says where it went)
    departures: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: ops that reached the server in this run, by kind ({"respond": 2, "note": 1}): the desk
    #: says "2 jawaban terkirim" when it is back online
    sent: dict[str, int] = field(default_factory=dict)
    #: the run started from the server's bootstrap file (sync/bootstrap.py)
    bootstrapped: bool = False
    #: photo previews fetched ahead in this run (sync/attachments.prefetch_previews)
    previews: int = 0
    #: body bytes on the wire in this run (compressed where they were)
    bytes_sent: int = 0
    bytes_received: int = 0
    error: DeskError | None = None

    @property
    def outcome(self) -> RunOutcome:
        e = self.error
        if e is None:
            return RunOutcome.PARTIAL if (self.conflicts or self.rejected) else RunOutcome.OK
        for cls, outcome in (
            (AuthError, RunOutcome.AUTH),
            (TlsError, RunOutcome.TLS),
            (Cancelled, RunOutcome.CANCELLED),
            (OfflineError, RunOutcome.OFFLINE),
            (ServerError, RunOutcome.SERVER),
            (ProtocolError, RunOutcome.PROTOCOL),
        ):
            if isinstance(e, cls):
                return outcome
        return RunOutcome.ERROR

    @property
    def exit_code(self) -> int:
        if self.error is not None:
            return self.error.exit_code
        return 1 if (self.conflicts or self.rejected) else 0

    def raise_for_error(self) -> None:
        if self.error is not None:
            raise self.error

    def as_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if k not in ("error", "changed_report_ids")}
        out["outcome"] = self.outcome.value
        out["error"] = self.error.as_dict() if self.error else None
        return out


@dataclass
class SyncRun:
    """One run's context: everything a phase needs, and nothing it must remember afterwards."""

    store: Store
    account: Account
    transport: Transport
    report: SyncReport
    progress: Progress
    cancel: threading.Event
    clock: Callable[[], str]
    #: ops per POST /api/v1/ops (at most the server's limit)
    batch_size: int
    #: feed items asked for per page
    page_limit: int
    #: a GUI desk asks for smaller pages when they get bigger than this (bytes)
    max_page_bytes: int | None = None
    #: tests use this to inject a fault between applying a page and saving its cursor
    before_cursor_save: Callable[[], None] | None = None
    #: `reference_version` of the last feed page read in this run (None: not sent)
    feed_reference_version: str | None = None
    #: a read from the beginning uses the server's bootstrap file for a scope of at least this
    #: many reports (None: never; sync/bootstrap.py)
    bootstrap_from: int | None = None

    def check_cancel(self) -> None:
        if self.cancel.is_set():
            raise Cancelled("sync cancelled")

    def get_state(self, key: str) -> str | None:
        with self.store.read_conn() as conn:
            return sync_state.get(conn, key)

    def set_state(self, values: dict[str, str | None]) -> None:
        with self.store.write_conn() as conn:
            sync_state.put(conn, values)
