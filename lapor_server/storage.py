"""Content-addressed attachment storage on disk: `<attachments_dir>/<sha[:2]>/<sha256>`.

Files are written to a temporary name, fsynced and renamed, so a crash never leaves a partial
file under a hash name; the metadata row (`attachments`) is inserted by the caller in its
transaction after the file is in place. Used by seeding here and by the attachments router.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from lapor_server.models import Attachment


def path_for(attachments_dir: Path, sha256: str) -> Path:
    return Path(attachments_dir) / sha256[:2] / sha256


def write_file(attachments_dir: Path, sha256: str, data: bytes) -> Path:
    """Write `data` under its hash (atomically); an existing file is kept."""
    target = path_for(attachments_dir, sha256)
    if target.is_file() and target.stat().st_size == len(data):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{sha256}.{secrets.token_hex(4)}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, target)
    return target


def store_bytes(
    s: Session,
    attachments_dir: Path,
    data: bytes,
    media_type: str,
    now: datetime,
    *,
    user_id: int | None = None,
    channel_id: int | None = None,
) -> tuple[str, bool]:
    """Store bytes and their metadata row; returns (sha256, created)."""
    sha = hashlib.sha256(data).hexdigest()
    if s.get(Attachment, sha) is not None:
        return sha, False
    path = write_file(attachments_dir, sha, data)
    s.add(
        Attachment(
            sha256=sha,
            size=len(data),
            media_type=media_type,
            storage_path=str(path.relative_to(Path(attachments_dir))),
            created_at=now,
            uploaded_by=user_id,
            uploaded_by_channel=channel_id,
        )
    )
    s.flush()
    return sha, True
