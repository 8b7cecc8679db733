"""The background job that builds the stored feed pages (`lapor_server.feed_pages` says what
they are and when they are served): every audience with a device seen in the last `days` walks
its chain from position 0, keeps the valid pages, rebuilds an invalid one from its start (cut back
to the start of a following valid page, so one change rebuilds one page, and a page that shrank
absorbs its neighbours when rebuilt), and extends the chain up to — not including — the
audience's last page.
Pages off the chain, of other epochs or rules, or of audiences nobody read in `days` days are
removed. Each pass is bounded in pages and seconds; it runs outside request handling
(`lapor_server.app` starts it in a worker thread).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from lapor_core import encoding
from lapor_server.db import Database
from lapor_server.feed_pages import (
    CODING,
    PAGE_ITEMS,
    PETUGAS_PREFIX,
    alive_count,
    audience_of,
    rules,
    viewer_of,
)
from lapor_server.models import DeviceToken, FeedCounter, FeedPage, ServerMeta, User

log = logging.getLogger("lapor_server.feed_pages")
_T = FeedPage.__table__.c
#: session advisory lock held by the one PostgreSQL server process building pages
BUILD_LOCK_KEY = 7241017


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
        alive = alive_count(s.connection(), audience, start, end)
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
    except (sa.exc.IntegrityError, sa.exc.OperationalError) as exc:
        # another server process built it meanwhile (or holds the rows: a deadlock, a busy
        # SQLite file): the page stays live until a later pass
        log.debug("feed page of %s after %d not stored: %s", audience, start, exc)
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
        if end <= counter and alive_count(conn, audience, start, end) == alive
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
    return sorted(found, key=lambda a: (a.startswith(PETUGAS_PREFIX), a))  # type: ignore[arg-type]


def refresh(
    db: Database,
    now: datetime,
    *,
    items: int = PAGE_ITEMS,
    days: int = 30,
    max_pages: int = 500,
    max_seconds: float = 120.0,
) -> Pass:
    """One pass of the builder over every active audience (bounded by pages and seconds). On
    PostgreSQL one server process at a time runs it (the others skip their pass): several
    processes would build the same pages, and only one insert of each is kept."""
    if not db.is_postgres:
        return _refresh(db, now, items, days, max_pages, max_seconds)
    key = {"k": BUILD_LOCK_KEY}
    with db.engine.connect() as lock:
        if not lock.execute(sa.text("SELECT pg_try_advisory_lock(:k)"), key).scalar():
            return Pass(complete=False)
        try:
            lock.commit()  # the lock is the session's: no transaction kept open meanwhile
            return _refresh(db, now, items, days, max_pages, max_seconds)
        finally:
            lock.execute(sa.text("SELECT pg_advisory_unlock(:k)"), key)
            lock.commit()


def _refresh(
    db: Database, now: datetime, items: int, days: int, max_pages: int, max_seconds: float
) -> Pass:
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
