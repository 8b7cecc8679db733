"""Photo previews fetched ahead: the small JPEG (≤ 640 px, ≤ 30 kB) of every photo in the queue,
so an officer in the field sees each photo without waiting for the full file.

After each successful run the engine calls `prefetch_previews`: the previews of the queue's photos
the desk has not got (nor the whole photo), newest reports first, while the previews folder stays
within the budget. They are asked for **several per request** (`POST
/api/v1/attachments/previews`, docs/api.md "Field transfers"): on a field link each request costs
a 2 s round trip, so five previews one by one cost five of them. The answer is framed per
preview and every preview is stored (sealed with the profile's key, under
`<profile>/cache/previews/`) as soon as it has arrived whole: a link cut in the middle of an
answer keeps what came, and the rest is asked for again. A server without the endpoint (404/405)
gets the single `GET …/{sha256}/preview` per photo, as before.
"""

from __future__ import annotations

import json
import logging
import math
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from lapor_core.wire import is_sha256
from lapor_desk.errors import (
    DeskError,
    OfflineError,
    ProtocolError,
    RejectedError,
    ServerError,
)
from lapor_desk.models.crypto import SealError
from lapor_desk.models.store import Store
from lapor_desk.paths import cache_dir, ensure_private_dir
from lapor_desk.sync.transport import Transport, map_exception

log = logging.getLogger(__name__)

#: disk kept for photo previews per profile (they are ≤ 30 kB each: ~3,000 photos)
PREVIEW_BUDGET = 100 * 1024 * 1024
PREVIEW_TYPES = ("image/jpeg", "image/png", "image/webp", "image/gif")
PREVIEW_DIR = "previews"
#: the server makes previews of at most 30 kB; a bigger one is not ours
PREVIEW_MAX_BYTES = 64 * 1024
#: previews asked for in one request (the server's limit, docs/api.md)
BATCH = 32
BATCH_PATH = "attachments/previews"
BATCH_MEDIA_TYPE = "application/vnd.lapor.previews"
#: a batch is split over this many requests side by side, each on a connection of its own (those
#: the run's uploads opened, when it had any): a segment lost on a lossy link then holds one of
#: them while the others keep the link busy (docs/performance.md, "Field day")
WIDTH = 3
#: requests in a row that brought no preview before the round ends (the next sync goes on)
STALL_LIMIT = 3
#: servers (base URLs) that answered the batch endpoint with 404/405: single GETs for them
_no_batch: set[str] = set()
_no_batch_lock = threading.Lock()


class _NoBatch(Exception):
    """The server has no batch endpoint (an older server)."""


def preview_file(store: Store, sha256: str) -> Path:
    folder = cache_dir(store.path.parent) / PREVIEW_DIR
    if store.files is not None:
        return folder / store.files.cache_name(f"preview:{sha256}")
    return folder / f"{sha256}.jpg"


def read_preview(store: Store, sha256: str) -> bytes | None:
    """The prefetched preview of a photo (JPEG, ≤ 640 px), or None when the desk has none."""
    if not is_sha256(sha256):
        return None
    path = preview_file(store, sha256)
    try:
        if store.files is not None:
            return store.files.read(path, f"preview:{sha256}")
        return path.read_bytes()
    except (OSError, SealError):
        return None


def _keep(store: Store, folder: Path, sha256: str, data: bytes) -> int:
    """Store one preview (sealed when the store has a key); returns its size on disk."""
    target = preview_file(store, sha256)
    if store.files is not None:
        store.files.write(target, data, f"preview:{sha256}")
    else:
        tmp = folder / f".{target.name}.tmp"
        tmp.write_bytes(data)
        os.replace(tmp, target)
    return target.stat().st_size


def wanted_previews(store: Store, *, show_hidden: bool) -> list[str]:
    """Digests of the queue's photos whose whole file the desk has not got, newest first."""
    with store.read_conn() as conn:
        wanted = conn.exec_driver_sql(
            "SELECT a.sha256 FROM attachments a JOIN reports r ON r.id = a.report_id"
            " WHERE a.media_type IN (?, ?, ?, ?) AND (a.hidden_from_agency = 0 OR ?)"
            # the desk has the whole photo already (downloaded, or attached here)
            " AND a.cache_path IS NULL"
            " AND a.sha256 NOT IN (SELECT sha256 FROM local_files)"
            " ORDER BY r.submitted_at DESC",
            (*PREVIEW_TYPES, int(show_hidden)),
        ).scalars()
        return [sha for sha in dict.fromkeys(wanted) if is_sha256(sha)]


