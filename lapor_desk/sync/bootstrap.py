"""A first sync (or a full resync) from the server's bootstrap file instead of page after page.

`GET /api/v1/bootstrap?format=2` names the file of this account's scope and the feed cursor it was
cut at; the file is downloaded with `Range` resumption (`sync/transfers.fetch_into`, into the
profile's private `cache/partial/`, sealed piece by piece with the profile's key like any partial
download: it holds the scope's reports), read as a zstd stream of lines — a header naming its format
and columns, then one report per line — and loaded in ONE transaction by `models/bootload.py`
(bare inserts, the full-text index written in bulk, cursor saved with the rows). Format 2 lines
are the desk's own rows (`lapor_core/rows.py`); an older server sends format 1 (one snapshot per
line), turned into the same rows here. Either way the desk holds exactly what the feed would
have given it (tests/e2e/test_bootstrap.py compares them report by report). A file that ends
early or does not match its header is refused (`ProtocolError`), removed, and nothing of it is
kept. A server without the endpoint (404) means: read the feed as before.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import zstandard

from lapor_core import rows
from lapor_desk.errors import DeskError, ProtocolError
from lapor_desk.models import bootload, bulk
from lapor_desk.models.bootload import Batch, Columns
from lapor_desk.paths import ensure_private_dir
from lapor_desk.sync import transfers
from lapor_desk.sync.ahead import Ahead
from lapor_desk.sync.partials import Part, PlainPart, SealedPart
from lapor_desk.sync.transport import Transport

#: the formats this desk reads; it asks for the newest (`format=2`)
FORMATS = (1, 2)
BATCH = 2000
MAX_BYTES = 4 * 1024 * 1024 * 1024
_NAME = re.compile(r"^[0-9a-f]{16}-\d+-[0-9a-f]{16}(\.rows)?\.ndjson\.zst$")


def describe(t: Transport, min_count: int = 0) -> dict[str, Any] | None:
    """The server's answer, or None when there is no file to use: an older server (404), or a
    scope below `min_count` reports (the feed's few pages are as quick)."""
    try:
        info = t.get_json("bootstrap", params={"min": min_count, "format": max(FORMATS)})
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


def download(t: Transport, info: dict[str, Any], folder: Path, files: Any = None) -> Part:
    """The file, downloaded (resuming what an earlier attempt left) into a part in `folder`:
    sealed piece by piece with the profile's file key (`files`, `sync/partials.py`) — the file
    holds the scope's reports, so it is never on disk in the clear —, plain for a store without
    a key (unit tests, the bench's plain baseline)."""
    ensure_private_dir(folder)
    for old in folder.glob("bootstrap-*"):  # plain files: an older desk's, or another name's
        if files is not None or old.name != f"bootstrap-{info['name']}.part":
            old.unlink(missing_ok=True)
    part: Part
    if files is None:
        part = PlainPart(folder / f"bootstrap-{info['name']}.part")
    else:
        # One sealed bootstrap download per profile; its records are bound to the file's name,
        # so a newer file's download never continues an older one (its records do not open).
        part = SealedPart(folder, files, f"bootstrap:{info['name']}")
        part.path = folder / files.cache_name("partial:bootstrap")
    if part.size() != info.get("size"):
        transfers.fetch_into(t, f"bootstrap/{info['name']}", part, max_bytes=MAX_BYTES)
    return part


def _open(source: Path | bytes) -> Any:
    raw = io.BytesIO(source) if isinstance(source, bytes) else open(source, "rb")  # noqa: SIM115
    reader = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True, closefd=True)
    return io.BufferedReader(reader, buffer_size=1 << 20)  # type: ignore[arg-type]


def _columns(header: dict[str, Any]) -> tuple[Columns, Callable[[str, list[Any]], list[Any]]]:
    """The store's columns the file's rows fill, and how to cut a row down to them."""
    if header.get("format") == 1:  # snapshots: made into rows of all of lapor_core.rows
        named = {"reports": rows.REPORT_ROW, "events": rows.EVENT_ROW}
        named["attachments"] = rows.ATTACHMENT_ROW
    else:
        named = header.get("columns") or {}
    kept: dict[str, tuple[str, ...]] = {}
    pickers = {}
    for table, have in (
        ("reports", bulk.REPORT_COLUMNS),
        ("events", bulk.EVENT_COLUMNS),
        ("attachments", bulk.ATTACHMENT_COLUMNS),
    ):
        sent = named.get(table)
        if not isinstance(sent, list | tuple) or not all(isinstance(c, str) for c in sent):
            raise ProtocolError(f"bootstrap header without {table} columns", reason="shape")
        keep = tuple(c for c in sent if c in have)
        kept[table] = keep
        # Columns this desk does not know (a newer server) are left out of each row.
        pickers[table] = None if keep == tuple(sent) else [list(sent).index(c) for c in keep]
    columns = Columns(kept["reports"], kept["events"], kept["attachments"])
    widths = {t: len(named[t]) for t in kept}

    def cut(table: str, found: list[Any]) -> list[Any]:
        """`found` rows of `table`, checked (arrays of the header's width) and cut down to the
        store's columns."""
        width = widths[table]
        for row in found:  # one loop per line, no call per row: 475k events for 100k reports
            if type(row) is not list or len(row) != width:
                raise ProtocolError(f"bootstrap {table} row of the wrong width", reason="shape")
        pick = pickers[table]
        return found if pick is None else [[row[i] for i in pick] for row in found]

    return columns, cut


