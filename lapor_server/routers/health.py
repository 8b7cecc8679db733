"""`GET /api/v1/health`: liveness, server version and time (no authentication)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel

from lapor_core import __version__
from lapor_server.deps import Now, Settings

router = APIRouter(prefix="/api/v1", tags=["health"])


class DeskUpdate(BaseModel):
    version: str
    url: str
    sha256: str | None = None


class Health(BaseModel):
    status: str
    version: str
    #: the server's clock, so a desk can warn about a skewed local clock
    server_time: datetime
    api: str = "v1"
    desk_update: DeskUpdate | None = None


@router.get("/health", response_model=Health, summary="Liveness and server version")
def health(settings: Settings, now: Now) -> Health:
    update = None
    if settings.desk_update_version and settings.desk_update_url:
        update = DeskUpdate(
            version=settings.desk_update_version,
            url=settings.desk_update_url,
            sha256=settings.desk_update_sha256,
        )
    return Health(status="ok", version=__version__, server_time=now, desk_update=update)
