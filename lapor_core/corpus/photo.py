"""Placeholder "photos" for demo reports: small deterministic PNG images written in pure Python.

Each image is a 320x240 scene (sky over ground with a dark patch, like a pothole or puddle) whose
colours depend on the report index, so attachments differ, hash differently and look like pictures
in the desk's preview, without shipping image files or needing an imaging library.
"""

from __future__ import annotations

import random
import struct
import zlib

MEDIA_TYPE = "image/png"


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def png_bytes(width: int, height: int, rows: list[bytes]) -> bytes:
    """Encode 8-bit RGB rows (each `width * 3` bytes) as a PNG file."""
    raw = b"".join(b"\x00" + row for row in rows)  # filter type 0 on every row
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(raw, 6))
        + _chunk(b"IEND", b"")
    )


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> bytes:
    return bytes(int(a[i] + (b[i] - a[i]) * t) & 255 for i in range(3))


def make_photo(index: int, variant: int = 0, width: int = 320, height: int = 240) -> bytes:
    """A deterministic PNG for photo `variant` of generated report `index`."""
    rng = random.Random(index * 7919 + variant)
    sky_top = (rng.randint(60, 120), rng.randint(120, 170), rng.randint(190, 240))
    sky_low = (rng.randint(200, 235), rng.randint(215, 240), rng.randint(225, 250))
    ground_near = (rng.randint(90, 150), rng.randint(80, 130), rng.randint(50, 100))
    ground_far = tuple(min(255, c + 40) for c in ground_near)
    patch = (rng.randint(30, 60), rng.randint(30, 55), rng.randint(25, 50))
    horizon = int(height * rng.uniform(0.35, 0.55))
    cx, cy = width * rng.uniform(0.3, 0.7), horizon + (height - horizon) * rng.uniform(0.4, 0.7)
    rx, ry = width * rng.uniform(0.12, 0.25), (height - horizon) * rng.uniform(0.12, 0.25)
    rows: list[bytes] = []
    for y in range(height):
        if y < horizon:
            rows.append(_mix(sky_top, sky_low, y / max(1, horizon)) * width)
            continue
        base = _mix(ground_far, ground_near, (y - horizon) / max(1, height - horizon))
        dy = (y - cy) / ry
        if dy * dy < 1.0:
            half = rx * (1.0 - dy * dy) ** 0.5
            x0, x1 = max(0, int(cx - half)), min(width, int(cx + half))
            rows.append(base * x0 + bytes(patch) * (x1 - x0) + base * (width - x1))
        else:
            rows.append(base * width)
    return png_bytes(width, height, rows)
