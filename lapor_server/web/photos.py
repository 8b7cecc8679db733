"""Photos sent with Akai Meno's forms: stored through the same checks as every upload.

Each photo passes `lapor_server.upload_checks` (declared type on the allow-list, size limit,
magic bytes) and `routers.attachments.keep_upload` (the channel's daily quota, storage, preview),
exactly as a file PUT through the intake API. On top, the web form takes images only. A stored
photo is named `foto-<n>.<ext>` on the report, whatever the phone called it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from lapor_server import storage
from lapor_server.config import ServerSettings
from lapor_server.db import Database
from lapor_server.errors import Problem
from lapor_server.models import Channel
from lapor_server.routers.attachments import keep_upload
from lapor_server.upload_checks import check_content, check_media_type, check_size
from lapor_server.web.limits import Limited

#: photos per form post
MAX_PHOTOS = 5
IMAGE_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/gif": "gif"}
_CHUNK = 256 * 1024


@dataclass(frozen=True, slots=True)
class PhotoError(Exception):
    """A photo refused: the catalogue key of the reason, and the photo's position (1-based)."""

    key: str
    number: int


def _reason_key(problem: Problem) -> str:
    if problem.status == 413:
        return "err_photo_size"
    if problem.status == 429:
        return "err_photo_quota"
    if problem.slug == "empty-attachment":
        return "err_photo_empty"
    return "err_photo_type"


def chosen(files: list[UploadFile]) -> list[UploadFile]:
    """The file fields the visitor really filled (a browser sends an empty part for none)."""
    return [f for f in files if f.filename or (f.size or 0) > 0]


async def store(
    files: list[UploadFile],
    db: Database,
    settings: ServerSettings,
    channel: Channel,
    now: datetime,
    first: int = 1,
    budget: Callable[[int], None] | None = None,
) -> list[tuple[str, str]]:
    """Store every photo; [(sha256, neutral name)], or PhotoError for the first refused one.
    Names count from `first` (a report's later photos follow its earlier ones); `budget(size)`
    raises `Limited` when the sender may not store that many more bytes."""
    stored: list[tuple[str, str]] = []
    for number, f in enumerate(files, start=1):
        media_type = (f.content_type or "").split(";")[0].strip().lower()
        up = storage.Upload(settings.attachments_dir)
        try:
            try:
                check_media_type(media_type)
                if media_type not in IMAGE_TYPES:
                    raise PhotoError("err_photo_type", number)
                while chunk := await f.read(_CHUNK):
                    check_size(up, chunk, settings.max_attachment_bytes)
                    up.write(chunk)
                await run_in_threadpool(up.finish)
                await run_in_threadpool(check_content, up, media_type)
                if budget is not None:
                    try:
                        budget(up.size)
                    except Limited:
                        raise PhotoError("err_photo_budget", number) from None
                await run_in_threadpool(keep_upload, db, settings, up, media_type, channel, now)
            except Problem as exc:
                raise PhotoError(_reason_key(exc), number) from None
        finally:
            up.discard()
        name = f"foto-{first + number - 1}.{IMAGE_TYPES[media_type]}"
        stored.append((up.sha256, name))
    return stored
