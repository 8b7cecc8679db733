"""The coordinator's screening and disposisi use-cases, offline-first.

Single actions go through `DeskActions` (local effect + outbox row in one transaction). What the
coordinator needs beyond it lives here, on top of the same machinery:

- *verify with edits*: only the fields the coordinator changed are sent; the edits also show in
  the local row at once (title, category, distrik, flags), not only after the next sync;
- *verify and dispatch* in one step: two outbox rows, in order, in ONE transaction;
- *bulk dispatch*: one op per report, one transaction, all or nothing;
- *mark duplicate*: archive with reason `duplicate` linked to the chosen original;
- suggestions: the likely OPD for a category, likely duplicates (see `duplicates.py`);
- the "dikembalikan" list: reports an OPD returned as bukan wewenang, with the reason;
- hiding an attachment from the OPD, which is online-only (see `set_attachment_hidden`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, text

from lapor_core.wire import VERIFY_FIELDS, PayloadError, validate_op_payload
from lapor_core.workflow import AGENCY_STATUSES, values
from lapor_desk.errors import ConflictError, OfflineError, ValidationError
from lapor_desk.models import effects, outbox, search
from lapor_desk.models.store import Store
from lapor_desk.services import duplicates
from lapor_desk.services.actions import Change, DeskActions, payload_error_message
from lapor_desk.services.duplicates import DuplicateCandidate
from lapor_desk.services.redaction import redaction_payload

#: Below this many past dispatches of a category, the reference's default OPD comes first.
MIN_HISTORY = 5
#: Fields of a verify op that change the report row locally as well.
_EDITABLE = VERIFY_FIELDS
_AT_AGENCY = values(AGENCY_STATUSES)


class OnlineOnlyError(OfflineError):
    """An action that cannot wait in the outbox was tried without a connection."""

    code = "online_only"
    user_message_id = (
        "Menyembunyikan lampiran dari OPD hanya bisa dilakukan saat terhubung ke server."
    )
    next_step_id = (
        "Coba lagi setelah koneksi kembali. Sementara itu jangan disposisikan laporan ini bila "
        "lampirannya dapat mengungkap identitas pelapor."
    )
    user_message_en = "Hiding an attachment from the OPD needs a connection to the server."
    next_step_en = (
        "Try again when the connection is back. Meanwhile do not dispatch this report if the "
        "attachment could reveal who the reporter is."
    )


@dataclass(frozen=True, slots=True)
class AgencySuggestion:
    code: str
    name: str
    #: reports of this category now at that OPD (not returned)
    history: int
    is_default: bool
    #: the OPD whose officer suggested this one when returning the report (bukan wewenang)
    suggested_by: str | None = None


@dataclass(frozen=True, slots=True)
class ReturnedReport:
    """A report an OPD sent back as bukan wewenang and that waits for a new disposisi."""

    report_id: str
    tracking_id: str
    title: str
    category_code: str | None
    returned_by: str | None
    returned_by_name: str
    reason: str
    returned_at: str
    #: every OPD that returned this report so far (do not send it there again)
    returned_by_all: tuple[str, ...] = ()
    #: the OPD the returning officer suggested (None: no suggestion)
    suggested_agency_code: str | None = None
    suggested_agency_name: str = ""


@dataclass(frozen=True, slots=True)
class OriginalCandidate:
    """A report the coordinator may pick as the original of a duplicate."""

    report_id: str
    tracking_id: str
    title: str
    status: str
    submitted_at: str


@dataclass(frozen=True)
class Suggestions:
    agencies: list[AgencySuggestion] = field(default_factory=list)
    duplicates: list[DuplicateCandidate] = field(default_factory=list)


class Screening:
    """Screening, disposisi and reassignment for a koordinator profile."""

    def __init__(self, store: Store, actions: DeskActions):
        self.store = store
        self.actions = actions

    # -- reads -------------------------------------------------------------------------------
    def suggestions(self, report_id: str) -> Suggestions:
        """Likely OPDs and likely duplicates for the report being screened."""
        with self.store.read_conn() as conn:
            row = conn.execute(
                text("SELECT category_code FROM reports WHERE id = :id"), {"id": report_id}
            ).first()
            if row is None:
                return Suggestions()
            returned = _returned_by(conn, [report_id]).get(report_id, ())
            agencies = suggest_agencies(conn, row[0], exclude=returned)
            officer = _officer_suggestion(conn, report_id)
            if officer is not None and officer[1] not in returned:
                # The OPD that returned it named the right one: that comes first (issue 18.3).
                by, code = officer
                names = dict(conn.execute(text("SELECT code, name FROM agencies")).all())
                history = {a.code: a for a in agencies}
                first = AgencySuggestion(
                    code,
                    names.get(code, code),
                    history[code].history if code in history else 0,
                    history[code].is_default if code in history else False,
                    suggested_by=by,
                )
                agencies = [first, *(a for a in agencies if a.code != code)]
            return Suggestions(
                agencies=agencies,
                duplicates=duplicates.likely_duplicates(conn, report_id),
            )

    def suggest_agencies(self, category_code: str | None) -> list[AgencySuggestion]:
        with self.store.read_conn() as conn:
            return suggest_agencies(conn, category_code)

    def returned_reports(self) -> list[ReturnedReport]:
        with self.store.read_conn() as conn:
            return returned_reports(conn)

    def search_originals(
        self, user_text: str, *, exclude: str | None = None, limit: int = 50
    ) -> list[OriginalCandidate]:
        """Reports matching the search text (tracking id or words), for picking an original."""
        with self.store.read_conn() as conn:
            ids = [i for i in search.search_ids(conn, user_text, limit + 1) if i != exclude]
            if not ids:
                return []
            rows = conn.execute(
                text(
                    "SELECT id, tracking_id, title, status, submitted_at FROM reports "
                    "WHERE id IN :ids"
                ).bindparams(bindparam("ids", expanding=True)),
                {"ids": ids[:limit]},
            ).all()
        order = {i: n for n, i in enumerate(ids)}
        return sorted((OriginalCandidate(*r) for r in rows), key=lambda c: order[c.report_id])

    # -- single actions ----------------------------------------------------------------------
    def verify(self, report_id: str, edits: Mapping[str, Any] | None = None) -> Change:
        """Verify, sending only the fields that differ from the stored report."""
        return self._write([("verify", report_id, dict(edits or {}))])

    def archive(self, report_id: str, reason: str, note: str | None = None) -> Change:
        payload: dict[str, Any] = {"reason": reason}
        if note:
            payload["note"] = note
        return self._write([("archive", report_id, payload)])

    def mark_duplicate(self, report_id: str, original_id: str, note: str | None = None) -> Change:
        """Archive as a duplicate linked to its original."""
        if report_id == original_id:
            raise ValidationError(
                "Laporan tidak bisa menjadi duplikat dari dirinya sendiri.",
                detail_en="A report cannot duplicate itself.",
            )
        payload: dict[str, Any] = {"reason": "duplicate", "duplicate_of": original_id}
        if note:
            payload["note"] = note
        return self._write([("archive", report_id, payload)])

    def redact(self, report_id: str, body: str | None = None, address: str | None = None) -> Change:
        """Set the public text of a report (`redact`): what everyone but a coordinator reads.

        `body` / `address` are the wanted public text (None: leave that field alone). A text equal
        to the citizen's original restores it (null on the wire); one equal to the current public
        text is not sent. The original stays on the server, for coordinators only.
        """
        with self.store.read_conn() as conn:
            payload = redaction_payload(conn, report_id, {"body": body, "address": address})
        if not payload:
            raise ValidationError(
                "Teks publik tidak berubah.",
                detail_en="The public text did not change.",
            )
        return self._write([("redact", report_id, payload)])

    def postpone(self, report_id: str, message: str) -> Change:
        """Ask the reporter for information before screening (the clock pauses)."""
        return self._write([("postpone", report_id, {"text": message})])

    def dispatch(self, report_id: str, agency_code: str, note: str | None = None) -> Change:
        return self._write([("dispatch", report_id, _dispatch_payload(agency_code, note))])

    def reassign(self, report_id: str, agency_code: str, reason: str) -> Change:
        return self._write(
            [("reassign", report_id, {"agency_code": agency_code, "reason": reason})]
        )

    # -- combined actions --------------------------------------------------------------------
    def verify_and_dispatch(
        self,
        report_id: str,
        agency_code: str,
        *,
        edits: Mapping[str, Any] | None = None,
        note: str | None = None,
    ) -> Change:
        """Verify (with edits) and dispatch in one step: two ops, in order, one transaction."""
        return self._write(
            [
                ("verify", report_id, dict(edits or {})),
                ("dispatch", report_id, _dispatch_payload(agency_code, note)),
            ]
        )

    def bulk_dispatch(
        self, report_ids: Sequence[str], agency_code: str, note: str | None = None
    ) -> Change:
        """Dispatch a selection to one OPD: one op per report, all in one transaction."""
        payload = _dispatch_payload(agency_code, note)
        return self._write([("dispatch", rid, payload) for rid in dict.fromkeys(report_ids)])

    def undo_dispatch(self, report_ids: Sequence[str]) -> Change:
        """Take back a dispatch that has not left this desk yet (the undo after a bulk dispatch).

        Every report's dispatch op must still be unsent (`pending`): then the ops are marked
        `discarded` (kept, never deleted), their timeline entries go and the reports are verified
        and at no OPD again, all in one transaction. If any already went out, nothing changes and
        a ConflictError says so: the server has it, a reassignment is the way back.
        """
        ids = list(dict.fromkeys(report_ids))
        now = datetime.now(UTC).isoformat(timespec="milliseconds")
        with self.store.write_conn() as conn:
            rows = outbox.waiting_of_kind(conn, "dispatch", ids)
            waiting = {r.report_id: r.op_id for r in rows if r.state == "pending"}
            if set(waiting) != set(ids):
                raise ConflictError(
                    "disposisi sudah terkirim ke server",
                    detail_en="the dispatch has already been sent to the server",
                )
            ops = list(waiting.values())
            outbox.withdraw(conn, ops, "dibatalkan sebelum terkirim", now)
            conn.exec_driver_sql(
                "DELETE FROM events WHERE id = ?", [(effects.local_event_id(op),) for op in ops]
            )
            conn.exec_driver_sql(
                "UPDATE reports SET status = 'verified', agency_code = NULL, postponed_from = NULL"
                " WHERE id = ?",
                [(rid,) for rid in ids],
            )
            # the sync badge follows the rows still open (reapply sets it, "synced" when none)
            effects.reapply(conn, ids, self.actions.account)
        change = Change(frozenset(ids), frozenset({"report", "outbox"}), None, "undo_dispatch")
        self.actions._notify(change)
        return change

    def bulk_verify_and_dispatch(
        self, report_ids: Sequence[str], agency_code: str, note: str | None = None
    ) -> Change:
        """Verify unscreened reports of a selection and dispatch them all, in one transaction."""
        with self.store.read_conn() as conn:
            status = dict(
                conn.execute(
                    text("SELECT id, status FROM reports WHERE id IN :ids").bindparams(
                        bindparam("ids", expanding=True)
                    ),
                    {"ids": list(report_ids)},
                ).all()
            )
        payload = _dispatch_payload(agency_code, note)
        ops: list[tuple[str, str, dict[str, Any]]] = []
        for rid in dict.fromkeys(report_ids):
            if status.get(rid) == "unverified":
                ops.append(("verify", rid, {}))
            ops.append(("dispatch", rid, payload))
        return self._write(ops)

    # -- attachments -------------------------------------------------------------------------
    def set_attachment_hidden(
        self, client: Any, report_id: str, sha256: str, hidden: bool
    ) -> Change:
        """Hide (or show again) an attachment from the OPD. Online only.

        The server endpoint `POST /api/v1/reports/{id}/attachments/{sha256}/visibility` is not an
        op of the outbox (the ops endpoint takes workflow actions only), so this needs the
        server now. `client` is a connected `sync.transport.Transport`, or None when offline.
        The local row changes only after the server accepted, so the desk never shows a file as
        hidden while the OPD can still see it.
        """
        if client is None:
            raise OnlineOnlyError("hiding an attachment needs a connection", reason="offline")
        try:
            client.post_json(
                f"/reports/{report_id}/attachments/{sha256}/visibility",
                {"hidden_from_agency": bool(hidden)},
                idempotent=True,
            )
        except OfflineError as exc:
            raise OnlineOnlyError(str(exc), reason=exc.reason or "offline") from exc
        with self.store.write_conn() as conn:
            conn.execute(
                text(
                    "UPDATE attachments SET hidden_from_agency = :h "
                    "WHERE report_id = :id AND sha256 = :sha"
                ),
                {"h": 1 if hidden else 0, "id": report_id, "sha": sha256},
            )
        return Change(frozenset({report_id}), frozenset({"report"}), None, "attachment_visibility")

    # -- internals ---------------------------------------------------------------------------
    def _write(self, ops: Iterable[tuple[str, str, dict[str, Any]]]) -> Change:
        ops = list(ops)
        # Validate every payload before the transaction, so a bad field refuses the whole step.
        clean = []
        for kind, rid, payload in ops:
            try:
                clean.append((kind, rid, validate_op_payload(kind, payload)))
            except PayloadError as exc:
                raise payload_error_message(exc) from exc
        ids: set[str] = set()
        last_op = None
        with self.store.write_conn() as conn:
            for kind, rid, payload in clean:
                if kind == "verify":
                    payload = _changed_fields(conn, rid, payload)
                # DeskActions._queue is the one place that writes an op with its local effect;
                # calling it per op inside our transaction keeps several ops all-or-nothing.
                change = self.actions._queue(conn, kind, rid, payload)
                if kind == "verify" and payload:
                    _apply_edits(conn, change.report_ids, payload)
                if kind == "redact":
                    for changed in change.report_ids:
                        effects.apply_public_text(conn, changed, payload)
                ids |= change.report_ids
                last_op = change.op_id
        kinds = {k for k, _r, _p in clean}
        change = Change(
            frozenset(ids),
            frozenset({"report", "outbox"}),
            last_op if len(clean) == 1 else None,
            "+".join(dict.fromkeys(k for k, _r, _p in clean)) if len(kinds) > 1 else clean[0][0],
        )
        self.actions._notify(change)
        return change


def _dispatch_payload(agency_code: str, note: str | None) -> dict[str, Any]:
    payload: dict[str, Any] = {"agency_code": agency_code}
    if note and note.strip():
        payload["note"] = note.strip()
    return payload


def _changed_fields(conn: Connection, report: str, payload: dict[str, Any]) -> dict[str, Any]:
    """The verify payload without the fields that equal the stored report."""
    if not payload:
        return payload
    row = conn.execute(
        text(
            f"SELECT {', '.join(_EDITABLE)} FROM reports WHERE id = :r OR tracking_id = :r LIMIT 1"
        ),
        {"r": report},
    ).first()
    if row is None:
        return payload  # DeskActions says "not found" in words
    stored = dict(zip(_EDITABLE, row, strict=True))
    out = {}
    for key, value in payload.items():
        old = stored.get(key)
        if isinstance(value, bool):
            old = bool(old)
        if value != old:
            out[key] = value
    return out


def _apply_edits(conn: Connection, report_ids: Iterable[str], payload: dict[str, Any]) -> None:
    sets = {k: (int(v) if isinstance(v, bool) else v) for k, v in payload.items() if k in _EDITABLE}
    if not sets:
        return
    assignments = ", ".join(f"{k} = :{k}" for k in sets)
    if "title" in sets:
        # the citizen's own title stays visible to the coordinator, also before the next sync
        assignments += ", original_title = coalesce(original_title, title)"
    for rid in report_ids:
        conn.execute(
            text(f"UPDATE reports SET {assignments} WHERE id = :rid"), {**sets, "rid": rid}
        )
    if "title" in sets:
        search.reindex_reports(conn, report_ids)


def suggest_agencies(
    conn: Connection, category_code: str | None, *, exclude: Iterable[str] = (), limit: int = 5
) -> list[AgencySuggestion]:
    """OPDs for a category: the reference's default, refined by where the category went before.

    History = reports of the category now at an OPD (dispatched there and not returned). With at
    least `MIN_HISTORY` of them the most frequent OPD comes first; otherwise the default does.
    OPDs that already returned this report (`exclude`) go last.
    """
    names = dict(conn.execute(text("SELECT code, name FROM agencies")).all())
    default = None
    if category_code:
        default = conn.execute(
            text("SELECT default_agency FROM categories WHERE code = :c"), {"c": category_code}
        ).scalar()
    history = dict(
        conn.execute(
            text(
                "SELECT agency_code, COUNT(*) FROM reports WHERE category_code = :c "
                "AND agency_code IS NOT NULL AND status IN :statuses GROUP BY agency_code"
            ).bindparams(bindparam("statuses", expanding=True)),
            {"c": category_code, "statuses": list(_AT_AGENCY)},
        ).all()
    )
    codes = set(history) | ({default} if default else set())
    enough = sum(history.values()) >= MIN_HISTORY
    excluded = set(exclude)

    def rank(code: str) -> tuple:
        is_default = code == default
        if enough:
            return (code in excluded, -history.get(code, 0), not is_default, code)
        return (code in excluded, not is_default, -history.get(code, 0), code)

    return [
        AgencySuggestion(code, names.get(code, code), history.get(code, 0), code == default)
        for code in sorted(codes, key=rank)[:limit]
    ]


def _returned_by(conn: Connection, report_ids: list[str]) -> dict[str, tuple[str, ...]]:
    rows = conn.execute(
        text(
            "SELECT report_id, agency_code FROM events WHERE kind = 'return' "
            "AND report_id IN :ids ORDER BY report_id, position"
        ).bindparams(bindparam("ids", expanding=True)),
        {"ids": report_ids},
    ).all()
    out: dict[str, tuple[str, ...]] = {}
    for rid, agency in rows:
        if agency and agency not in out.get(rid, ()):
            out[rid] = (*out.get(rid, ()), agency)
    return out


def _officer_suggestion(conn: Connection, report_id: str) -> tuple[str | None, str] | None:
    """(returning OPD, suggested OPD) of the report's latest return, when the report still waits
    for a new disposisi after it (nothing dispatched since) and the officer named an OPD."""
    rows = conn.execute(
        text(
            "SELECT kind, agency_code, data FROM events WHERE report_id = :id "
            "AND kind IN ('return', 'dispatch', 'reassign') ORDER BY position DESC LIMIT 1"
        ),
        {"id": report_id},
    ).all()
    if not rows or rows[0][0] != "return":
        return None
    code = _data(rows[0][2]).get("suggested_agency_code")
    return (rows[0][1], code) if isinstance(code, str) and code else None


def _data(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    return value if isinstance(value, dict) else {}


_RETURNED_SQL = text(
    """
