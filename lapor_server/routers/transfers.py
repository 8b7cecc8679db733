"""Field transfers: photo previews, and uploads that survive a cut link.

- `GET /api/v1/attachments/{sha256}/preview`: the small JPEG of an image attachment
  (lapor_server.previews), under exactly the access rule of the full file
  (`attachments.visible_attachment`: an officer only for a report at their OPD, never a file hidden
  from the OPD; the same 404 for "not visible", "no such file" and "no preview"). No file name
  is sent (an anonymous reporter's file name could name them).
- `POST /api/v1/attachments/previews` with `{"sha256": [up to 32 digests]}`: several previews in
  one answer (a round trip on a field link is 2 s), each under the same rule as the single GET
  (`visible_attachment`, asked per file); what the caller may not see, what does not exist and
  what has no preview are all simply absent, with no hint which. The body is read with a small
  limit of its own (this path is under the attachments prefix, where the app allows large
  bodies), and the answer is framed (`previews.batch_body`) so a desk keeps every preview that
  arrived whole before a cut.
- Resumable upload of a full file, in pieces with offsets (`…/{sha256}/partial`):
  `HEAD` → `Upload-Offset` (bytes the server holds of *this uploader's* partial file; the full size
  with `Upload-Complete: ?1` when the file is stored already);
  `PATCH` with `Upload-Offset` (where this piece starts), `Upload-Length` (the whole file) and the
  file's `Content-Type` → `204` + the new `Upload-Offset` while incomplete, or — with the last
  byte — the file is checked exactly as a `PUT` (hash, magic bytes) and stored: `201`/`200`
  with `{"sha256", "size", "media_type"}`. A piece that does not start at the server's offset is
  `409 offset-mismatch` with the server's `Upload-Offset`, so a client that lost an answer asks
  again and continues; bytes that arrived before a cut are kept. Partial files are per uploader
  (a desk cannot append to another's), bounded by the attachment limit, and dropped after
  `PARTIAL_TTL` by the periodic job.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
from datetime import datetime
from pathlib import Path as FsPath
from typing import Any

from fastapi import APIRouter, Path, Request, Response
from fastapi.responses import FileResponse
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from lapor_core.wire import ALLOWED_MEDIA_TYPES
from lapor_server import previews, storage, upload_checks
from lapor_server import reports as rep
from lapor_server.auth import AuthUser
from lapor_server.config import ServerSettings
from lapor_server.db import Database
from lapor_server.deps import CurrentUser, Db, Now, Settings
from lapor_server.errors import Problem
from lapor_server.models import Attachment, Channel
from lapor_server.routers.attachments import (
    NOT_FOUND,
    SHA256_PATTERN,
    StoredAttachment,
    Uploader,
    _check_quota,
    _may_upload,
    _store,
    visible_attachment,
)

try:
    import fcntl
except ImportError:  # pragma: no cover - the server runs on Linux
    fcntl = None  # type: ignore[assignment]

router = APIRouter(prefix="/api/v1", tags=["attachments"])
_SHA256 = re.compile(SHA256_PATTERN.strip("^$"))
PARTIAL_DIR = "partial"
PARTIAL_TTL = 2 * 24 * 3600


@router.get(
    "/attachments/{sha256}/preview",
    response_class=FileResponse,
    summary="A small JPEG preview (≤ 640 px, ≤ 30 kB) of an image attachment",
    responses={404: {"description": "not visible to the caller, not an image, or no preview"}},
)
def preview(
    *,
    sha256: str = Path(pattern=SHA256_PATTERN),
    user: CurrentUser,
    db: Db,
    settings: Settings,
) -> FileResponse:
    path = _preview_file(db, user, settings, sha256)
    if path is None:
        raise Problem(404, "not-found", NOT_FOUND)
    return FileResponse(
        path,
        media_type="image/jpeg",
        headers={
            "ETag": f'"{sha256}-preview"',
            "Cache-Control": "private, max-age=31536000, immutable",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "sandbox",
        },
    )


#: the list of at most MAX_BATCH digests as JSON is ~2.3 kB; anything much larger is hostile
BATCH_BODY_LIMIT = 16 * 1024


async def _small_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise Problem(413, "payload-too-large", f"the list is larger than {limit} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise Problem(413, "payload-too-large", f"the list is larger than {limit} bytes")
    return bytes(body)


def _asked(raw: bytes) -> list[str]:
    """The distinct digests of a batch request, in order; 422 for anything else."""
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise Problem(422, "validation-error", "the body must be JSON") from None
    asked = body.get("sha256") if isinstance(body, dict) else None
    if not isinstance(asked, list) or not asked:
        raise Problem(422, "validation-error", 'expected {"sha256": [digest, ...]}')
    if len(asked) > previews.MAX_BATCH:
        raise Problem(422, "validation-error", f"at most {previews.MAX_BATCH} previews per request")
    if not all(isinstance(a, str) and _SHA256.fullmatch(a) for a in asked):
        raise Problem(422, "validation-error", "every item must be a lowercase hex SHA-256")
    return list(dict.fromkeys(asked))


def _preview_file(
    db: Database, user: AuthUser, settings: ServerSettings, sha256: str
) -> FsPath | None:
    """The preview file when the caller may see the file and it has one (made now when the
    periodic job has not yet), else None: one rule for the single and the batch request."""
    found = visible_attachment(db, user, sha256)
    if found is None:
        return None
    att = found[0]
    path = previews.preview_path(settings.attachments_dir, sha256)
    if path.is_file():
        return path
    source = storage.resolve(settings.attachments_dir, att.storage_path)
    if source is None or not source.is_file():
        return None
    return previews.ensure(settings.attachments_dir, sha256, source, att.media_type)


def _preview_bytes(db: Database, user: AuthUser, settings: ServerSettings, sha256: str):
    """The preview's bytes when the caller may see the file and it has one, else None."""
    path = _preview_file(db, user, settings, sha256)
    if path is None:
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None


