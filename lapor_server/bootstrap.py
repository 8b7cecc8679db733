"""The bootstrap file of a first sync: a scope's reports as one compressed file, with its cursor.

A new or wiped desk would otherwise read its whole scope page by page. Instead it asks
`GET /api/v1/bootstrap` and downloads one file (resumable with `Range`): zstd-compressed lines,
the first a header `{"format", "cursor", "count", ...}`, then one report per line — all read in
one snapshot of the database at the counter the cursor carries, from the pre-encoded snapshots of
the caller's audience (`lapor_server.encoded`), in feed order. The desk loads them and goes on
with the normal feed from that cursor, so anything that changed meanwhile still arrives.

Two formats (docs/api.md "Bootstrap"): 1 (the default, what desks before format 2 read): one
report snapshot per line, the feed's own bytes; 2 (`?format=2`): the desk's rows
(`lapor_core/rows.py`) — `[report, [event, ...], [file, ...]]` as arrays, columns named in the
header — so a desk inserts them without parsing snapshots.

Freshness (the file is refreshed by the feed, not re-cut per change): a scope's newest file is
served as long as it is younger than `MAX_AGE` and fewer than `behind_limit(count)` of its
reports changed since it was cut; the desk then reads those few changes from the feed after the
file's cursor. Otherwise a new file is cut, but at most one per scope and format every
`CUT_INTERVAL` (meanwhile the newest file is served: still correct, only more feed to read), and
one at a time per scope. Files are kept per (database epoch, scope, counter, rules) under
`<attachments_dir>/bootstrap/`, each name the same bytes for its whole life (so a `Range`
continues the same file). Superseded files go ten minutes after a newer one; `prune` (the
periodic job) removes those, leftovers of interrupted cuts, and every file of a scope nobody has
asked for in `IDLE_SCOPE` seconds. A file name is bound to its scope: a caller may fetch only
its own scope's files (anything else is the same 404 as a missing file).
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import os
import re
import secrets
import threading
import time
from pathlib import Path
from typing import Any

import orjson
import sqlalchemy as sa
import zstandard

from lapor_core import rows as desk_rows
from lapor_core.workflow import AGENCY_STATUSES, Role, values
from lapor_server import encoded
from lapor_server.auth import AuthUser
from lapor_server.db import Database
from lapor_server.feed import COUNTER_KEY, Cursor, _meta, scope_of
from lapor_server.models import Report

FORMAT = 1
#: the newest format this server writes (a desk asking for a newer one gets this one)
NEWEST_FORMAT = 2
DIR = "bootstrap"
NAME = re.compile(r"^([0-9a-f]{16})-(\d+)-([0-9a-f]{16})(\.rows)?\.ndjson\.zst$")
#: a file older than this is not served when the scope changed since (seconds)
MAX_AGE = 6 * 3600
#: at most one new file per scope and format this often (seconds)
CUT_INTERVAL = 600
#: files of a scope nobody asked for in this long are removed by `prune` (seconds)
IDLE_SCOPE = 7 * 24 * 3600
#: superseded files stay this long, so a download in progress can finish (seconds)
KEEP_SUPERSEDED = 600
#: format 2 rows depend on the snapshot rules and on how lapor_core.rows makes rows
ROWS_RULES = hashlib.sha256((encoded.RULES + inspect.getsource(desk_rows)).encode()).hexdigest()[
    :16
]
_cut_locks: dict[str, threading.Lock] = {}
_cut_locks_guard = threading.Lock()
_AGENCY_STATUS_VALUES = values(AGENCY_STATUSES)
_BATCH = 1000


def scope_key(epoch: str, user: AuthUser) -> str:
    return hashlib.sha256(f"{epoch}|{scope_of(user)}".encode()).hexdigest()[:16]


def folder(attachments_dir: Path) -> Path:
    return Path(attachments_dir) / DIR


def behind_limit(count: int) -> int:
    """How many of a scope's reports may have changed since its file was cut for the file to
    still be served: 5 % of the scope, at least 1,000 (one feed page)."""
    return max(1000, count // 20)


def _name(key: str, counter: int, fmt: int) -> str:
    if fmt >= 2:
        return f"{key}-{counter}-{ROWS_RULES}.rows.ndjson.zst"
    return f"{key}-{counter}-{encoded.RULES}.ndjson.zst"


def _files_of(folder_: Path, key: str, fmt: int) -> list[tuple[int, Path]]:
    """(counter, path) of a scope's files in one format under the running rules, newest last."""
    rules = ROWS_RULES if fmt >= 2 else encoded.RULES
    found = []
    for path in folder_.glob(f"{key}-*.ndjson.zst"):
        m = NAME.match(path.name)
        if m and m.group(3) == rules and bool(m.group(4)) == (fmt >= 2):
            found.append((int(m.group(2)), path))
    return sorted(found)


def _lock(name: str) -> threading.Lock:
    with _cut_locks_guard:
        return _cut_locks.setdefault(name, threading.Lock())


