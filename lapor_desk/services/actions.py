"""The officer's and coordinator's actions on reports, offline-first.

Each action checks its input with the shared rules (`lapor_core.wire.validate_op_payload`, then
`lapor_core.workflow` on the local report for this account's role and agency) and then, in ONE
write transaction, applies the local effect (status/agency, a pending timeline entry
`local:<op_id>`, the report's sync badge, the full-text entry) and queues an outbox row with a new
UUID op_id. When the call returns, the work is durable (I1); the sync engine sends it later with
that same op_id, however often it has to try.

Conflict resolution never deletes the officer's text: a resolved conflict row is set to
`discarded` and keeps its payload; "copy" puts the text into the report's draft, "send as note"
queues it as an internal note (which the coordinator reads).

Views call these methods on the writer thread and refresh what the returned `Change` names.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import os
import re
import tempfile
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from lapor_core.events import written_text
from lapor_core.wire import (
    ALLOWED_MEDIA_TYPES,
    DEFAULT_ATTACHMENT_LIMIT,
    PayloadError,
    PayloadProblem,
    validate_op_payload,
)
from lapor_core.workflow import ACTION_LABELS_ID, LABELS_ID, Action, NotAllowed, Refusal, Status
from lapor_desk.errors import ConflictError, NotFoundError, ValidationError
from lapor_desk.models import effects, outbox, search
from lapor_desk.models.account import Account
from lapor_desk.models.store import Store
from lapor_desk.paths import cache_dir, ensure_private_dir
from lapor_desk.services import unreachable_drafts

#: Indonesian names of the actions (lapor_core.workflow.ACTION_LABELS_ID)
ACTION_ID: dict[str, str] = dict(ACTION_LABELS_ID)
_FIELD_ID = {
    "text": ("Teks", "Text"),
    "reason": ("Alasan", "Reason"),
    "note": ("Catatan", "Note"),
    "agency_code": ("OPD tujuan", "Target agency"),
    "suggested_agency_code": ("Saran OPD", "Suggested agency"),
    "title": ("Judul", "Title"),
    "classification": ("Klasifikasi", "Classification"),
    "category_code": ("Kategori", "Category"),
    "district_code": ("Distrik", "District"),
    "village": ("Kampung/kelurahan", "Village"),
    "duplicate_of": ("Laporan asli", "Original report"),
    "attachments": ("Lampiran", "Attachments"),
    "final": ("Tanda jawaban akhir", "Final flag"),
}
#: which draft a saved action consumes (the compose box it came from)
_DRAFT_MODE = {"respond": "public", "note": "internal"}


@dataclass(frozen=True, slots=True)
class Change:
    """What a write changed, so views can refresh only that."""

    report_ids: frozenset[str] = frozenset()
    #: "report", "outbox", "draft", "local_files"
    kinds: frozenset[str] = frozenset()
    #: the op queued by this write, if any
    op_id: str | None = None
    #: the op kind ("respond", ...) or the resolution ("discard", "copy_to_draft", ...)
    action: str | None = None


@dataclass(frozen=True, slots=True)
class AttachmentRef:
    sha256: str
    filename: str
    media_type: str
    size: int


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


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def payload_error_message(exc: PayloadError) -> ValidationError:
    """An Indonesian sentence (English beside it) for a malformed payload."""
    label_id, label_en = _FIELD_ID.get(exc.field or "", ("Isian", "Input"))
    text = str(exc)
    if exc.code == PayloadProblem.REQUIRED:
        return ValidationError(
            f"{label_id} wajib diisi.", detail_en=f"{label_en} is required.", field=exc.field
        )
    if exc.code == PayloadProblem.TOO_LONG:
        limit = exc.limit
        return ValidationError(
            f"{label_id} terlalu panjang (maksimal {limit} karakter).",
            detail_en=f"{label_en} is too long (at most {limit} characters).",
            field=exc.field,
        )
    return ValidationError(
        f"{label_id} tidak valid ({text}).",
        detail_en=f"{label_en} is not valid ({text}).",
        field=exc.field,
    )


def not_allowed_message(exc: NotAllowed, kind: str, status: str, role: str) -> ValidationError:
    what = ACTION_ID.get(kind, kind)
    if exc.reason == Refusal.ROLE:
        return ValidationError(
            f"Peran {role} tidak boleh melakukan '{what}'.",
            detail_en=f"The role {role} may not {kind}.",
            reason="role",
        )
    if exc.reason == Refusal.AGENCY:
        return ValidationError(
            "Laporan ini tidak berada di OPD Anda.",
            detail_en="This report is not at your agency.",
            reason="agency",
        )
    if exc.reason == Refusal.SAME_AGENCY:
        return ValidationError(
            "Laporan sudah berada di OPD tersebut.",
            detail_en="The report is already at that agency.",
            field="agency_code",
        )
    if exc.reason == Refusal.NO_AGENCY:
        return ValidationError(
            "Pilih OPD tujuan.", detail_en="Choose the target agency.", field="agency_code"
        )
    if exc.reason == Refusal.COORDINATOR_POSTPONED:
        return ValidationError(
            "Hanya koordinator yang dapat melanjutkan laporan ini.",
            detail_en="Only the coordinator can resume this report.",
            reason="status",
        )
    label = LABELS_ID.get(Status(status), status) if status in Status else status
    return ValidationError(
        f"Tindakan '{what}' tidak dapat dilakukan saat laporan berstatus '{label}'.",
        detail_en=f"'{kind}' is not possible while the report is {status}.",
        reason="status",
    )


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


class DeskActions:
    """The write use-cases of one profile. Thread-safe through the store's single writer."""

    def __init__(
        self,
        store: Store,
        account: Account,
        *,
        now: Callable[[], str] = _now_iso,
        on_change: Callable[[Change], None] | None = None,
    ):
        self.store = store
        self.account = account
        self._now = now
        self._on_change = on_change

    # -- the actions ------------------------------------------------------------------------
    def respond(
        self, report: str, text: str, *, final: bool = False, attachments: Iterable[str] = ()
    ) -> Change:
        """A public response (tindak lanjut); `final` completes the report."""
        return self.act(
            "respond", report, {"text": text, "final": final, "attachments": list(attachments)}
        )

    def note(self, report: str, text: str, *, attachments: Iterable[str] = ()) -> Change:
        """An internal note (never public)."""
        return self.act("note", report, {"text": text, "attachments": list(attachments)})

    def return_report(
        self, report: str, reason: str, suggested_agency_code: str | None = None
    ) -> Change:
        """Bukan wewenang: back to the coordinator."""
        payload: dict[str, Any] = {"reason": reason}
        if suggested_agency_code:
            payload["suggested_agency_code"] = suggested_agency_code
        return self.act("return", report, payload)

    def postpone(self, report: str, text: str) -> Change:
        """Ask the reporter for information; the deadline clock pauses."""
        return self.act("postpone", report, {"text": text})

    def resume(self, report: str) -> Change:
        return self.act("resume", report, {})

    def verify(self, report: str, **fields: Any) -> Change:
        """Coordinator screening; optional title, classification, category_code, district_code,
        village, is_anonymous, is_secret."""
        return self.act("verify", report, {k: v for k, v in fields.items() if v is not None})

    def archive(
        self, report: str, reason: str, *, duplicate_of: str | None = None, note: str | None = None
    ) -> Change:
        payload: dict[str, Any] = {"reason": reason}
        if duplicate_of:
            payload["duplicate_of"] = duplicate_of
        if note:
            payload["note"] = note
        return self.act("archive", report, payload)

    def dispatch(self, report: str, agency_code: str, note: str | None = None) -> Change:
        payload: dict[str, Any] = {"agency_code": agency_code}
        if note:
            payload["note"] = note
        return self.act("dispatch", report, payload)

    def reassign(self, report: str, agency_code: str, reason: str) -> Change:
        return self.act("reassign", report, {"agency_code": agency_code, "reason": reason})

    def act(self, kind: str, report: str, payload: dict[str, Any]) -> Change:
        """Validate and queue one op of `kind` on `report` (an id or a tracking id)."""
        try:
            clean = validate_op_payload(kind, payload)
        except PayloadError as exc:
            raise payload_error_message(exc) from exc
        with self.store.write_conn() as conn:
            change = self._queue(conn, kind, report, clean)
        self._notify(change)
        return change

    def act_many(self, kind: str, reports: Iterable[str], payload: dict[str, Any]) -> Change:
        """The same op on several reports (bulk dispatch) in one transaction: all or nothing."""
        try:
            clean = validate_op_payload(kind, payload)
        except PayloadError as exc:
            raise payload_error_message(exc) from exc
        ids: set[str] = set()
        with self.store.write_conn() as conn:
            for report in reports:
                ids |= self._queue(conn, kind, report, clean).report_ids
        change = Change(frozenset(ids), frozenset({"report", "outbox"}), None, kind)
        self._notify(change)
        return change

    # -- attachments ------------------------------------------------------------------------
    def attach_file(
        self, path: str | os.PathLike[str], *, filename: str | None = None
    ) -> AttachmentRef:
        """Copy a file into the profile's cache and register it for upload; returns its hash."""
        src = Path(path)
        try:
            size = src.stat().st_size
        except OSError as exc:
            raise ValidationError(
                f"Berkas tidak dapat dibaca: {src.name}.", detail_en=f"Cannot read {src.name}."
            ) from exc
        if size > DEFAULT_ATTACHMENT_LIMIT:
            mb = DEFAULT_ATTACHMENT_LIMIT // (1024 * 1024)
            raise ValidationError(
                f"Lampiran lebih besar dari {mb} MB.", detail_en=f"The file is larger than {mb} MB."
            )
        name = filename or src.name
        media_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if media_type not in ALLOWED_MEDIA_TYPES:
            raise ValidationError(
                "Jenis berkas ini tidak dapat dilampirkan (hanya gambar, PDF, dan dokumen kantor).",
                detail_en="This file type cannot be attached "
                "(images, PDF and office documents only).",
            )
        folder = ensure_private_dir(cache_dir(self.store.path.parent))
        if self.store.files is not None:
            # Sealed with the profile key like every cached file; at most 20 MB, read at once.
            try:
                data = src.read_bytes()
            except OSError as exc:
                raise ValidationError(
                    f"Berkas tidak dapat dibaca: {src.name}.", detail_en=f"Cannot read {src.name}."
                ) from exc
            sha = hashlib.sha256(data).hexdigest()
            target = folder / self.store.files.cache_name(sha)
            self.store.files.write(target, data, f"attachment:{sha}")
            size = len(data)
        else:
            target, sha = self._copy_plain(src, folder)
        with self.store.write_conn() as conn:
            conn.exec_driver_sql(
                "INSERT OR IGNORE INTO local_files(sha256, path, size, filename, media_type,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (sha, str(target), size, name, media_type, self._now()),
            )
        return AttachmentRef(sha, name, media_type, size)

    @staticmethod
    def _copy_plain(src: Path, folder: Path) -> tuple[Path, str]:
        """An unencrypted store (tests, benchmarks): the file is copied as it is."""
        digest = hashlib.sha256()
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as out, src.open("rb") as inp:
                for chunk in iter(lambda: inp.read(1 << 16), b""):
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            target = folder / sha
            os.replace(tmp_name, target)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
        return target, sha

    # -- conflicts --------------------------------------------------------------------------
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
            mode = _DRAFT_MODE.get(row.kind, "internal" if row.kind != "postpone" else "public")
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

    # -- internals ---------------------------------------------------------------------------
    def _queue(self, conn: Connection, kind: str, report: str, payload: dict[str, Any]) -> Change:
        rep = find_report(conn, report)
        actor = effects.actor_of(self.account.role, self.account.agency_code)
        state = effects.state_of(rep.status, rep.agency_code, rep.postponed_from)
        try:
            tr = effects.compute(actor, kind, state, payload)
        except NotAllowed as exc:
            raise not_allowed_message(exc, kind, rep.status, self.account.role) from exc
        except ValueError as exc:  # an unknown role or kind in a damaged profile
            raise ValidationError(f"Tindakan tidak dikenal: {kind}.", detail_en=str(exc)) from exc
        self._check_attachments(conn, payload)
        op_id = str(uuid.uuid4())
        now = self._now()
        seq = outbox.enqueue(
            conn,
            op_id=op_id,
            report_id=rep.id,
            kind=kind,
            payload=payload,
            base_version=rep.version,
            created_at=now,
            report_title=rep.title,
        )
        event = effects.event_row(
            op_id=op_id,
            seq=seq,
            report_id=rep.id,
            kind=kind,
            payload=payload,
            actor_name=self.account.display_name or self.account.username,
            agency_code=rep.agency_code,
            created_at=now,
        )
        effects.insert_event(conn, event)
        badge = "conflict" if rep.sync_state == "conflict" else "pending"
        conn.exec_driver_sql(
            "UPDATE reports SET status = :status, agency_code = :agency_code,"
            " postponed_from = :postponed_from, sync_state = :badge, last_event_at = :now"
            " WHERE id = :id",
            {**tr.fields(), "badge": badge, "now": now, "id": rep.id},
        )
        mode = _DRAFT_MODE.get(kind)
        if mode:
            conn.exec_driver_sql(
                "DELETE FROM drafts WHERE report_id = ? AND mode = ?", (rep.id, mode)
            )
        if event["visibility"] == "public":
            search.reindex_reports(conn, [rep.id])
        kinds = {"report", "outbox"} | ({"draft"} if mode else set())
        return Change(frozenset({rep.id}), frozenset(kinds), op_id, kind)

    def _check_attachments(self, conn: Connection, payload: dict[str, Any]) -> None:
        hashes = payload.get("attachments") or []
        if not hashes:
            return
        known = set(
            conn.exec_driver_sql(
                "SELECT sha256 FROM local_files WHERE sha256 IN (SELECT value FROM json_each(?))"
                " UNION SELECT sha256 FROM attachments"
                " WHERE sha256 IN (SELECT value FROM json_each(?))",
                (json.dumps(hashes), json.dumps(hashes)),
            ).scalars()
        )
        missing = [h for h in hashes if h not in known]
        if missing:
            raise ValidationError(
                "Lampiran belum ditambahkan ke desk ini.",
                detail_en="The attachment has not been added to this desk.",
                field="attachments",
            )

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

    def _notify(self, change: Change) -> None:
        if self._on_change is not None:
            self._on_change(change)


