"""Content-addressed attachment storage on disk: `<attachments_dir>/ab/cd/<sha256>`.

Files are written to a temporary name inside the attachments directory (same file system),
fsynced and renamed, so a crash never leaves a partial file under a hash name; the metadata row
(`attachments`) is inserted by the caller in its transaction after the file is in place. An
interrupted upload removes its temporary file under `tmp/`; only a killed process can leave one
behind (`clean_tmp()` removes them — call it only while no server uses the directory).

Uploads stream through `Upload`: each chunk is hashed and written as it arrives, so a 20 MB photo
never sits in memory. `sniff()` checks the first bytes (and, for office documents, the zip
directory) against the declared media type, so a program renamed to `.jpg` is refused.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import os
import secrets
import zipfile
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from lapor_server.models import Attachment

TMP_DIR = "tmp"
_HEAD = 8192


def path_for(attachments_dir: Path, sha256: str) -> Path:
    return Path(attachments_dir) / sha256[:2] / sha256[2:4] / sha256


def relative_path(sha256: str) -> str:
    return f"{sha256[:2]}/{sha256[2:4]}/{sha256}"


def resolve(attachments_dir: Path, storage_path: str) -> Path | None:
    """The file for a stored `storage_path`, refusing anything that leaves the directory."""
    root = Path(attachments_dir).resolve()
    p = (root / storage_path).resolve()
    if root not in p.parents:
        return None
    return p


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


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
    _fsync_dir(target.parent)
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
    """Store bytes and their metadata row; returns (sha256, created). Used by seeding."""
    sha = hashlib.sha256(data).hexdigest()
    if s.get(Attachment, sha) is not None:
        return sha, False
    write_file(attachments_dir, sha, data)
    s.add(
        Attachment(
            sha256=sha,
            size=len(data),
            media_type=media_type,
            storage_path=relative_path(sha),
            created_at=now,
            uploaded_by=user_id,
            uploaded_by_channel=channel_id,
        )
    )
    s.flush()
    return sha, True


def clean_tmp(attachments_dir: Path) -> None:
    """Remove temporary files a killed server left behind (no server may be running)."""
    tmp = Path(attachments_dir) / TMP_DIR
    if tmp.is_dir():
        for p in tmp.iterdir():
            with contextlib.suppress(OSError):
                p.unlink()


class Upload:
    """One streamed upload: `write(chunk)` as bytes arrive, then `commit()` or `discard()`."""

    def __init__(self, attachments_dir: Path):
        self.attachments_dir = Path(attachments_dir)
        tmp_dir = self.attachments_dir / TMP_DIR
        tmp_dir.mkdir(parents=True, exist_ok=True)
        self.tmp_path = tmp_dir / f"upload-{secrets.token_hex(8)}"
        self._file = open(self.tmp_path, "wb")  # noqa: SIM115 - closed in commit/discard
        self._hash = hashlib.sha256()
        self.size = 0
        self.head = b""

    def write(self, chunk: bytes) -> None:
        self._hash.update(chunk)
        self._file.write(chunk)
        if len(self.head) < _HEAD:
            self.head += chunk[: _HEAD - len(self.head)]
        self.size += len(chunk)

    @property
    def sha256(self) -> str:
        return self._hash.hexdigest()

    def finish(self) -> None:
        """Make the bytes durable (before anyone is told they are stored)."""
        if not self._file.closed:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()

    def commit(self, sha256: str) -> Path:
        """Move the finished file under its hash; an existing file with that hash is kept."""
        self.finish()
        target = path_for(self.attachments_dir, sha256)
        if target.is_file() and target.stat().st_size == self.size:
            self.discard()
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self.tmp_path, target)
        _fsync_dir(target.parent)
        return target

    def discard(self) -> None:
        if not self._file.closed:
            self._file.close()
        with contextlib.suppress(FileNotFoundError):
            self.tmp_path.unlink()


# --- content sniffing ----------------------------------------------------------------------------

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_OOXML_PART = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "word/",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xl/",
}
_ODF = {
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
}
#: first bytes of formats that must never be accepted as text
_BINARY_MAGIC = (
    b"\xff\xd8\xff",
    b"\x89PNG",
    b"GIF8",
    b"%PDF-",
    _OLE2,
    _ZIP,
    b"MZ",
    b"\x7fELF",
    b"RIFF",
)


def _is_text(path: Path, head: bytes) -> bool:
    if b"\x00" in head or head.startswith(_BINARY_MAGIC):
        return False
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as f:
            while chunk := f.read(65536):
                if b"\x00" in chunk:
                    return False
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _zip_names(path: Path) -> list[str] | None:
    try:
        with zipfile.ZipFile(path) as z:
            return z.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def sniff(media_type: str, path: Path, head: bytes) -> bool:
    """Whether the file's content is really of `media_type` (one of the allowed types)."""
    match media_type:
        case "image/jpeg":
            return head.startswith(b"\xff\xd8\xff")
        case "image/png":
            return head.startswith(b"\x89PNG\r\n\x1a\n")
        case "image/gif":
            return head.startswith((b"GIF87a", b"GIF89a"))
        case "image/webp":
            return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
        case "application/pdf":
            return head.startswith(b"%PDF-")
        case "application/msword" | "application/vnd.ms-excel":
            return head.startswith(_OLE2)
        case "text/plain":
            return _is_text(path, head)
    if media_type in _OOXML_PART:
        if not head.startswith(_ZIP):
            return False
        names = _zip_names(path)
        return (
            bool(names)
            and "[Content_Types].xml" in names
            and any(n.startswith(_OOXML_PART[media_type]) for n in names)
        )
    if media_type in _ODF:
        # ODF stores an uncompressed `mimetype` member first, holding the media type.
        return (
            head.startswith(_ZIP)
            and head[30:38] == b"mimetype"
            and (media_type.encode() in head[38 : 38 + 100])
        )
    return False
