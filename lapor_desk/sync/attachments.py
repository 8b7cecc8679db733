"""Attachments: full files fetched when the officer opens one, verified by hash, cached per
profile; small previews of every photo in the queue are fetched ahead by `sync/previews.py`.

Uploads happen in the engine's push (before the ops that reference them). A download is verified
(its SHA-256 compared with the name it was asked for; a mismatch keeps nothing), sealed with the
profile key (AES-256-GCM, `lapor_desk.models.crypto`) into `<profile>/cache/<hmac>.sealed` and
recorded in `attachments.cache_path`. Files the officer attaches are sealed the same way
(`local_files.path`). The bytes are decrypted only in memory (`read_cached`); the system viewer
gets a decrypted copy in a private temporary folder that is removed when the profile closes
(`ViewerFiles`).

A full download goes to `<profile>/cache/partial/` first (continued with `Range` after a cut,
`sync/transfers.py`), sealed piece by piece as it streams in (`sync/partials.py`), so a photo
half-way down is as unreadable on a stolen PC as a finished one; once complete and verified it is
sealed whole into the cache and the partial file removed. Previews are sealed like any cached
file, under `<profile>/cache/previews/`, within `PREVIEW_BUDGET`.

After each sync `prune_cache` deletes cached files no row may show any more (a photo the
coordinator hid from the OPD, a report that left the OPD) and evicts the least recently used
downloads beyond `CACHE_LIMIT_BYTES`. Files waiting for upload are never evicted.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lapor_core.wire import DEFAULT_ATTACHMENT_LIMIT, is_sha256
from lapor_desk.errors import ProtocolError, ValidationError
from lapor_desk.models.crypto import O_BINARY, SEALED_SUFFIX, SealError
from lapor_desk.models.store import Store
from lapor_desk.paths import cache_dir, ensure_private_dir
from lapor_desk.sync import partials, transfers
from lapor_desk.sync.previews import (  # noqa: F401 - the previews' home is sync/previews.py
    PREVIEW_BUDGET,
    PREVIEW_DIR,
    PREVIEW_TYPES,
    prefetch_previews,
    read_preview,
)
from lapor_desk.sync.transport import Transport

log = logging.getLogger(__name__)

#: Downloaded attachments kept per profile; the least recently opened go first beyond this.
CACHE_LIMIT_BYTES = 512 * 1024 * 1024
PARTIAL_DIR = "partial"


def _context(sha256: str) -> str:
    return f"attachment:{sha256}"


def cached_path(store: Store, sha256: str) -> Path | None:
    """The local (sealed) copy of an attachment if the desk has one (downloaded or attached)."""
    with store.read_conn() as conn:
        paths = conn.exec_driver_sql(
            "SELECT cache_path FROM attachments WHERE sha256 = ? AND cache_path IS NOT NULL"
            " UNION ALL SELECT path FROM local_files WHERE sha256 = ?",
            (sha256, sha256),
        ).scalars()
        for p in paths:
            if p and Path(p).is_file():
                return Path(p)
    return None


def read_file(store: Store, path: str | Path, sha256: str) -> bytes:
    """The plain bytes of a cached file (decrypted in memory when sealed); OSError if unreadable."""
    path = Path(path)
    data = path.read_bytes()
    if path.name.endswith(SEALED_SUFFIX):
        if store.files is None:
            raise OSError(f"{path.name} is sealed and this store has no key")
        try:
            data = store.files.open(data, _context(sha256))
        except SealError as exc:
            raise OSError(f"cached file {path.name} does not open: {exc}") from exc
    if hashlib.sha256(data).hexdigest() != sha256:
        raise OSError(f"cached file {path.name} is damaged")
    return data


def read_cached(store: Store, sha256: str) -> bytes | None:
    """The attachment's bytes from the cache, or None when the desk has no (sound) copy."""
    path = cached_path(store, sha256)
    if path is None:
        return None
    try:
        data = read_file(store, path, sha256)
    except OSError as exc:
        log.info("cached attachment %s unusable: %s", sha256[:12], exc)
        return None
    try:
        os.utime(path)  # recently used: evicted last
    except OSError:
        pass
    return data


def keep_bytes(store: Store, sha256: str, data: bytes) -> Path:
    """Write verified bytes into the profile's cache (sealed when the store has a key)."""
    folder = ensure_private_dir(cache_dir(store.path.parent))
    if store.files is not None:
        target = folder / store.files.cache_name(sha256)
        store.files.write(target, data, _context(sha256))
        return target
    target = folder / sha256
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".download-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def fetch_bytes(
    store: Store,
    transport: Transport,
    sha256: str,
    *,
    max_bytes: int = DEFAULT_ATTACHMENT_LIMIT,
    on_bytes: Callable[[int], None] | None = None,
) -> bytes:
    """The attachment's bytes, from the cache or downloaded, verified and cached first
    (`on_bytes`: how many bytes have arrived, for a progress bar)."""
    if not is_sha256(sha256):
        raise ValidationError("Lampiran tidak dikenal.", detail_en="Unknown attachment.")
    have = read_cached(store, sha256)
    if have is not None:
        return have
    # Resumable: a cut link continues where it stopped (sync/transfers.py).
    folder = ensure_private_dir(cache_dir(store.path.parent) / PARTIAL_DIR)
    part = partials.part_for(folder, store.files, sha256)
    transfers.fetch_into(
        transport, f"attachments/{sha256}", part, max_bytes=max_bytes, on_bytes=on_bytes
    )
    try:
        data = part.read()
    except OSError as exc:  # damaged on disk meanwhile: nothing kept, the next try starts over
        raise ProtocolError(f"attachment {sha256[:12]}: {exc}", reason="hash") from exc
    finally:
        part.remove()
    if hashlib.sha256(data).hexdigest() != sha256:
        raise ProtocolError(
            f"attachment {sha256[:12]} arrived damaged (hash mismatch)", reason="hash"
        )
    target = keep_bytes(store, sha256, data)
    with store.write_conn() as conn:
        conn.exec_driver_sql(
            "UPDATE attachments SET cache_path = ? WHERE sha256 = ?", (str(target), sha256)
        )
    return data


