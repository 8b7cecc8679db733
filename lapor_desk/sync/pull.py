"""Pull: read the change feed after the push (docs/sync.md, "Pull").

- `GET /api/v1/feed?after=<cursor>&limit=1000&summary=1` pages; each page — snapshots upserted in
  bulk, local effects re-applied on top, tombstones applied, cursor saved — is ONE transaction;
- an op whose event already shows in a snapshot (`op_id` on events) is settled as done;
- a tombstone removes the report; its never-sent rows become `conflict` with the reason, rows in
  `sending` stay (they may have been applied, e.g. the officer's own "return");
- the next page is fetched while the current one is applied (`PageFetcher`), and the cyclic
  garbage collector is paused meanwhile (`collector_paused`).
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from lapor_core.snapshot import REQUIRED_FIELDS
from lapor_desk.errors import Cancelled, ProtocolError
from lapor_desk.models import bulk, effects, outbox, search, sync_state
from lapor_desk.paths import cache_dir
from lapor_desk.sync import attachments, bootstrap
from lapor_desk.sync.ahead import Ahead
from lapor_desk.sync.run import SyncRun
from lapor_desk.sync.transport import Transport

log = logging.getLogger(__name__)

PAGE_LIMIT = 1000
INDEX_BATCH = 5000

_TOMBSTONE_ID = {
    "reassigned": "Laporan ini sudah dialihkan ke OPD lain saat Anda offline.",
    "returned": "Laporan ini sudah dikembalikan ke koordinator.",
    "archived": "Laporan ini sudah diarsipkan.",
}
_TOMBSTONE_DEFAULT = "Laporan ini tidak lagi berada di antrean Anda."


def pull(run: SyncRun, *, resync: bool = False) -> dict[str, Any] | None:
    """Read feed pages until `has_more` is false; returns the last page's scope summary.

    The next page is fetched while the current one is applied (one helper thread owns the
    HTTP session meanwhile), so a long read costs about max(network, SQLite), not the sum.
    Each page is still applied, with its cursor, in its own transaction and in order.
    """
    cursor = run.get_state("cursor")
    defer_index = cursor is None or resync
    # store revision 0006: reports saved before it are replaced once, same version or not
    refill = run.get_state("refill") == "1"
    received = 0
    if cursor is None and run.bootstrap_from is not None:
        cursor = _bootstrap(run, resync=resync)
        if cursor is not None:
            refill = False  # every report was just replaced
    with (
        collector_paused(),
        PageFetcher(run.transport, cursor, run.page_limit, run.cancel, run.max_page_bytes) as pages,
    ):
        for page in pages:
            run.check_cancel()
            run.report.pages += 1
            received += len(page["items"])
            if page["items"] or page["cursor"] != cursor:
                _apply_page(run, page, defer_index=defer_index, refill=refill)
            cursor = page["cursor"]
            run.progress("resync" if resync else "pull", received, None)
            if not page["has_more"]:
                if refill:
                    run.set_state({"refill": None})
                if defer_index:
                    _index_deferred(run)
                version = page.get("reference_version")
                run.feed_reference_version = version if isinstance(version, str) else None
                return page.get("summary")
    raise AssertionError("the page fetcher ended before the last page")  # pragma: no cover


#: a report the fresh read of a resync (or a bootstrap over a half-filled store) no longer holds
RESYNC_GONE = "Laporan ini tidak lagi berada di antrean Anda (sinkronisasi penuh)."


def _bootstrap(run: SyncRun, *, resync: bool) -> str | None:
    """A read from the beginning starts from the server's bootstrap file (sync/bootstrap.py),
    loaded in one transaction (models/bootload.py; "Batal" rolls it back whole); returns the
    cursor to read the feed from (None: no file, read the feed from the beginning)."""
    assert run.bootstrap_from is not None
    phase = "resync" if resync else "pull"
    with collector_paused():
        result = bootstrap.load(
            run.transport,
            cache_dir(run.store.path.parent) / attachments.PARTIAL_DIR,
            run.store,
            run.account,
            at=run.clock(),
            gone_detail=RESYNC_GONE,
            check_cancel=run.check_cancel,
            progress=lambda done, total: run.progress(phase, done, total),
            min_count=run.bootstrap_from,
        )
    if result is None:
        return None
    report = run.report
    report.bootstrapped = True
    report.reports_changed += len(result.loaded)
    report.reports_removed += len(result.gone)
    report.settled_from_feed += result.settled
    report.changed_report_ids |= set(result.loaded) | set(result.gone)
    # The load wrote the whole scope to the WAL: fold it into the file now, in the sync's
    # thread, not in the commit of the officer's next save.
    started = time.perf_counter()
    run.store.checkpoint()
    steps = {**result.seconds, "checkpoint": time.perf_counter() - started}
    log.info(
        "bootstrap: %d reports loaded (%s)",
        len(result.loaded),
        ", ".join(f"{k} {v:.2f} s" for k, v in steps.items()),
    )
    return run.get_state("cursor")


def _apply_page(
    run: SyncRun, page: dict[str, Any], *, defer_index: bool, refill: bool = False
) -> None:
    last: dict[str, dict[str, Any]] = {}
    for item in page["items"]:
        rid = item["report"]["id"] if item["type"] == "report" else item["report_id"]
        last[rid] = item  # the latest position of a report in the page wins
    snapshots = [i["report"] for i in last.values() if i["type"] == "report"]
    tombstones = [
        (i["report_id"], i.get("reason")) for i in last.values() if i["type"] == "tombstone"
    ]
    with run.store.write_conn() as conn:
        settled = _settle_from_events(run, conn, snapshots)
        changed = bulk.upsert_reports(conn, snapshots, index=not defer_index, refill=refill)
        removed = _apply_tombstones(run, conn, tombstones)
        effects.reapply(conn, set(changed) | settled, run.account)
        if run.before_cursor_save is not None:
            run.before_cursor_save()
        sync_state.put(conn, {"cursor": page["cursor"]})
    report = run.report
    report.reports_changed += len(changed)
    report.reports_removed += removed
    report.settled_from_feed += len(settled)
    report.changed_report_ids |= set(changed) | {rid for rid, _ in tombstones}
    for i in last.values():
        if i["type"] == "tombstone":
            report.departures[i["report_id"]] = {
                k: i.get(k) for k in ("reason", "at", "by", "to_agency_code")
            }


def _settle_from_events(run: SyncRun, conn: Any, snapshots: Iterable[dict[str, Any]]) -> set[str]:
    """Mark open ops whose event is already in a snapshot as done (their answer was lost)."""
    open_ops = outbox.waiting_ops(conn)
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
    outbox.settle_seen(conn, seen, run.clock())
    return {open_ops[op] for op in seen}


def _apply_tombstones(run: SyncRun, conn: Any, tombstones: Sequence[tuple[str, str | None]]) -> int:
    if not tombstones:
        return 0
    # Never sent: it cannot have been applied, and will not fit any more → conflict, kept.
    outbox.conflict_unsent(
        conn,
        [
            (rid, _TOMBSTONE_ID.get(reason or "", _TOMBSTONE_DEFAULT), reason or "tombstone")
            for rid, reason in tombstones
        ],
        run.clock(),
    )
    return bulk.delete_reports(conn, [rid for rid, _ in tombstones])


def _index_deferred(run: SyncRun) -> None:
    with run.store.read_conn() as conn:
        total = search.pending_count(conn)
    done = 0
    while total:
        run.check_cancel()
        with run.store.write_conn() as conn:
            n = search.reindex_pending(conn, INDEX_BATCH)
        if not n:
            break
        done += n
        run.progress("index", done, total)


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


class PageFetcher(Ahead):
    """Fetches feed pages one ahead on a helper thread; iterate to get them in order
    (`lapor_desk.sync.ahead`).

    Only the helper touches the transport while it runs. A failure (offline, 410, garbage) is
    raised by the iteration at the page where it happened, so everything before it was applied.
    """

    def __init__(
        self,
        t: Transport,
        cursor: str | None,
        limit: int,
        cancel: threading.Event,
        max_bytes: int | None = None,
    ):
        super().__init__(depth=1, name="feed-prefetch")
        self._t, self._cursor, self._limit, self._cancel = t, cursor, limit, cancel
        self._max_bytes = max_bytes

    def _produce(self) -> Iterator[dict[str, Any]]:
        cursor = self._cursor
        while not self.stopped and not self._cancel.is_set():
            params: dict[str, Any] = {"limit": self._limit, "summary": "true"}
            if cursor:
                params["after"] = cursor
            page = _check_page(self._t.get_json("feed", params))
            size = self._t.last_body_bytes
            if self._max_bytes and size > self._max_bytes and page["items"]:
                # Shrink the next pages in proportion (never below 10 reports).
                fitting = len(page["items"]) * self._max_bytes // size
                self._limit = max(10, min(self._limit, fitting))
            yield page
            if not page["has_more"]:
                return
            cursor = page["cursor"]
        if self._cancel.is_set():
            raise Cancelled("sync cancelled")


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
