"""The sync engine: push the outbox, then pull the change feed; no Qt, one run per call.

`SyncEngine.run_once(progress, cancel)` does one round and returns a `SyncReport`. The views run
it on a worker and turn `progress(phase, done, total)` into signals; the scheduler decides when.

Push (first, so the server sees the officer's work before we read its state):
- outbox rows in `pending`/`sending` state, in `seq` order (so in order per report), in batches of
  at most 100; attachments they reference are uploaded first;
- each batch is marked `sending` with `attempts + 1` and COMMITTED before the request leaves;
- `applied`/`duplicate` → `done`; `conflict`/`rejected` → that state, with the server's detail and
  reason kept beside the officer's payload (nothing is deleted);
- any failure after sending (timeout, reset, garbage) leaves the rows `sending`: the outcome is
  unknown, and the next attempt resends the SAME op_id (I4). They are never shown as failed.

Pull:
- `GET /api/v1/feed?after=<cursor>&limit=1000&summary=1` pages; each page — snapshots upserted in
  bulk, local effects re-applied on top, tombstones applied, cursor saved — is ONE transaction;
- an op whose event already shows in a snapshot (`op_id` on events) is settled as done;
- a tombstone removes the report; its never-sent rows become `conflict` with the reason, rows in
  `sending` stay (they may have been applied, e.g. the officer's own "return");
- 410 `full-resync-required`: the outbox is pushed first, then the feed is re-read from the
  beginning; reports the fresh read does not deliver are removed; the outbox is kept.

After the last page the server's scope summary (count, sum of versions) is compared with the local
one; a mismatch triggers one full resync (quality bar S9). See docs/sync.md.
"""

from __future__ import annotations

import gc
import json
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from lapor_core.snapshot import REQUIRED_FIELDS
from lapor_core.wire import MAX_OPS_PER_REQUEST, Outcome
from lapor_core.workflow import Role
from lapor_desk.errors import (
    AuthError,
    Cancelled,
    DeskError,
    OfflineError,
    ProtocolError,
    RejectedError,
    ServerError,
    TlsError,
)
from lapor_desk.models import bulk, effects, search
from lapor_desk.models.account import Account
from lapor_desk.models.store import Store
from lapor_desk.sync import attachments, transfers
from lapor_desk.sync.scheduler import Outcome as RunOutcome
from lapor_desk.sync.transport import FullResyncRequired, Transport

log = logging.getLogger(__name__)

PAGE_LIMIT = 1000
#: pages at least this big, or a first/full read, defer full-text indexing to the end of the run
DEFER_INDEX_THRESHOLD = 2000
INDEX_BATCH = 5000
REFERENCE_MAX_AGE_S = 24 * 3600

Progress = Callable[[str, int, int | None], None]

_TOMBSTONE_ID = {
    "reassigned": "Laporan ini sudah dialihkan ke OPD lain saat Anda offline.",
    "returned": "Laporan ini sudah dikembalikan ke koordinator.",
    "archived": "Laporan ini sudah diarsipkan.",
}
_TOMBSTONE_DEFAULT = "Laporan ini tidak lagi berada di antrean Anda."
_RESYNC_GONE = "Laporan ini tidak lagi berada di antrean Anda (sinkronisasi penuh)."


