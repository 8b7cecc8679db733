"""Downloads in progress on disk: sealed piece by piece as they stream in, resumable after a cut.

A full photo downloading over a field link can sit half-done for hours (the link was cut, the desk
was closed). On a computer that may be stolen those bytes must be as unreadable as the finished
cache (docs/security.md, "A stolen desk PC"). So every piece is sealed before it touches the disk
(AES-256-GCM under the profile's file key, `FileCipher.seal_piece`) and appended as a record:

    file   = "LPP1" record*
    record = plaintext length (4 bytes, big-endian) | nonce (12) | ciphertext | tag (16)

Each record's associated data binds it to the download (the attachment's SHA-256) and to the offset
of its first byte, so records cannot be reordered, dropped from the middle or spliced in from
another download. A kill or power cut can leave a torn last record: `size()` keeps the records
that open, truncates the rest, and the download continues from there with `Range`. Files are named
by an HMAC of the SHA-256, like the cache: the folder does not say which photo is coming.

A store without a key (a plain unit-test store, the bench's plain baseline) gets `PlainPart`: the
bytes as they come, as before.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import BinaryIO, Protocol

from lapor_desk.models.crypto import (
    O_BINARY,
    PIECE_MAGIC,
    PIECE_OVERHEAD,
    FileCipher,
    SealError,
)

_LEN = 4
#: a record longer than this is damage, not data (pieces are network reads of ≤ 64 kB)
MAX_PIECE = 4 * 1024 * 1024


class Part(Protocol):
    """Where a download's bytes wait until the whole file is there (see `transfers.fetch_into`)."""

    path: Path

    def size(self) -> int:
        """Plain bytes held (a damaged tail is dropped first)."""
        ...

    def begin(self, offset: int) -> None:
        """Start writing at `offset`: 0 starts over, else it must be `size()`."""
        ...

    def write(self, data: bytes) -> None: ...

    def end(self) -> None:
        """Flush, fsync and close what `begin` opened (also after a failure)."""
        ...

    def read(self) -> bytes:
        """The whole plain content (in memory)."""
        ...

    def remove(self) -> None: ...


def _sync_close(out: BinaryIO | None) -> None:
    if out is None:
        return
    try:
        out.flush()
        with contextlib.suppress(OSError):
            os.fsync(out.fileno())
    finally:
        out.close()


class PlainPart:
    """The bytes as they arrive (stores without a key)."""

    def __init__(self, path: Path):
        self.path = path
        self._out: BinaryIO | None = None

    def size(self) -> int:
        return self.path.stat().st_size if self.path.is_file() else 0

    def begin(self, offset: int) -> None:
        self._out = open(self.path, "ab" if offset else "wb")  # noqa: SIM115 (closed by end)
        if offset:
            self._out.truncate(offset)

    def write(self, data: bytes) -> None:
        assert self._out is not None
        self._out.write(data)

    def end(self) -> None:
        out, self._out = self._out, None
        _sync_close(out)

    def read(self) -> bytes:
        return self.path.read_bytes()

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


class SealedPart:
    """A download sealed record by record (the module docstring has the format)."""

    def __init__(self, folder: Path, files: FileCipher, sha256: str):
        self.path = folder / files.cache_name(f"partial:{sha256}")
        self._files = files
        self._context = f"partial:{sha256}"
        self._out: BinaryIO | None = None
        self._held = 0

    def _records(self, blob: bytes):  # type: ignore[no-untyped-def]
        """(end position, offset, plaintext) of every record that opens, in order; stops at the
        first torn or damaged one."""
        at, offset = len(PIECE_MAGIC), 0
        while at + _LEN <= len(blob):
            n = int.from_bytes(blob[at : at + _LEN], "big")
            end = at + _LEN + n + PIECE_OVERHEAD
            if n == 0 or n > MAX_PIECE or end > len(blob):
                return
            try:
                plain = self._files.open_piece(blob[at + _LEN : end], self._context, offset)
            except SealError:
                return
            yield end, offset, plain
            at, offset = end, offset + n

    def size(self) -> int:
        try:
            blob = self.path.read_bytes()
        except OSError:
            self._held = 0
            return 0
        if blob[: len(PIECE_MAGIC)] != PIECE_MAGIC:
            self.path.unlink(missing_ok=True)  # not ours (or torn before the header)
            self._held = 0
            return 0
        good_end, held = len(PIECE_MAGIC), 0
        for end, offset, plain in self._records(blob):
            good_end, held = end, offset + len(plain)
        if good_end < len(blob):  # a torn or damaged tail: continue from the last good record
            with open(self.path, "r+b") as fh:
                fh.truncate(good_end)
        self._held = held
        return held

    def begin(self, offset: int) -> None:
        if offset:
            if offset != self.size():
                raise ValueError("a sealed download continues only at its end")
            self._out = open(self.path, "ab")  # noqa: SIM115 (closed by end)
            return
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | O_BINARY, 0o600)
        self._out = os.fdopen(fd, "wb")
        self._out.write(PIECE_MAGIC)
        self._held = 0

    def write(self, data: bytes) -> None:
        assert self._out is not None
        for at in range(0, len(data), MAX_PIECE):
            piece = data[at : at + MAX_PIECE]
            sealed = self._files.seal_piece(piece, self._context, self._held)
            self._out.write(len(piece).to_bytes(_LEN, "big") + sealed)
            self._held += len(piece)

    def end(self) -> None:
        out, self._out = self._out, None
        _sync_close(out)

    def read(self) -> bytes:
        blob = self.path.read_bytes()
        if blob[: len(PIECE_MAGIC)] != PIECE_MAGIC:
            raise OSError(f"{self.path.name} is not a sealed download")
        pieces, good_end = [], len(PIECE_MAGIC)
        for end, _offset, plain in self._records(blob):
            pieces.append(plain)
            good_end = end
        if good_end != len(blob):
            raise OSError(f"{self.path.name} is damaged")
        return b"".join(pieces)

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


def part_for(folder: Path, files: FileCipher | None, sha256: str) -> Part:
    """The partial download of `sha256` in `folder`: sealed when the profile has a key."""
    if files is None:
        return PlainPart(folder / sha256)
    (folder / sha256).unlink(missing_ok=True)  # a plain one an older desk left: start over
    return SealedPart(folder, files, sha256)
