"""The sync engine: one run pushes the outbox, then pulls the change feed; no Qt, one run per call.

`SyncEngine.run_once(progress, cancel)` does one round and returns a `SyncReport`. The views run
it on a worker and turn `progress(phase, done, total)` into signals; the scheduler decides when.

A run is split by phase, as Anki's sync is, each phase a module taking one `SyncRun` (the
transport, progress, cancellation, clock and report of this run, `run.py`):

1. `push.py`     the outbox first, so the server sees the officer's work before we read its state
                 (photos still to upload go up while the feed is read ahead and its previews come
                 down: the ops follow the photos, and the pull after the ops reads their effect
                 back: `_read_while_uploading`);
2. reference data when older than a day, and again when the feed says it changed (here);
3. `pull.py`     the change feed, page by page, each page one transaction;
4. `check.py`    the convergence check against the server's scope summary, and the full resync
                 that a 410 `full-resync-required` or a failed check starts.

See docs/sync.md for the protocol and its invariants.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Protocol

from lapor_core.wire import MAX_OPS_PER_REQUEST
from lapor_core.workflow import Role
from lapor_desk.errors import AuthError, Cancelled, DeskError, ProtocolError
from lapor_desk.models import bulk, outbox, sync_state
from lapor_desk.models.account import Account
from lapor_desk.models.store import Store
from lapor_desk.sync import attachments, previews
from lapor_desk.sync import check as check_phase
from lapor_desk.sync import pull as pull_phase
from lapor_desk.sync import push as push_phase
from lapor_desk.sync.pull import PAGE_LIMIT, collector_paused
from lapor_desk.sync.run import Progress, SyncReport, SyncRun, no_progress
from lapor_desk.sync.transport import FullResyncRequired, Transport

__all__ = ["PAGE_LIMIT", "Progress", "SyncEngine", "SyncReport", "SyncRun", "collector_paused"]

log = logging.getLogger(__name__)

REFERENCE_MAX_AGE_S = 24 * 3600


class TokenSource(Protocol):
    def get_token(self, server_url: str, username: str) -> str | None: ...


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class SyncEngine:
    """Sync of one profile (store + account) with its server."""

    def __init__(
        self,
        store: Store,
        transport_factory: Callable[[threading.Event], Transport],
        credentials: TokenSource,
        account: Account,
        *,
        page_limit: int = PAGE_LIMIT,
        max_page_bytes: int | None = None,
        batch_size: int = MAX_OPS_PER_REQUEST,
        clock: Callable[[], str] = _now,
    ):
        self.store = store
        self.transport_factory = transport_factory
        self.credentials = credentials
        self.account = account
        self.page_limit = page_limit
        #: a GUI desk asks for smaller pages when they get bigger than this: decoding a 2 MB page
        #: holds the GIL for tens of ms, which the UI thread feels (docs/performance.md)
        self.max_page_bytes = max_page_bytes
        self.batch_size = min(batch_size, MAX_OPS_PER_REQUEST)
        self._clock = clock
        #: tests use this to inject a fault between applying a page and saving its cursor
        self._before_cursor_save: Callable[[], None] | None = None
        #: disk for photo previews fetched after each successful run (0: none are fetched)
        self.preview_budget = previews.PREVIEW_BUDGET
        #: a first sync (and a full resync) of a scope of at least `bootstrap_from` reports starts
        #: from the server's bootstrap file (smaller ones: a few feed pages are as quick)
        self.bootstrap = True
        self.bootstrap_from = 2000

    def start_run(
        self,
        transport: Transport,
        report: SyncReport | None = None,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> SyncRun:
        """The context of one run over an open, authenticated transport."""
        return SyncRun(
            store=self.store,
            account=self.account,
            transport=transport,
            report=report if report is not None else SyncReport(),
            progress=progress or no_progress,
            cancel=cancel or threading.Event(),
            clock=self._clock,
            batch_size=self.batch_size,
            page_limit=self.page_limit,
            max_page_bytes=self.max_page_bytes,
            before_cursor_save=self._before_cursor_save,
            bootstrap_from=self.bootstrap_from if self.bootstrap else None,
        )

    # -- the run ------------------------------------------------------------------------------
    def run_once(
        self, progress: Progress | None = None, cancel: threading.Event | None = None
    ) -> SyncReport:
        """One sync round: push, then pull. Expected failures end up in `report.error`."""
        cancel = cancel or threading.Event()
        report = SyncReport()
        started = time.monotonic()
        attempt_at = self._clock()
        transport: Transport | None = None
        try:
            token = self.credentials.get_token(self.account.server_url, self.account.username)
            if not token:
                raise AuthError("no device token: log in first", reason="no_token")
            transport = self.transport_factory(cancel)
            transport.token = token
            self._run(self.start_run(transport, report, progress, cancel))
            self._prune_cache()
            self._prefetch(transport, report, cancel)
            # One bookkeeping write per run (a quiet sync should cost one round trip, not fsyncs).
            self._set_state(
                {"last_attempt": attempt_at, "last_success": self._clock(), "last_error": None}
            )
        except DeskError as err:
            report.error = err
            log.info("sync ended early: %s (%s)", err.code, err)
            self._set_state(
                {
                    "last_attempt": attempt_at,
                    "last_error": json.dumps(err.as_dict(), ensure_ascii=False),
                }
            )
        finally:
            if transport is not None:
                report.requests = transport.requests_sent
                report.bytes_sent = transport.bytes_sent
                report.bytes_received = transport.bytes_received
                transport.close()
            report.seconds = time.monotonic() - started
            report.pending_after = self.pending_count()
        return report

    def _prune_cache(self) -> None:
        """Cached files of photos hidden from the OPD or of reports gone from the queue are
        deleted once the pull has removed their rows; the cache stays within its bound."""
        try:
            attachments.prune_cache(self.store, show_hidden=self.account.role != Role.PETUGAS)
        except OSError as exc:  # housekeeping: the sync itself succeeded
            log.warning("attachment cache not pruned: %r", exc)

    def _prefetch(self, t: Transport, report: SyncReport, cancel: threading.Event) -> None:
        """Previews of the queue's photos, within the budget; best effort (never fails a run)."""
        if self.preview_budget <= 0:
            return
        try:
            report.previews += previews.prefetch_previews(
                self.store,
                t,
                budget=self.preview_budget,
                show_hidden=self.account.role != Role.PETUGAS,
                cancel=cancel,
            )
        except (DeskError, OSError) as err:
            log.info("preview prefetch ended: %s", err)

    def _run(self, run: SyncRun) -> None:
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="lapor-ahead") as pool:
            previews_ahead = self._read_while_uploading(run, pool)
            try:
                self._phases(run)
            finally:
                if previews_ahead is not None:
                    try:
                        previews_ahead.result()
                    except Exception as exc:  # best effort, as every preview prefetch
                        log.info("previews fetched ahead ended: %r", exc)

    def _phases(self, run: SyncRun) -> None:
        push_phase.push(run)
        run.report.reference_updated = self._maybe_reference(run)
        if run.get_state("resync") == "1":
            check_phase.full_resync(run, restart=False)
        else:
            try:
                summary = pull_phase.pull(run)
            except FullResyncRequired:
                log.warning("server asked for a full resync")
                check_phase.full_resync(run, restart=True)
            else:
                check_phase.check(run, summary)
        if self._follow_reference(run):
            run.report.reference_updated = True

    def _read_while_uploading(self, run: SyncRun, pool: ThreadPoolExecutor) -> Future | None:
        """Photos waiting for upload go up while the feed comes down, and the previews of what
        it brought keep coming down (returned: a future the run waits for at its end) while the
        ops and the second read go through: on a field link uploads are the long part of a run,
        and the two directions of the link do not wait for each other (docs/sync.md, "Push").
        Only an incremental read, never a first sync, a bootstrap or a resync; the ops
        themselves still go after their photos and before the pull that follows, which reads
        back their effect and runs the convergence check. The read-ahead is best effort: a
        failure there is left to the run's own pull."""
        if run.get_state("cursor") is None or run.get_state("resync") == "1":
            return None
        files = push_phase.pending_uploads(run)
        if not files:
            return None
        uploads = pool.submit(push_phase.upload_files, run, files)
        ahead = None
        try:
            pull_phase.pull(run)
            self._prune_cache()
            ahead = pool.submit(self._prefetch, run.transport, run.report, run.cancel)
        except (AuthError, Cancelled):
            uploads.result()
            raise
        except DeskError as err:  # FullResyncRequired, offline, ...: the run's pull decides
            log.info("read-ahead while uploading ended: %s", err.code)
        uploads.result()  # a failed upload ends the run here, as in the push
        return ahead

    # -- single phases (benchmarks and tests drive them over their own transport) ---------------
    def push(
        self,
        t: Transport,
        report: SyncReport,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> None:
        push_phase.push(self.start_run(t, report, progress, cancel))

    def pull(
        self,
        t: Transport,
        report: SyncReport,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
        *,
        resync: bool = False,
    ):
        return pull_phase.pull(self.start_run(t, report, progress, cancel), resync=resync)

    # -- reference data -------------------------------------------------------------------------
    def _maybe_reference(self, run: SyncRun) -> bool:
        """Refresh reference data once a day; True when it was replaced."""
        at = run.get_state("reference_at")
        if at:
            try:
                age = time.time() - datetime.fromisoformat(at).timestamp()
            except ValueError:
                age = REFERENCE_MAX_AGE_S
            if age < REFERENCE_MAX_AGE_S:
                return False
        self._fetch_reference(run)
        return True

    def _follow_reference(self, run: SyncRun) -> bool:
        """Fetch the reference again when the feed says it changed (an admin's holiday)."""
        version = run.feed_reference_version
        if not version or version == run.get_state("reference_version"):
            return False
        self._fetch_reference(run, version)
        return True

    def _fetch_reference(self, run: SyncRun, version: str | None = None) -> None:
        ref = run.transport.get_json("reference")
        if not isinstance(ref, dict):
            raise ProtocolError("reference data has the wrong shape", reason="shape")
        with self.store.write_conn() as conn:
            bulk.replace_reference(conn, ref)
            state: dict[str, str | None] = {"reference_at": self._clock()}
            if version:
                state["reference_version"] = version
            sync_state.put(conn, state)
        # the calendar's extra days may have changed: days-left counts reload them
        self.store.reference_changed()

    # -- small helpers ----------------------------------------------------------------------------
    def pending_count(self) -> int:
        with self.store.read_conn() as conn:
            return outbox.waiting_count(conn)

    def local_summary(self) -> tuple[int, int]:
        return check_phase.local_summary(self.store)

    def _set_state(self, values: dict[str, str | None]) -> None:
        with self.store.write_conn() as conn:
            sync_state.put(conn, values)