def _batch(db: Database, user: AuthUser, settings: ServerSettings, asked: list[str]) -> bytes:
    found = []
    for sha256 in asked:
        data = _preview_bytes(db, user, settings, sha256)
        if data is not None:
            found.append((sha256, data))
    return previews.batch_body(found)


@router.post(
    "/attachments/previews",
    summary="Several previews in one answer (framed; invisible or missing ones are absent)",
    responses={
        200: {"description": "the previews", "content": {previews.BATCH_MEDIA_TYPE: {}}},
        413: {"description": "the list is larger than 16 kB"},
        422: {"description": "not a list of 1 to 32 SHA-256 digests"},
    },
)
async def preview_batch(
    *, request: Request, user: CurrentUser, db: Db, settings: Settings
) -> Response:
    asked = _asked(await _small_body(request, BATCH_BODY_LIMIT))
    body = await run_in_threadpool(_batch, db, user, settings, asked)
    return Response(
        body,
        media_type=previews.BATCH_MEDIA_TYPE,
        headers={
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "sandbox",
        },
    )


def _owner(who: AuthUser | Channel) -> str:
    return f"u{who.id}" if isinstance(who, AuthUser) else f"c{who.id}"


def _partial(settings: ServerSettings, who: AuthUser | Channel, sha256: str) -> FsPath:
    folder = FsPath(settings.attachments_dir) / PARTIAL_DIR
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{_owner(who)}-{sha256}"


def _stored_size(
    db: Database, settings: ServerSettings, sha256: str, who: AuthUser | Channel
) -> int | None:
    """The stored file's size — only when this uploader uploaded it before: anyone else proves
    they hold the bytes by sending them (an upload is what lets an op link a file, issue 12 #3)."""
    key = {"user_id": who.id} if isinstance(who, AuthUser) else {"channel_id": who.id}
    with db.read() as s:
        row = s.get(Attachment, sha256)
        if row is None or not rep.has_uploaded(s, sha256, **key):
            return None
    path = storage.resolve(settings.attachments_dir, row.storage_path)
    return row.size if path is not None and path.is_file() else None


@router.head("/attachments/{sha256}/partial", summary="How much of a resumable upload arrived")
def partial_offset(
    *,
    sha256: str = Path(pattern=SHA256_PATTERN),
    who: Uploader,
    db: Db,
    settings: Settings,
) -> Response:
    _may_upload(db, who, None)
    stored = _stored_size(db, settings, sha256, who)
    if stored is not None:
        return Response(
            status_code=200, headers={"Upload-Offset": str(stored), "Upload-Complete": "?1"}
        )
    path = _partial(settings, who, sha256)
    offset = path.stat().st_size if path.is_file() else 0
    return Response(status_code=200, headers={"Upload-Offset": str(offset)})


def _int_header(request: Request, name: str) -> int:
    value = request.headers.get(name, "")
    if not value.isdigit() or len(value) > 15:
        raise Problem(422, "validation-error", f"header {name} must be a non-negative integer")
    return int(value)


