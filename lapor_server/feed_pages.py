"""Feed pages built before a desk asks: each active audience's chain of pages, kept compressed.

A desk reading pages no other desk read made the server find the positions, join ~2.8 MB of
stored snapshots and compress them, per request (bench/server_feed.py: 3.5x the cost of sending
the same bytes as a static file; the compression alone is most of the static time). So the
background job (`feed_pages_build.refresh`, started by `lapor_server.app`) builds the pages
beforehand and the feed serves them as they are stored (`serve`, called by
`lapor_server.feed.read_page_coded`).

What a stored page is. For one audience — `koordinator`, `pimpinan` (admins share its bytes,
`encoded.AUDIENCE_OF_ROLE`) or `petugas:<agency_code>` — at one database epoch and one set of
rules (`encoded.RULES` plus this module's `FORMAT`), the items at positions (start, end]: exactly
the bytes the live path makes for them (`feed.positions` and `feed.item_parts`, the same code),
`{"items":[…],` compressed as ONE zstd frame. The request adds the desk's own tail
(`"cursor":…,"has_more":true}`: the cursor carries the desk's chain base) as a second frame.
Concatenated frames are valid zstd, but desks of earlier releases decode strictly (one frame),
so only a client that says it reads them (`HEADER`, docs/api.md) ever gets one.

Why a stored page is exact without reading it. Positions never come back: every change of a
report gives it a new position above every other (`reports.touch`, `reports.next_seq`), and a
tombstone is written at that new position too; so a report can only LEAVE a range, never enter
it. The page stores `alive` — how many reports had a position in (start, end] when it was built,
plus the audience's tombstones there (all reports, not only the audience's: conservative) — and
is served only while one indexed count gives the same number: a report changed, deleted or
moved away, or a pruned tombstone (`feed.prune_tombstones`), makes it differ. What changes the
bytes without any position moving is in the key instead: the epoch (another database) and the
rules fingerprint (a server whose privacy rules or page format differ). Reference data is not in
any item; the last page of a read (summary, `reference_version`) is never stored nor served from
here.

Served only when the cursor's position is exactly a page's start (or no cursor and start 0),
after every 410 check of the live path, the page fits the request's `limit`, ends at or below the
counter, and something for the audience lies after its end (else it would be the last page).
Anything else takes the live path, unchanged.

Building: `lapor_server.feed_pages_build` (the background job, outside request handling).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from lapor_core import encoding
from lapor_core.workflow import AGENCY_STATUSES, Role, values
from lapor_server import encoded
from lapor_server.models import (
    FeedPage,
    Report,
    ScopeChange,
)

CODING = "zstd"
#: the page layout (`{"items":[` … `],` as one frame); part of the rules key
FORMAT = "p1"
PAGE_ITEMS = 1000
#: request header by which a client says it decodes bodies of several concatenated zstd frames
HEADER = encoding.FRAMES_HEADER
HEADER_VALUE = encoding.FRAMES_VALUE
#: answer header on a page served from the store (the bench and tests count them)
SERVED_HEADER = "X-Lapor-Feed-Page"
PETUGAS_PREFIX = "petugas:"
_T = FeedPage.__table__.c
_R = Report.__table__.c
_S = ScopeChange.__table__.c
_AGENCY_STATUS_VALUES = values(AGENCY_STATUSES)


@dataclass
class Use:
    """Per request: whether the page came from the store."""

    stored: bool = False


def rules() -> str:
    return f"{encoded.RULES}.{FORMAT}"


def accepts_frames(header: str) -> bool:
    return HEADER_VALUE in {part.strip().lower() for part in header.split(",")}


def audience_of(role: str, agency_code: str | None) -> str | None:
    """The key of the pages `role` (of `agency_code`) may read; None: no stored pages."""
    try:
        audience = encoded.AUDIENCE_OF_ROLE.get(Role(role))
    except ValueError:
        return None
    if audience is None:
        return None
    if audience == Role.PETUGAS.value:
        return f"{PETUGAS_PREFIX}{agency_code}" if agency_code else None
    return audience


def viewer_of(audience: str) -> tuple[str, str | None]:
    """(role, agency_code) whose rules build the pages of `audience`."""
    if audience.startswith(PETUGAS_PREFIX):
        return Role.PETUGAS.value, audience[len(PETUGAS_PREFIX) :]
    return Role(audience).value, None


def _statements() -> dict[str, sa.Select]:
    start = sa.bindparam("start", type_=sa.BigInteger)
    end = sa.bindparam("end", type_=sa.BigInteger)
    agency = sa.bindparam("agency", type_=sa.String)
    return {
        "reports_in": sa.select(sa.func.count()).where(_R.feed_seq > start, _R.feed_seq <= end),
        "tombs_in": sa.select(sa.func.count()).where(
            _S.agency_code == agency, _S.seq > start, _S.seq <= end
        ),
        "next_start": sa.select(sa.func.max(_T.start_seq)).where(
            _T.epoch == sa.bindparam("epoch"),
            _T.audience == sa.bindparam("audience"),
            _T.rules == sa.bindparam("rules"),
            _T.start_seq > start,
            _T.start_seq <= end,
        ),
    }


_Q = _statements()


def _serve_statements() -> tuple[sa.Select, sa.Select]:
    """The stored page at a start with, in the same statement (one round trip, which PostgreSQL
    makes count), how many of its positions are occupied now and the caller's next position
    after it: for the roles that see every report, and for one OPD."""
    agency = sa.bindparam("agency", type_=sa.String)
    where = (
        _T.epoch == sa.bindparam("epoch"),
        _T.audience == sa.bindparam("audience"),
        _T.rules == sa.bindparam("rules"),
        _T.start_seq == sa.bindparam("start", type_=sa.BigInteger),
        _T.coding == CODING,
    )
    reports_now = (
        sa.select(sa.func.count())
        .where(_R.feed_seq > _T.start_seq, _R.feed_seq <= _T.end_seq)
        .scalar_subquery()
    )
    tombs_now = (
        sa.select(sa.func.count())
        .where(_S.agency_code == agency, _S.seq > _T.start_seq, _S.seq <= _T.end_seq)
        .scalar_subquery()
    )
    next_any = sa.select(sa.func.min(_R.feed_seq)).where(_R.feed_seq > _T.end_seq)
    next_report = sa.select(sa.func.min(_R.feed_seq)).where(
        _R.agency_code == agency, _R.status.in_(_AGENCY_STATUS_VALUES), _R.feed_seq > _T.end_seq
    )
    next_tomb = sa.select(sa.func.min(_S.seq)).where(_S.agency_code == agency, _S.seq > _T.end_seq)
    page = (_T.end_seq, _T["items"], _T.alive, _T.body)
    everyone = sa.select(*page, reports_now, next_any.scalar_subquery(), sa.null()).where(*where)
    one_agency = sa.select(
        *page,
        reports_now + tombs_now,
        next_report.scalar_subquery(),
        next_tomb.scalar_subquery(),
    ).where(*where)
    return everyone, one_agency


_SERVE_ALL, _SERVE_AGENCY = _serve_statements()


def alive_count(conn: sa.Connection, audience: str, start: int, end: int) -> int:
    n = conn.execute(_Q["reports_in"], {"start": start, "end": end}).scalar_one()
    if audience.startswith(PETUGAS_PREFIX):
        params = {"agency": audience[len(PETUGAS_PREFIX) :], "start": start, "end": end}
        n += conn.execute(_Q["tombs_in"], params).scalar_one()
    return int(n)


def serve(
    s: Session,
    epoch: str,
    counter: int,
    role: str,
    agency_code: str | None,
    after_seq: int,
    limit: int,
) -> tuple[bytes, int] | None:
    """(the stored items frame, the page's end position) when a stored page may answer a
    request continuing at `after_seq` (in the request's own read snapshot, after its cursor
    checks); None: build the page live."""
    audience = audience_of(role, agency_code)
    if audience is None:
        return None
    params = {"epoch": epoch, "audience": audience, "rules": rules(), "start": after_seq}
    if audience.startswith(PETUGAS_PREFIX):
        row = s.connection().execute(_SERVE_AGENCY, {**params, "agency": agency_code}).first()
    else:
        row = s.connection().execute(_SERVE_ALL, params).first()
    if row is None:
        return None
    end, items, alive, body, alive_now, next_report, next_tomb = row
    if items > limit or end > counter:
        return None
    if alive_now != alive:
        return None  # a report of the range changed (or a tombstone was pruned): rebuild
    if next_report is None and next_tomb is None:
        return None  # the caller's last page: it carries the summary and reference version
    return bytes(body), int(end)


def align(
    s: Session, epoch: str, role: str, agency_code: str | None, after_seq: int, rows: list[Any]
) -> tuple[list[Any], int]:
    """A live page's rows and cursor position, cut back to the start of the last stored page it
    passes (when that leaves any row): a desk whose cursor is off the chain of stored pages (a
    bootstrap file's, a smaller `limit`'s) gets one live page and then stored ones."""
    last = int(rows[-1][0])
    audience = audience_of(role, agency_code)
    if audience is None:
        return rows, last
    params = {"epoch": epoch, "audience": audience, "rules": rules(), "start": after_seq}
    start = s.connection().execute(_Q["next_start"], {**params, "end": last}).scalar()
    if start is None or start == last:
        return rows, last
    cut = [r for r in rows if r[0] <= start]
    return (cut, int(start)) if cut else (rows, last)