class TokenSource(Protocol):
    def get_token(self, server_url: str, username: str) -> str | None: ...


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
        #: holds the GIL for tens of ms, which the UI thread feels (docs/performance.md, ui_stall)
        self.max_page_bytes = max_page_bytes
        self.batch_size = min(batch_size, MAX_OPS_PER_REQUEST)
        self._clock = clock
        #: tests use this to inject a fault between applying a page and saving its cursor
        self._before_cursor_save: Callable[[], None] | None = None
        #: `reference_version` of the last feed page read in this run (None: not sent)
        self._feed_reference_version: str | None = None
        #: disk for photo previews fetched after each successful run (0: none are fetched)
        self.preview_budget = attachments.PREVIEW_BUDGET

    # -- the run ------------------------------------------------------------------------------
    def run_once(
        self, progress: Progress | None = None, cancel: threading.Event | None = None
    ) -> SyncReport:
        """One sync round: push, then pull. Expected failures end up in `report.error`."""
        cancel = cancel or threading.Event()
        report = SyncReport()
        started = time.monotonic()
        progress = progress or (lambda phase, done, total: None)
        attempt_at = self._clock()
        transport: Transport | None = None
        try:
            token = self.credentials.get_token(self.account.server_url, self.account.username)
            if not token:
                raise AuthError("no device token: log in first", reason="no_token")
            transport = self.transport_factory(cancel)
            transport.token = token
            self._run(transport, report, progress, cancel)
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
            report.previews = attachments.prefetch_previews(
                self.store,
                t,
                budget=self.preview_budget,
                show_hidden=self.account.role != Role.PETUGAS,
                cancel=cancel,
            )
        except (DeskError, OSError) as err:
            log.info("preview prefetch ended: %s", err)

    def _run(
        self, t: Transport, report: SyncReport, progress: Progress, cancel: threading.Event
    ) -> None:
        self.push(t, report, progress, cancel)
        report.reference_updated = self._maybe_reference(t)
        self._feed_reference_version = None
        if self._get_state("resync") == "1":
            self._full_resync(t, report, progress, cancel, restart=False)
        else:
            try:
                summary = self.pull(t, report, progress, cancel)
            except FullResyncRequired:
                log.warning("server asked for a full resync")
                self._full_resync(t, report, progress, cancel, restart=True)
            else:
                self._check(t, report, progress, cancel, summary)
        if self._follow_reference(t):
            report.reference_updated = True

    # -- push ---------------------------------------------------------------------------------
    def push(
        self, t: Transport, report: SyncReport, progress: Progress, cancel: threading.Event
    ) -> None:
        total = self.pending_count()
        done = 0
        last_seq = 0
        single = False
        refused: dict[str, int | None] = {}  # report id -> server version, for refused ops
        while True:
            self._check_cancel(cancel)
            size = 1 if single else self.batch_size
            rows = self._next_batch(last_seq, size)
            if not rows:
                break
            progress("push", done, total)
            self._upload_attachments(t, rows, report, cancel)
            self._mark_sending(rows)
            body = {"ops": [self._op_json(r) for r in rows]}
            try:
                answer = t.post_json("ops", body, idempotent=True)
            except RejectedError as err:
                # The request as a whole was refused (e.g. 413/422). Isolate the op at fault
                # by sending one at a time; a single refused op is rejected with the reason.
                if len(rows) > 1:
                    single = True
                    continue
                refused |= self._record_results(rows, [self._refused(rows[0], err)], report)
                done += 1
                last_seq = rows[-1].seq
                continue
            results = self._parse_results(answer, rows)
            refused |= self._record_results(rows, results, report)
            report.pushed += len(rows)
            done += len(rows)
            last_seq = rows[-1].seq
            single = False
        if total:
            progress("push", done, total)
        if refused:
            self._refetch_unchanged(t, refused, report)

    def _refetch_unchanged(
        self, t: Transport, refused: dict[str, int | None], report: SyncReport
    ) -> None:
        """Undo the local effect of refused ops on reports the feed will not bring again.

        When the server's version of the report is the one the desk already has, no feed entry
        is coming; the desk re-reads that report (GET /api/v1/reports/{id}) and applies it over
        its own copy, then re-applies what is still open. A newer version comes with the pull.
        """
        with self.store.read_conn() as conn:
            local = dict(
                conn.exec_driver_sql(
                    "SELECT id, version FROM reports WHERE id IN (SELECT value FROM json_each(?))",
                    (json.dumps(sorted(refused)),),
                ).all()
            )
        for rid, server_version in refused.items():
            if rid not in local or (server_version is not None and server_version > local[rid]):
                continue
            try:
                snap = t.get_json(f"reports/{rid}")
            except RejectedError:
                continue  # out of scope now: the feed's tombstone removes it
            if not isinstance(snap, dict) or snap.get("id") != rid:
                continue
            with self.store.write_conn() as conn:
                # Same version as ours: let the snapshot replace our copy (the guard would skip it).
                conn.exec_driver_sql("UPDATE reports SET version = -1 WHERE id = ?", (rid,))
                bulk.upsert_reports(conn, [snap])
                effects.reapply(conn, [rid], self.account)
            report.changed_report_ids.add(rid)

    def _next_batch(self, after_seq: int, size: int) -> list[Any]:
        with self.store.read_conn() as conn:
            return conn.exec_driver_sql(
                "SELECT seq, op_id, report_id, kind, payload, base_version, created_at, state"
                " FROM outbox WHERE state IN ('pending', 'sending') AND seq > ?"
                " ORDER BY seq LIMIT ?",
                (after_seq, size),
            ).all()

    def _mark_sending(self, rows: Sequence[Any]) -> None:
        # Committed before the request leaves: a crash after this point resends the same op_id.
        with self.store.write_conn() as conn:
            conn.exec_driver_sql(
                "UPDATE outbox SET state = 'sending', attempts = attempts + 1"
                " WHERE op_id = ? AND state IN ('pending', 'sending')",
                [(r.op_id,) for r in rows],
            )

    @staticmethod
    def _op_json(row: Any) -> dict[str, Any]:
        payload = row.payload if isinstance(row.payload, dict) else json.loads(row.payload)
        return {
            "op_id": row.op_id,
            "kind": row.kind,
            "report_id": row.report_id,
            "base_version": row.base_version,
            "payload": payload,
            "created_at": row.created_at,
        }

    @staticmethod
    def _parse_results(answer: Any, rows: Sequence[Any]) -> list[dict[str, Any]]:
        try:
            results = answer["results"]
            if not isinstance(results, list) or len(results) != len(rows):
                raise TypeError("wrong number of results")
            for res, row in zip(results, rows, strict=True):
                if str(res["op_id"]).lower() != row.op_id.lower():
                    raise TypeError(f"result for {res['op_id']} where {row.op_id} was expected")
                Outcome(res["outcome"])
        except (KeyError, TypeError, ValueError) as exc:
            # Unknown outcome: the rows stay `sending` and are resent with the same op_id.
            raise ProtocolError(f"ops answer has the wrong shape: {exc}", reason="shape") from exc
        return results

    @staticmethod
    def _refused(row: Any, err: RejectedError) -> dict[str, Any]:
        return {
            "op_id": row.op_id,
            "outcome": Outcome.REJECTED.value,
            "detail": err.detail or f"HTTP {err.status}",
            "reason": err.reason or f"http_{err.status}",
            "report_version": None,
        }

    def _record_results(
        self, rows: Sequence[Any], results: Sequence[dict[str, Any]], report: SyncReport
    ) -> dict[str, int | None]:
        """Store the outcomes; returns {report id: server version} of the refused ops."""
        now = self._clock()
        done, marked = [], []
        refused: dict[str, int | None] = {}
        report_of = {r.op_id: r.report_id for r in rows}
        kind_of = {r.op_id: r.kind for r in rows}
        for res in results:
            outcome = Outcome(res["outcome"])
            detail = res.get("detail")
            reason = res.get("reason")
            if outcome in (Outcome.APPLIED, Outcome.DUPLICATE):
                done.append((outcome.value, detail, reason, now, res["op_id"]))
                kind = kind_of.get(res["op_id"]) or "op"
                report.sent[kind] = report.sent.get(kind, 0) + 1
                if outcome == Outcome.APPLIED:
                    report.applied += 1
                else:
                    report.duplicate += 1
            else:
                state = "conflict" if outcome == Outcome.CONFLICT else "rejected"
                marked.append((state, outcome.value, detail, reason, now, res["op_id"]))
                report.new_conflicts.append(res["op_id"])
                refused[report_of[res["op_id"]]] = res.get("report_version")
                if outcome == Outcome.CONFLICT:
                    report.conflicts += 1
                else:
                    report.rejected += 1
        with self.store.write_conn() as conn:
            if done:
                conn.exec_driver_sql(
                    "UPDATE outbox SET state = 'done', outcome = ?, outcome_detail = ?,"
                    " outcome_reason = ?, done_at = ?, last_error = NULL"
                    " WHERE op_id = ? AND state = 'sending'",
                    done,
                )
            if marked:
                conn.exec_driver_sql(
                    "UPDATE outbox SET state = ?, outcome = ?, outcome_detail = ?,"
                    " outcome_reason = ?, done_at = ? WHERE op_id = ? AND state = 'sending'",
                    marked,
                )
            ids = {r.report_id for r in rows}
            # The badge follows the rows; the local effect of a refused op is undone by the
            # next snapshot of that report (the server's version moved on, or the pull re-reads).
            effects.refresh_badges(conn, _present(conn, ids))
        report.changed_report_ids |= {r.report_id for r in rows}
        return refused

    # -- attachments (upload) ----------------------------------------------------------------
    def _upload_attachments(
        self, t: Transport, rows: Sequence[Any], report: SyncReport, cancel: threading.Event
    ) -> None:
        wanted: list[str] = []
        for r in rows:
            payload = r.payload if isinstance(r.payload, dict) else json.loads(r.payload)
            wanted.extend(payload.get("attachments") or [])
        if not wanted:
            return
        with self.store.read_conn() as conn:
            files = conn.exec_driver_sql(
                "SELECT sha256, path, media_type FROM local_files"
                " WHERE sha256 IN (SELECT value FROM json_each(?))",
                (json.dumps(sorted(set(wanted))),),
            ).all()
            done = set(
                conn.exec_driver_sql(
                    "SELECT substr(key, 10) FROM sync_state WHERE key LIKE 'uploaded:%'"
                ).scalars()
            )
        for f in files:
            if f.sha256 in done:
                continue
            self._check_cancel(cancel)
            try:
                data = attachments.read_file(self.store, f.path, f.sha256)
            except OSError:
                log.warning(
                    "attachment %s missing from the cache; the server will say so", f.sha256
                )
                continue
            # resumable from 256 kB: a cut link continues the file (sync/transfers.py)
            transfers.upload(t, f.sha256, data, f.media_type or "application/octet-stream")
            report.uploaded += 1
            self._set_state({f"uploaded:{f.sha256}": self._clock()})

    # -- pull ---------------------------------------------------------------------------------
    def pull(
        self,
        t: Transport,
        report: SyncReport,
        progress: Progress,
        cancel: threading.Event,
        *,
        resync: bool = False,
    ) -> dict[str, Any] | None:
        """Read feed pages until `has_more` is false; returns the last page's scope summary.

        The next page is fetched while the current one is applied (one helper thread owns the
        HTTP session meanwhile), so a long read costs about max(network, SQLite), not the sum.
        Each page is still applied, with its cursor, in its own transaction and in order.
        """
        cursor = self._get_state("cursor")
        defer_index = cursor is None or resync
        # store revision 0006: reports saved before it are replaced once, same version or not
        refill = self._get_state("refill") == "1"
        received = 0
        with (
            collector_paused(),
            _PageFetcher(t, cursor, self.page_limit, cancel, self.max_page_bytes) as pages,
        ):
            for page in pages:
                self._check_cancel(cancel)
                report.pages += 1
                received += len(page["items"])
                if page["items"] or page["cursor"] != cursor:
                    self._apply_page(page, report, defer_index=defer_index, refill=refill)
                cursor = page["cursor"]
                progress("resync" if resync else "pull", received, None)
                if not page["has_more"]:
                    if refill:
                        self._set_state({"refill": None})
                    if defer_index:
                        self._index_deferred(progress, cancel)
                    version = page.get("reference_version")
                    self._feed_reference_version = version if isinstance(version, str) else None
                    return page.get("summary")
        raise AssertionError("the page fetcher ended before the last page")  # pragma: no cover

    def _apply_page(
        self, page: dict[str, Any], report: SyncReport, *, defer_index: bool, refill: bool = False
    ) -> None:
        last: dict[str, dict[str, Any]] = {}
        for item in page["items"]:
            rid = item["report"]["id"] if item["type"] == "report" else item["report_id"]
            last[rid] = item  # the latest position of a report in the page wins
        snapshots = [i["report"] for i in last.values() if i["type"] == "report"]
        tombstones = [
            (i["report_id"], i.get("reason")) for i in last.values() if i["type"] == "tombstone"
        ]
        with self.store.write_conn() as conn:
            settled = self._settle_from_events(conn, snapshots)
            changed = bulk.upsert_reports(conn, snapshots, index=not defer_index, refill=refill)
            removed = self._apply_tombstones(conn, tombstones)
            effects.reapply(conn, set(changed) | settled, self.account)
            if self._before_cursor_save is not None:
                self._before_cursor_save()
            _put_state(conn, {"cursor": page["cursor"]})
        report.reports_changed += len(changed)
        report.reports_removed += removed
        report.settled_from_feed += len(settled)
        report.changed_report_ids |= set(changed) | {rid for rid, _ in tombstones}
        for i in last.values():
            if i["type"] == "tombstone":
                report.departures[i["report_id"]] = {
                    k: i.get(k) for k in ("reason", "at", "by", "to_agency_code")
                }

    def _settle_from_events(self, conn: Any, snapshots: Iterable[dict[str, Any]]) -> set[str]:
        """Mark open ops whose event is already in a snapshot as done (their answer was lost)."""
        open_ops = dict(
            conn.exec_driver_sql(
                "SELECT op_id, report_id FROM outbox WHERE state IN ('pending', 'sending')"
            ).all()
        )
        if not open_ops:
            return set()
        seen = []
        for snap in snapshots:
            for ev in snap.get("events") or ():
                op_id = ev.get("op_id")
                if op_id and op_id in open_ops:
                    seen.append(op_id)
        if not seen:
            return set()
        conn.exec_driver_sql(
            "UPDATE outbox SET state = 'done', outcome = 'applied',"
            " outcome_detail = 'terlihat di feed', done_at = ? WHERE op_id = ?",
            [(self._clock(), op) for op in seen],
        )
        return {open_ops[op] for op in seen}

    def _apply_tombstones(self, conn: Any, tombstones: Sequence[tuple[str, str | None]]) -> int:
        if not tombstones:
            return 0
        now = self._clock()
        marks = []
        for rid, reason in tombstones:
            detail = _TOMBSTONE_ID.get(reason or "", _TOMBSTONE_DEFAULT)
            marks.append((detail, reason or "tombstone", now, rid))
        # Never sent: it cannot have been applied, and will not fit any more → conflict, kept.
        # `sending` rows stay: they may be the op that moved the report (the officer's return).
        conn.exec_driver_sql(
            "UPDATE outbox SET state = 'conflict', outcome = 'conflict', outcome_detail = ?,"
            " outcome_reason = ?, done_at = ? WHERE report_id = ? AND state = 'pending'",
            marks,
        )
        return bulk.delete_reports(conn, [rid for rid, _ in tombstones])

    def _index_deferred(self, progress: Progress, cancel: threading.Event) -> None:
        with self.store.read_conn() as conn:
            total = search.pending_count(conn)
        done = 0
        while total:
            self._check_cancel(cancel)
            with self.store.write_conn() as conn:
                n = search.reindex_pending(conn, INDEX_BATCH)
            if not n:
                break
            done += n
            progress("index", done, total)

    # -- full resync ----------------------------------------------------------------------------
    def _full_resync(
        self,
        t: Transport,
        report: SyncReport,
        progress: Progress,
        cancel: threading.Event,
        *,
        restart: bool,
    ) -> None:
        """Re-read the feed from the beginning; remove what it does not deliver; keep the outbox."""
        report.full_resync = True
        if restart:
            self.push(t, report, progress, cancel)  # the officer's work first
            with self.store.write_conn() as conn:
                # Versions from a restored or replaced server are not comparable: every local
                # report is "unconfirmed" (-1) until the fresh read delivers it again.
                conn.exec_driver_sql("UPDATE reports SET version = -1")
                conn.exec_driver_sql("DELETE FROM sync_state WHERE key = 'cursor'")
                _put_state(conn, {"resync": "1"})
        summary = self.pull(t, report, progress, cancel, resync=True)
        with self.store.write_conn() as conn:
            gone = conn.exec_driver_sql("SELECT id FROM reports WHERE version = -1").scalars().all()
            if gone:
                conn.exec_driver_sql(
                    "UPDATE outbox SET state = 'conflict', outcome = 'conflict',"
                    " outcome_detail = ?, outcome_reason = 'resync', done_at = ?"
                    " WHERE report_id = ? AND state = 'pending'",
                    [(_RESYNC_GONE, self._clock(), rid) for rid in gone],
                )
                report.reports_removed += bulk.delete_reports(conn, gone)
            _put_state(conn, {"resync": None})
        report.changed_report_ids |= set(gone)
        self._check(t, report, progress, cancel, summary, repair=False)

    # -- convergence check ----------------------------------------------------------------------
    def _check(
        self,
        t: Transport,
        report: SyncReport,
        progress: Progress,
        cancel: threading.Event,
        summary: dict[str, Any] | None,
        *,
        repair: bool = True,
    ) -> None:
        if not isinstance(summary, dict) or "count" not in summary:
            return
        local = self.local_summary()
        if local == (int(summary["count"]), int(summary.get("version_sum", 0))):
            report.check = report.check or "ok"
            return
        log.warning("post-sync check: local %s, server %s", local, summary)
        if not repair:
            report.check = "mismatch"
            return
        progress("check", 0, None)
        self._full_resync(t, report, progress, cancel, restart=True)
        report.check = "repaired" if report.check != "mismatch" else "mismatch"

    def local_summary(self) -> tuple[int, int]:
        with self.store.read_conn() as conn:
            count, total = conn.exec_driver_sql(
                "SELECT count(*), coalesce(sum(version), 0) FROM reports"
            ).one()
        return int(count), int(total)

    # -- reference data -------------------------------------------------------------------------
    def _maybe_reference(self, t: Transport) -> bool:
        """Refresh reference data once a day; True when it was replaced."""
        at = self._get_state("reference_at")
        if at:
            try:
                age = time.time() - datetime.fromisoformat(at).timestamp()
            except ValueError:
                age = REFERENCE_MAX_AGE_S
            if age < REFERENCE_MAX_AGE_S:
                return False
        self._fetch_reference(t)
        return True

    def _follow_reference(self, t: Transport) -> bool:
        """Fetch the reference again when the feed says it changed (an admin's holiday)."""
        version = self._feed_reference_version
        if not version or version == self._get_state("reference_version"):
            return False
        self._fetch_reference(t, version)
        return True

    def _fetch_reference(self, t: Transport, version: str | None = None) -> None:
        ref = t.get_json("reference")
        if not isinstance(ref, dict):
            raise ProtocolError("reference data has the wrong shape", reason="shape")
        with self.store.write_conn() as conn:
            bulk.replace_reference(conn, ref)
            state: dict[str, str | None] = {"reference_at": self._clock()}
            if version:
                state["reference_version"] = version
            _put_state(conn, state)
        # the calendar's extra days may have changed: days-left counts reload them
        self.store.reference_changed()

    # -- small helpers ----------------------------------------------------------------------------
    def pending_count(self) -> int:
        with self.store.read_conn() as conn:
            return conn.exec_driver_sql(
                "SELECT count(*) FROM outbox WHERE state IN ('pending', 'sending')"
            ).scalar_one()

    def _get_state(self, key: str) -> str | None:
        with self.store.read_conn() as conn:
            return conn.exec_driver_sql(
                "SELECT value FROM sync_state WHERE key = ?", (key,)
            ).scalar()

    def _set_state(self, values: dict[str, str | None]) -> None:
        with self.store.write_conn() as conn:
            _put_state(conn, values)

    @staticmethod
    def _check_cancel(cancel: threading.Event) -> None:
        if cancel.is_set():
            raise Cancelled("sync cancelled")


