"""One report by id, and the coordinator's control over which attachments an OPD sees.

- `GET /api/v1/reports/{report_id}`: the caller's snapshot of one report (same scope and privacy
  as the feed); a report outside the caller's scope is a 404 exactly like a missing one.
- `PATCH /api/v1/reports/{report_id}/attachments/{sha256}` `{"hidden_from_agency": bool}`
  (koordinator): hide a file that could identify an anonymous reporter from the OPD. It is a
  change of the report: timeline event, version + 1, new feed position, so every desk updates.
"""

from __future__ import annotations

from datetime import datetime

import orjson
import sqlalchemy as sa
from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel
from starlette.responses import Response

from lapor_server import reports as rep
from lapor_server.auth import AuthUser, current_user, require_roles
from lapor_server.db import Database
from lapor_server.deps import get_db, get_now
from lapor_server.errors import Problem
from lapor_server.models import Report, ReportAttachment
from lapor_server.schemas import ReportSnapshot
from lapor_server.snapshots import build_snapshots

router = APIRouter(prefix="/api/v1", tags=["reports"])

_NOT_FOUND = "Laporan tidak ditemukan."


@router.get(
    "/reports/{report_id}",
    response_model=ReportSnapshot,
    summary="One report as the caller may see it",
    responses={404: {"description": "no such report, or not in the caller's scope"}},
)
def get_report(
    report_id: str = Path(max_length=64),
    user: AuthUser = Depends(current_user),
    db: Database = Depends(get_db),
) -> Response:
    with db.read(snapshot=True) as s:
        snaps = build_snapshots(s, [report_id], user.role, user.agency_code)
    snap = snaps.get(report_id)
    if snap is None:
        raise Problem(404, "not-found", _NOT_FOUND)
    return Response(orjson.dumps(snap), media_type="application/json")


class AttachmentVisibility(BaseModel):
    hidden_from_agency: bool


class VersionOut(BaseModel):
    report_version: int


@router.patch(
    "/reports/{report_id}/attachments/{sha256}",
    response_model=VersionOut,
    summary="Hide an attachment from the OPD (or show it again)",
)
def set_attachment_visibility(
    body: AttachmentVisibility,
    report_id: str = Path(max_length=64),
    sha256: str = Path(pattern="^[0-9a-f]{64}$"),
    user: AuthUser = Depends(require_roles("koordinator")),
    db: Database = Depends(get_db),
    now: datetime = Depends(get_now),
) -> VersionOut:
    with db.write() as s:
        report = s.scalar(sa.select(Report).where(Report.id == report_id).with_for_update())
        if report is None:
            raise Problem(404, "not-found", _NOT_FOUND)
        links = s.scalars(
            sa.select(ReportAttachment).where(
                ReportAttachment.report_id == report_id, ReportAttachment.sha256 == sha256
            )
        ).all()
        if not links:
            raise Problem(404, "not-found", "Lampiran ini tidak ada pada laporan tersebut.")
        if all(link.hidden_from_agency == body.hidden_from_agency for link in links):
            return VersionOut(report_version=report.version)  # nothing to change
        for link in links:
            link.hidden_from_agency = body.hidden_from_agency
        rep.add_event(
            s,
            report,
            kind="attachment_hidden" if body.hidden_from_agency else "attachment_shown",
            actor=user.display_name,
            actor_role=user.role,
            actor_user_id=user.id,
            agency_code=report.agency_code,
            # no hash or file name here: the OPD sees this event too
            text="Lampiran disembunyikan dari OPD."
            if body.hidden_from_agency
            else "Lampiran ditampilkan lagi untuk OPD.",
            data={},
            now=now,
            visibility="internal",
            flush=False,
        )
        version = rep.touch(s, report, now, rep.load_calendar(s))
    return VersionOut(report_version=version)
