"""The bootstrap file of a first sync: a scope's reports as one compressed file, with its cursor.

A new or wiped desk would otherwise read its whole scope page by page. Instead it asks
`GET /api/v1/bootstrap` and downloads one file (resumable with `Range`): zstd-compressed lines,
the first `{"format": 1, "cursor", "count", "scope"}`, then one report snapshot per line — the
pre-encoded bytes of the caller's audience (`lapor_server.encoded`), in feed order, all read in
one snapshot of the database with the counter the cursor carries. The desk loads them and goes on
with the normal feed from that cursor, so anything that changed meanwhile still arrives.

Files are kept per (database epoch, scope, counter, snapshot rules) under
`<attachments_dir>/bootstrap/`: a desk asking while nothing changed gets the same file, and each
name stays the same bytes for its whole life (so a `Range` continues the same file). Older files
of a scope are removed when a newer one is made. A file name is bound to its scope: a caller may
fetch only its own scope's files (anything else is the same 404 as a missing file).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
from pathlib import Path
from typing import Any

import orjson
import sqlalchemy as sa
import zstandard

from lapor_core.workflow import AGENCY_STATUSES, Role, values
from lapor_server import encoded
from lapor_server.auth import AuthUser
from lapor_server.db import Database
from lapor_server.feed import COUNTER_KEY, Cursor, _meta, scope_of
from lapor_server.models import Report

FORMAT = 1
DIR = "bootstrap"
NAME = re.compile(r"^([0-9a-f]{16})-(\d+)-([0-9a-f]{16})\.ndjson\.zst$")
_AGENCY_STATUS_VALUES = values(AGENCY_STATUSES)
_BATCH = 1000


def scope_key(epoch: str, user: AuthUser) -> str:
    return hashlib.sha256(f"{epoch}|{scope_of(user)}".encode()).hexdigest()[:16]


def folder(attachments_dir: Path) -> Path:
    return Path(attachments_dir) / DIR


def prepare(
    db: Database, user: AuthUser, attachments_dir: Path, *, min_count: int = 0
) -> dict[str, Any]:
    """The caller's bootstrap file (made now unless the current one exists): its name, cursor,
    report count and size. A scope smaller than `min_count` gets no file (`name` null): reading
    a few feed pages is as quick for it."""
    with db.read(snapshot=True) as s:
        meta = _meta(s)
        epoch = meta.get("epoch", "")
        counter = int(meta.get(COUNTER_KEY) or 0)
        key = scope_key(epoch, user)
        name = f"{key}-{counter}-{encoded.RULES}.ndjson.zst"
        cursor = Cursor(epoch, counter, scope_of(user), counter).encode()
        target = folder(attachments_dir) / name
        rows = _scope_rows(s, user)
        if len(rows) < min_count:
            return {"name": None, "cursor": None, "count": len(rows), "size": 0}
        if not target.is_file():
            _write(s, user, target, cursor, rows)
    for old in folder(attachments_dir).glob(f"{key}-*.ndjson.zst"):
        if old.name != name and old.stat().st_mtime < target.stat().st_mtime - 600:
            with contextlib.suppress(OSError):
                old.unlink()  # kept ten minutes, so a download in progress can finish
    with open(target, "rb") as f:
        header = _first_line(f)
    return {
        "name": name,
        "cursor": header["cursor"],
        "count": header["count"],
        "size": target.stat().st_size,
    }


def _first_line(f: Any) -> dict[str, Any]:
    with zstandard.ZstdDecompressor().stream_reader(f) as r:
        head = r.read(4096)
    return orjson.loads(head.split(b"\n", 1)[0])


def _scope_rows(s: Any, user: AuthUser) -> list[tuple[str, int]]:
    q = sa.select(Report.id, Report.feed_seq).order_by(Report.feed_seq)
    if user.role == Role.PETUGAS:
        q = q.where(
            Report.agency_code == user.agency_code, Report.status.in_(_AGENCY_STATUS_VALUES)
        )
    elif user.role not in (Role.KOORDINATOR, Role.PIMPINAN, Role.ADMIN):
        return []
    return [(rid, seq) for rid, seq in s.execute(q).all()]


def _write(s: Any, user: AuthUser, target: Path, cursor: str, rows: list[tuple[str, int]]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}")
    try:
        with open(tmp, "wb") as raw:
            cctx = zstandard.ZstdCompressor(level=3, write_checksum=True)
            with cctx.stream_writer(raw, closefd=False) as out:
                header = {"format": FORMAT, "cursor": cursor, "count": len(rows)}
                out.write(orjson.dumps(header) + b"\n")
                for at in range(0, len(rows), _BATCH):
                    chunk = rows[at : at + _BATCH]
                    snaps = encoded.load(s, chunk, user.role, user.agency_code)
                    for rid, _ in chunk:
                        body = snaps.get(rid)
                        if body is not None:
                            out.write(body + b"\n")
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def file_for(db: Database, user: AuthUser, attachments_dir: Path, name: str) -> Path | None:
    """The file `name` when it is the caller's scope's and exists; else None."""
    m = NAME.match(name)
    if m is None:
        return None
    with db.read() as s:
        epoch = _meta(s).get("epoch", "")
    if m.group(1) != scope_key(epoch, user):
        return None
    path = folder(attachments_dir) / name
    return path if path.is_file() else None
