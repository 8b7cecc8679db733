"""Photo previews for the field: a small JPEG (long side ≤ 640 px, ≤ 30 kB) of every image.

Made when an image is uploaded (and, for images stored before previews existed, by the periodic
job), kept beside the originals at `<attachments_dir>/previews/ab/cd/<sha256>.jpg`. A desk
prefetches the previews of every report in its queue, so an officer on a slow link sees each
photo at once and downloads the full file only when it is needed.

Privacy and safety: a preview is a new JPEG made from the pixels only — no EXIF (no GPS position,
no camera owner), no ICC profile, no comments; it is served under exactly the same access rule as
its original (`routers.attachments.visible_attachment`). Images above `MAX_PIXELS` (decompression
bombs) and files Pillow cannot read get no preview (a marker file says so, so they are not tried
again every round); the full file stays available as before.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import secrets
from pathlib import Path

log = logging.getLogger("lapor_server.previews")

LONG_SIDE = 640
MAX_BYTES = 30_000
MAX_PIXELS = 60_000_000
PREVIEW_DIR = "previews"
IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"})
_QUALITIES = (80, 70, 60, 50, 40, 30)
#: several previews in one answer (`POST /api/v1/attachments/previews`, docs/api.md): at most
#: this many asked for, and the answer stops before this many bytes
MAX_BATCH = 32
MAX_BATCH_BYTES = 1024 * 1024
BATCH_MEDIA_TYPE = "application/vnd.lapor.previews"
_SIDES = (LONG_SIDE, 480, 360, 240)


def preview_path(attachments_dir: Path, sha256: str) -> Path:
    return Path(attachments_dir) / PREVIEW_DIR / sha256[:2] / sha256[2:4] / f"{sha256}.jpg"


def _marker(attachments_dir: Path, sha256: str) -> Path:
    return preview_path(attachments_dir, sha256).with_suffix(".none")


def render(source: Path) -> bytes | None:
    """The preview JPEG of an image file, or None when it cannot be made."""
    from PIL import Image, ImageOps

    try:
        with Image.open(source) as im:
            if im.width * im.height > MAX_PIXELS:
                return None
            im.draft("RGB", (LONG_SIDE * 2, LONG_SIDE * 2))  # JPEG: decode at a reduced scale
            im = ImageOps.exif_transpose(im)  # upright, as the camera meant it
            if im.mode in ("RGBA", "LA", "P"):
                im = im.convert("RGBA")
                flat = Image.new("RGB", im.size, (255, 255, 255))
                flat.paste(im, mask=im.getchannel("A"))
                im = flat
            else:
                im = im.convert("RGB")
            for side in _SIDES:
                small = im.copy()
                small.thumbnail((side, side), Image.Resampling.LANCZOS)
                for quality in _QUALITIES:
                    out = io.BytesIO()
                    small.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
                    if out.tell() <= MAX_BYTES:
                        return out.getvalue()
    except (OSError, ValueError, Image.DecompressionBombError, SyntaxError) as exc:
        log.info("no preview for %s: %s", source.name, exc)
    return None


def ensure(attachments_dir: Path, sha256: str, source: Path, media_type: str) -> Path | None:
    """Make the preview of a stored image unless it exists (or is known impossible)."""
    if media_type not in IMAGE_TYPES:
        return None
    target = preview_path(attachments_dir, sha256)
    if target.is_file():
        return target
    if _marker(attachments_dir, sha256).exists():
        return None
    data = render(source)
    target.parent.mkdir(parents=True, exist_ok=True)
    if data is None:
        _marker(attachments_dir, sha256).touch()
        return None
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}")
    try:
        with open(tmp, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return target


def batch_body(found: list[tuple[str, bytes]]) -> bytes:
    """The answer of a preview batch: for each preview `<sha256> <size>\n` + its bytes, in the
    order given; previews past `MAX_BATCH_BYTES` as `more <sha256>\n` (the client asks again);
    then `end\n`, so a client can tell an answer cut by the link from a complete one."""
    parts: list[bytes] = []
    total = 0
    for sha256, data in found:
        head = f"{sha256} {len(data)}\n".encode()
        if parts and total + len(head) + len(data) > MAX_BATCH_BYTES:
            parts.append(f"more {sha256}\n".encode())
            continue
        parts += (head, data)
        total += len(head) + len(data)
    parts.append(b"end\n")
    return b"".join(parts)


def after_store(attachments_dir: Path, sha256: str, media_type: str) -> None:
    """The preview of a freshly stored image (best effort: the periodic job retries failures)."""
    from lapor_server.storage import path_for

    try:
        ensure(attachments_dir, sha256, path_for(attachments_dir, sha256), media_type)
    except OSError:
        log.exception("preview of %s failed", sha256)


def backfill(db, attachments_dir: Path, *, limit: int = 200) -> int:  # type: ignore[no-untyped-def]
    """Previews for stored images that have none yet (at most `limit` per call)."""
    import sqlalchemy as sa

    from lapor_server.models import Attachment
    from lapor_server.storage import resolve

    made = 0
    with db.read() as s:
        rows = s.execute(
            sa.select(Attachment.sha256, Attachment.media_type, Attachment.storage_path).where(
                Attachment.media_type.in_(sorted(IMAGE_TYPES))
            )
        ).all()
    for sha, media_type, storage_path in rows:
        if made >= limit:
            break
        if preview_path(attachments_dir, sha).is_file() or _marker(attachments_dir, sha).exists():
            continue
        source = resolve(attachments_dir, storage_path)
        if source is None or not source.is_file():
            continue
        ensure(attachments_dir, sha, source, media_type)
        made += 1
    return made
