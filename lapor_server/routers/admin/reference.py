"""`GET /api/v1/admin/agencies`, `/categories`, `/calendar`: what the admin edits, with versions
and contact persons (the public reference has neither)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query

from lapor_server.admin import reference
from lapor_server.deps import Db
from lapor_server.routers.admin.deps import AdminReader

router = APIRouter()


@router.get("/agencies", summary="OPDs with their contact person and version")
def agencies(user: AdminReader, db: Db) -> dict[str, Any]:
    with db.read() as s:
        return {"agencies": reference.agencies(s)}


@router.get("/categories", summary="Categories with their default OPD and version")
def categories(user: AdminReader, db: Db) -> dict[str, Any]:
    with db.read() as s:
        return {"categories": reference.categories(s)}


@router.get("/calendar", summary="The extra non-working (and working) days")
def calendar(
    user: AdminReader, db: Db, year: int | None = Query(default=None, ge=2000, le=2100)
) -> dict[str, Any]:
    with db.read() as s:
        return {"days": reference.calendar(s, year)}
