"""`GET /api/v1/admin/accounts` and an account's devices."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request

from lapor_server.admin import accounts
from lapor_server.deps import Db
from lapor_server.routers.admin.deps import AdminReader, actor_of, problems

router = APIRouter()


@router.get("/accounts", summary="Accounts (admin: all; koordinator: OPD officers)")
def list_accounts(
    user: AdminReader,
    db: Db,
    search: str | None = Query(default=None, max_length=100),
    role: str | None = Query(default=None, max_length=16),
    agency_code: str | None = Query(default=None, max_length=64),
    include_disabled: bool = True,
    limit: int = Query(default=500, ge=1, le=2000),
) -> dict[str, Any]:
    f = accounts.AccountFilter(search, role, agency_code, include_disabled, limit)
    with db.read() as s:
        return {"accounts": accounts.list_accounts(s, user.role, f)}


@router.get("/accounts/{username}/devices", summary="Every device an account signed in with")
def account_devices(username: str, user: AdminReader, db: Db, request: Request) -> dict[str, Any]:
    with problems(), db.read() as s:
        return {"devices": accounts.devices_of(s, actor_of(user, request), username[:64])}
