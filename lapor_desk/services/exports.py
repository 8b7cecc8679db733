"""CSV and XLSX exports of any queue or filter: a list of report ids in, a file with Indonesian
column headers out.

Rows are read in batches of `BATCH` ids and written as they come, so a 100,000-report export keeps
little in memory (openpyxl's write-only mode streams too). The file is written next to its target
and renamed into place, so a cancelled or failed export never leaves half a file behind. Reporter
identity is never exported: an export leaves the desk and may be forwarded.

CSV uses `;` as separator and a UTF-8 byte-order mark, which is what Excel in an Indonesian locale
(decimal comma) opens correctly with a double click.

Report titles, names and addresses come from citizens: a title like `=HYPERLINK("http://…")` must
stay text in every export (spreadsheet formula injection). `inert_text` prefixes any text that a
spreadsheet would read as a formula or command (`=`, `+`, `-`, `@`, tab, CR/LF, `|`, and
their full-width forms, also after leading spaces) with an apostrophe; XLSX cells are written as
typed strings on top, and the recap PDF's tables use the same function, since their text is copied
into spreadsheets too.
"""

from __future__ import annotations

import contextlib
import csv
import os
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, bindparam, text

from lapor_core.calendar import MIMIKA_TZ
from lapor_core.cells import inert_text
from lapor_core.reference import load_reference
from lapor_core.workflow import LABELS_ID, Status
from lapor_desk.errors import SaveFileError

BATCH = 500
CSV_DELIMITER = ";"


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


class ExportCancelled(Exception):
    """The user cancelled the export; nothing was written."""


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    header: str


#: The exported columns, in order, with their Indonesian headers.
COLUMNS: tuple[Column, ...] = (
    Column("tracking_id", "ID Pelacakan"),
    Column("title", "Judul"),
    Column("classification", "Klasifikasi"),
    Column("category", "Kategori"),
    Column("district", "Distrik"),
    Column("village", "Kampung/Kelurahan"),
    Column("status", "Status"),
    Column("agency", "OPD"),
    Column("submitted", "Diterima (WIT)"),
    Column("deadline", "Tenggat"),
    Column("channel", "Kanal"),
    Column("anonymous", "Anonim"),
    Column("secret", "Rahasia"),
)
HEADERS = tuple(c.header for c in COLUMNS)

_ROWS_SQL = text(
    """
SELECT r.id, r.tracking_id, r.title, r.classification, COALESCE(c.name, r.category_code),
  COALESCE(d.name, r.district_code), r.village, r.status, COALESCE(a.name, r.agency_code),
  r.submitted_at,
  CASE r.status WHEN 'unverified' THEN r.verify_by WHEN 'verified' THEN r.dispatch_by
    WHEN 'completed' THEN NULL WHEN 'archived' THEN NULL ELSE r.respond_by END,
  r.channel, r.is_anonymous, r.is_secret
FROM reports r
LEFT JOIN categories c ON c.code = r.category_code
LEFT JOIN districts d ON d.code = r.district_code
LEFT JOIN agencies a ON a.code = r.agency_code
WHERE r.id IN :ids
"""
).bindparams(bindparam("ids", expanding=True))


def _labels() -> tuple[dict[str, str], dict[str, str]]:
    ref = load_reference()
    return (
        {c.code: c.name for c in ref.classifications},
        {c.code: c.name for c in ref.channels},
    )


def iter_rows(
    conn: Connection, ids: Sequence[str], batch: int = BATCH
) -> Iterator[tuple[Any, ...]]:
    """The export rows of `ids`, in the order of `ids` (ids not in the store are skipped).

    Values are typed: text, `datetime` (submission, local WIT, naive for spreadsheets), `date`
    (deadline), "Ya"/"Tidak" for the flags.
    """
    classifications, channels = _labels()
    for start in range(0, len(ids), batch):
        chunk = list(ids[start : start + batch])
        found = {row[0]: row for row in conn.execute(_ROWS_SQL, {"ids": chunk})}
        for report_id in chunk:
            row = found.get(report_id)
            if row is None:
                continue
            (_, tracking, title, cls, cat, dist, village, status, agency, submitted, deadline,
             channel, anon, secret) = row  # fmt: skip
            yield (
                tracking,
                title,
                classifications.get(cls, cls or ""),
                cat or "",
                dist or "",
                village or "",
                _status_label(status),
                agency or "",
                _local_naive(submitted),
                date.fromisoformat(deadline) if deadline else None,
                channels.get(channel, channel or ""),
                "Ya" if anon else "Tidak",
                "Ya" if secret else "Tidak",
            )


def _status_label(code: str) -> str:
    try:
        return LABELS_ID[Status(code)]
    except ValueError:
        return code


