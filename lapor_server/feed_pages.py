"""Feed pages built before a desk asks: each active audience's chain of pages, kept compressed.

A desk reading pages no other desk read made the server find the positions, join ~2.8 MB of
stored snapshots and compress them, per request (bench/server_feed.py: 3.5x the cost of sending
the same bytes as a static file; the compression alone is most of the static time). So the
background job (`refresh`, started by `lapor_server.app`) builds the pages beforehand and the
feed serves them as they are stored (`serve`, called by `lapor_server.feed.read_page_coded`).

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

Building (`refresh`, outside request handling): every audience with a device seen in the last
`days` walks its chain from position 0, keeps the valid pages, rebuilds an invalid one from its
start (cut back to the start of a following valid page, so one change rebuilds one page, and a
page that shrank absorbs its neighbours when rebuilt), and extends the chain up to — not
including — the audience's last page. Pages off the chain, of other epochs or rules, or of
audiences nobody read in `days` days are removed. Each pass is bounded in pages and seconds.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from lapor_core import encoding
from lapor_core.workflow import AGENCY_STATUSES, Role, values
from lapor_server import encoded
from lapor_server.db import Database
from lapor_server.models import (
    DeviceToken,
    FeedCounter,
    FeedPage,
    Report,
    ScopeChange,
    ServerMeta,
    User,
)

log = logging.getLogger("lapor_server.feed_pages")

CODING = "zstd"
#: the page layout (`{"items":[` … `],` as one frame); part of the rules key
FORMAT = "p1"
PAGE_ITEMS = 1000
#: request header by which a client says it decodes bodies of several concatenated zstd frames
HEADER = encoding.FRAMES_HEADER
HEADER_VALUE = encoding.FRAMES_VALUE
#: answer header on a page served from the store (the bench and tests count them)
SERVED_HEADER = "X-Lapor-Feed-Page"
_PETUGAS = "petugas:"
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
        return f"{_PETUGAS}{agency_code}" if agency_code else None
    return audience


def viewer_of(audience: str) -> tuple[str, str | None]:
    """(role, agency_code) whose rules build the pages of `audience`."""
    if audience.startswith(_PETUGAS):
        return Role.PETUGAS.value, audience[len(_PETUGAS) :]
    return Role(audience).value, None


def _statements() -> dict[str, sa.Select]:
    start = sa.bindparam("start", type_=sa.BigInteger)
    end = sa.bindparam("end", type_=sa.BigInteger)
    agency = sa.bindparam("agency", type_=sa.String)
    return {
        "lookup": sa.select(_T.end_seq, _T["items"], _T.alive, _T.body).where(
            _T.epoch == sa.bindparam("epoch"),
            _T.audience == sa.bindparam("audience"),
            _T.rules == sa.bindparam("rules"),
            _T.start_seq == start,
            _T.coding == CODING,
        ),
        "reports_in": sa.select(sa.func.count()).where(_R.feed_seq > start, _R.feed_seq <= end),
        "tombs_in": sa.select(sa.func.count()).where(
            _S.agency_code == agency, _S.seq > start, _S.seq <= end
        ),
        "more_all": sa.select(_R.feed_seq).where(_R.feed_seq > end).limit(1),
        "more_agency": sa.select(_R.feed_seq)
        .where(_R.agency_code == agency, _R.status.in_(_AGENCY_STATUS_VALUES), _R.feed_seq > end)
        .limit(1),
        "more_tombs": sa.select(_S.seq).where(_S.agency_code == agency, _S.seq > end).limit(1),
        "next_start": sa.select(sa.func.max(_T.start_seq)).where(
            _T.epoch == sa.bindparam("epoch"),
            _T.audience == sa.bindparam("audience"),
            _T.rules == sa.bindparam("rules"),
            _T.start_seq > start,
            _T.start_seq <= end,
        ),
    }


_Q = _statements()


def _alive(conn: sa.Connection, audience: str, start: int, end: int) -> int:
    n = conn.execute(_Q["reports_in"], {"start": start, "end": end}).scalar_one()
    if audience.startswith(_PETUGAS):
        params = {"agency": audience[len(_PETUGAS) :], "start": start, "end": end}
        n += conn.execute(_Q["tombs_in"], params).scalar_one()
    return int(n)


def _more_after(conn: sa.Connection, audience: str, end: int) -> bool:
    if not audience.startswith(_PETUGAS):
        return conn.execute(_Q["more_all"], {"end": end}).first() is not None
    params = {"agency": audience[len(_PETUGAS) :], "end": end}
    return (
        conn.execute(_Q["more_agency"], params).first() is not None
        or conn.execute(_Q["more_tombs"], params).first() is not None
    )


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
    conn = s.connection()
    params = {"epoch": epoch, "audience": audience, "rules": rules(), "start": after_seq}
    row = conn.execute(_Q["lookup"], params).first()
    if row is None:
        return None
    end, items, alive, body = row
    if items > limit or end > counter:
        return None
    if _alive(conn, audience, after_seq, end) != alive:
        return None  # a report of the range changed (or a tombstone was pruned): rebuild
    if not _more_after(conn, audience, end):
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


# -- building (the background job) --------------------------------------------------------------


def _feed_state(s: Session) -> tuple[str, int]:
    conn = s.connection()
    epoch = conn.execute(sa.select(ServerMeta.value).where(ServerMeta.key == "epoch")).scalar()
    counter = conn.execute(sa.select(FeedCounter.value).where(FeedCounter.id == 1)).scalar()
    return epoch or "", int(counter or 0)


def build_page(
    db: Database, audience: str, start: int, boundaries: list[int], items: int, now: datetime
) -> int | None:
    """Build and store `audience`'s page starting after `start` (at most `items` items, cut back
    to the largest of `boundaries` it passes). Returns its end; None when what follows `start`
    is the audience's last page (never stored)."""
    from lapor_server import feed

    role, agency = viewer_of(audience)
    with db.read(snapshot=True) as s:
        epoch, _ = _feed_state(s)
        rows = feed.positions(s, role, agency, start, items + 1)
        if len(rows) <= items:
            return None
        rows = rows[:items]
        end = int(rows[-1][0])
        inner = [b for b in boundaries if start < b <= end]
        if inner:
            cut = [r for r in rows if r[0] <= max(inner)]
            if cut:
                rows, end = cut, max(inner)
        parts = feed.item_parts(s, role, agency, rows)
        alive = _alive(s.connection(), audience, start, end)
        count = parts.count(b",") + 1 if parts else 0  # one comma fragment between items
    raw = b"".join((b'{"items":[', *parts, b"],"))
    body = encoding.compress(raw, CODING)
    try:
        with db.write() as s:
            s.execute(
                sa.delete(FeedPage).where(
                    _T.audience == audience, _T.start_seq >= start, _T.start_seq < end
                )
            )
            s.execute(
                sa.insert(FeedPage).values(
                    epoch=epoch,
                    audience=audience,
                    rules=rules(),
                    start_seq=start,
                    end_seq=end,
                    items=count,
                    alive=alive,
                    coding=CODING,
                    body=body,
                    built_at=now,
                )
            )
    except sa.exc.IntegrityError:  # another server process built it meanwhile
        pass
    return end


