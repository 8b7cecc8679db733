"""Login and logout: `POST`, `GET` and `DELETE /api/v1/session` (see `lapor_server.auth`)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from lapor_server import auth
from lapor_server.deps import CurrentUser, Db, Now, Settings
from lapor_server.login_guard import client_address, gate_of

router = APIRouter(prefix="/api/v1", tags=["session"])


class LoginRequest(BaseModel):
    username: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=1024)
    device_name: str = Field(default="perangkat tanpa nama", max_length=200)


class UserOut(BaseModel):
    username: str
    display_name: str
    role: str
    agency_code: str | None


class SessionOut(BaseModel):
    token: str
    expires_at: datetime
    user: UserOut


class WhoAmI(BaseModel):
    user: UserOut
    server_time: datetime


def desk_version(user_agent: str | None) -> str | None:
    """The desk's version from its User-Agent (`lapor-desk/0.3.1`), for the admin's device list."""
    if not user_agent or not user_agent.startswith("lapor-desk/"):
        return None
    version = user_agent.removeprefix("lapor-desk/").split()[0][:32]
    return version if version and all(c.isalnum() or c in ".-+_" for c in version) else None


@router.post(
    "/session",
    status_code=201,
    response_model=SessionOut,
    summary="Log in a desk and get a device token",
    responses={
        401: {"description": "wrong username or password"},
        403: {"description": "account disabled"},
        429: {
            "description": "too many failed logins for this username (`login_throttled`), too "
            "many attempts from this address (`login_rate_client`) or the server is busy with "
            "logins (`login_busy`); see `Retry-After`"
        },
    },
)
async def create_session(
    body: LoginRequest,
    request: Request,
    db: Db,
    settings: Settings,
    now: Now,
) -> SessionOut:
    # `LoginGateMiddleware` admitted this login and holds its hashing slot; the hash runs on the
    # gate's own threads, never on the pool other requests use (docs/security.md).
    gate = gate_of(request)
    remote = getattr(request.state, "login_client", None) or client_address(request, gate.trusted)
    slot = await run_in_threadpool(auth.begin_login, db, settings, body.username, now, remote[:64])
    ok = await gate.hash_work(
        auth.verify_password, slot.password_hash, body.password, settings.password_hash_profile
    )
    issued = await gate.hash_work(
        auth.finish_login, db, settings, slot, ok, body.password, body.device_name, now,
        desk_version(request.headers.get("user-agent")),
    )  # fmt: skip
    return SessionOut(
        token=issued.token, expires_at=issued.expires_at, user=UserOut(**issued.user.as_dict())
    )


@router.get("/session", response_model=WhoAmI, summary="Who am I (checks the token)")
def who_am_i(user: CurrentUser, now: Now) -> WhoAmI:
    return WhoAmI(user=UserOut(**user.as_dict()), server_time=now)


@router.delete("/session", status_code=204, summary="Log out: revoke the presented token")
def delete_session(
    user: CurrentUser,
    request: Request,
    db: Db,
    now: Now,
) -> Response:
    remote = client_address(request, gate_of(request).trusted)
    auth.revoke_token(db, user.token_id, now, user, remote[:64])
    return Response(status_code=204)