def prefetch_previews(
    store: Store,
    transport: Transport,
    *,
    budget: int = PREVIEW_BUDGET,
    show_hidden: bool = False,
    cancel: threading.Event | None = None,
) -> int:
    """Fetch the previews of every photo of the local queue (newest reports first) that the desk
    has not got yet (nor the whole photo), while the previews folder stays within `budget` bytes;
    previews of photos no longer wanted are removed first. Returns how many were fetched. A
    preview the server has not got (or does not show this account) is skipped; a network failure
    that brings nothing ends the round (the next sync goes on)."""
    folder = ensure_private_dir(cache_dir(store.path.parent) / PREVIEW_DIR)
    files = {
        preview_file(store, sha).name: sha
        for sha in wanted_previews(store, show_hidden=show_hidden)
    }
    used = 0
    for entry in os.scandir(folder):
        if entry.name in files:
            used += entry.stat().st_size
        else:
            Path(entry.path).unlink(missing_ok=True)  # left the queue, or a broken write
    todo = [sha for name, sha in files.items() if not (folder / name).is_file()]
    state = {"used": used, "fetched": 0}

    lock = threading.Lock()

    def keep(sha256: str, data: bytes) -> None:  # from the batch's threads
        size = _keep(store, folder, sha256, data)
        with lock:
            state["used"] += size
            state["fetched"] += 1

    def room() -> int:
        if cancel is not None and cancel.is_set():
            return 0
        if state["used"] >= budget:
            log.info("preview budget of %d bytes reached", budget)
            return 0
        # at least one more while under the budget (as one by one would), at most a batch
        return min(BATCH, max(1, math.ceil((budget - state["used"]) / 30_000)))

    with _no_batch_lock:
        batch = transport.base_url not in _no_batch
    if batch:
        try:
            todo = _by_batch(transport, todo, keep, room)
        except _NoBatch:
            with _no_batch_lock:
                _no_batch.add(transport.base_url)
            batch = False
    if not batch:
        _one_by_one(transport, todo, keep, room)
    return state["fetched"]


def _by_batch(
    transport: Transport,
    todo: list[str],
    keep: Callable[[str, bytes], None],
    room: Callable[[], int],
) -> list[str]:
    """Ask for `todo` in batches, each split over up to `WIDTH` requests side by side; returns
    what is left when the round ends early."""
    stalls = 0
    while todo:
        n = room()
        if n <= 0:
            break
        asked = todo[:n]
        width = min(WIDTH, len(asked))
        got: set[str] = set()
        more: list[str] = []
        errors: list[DeskError] = []
        if width == 1:
            _one_batch(transport, asked, keep, got, more, errors)
        else:
            with ThreadPoolExecutor(max_workers=width, thread_name_prefix="lapor-previews") as pool:
                for i in range(width):
                    pool.submit(_one_batch, transport, asked[i::width], keep, got, more, errors)
        if any(isinstance(e, _NoBatchError) for e in errors):
            raise _NoBatch()
        if errors:
            # Cut in the middle (or before): what arrived whole is kept; ask for the rest.
            stalls = 0 if got else stalls + 1
            todo = [s for s in todo if s not in got]
            err = errors[0]
            if stalls >= STALL_LIMIT or not all(_transient(e) for e in errors):
                log.info("preview prefetch stopped: %s", err.code)
                break
            log.info("preview batch cut after %d of %d (%s); asking again", len(got), n, err.code)
            continue
        stalls = 0
        # Absent ones are not visible or have no preview: not asked again in this round.
        todo = todo[n:] + [s for s in more if s not in got]
    return todo


class _NoBatchError(DeskError):
    code = "no_batch"