def _valid_pages(s: Session, audience: str) -> dict[int, int]:
    """start → end of `audience`'s pages that are exact now."""
    epoch, counter = _feed_state(s)
    conn = s.connection()
    stored = conn.execute(
        sa.select(_T.start_seq, _T.end_seq, _T.alive).where(
            _T.epoch == epoch, _T.audience == audience, _T.rules == rules()
        )
    ).all()
    return {
        int(start): int(end)
        for start, end, alive in stored
        if end <= counter and _alive(conn, audience, start, end) == alive
    }


@dataclass
class Pass:
    audiences: int = 0
    built: int = 0
    kept: int = 0
    removed: int = 0
    complete: bool = True


def walk(
    db: Database, audience: str, now: datetime, *, items: int, budget: Pass, deadline: float,
    max_pages: int,
) -> None:  # fmt: skip
    """Bring `audience`'s chain up to date (see the module docstring), within the budget."""
    with db.read(snapshot=True) as s:
        valid = _valid_pages(s, audience)
    pos, chain = 0, []
    while True:
        if pos in valid:
            chain.append(pos)
            budget.kept += 1
            pos = valid[pos]
            continue
        if budget.built >= max_pages or time.monotonic() > deadline:
            budget.complete = False
            return
        end = build_page(db, audience, pos, sorted(valid), items, now)
        if end is None:
            break
        budget.built += 1
        chain.append(pos)
        pos = end
    # The chain reaches the audience's last page: whatever else is stored for it is off it.
    keep = set(chain)
    with db.read() as s:
        epoch, _ = _feed_state(s)
        stored = s.execute(
            sa.select(_T.id, _T.start_seq, _T.epoch, _T.rules).where(_T.audience == audience)
        ).all()
    drop = [i for i, start, e, r in stored if start not in keep or e != epoch or r != rules()]
    if drop:
        with db.write() as s:
            s.execute(sa.delete(FeedPage).where(_T.id.in_(drop)))
        budget.removed += len(drop)


