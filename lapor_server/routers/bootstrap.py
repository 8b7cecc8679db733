"""`GET /api/v1/bootstrap` and its file: a first sync in one download (lapor_server.bootstrap)."""

from __future__ import annotations

from fastapi import APIRouter, Path, Query
from fastapi.responses import FileResponse
from starlette.concurrency import run_in_threadpool

from lapor_server import bootstrap
from lapor_server.deps import CurrentUser, Db, Settings
from lapor_server.errors import Problem

router = APIRouter(prefix="/api/v1", tags=["feed"])


@router.get("/bootstrap", summary="Where the caller's bootstrap file is, with its feed cursor")
async def describe(
    user: CurrentUser,
    db: Db,
    settings: Settings,
    min_count: int = Query(default=0, ge=0, alias="min", description="no file below this count"),
    fmt: int = Query(
        default=bootstrap.FORMAT,
        ge=1,
        alias="format",
        description="the newest format the client reads (1 snapshots, 2 the desk's rows)",
    ),
) -> dict:
    info = await run_in_threadpool(
        lambda: bootstrap.prepare(db, user, settings.attachments_dir, min_count=min_count, fmt=fmt)
    )
    url = f"/api/v1/bootstrap/{info['name']}" if info["name"] else None
    return {**info, "url": url}


@router.get(
    "/bootstrap/{name}",
    response_class=FileResponse,
    summary="The bootstrap file (zstd lines; Range supported)",
    responses={404: {"description": "no such file for the caller's scope"}},
)
def download(user: CurrentUser, db: Db, settings: Settings, name: str = Path(max_length=80)):
    path = bootstrap.file_for(db, user, settings.attachments_dir, name)
    if path is None:
        raise Problem(404, "not-found", "Berkas awal tidak ditemukan; minta lagi.")
    return FileResponse(
        path,
        media_type="application/zstd",
        headers={"ETag": f'"{name}"', "Cache-Control": "private, no-transform"},
    )
