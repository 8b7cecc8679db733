"""`GET /api/v1/feed`: the caller's change feed (see `lapor_server.feed`)."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from lapor_core import encoding
from lapor_server import feed
from lapor_server.compression import ACCEPTED_HEADER
from lapor_server.deps import CurrentUser, Db, Settings
from lapor_server.errors import Problem
from lapor_server.schemas import FeedPage

router = APIRouter(prefix="/api/v1", tags=["feed"])


@router.get(
    "/feed",
    summary="Report snapshots and tombstones after a cursor",
    response_model=FeedPage,
    responses={410: {"description": "cursor cannot be served: full resync required"}},
)
def get_feed(
    request: Request,
    *,
    after: str | None = Query(default=None, max_length=512, description="cursor of the last page"),
    limit: int = Query(default=1000, ge=1, le=5000),
    summary: bool = Query(default=False, description="add a scope summary to the last page"),
    user: CurrentUser,
    db: Db,
    settings: Settings,
) -> Response:
    if limit > settings.max_feed_limit:
        raise Problem(422, "validation-error", f"limit must be at most {settings.max_feed_limit}")
    # Compressed here, in this worker thread (and kept for the next desk reading the same page:
    # lapor_server.feed_cache), not by the compression middleware in another one.
    coding = encoding.choose(request.headers.get("accept-encoding", ""))
    body, used = feed.read_page_coded(
        db,
        user,
        after or None,
        limit,
        summary=summary,
        coding=coding,
        cache=getattr(request.app.state, "feed_cache", None),
    )
    headers = {"Vary": "Accept-Encoding", "Accept-Encoding": ACCEPTED_HEADER.decode()}
    if used:
        headers["Content-Encoding"] = used
    return Response(content=body, media_type="application/json", headers=headers)
