"""Strict decoding (lapor_core.encoding) and its one opt-in: several zstd frames in one body."""

from __future__ import annotations

import pytest

from lapor_core import encoding

pytestmark = pytest.mark.skipif("zstd" not in encoding.SUPPORTED, reason="zstandard missing")

ITEMS = b'{"items":[' + b",".join(b'{"n":%d,"t":"%s"}' % (i, b"x" * (i % 50)) for i in range(3000))
TAIL = b'],"cursor":"abc","has_more":true}'


def test_concatenated_frames_only_when_the_caller_reads_them():
    body = encoding.compress(ITEMS, "zstd") + encoding.compress(TAIL, "zstd")
    assert encoding.decompress(body, "zstd", 10**7, frames=True) == ITEMS + TAIL
    with pytest.raises(encoding.DecodeError, match="after the end"):
        encoding.decompress(body, "zstd", 10**7)  # what a desk of the last release does
    one = encoding.compress(ITEMS + TAIL, "zstd")
    assert encoding.decompress(one, "zstd", 10**7, frames=True) == ITEMS + TAIL


def test_every_frame_is_still_checked_whole_and_bounded():
    first = encoding.compress(ITEMS, "zstd")
    body = first + encoding.compress(TAIL, "zstd")
    with pytest.raises(encoding.Truncated):
        encoding.decompress(body[:-3], "zstd", 10**7, frames=True)  # cut inside the 2nd frame
    with pytest.raises(encoding.Truncated):
        encoding.decompress(first[:-3], "zstd", 10**7, frames=True)
    with pytest.raises(encoding.DecodeError):
        encoding.decompress(first + b"\x00garbage", "zstd", 10**7, frames=True)
    with pytest.raises(encoding.TooLarge):
        encoding.decompress(body, "zstd", len(ITEMS) + 5, frames=True)  # the sum is bounded
    # cut exactly between the frames: valid zstd, but not the whole JSON (the caller's parser
    # refuses it; tests/desk/test_sync_transport.py shows the desk's ProtocolError)
    assert encoding.decompress(first, "zstd", 10**7, frames=True) == ITEMS
