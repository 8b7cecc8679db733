"""`POST /api/v1/ops`: apply desk ops exactly once (see `lapor_server.ops`)."""

from __future__ import annotations

from fastapi import APIRouter

from lapor_core.wire import MAX_OPS_PER_REQUEST
from lapor_server import ops
from lapor_server.deps import CurrentUser, Db, Now
from lapor_server.errors import Problem
from lapor_server.schemas import OpResultOut, OpsRequest, OpsResponse

router = APIRouter(prefix="/api/v1", tags=["ops"])


@router.post(
    "/ops",
    summary="Apply a batch of desk ops (each exactly once, in order)",
    response_model=OpsResponse,
)
def post_ops(
    body: OpsRequest,
    user: CurrentUser,
    db: Db,
    now: Now,
) -> OpsResponse:
    if len(body.ops) > MAX_OPS_PER_REQUEST:
        raise Problem(413, "too-many-ops", f"at most {MAX_OPS_PER_REQUEST} ops per request")
    actor = ops.OpActor(
        role=user.role,
        agency_code=user.agency_code,
        display_name=user.display_name,
        user_id=user.id,
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
