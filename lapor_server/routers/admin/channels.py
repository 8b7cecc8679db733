"""`GET /api/v1/admin/channels`, `/deliveries` (admin only) and `GET /api/v1/admin/secrets/
{op_id}`: the one-time secret of an admin op, once, for the desk that sent it."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Query, Request

from lapor_server.admin import channels, secrets
from lapor_server.citizen import outbox
from lapor_server.deps import Db, Now
from lapor_server.errors import Problem
from lapor_server.routers.admin.deps import AdminOnly, actor_of, problems

router = APIRouter()


@router.get("/channels", summary="Channels, their keys (prefix only) and webhook")
def list_channels(user: AdminOnly, db: Db) -> dict[str, Any]:
    with db.read() as s:
        return {"channels": channels.channels(s)}


@router.get("/deliveries", summary="Webhook and e-mail deliveries (never an address or a body)")
def deliveries(
    user: AdminOnly,
    db: Db,
    state: Literal["pending", "delivered", "failed"] | None = None,
    kind: Literal["webhook", "email"] | None = None,
    limit: int = Query(default=200, ge=1, le=1000),
) -> dict[str, Any]:
    return {
        "deliveries": [d.as_dict() for d in outbox.listing(db, state=state, kind=kind, limit=limit)]
    }


@router.get("/secrets/{op_id}", summary="A one-time secret of your admin op, once")
def fetch_secret(op_id: str, user: AdminOnly, db: Db, now: Now, request: Request) -> dict[str, Any]:
    _scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if len(op_id) > 36 or not token:
        raise Problem(404, "not-found", "Rahasia tidak ditemukan.", reason="not_found")
    with problems(), db.write() as s:
        return secrets.fetch(s, actor_of(user, request), secrets.key_for_token(token.strip()),
                             op_id, now)  # fmt: skip