@router.patch(
    "/attachments/{sha256}/partial",
    summary="Append a piece of a resumable upload (Upload-Offset, Upload-Length)",
    responses={
        201: {"description": "the last piece: the file is stored", "model": StoredAttachment},
        204: {"description": "piece stored; Upload-Offset says how much the server holds"},
        409: {"description": "the piece does not start at the server's Upload-Offset"},
    },
)
async def partial_append(
    *,
    request: Request,
    sha256: str = Path(pattern=SHA256_PATTERN),
    who: Uploader,
    db: Db,
    settings: Settings,
    now: Now,
) -> Any:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type not in ALLOWED_MEDIA_TYPES:
        raise Problem(415, "unsupported-media-type", f"jenis berkas '{media_type[:100]}' ditolak")
    offset = _int_header(request, "upload-offset")
    length = _int_header(request, "upload-length")
    limit = settings.max_attachment_bytes
    if length == 0 or length > limit:
        raise Problem(
            413, "payload-too-large", f"lampiran lebih besar dari batas {limit // 1048576} MB"
        )
    # the same rules as a PUT: writing roles only, the daily quota (issue 12 #13)
    await run_in_threadpool(_may_upload, db, who, None)
    await run_in_threadpool(_check_quota, db, settings, who, now, length - offset)
    stored = await run_in_threadpool(_stored_size, db, settings, sha256, who)
    if stored is not None:
        body = StoredAttachment(sha256=sha256, size=stored, media_type=media_type)
        return Response(body.model_dump_json(), status_code=200, media_type="application/json")
    path = _partial(settings, who, sha256)
    meta_path = path.with_suffix(".json")
    meta = {"length": length, "media_type": media_type}
    with open(path, "ab") as out:
        if fcntl is not None:
            try:
                fcntl.flock(out.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:  # an earlier request for this file is still streaming in
                return _mismatch(out.tell(), "an earlier piece of this upload is still arriving")
        have = out.tell()
        try:
            known = json.loads(meta_path.read_text()) if meta_path.is_file() else None
        except (OSError, ValueError):
            known = None
        if known != meta:  # another file under the same address, or a fresh start
            out.truncate(0)
            have = 0
            meta_path.write_text(json.dumps(meta))
        if offset != have:
            return _mismatch(have, f"the server holds {have} bytes of this upload")
        try:
            async for chunk in request.stream():
                if have + len(chunk) > length:
                    out.truncate(offset)
                    raise Problem(413, "payload-too-large", "more bytes than Upload-Length")
                if chunk:
                    out.write(chunk)
                    have += len(chunk)
        except ClientDisconnect:
            pass  # keep what arrived: the client asks for the offset and goes on
        finally:
            out.flush()
            os.fsync(out.fileno())
    if have < length:
        return Response(status_code=204, headers={"Upload-Offset": str(have)})
    return await run_in_threadpool(_complete, db, settings, who, sha256, media_type, path, now)


def _mismatch(have: int, detail: str) -> Response:
    from lapor_server.errors import problem_body

    body = problem_body(409, "offset-mismatch", detail, reason="offset_mismatch")
    return Response(
        json.dumps(body),
        status_code=409,
        media_type="application/problem+json",
        headers={"Upload-Offset": str(have)},
    )


def _complete(
    db: Database,
    settings: ServerSettings,
    who: AuthUser | Channel,
    sha256: str,
    media_type: str,
    path: FsPath,
    now: datetime,
) -> Response:
    """The whole file arrived: check it as a PUT would, then store it."""
    up = storage.Upload(settings.attachments_dir)
    try:
        with open(path, "rb") as src:
            while chunk := src.read(1 << 20):
                up.write(chunk)
        up.finish()
        _drop_partial(path)
        upload_checks.check_content(up, media_type, sha256)  # exactly as a PUT is checked
        created, stored_type = _store(db, settings, up, sha256, media_type, who, now)
    finally:
        up.discard()
    previews.after_store(settings.attachments_dir, sha256, stored_type)
    body = StoredAttachment(sha256=sha256, size=up.size, media_type=stored_type)
    return Response(
        body.model_dump_json(), status_code=201 if created else 200, media_type="application/json"
    )


def _drop_partial(path: FsPath) -> None:
    for p in (path, path.with_suffix(".json")):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


def prune_partials(attachments_dir: FsPath, now: float | None = None) -> int:
    """Drop partial uploads nobody continued for `PARTIAL_TTL` seconds."""
    folder = FsPath(attachments_dir) / PARTIAL_DIR
    if not folder.is_dir():
        return 0
    horizon = (now or time.time()) - PARTIAL_TTL
    dropped = 0
    for p in folder.iterdir():
        with contextlib.suppress(OSError):
            if p.stat().st_mtime < horizon:
                p.unlink()
                dropped += 1
    return dropped
