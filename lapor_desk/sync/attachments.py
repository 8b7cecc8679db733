"""Attachments: fetched lazily (when the officer opens one), verified by hash, cached per profile.

Uploads happen in the engine's push (before the ops that reference them). A download is written to
a temporary file, its SHA-256 compared with the name it was asked for, then moved into
`<profile>/cache/<sha256>` and recorded in `attachments.cache_path`; a mismatch keeps nothing.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from lapor_core.wire import DEFAULT_ATTACHMENT_LIMIT, is_sha256
from lapor_desk.errors import ProtocolError, ValidationError
from lapor_desk.models.store import Store
from lapor_desk.paths import cache_dir, ensure_private_dir
from lapor_desk.sync.transport import Transport


def cached_path(store: Store, sha256: str) -> Path | None:
    """The local copy of an attachment if the desk has one (downloaded or attached here)."""
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


def fetch(
    store: Store, transport: Transport, sha256: str, *, max_bytes: int = DEFAULT_ATTACHMENT_LIMIT
) -> Path:
    """Return the cached file for `sha256`, downloading and verifying it first if needed."""
    if not is_sha256(sha256):
        raise ValidationError("Lampiran tidak dikenal.", detail_en="Unknown attachment.")
    have = cached_path(store, sha256)
    if have is not None:
        return have
    data = transport.get_bytes(f"attachments/{sha256}", max_bytes=max_bytes)
    if hashlib.sha256(data).hexdigest() != sha256:
        raise ProtocolError(
            f"attachment {sha256[:12]} arrived damaged (hash mismatch)", reason="hash"
        )
    folder = ensure_private_dir(cache_dir(store.path.parent))
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
    with store.write_conn() as conn:
        conn.exec_driver_sql(
            "UPDATE attachments SET cache_path = ? WHERE sha256 = ?", (str(target), sha256)
        )
    return target
