"""`POST /api/v1/ops`: apply desk ops exactly once (see `lapor_server.ops`)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from lapor_core.wire import MAX_OPS_PER_REQUEST
from lapor_server import ops
from lapor_server.admin.secrets import key_for_token
from lapor_server.deps import CurrentUser, Db, Now, Settings
from lapor_server.errors import Problem
from lapor_server.login_guard import client_address, gate_of
from lapor_server.schemas import OpResultOut, OpsRequest, OpsResponse


def _secret_key(request: Request) -> bytes | None:
    """The key this desk's one-time secrets are sealed with (from its bearer token)."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return key_for_token(token.strip()) if scheme.lower() == "bearer" and token else None


router = APIRouter(prefix="/api/v1", tags=["ops"])


@router.post(
    "/ops",
    summary="Apply a batch of desk ops (each exactly once, in order)",
    response_model=OpsResponse,
)
def post_ops(
    body: OpsRequest,
    request: Request,
    user: CurrentUser,
    db: Db,
    now: Now,
    settings: Settings,
) -> OpsResponse:
    if len(body.ops) > MAX_OPS_PER_REQUEST:
        raise Problem(413, "too-many-ops", f"at most {MAX_OPS_PER_REQUEST} ops per request")
    actor = ops.OpActor(
        role=user.role,
        agency_code=user.agency_code,
        display_name=user.display_name,
        user_id=user.id,
        username=user.username,
        token_id=user.token_id,
        remote_addr=client_address(request, gate_of(request).trusted)[:64],
        secret_key=_secret_key(request),
        hash_profile=settings.password_hash_profile,
    )
    batch = [
        ops.OpIn(
            op_id=o.op_id,
            kind=o.kind,
            report_id=o.report_id,
            payload=o.payload,
            base_version=o.base_version,
            created_at=o.created_at,
        )
        for o in body.ops
    ]
    results = ops.process_ops(db, actor, batch, now)
    return OpsResponse(results=[OpResultOut(**r.as_dict()) for r in results])
