"""`GET /api/v1/reports/{report_id}`: the caller's snapshot of one report.

Same scope and privacy as the feed; a report outside the caller's scope is a 404 exactly like a
missing one. The desk re-reads one report after a conflict to undo a local effect. (Hiding an
attachment from the OPD is `POST /api/v1/reports/{id}/attachments/{sha256}/visibility` in
`routers/attachments.py`.)
"""

from __future__ import annotations

import orjson
from fastapi import APIRouter, Path
from starlette.responses import Response

from lapor_server.deps import CurrentUser, Db
from lapor_server.errors import Problem
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
    *,
    report_id: str = Path(max_length=64),
    user: CurrentUser,
    db: Db,
) -> Response:
    with db.read(snapshot=True) as s:
        snaps = build_snapshots(s, [report_id], user.role, user.agency_code)
    snap = snaps.get(report_id)
    if snap is None:
        raise Problem(404, "not-found", _NOT_FOUND)
    return Response(orjson.dumps(snap), media_type="application/json")
