"""Local effects of desk actions: what the officer sees before the server has the op.

An action (respond, postpone, dispatch, ...) changes the report's status/agency at once, adds a
pending timeline entry `local:<op_id>` and marks the report's `sync_state`. The services write this
when the officer acts; the sync engine re-applies it on top of every newer snapshot from the feed
until the op is settled ("re-apply pending local effects", see docs/sync.md), so a snapshot never
hides work that is still on its way.

Which outbox rows count (the state sets of `models/outbox.py`):
- `pending`/`sending` (WAITING): effect + pending entry (the op is on its way).
- `conflict`/`rejected` (MARKED): pending entry only, marked by the row's state; the officer's
  text stays visible on the record until they resolve it. The report's `sync_state` is `conflict`.
- `done`/`discarded`: nothing (the snapshot carries the server's own entry).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from lapor_core.events import event_agency, event_data, event_text
from lapor_core.events import visibility as event_visibility
from lapor_core.wire import FORWARDED_REASON
from lapor_core.workflow import Action, Actor, NotAllowed, ReportState, Role, Status, transition
from lapor_desk.models import outbox, search

if TYPE_CHECKING:
    from lapor_desk.models.account import Account

LOCAL_PREFIX = "local:"
#: local entries sort after every server entry of the timeline
LOCAL_POSITION_BASE = 1_000_000_000


def local_event_id(op_id: str) -> str:
    return f"{LOCAL_PREFIX}{op_id}"


def actor_of(role: str, agency_code: str | None) -> Actor:
    return Actor(Role(role), agency_code)


def state_of(
    status: str,
    agency_code: str | None,
    postponed_from: str | None,
    archive_reason: str | None = None,
) -> ReportState:
    return ReportState(
        status=Status(status),
        agency_code=agency_code,
        postponed_from=Status(postponed_from) if postponed_from else None,
        forwarded=archive_reason == FORWARDED_REASON,
    )


def compute(actor: Actor, kind: str, state: ReportState, payload: Mapping[str, Any]):
    """The workflow transition of an op on `state` (raises NotAllowed)."""
    return transition(
        actor,
        Action(kind),
        state,
        target_agency=payload.get("agency_code"),
        final=bool(payload.get("final")),
    )


def event_row(
    *,
    op_id: str,
    seq: int,
    report_id: str,
    kind: str,
    payload: Mapping[str, Any],
    actor_name: str,
    agency_code: str | None,
    created_at: str,
) -> dict[str, Any]:
    """Values of the pending timeline entry of an op (for `events`)."""
    target = event_agency(kind, payload, agency_code)
    data = event_data(kind, payload, agency_code)
    return {
        "id": local_event_id(op_id),
        "report_id": report_id,
        "position": LOCAL_POSITION_BASE + seq,
        "kind": kind,
        "actor": actor_name,
        "agency_code": target,
        "text": event_text(kind, payload),
        "visibility": event_visibility(kind),
        "created_at": created_at,
        "attachments": json.dumps(
            [{"sha256": h} for h in payload.get("attachments") or []], separators=(",", ":")
        ),
        "pending": 1,
        "op_id": op_id,
        "data": json.dumps(data, separators=(",", ":"), ensure_ascii=False) if data else None,
        # an answer was written when the officer saved it; the server bounds it (docs/sync.md)
        "written_at": created_at if kind == "respond" else None,
    }


_INSERT_EVENT = (
    "INSERT OR REPLACE INTO events (id, report_id, position, kind, actor, agency_code, text,"
    " visibility, created_at, attachments, pending, op_id, data, written_at) VALUES (:id,"
    " :report_id, :position, :kind, :actor, :agency_code, :text, :visibility, :created_at,"
    " :attachments, :pending, :op_id, :data, :written_at)"
)


def insert_event(conn: Connection, row: Mapping[str, Any]) -> None:
    conn.exec_driver_sql(_INSERT_EVENT, dict(row))


def sync_badge(states_and_details: Iterable[tuple[str, str | None]]) -> tuple[str, str | None]:
    """(`sync_state`, `sync_reason`) of a report from its open outbox rows, oldest first."""
    badge, reason = "synced", None
    for state, detail in states_and_details:
        if state in outbox.MARKED:
            badge, reason = "conflict", detail
        elif state in outbox.WAITING and badge != "conflict":
            badge = "pending"
    return badge, reason


def reapply(conn: Connection, report_ids: Iterable[str], account: Account) -> list[str]:
    """Re-apply open outbox rows on top of the reports' current (server) state.

    Call it right after a snapshot replaced the reports, in the same transaction. Returns the ids
    whose timeline or status it changed (their full-text entries are rebuilt here).
    """
    ids = list(dict.fromkeys(report_ids))
    if not ids:
        return []
    id_json = json.dumps(ids)
    open_rows = outbox.open_rows(conn, ids)
    stale_locals = conn.exec_driver_sql(
        "SELECT id, report_id FROM events WHERE pending = 1"
        " AND report_id IN (SELECT value FROM json_each(?))",
        (id_json,),
    ).all()
    by_report: dict[str, list[Any]] = {}
    for row in open_rows:
        by_report.setdefault(row.report_id, []).append(row)
    touched: set[str] = set()
    keep = {local_event_id(r.op_id) for r in open_rows}
    gone = [(e.id,) for e in stale_locals if e.id not in keep]
    if gone:
        conn.exec_driver_sql("DELETE FROM events WHERE id = ?", gone)
        touched.update(e.report_id for e in stale_locals if e.id not in keep)
    if by_report:
        reports = conn.exec_driver_sql(
            "SELECT id, status, agency_code, postponed_from, archive_reason FROM reports"
            " WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(by_report)),),
        ).all()
        actor = actor_of(account.role, account.agency_code)
        actor_name = account.display_name or account.username
        for rep in reports:
            rows = by_report[rep.id]
            state = state_of(rep.status, rep.agency_code, rep.postponed_from, rep.archive_reason)
            for row in rows:
                payload = _payload(row.payload)
                if row.state in outbox.WAITING:
                    try:
                        state = compute(actor, row.kind, state, payload).state
                    except NotAllowed:
                        pass  # no longer fits: the server will say so; the entry stays visible
                    if row.kind == "redact":
                        apply_public_text(conn, rep.id, payload)
                    if row.kind == "forward":
                        mark_forwarded(conn, rep.id)
                insert_event(
                    conn,
                    event_row(
                        op_id=row.op_id,
                        seq=row.seq,
                        report_id=rep.id,
                        kind=row.kind,
                        payload=payload,
                        actor_name=actor_name,
                        agency_code=rep.agency_code,
                        created_at=row.created_at,
                    ),
                )
            badge, reason = sync_badge((r.state, r.outcome_detail) for r in rows)
            conn.exec_driver_sql(
                "UPDATE reports SET status = :status, agency_code = :agency_code,"
                " postponed_from = :postponed_from, sync_state = :badge, sync_reason = :reason"
                " WHERE id = :id",
                {**state.fields(), "badge": badge, "reason": reason, "id": rep.id},
            )
            touched.add(rep.id)
    # Reports without open rows any more go back to "synced".
    settled = [i for i in ids if i not in by_report]
    if settled:
        conn.exec_driver_sql(
            "UPDATE reports SET sync_state = 'synced', sync_reason = NULL"
            " WHERE id = ? AND sync_state != 'synced'",
            [(i,) for i in settled],
        )
    if touched:
        search.reindex_reports(conn, touched)
    return sorted(touched)


def apply_public_text(conn: Connection, report_id: str, payload: Mapping[str, Any]) -> None:
    """The local effect of a `redact` op: the report's public body/address (null: the original)."""
    sets = {f"public_{k}": payload[k] for k in ("body", "address") if k in payload}
    if sets:
        assignments = ", ".join(f"{k} = :{k}" for k in sets)
        conn.exec_driver_sql(
            f"UPDATE reports SET {assignments} WHERE id = :rid", {**sets, "rid": report_id}
        )


def mark_forwarded(conn: Connection, report_id: str) -> None:
    """The local effect of a `forward` op beyond its status: the archive reason `forwarded`."""
    conn.exec_driver_sql(
        "UPDATE reports SET archive_reason = ? WHERE id = ?", (FORWARDED_REASON, report_id)
    )


def refresh_badges(conn: Connection, report_ids: Iterable[str]) -> None:
    """Recompute `sync_state`/`sync_reason` only (the outbox changed, the report did not)."""
    ids = list(dict.fromkeys(report_ids))
    if not ids:
        return
    rows = outbox.open_rows(conn, ids)
    by_report: dict[str, list[tuple[str, str | None]]] = {i: [] for i in ids}
    for r in rows:
        by_report[r.report_id].append((r.state, r.outcome_detail))
    conn.exec_driver_sql(
        "UPDATE reports SET sync_state = ?, sync_reason = ? WHERE id = ?",
        [(*sync_badge(v), k) for k, v in by_report.items()],
    )


def _payload(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        return json.loads(value)
    return dict(value or {})
