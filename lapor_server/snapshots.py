"""Report snapshots as desks receive them (feed pages, and anything else that returns reports).

Built from three bulk queries per batch (reports, events, attachments, each `IN (...)`), never one
query per report, as plain dicts ready for orjson.

Privacy is applied here, for every consumer:
- `reporter` is null for an anonymous report, whoever asks;
- a `petugas` gets `{"name"}` only; coordinators (and pimpinan/admin) also get phone and email;
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


def _reporter(row: Any, role: str) -> dict[str, Any] | None:
    if row.is_anonymous:
        return None
    if role == "petugas":
        return {"name": row.reporter_name}
    return {"name": row.reporter_name, "phone": row.reporter_phone, "email": row.reporter_email}


def visible_to(row: Any, role: str, agency_code: str | None) -> bool:
    """The feed scope of the contract, on a report row."""
    if role == "petugas":
        return row.agency_code == agency_code and row.status in _AGENCY_STATUS_VALUES
    return role in ("koordinator", "pimpinan", "admin")


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
    rows = []
    for chunk in _chunks(list(report_ids)):
        rows.extend(s.execute(sa.select(Report.__table__).where(_R.id.in_(chunk))).all())
    rows = [r for r in rows if visible_to(r, role, agency_code)]
    ids = [r.id for r in rows]

    files: dict[str, list[dict[str, Any]]] = defaultdict(list)
    event_files: dict[int, list[dict[str, Any]]] = defaultdict(list)
    seen: dict[str, set[str]] = defaultdict(set)
    for chunk in _chunks(ids):
        q = (
            sa.select(
                _RA.report_id,
                _RA.event_id,
                _RA.filename,
                _RA.hidden_from_agency,
                _A.sha256,
                _A.media_type,
                _A.size,
            )
            .join(Attachment.__table__, _A.sha256 == _RA.sha256)
            .where(_RA.report_id.in_(chunk))
            .order_by(_RA.id)
        )
        if petugas:
            q = q.where(_RA.hidden_from_agency.is_(False))
        for a in s.execute(q):
            item = {
                "sha256": a.sha256,
                "filename": a.filename,
                "media_type": a.media_type,
                "size": a.size,
            }
            if not petugas:
                item["hidden_from_agency"] = bool(a.hidden_from_agency)
            if a.event_id is not None:
                event_files[a.event_id].append(item)
            if a.sha256 not in seen[a.report_id]:
                seen[a.report_id].add(a.sha256)
                files[a.report_id].append(item)

    events: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for chunk in _chunks(ids):
        q = (
            sa.select(
                _E.id,
                _E.report_id,
                _E.kind,
                _E.actor,
                _E.actor_role,
                _E.agency_code,
                _E.text,
                _E.visibility,
                _E.created_at,
                _E.data,
                _E.version,
                _E.op_id,
            )
            .where(_E.report_id.in_(chunk))
            .order_by(_E.id)
        )
        for e in s.execute(q):
            events[e.report_id].append(
                {
                    "id": e.id,
                    "kind": e.kind,
                    "actor": e.actor,
                    "actor_role": e.actor_role,
                    "agency_code": e.agency_code,
                    "text": e.text,
                    "visibility": e.visibility,
                    "created_at": e.created_at,
                    "attachments": event_files.get(e.id, []),
                    "data": e.data or {},
                    "version": e.version,
                    "op_id": e.op_id,
                }
            )

    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        out[r.id] = {
            "id": r.id,
            "tracking_id": r.tracking_id,
            "title": r.title,
            "body": r.body,
            "classification": r.classification,
            "category_code": r.category_code,
            "district_code": r.district_code,
            "village": r.village,
            "address": r.address,
            "lat": r.lat,
            "lon": r.lon,
            "incident_date": r.incident_date,
            "submitted_at": r.submitted_at,
            "channel": r.channel,
            "status": r.status,
            "agency_code": r.agency_code,
            "version": r.version,
            "is_anonymous": bool(r.is_anonymous),
            "is_secret": bool(r.is_secret),
            "reporter": _reporter(r, role),
            "deadlines": {
                "verify_by": r.verify_by,
                "dispatch_by": r.dispatch_by,
                "respond_by": r.respond_by,
                "closes_at": r.closes_at,
            },
            "events": events.get(r.id, []),
            "attachments": files.get(r.id, []),
            # extensions
            "postponed_from": r.postponed_from,
            "archive_reason": r.archive_reason,
            "duplicate_of": r.duplicate_of,
            "closed_at": r.closed_at,
            "updated_at": r.updated_at,
        }
    return out