def prepare(
    db: Database,
    user: AuthUser,
    attachments_dir: Path,
    *,
    min_count: int = 0,
    fmt: int = FORMAT,
    now: float | None = None,
) -> dict[str, Any]:
    """The caller's bootstrap file: its name, cursor, report count, size and format; cut now
    when there is none fresh enough (see the module's freshness rule). A scope smaller than
    `min_count` gets no file (`name` null): reading a few feed pages is as quick for it."""
    fmt = max(FORMAT, min(int(fmt), NEWEST_FORMAT))
    now = time.time() if now is None else now
    where = folder(attachments_dir)
    with db.read(snapshot=True) as s:
        meta = _meta(s)
        epoch = meta.get("epoch", "")
        counter = int(meta.get(COUNTER_KEY) or 0)
        key = scope_key(epoch, user)
        scope_rows = _scope_rows(s, user)
        if len(scope_rows) < min_count:
            return {"name": None, "cursor": None, "count": len(scope_rows), "size": 0}
        where.mkdir(parents=True, exist_ok=True)
        (where / f"{key}.asked").touch()  # `prune` keeps the files of scopes still asked for
        target = _choose(where, key, fmt, counter, scope_rows, now)
        if target is None:
            with _lock(f"{key}-{fmt}"):
                # Another request of this scope may have cut it while this one waited.
                target = _choose(where, key, fmt, counter, scope_rows, time.time())
                if target is None:
                    target = where / _name(key, counter, fmt)
                    cursor = Cursor(epoch, counter, scope_of(user), counter).encode()
                    _write(s, user, target, cursor, scope_rows, fmt)
    _drop_superseded(where, key, fmt, now)
    with open(target, "rb") as f:
        header = _first_line(f)
    return {
        "name": target.name,
        "cursor": header["cursor"],
        "count": header["count"],
        "size": target.stat().st_size,
        "format": header.get("format", FORMAT),
    }


def _choose(
    where: Path, key: str, fmt: int, counter: int, scope_rows: list[tuple[str, int]], now: float
) -> Path | None:
    """The scope's file to serve as it is, or None when a new one is to be cut."""
    files = _files_of(where, key, fmt)
    if not files:
        return None
    cut_at, newest = files[-1]
    if cut_at == counter:
        return newest  # nothing changed anywhere since
    age = now - newest.stat().st_mtime
    if age < CUT_INTERVAL:
        return newest  # the rate limit: the feed carries what changed since
    behind = sum(1 for _rid, seq in scope_rows if seq > cut_at)
    if age < MAX_AGE and behind < behind_limit(len(scope_rows)):
        return newest
    return None


def _drop_superseded(where: Path, key: str, fmt: int, now: float) -> None:
    """Files older than the scope's newest go once the newest has existed `KEEP_SUPERSEDED`
    (a download of an older file that started before it can still finish)."""
    files = _files_of(where, key, fmt)
    with contextlib.suppress(OSError):
        if not files or files[-1][1].stat().st_mtime > now - KEEP_SUPERSEDED:
            return
        for _counter, old in files[:-1]:
            old.unlink()


def prune(attachments_dir: Path, now: float | None = None) -> int:
    """Remove every file of scopes nobody asked for in `IDLE_SCOPE`, files cut under other rules
    or superseded by a newer one (after `KEEP_SUPERSEDED`), and leftovers of interrupted cuts;
    returns how many files went (the periodic job calls it)."""
    now = time.time() if now is None else now
    where = folder(attachments_dir)
    if not where.is_dir():
        return 0
    doomed: list[Path] = []
    groups: dict[tuple[str, bool, str], list[tuple[int, Path]]] = {}
    for path in where.iterdir():
        try:
            mtime = path.stat().st_mtime
        except OSError:
            continue
        m = NAME.match(path.name)
        if m is None:
            if path.name.endswith(".asked"):
                if mtime < now - IDLE_SCOPE:
                    doomed.append(path)
            elif path.name.startswith(".") and mtime < now - 3600:
                doomed.append(path)  # a cut that died before its rename
            continue
        key, rules = m.group(1), m.group(3)
        asked = where / f"{key}.asked"
        asked_at = asked.stat().st_mtime if asked.exists() else mtime
        if asked_at < now - IDLE_SCOPE:
            doomed.append(path)
        elif rules not in (encoded.RULES, ROWS_RULES):
            if mtime < now - KEEP_SUPERSEDED:
                doomed.append(path)
        else:
            groups.setdefault((key, bool(m.group(4)), rules), []).append((int(m.group(2)), path))
    for files in groups.values():
        files.sort()
        if files[-1][1].stat().st_mtime < now - KEEP_SUPERSEDED:
            doomed.extend(path for _counter, path in files[:-1])
    removed = 0
    for path in doomed:
        with contextlib.suppress(OSError):
            path.unlink()
            removed += 0 if path.name.endswith(".asked") else 1
    return removed


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


def _write(
    s: Any,
    user: AuthUser,
    target: Path,
    cursor: str,
    scope_rows: list[tuple[str, int]],
    fmt: int,
) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}")
    header: dict[str, Any] = {"format": fmt, "cursor": cursor, "count": len(scope_rows)}
    if fmt >= 2:
        header["columns"] = {
            "reports": desk_rows.REPORT_ROW,
            "events": desk_rows.EVENT_ROW,
            "attachments": desk_rows.ATTACHMENT_ROW,
        }
    try:
        with open(tmp, "wb") as raw:
            cctx = zstandard.ZstdCompressor(level=3, write_checksum=True)
            with cctx.stream_writer(raw, closefd=False) as out:
                out.write(orjson.dumps(header) + b"\n")
                for at in range(0, len(scope_rows), _BATCH):
                    chunk = scope_rows[at : at + _BATCH]
                    snaps = encoded.load(s, chunk, user.role, user.agency_code)
                    lines = []
                    for rid, _ in chunk:
                        body = snaps.get(rid)
                        if body is None:
                            continue
                        lines.append(body if fmt < 2 else _row_line(body))
                    if lines:
                        out.write(b"\n".join(lines) + b"\n")
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _row_line(body: bytes) -> bytes:
    """A format-2 line: the desk's rows of one encoded snapshot."""
    snap = orjson.loads(body)
    return orjson.dumps(
        (
            desk_rows.report_values(snap),
            desk_rows.event_values(snap),
            desk_rows.attachment_values(snap),
        )
    )


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