_gc_lock = threading.Lock()
_gc_pausers = 0
_gc_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while feed pages are read and applied.

    A page parses into some 20,000 dicts and lists; they live long enough to be promoted, and the
    full collections they trigger then walk every page in memory while holding the interpreter
    lock: 80–130 ms each, every few seconds of an initial sync, which froze the window
    (bench/ui_stall.py). Pages hold no reference cycles, so reference counting frees them
    without the collector. Nested and concurrent uses are counted; the collector comes back (as it
    was) when the last one ends.
    """
    global _gc_pausers, _gc_was_enabled
    with _gc_lock:
        if _gc_pausers == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pausers += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pausers -= 1
            if _gc_pausers == 0 and _gc_was_enabled:
                gc.enable()


class _PageFetcher:
    """Fetches feed pages one ahead on a helper thread; iterate to get them in order.

    Only the helper touches the transport while it runs. A failure (offline, 410, garbage) is
    raised by the iteration at the page where it happened, so everything before it was applied.
    """

    _DONE = object()

    def __init__(
        self,
        t: Transport,
        cursor: str | None,
        limit: int,
        cancel: threading.Event,
        max_bytes: int | None = None,
    ):
        import queue

        self._t, self._cursor, self._limit, self._cancel = t, cursor, limit, cancel
        self._max_bytes = max_bytes
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=1)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="feed-prefetch", daemon=True)

    def __enter__(self) -> _PageFetcher:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        while self._thread.is_alive():  # let a blocked put() finish, then the thread ends
            try:
                self._queue.get(timeout=0.05)
            except Exception:
                pass
            self._thread.join(timeout=0.05)

    def _put(self, item: Any) -> bool:
        import queue

        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _run(self) -> None:
        cursor = self._cursor
        try:
            while not self._stop.is_set() and not self._cancel.is_set():
                params: dict[str, Any] = {"limit": self._limit, "summary": "true"}
                if cursor:
                    params["after"] = cursor
                page = _check_page(self._t.get_json("feed", params))
                size = self._t.last_body_bytes
                if self._max_bytes and size > self._max_bytes and page["items"]:
                    # Shrink the next pages in proportion (never below 10 reports).
                    fitting = len(page["items"]) * self._max_bytes // size
                    self._limit = max(10, min(self._limit, fitting))
                if not self._put(page) or not page["has_more"]:
                    return
                cursor = page["cursor"]
            if self._cancel.is_set():
                self._put(Cancelled("sync cancelled"))
        except BaseException as exc:  # handed to the iterating thread
            self._put(exc)

    def __iter__(self):
        while True:
            item = self._queue.get()
            if isinstance(item, BaseException):
                raise item
            yield item
            if not item["has_more"]:
                return


def _put_state(conn: Any, values: dict[str, str | None]) -> None:
    for key, value in values.items():
        if value is None:
            conn.exec_driver_sql("DELETE FROM sync_state WHERE key = ?", (key,))
        else:
            conn.exec_driver_sql(
                "INSERT INTO sync_state(key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )


def _present(conn: Any, ids: Iterable[str]) -> list[str]:
    return list(
        conn.exec_driver_sql(
            "SELECT id FROM reports WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(ids)),),
        ).scalars()
    )


def _check_page(page: Any) -> dict[str, Any]:
    """Refuse a page that is not what the contract promises (the whole page, before any write)."""
    try:
        if not isinstance(page, dict):
            raise TypeError("not an object")
        items, cursor, more = page["items"], page["cursor"], page["has_more"]
        if not isinstance(items, list) or not isinstance(cursor, str) or not isinstance(more, bool):
            raise TypeError("items/cursor/has_more")
        for item in items:
            kind = item["type"]
            if kind == "report":
                snap = item["report"]
                if not isinstance(snap["id"], str) or not isinstance(snap["version"], int):
                    raise TypeError("report id/version")
                missing = [f for f in REQUIRED_FIELDS if snap.get(f) is None]
                if missing:
                    raise KeyError(", ".join(missing))
            elif kind == "tombstone":
                if not isinstance(item["report_id"], str):
                    raise TypeError("tombstone report_id")
            else:
                raise TypeError(f"unknown item type {kind!r}")
    except (KeyError, TypeError) as exc:
        raise ProtocolError(f"feed page has the wrong shape: {exc}", reason="shape") from exc
    return page
