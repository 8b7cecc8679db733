"""Single-instance guard: one desk process per profile (server + account).

Two desks writing the same SQLite file would interleave syncs and confuse the officer; the OS file
lock on `<profile>/desk.lock` refuses the second one. The OS drops the lock when the holder dies
(even by kill -9), so a crash never leaves a stale lock behind. The file itself stays; it records
the holder's pid and host for the message.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

from lapor_desk.errors import ProfileInUseError
from lapor_desk.paths import LOCK_FILENAME, ensure_private_dir

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    # Lock one byte far past the pid/host text, so other processes can still read who holds it.
    _LOCK_OFFSET = 0x7FFFFFF0

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        # flock (not fcntl/lockf): two opens in the same process also exclude each other.
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class ProfileLock:
    """`with ProfileLock(profile_dir): ...` or `acquire()`/`release()`."""

    def __init__(self, profile_dir: Path):
        self.path = Path(profile_dir) / LOCK_FILENAME
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> ProfileLock:
        """Take the lock or raise `ProfileInUseError` naming the holder."""
        if self._fd is not None:
            return self
        ensure_private_dir(self.path.parent)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        if not _try_lock(fd):
            pid, host = _read_holder(fd)
            os.close(fd)
            raise ProfileInUseError(pid, host)
        # Only the holder writes: truncate and record who we are.
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n{socket.gethostname()}\n".encode())
        os.fsync(fd)
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            _unlock(fd)
        finally:
            os.close(fd)

    def __enter__(self) -> ProfileLock:
        return self.acquire()

    def __exit__(self, *exc_info: object) -> None:
        self.release()


def _read_holder(fd: int) -> tuple[int | None, str | None]:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        lines = os.read(fd, 512).decode("utf-8", "replace").splitlines()
    except OSError:
        return None, None
    pid = int(lines[0]) if lines and lines[0].strip().isdigit() else None
    host = lines[1].strip() if len(lines) > 1 and lines[1].strip() else None
    return pid, host