def _rows_of_line(header: dict[str, Any], line: bytes, cut: Callable[..., Any]) -> Any:
    item = orjson.loads(line)
    if header["format"] == 1:
        if not isinstance(item, dict):
            raise ProtocolError("bootstrap line is not a snapshot", reason="shape")
        report = cut("reports", [list(rows.report_values(item))])[0]
        events = cut("events", [list(e) for e in rows.event_values(item)])
        files = cut("attachments", [list(a) for a in rows.attachment_values(item)])
        return report, events, files
    if not isinstance(item, list) or len(item) != 3:
        raise ProtocolError("bootstrap line is not [report, events, files]", reason="shape")
    report, events, files = item
    if not isinstance(events, list) or not isinstance(files, list):
        raise ProtocolError("bootstrap line is not [report, events, files]", reason="shape")
    return cut("reports", [report])[0], cut("events", events), cut("attachments", files)


def read(source: Path | bytes, info: dict[str, Any]) -> tuple[Columns, int, Iterator[Batch]]:
    """(columns, report count, batches) of the file; the batches raise ProtocolError when the
    file is not what its header says (shorter, longer, damaged)."""
    lines = _open(source)
    try:
        header = orjson.loads(lines.readline())
        if (
            not isinstance(header, dict)
            or header.get("format") not in FORMATS
            or header.get("cursor") != info["cursor"]
            or not isinstance(header.get("count"), int)
        ):
            raise ProtocolError("bootstrap file does not match its answer", reason="shape")
        columns, cut = _columns(header)
    except (zstandard.ZstdError, orjson.JSONDecodeError, ValueError, KeyError) as exc:
        lines.close()
        raise ProtocolError(f"damaged bootstrap file: {exc}", reason="bad_encoding") from exc
    except BaseException:
        lines.close()
        raise
    return columns, header["count"], _batches(lines, header, cut)


def _batches(lines: Any, header: dict[str, Any], cut: Callable[..., Any]) -> Iterator[Batch]:
    count = header["count"]
    seen = 0
    batch = Batch([], [], [])
    try:
        with lines:
            for line in lines:
                if not line.strip():
                    continue
                report, events, files = _rows_of_line(header, line, cut)
                batch.reports.append(report)
                batch.events.extend(events)
                batch.attachments.extend(files)
                seen += 1
                if seen > count:
                    raise ProtocolError("bootstrap file longer than its header", reason="shape")
                if len(batch.reports) >= BATCH:
                    yield batch
                    batch = Batch([], [], [])
            if seen != count:
                raise ProtocolError(
                    f"bootstrap file ended after {seen} of {count} reports", reason="truncated"
                )
            if batch.reports:
                yield batch
    except (zstandard.ZstdError, orjson.JSONDecodeError, ValueError, KeyError, TypeError) as exc:
        raise ProtocolError(f"damaged bootstrap file: {exc}", reason="bad_encoding") from exc


def load(
    t: Transport,
    folder: Path,
    store: Any,
    account: Any,
    *,
    at: str,
    gone_detail: str,
    check_cancel: Callable[[], None],
    progress: Callable[[int, int], None],
    min_count: int = 0,
) -> bootload.LoadResult | None:
    """Bootstrap the store from the server's file; the result (its cursor is saved), or None
    when there is no file to use (read the feed from the beginning)."""
    info = describe(t, min_count)
    if info is None:
        return None
    part = download(t, info, folder, getattr(store, "files", None))
    try:
        try:
            data = part.read()
        except OSError as exc:
            raise ProtocolError(
                f"bootstrap download unreadable: {exc}", reason="truncated"
            ) from exc
        columns, count, batches = read(data, info)
        with Prefetched(batches) as ahead:
            result = bootload.load(
                store,
                columns,
                ahead,
                cursor=info["cursor"],
                account=account,
                at=at,
                gone_detail=gone_detail,
                check_cancel=check_cancel,
                progress=lambda done: progress(done, count),
            )
    except ProtocolError:
        part.remove()
        raise
    part.remove()
    return result


class Prefetched(Ahead):
    """Decodes the next batches on a helper thread while the store inserts the current one
    (`lapor_desk.sync.ahead`). A failure of the file is raised by the iteration at the batch
    where it happened."""

    def __init__(self, batches: Iterator[Batch], depth: int = 2):
        super().__init__(depth=depth, name="bootstrap-read")
        self._batches = batches

    def _produce(self) -> Iterator[Batch]:
        try:
            yield from self._batches
        finally:
            close = getattr(self._batches, "close", None)
            if close is not None:
                close()