def _one_batch(
    transport: Transport,
    asked: list[str],
    keep: Callable[[str, bytes], None],
    got: set[str],
    more: list[str],
    errors: list[DeskError],
) -> None:
    """One request of a batch (run side by side with the others); outcomes into the lists."""
    try:
        more.extend(_fetch_batch(transport, asked, keep, got))
    except _NoBatch:
        errors.append(_NoBatchError("no batch endpoint"))
    except DeskError as err:
        errors.append(err)


def _transient(err: DeskError) -> bool:
    """A cut or a busy server: worth asking again for what did not arrive."""
    if isinstance(err, ProtocolError):
        return err.reason == "truncated"
    return isinstance(err, OfflineError | ServerError)


def _fetch_batch(
    transport: Transport,
    asked: list[str],
    keep: Callable[[str, bytes], None],
    got: set[str],
) -> list[str]:
    """One batch request; each preview is handed to `keep` as soon as it arrived whole (and
    added to `got`). Returns the digests the server left for another request (`more`)."""
    try:
        resp = transport.request(
            "POST",
            BATCH_PATH,
            data=json.dumps({"sha256": asked}).encode(),
            headers={"Content-Type": "application/json", "Accept-Encoding": "identity"},
            idempotent=True,
            stream=True,
        )
    except RejectedError as err:
        # Our server's own "no such route" / "no such method" (an older server): not a portal's
        # page (that would be a ProtocolError) and not a refusal of this account.
        if err.status in (404, 405):
            raise _NoBatch() from err
        raise
    try:
        ctype = resp.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if ctype != BATCH_MEDIA_TYPE or resp.headers.get("Content-Encoding", "identity") not in (
            "",
            "identity",
        ):
            raise ProtocolError(f"preview batch answered with {ctype!r}", reason="not_previews")
        return _read_frames(transport, resp, set(asked), keep, got)
    finally:
        resp.close()


def _read_frames(
    transport: Transport,
    resp: requests.Response,
    asked: set[str],
    keep: Callable[[str, bytes], None],
    got: set[str],
) -> list[str]:
    raw = resp.raw
    more: list[str] = []

    def read(n: int) -> bytes:
        try:
            data = raw.read(n, decode_content=False)
        except Exception as exc:  # a cut, a reset, a timeout: what came before is kept
            raise map_exception(requests.exceptions.ConnectionError(exc)) from exc
        transport.count(received=len(data))
        if len(data) != n:
            raise OfflineError(f"preview batch cut after {len(got)} previews", reason="reset")
        return data

    while True:
        transport._check_cancel()
        head = read(4)
        if head == b"end\n":
            return more
        if head == b"more":
            line = read(66)  # " " + digest + "\n"
            sha = line[1:65].decode("ascii", "replace")
            if line[:1] != b" " or line[65:] != b"\n" or sha not in asked:
                raise ProtocolError("preview batch: bad `more` line", reason="not_previews")
            more.append(sha)
            continue
        rest = read(61)  # the digest's other 60 characters and the space
        sha = (head + rest[:60]).decode("ascii", "replace")
        if rest[60:] != b" " or sha not in asked or sha in got:
            raise ProtocolError("preview batch: unexpected frame", reason="not_previews")
        digits = b""
        while (c := read(1)) != b"\n":
            digits += c
            if not c.isdigit() or len(digits) > 6:
                raise ProtocolError("preview batch: bad frame size", reason="not_previews")
        size = int(digits or b"-1")
        if not 0 < size <= PREVIEW_MAX_BYTES:
            raise ProtocolError("preview batch: bad frame size", reason="not_previews")
        data = read(size)
        got.add(sha)
        if data.startswith(b"\xff\xd8\xff"):  # a JPEG, or not ours
            keep(sha, data)


def _one_by_one(
    transport: Transport,
    todo: list[str],
    keep: Callable[[str, bytes], None],
    room: Callable[[], int],
) -> None:
    """A server before the batch endpoint: one GET per preview."""
    for sha256 in todo:
        if room() <= 0:
            break
        try:
            data = transport.get_bytes(f"attachments/{sha256}/preview", max_bytes=PREVIEW_MAX_BYTES)
        except DeskError as err:
            if err.status == 404:
                continue  # not an image the server could shrink, or not visible
            log.info("preview prefetch stopped: %s", err.code)
            break
        if data.startswith(b"\xff\xd8\xff"):  # not a JPEG: not ours
            keep(sha256, data)
