"""HTTP content codings shared by desk and server: which coding to use, and strict decoding.

gzip always (zlib, standard library); zstd when the `zstandard` package is installed (it is a
dependency of both; a build without it still speaks gzip). Decoding is strict on purpose: a body
must be exactly one complete stream of its coding — a truncated one (its gzip trailer or zstd
frame end missing), a corrupt one (gzip's CRC-32, zstd's frame checksum) or one with bytes after
the end is refused — and the decoded size is bounded while decoding, so a small body that
inflates to gigabytes stops at the bound instead of filling memory.

One exception, asked for by the caller: `frames=True` reads a zstd body of several complete
frames one after the other (RFC 8878 allows it; the server sends stored feed pages that way to
clients that say they read them, docs/api.md). Each frame is still checked whole; a body cut
inside a frame is `Truncated`, and one cut between frames decodes to incomplete JSON, which the
caller's JSON parser refuses.
"""

from __future__ import annotations

import zlib

try:
    import zstandard
except ImportError:  # pragma: no cover - installed with the desk and the server
    zstandard = None  # type: ignore[assignment]

#: codings this build can produce and read, preferred first
SUPPORTED: tuple[str, ...] = ("zstd", "gzip") if zstandard is not None else ("gzip",)
ZSTD_LEVEL = 3
#: above this size gzip runs at level 1 (level 6 costs ~8x the time for ~30% fewer bytes)
FAST_GZIP_FROM = 256 * 1024
#: request header (and its value) by which a client says it decodes zstd bodies of several
#: frames (`decompress(..., frames=True)`); docs/api.md, Compression
FRAMES_HEADER = "X-Lapor-Frames"
FRAMES_VALUE = "multi"
#: zstd input is fed in slices this small, so one call cannot inflate far past the bound
_ZSTD_SLICE = 1024


class DecodeError(ValueError):
    """Not one complete, valid stream of the coding."""


class Truncated(DecodeError):
    """The stream ends before its end marker: the body was cut."""


class TooLarge(ValueError):
    """The decoded body passed the bound."""


def accept_header() -> str:
    return ", ".join(SUPPORTED)


def choose(accept_encoding: str) -> str | None:
    """The coding to answer with for a client's `Accept-Encoding` (`None`: as is).

    A coding with `q=0` is refused by the client; `*` stands for any other; zstd wins."""
    allowed: dict[str, float] = {}
    for part in accept_encoding.split(","):
        name, _, params = part.strip().partition(";")
        name = name.strip().lower()
        if not name:
            continue
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        allowed[name] = q
    for coding in SUPPORTED:
        if allowed.get(coding, allowed.get("*", 0.0)) > 0:
            return coding
    return None


def compress(data: bytes, coding: str) -> bytes:
    if coding == "zstd" and zstandard is not None:
        return zstandard.ZstdCompressor(level=ZSTD_LEVEL, write_checksum=True).compress(data)
    if coding == "gzip":
        level = 1 if len(data) >= FAST_GZIP_FROM else 6
        z = zlib.compressobj(level, zlib.DEFLATED, 31)  # 31: gzip container, CRC-32 + size
        return z.compress(data) + z.flush()
    raise ValueError(f"unsupported coding {coding!r}")


def decompress(data: bytes, coding: str, limit: int, *, frames: bool = False) -> bytes:
    """`data` decoded (see the module docstring); `TooLarge` past `limit` decoded bytes.
    `frames`: a zstd body may hold several frames, one after the other."""
    coding = coding.strip().lower()
    if coding in ("", "identity"):
        if len(data) > limit:
            raise TooLarge(str(limit))
        return data
    if coding == "gzip":
        d = zlib.decompressobj(31)
        try:
            out = d.decompress(data, limit + 1)
        except zlib.error as exc:
            raise DecodeError(f"corrupt gzip body: {exc}") from exc
        if len(out) > limit:
            raise TooLarge(str(limit))
        if not d.eof:
            raise Truncated("truncated gzip body (stream end missing)")
        if d.unused_data:
            raise DecodeError("bytes after the end of the gzip body")
        return out
    if coding == "zstd" and zstandard is not None:
        parts: list[bytes] = []
        size, at = 0, 0
        while True:
            at, size = _zstd_frame(data, at, limit, size, parts, frames)
            if at >= len(data):
                return b"".join(parts)

    raise DecodeError(f"unsupported content coding {coding!r}")


def _zstd_frame(
    data: bytes, at: int, limit: int, size: int, parts: list[bytes], more: bool
) -> tuple[int, int]:
    """Decode the frame starting at `data[at]` into `parts`; (where the next one starts, decoded
    size so far). Bytes after the frame are refused unless `more` frames may follow."""
    obj = zstandard.ZstdDecompressor().decompressobj()
    end = len(data)
    try:
        for pos in range(at, end, _ZSTD_SLICE):
            chunk = obj.decompress(data[pos : pos + _ZSTD_SLICE])
            size += len(chunk)
            if size > limit:
                raise TooLarge(str(limit))
            parts.append(chunk)
            if obj.eof:
                rest = len(obj.unused_data) + max(0, end - (pos + _ZSTD_SLICE))
                if rest and not more:
                    raise DecodeError("bytes after the end of the zstd body")
                return end - rest, size
    except zstandard.ZstdError as exc:
        raise DecodeError(f"corrupt zstd body: {exc}") from exc
    raise Truncated("truncated zstd body (frame end missing)")
