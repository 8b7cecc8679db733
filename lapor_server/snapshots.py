"""Report snapshots as desks receive them (feed pages, and anything else that returns reports).

Built from three bulk queries per batch (reports, events, attachments, each `IN (...)`), never one
query per report, as plain dicts ready for orjson.

The fields are `lapor_core.snapshot.SNAPSHOT_FIELDS` (docs/api.md, Feed), read from named
columns. Privacy is applied here, for every consumer:
- `reporter` is null for an anonymous report, whoever asks;
- a koordinator gets name, phone and email; everyone else (petugas, pimpinan, admin) the name only;
- attachments the coordinator hid from the agency are left out for a `petugas`, also from the
  events' attachment lists;
- `original_title` (the citizen's title before verification changed it) goes to koordinators
  only;
- an anonymous report's files are called `lampiran-<n>.<ext>` for everyone (their own names, e.g.
  `KTP_<name>.png`, identify the reporter);
- a redacted report (`report_redactions`): everyone but a koordinator reads the public text as
  `body` / `address`; a koordinator reads the original there and the public text as
  `public_body` / `public_address`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from lapor_core.snapshot import (
    DEADLINE_FIELDS,
    FLAG_FIELDS,
    PLAIN_FIELDS,
    SNAPSHOT_FIELDS,
)
from lapor_core.workflow import AGENCY_STATUSES, OVERSIGHT_ROLES, Role, values
from lapor_server.models import (
    Attachment,
    Report,
    ReportAttachment,
    ReportEvent,
    ReportRedaction,
    UTCDateTime,
)

_R = Report.__table__.c
_E = ReportEvent.__table__.c
_RA = ReportAttachment.__table__.c
_A = Attachment.__table__.c
_RR = ReportRedaction.__table__.c
_REPORTS_WITH_REDACTIONS = Report.__table__.outerjoin(
    ReportRedaction.__table__, _RR.report_id == _R.id
)
#: snapshot fields that live in `report_redactions`, not in `reports`
_REDACTION_NAMES = ("public_body", "public_address")
_AGENCY_STATUS_VALUES = values(AGENCY_STATUSES)

#: batch size for IN lists (SQLite's default variable limit is far above; PostgreSQL has none)
_CHUNK = 1000


def _chunks(ids: Sequence[str]) -> list[Sequence[str]]:
    return [ids[i : i + _CHUNK] for i in range(0, len(ids), _CHUNK)]


def _among(col: Any, ids: Sequence[str], pg: bool) -> Any:
    """`col IN ids`; on PostgreSQL `col = ANY(<one array parameter>)`. With a thousand separate
    parameters SQLAlchemy rendered, and psycopg re-parsed (it caches only short statements),
    every query of every feed page — a third of a page's time (bench/server_feed.py)."""
    if pg:
        ids_param = sa.bindparam("ids", list(ids), type_=ARRAY(sa.String), unique=True)
        return col == sa.any_(ids_param)
    return col.in_(ids)


def visible_to(row: Any, role: str, agency_code: str | None) -> bool:
    """The feed scope of the contract, on a report row (anything with agency_code, status)."""
    if role == Role.PETUGAS:
        return row.agency_code == agency_code and row.status in _AGENCY_STATUS_VALUES
    return role in OVERSIGHT_ROLES


#: report columns read for a snapshot: its plain fields, the reporter's, the deadlines
_REPORT_NAMES = (
    *(f for f in PLAIN_FIELDS if f not in _REDACTION_NAMES),
    "reporter_name",
    "reporter_phone",
    "reporter_email",
    *DEADLINE_FIELDS,
)
_TIME_NAMES = tuple(n for n in _REPORT_NAMES if isinstance(_R[n].type, UTCDateTime))
_DATE_NAMES = tuple(n for n in _REPORT_NAMES if isinstance(_R[n].type, sa.Date))
_REPORT_COLS = tuple(_R[name] for name in _REPORT_NAMES) + tuple(
    _RR[name] for name in _REDACTION_NAMES
)
_REPORT_NAMES = (*_REPORT_NAMES, *_REDACTION_NAMES)
_EVENT_COLS = (
    _E.id, _E.report_id, _E.kind, _E.actor, _E.actor_role, _E.agency_code, _E.text,
    _E.visibility, _E.created_at, sa.cast(_E.data, sa.Text), _E.version, _E.op_id,
    _E.written_at,
)  # fmt: skip


