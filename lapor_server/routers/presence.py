"""`PUT`/`DELETE /api/v1/reports/{report_id}/presence`: who else has a report open (issue 6).

The desk sends a heartbeat (PUT) every 30 s while an officer has a report open and online, and a
DELETE when they leave it. The answer names the OTHER staff seen within `PRESENCE_WINDOW` and the
report's current version, so a composer can warn before an answer is sent over a changed report.
Nothing is locked. Scope is exactly that of `GET /api/v1/reports/{id}`: a report outside the
caller's scope is a 404 like a missing one. Only staff names, roles and agencies are returned —
never reporter data. Rows live in the database so every server process sees the same viewers.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from fastapi import APIRouter, Path
from pydantic import BaseModel
from sqlalchemy.dialects import postgresql, sqlite
from starlette.responses import Response

from lapor_server.auth import AuthUser
from lapor_server.db import Database
from lapor_server.deps import CurrentUser, Db, Now
from lapor_server.errors import Problem
from lapor_server.models import Presence, Report
from lapor_server.snapshots import visible_to

router = APIRouter(prefix="/api/v1", tags=["presence"])

#: a viewer counts as present this long after their last heartbeat (desks beat every 30 s)
PRESENCE_WINDOW = timedelta(seconds=90)

_NOT_FOUND = "Laporan tidak ditemukan."


class Viewer(BaseModel):
    display_name: str
    role: str
    agency_code: str | None
    since: datetime


class PresenceOut(BaseModel):
    viewers: list[Viewer]
    version: int


def _scoped_version(s: sa.orm.Session, report_id: str, user: AuthUser) -> int:
    """The report's version if the caller may see it; 404 otherwise (same as a missing report)."""
    row = s.execute(
        sa.select(Report.agency_code, Report.status, Report.version).where(Report.id == report_id)
    ).first()
    if row is None or not visible_to(row, user.role, user.agency_code):
        raise Problem(404, "not-found", _NOT_FOUND)
    return int(row.version)


def _upsert(db: Database, values: dict[str, object]) -> sa.Executable:
    # One statement either way, so two devices of one user beating at once cannot collide.
    insert = postgresql.insert if db.is_postgres else sqlite.insert
    stmt = insert(Presence).values(**values)
    return stmt.on_conflict_do_update(
        index_elements=[Presence.report_id, Presence.user_id],
        set_={
            "seen_at": stmt.excluded.seen_at,
            "token_id": stmt.excluded.token_id,
            "display_name": stmt.excluded.display_name,
            "role": stmt.excluded.role,
            "agency_code": stmt.excluded.agency_code,
        },
    )


@router.put(
    "/reports/{report_id}/presence",
    response_model=PresenceOut,
    summary="Heartbeat: I have this report open; who else has?",
    responses={404: {"description": "no such report, or not in the caller's scope"}},
)
def heartbeat(
    *,
    report_id: str = Path(max_length=64),
    user: CurrentUser,
    db: Db,
    now: Now,
) -> PresenceOut:
    with db.write() as s:
        version = _scoped_version(s, report_id, user)
        s.execute(
            _upsert(
                db,
                dict(
                    report_id=report_id,
                    user_id=user.id,
                    token_id=user.token_id,
                    display_name=user.display_name,
                    role=user.role,
                    agency_code=user.agency_code,
                    since=now,
                    seen_at=now,
                ),
            )
        )
        rows = s.execute(
            sa.select(Presence.display_name, Presence.role, Presence.agency_code, Presence.since)
            .where(
                Presence.report_id == report_id,
                Presence.user_id != user.id,
                Presence.seen_at >= now - PRESENCE_WINDOW,
            )
            .order_by(Presence.since, Presence.display_name)
        ).all()
    viewers = [
        Viewer(display_name=r.display_name, role=r.role, agency_code=r.agency_code, since=r.since)
        for r in rows
    ]
    return PresenceOut(viewers=viewers, version=version)


@router.delete(
    "/reports/{report_id}/presence",
    status_code=204,
    summary="I closed this report",
    responses={404: {"description": "no such report, or not in the caller's scope"}},
)
def leave(
    *,
    report_id: str = Path(max_length=64),
    user: CurrentUser,
    db: Db,
) -> Response:
    with db.write() as s:
        _scoped_version(s, report_id, user)
        s.execute(
            sa.delete(Presence).where(Presence.report_id == report_id, Presence.user_id == user.id)
        )
    return Response(status_code=204)
