"""`GET /api/v1/feed`: the caller's change feed (see `lapor_server.feed`)."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from lapor_core import encoding
from lapor_server import feed, feed_pages
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
    # Pages built beforehand go only to a client that reads several zstd frames in one body
    # (desks of earlier releases refuse them): docs/api.md, Change feed.
    frames = feed_pages.accepts_frames(request.headers.get(feed_pages.HEADER, ""))
    use = feed_pages.Use() if frames and settings.feed_pages else None
    body, used = feed.read_page_coded(
        db,
        user,
        after or None,
        limit,
        summary=summary,
        coding=coding,
        cache=getattr(request.app.state, "feed_cache", None),
        pages=use,
    )
    headers = {
        "Vary": f"Accept-Encoding, {feed_pages.HEADER}",
        "Accept-Encoding": ACCEPTED_HEADER.decode(),
    }
    if used:
        headers["Content-Encoding"] = used
    if use is not None and use.stored:
        headers[feed_pages.SERVED_HEADER] = "stored"
    return Response(content=body, media_type="application/json", headers=headers)
