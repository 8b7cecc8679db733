"""The outbox lifecycle lives in one module (models/outbox.py): a row goes pending → sending →
done or conflict/rejected → discarded, is never deleted, and no other module of the desk writes
SQL against the table."""

from __future__ import annotations

import re
from pathlib import Path

from lapor_desk.models import outbox

NOW = "2026-12-05T03:00:00.000+00:00"


def _queue(conn, op_id: str, report_id: str = "r1", text: str = "Sudah ditangani.") -> int:
    return outbox.enqueue(
        conn,
        op_id=op_id,
        report_id=report_id,
        kind="respond",
        payload={"text": text},
        base_version=1,
        created_at=NOW,
        report_title="Jalan rusak",
    )


def test_a_row_goes_from_pending_to_done_or_conflict_and_is_kept(store):
    with store.write_conn() as conn:
        first, second, third = (_queue(conn, op) for op in ("op-1", "op-2", "op-3"))
    assert first < second < third
    with store.read_conn() as conn:
        batch = outbox.next_batch(conn, 0, 2)
    assert [r.op_id for r in batch] == ["op-1", "op-2"]
    assert outbox.op_json(batch[0])["payload"] == {"text": "Sudah ditangani."}
    with store.write_conn() as conn:
        outbox.mark_sending(conn, ["op-1", "op-2"])
        outbox.record_outcomes(
            conn,
            [
                outbox.Outcome("op-1", "applied"),
                outbox.Outcome("op-2", "conflict", "sudah dialihkan", "reassigned"),
            ],
            NOW,
        )
    with store.read_conn() as conn:
        counts = outbox.counts(conn)
        assert counts.by_state == {"done": 1, "conflict": 1, "pending": 1}
        assert (counts.waiting, counts.conflicts) == (1, 1)
        [conflict] = outbox.conflicts(conn)
        assert conflict.op_id == "op-2" and conflict.outcome_detail == "sudah dialihkan"
    with store.write_conn() as conn:
        outbox.resolve(conn, "op-2", NOW)
    with store.read_conn() as conn:
        assert outbox.get(conn, "op-2").state == outbox.OutboxState.DISCARDED
        assert len(outbox.listing(conn, include_closed=True)) == 3  # nothing deleted
        assert [r.op_id for r in outbox.listing(conn)] == ["op-3"]


def test_only_unsent_rows_turn_into_conflicts_or_can_be_withdrawn(store):
    with store.write_conn() as conn:
        _queue(conn, "sent")
        _queue(conn, "unsent")
        outbox.mark_sending(conn, ["sent"])
        # a tombstone: the sending row may be the op that moved the report, so it stays
        outbox.conflict_unsent(conn, [("r1", "dialihkan", "reassigned")], NOW)
        _queue(conn, "later")
        outbox.withdraw(conn, ["sent", "later"], "dibatalkan", NOW)
    with store.read_conn() as conn:
        states = {r.op_id: r.state for r in outbox.listing(conn, include_closed=True)}
    assert states == {"sent": "sending", "unsent": "conflict", "later": "discarded"}


def test_the_state_sets_cover_every_state_once():
    assert set(outbox.WAITING) | set(outbox.MARKED) | set(outbox.CLOSED) == set(outbox.STATES)
    assert set(outbox.OPEN) == set(outbox.WAITING) | set(outbox.MARKED)
    assert not set(outbox.OPEN) & set(outbox.CLOSED)


def test_no_other_desk_module_writes_sql_against_the_outbox():
    root = Path(outbox.__file__).resolve().parents[1]
    home = Path(outbox.__file__).resolve()
    pattern = re.compile(r"(FROM|INTO|UPDATE|JOIN)\s+outbox\b")
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "migrations" not in path.parts
        and path != home
        and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
