"""Static assets of Akai Meno under `/aset/<name>`: style sheet, scripts, the distrik map.

Every asset is a file of this package (no CDN). Pages link them as `/aset/<name>?v=<hash>`; an
answer is cached for a year (`immutable`) when the hash in the link is the file's current one, so
a new release changes the link and a cheap phone downloads each file once. The map's boundaries
are the distrik GeoJSON the desk already uses (`resources/maps/mimika-distrik.geojson`).
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import Response

router = APIRouter(prefix="/aset")

STATIC = Path(__file__).resolve().parent / "static"
_GEOJSON = Path(__file__).resolve().parents[2] / "resources" / "maps" / "mimika-distrik.geojson"
_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".json": "application/json",
    ".png": "image/png",
    ".ico": "image/x-icon",
}
YEAR = "public, max-age=31536000, immutable"


def _path(name: str) -> Path | None:
    if name == "distrik.json":
        return _GEOJSON if _GEOJSON.is_file() else None
    if "/" in name or "\\" in name or name.startswith(".") or Path(name).suffix not in _TYPES:
        return None
    path = STATIC / name
    return path if path.is_file() else None


@cache
def _load(name: str) -> tuple[bytes, str] | None:
    path = _path(name)
    if path is None:
        return None
    data = path.read_bytes()
    return data, hashlib.sha256(data).hexdigest()[:16]


def url(name: str) -> str:
    """The link to an asset, with its content hash (see the module docstring)."""
    loaded = _load(name)
    version = loaded[1] if loaded else "0"
    return f"/aset/{name}?v={version}"


@router.get("/{name}")
def asset(name: str, request: Request) -> Response:
    loaded = _load(name)
    if loaded is None:
        return Response(b"not found", status_code=404, media_type="text/plain")
    data, digest = loaded
    etag = f'"{digest}"'
    current = request.query_params.get("v") == digest
    headers = {"ETag": etag, "Cache-Control": YEAR if current else "public, max-age=300"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    media = _TYPES[".json" if name == "distrik.json" else Path(name).suffix]
    return Response(data, media_type=media, headers=headers)