SELECT r.id, r.tracking_id, r.title, r.category_code, e.agency_code, e.text, e.created_at, e.data
FROM reports r
JOIN events e ON e.id = (
  SELECT x.id FROM events x WHERE x.report_id = r.id ORDER BY x.position DESC LIMIT 1)
WHERE r.status = 'verified' AND e.kind = 'return'
ORDER BY julianday(e.created_at)
"""
)


def returned_reports(conn: Connection) -> list[ReturnedReport]:
    """Reports whose latest timeline entry is an OPD's "bukan wewenang", oldest first."""
    rows = conn.execute(_RETURNED_SQL).all()
    names = dict(conn.execute(text("SELECT code, name FROM agencies")).all())
    returned = _returned_by(conn, [r[0] for r in rows]) if rows else {}
    return [
        ReturnedReport(
            report_id=rid,
            tracking_id=tracking,
            title=title,
            category_code=category,
            returned_by=agency,
            returned_by_name=names.get(agency, agency or "-"),
            reason=reason or "",
            returned_at=at,
            returned_by_all=returned.get(rid, ()),
            suggested_agency_code=(suggested := _data(data).get("suggested_agency_code") or None),
            suggested_agency_name=names.get(suggested, suggested or ""),
        )
        for rid, tracking, title, category, agency, reason, at, data in rows
    ]


__all__ = [
    "AgencySuggestion",
    "OnlineOnlyError",
    "OriginalCandidate",
    "ReturnedReport",
    "Screening",
    "Suggestions",
    "returned_reports",
    "suggest_agencies",
]
