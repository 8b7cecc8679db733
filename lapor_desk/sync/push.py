"""Push: send the outbox to the server, first in every run (docs/sync.md, "Push").

- waiting rows in `seq` order (so in order per report), in batches of at most 100; the attachments
  a batch references are uploaded first (up to `UPLOAD_WIDTH` side by side, each on its own
  connection);
- each batch is marked `sending` with `attempts + 1` and COMMITTED before the request leaves;
- `applied`/`duplicate` → `done`; `conflict`/`rejected` → that state, with the server's detail and
  reason kept beside the officer's payload (nothing is deleted);
- any failure after sending (timeout, reset, garbage) leaves the rows `sending`: the outcome is
  unknown, and the next attempt resends the SAME op_id (I4). They are never shown as failed.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Any

from lapor_core.wire import MAX_OPS_PER_REQUEST, Outcome
from lapor_desk.errors import ProtocolError, RejectedError
from lapor_desk.models import bulk, effects, outbox, sync_state
from lapor_desk.sync import attachments, transfers
from lapor_desk.sync.run import SyncRun

log = logging.getLogger(__name__)

#: files uploaded side by side (each on its own connection; the session's pool keeps 8)
UPLOAD_WIDTH = 3


def push(run: SyncRun) -> None:
    """Send every waiting op, batch by batch; refused ops are undone locally by a re-read."""
    report = run.report
    with run.store.read_conn() as conn:
        total = outbox.waiting_count(conn)
    done = 0
    last_seq = 0
    single = False
    refused: dict[str, int | None] = {}  # report id -> server version, for refused ops
    while True:
        run.check_cancel()
        size = 1 if single else run.batch_size
        with run.store.read_conn() as conn:
            rows = outbox.next_batch(conn, last_seq, size)
        if not rows:
            break
        run.progress("push", done, total)
        _upload_attachments(run, rows)
        with run.store.write_conn() as conn:
            outbox.mark_sending(conn, [r.op_id for r in rows])
        body = {"ops": [outbox.op_json(r) for r in rows]}
        try:
            answer = run.transport.post_json("ops", body, idempotent=True)
        except RejectedError as err:
            # The request as a whole was refused (e.g. 413/422). Isolate the op at fault
            # by sending one at a time; a single refused op is rejected with the reason.
            if len(rows) > 1:
                single = True
                continue
            refused |= _record_results(run, rows, [_refused(rows[0], err)])
            done += 1
            last_seq = rows[-1].seq
            continue
        results = _parse_results(answer, rows)
        refused |= _record_results(run, rows, results)
        report.pushed += len(rows)
        done += len(rows)
        last_seq = rows[-1].seq
        single = False
    if total:
        run.progress("push", done, total)
    if refused:
        _refetch_unchanged(run, refused)


def _refetch_unchanged(run: SyncRun, refused: dict[str, int | None]) -> None:
    """Undo the local effect of refused ops on reports the feed will not bring again.

    When the server's version of the report is the one the desk already has, no feed entry
    is coming; the desk re-reads that report (GET /api/v1/reports/{id}) and applies it over
    its own copy, then re-applies what is still open. A newer version comes with the pull.
    """
    with run.store.read_conn() as conn:
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
            snap = run.transport.get_json(f"reports/{rid}")
        except RejectedError:
            continue  # out of scope now: the feed's tombstone removes it
        if not isinstance(snap, dict) or snap.get("id") != rid:
            continue
        with run.store.write_conn() as conn:
            # Same version as ours: let the snapshot replace our copy (the guard would skip it).
            conn.exec_driver_sql("UPDATE reports SET version = -1 WHERE id = ?", (rid,))
            bulk.upsert_reports(conn, [snap])
            effects.reapply(conn, [rid], run.account)
        run.report.changed_report_ids.add(rid)


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


def _refused(row: Any, err: RejectedError) -> dict[str, Any]:
    return {
        "op_id": row.op_id,
        "outcome": Outcome.REJECTED.value,
        "detail": err.detail or f"HTTP {err.status}",
        "reason": err.reason or f"http_{err.status}",
        "report_version": None,
    }


def _record_results(
    run: SyncRun, rows: Sequence[Any], results: Sequence[dict[str, Any]]
) -> dict[str, int | None]:
    """Store the outcomes; returns {report id: server version} of the refused ops."""
    report = run.report
    refused: dict[str, int | None] = {}
    report_of = {r.op_id: r.report_id for r in rows}
    kind_of = {r.op_id: r.kind for r in rows}
    outcomes = []
    for res in results:
        outcome = Outcome(res["outcome"])
        outcomes.append(
            outbox.Outcome(res["op_id"], outcome.value, res.get("detail"), res.get("reason"))
        )
        if outcome in (Outcome.APPLIED, Outcome.DUPLICATE):
            kind = kind_of.get(res["op_id"]) or "op"
            report.sent[kind] = report.sent.get(kind, 0) + 1
        if outcome == Outcome.APPLIED:
            report.applied += 1
        elif outcome == Outcome.DUPLICATE:
            report.duplicate += 1
        else:
            report.new_conflicts.append(res["op_id"])
            refused[report_of[res["op_id"]]] = res.get("report_version")
            if outcome == Outcome.CONFLICT:
                report.conflicts += 1
            else:
                report.rejected += 1
    with run.store.write_conn() as conn:
        outbox.record_outcomes(conn, outcomes, run.clock())
        ids = {r.report_id for r in rows}
        # The badge follows the rows; the local effect of a refused op is undone by the
        # next snapshot of that report (the server's version moved on, or the pull re-reads).
        effects.refresh_badges(conn, _present(conn, ids))
    report.changed_report_ids |= {r.report_id for r in rows}
    return refused


def _upload_attachments(run: SyncRun, rows: Sequence[Any]) -> None:
    upload_files(run, _waiting_files(run, rows))


def _waiting_files(run: SyncRun, rows: Sequence[Any]) -> list[Any]:
    """The local files the rows reference that were never uploaded (sha256, path, media_type)."""
    wanted: list[str] = []
    for r in rows:
        wanted.extend(outbox.payload_of(r).get("attachments") or [])
    if not wanted:
        return []
    with run.store.read_conn() as conn:
        files = conn.exec_driver_sql(
            "SELECT sha256, path, media_type FROM local_files"
            " WHERE sha256 IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(set(wanted))),),
        ).all()
        done = sync_state.uploaded(conn)
    return [f for f in files if f.sha256 not in done]


def pending_uploads(run: SyncRun) -> list[Any]:
    """Every file a waiting op of the outbox references that was never uploaded."""
    rows: list[Any] = []
    last = 0
    with run.store.read_conn() as conn:
        while batch := outbox.next_batch(conn, last, MAX_OPS_PER_REQUEST):
            rows.extend(batch)
            last = batch[-1].seq
    return _waiting_files(run, rows)


def upload_files(run: SyncRun, files: Sequence[Any]) -> None:
    """Upload `files`, up to `UPLOAD_WIDTH` side by side; each success is remembered at once."""
    if not files:
        return
    run.check_cancel()
    width = min(UPLOAD_WIDTH, len(files))
    # Side by side, each on a connection of its own from the session's pool: on a lossy link a
    # lost segment holds only its own connection while the others keep the link busy, and the
    # round trips of small files overlap (docs/performance.md, "Field day"). Each worker reads
    # its own file, so at most `width` files are in memory.
    failure: BaseException | None = None
    with ThreadPoolExecutor(max_workers=width, thread_name_prefix="lapor-upload") as pool:
        futures = {pool.submit(_upload_one, run, f): f.sha256 for f in files}
        for future in as_completed(futures):
            try:
                sent = future.result()
            except BaseException as exc:  # the others finish; the first failure ends the push
                failure = failure or exc
                continue
            if sent:
                _uploaded(run, futures[future])
    if failure is not None:
        raise failure


def _upload_one(run: SyncRun, f: Any) -> bool:
    """Upload one waiting file (resumable from 256 kB: a cut link continues the file,
    sync/transfers.py); False when its cached copy is gone."""
    run.check_cancel()
    try:
        data = attachments.read_file(run.store, f.path, f.sha256)
    except OSError:
        log.warning("attachment %s missing from the cache; the server will say so", f.sha256)
        return False
    transfers.upload(run.transport, f.sha256, data, f.media_type or "application/octet-stream")
    return True


def _uploaded(run: SyncRun, sha256: str) -> None:
    """Remember an upload (never repeated)."""
    run.report.uploaded += 1
    run.set_state({f"{sync_state.UPLOADED_PREFIX}{sha256}": run.clock()})


def _present(conn: Any, ids: Iterable[str]) -> list[str]:
    return list(
        conn.exec_driver_sql(
            "SELECT id FROM reports WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(ids)),),
        ).scalars()
    )
