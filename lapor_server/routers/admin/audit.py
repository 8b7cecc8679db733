"""`GET /api/v1/admin/audit` (JSON, paged) and `/audit.csv` (an export, itself audited)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Query, Request, Response

from lapor_core.admin import AuditKind
from lapor_server.admin import audit
from lapor_server.deps import Db, Now
from lapor_server.errors import Problem
from lapor_server.routers.admin.deps import AdminReader, actor_of

router = APIRouter()
_KINDS = {k.value for k in AuditKind}


def _filter(
    account: str | None,
    kind: list[str] | None,
    since: datetime | None,
    until: datetime | None,
    before_id: int | None,
    limit: int,
) -> audit.AuditFilter:
    kinds = tuple(kind or ())
    unknown = sorted(set(kinds) - _KINDS)
    if unknown:
        raise Problem(422, "invalid-kind", f"jenis tidak dikenal: {unknown[0][:40]}",
                      reason="payload")  # fmt: skip
    for moment in (since, until):
        if moment is not None and moment.tzinfo is None:
            raise Problem(422, "invalid-time", "waktu harus dengan zona waktu", reason="payload")
    return audit.AuditFilter(account, kinds, since, until, before_id, limit)


@router.get("/audit", summary="The audit log, newest first (filters: account, kind, time)")
def audit_log(
    user: AdminReader,
    db: Db,
    account: str | None = Query(default=None, max_length=64),
    kind: list[str] | None = Query(default=None),
    since: datetime | None = None,
    until: datetime | None = None,
    before_id: int | None = Query(default=None, ge=1, le=2**62),
    limit: int = Query(default=200, ge=1, le=audit.MAX_PAGE),
) -> dict[str, Any]:
    f = _filter(account, kind, since, until, before_id, limit)
    with db.read() as s:
        rows = audit.query(s, user.role, user.id, f)
    return {"entries": [audit.as_dict(e) for e in rows]}


@router.get("/audit.csv", summary="The audit log as CSV (the export is audited)")
def audit_csv(
    user: AdminReader,
    db: Db,
    now: Now,
    request: Request,
    account: str | None = Query(default=None, max_length=64),
    kind: list[str] | None = Query(default=None),
    since: datetime | None = None,
    until: datetime | None = None,
) -> Response:
    f = _filter(account, kind, since, until, None, audit.MAX_EXPORT)
    with db.write() as s:
        rows = audit.query(s, user.role, user.id, f, cap=audit.MAX_EXPORT)
        audit.record(
            s, AuditKind.EXPORT, actor_of(user, request), now, subject="audit_csv",
            subject_user_id=user.id,
            detail={"export": "audit_csv", "rows": len(rows), "account": account,
                    "kinds": ",".join(f.kinds) or None,
                    "since": since.isoformat() if since else None,
                    "until": until.isoformat() if until else None},
        )  # fmt: skip
        body = audit.to_csv(rows)
    return Response(
        content=body.encode("utf-8-sig"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="audit.csv"'},
    )
