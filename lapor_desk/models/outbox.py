"""The outbox: the officer's actions waiting for (or answered by) the server, in one place.

Every read and write of the `outbox` table goes through this module, so the life of a row is
written once (docs/sync.md, "An outbox row's life"):

    pending ─▶ sending ─▶ done                  (applied or duplicate; or seen in the feed)
       │          └────▶ conflict | rejected ─▶ discarded   (the officer resolved it)
       └─ tombstone or full resync before it was sent ─▶ conflict

A row is never deleted: `done` and `discarded` rows are history and keep the officer's text.
The functions take an open SQLAlchemy `Connection`, so a caller puts an outbox change in the same
transaction as the report change it belongs with (I1).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection


class OutboxState(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    DONE = "done"
    CONFLICT = "conflict"
    REJECTED = "rejected"
    DISCARDED = "discarded"


#: every state, in the order of a row's life (the schema's CHECK constraint)
STATES: tuple[str, ...] = tuple(s.value for s in OutboxState)
#: on its way to the server: the local effect applies, the push sends it
WAITING: tuple[str, ...] = (OutboxState.PENDING.value, OutboxState.SENDING.value)
#: the server did not accept it; the officer decides what happens to the text
MARKED: tuple[str, ...] = (OutboxState.CONFLICT.value, OutboxState.REJECTED.value)
#: still carries officer work: never dropped by resync, logout or salvage
OPEN: tuple[str, ...] = WAITING + MARKED
#: history only
CLOSED: tuple[str, ...] = (OutboxState.DONE.value, OutboxState.DISCARDED.value)

_COLUMNS = (
    "seq, op_id, report_id, kind, payload, base_version, created_at, state, attempts,"
    " last_error, outcome, outcome_detail, outcome_reason, report_title, done_at"
)


def _in(states: Sequence[str]) -> str:
    return "(" + ", ".join(f"'{s}'" for s in states) + ")"


def payload_of(row: Any) -> dict[str, Any]:
    """The op's payload as a dict, whichever way the row was read."""
    value = row.payload if not isinstance(row, Mapping) else row["payload"]
    if isinstance(value, str):
        return json.loads(value)
    return dict(value or {})


def op_json(row: Any) -> dict[str, Any]:
    """The op as the server's `POST /api/v1/ops` takes it (docs/api.md)."""
    return {
        "op_id": row.op_id,
        "kind": row.kind,
        "report_id": row.report_id,
        "base_version": row.base_version,
        "payload": payload_of(row),
        "created_at": row.created_at,
    }


# -- enqueue -----------------------------------------------------------------------------------
def enqueue(
    conn: Connection,
    *,
    op_id: str,
    report_id: str,
    kind: str,
    payload: Mapping[str, Any],
    base_version: int | None,
    created_at: str,
    report_title: str | None,
) -> int:
    """Queue a new op as `pending`; returns its `seq` (the order of sending)."""
    return conn.exec_driver_sql(
        "INSERT INTO outbox(op_id, report_id, kind, payload, base_version, created_at, state,"
        " attempts, report_title) VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?) RETURNING seq",
        (
            op_id,
            report_id,
            kind,
            json.dumps(dict(payload), ensure_ascii=False, separators=(",", ":")),
            base_version,
            created_at,
            report_title,
        ),
    ).scalar_one()


# -- push ----------------------------------------------------------------------------------------
def next_batch(conn: Connection, after_seq: int, size: int) -> list[Any]:
    """Up to `size` waiting rows after `after_seq`, in `seq` order (so in order per report)."""
    return conn.exec_driver_sql(
        "SELECT seq, op_id, report_id, kind, payload, base_version, created_at, state"
        f" FROM outbox WHERE state IN {_in(WAITING)} AND seq > ? ORDER BY seq LIMIT ?",
        (after_seq, size),
    ).all()


def mark_sending(conn: Connection, op_ids: Iterable[str]) -> None:
    """Before the request leaves (and committed): a crash after this resends the same op_id."""
    conn.exec_driver_sql(
        "UPDATE outbox SET state = 'sending', attempts = attempts + 1"
        f" WHERE op_id = ? AND state IN {_in(WAITING)}",
        [(op,) for op in op_ids],
    )


@dataclass(frozen=True, slots=True)
class Outcome:
    """The server's answer for one sent op (`outcome` is a `lapor_core.wire.Outcome` value)."""

    op_id: str
    outcome: str
    detail: str | None = None
    reason: str | None = None


