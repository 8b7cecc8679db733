"""HTTP content codings shared by desk and server: which coding to use, and strict decoding.

gzip always (zlib, standard library); zstd when the `zstandard` package is installed (it is a
dependency of both; a build without it still speaks gzip). Decoding is strict on purpose: a body
must be exactly one complete stream of its coding — a truncated one (its gzip trailer or zstd
frame end missing), a corrupt one (gzip's CRC-32, zstd's frame checksum) or one with bytes after
the end is refused — and the decoded size is bounded while decoding, so a small body that
inflates to gigabytes stops at the bound instead of filling memory.
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


def decompress(data: bytes, coding: str, limit: int) -> bytes:
    """`data` decoded (see the module docstring); `TooLarge` past `limit` decoded bytes."""
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
        obj = zstandard.ZstdDecompressor().decompressobj()
        parts, size = [], 0
        try:
            for at in range(0, len(data), _ZSTD_SLICE):
                chunk = obj.decompress(data[at : at + _ZSTD_SLICE])
                size += len(chunk)
                if size > limit:
                    raise TooLarge(str(limit))
                parts.append(chunk)
                if obj.eof:
                    if at + _ZSTD_SLICE < len(data) or obj.unused_data:
                        raise DecodeError("bytes after the end of the zstd body")
                    break
        except zstandard.ZstdError as exc:
            raise DecodeError(f"corrupt zstd body: {exc}") from exc
        if not obj.eof:
            raise Truncated("truncated zstd body (frame end missing)")
        return b"".join(parts)
    raise DecodeError(f"unsupported content coding {coding!r}")
