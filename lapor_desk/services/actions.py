"""The officer's and coordinator's actions on reports, offline-first.

Each action checks its input with the shared rules (`lapor_core.wire.validate_op_payload`, then
`lapor_core.workflow` on the local report for this account's role and agency) and then, in ONE
write transaction, applies the local effect (status/agency, a pending timeline entry
`local:<op_id>`, the report's sync badge, the full-text entry) and queues an outbox row with a new
UUID op_id. When the call returns, the work is durable (I1); the sync engine sends it later with
that same op_id, however often it has to try.

Conflict resolution (the conflict list, copy to draft, send as note, discard) is
`services/conflicts.py`, mixed into `DeskActions`; the officer's sentences for refusals are
`services/messages.py`.

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
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from lapor_core.wire import (
    ALLOWED_MEDIA_TYPES,
    DEFAULT_ATTACHMENT_LIMIT,
    PayloadError,
    validate_op_payload,
)
from lapor_core.workflow import Action, NotAllowed
from lapor_desk.errors import NotFoundError, ValidationError
from lapor_desk.models import effects, outbox, search
from lapor_desk.models.account import Account
from lapor_desk.models.store import Store
from lapor_desk.paths import cache_dir, ensure_private_dir
from lapor_desk.services.change import DRAFT_MODE, Change
from lapor_desk.services.conflicts import ConflictItem, ConflictResolution, DraftUnreachableError
from lapor_desk.services.messages import ACTION_ID, not_allowed_message, payload_error_message

__all__ = [
    "ACTION_ID",
    "AttachmentRef",
    "Change",
    "ConflictItem",
    "DeskActions",
    "DraftUnreachableError",
    "find_report",
    "not_allowed_message",
    "payload_error_message",
]


@dataclass(frozen=True, slots=True)
class AttachmentRef:
    sha256: str
    filename: str
    media_type: str
    size: int


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class DeskActions(ConflictResolution):
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

    def forward(
        self, report: str, partner: str, reason: str, reference: str | None = None
    ) -> Change:
        """Teruskan ke instansi lain: the report leaves this instansi (docs/forwarding.md)."""
        payload: dict[str, Any] = {"partner": partner, "reason": reason}
        if reference:
            payload["reference"] = reference
        return self.act("forward", report, payload)

    def partner_answer(
        self, report: str, text: str, *, final: bool = False, reference: str | None = None
    ) -> Change:
        """Catat jawaban instansi: what a partner without LAPOR Desk answered (public)."""
        payload: dict[str, Any] = {"text": text, "final": final}
        if reference:
            payload["reference"] = reference
        return self.act("partner_answer", report, payload)

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

    # -- internals ---------------------------------------------------------------------------
    def _queue(self, conn: Connection, kind: str, report: str, payload: dict[str, Any]) -> Change:
        rep = find_report(conn, report)
        actor = effects.actor_of(self.account.role, self.account.agency_code)
        state = effects.state_of(
            rep.status, rep.agency_code, rep.postponed_from, rep.archive_reason
        )
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
        if kind == "forward":
            effects.mark_forwarded(conn, rep.id)
        mode = DRAFT_MODE.get(kind)
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
    archive_reason: str | None


#: a report's internal id (a UUID), as opposed to a tracking id someone typed
_REPORT_ID = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)


def find_report(conn: Connection, report: str) -> _ReportRef:
    """The local report with this id or tracking id, or NotFoundError."""
    key = (report or "").strip()
    row = conn.exec_driver_sql(
        "SELECT id, title, status, agency_code, postponed_from, version, sync_state,"
        " archive_reason FROM reports WHERE id = ? UNION ALL SELECT id, title, status,"
        " agency_code, postponed_from, version, sync_state, archive_reason FROM reports"
        " WHERE tracking_id = ? AND id != ? LIMIT 1",
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
