"""Report snapshots as desks receive them (feed pages, and anything else that returns reports).

Built from three bulk queries per batch (reports, events, attachments, each `IN (...)`), never one
query per report, as plain dicts ready for orjson.

Privacy is applied here, for every consumer:
- `reporter` is null for an anonymous report, whoever asks;
- a koordinator gets name, phone and email; everyone else (petugas, pimpinan, admin) the name only;
- attachments the coordinator hid from the agency are left out for a `petugas`, also from the
  events' attachment lists.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from lapor_core.workflow import AGENCY_STATUSES
from lapor_server.models import Attachment, Report, ReportAttachment, ReportEvent

_R = Report.__table__.c
_E = ReportEvent.__table__.c
_RA = ReportAttachment.__table__.c
_A = Attachment.__table__.c
_AGENCY_STATUS_VALUES = tuple(s.value for s in AGENCY_STATUSES)

#: batch size for IN lists (SQLite's default variable limit is far above; PostgreSQL has none)
_CHUNK = 1000


def _chunks(ids: Sequence[str]) -> list[Sequence[str]]:
    return [ids[i : i + _CHUNK] for i in range(0, len(ids), _CHUNK)]


def visible_to(row: Any, role: str, agency_code: str | None) -> bool:
    """The feed scope of the contract, on a report row (anything with agency_code, status)."""
    if role == "petugas":
        return row.agency_code == agency_code and row.status in _AGENCY_STATUS_VALUES
    return role in ("koordinator", "pimpinan", "admin")


#: report columns in snapshot order (positional access below is much faster than Row attributes)
_REPORT_COLS = (
    _R.id, _R.tracking_id, _R.title, _R.body, _R.classification, _R.category_code,
    _R.district_code, _R.village, _R.address, _R.lat, _R.lon, _R.incident_date, _R.submitted_at,
    _R.channel, _R.status, _R.agency_code, _R.version, _R.is_anonymous, _R.is_secret,
    _R.reporter_name, _R.reporter_phone, _R.reporter_email, _R.verify_by, _R.dispatch_by,
    _R.respond_by, _R.closes_at, _R.postponed_from, _R.archive_reason, _R.duplicate_of,
    _R.closed_at, _R.updated_at,
)  # fmt: skip
_EVENT_COLS = (
    _E.id, _E.report_id, _E.kind, _E.actor, _E.actor_role, _E.agency_code, _E.text,
    _E.visibility, _E.created_at, _E.data, _E.version, _E.op_id,
)  # fmt: skip


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
    petugas = role == "petugas"
    # Contact details are for coordinators only (product.md, Privacy); everyone else: a name.
    contact = role == "koordinator"
    if role not in ("petugas", "koordinator", "pimpinan", "admin"):
        return {}
    rows: list[tuple] = []
    for chunk in _chunks(list(report_ids)):
        rows.extend(s.execute(sa.select(*_REPORT_COLS).where(_R.id.in_(chunk))).all())
    if petugas:
        # positions 14, 15: status, agency_code
        rows = [r for r in rows if r[15] == agency_code and r[14] in _AGENCY_STATUS_VALUES]
    ids = [r[0] for r in rows]

    files: dict[str, list[dict[str, Any]]] = defaultdict(list)
    event_files: dict[int, list[dict[str, Any]]] = defaultdict(list)
    seen: dict[str, set[str]] = defaultdict(set)
    for chunk in _chunks(ids):
        q = (
            sa.select(_RA.report_id, _RA.event_id, _RA.filename, _RA.hidden_from_agency,
                      _A.sha256, _A.media_type, _A.size)
            .join(Attachment.__table__, _A.sha256 == _RA.sha256)
            .where(_RA.report_id.in_(chunk))
            .order_by(_RA.id)
        )  # fmt: skip
        if petugas:
            q = q.where(_RA.hidden_from_agency.is_(False))
        for report_id, event_id, filename, hidden, sha, media_type, size in s.execute(q).all():
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
    for chunk in _chunks(ids):
        q = sa.select(*_EVENT_COLS).where(_E.report_id.in_(chunk)).order_by(_E.id)
        for (eid, rid, kind, actor, actor_role, ev_agency, text, visibility, created_at, data,
             version, op_id) in s.execute(q).all():  # fmt: skip
            events[rid].append(
                {
                    "id": eid,
                    "kind": kind,
                    "actor": actor,
                    "actor_role": actor_role,
                    "agency_code": ev_agency,
                    "text": text,
                    "visibility": visibility,
                    "created_at": created_at,
                    "attachments": event_files.get(eid, no_files),
                    "data": data or {},
                    "version": version,
                    "op_id": op_id,
                }
            )

    out: dict[str, dict[str, Any]] = {}
    for (rid, tracking_id, title, body, classification, category_code, district_code, village,
         address, lat, lon, incident_date, submitted_at, channel, status, r_agency, version,
         is_anonymous, is_secret, r_name, r_phone, r_email, verify_by, dispatch_by, respond_by,
         closes_at, postponed_from, archive_reason, duplicate_of, closed_at,
         updated_at) in rows:  # fmt: skip
        if is_anonymous:
            reporter = None
        elif contact:
            reporter = {"name": r_name, "phone": r_phone, "email": r_email}
        else:
            reporter = {"name": r_name}
        out[rid] = {
            "id": rid,
            "tracking_id": tracking_id,
            "title": title,
            "body": body,
            "classification": classification,
            "category_code": category_code,
            "district_code": district_code,
            "village": village,
            "address": address,
            "lat": lat,
            "lon": lon,
            "incident_date": incident_date,
            "submitted_at": submitted_at,
            "channel": channel,
            "status": status,
            "agency_code": r_agency,
            "version": version,
            "is_anonymous": bool(is_anonymous),
            "is_secret": bool(is_secret),
            "reporter": reporter,
            "deadlines": {
                "verify_by": verify_by,
                "dispatch_by": dispatch_by,
                "respond_by": respond_by,
                "closes_at": closes_at,
            },
            "events": events.get(rid, no_files),
            "attachments": files.get(rid, no_files),
            # extensions
            "postponed_from": postponed_from,
            "archive_reason": archive_reason,
            "duplicate_of": duplicate_of,
            "closed_at": closed_at,
            "updated_at": updated_at,
        }
    return out
