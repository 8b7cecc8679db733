"""Who may call the admin API, and the admin functions' refusals as problems."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request

from lapor_core.workflow import Role
from lapor_server.admin import audit
from lapor_server.admin.errors import AdminError
from lapor_server.auth import AuthUser, require_roles
from lapor_server.errors import Problem
from lapor_server.login_guard import client_address, gate_of

#: an admin or a koordinator (403 for every other role)
AdminReader = Annotated[AuthUser, Depends(require_roles(Role.ADMIN, Role.KOORDINATOR))]
#: an admin only
AdminOnly = Annotated[AuthUser, Depends(require_roles(Role.ADMIN))]


def actor_of(user: AuthUser, request: Request) -> audit.Actor:
    return audit.Actor(
        name=user.username,
        role=user.role,
        user_id=user.id,
        agency_code=user.agency_code,
        remote_addr=client_address(request, gate_of(request).trusted)[:64],
        device_id=user.token_id,
    )


@contextlib.contextmanager
def problems() -> Iterator[None]:
    try:
        yield
    except AdminError as exc:
        raise Problem(
            exc.status, exc.reason.replace("_", "-"), exc.id_text, reason=exc.reason
        ) from None