def active_audiences(db: Database, now: datetime, days: int) -> list[str]:
    """Audiences with a device that used the server in the last `days` days."""
    u, t = User.__table__.c, DeviceToken.__table__.c
    q = (
        sa.select(u.role, u.agency_code)
        .join(DeviceToken.__table__, t.user_id == u.id)
        .where(
            t.revoked_at.is_(None),
            t.expires_at > now,
            t.last_seen_at >= now - timedelta(days=days),
            u.disabled.is_(False),
        )
        .distinct()
    )
    with db.read() as s:
        found = {audience_of(role, agency) for role, agency in s.execute(q).all()}
    found.discard(None)
    return sorted(found, key=lambda a: (a.startswith(_PETUGAS), a))  # type: ignore[arg-type]


def refresh(
    db: Database,
    now: datetime,
    *,
    items: int = PAGE_ITEMS,
    days: int = 30,
    max_pages: int = 500,
    max_seconds: float = 120.0,
) -> Pass:
    """One pass of the builder over every active audience (bounded by pages and seconds)."""
    deadline = time.monotonic() + max_seconds
    audiences = active_audiences(db, now, days)
    done = Pass(audiences=len(audiences))
    with db.read() as s:
        stale = list(
            s.scalars(sa.select(FeedPage.id).where(_T.audience.not_in(audiences)).limit(10_000))
        )
    if stale:  # nobody of these audiences read in `days` days
        with db.write() as s:
            s.execute(sa.delete(FeedPage).where(_T.id.in_(stale)))
        done.removed += len(stale)
    for audience in audiences:
        walk(db, audience, now, items=items, budget=done, deadline=deadline, max_pages=max_pages)
    if done.built or done.removed:
        log.info(
            "feed pages: %d built, %d kept, %d removed (%d audiences%s)",
            done.built,
            done.kept,
            done.removed,
            done.audiences,
            "" if done.complete else ", more next pass",
        )
    return done


def status(db: Database, audience: str, items: int = PAGE_ITEMS) -> tuple[int, int, bool]:
    """(valid pages on the chain from 0, the chain's end, whether only the last page is left)."""
    from lapor_server import feed

    role, agency = viewer_of(audience)
    with db.read(snapshot=True) as s:
        valid = _valid_pages(s, audience)
        pos, n = 0, 0
        while pos in valid:
            pos, n = valid[pos], n + 1
        rest = feed.positions(s, role, agency, pos, items + 1)
    return n, pos, len(rest) <= items
