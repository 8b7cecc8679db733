"""Full files over a field link: uploads and downloads that continue after a cut, not restart.

A 5 MB photo at 16 kB/s takes five minutes; a link that drops every 20 s would never let a plain
`PUT` or `GET` finish. So:

- **Upload** (`upload`): files from `RESUMABLE_FROM` bytes go in pieces to
  `…/attachments/{sha256}/partial` (`PATCH` with `Upload-Offset`/`Upload-Length`, see
  docs/api.md). The server keeps every byte that arrived, also from a piece cut in the middle;
  after a failure the desk asks (`HEAD`) how much it holds and sends the rest. Smaller files, and
  servers without the endpoint (404/405), get the plain `PUT`.
- **Download** (`download`, `fetch_into`): written to a part file as it streams in (sealed piece
  by piece for a profile with a key, `sync/partials.py`); after a cut the next request asks for
  `Range: bytes=<what we have>-` (files are content-addressed: the bytes under a hash never change,
  so a range always continues the same file). The caller checks the hash.

Both give up only when `stall_limit` attempts in a row brought no byte forward, or the
transport is cancelled; each failure waits with the transport's backoff.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

import requests

from lapor_desk.errors import (
    DeskError,
    OfflineError,
    ProtocolError,
    RejectedError,
    ServerError,
)
from lapor_desk.sync.partials import Part, PlainPart
from lapor_desk.sync.transport import Transport, map_exception

log = logging.getLogger(__name__)

RESUMABLE_FROM = 256 * 1024
PIECE = 256 * 1024
#: attempts in a row without progress before giving up
STALL_LIMIT = 6
_TRANSIENT = (OfflineError, ServerError)


def upload(t: Transport, sha256: str, data: bytes, media_type: str) -> int:
    """Store `data` on the server under `sha256`; returns the final HTTP status (201/200)."""
    if len(data) < RESUMABLE_FROM:
        return t.put_bytes(f"attachments/{sha256}", data, media_type)
    path = f"attachments/{sha256}/partial"
    try:
        offset, complete = _offset(t, path)
    except RejectedError as err:
        if err.status in (404, 405):  # an older server: one plain PUT
            return t.put_bytes(f"attachments/{sha256}", data, media_type)
        raise
    stalls = 0
    while True:
        if complete:
            return 200
        piece = data[offset : offset + PIECE]
        try:
            resp = t.request(
                "PATCH",
                path,
                data=piece,
                headers={
                    "Content-Type": media_type,
                    "Upload-Offset": str(offset),
                    "Upload-Length": str(len(data)),
                },
                idempotent=True,
                retry=False,
                ok=(200, 201, 204, 409),
            )
        except _TRANSIENT as err:
            stalls += 1
            if stalls >= STALL_LIMIT:
                raise
            log.info("upload of %s cut at %d bytes (%s); resuming", sha256[:12], offset, err.code)
            t._wait(t.retry.delay(min(stalls, 5), t._rng))
            new, complete = _offset(t, path)
            if new > offset:
                stalls = 0
            offset = new
            continue
        if resp.status_code in (200, 201):
            return resp.status_code
        new = _header_int(resp, "Upload-Offset")
        if resp.status_code == 204 and new <= offset:
            raise ProtocolError(f"upload of {sha256[:12]} made no progress", reason="upload")
        offset = new


def _offset(t: Transport, path: str) -> tuple[int, bool]:
    resp = t.request("HEAD", path, idempotent=True)
    return _header_int(resp, "Upload-Offset"), resp.headers.get("Upload-Complete") == "?1"


def _header_int(resp: requests.Response, name: str) -> int:
    value = resp.headers.get(name, "")
    if not value.isdigit():
        raise ProtocolError(f"answer without a valid {name} header", reason="upload")
    return int(value)


def download(t: Transport, path: str, target: Path, *, max_bytes: int) -> Path:
    """Fetch `path` into `target` (via `<target>.part`, resuming after cuts). Returns `target`;
    the bytes are NOT verified here (the caller compares the hash)."""
    part = PlainPart(target.with_name(target.name + ".part"))
    fetch_into(t, path, part, max_bytes=max_bytes)
    os.replace(part.path, target)
    return target


def fetch_into(
    t: Transport,
    path: str,
    part: Part,
    *,
    max_bytes: int,
    on_bytes: Callable[[int], None] | None = None,
) -> None:
    """Fetch `path` into `part` (plain, or sealed piece by piece: `sync/partials.py`), asking
    for the rest with `Range` after every cut. The bytes are NOT verified here. `on_bytes` is
    told how many bytes the part holds as they arrive (a progress bar); the transport's cancel
    event stops the download between pieces (what arrived is kept for the next try)."""
    stalls = 0
    while True:
        have = part.size()
        if on_bytes is not None:
            on_bytes(have)
        headers = {"Range": f"bytes={have}-"} if have else None
        try:
            done = _download_once(t, path, part, have, headers, max_bytes, on_bytes)
        except _TRANSIENT as err:
            now = part.size()
            stalls = 0 if now > have else stalls + 1
            if stalls >= STALL_LIMIT:
                raise
            log.info("download of %s cut at %d bytes (%s); resuming", path, now, err.code)
            t._wait(t.retry.delay(min(stalls, 5), t._rng))
            continue
        if done:
            return


def _download_once(
    t: Transport,
    path: str,
    part: Part,
    have: int,
    headers: dict | None,
    max_bytes: int,
    on_bytes: Callable[[int], None] | None = None,
) -> bool:
    try:
        resp = t.request("GET", path, idempotent=True, stream=True, headers=headers, ok=(200, 206))
    except DeskError as err:
        if err.status == 416 and have:  # we hold the whole file already
            return True
        raise
    try:
        if resp.status_code == 200:
            have = 0  # the server sent the whole file: start over
        part.begin(have)
        try:
            for chunk in resp.iter_content(64 * 1024):
                have += len(chunk)
                if have > max_bytes:
                    raise ProtocolError(
                        f"download larger than {max_bytes} bytes", reason="too_large"
                    )
                part.write(chunk)
                t.bytes_received += len(chunk)
                if on_bytes is not None:
                    on_bytes(have)
                t._check_cancel()
        except requests.exceptions.RequestException as exc:
            raise map_exception(exc) from exc
        finally:
            part.end()
    finally:
        resp.close()
    return True
