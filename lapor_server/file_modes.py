"""The server's files are private whatever the umask (issue 12 #10; docs/security.md).

The database holds every reporter's identity and the password hashes; attachments are the
citizens' photos and documents; the TLS and demo CA keys sign for the server. `serve`, `init-db`
and `demo` set the process umask to 077 before they create anything, so every directory they make
is 0700 and every file 0600 (SQLite's `-wal`/`-shm`, attachment files and their temporary files,
keys, the demo's accounts file) — whatever umask the shell or service manager gave them.

Files that already exist keep their mode: `loose_files` finds those readable or writable by group
or others, `serve` logs a warning for each at start, and `lapor-server check-files` lists them
(exit 1) or fixes them with `--fix`.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger("lapor_server")

PRIVATE_UMASK = 0o077
#: how deep to look into the attachments directory (ab/cd/<sha256>: files are at depth 3)
_ATTACHMENT_DEPTH = 3
#: at most this many attachment entries are checked at start (a large store is checked by the CLI)
_START_LIMIT = 2000


def private_umask() -> int:
    """Make everything this process creates private; returns the previous umask."""
    return os.umask(PRIVATE_UMASK)


def sqlite_path(db_url: str) -> Path | None:
    prefix = "sqlite:///"
    if db_url.startswith(prefix) and ":memory:" not in db_url:
        path = db_url[len(prefix) :].split("?", 1)[0]
        return Path(path) if path else None
    return None


def _walk(root: Path, depth: int, limit: int | None) -> Iterable[Path]:
    count = 0
    stack = [(root, 0)]
    while stack:
        path, level = stack.pop()
        yield path
        count += 1
        if limit is not None and count >= limit:
            return
        if level < depth and path.is_dir() and not path.is_symlink():
            try:
                stack.extend((child, level + 1) for child in sorted(path.iterdir()))
            except OSError:
                continue


def server_files(
    db_url: str,
    attachments_dir: Path | None,
    extra: Iterable[str | os.PathLike | None] = (),
    *,
    limit: int | None = None,
) -> list[Path]:
    """The existing files and directories that must be private."""
    paths: list[Path] = []
    db = sqlite_path(db_url)
    if db is not None:
        paths += [db, Path(f"{db}-wal"), Path(f"{db}-shm"), Path(f"{db}-journal")]
    if attachments_dir is not None:
        paths += list(_walk(Path(attachments_dir), _ATTACHMENT_DEPTH, limit))
    paths += [Path(p) for p in extra if p]
    return [p for p in paths if p.exists()]


def loose_files(paths: Iterable[Path]) -> list[tuple[Path, int]]:
    """(path, mode) of those any group or other user may read, write or enter."""
    out = []
    for path in paths:
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except OSError:
            continue
        if mode & 0o077:
            out.append((path, mode))
    return out


def tighten(path: Path) -> None:
    os.chmod(path, 0o700 if path.is_dir() else 0o600)


def warn_loose(paths: Iterable[Path]) -> int:
    """Log a warning per loose file (at server start); returns how many."""
    found = loose_files(paths)
    for path, mode in found:
        log.warning(
            "%s can be read by other users of this computer (mode %04o); it holds reporters' "
            "data or keys: run `lapor-server check-files --fix` (or chmod %s)",
            path,
            mode,
            "700" if path.is_dir() else "600",
        )
    return len(found)