def _local_naive(iso: str | None) -> datetime | None:
    if not iso:
        return None
    moment = datetime.fromisoformat(iso)
    if moment.tzinfo is not None:
        moment = moment.astimezone(MIMIKA_TZ)
    # Spreadsheets have no time zones; the header says WIT. Seconds are noise in a recap.
    return moment.replace(tzinfo=None, second=0, microsecond=0)


# `inert_text` (one rule with the server's audit CSV) lives in lapor_core.cells.


def csv_value(value: Any) -> str:
    """How one typed value appears in the CSV (ISO dates, so any tool can read them back);
    text is made inert (`inert_text`)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool | int | float):
        return str(value)
    return inert_text(str(value))


ProgressFn = Callable[..., None]


def _tick(progress: ProgressFn | None, cancel: threading.Event | None, done: int, total: int):
    if cancel is not None and cancel.is_set():
        raise ExportCancelled()
    if progress is not None:
        progress(done=done, total=total)


def _write_csv(
    tmp: Path, rows: Iterator[tuple], total, progress, cancel, headers: Sequence[str] = HEADERS
) -> int:
    n = 0
    with open(tmp, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, delimiter=CSV_DELIMITER)
        writer.writerow([csv_value(h) for h in headers])
        for row in rows:
            writer.writerow([csv_value(v) for v in row])
            n += 1
            if n % BATCH == 0:
                _tick(progress, cancel, n, total)
    return n


def _write_xlsx(
    tmp: Path,
    rows: Iterator[tuple],
    total,
    progress,
    cancel,
    title: str,
    headers: Sequence[str] = HEADERS,
) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=title[:31] or "Laporan")
    ws.freeze_panes = "A2"
    widths = (
        (18, 60, 20, 28, 20, 22, 22, 36, 17, 12, 12, 8, 8)
        if headers is HEADERS
        else (40,) + (16,) * (len(headers) - 1)
    )
    for i, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    bold = Font(bold=True)
    header = []
    for h in headers:
        cell = WriteOnlyCell(ws, value=inert_text(h))
        cell.font = bold
        header.append(cell)
    ws.append(header)
    n = 0
    try:
        for row in rows:
            cells = []
            for value in row:
                if isinstance(value, str):
                    value = inert_text(value)
                cell = WriteOnlyCell(ws, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # openpyxl would store "=..." as a formula
                if isinstance(value, datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm"
                elif isinstance(value, date):
                    cell.number_format = "yyyy-mm-dd"
                cells.append(cell)
            ws.append(cells)
            n += 1
            if n % BATCH == 0:
                _tick(progress, cancel, n, total)
    except BaseException:
        # Finish openpyxl's streaming writer so it does not complain later; the file is dropped.
        with contextlib.suppress(Exception):
            ws.close()
        raise
    wb.save(tmp)
    return n


def export_rows(
    rows: Iterator[tuple],
    path: str | os.PathLike,
    fmt: ExportFormat | str,
    *,
    total: int = 0,
    title: str = "Laporan",
    progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
    headers: Sequence[str] = HEADERS,
) -> int:
    """Write rows (in `COLUMNS` order, or under other `headers`) to `path` atomically; return
    how many were written."""
    target = Path(path)
    fmt = ExportFormat(fmt)
    try:
        # The folder may not exist yet (a fresh desktop without ~/Documents): make it.
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".export-", suffix=f".{fmt}", dir=target.parent)
    except OSError as err:
        raise SaveFileError(str(target.parent), err) from err
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        if fmt == ExportFormat.CSV:
            n = _write_csv(tmp, rows, total, progress, cancel, headers)
        else:
            n = _write_xlsx(tmp, rows, total, progress, cancel, title, headers)
        os.replace(tmp, target)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise SaveFileError(str(target), err) from err
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return n


def export_reports(
    conn: Connection,
    ids: Sequence[str],
    path: str | os.PathLike,
    fmt: ExportFormat | str,
    *,
    title: str = "Laporan",
    progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
) -> int:
    """Export the reports `ids` (a queue's or filter's key list) to a CSV or XLSX file."""
    return export_rows(
        iter_rows(conn, ids),
        path,
        fmt,
        total=len(ids),
        title=title,
        progress=progress,
        cancel=cancel,
    )


def read_back(path: str | os.PathLike) -> list[list[str]]:
    """The file's cells as text, header first (CSV or XLSX by extension): for checks and tests."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        with open(path, encoding="utf-8-sig", newline="") as f:
            return [list(r) for r in csv.reader(f, delimiter=CSV_DELIMITER)]
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    try:
        ws = wb.worksheets[0]
        return [[_xlsx_text(cell) for cell in row] for row in ws.iter_rows()]
    finally:
        wb.close()


def _xlsx_text(cell: Any) -> str:
    value = cell.value
    # Excel stores every date as a date-time; the cell's format says which one we wrote.
    if isinstance(value, datetime) and getattr(cell, "number_format", "") == "yyyy-mm-dd":
        value = value.date()
    return csv_value(value)
