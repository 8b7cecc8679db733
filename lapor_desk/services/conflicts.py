"""Conflicts: ops the server did not accept, and what the officer can do with their text.

Resolution never deletes the officer's text: a resolved row is set to `discarded` and keeps its
payload (models/outbox.py); "copy" puts the text into the report's draft (only while the report is
on this desk), "send as note" queues it as an internal note (which the coordinator reads). Unsent
drafts of reports that left this desk are listed here too (services/unreachable_drafts.py).
See docs/sync.md, "Conflicts: what the officer sees".

`ConflictResolution` is part of `DeskActions` (services/actions.py), whose store, account, clock
and change notification it uses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from lapor_core.events import written_text
from lapor_core.wire import PayloadError, validate_op_payload
from lapor_core.workflow import NotAllowed
from lapor_desk.errors import ConflictError, NotFoundError, ValidationError
from lapor_desk.models import effects, outbox, search
from lapor_desk.services import unreachable_drafts
from lapor_desk.services.change import DRAFT_MODE, Change
from lapor_desk.services.messages import ACTION_ID, payload_error_message

if TYPE_CHECKING:
    from collections.abc import Callable

    from lapor_desk.models.account import Account
    from lapor_desk.models.store import Store


@dataclass(frozen=True, slots=True)
class ConflictItem:
    """An op the server did not accept, with the officer's text and the choices offered."""

    op_id: str
    report_id: str
    report_title: str | None
    kind: str
    state: str  # conflict | rejected | draft (unsent draft of a report no longer on this desk)
    text: str | None
    detail: str | None
    reason: str | None
    created_at: str
    report_present: bool
    options: tuple[str, ...] = field(default=())


class DraftUnreachableError(ValidationError):
    """ "Copy to draft" for a report this desk no longer holds (or an op without text)."""

    code = "draft_unreachable"
    user_message_id = "Teks ini tidak bisa disalin ke draf: {detail}."
    next_step_id = (
        "Teksnya tetap tersimpan di daftar konflik: salin dari sana bila masih diperlukan "
        "(misalnya sebagai catatan untuk koordinator), lalu buang konfliknya."
    )
    user_message_en = "This text cannot be copied to a draft: {detail_en}."
    next_step_en = (
        "The text stays in the conflict list: copy it from there if you still need it (for "
        "example as a note for the coordinator), then discard the conflict."
    )