def fetch(
    store: Store, transport: Transport, sha256: str, *, max_bytes: int = DEFAULT_ATTACHMENT_LIMIT
) -> Path:
    """The cached (sealed) file for `sha256`, downloading and verifying it first if needed."""
    fetch_bytes(store, transport, sha256, max_bytes=max_bytes)
    path = cached_path(store, sha256)
    if path is None:  # the report was removed meanwhile
        raise ValidationError("Lampiran tidak dikenal.", detail_en="Unknown attachment.")
    return path


# -- the cache's bounds ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PruneResult:
    removed: int  # files no row may show any more (hidden from the OPD, report gone)
    evicted: int  # least recently used downloads beyond the limit
    kept_bytes: int


def prune_cache(store: Store, *, show_hidden: bool, limit: int = CACHE_LIMIT_BYTES) -> PruneResult:
    """Delete cached files that no visible row refers to, then evict beyond `limit`.

    `show_hidden`: the account may see attachments hidden from the OPD (coordinators); for an
    OPD officer a hidden attachment's cached copy is deleted.
    """
    folder = cache_dir(store.path.parent)
    with store.read_conn() as conn:
        visible = conn.exec_driver_sql(
            "SELECT cache_path, max(hidden_from_agency = 0) FROM attachments"
            " WHERE cache_path IS NOT NULL GROUP BY cache_path"
        ).all()
        pending = set(conn.exec_driver_sql("SELECT path FROM local_files").scalars())
    shown = {p for p, any_visible in visible if any_visible or show_hidden}
    hidden = {p for p, _ in visible} - shown
    removed = 0
    if hidden:
        with store.write_conn() as conn:
            conn.exec_driver_sql(
                "UPDATE attachments SET cache_path = NULL"
                " WHERE cache_path IN (SELECT value FROM json_each(?))",
                (_json(sorted(hidden)),),
            )
    keep = shown | pending
    if not folder.is_dir():
        return PruneResult(0, 0, 0)
    entries: list[tuple[float, int, Path]] = []
    for f in folder.iterdir():
        if not f.is_file():
            continue
        if str(f) not in keep:
            if f.name.startswith(".") and _young(f):
                continue  # a download or attach being written right now
            f.unlink(missing_ok=True)
            removed += 1
            continue
        st = f.stat()
        if str(f) not in pending:
            entries.append((st.st_mtime, st.st_size, f))
    total = sum(size for _, size, _ in entries) + sum(
        _size(Path(p)) for p in pending if Path(p).parent == folder
    )
    evicted = 0
    gone: list[str] = []
    for _mtime, size, f in sorted(entries, key=lambda e: e[0]):
        if total <= limit:
            break
        f.unlink(missing_ok=True)
        gone.append(str(f))
        total -= size
        evicted += 1
    if gone:
        with store.write_conn() as conn:
            conn.exec_driver_sql(
                "UPDATE attachments SET cache_path = NULL"
                " WHERE cache_path IN (SELECT value FROM json_each(?))",
                (_json(gone),),
            )
    if removed or evicted:
        log.info("attachment cache: %d removed, %d evicted, %d bytes kept", removed, evicted, total)
    return PruneResult(removed, evicted, total)


def _json(values: list[str]) -> str:
    import json

    return json.dumps(values)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _young(path: Path, seconds: float = 600) -> bool:
    import time

    try:
        return time.time() - path.stat().st_mtime < seconds
    except OSError:
        return False


# -- copies for the system viewer ---------------------------------------------------------------

_UNSAFE_NAME = re.compile(r"[^\w.\- ]+")
VIEWER_PREFIX = "lapor-desk-view-"
#: viewer folders older than this were left by a desk that did not close (a crash, power cut)
STALE_VIEWER_SECONDS = 12 * 3600


def _remove_stale_viewer_dirs(base: Path) -> None:
    import time

    try:
        candidates = list(base.glob(VIEWER_PREFIX + "*"))
    except OSError:
        return
    for folder in candidates:
        try:
            st = folder.stat()
            if st.st_uid != os.getuid() or time.time() - st.st_mtime < STALE_VIEWER_SECONDS:
                continue
        except (OSError, AttributeError):  # getuid: POSIX only
            continue
        shutil.rmtree(folder, ignore_errors=True)


class ViewerFiles:
    """Decrypted copies handed to the system viewer (a PDF reader cannot read sealed files).

    They live in one private folder per open profile (mode 0700; on Linux under
    `$XDG_RUNTIME_DIR`, which is memory) and are deleted when the profile closes.
    """

    def __init__(self) -> None:
        self._folder: Path | None = None

    def _dir(self) -> Path:
        if self._folder is None or not self._folder.is_dir():
            runtime = os.environ.get("XDG_RUNTIME_DIR")
            base = runtime if runtime and os.path.isdir(runtime) else None
            _remove_stale_viewer_dirs(Path(base or tempfile.gettempdir()))
            self._folder = Path(tempfile.mkdtemp(prefix=VIEWER_PREFIX, dir=base))
        return self._folder

    def write(self, filename: str, data: bytes) -> Path:
        name = _UNSAFE_NAME.sub("_", Path(filename).name).strip(". ") or "lampiran"
        folder = Path(tempfile.mkdtemp(dir=self._dir()))  # one folder each: names may repeat
        target = folder / name[:120]
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | O_BINARY, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        return target

    def cleanup(self) -> None:
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
