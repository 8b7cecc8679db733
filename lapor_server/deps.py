"""FastAPI dependencies shared by the routers, as `Annotated` aliases.

A route says what it needs by type (`db: Db`, `now: Now`, `user: CurrentUser`) instead of
spelling `Depends(...)` out each time; the aliases are the one place that wires them. The clock is
the app's (`app.state.clock`), so tests can move time. See docs/server.md.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request

from lapor_core.workflow import STATS_ROLES, Role
from lapor_server.auth import AuthUser, current_user, require_roles
from lapor_server.config import ServerSettings
from lapor_server.db import Database


def get_db(request: Request) -> Database:
    return request.app.state.db


def get_settings(request: Request) -> ServerSettings:
    return request.app.state.settings


def get_now(request: Request) -> datetime:
    """The current time (aware, UTC) from the app's clock, so tests can move time."""
    return request.app.state.clock()


#: the database of the app
Db = Annotated[Database, Depends(get_db)]
#: the server's settings
Settings = Annotated[ServerSettings, Depends(get_settings)]
#: the current time (aware, UTC)
Now = Annotated[datetime, Depends(get_now)]
#: the signed-in desk account (401 without a valid token)
CurrentUser = Annotated[AuthUser, Depends(current_user)]
#: a signed-in koordinator (403 for every other role)
Coordinator = Annotated[AuthUser, Depends(require_roles(Role.KOORDINATOR))]
#: a signed-in account that may read statistics (403 for officers)
StatsReader = Annotated[AuthUser, Depends(require_roles(*STATS_ROLES))]