def record_outcomes(conn: Connection, outcomes: Iterable[Outcome], at: str) -> None:
    """Store the answers for rows in `sending`: applied/duplicate → done, else conflict/rejected.

    The officer's payload stays beside the server's detail and reason; nothing is deleted.
    """
    done, marked = [], []
    for o in outcomes:
        if o.outcome in ("applied", "duplicate"):
            done.append((o.outcome, o.detail, o.reason, at, o.op_id))
        else:
            state = "conflict" if o.outcome == "conflict" else "rejected"
            marked.append((state, o.outcome, o.detail, o.reason, at, o.op_id))
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


# -- pull ----------------------------------------------------------------------------------------
def waiting_ops(conn: Connection) -> dict[str, str]:
    """{op_id: report_id} of the rows still on their way."""
    return dict(
        conn.exec_driver_sql(
            f"SELECT op_id, report_id FROM outbox WHERE state IN {_in(WAITING)}"
        ).all()
    )


def settle_seen(conn: Connection, op_ids: Iterable[str], at: str) -> None:
    """Ops whose event already shows in a snapshot were applied (their answer was lost)."""
    conn.exec_driver_sql(
        "UPDATE outbox SET state = 'done', outcome = 'applied',"
        " outcome_detail = 'terlihat di feed', done_at = ? WHERE op_id = ?",
        [(at, op) for op in op_ids],
    )


def conflict_unsent(conn: Connection, marks: Iterable[tuple[str, str, str]], at: str) -> None:
    """Never-sent rows of reports that left this desk become conflicts, kept for the officer.

    `marks` are (report id, detail, reason). `sending` rows stay: they may be the very op that
    moved the report (the officer's own "return"), and the next push learns their outcome.
    """
    conn.exec_driver_sql(
        "UPDATE outbox SET state = 'conflict', outcome = 'conflict', outcome_detail = ?,"
        " outcome_reason = ?, done_at = ? WHERE report_id = ? AND state = 'pending'",
        [(detail, reason, at, rid) for rid, detail, reason in marks],
    )


# -- per report ----------------------------------------------------------------------------------
def open_rows(conn: Connection, report_ids: Sequence[str]) -> list[Any]:
    """Open rows (waiting or marked) of these reports, oldest first: what the desk shows locally."""
    return conn.exec_driver_sql(
        "SELECT seq, op_id, report_id, kind, payload, state, outcome_detail, created_at"
        " FROM outbox WHERE report_id IN (SELECT value FROM json_each(?))"
        f" AND state IN {_in(OPEN)} ORDER BY seq",
        (json.dumps(list(report_ids)),),
    ).all()


def reports_with_open_work(conn: Any) -> list[str]:
    """Ids of the reports that have open rows (waiting or marked): whose local effects must show."""
    return list(
        conn.exec_driver_sql(
            f"SELECT DISTINCT report_id FROM outbox WHERE state IN {_in(OPEN)}"
        ).scalars()
    )


def op_ids_of_report(conn: Connection, report_id: str) -> frozenset[str]:
    """Every op this desk queued for the report, in any state (whose timeline entry is ours)."""
    return frozenset(
        conn.exec_driver_sql("SELECT op_id FROM outbox WHERE report_id = ?", (report_id,)).scalars()
    )


def last_title(conn: Connection, report_id: str) -> str | None:
    """The report's title as last queued here (kept when the report left this desk)."""
    return conn.exec_driver_sql(
        "SELECT report_title FROM outbox WHERE report_id = ? AND report_title IS NOT NULL"
        " ORDER BY seq DESC LIMIT 1",
        (report_id,),
    ).scalar()


def record_discarded(
    conn: Connection,
    *,
    op_id: str,
    report_id: str,
    kind: str,
    payload: Mapping[str, Any],
    detail: str,
    report_title: str | None,
    at: str,
) -> None:
    """Keep text the officer discarded without it ever being an op (a draft of a report that left
    this desk) as a `discarded` row: history, never sent."""
    conn.exec_driver_sql(
        "INSERT INTO outbox(op_id, report_id, kind, payload, created_at, state, outcome_detail,"
        " report_title, done_at) VALUES (?, ?, ?, ?, ?, 'discarded', ?, ?, ?)",
        (
            op_id,
            report_id,
            kind,
            json.dumps(dict(payload), ensure_ascii=False),
            at,
            detail,
            report_title,
            at,
        ),
    )


