"""A first sync (or a full resync) from the server's bootstrap file instead of page after page.

`GET /api/v1/bootstrap` names the file of this account's scope and the feed cursor it was cut at;
the file is downloaded with `Range` resumption (`sync/transfers.download`, into the profile's
private `cache/partial/`), read as a zstd stream of lines (a header, then one snapshot per line)
and applied through the engine's own page path in batches of 1,000 — so a bootstrapped desk holds
exactly what the feed would have given it (tests/e2e/test_bootstrap.py compares them report by
report). Only the last batch saves the cursor: a desk stopped in the middle has no cursor and
starts over (re-applying is harmless: versions decide). A file that ends early or does not match
its header is refused (`ProtocolError`) and removed. A server without the endpoint (404) means:
read the feed as before.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import zstandard

from lapor_desk.errors import DeskError, ProtocolError
from lapor_desk.paths import ensure_private_dir
from lapor_desk.sync import transfers
from lapor_desk.sync.transport import Transport

FORMAT = 1
BATCH = 1000
MAX_BYTES = 4 * 1024 * 1024 * 1024
_NAME = re.compile(r"^[0-9a-f]{16}-\d+-[0-9a-f]{16}\.ndjson\.zst$")


def describe(t: Transport, min_count: int = 0) -> dict[str, Any] | None:
    """The server's answer, or None when there is no file to use: an older server (404), or a
    scope below `min_count` reports (the feed's few pages are as quick)."""
    try:
        info = t.get_json("bootstrap", params={"min": min_count})
    except DeskError as err:
        if err.status in (404, 405):
            return None
        raise
    if isinstance(info, dict) and info.get("name") is None and isinstance(info.get("count"), int):
        return None
    if (
        not isinstance(info, dict)
        or not isinstance(info.get("name"), str)
        or not _NAME.match(info["name"])
        or not isinstance(info.get("cursor"), str)
        or not isinstance(info.get("count"), int)
    ):
        raise ProtocolError(f"unexpected bootstrap answer: {str(info)[:200]}", reason="shape")
    return info


def download(t: Transport, info: dict[str, Any], folder: Path) -> Path:
    ensure_private_dir(folder)
    for old in folder.glob("bootstrap-*"):
        if old.name not in (f"bootstrap-{info['name']}", f"bootstrap-{info['name']}.part"):
            old.unlink(missing_ok=True)  # an older file's pieces: never continued
    target = folder / f"bootstrap-{info['name']}"
    if target.is_file():
        return target
    return transfers.download(t, f"bootstrap/{info['name']}", target, max_bytes=MAX_BYTES)


def batches(path: Path, info: dict[str, Any]) -> Iterator[tuple[list[dict[str, Any]], bool]]:
    """(snapshots, last) in batches; raises ProtocolError when the file is not what it says."""
    with open(path, "rb") as raw:
        reader = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True)
        lines = io.BufferedReader(reader, buffer_size=1 << 20)  # type: ignore[arg-type]
        try:
            header = orjson.loads(lines.readline())
            if header.get("format") != FORMAT or header.get("cursor") != info["cursor"]:
                raise ProtocolError("bootstrap file does not match its answer", reason="shape")
            count = int(header["count"])
            batch: list[dict[str, Any]] = []
            seen = 0
            for line in lines:
                if not line.strip():
                    continue
                batch.append(orjson.loads(line))
                seen += 1
                if seen > count:
                    raise ProtocolError("bootstrap file longer than its header", reason="shape")
                if len(batch) >= BATCH:
                    yield batch, seen == count
                    batch = []
            if seen != count:
                raise ProtocolError(
                    f"bootstrap file ended after {seen} of {count} reports", reason="truncated"
                )
            if batch or count == 0:
                yield batch, True
        except (zstandard.ZstdError, orjson.JSONDecodeError, ValueError, KeyError) as exc:
            raise ProtocolError(f"damaged bootstrap file: {exc}", reason="bad_encoding") from exc


def load(
    t: Transport,
    folder: Path,
    apply: Callable[[dict[str, Any]], None],
    progress: Callable[[int, int], None],
    *,
    min_count: int = 0,
) -> str | None:
    """Bootstrap through `apply(page)`; returns the cursor to read the feed from, or None when
    there is no file to use (read the feed from the beginning)."""
    info = describe(t, min_count)
    if info is None:
        return None
    path = download(t, info, folder)
    done = 0
    try:
        for snaps, last in batches(path, info):
            items = [{"type": "report", "report": s} for s in snaps]
            apply({"items": items, "cursor": info["cursor"] if last else None})
            done += len(snaps)
            progress(done, info["count"])
    except ProtocolError:
        path.unlink(missing_ok=True)
        raise
    path.unlink(missing_ok=True)
    return info["cursor"]