def _as_text(cols: tuple) -> tuple:
    """`cols` with times and dates read as the text SQLite stores (see _sqlite_utc)."""
    return tuple(
        sa.type_coerce(c, sa.String) if isinstance(c.type, (UTCDateTime, sa.Date)) else c
        for c in cols
    )


_REPORT_COLS_SQLITE = _as_text(_REPORT_COLS)
_EVENT_COLS_SQLITE = _as_text(_EVENT_COLS)

# A feed page has about six events per report. Decoding every event's JSON `data` and (on SQLite)
# every time and date text into Python objects, only for orjson to encode them again, took most of
# a page's time (bench/server_feed.py, cProfile): the JSON text is passed through as it is
# (orjson.Fragment), and on SQLite the stored text is turned into exactly what orjson writes for
# the value (a date's text already is).


def _event_data(text: str | None) -> Any:
    return orjson.Fragment(text) if text and text != "null" else {}


def _sqlite_utc(text: str | None) -> str | datetime | None:
    """'2026-11-27 01:02:03.000456' (how SQLAlchemy stores UTC on SQLite) →
    '2026-11-27T01:02:03.000456+00:00' (no fraction when it is zero), as orjson writes it."""
    if text is None:
        return None
    if len(text) == 26 and text[10] == " " and text[19] == ".":
        if text.endswith(".000000"):
            return f"{text[:10]}T{text[11:19]}+00:00"
        return f"{text[:10]}T{text[11:]}+00:00"
    value = datetime.fromisoformat(text)  # any other stored form: parse it
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _sqlite_date(text: str | None) -> str | date | None:
    if text is None or len(text) == 10:
        return text
    return date.fromisoformat(text[:10])


#: file name extensions for neutral names, by media type
_EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "image/gif": "gif",
    "application/pdf": "pdf",
    "application/msword": "doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.ms-excel": "xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "text/plain": "txt",
}


def neutral_filename(number: int, media_type: str | None) -> str:
    """`lampiran-1.jpg`: what staff see instead of an anonymous reporter's own file name."""
    return f"lampiran-{number}.{_EXTENSIONS.get(media_type or '', 'bin')}"