def waiting_of_kind(conn: Connection, kind: str, report_ids: Sequence[str]) -> list[Any]:
    """(op_id, report_id, state) of waiting rows of one kind on these reports."""
    return conn.exec_driver_sql(
        f"SELECT op_id, report_id, state FROM outbox WHERE kind = ? AND state IN {_in(WAITING)}"
        " AND report_id IN (SELECT value FROM json_each(?))",
        (kind, json.dumps(list(report_ids))),
    ).all()


def withdraw(conn: Connection, op_ids: Iterable[str], detail: str, at: str) -> None:
    """Take back ops that never left this desk (`pending` only): `discarded`, text kept."""
    conn.exec_driver_sql(
        "UPDATE outbox SET state = 'discarded', outcome_detail = ?, done_at = ?"
        " WHERE op_id = ? AND state = 'pending'",
        [(detail, at, op) for op in op_ids],
    )


# -- conflicts -----------------------------------------------------------------------------------
def conflicts(conn: Connection) -> list[Any]:
    """Marked rows with what is known of their report (absent when it left this desk), oldest
    first."""
    return conn.exec_driver_sql(
        "SELECT o.op_id, o.report_id, o.report_title, o.kind, o.state, o.payload,"
        " o.outcome_detail, o.outcome_reason, o.created_at, r.status, r.agency_code,"
        " r.postponed_from, r.id IS NOT NULL AS present"
        " FROM outbox AS o LEFT JOIN reports AS r ON r.id = o.report_id"
        f" WHERE o.state IN {_in(MARKED)} ORDER BY o.seq"
    ).all()


def get(conn: Connection, op_id: str) -> Any | None:
    return conn.exec_driver_sql(
        f"SELECT {_COLUMNS} FROM outbox WHERE op_id = ?", (op_id,)
    ).one_or_none()


def resolve(conn: Connection, op_id: str, at: str) -> None:
    """The officer closed a conflict: the row becomes `discarded` (its text is kept)."""
    conn.exec_driver_sql(
        "UPDATE outbox SET state = 'discarded', done_at = ? WHERE op_id = ?", (at, op_id)
    )


# -- counts and listings -------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Counts:
    """How many rows are in each state."""

    by_state: Mapping[str, int]

    @property
    def waiting(self) -> int:
        return sum(self.by_state.get(s, 0) for s in WAITING)

    @property
    def conflicts(self) -> int:
        return sum(self.by_state.get(s, 0) for s in MARKED)


def counts(conn: Any, *, open_only: bool = False) -> Counts:
    """Rows per state. `conn` may also be a plain `sqlite3` connection (`lapor-desk doctor` reads
    a profile read-only, without the store)."""
    where = f" WHERE state IN {_in(OPEN)}" if open_only else ""
    sql = f"SELECT state, count(*) FROM outbox{where} GROUP BY state"
    run = getattr(conn, "exec_driver_sql", None) or conn.execute
    return Counts({state: int(n) for state, n in run(sql).fetchall()})


def waiting_count(conn: Connection) -> int:
    return conn.exec_driver_sql(
        f"SELECT count(*) FROM outbox WHERE state IN {_in(WAITING)}"
    ).scalar_one()


def listing(conn: Connection, *, include_closed: bool = False) -> list[Any]:
    """Rows in `seq` order with the report's tracking id (None when it left this desk)."""
    where = "" if include_closed else f" WHERE o.state NOT IN {_in(CLOSED)}"
    return conn.exec_driver_sql(
        "SELECT o.seq, o.op_id, o.kind, o.report_id, r.tracking_id, o.report_title, o.state,"
        " o.attempts, o.created_at, o.outcome_detail, o.payload FROM outbox AS o"
        " LEFT JOIN reports AS r ON r.id = o.report_id" + where + " ORDER BY o.seq"
    ).all()


def rows_of_kinds(conn: Connection, kinds: Iterable[str], *, limit: int = 200) -> list[Any]:
    """The newest rows of these op kinds (any state), newest first: the admin pane's "sent and
    waiting" list (admin ops have no report on the desk)."""
    return conn.exec_driver_sql(
        "SELECT seq, op_id, kind, report_id, report_title, state, created_at, outcome,"
        " outcome_detail, outcome_reason, done_at FROM outbox"
        " WHERE kind IN (SELECT value FROM json_each(?)) ORDER BY seq DESC LIMIT ?",
        (json.dumps(sorted(set(kinds))), limit),
    ).all()