class ConflictResolution:
    """The conflict list and its three resolutions (mixed into `DeskActions`)."""

    store: Store
    account: Account
    _now: Callable[[], str]

    def _notify(self, change: Change) -> None:  # provided by DeskActions
        raise NotImplementedError

    def _queue(self, conn: Connection, kind: str, report: str, payload: dict[str, Any]) -> Change:
        raise NotImplementedError  # provided by DeskActions

    def conflicts(self) -> list[ConflictItem]:
        """Ops the server did not accept and the officer has not resolved, oldest first; then
        unsent drafts of reports this desk no longer holds (`unreachable_drafts`)."""
        with self.store.read_conn() as conn:
            rows = outbox.conflicts(conn)
            drafts = unreachable_drafts.rows(conn)
        items = [self._conflict_item(r) for r in rows]
        items += [
            ConflictItem(
                **d, state="draft", reason="report_gone", report_present=False,
                options=("discard",),
            )
            for d in drafts
        ]  # fmt: skip
        return items

    def copy_to_draft(self, op_id: str) -> Change:
        """Put the text of a conflicting op into the report's draft and close the conflict."""
        with self.store.write_conn() as conn:
            row = self._conflict_row(conn, op_id)
            payload = json.loads(row.payload)
            text = written_text(row.kind, payload) or ""
            present = conn.exec_driver_sql(
                "SELECT 1 FROM reports WHERE id = ?", (row.report_id,)
            ).first()
            if present is None or not text.strip():
                raise DraftUnreachableError(
                    "laporannya tidak lagi ada di antrean desk ini, jadi drafnya tidak akan "
                    "terlihat di layar mana pun",
                    detail_en="the report is no longer in this desk's queue, so no screen would "
                    "show the draft",
                    reason="report_gone",
                )
            mode = DRAFT_MODE.get(row.kind, "internal" if row.kind != "postpone" else "public")
            existing = conn.exec_driver_sql(
                "SELECT text FROM drafts WHERE report_id = ? AND mode = ?", (row.report_id, mode)
            ).scalar()
            merged = f"{existing.rstrip()}\n\n{text}" if existing and existing.strip() else text
            conn.exec_driver_sql(
                "INSERT INTO drafts(report_id, mode, text, final, updated_at)"
                " VALUES (?, ?, ?, 0, ?)"
                " ON CONFLICT(report_id, mode) DO UPDATE SET text = excluded.text,"
                " updated_at = excluded.updated_at",
                (row.report_id, mode, merged, self._now()),
            )
            self._resolve(conn, row)
        change = Change(
            frozenset({row.report_id}),
            frozenset({"outbox", "draft", "report"}),
            op_id,
            "copy_to_draft",
        )
        self._notify(change)
        return change

    def send_as_note(self, op_id: str) -> Change:
        """Queue the text of a conflicting op as an internal note on the same report."""
        with self.store.write_conn() as conn:
            row = self._conflict_row(conn, op_id)
            text = written_text(row.kind, json.loads(row.payload)) or ""
            if not text:
                raise ValidationError(
                    "Operasi ini tidak berisi teks untuk dikirim.", detail_en="This op has no text."
                )
            what = ACTION_ID.get(row.kind, row.kind)
            note = f"[Teks yang tidak dapat dikirim sebagai '{what}']\n{text}"
            try:
                clean = validate_op_payload("note", {"text": note})
            except PayloadError as exc:
                raise payload_error_message(exc) from exc
            change = self._queue(conn, "note", row.report_id, clean)
            self._resolve(conn, row)
        change = Change(change.report_ids, change.kinds | {"outbox"}, change.op_id, "send_as_note")
        self._notify(change)
        return change

    def discard(self, op_id: str, *, confirmed: bool) -> Change:
        """Close a conflict without sending; the officer must have confirmed (text is kept in the
        outbox row as `discarded`, never deleted)."""
        if not confirmed:
            raise ValidationError(
                "Konfirmasi dulu bahwa teks ini tidak perlu dikirim.",
                detail_en="Confirm first that this text need not be sent.",
                reason="confirm",
            )
        with self.store.write_conn() as conn:
            if unreachable_drafts.is_item(op_id):
                report_id = unreachable_drafts.discard(conn, op_id, self._now())
            else:
                row = self._conflict_row(conn, op_id)
                self._resolve(conn, row)
                report_id = row.report_id
        change = Change(frozenset({report_id}), frozenset({"outbox", "report"}), op_id, "discard")
        self._notify(change)
        return change

    def _conflict_row(self, conn: Connection, op_id: str) -> Any:
        row = outbox.get(conn, op_id)
        if row is None:
            raise NotFoundError("Operasi tidak ditemukan.", detail_en="No such op.")
        if row.state not in outbox.MARKED:
            raise ConflictError(
                "operasi ini tidak sedang dalam konflik",
                reason="not_in_conflict",
            )
        return row

    def _resolve(self, conn: Connection, row: Any) -> None:
        outbox.resolve(conn, row.op_id, self._now())
        conn.exec_driver_sql(
            "DELETE FROM events WHERE id = ?", (effects.local_event_id(row.op_id),)
        )
        effects.refresh_badges(conn, [row.report_id])
        search.reindex_reports(conn, [row.report_id])

    def _conflict_item(self, r: Any) -> ConflictItem:
        payload = json.loads(r.payload)
        # A draft lives with its report: only offered while this desk holds the report (a draft of
        # a report that left the queue would sit where no screen shows it), and only for text.
        options = ["discard"]
        if r.present and written_text(r.kind, payload):
            options.insert(0, "copy_to_draft")
            try:
                effects.compute(
                    effects.actor_of(self.account.role, self.account.agency_code),
                    "note",
                    effects.state_of(r.status, r.agency_code, r.postponed_from),
                    {},
                )
                options.insert(1, "send_as_note")
            except (NotAllowed, ValueError):
                pass
        return ConflictItem(
            op_id=r.op_id,
            report_id=r.report_id,
            report_title=r.report_title,
            kind=r.kind,
            state=r.state,
            text=written_text(r.kind, payload),
            detail=r.outcome_detail,
            reason=r.outcome_reason,
            created_at=r.created_at,
            report_present=bool(r.present),
            options=tuple(options),
        )