def build_snapshots(
    s: Session,
    report_ids: Sequence[str],
    role: str,
    agency_code: str | None,
) -> dict[str, dict[str, Any]]:
    """Snapshots of the given reports that the viewer may see now, keyed by report id.

    Reports the viewer may not see (any more) are left out; the caller decides what that means.
    """
    if not report_ids:
        return {}
    petugas = role == Role.PETUGAS
    # Contact details are for coordinators only (docs/api.md, Report snapshot); others: a name.
    contact = role == Role.KOORDINATOR
    if role != Role.PETUGAS and role not in OVERSIGHT_ROLES:
        return {}  # reporters, the system, a centre account: no snapshot
    dialect = s.get_bind().dialect.name
    sqlite, pg = dialect == "sqlite", dialect == "postgresql"
    report_cols = _REPORT_COLS_SQLITE if sqlite else _REPORT_COLS
    rows: list[dict[str, Any]] = []
    for chunk in _chunks(list(report_ids)):
        q = (
            sa.select(*report_cols)
            .select_from(_REPORTS_WITH_REDACTIONS)
            .where(_among(_R.id, chunk, pg))
        )
        rows.extend(dict(zip(_REPORT_NAMES, row, strict=True)) for row in s.execute(q).all())
    if petugas:
        rows = [
            r
            for r in rows
            if r["agency_code"] == agency_code and r["status"] in _AGENCY_STATUS_VALUES
        ]
    ids = [r["id"] for r in rows]

    files: dict[str, list[dict[str, Any]]] = defaultdict(list)
    event_files: dict[int, list[dict[str, Any]]] = defaultdict(list)
    seen: dict[str, set[str]] = defaultdict(set)
    # an anonymous report's files get neutral names for every audience
    anonymous = {r["id"] for r in rows if r["is_anonymous"]}
    numbers: dict[str, dict[str, int]] = defaultdict(dict)
    for chunk in _chunks(ids):
        q = (
            sa.select(_RA.report_id, _RA.event_id, _RA.filename, _RA.hidden_from_agency,
                      _A.sha256, _A.media_type, _A.size)
            .join(Attachment.__table__, _A.sha256 == _RA.sha256)
            .where(_among(_RA.report_id, chunk, pg))
            .order_by(_RA.id)
        )  # fmt: skip
        for report_id, event_id, filename, hidden, sha, media_type, size in s.execute(q).all():
            # Numbered over all the report's files, hidden ones too, so every audience and the
            # download's Content-Disposition call a file by the same name.
            number = numbers[report_id].setdefault(sha, len(numbers[report_id]) + 1)
            if petugas and hidden:
                continue
            if report_id in anonymous:
                filename = neutral_filename(number, media_type)
            item = {"sha256": sha, "filename": filename, "media_type": media_type, "size": size}
            if not petugas:
                item["hidden_from_agency"] = bool(hidden)
            if event_id is not None:
                event_files[event_id].append(item)
            if sha not in seen[report_id]:
                seen[report_id].add(sha)
                files[report_id].append(item)

    events: dict[str, list[dict[str, Any]]] = defaultdict(list)
    no_files: list[dict[str, Any]] = []
    event_cols = _EVENT_COLS_SQLITE if sqlite else _EVENT_COLS
    for chunk in _chunks(ids):
        q = sa.select(*event_cols).where(_among(_E.report_id, chunk, pg)).order_by(_E.id)
        for (eid, rid, kind, actor, actor_role, ev_agency, text, visibility, created_at, data,
             version, op_id, written_at) in s.execute(q).all():  # fmt: skip
            events[rid].append(
                {
                    "id": eid,
                    "kind": kind,
                    "actor": actor,
                    "actor_role": actor_role,
                    "agency_code": ev_agency,
                    "text": text,
                    "visibility": visibility,
                    "created_at": _sqlite_utc(created_at) if sqlite else created_at,
                    "attachments": event_files.get(eid, no_files),
                    "data": _event_data(data),
                    "version": version,
                    "op_id": op_id,
                    "written_at": _sqlite_utc(written_at) if sqlite else written_at,
                }
            )

    out: dict[str, dict[str, Any]] = {}
    for rec in rows:
        rid = rec["id"]
        if sqlite:
            for name in _TIME_NAMES:
                rec[name] = _sqlite_utc(rec[name])
            for name in _DATE_NAMES:
                rec[name] = _sqlite_date(rec[name])
        for name in FLAG_FIELDS:
            rec[name] = bool(rec[name])
        if rec["is_anonymous"]:
            rec["reporter"] = None
        elif contact:
            rec["reporter"] = {
                "name": rec["reporter_name"],
                "phone": rec["reporter_phone"],
                "email": rec["reporter_email"],
            }
        else:
            rec["reporter"] = {"name": rec["reporter_name"]}
        rec["deadlines"] = {name: rec[name] for name in DEADLINE_FIELDS}
        rec["events"] = events.get(rid, no_files)
        rec["attachments"] = files.get(rid, no_files)
        # the citizen's title before a coordinator changed it: for coordinators only (the new
        # title may leave out what the OPD should not read)
        if not contact:
            rec["original_title"] = None
            # redaction: everyone but a koordinator reads the public text
            if rec["public_body"] is not None:
                rec["body"] = rec["public_body"]
            if rec["public_address"] is not None:
                rec["address"] = rec["public_address"]
            rec["public_body"] = rec["public_address"] = None
        out[rid] = {name: rec[name] for name in SNAPSHOT_FIELDS}
    return out