@dataclass(frozen=True, slots=True)
class _ReportRef:
    id: str
    title: str
    status: str
    agency_code: str | None
    postponed_from: str | None
    version: int
    sync_state: str


#: a report's internal id (a UUID), as opposed to a tracking id someone typed
_REPORT_ID = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)


def find_report(conn: Connection, report: str) -> _ReportRef:
    """The local report with this id or tracking id, or NotFoundError."""
    key = (report or "").strip()
    row = conn.exec_driver_sql(
        "SELECT id, title, status, agency_code, postponed_from, version, sync_state FROM reports"
        " WHERE id = ? UNION ALL SELECT id, title, status, agency_code, postponed_from, version,"
        " sync_state FROM reports WHERE tracking_id = ? AND id != ? LIMIT 1",
        (key, key.upper(), key),
    ).first()
    if row is None:
        if _REPORT_ID.fullmatch(key):
            # An internal id means an open report that has just left the desk: a UUID says
            # nothing to the officer.
            raise NotFoundError(
                "Laporan ini sudah tidak ada di antrean desk ini.",
                detail_en="This report is no longer in this desk's queue.",
            )
        raise NotFoundError(
            f"Laporan '{key}' tidak ada di antrean desk ini.",
            detail_en=f"Report '{key}' is not in this desk's queue.",
        )
    return _ReportRef(*row)


__all__ = [
    "ACTION_ID",
    "Action",
    "AttachmentRef",
    "Change",
    "ConflictItem",
    "DeskActions",
    "find_report",
]
