"""What a profile holds and owes, for `lapor-desk status`, `queue` and `logout` (no Qt).

Read-only summaries over the store: reports in the queue, the outbox by state (through
`models/outbox.py`), the sync bookkeeping, and the outbox listing with each entry's text. The
headless commands print these; their `--json` shapes are a public interface (`lapor_desk/cli/`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from lapor_desk.models import outbox, sync_state
from lapor_desk.models.store import Store


@dataclass(frozen=True, slots=True)
class ProfileStatus:
    reports: int
    #: rows per outbox state, every state present in the store
    outbox: dict[str, int]
    #: waiting to be sent (pending + sending)
    pending: int
    #: not accepted by the server and not resolved (conflict + rejected)
    conflicts: int
    last_success: str | None
    last_attempt: str | None
    #: the error that ended the last run (`DeskError.as_dict()`), None after a success
    last_error: dict[str, Any] | None


def status(store: Store) -> ProfileStatus:
    with store.read_conn() as conn:
        state = sync_state.read(conn)
        reports = conn.exec_driver_sql("SELECT count(*) FROM reports").scalar_one()
        counts = outbox.counts(conn)
    return ProfileStatus(
        reports=int(reports),
        outbox=dict(counts.by_state),
        pending=counts.waiting,
        conflicts=counts.conflicts,
        last_success=state.get("last_success"),
        last_attempt=state.get("last_attempt"),
        last_error=json.loads(state["last_error"]) if state.get("last_error") else None,
    )


def unsent_count(store: Store) -> int:
    """Entries that still carry officer work (waiting or in conflict): kept across a logout."""
    with store.read_conn() as conn:
        counts = outbox.counts(conn, open_only=True)
    return counts.waiting + counts.conflicts


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    seq: int
    op_id: str
    kind: str
    report_id: str
    #: None when the report has left this desk
    tracking_id: str | None
    title: str | None
    state: str
    attempts: int
    created_at: str
    #: the server's detail of a conflict or rejection
    detail: str | None
    #: the officer's text (or reason) in the op
    text: str | None

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}


def outbox_entries(store: Store, *, include_closed: bool = False) -> list[OutboxEntry]:
    """The outbox in sending order; sent and discarded entries only with `include_closed`."""
    with store.read_conn() as conn:
        rows = outbox.listing(conn, include_closed=include_closed)
    entries = []
    for r in rows:
        payload = outbox.payload_of(r)
        entries.append(
            OutboxEntry(
                seq=r.seq,
                op_id=r.op_id,
                kind=r.kind,
                report_id=r.report_id,
                tracking_id=r.tracking_id,
                title=r.report_title,
                state=r.state,
                attempts=r.attempts,
                created_at=r.created_at,
                detail=r.outcome_detail,
                text=payload.get("text") or payload.get("reason"),
            )
        )
    return entries
