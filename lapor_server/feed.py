"""The change feed: cursor-paged report snapshots and tombstones, scoped to the caller.

Positions: every change of a report gives it a new, strictly increasing feed position
(`reports.feed_seq`; see `reports.next_seq` for why positions become visible in order, also on
PostgreSQL with concurrent writers). A report appears once per page at its latest position;
a change that takes a report out of an agency's scope writes a tombstone row for that agency at
the same position (`scope_changes`).

One page = one read snapshot (REPEATABLE READ on PostgreSQL; a read transaction on SQLite): the
positions, the snapshots and the counter all come from the same moment.

Cursor: an opaque token encoding (feed epoch, position, scope, base — the counter when the chain
of pages began from the start). It cannot be served — answer 410 `full-resync-required` — when it
comes from another epoch (another database, a restore), points past the counter (a restored older
backup), was issued for another scope (the officer moved to another OPD), or is older than the
tombstone retention horizon for an agency desk (position and base both below the pruned floor).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.orm import Session

from lapor_core import encoding
from lapor_core.workflow import AGENCY_STATUSES, Role, values
from lapor_server import compression, encoded, feed_pages, reference
from lapor_server.auth import AuthUser
from lapor_server.db import Database
from lapor_server.errors import Problem
from lapor_server.feed_cache import PageCache, PageKey
from lapor_server.models import (
    EncodedSnapshot,
    FeedCounter,
    Report,
    ReportEvent,
    ScopeChange,
    ServerMeta,
)

_AGENCY_STATUS_VALUES = values(AGENCY_STATUSES)
_ITEM_OPEN = b'{"type":"report","report":'
RESYNC_SLUG = "full-resync-required"


@dataclass(frozen=True, slots=True)
class Cursor:
    epoch: str
    seq: int
    scope: str
    #: the counter when this chain of pages started from the beginning (0: unknown). Everything
    #: the holder has came from pages read at or after it, so no tombstone at or below it can
    #: concern the holder: pruning up to there does not invalidate the cursor (see read_page).
    base: int = 0

    def encode(self) -> str:
        raw = f"v2|{self.epoch}|{self.seq}|{self.base}|{self.scope}".encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def scope_of(user: AuthUser) -> str:
    return f"a:{user.agency_code}" if user.role == Role.PETUGAS else "all"


def _resync(detail: str) -> Problem:
    return Problem(
        410,
        RESYNC_SLUG,
        f"{detail}; kirim dulu semua perubahan yang tertunda, lalu baca feed dari awal",
        title="Full resync required",
    )


def decode_cursor(token: str) -> Cursor:
    try:
        padded = token + "=" * (-len(token) % 4)
        raw = base64.urlsafe_b64decode(padded.encode("ascii")).decode()
        if raw.startswith("v1|"):  # issued before `base` existed
            _, epoch, seq, scope = raw.split("|", 3)
            return Cursor(epoch, int(seq), scope)
        version, epoch, seq, base, scope = raw.split("|", 4)
        if version != "v2":
            raise ValueError(version)
        return Cursor(epoch, int(seq), scope, int(base))
    except (ValueError, UnicodeError, binascii.Error):
        raise _resync("the cursor is not one this server issued") from None


def _meta(s: Session) -> dict[str, str]:
    """The server_meta rows plus the feed counter (under COUNTER_KEY), in one round trip."""
    return dict(s.connection().execute(_META_AND_COUNTER).all())


def read_page(
    db: Database, user: AuthUser, after: str | None, limit: int, *, summary: bool = False
) -> bytes:
    """One feed page as JSON bytes: the pre-encoded snapshots (lapor_server.encoded) joined."""
    return read_page_coded(db, user, after, limit, summary=summary)[0]


def read_page_coded(
    db: Database,
    user: AuthUser,
    after: str | None,
    limit: int,
    *,
    summary: bool = False,
    coding: str | None = None,
    cache: PageCache | None = None,
    pages: feed_pages.Use | None = None,
) -> tuple[bytes, str | None]:
    """One feed page and its Content-Encoding: compressed with `coding` (one of
    `lapor_core.encoding.SUPPORTED`, None for plain) when it is worth it, here in the caller's
    worker thread. Full pages are kept compressed in `cache` (lapor_server.feed_cache) for the
    next desk that reads the same page of the same scope at the same feed state.

    `pages` (given only for a client that reads bodies of several zstd frames): a page the
    server built beforehand is served as stored when it starts exactly at the cursor and is
    still exact (lapor_server.feed_pages); `pages.stored` says so afterwards."""
    scope = scope_of(user)
    petugas = user.role == Role.PETUGAS
    with db.read(snapshot=True) as s:
        meta = _meta(s)
        epoch = meta.get("epoch", "")
        counter = int(meta.get(COUNTER_KEY) or 0)
        after_seq, base = 0, counter
        if after:
            cur = decode_cursor(after)
            if cur.epoch != epoch:
                raise _resync("the cursor belongs to another server database (epoch changed)")
            if cur.scope != scope:
                raise _resync("the account's scope changed since this cursor was issued")
            if cur.seq > counter or cur.base > counter or cur.seq < 0:
                raise _resync("the cursor is ahead of this server (restored from a backup?)")
            # Tombstones up to the floor are pruned. The holder may need one only if it is above
            # both its position (the ones below were delivered) and the chain's base (nothing it
            # holds is older) — so a fresh initial sync of many pages is never refused.
            if petugas and max(cur.seq, cur.base) < int(meta.get("feed_floor", "0")):
                raise _resync("the cursor is older than the server keeps changes")
            after_seq, base = cur.seq, cur.base
        key = None
        if cache is not None and coding:
            agency = user.agency_code if petugas else None
            floor = meta.get("feed_floor", "0")
            key = PageKey(epoch, counter, floor, user.role, agency, after, limit, coding)
            hit = cache.get(key)
            if hit is not None:
                return hit, coding

        if pages is not None and coding == feed_pages.CODING:
            role, agency_code = user.role, user.agency_code
            stored = feed_pages.serve(s, epoch, counter, role, agency_code, after_seq, limit)
            if stored is not None:  # the items as one frame, this desk's tail as a second
                frame, end = stored
                tail = {"cursor": Cursor(epoch, end, scope, base).encode(), "has_more": True}
                pages.stored = True
                return frame + encoding.compress(orjson.dumps(tail)[1:], coding), coding

        rows = positions(s, user.role, user.agency_code, after_seq, limit + 1)
        has_more = len(rows) > limit
        rows = rows[:limit]
        last = rows[-1][0] if rows else after_seq
        if pages is not None and has_more:  # end where a stored page starts: the next is served
            rows, last = feed_pages.align(s, epoch, user.role, user.agency_code, after_seq, rows)
        parts = item_parts(s, user.role, user.agency_code, rows)
        if not has_more:
            # Nothing more for this caller up to the counter: skip ahead, so a quiet desk's
            # cursor stays young (positions up to `counter` are all committed in this snapshot).
            last = max(last, counter)
        cursor = Cursor(epoch, last, scope, base).encode()
        tail: dict[str, Any] = {"cursor": cursor, "has_more": has_more}
        if summary and not has_more:
            tail["summary"] = _summary(s, user)
        if not has_more:
            # A desk fetches GET /reference again when this changes (an admin's calendar day
            # or agency), instead of waiting for its periodic refresh.
            tail["reference_version"] = reference.reference_version(s)
    # `{"items": [...], "cursor", "has_more", ...}`
    body = b"".join((b'{"items":[', *parts, b"],", orjson.dumps(tail)[1:]))
    if not coding or len(body) < compression.MIN_SIZE:
        return body, None
    body = encoding.compress(body, coding)
    if key is not None and has_more:
        cache.put(key, body)  # type: ignore[union-attr]
    return body, coding


def item_parts(s: Session, role: str, agency_code: str | None, rows: list[Any]) -> list[bytes]:
    """The items of a page, as the JSON fragments to join (commas included): the stored bytes
    with the item wrapping around them, tombstones with who moved the report where."""
    # The stored bytes came with the positions; those missing or outdated are built now.
    snaps = {rid: body for seq, rid, kind, _, at, body in rows if kind == "r" and at == seq}
    missing = [(rid, seq) for seq, rid, kind, *_ in rows if kind == "r" and rid not in snaps]
    if missing:
        snaps.update(encoded.load(s, missing, role, agency_code))
    moves = _moves(s, agency_code, [seq for seq, _, kind, *_ in rows if kind == "t"])
    # One join at the end: the page is the stored bytes with the item wrapping between them.
    parts: list[bytes] = []
    for seq, rid, kind, reason, *_ in rows:
        if kind == "r":
            snap = snaps.get(rid)
            if snap is not None:  # the same snapshot; the check is belt and braces
                if parts:
                    parts.append(b",")
                parts += (_ITEM_OPEN, snap, b"}")
        else:
            item = {"type": "tombstone", "report_id": rid, "reason": reason}
            item.update(moves.get((rid, seq), {}))
            if parts:
                parts.append(b",")
            parts.append(orjson.dumps(item))
    return parts


def _moves(s: Session, agency: str | None, seqs: list[int]) -> dict[tuple[str, int], dict]:
    """Who moved each tombstoned report, when, and to which OPD (an officer's pane says so in one
    sentence). The move's timeline event has the tombstone's time; one query per page that has
    tombstones at all."""
    if not seqs or agency is None:
        return {}
    t, e = ScopeChange, ReportEvent
    q = (
        sa.select(t.report_id, t.seq, t.created_at, e.actor, e.kind, e.agency_code)
        .outerjoin(
            e,
            sa.and_(
                e.report_id == t.report_id,
                e.created_at == t.created_at,
                e.kind.in_(("reassign", "return")),
            ),
        )
        .where(t.agency_code == agency, t.seq.in_(seqs))
    )
    out: dict[tuple[str, int], dict] = {}
    for rid, seq, at, actor, kind, to in s.execute(q).all():
        out[(rid, seq)] = {
            "at": at.isoformat() if at is not None else None,
            "by": actor,
            "to_agency_code": to if kind == "reassign" else None,
        }
    return out


def _summary(s: Session, user: AuthUser) -> dict[str, int]:
    """Count and version sum of the caller's scope (the desk's convergence check)."""
    r = Report.__table__.c
    q = sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(r.version), 0))
    if user.role == Role.PETUGAS:
        q = q.where(r.agency_code == user.agency_code, r.status.in_(_AGENCY_STATUS_VALUES))
    count, total = s.execute(q).one()
    return {"count": int(count), "version_sum": int(total)}


def _position_statements() -> tuple[sa.Select, sa.Select]:
    """The two position queries (all reports; one agency's reports and tombstones), built once
    with bound parameters: building and cache-keying them on every poll cost more CPU than
    running them (bench/server_load.py, py-spy).

    Each report row comes with the caller's audience's stored snapshot (`lapor_server.encoded`:
    its `feed_seq` and bytes; NULL when missing or built by other rules) from the same query:
    looking them up afterwards by 1,000 ids cost as much again (bench/server_feed.py)."""
    r, e, t = Report.__table__.c, EncodedSnapshot.__table__, ScopeChange.__table__.c
    after, n = sa.bindparam("after", type_=sa.BigInteger), sa.bindparam("n", type_=sa.Integer)
    agency = sa.bindparam("agency", type_=sa.String)
    audience = sa.bindparam("audience", type_=sa.String)
    with_stored = Report.__table__.outerjoin(
        e, sa.and_(e.c.report_id == r.id, e.c.audience == audience, e.c.rules == encoded.RULES)
    )
    report_columns = (
        r.feed_seq.label("seq"),
        r.id.label("report_id"),
        sa.literal("r").label("kind"),
        sa.cast(sa.null(), sa.String).label("reason"),
        e.c.feed_seq.label("stored_seq"),
        e.c.body.label("body"),
    )
    everything = (
        sa.select(*report_columns)
        .select_from(with_stored)
        .where(r.feed_seq > after)
        .order_by(r.feed_seq)
        .limit(n)
    )
    reports_q = (
        sa.select(*report_columns)
        .select_from(with_stored)
        .where(
            r.agency_code == agency,
            r.status.in_(_AGENCY_STATUS_VALUES),
            r.feed_seq > after,
        )
        .order_by(r.feed_seq)
        .limit(n)
        .subquery()
    )
    tombs_q = (
        sa.select(
            t.seq.label("seq"),
            t.report_id.label("report_id"),
            sa.literal("t").label("kind"),
            t.reason.label("reason"),
            sa.cast(sa.null(), sa.BigInteger).label("stored_seq"),
            sa.cast(sa.null(), sa.LargeBinary).label("body"),
        )
        .where(t.agency_code == agency, t.seq > after)
        .order_by(t.seq)
        .limit(n)
        .subquery()
    )
    union = sa.union_all(sa.select(reports_q), sa.select(tombs_q)).subquery()
    one_agency = sa.select(union).order_by(union.c.seq, union.c.kind.desc()).limit(n)
    return everything, one_agency


_ALL_POSITIONS, _AGENCY_POSITIONS = _position_statements()
#: not a server_meta key (those are identifiers); carries the counter in `_meta`'s answer
COUNTER_KEY = "feed counter"
_META_AND_COUNTER = sa.union_all(
    sa.select(ServerMeta.key, ServerMeta.value),
    sa.select(sa.literal(COUNTER_KEY), sa.cast(FeedCounter.value, sa.Text)).where(
        FeedCounter.id == 1
    ),
)


def positions(s: Session, role: str, agency_code: str | None, after: int, n: int) -> list[Any]:
    """(seq, report_id, kind, reason, stored_seq, stored_body) tuples after `after`, in order,
    at most n (the stored bytes as `_position_statements` says).

    Read straight from the driver's cursor: the columns need no conversion (integers, text and
    NULL), and SQLAlchemy's per-row processing of 1,000 rows cost a quarter of a page
    (bench/server_feed.py, cProfile)."""
    conn = s.connection()
    audience = encoded.AUDIENCE_OF_ROLE.get(Role(role), "")
    if role != Role.PETUGAS:
        result = conn.execute(_ALL_POSITIONS, {"after": after, "n": n, "audience": audience})
    else:
        params = {"after": after, "n": n, "agency": agency_code, "audience": audience}
        result = conn.execute(_AGENCY_POSITIONS, params)
    try:
        return result.cursor.fetchall()  # type: ignore[union-attr]
    finally:
        result.close()


def prune_tombstones(db: Database, retention_days: int, now: datetime) -> int:
    """Drop tombstones older than the retention and raise the floor agency cursors need."""
    horizon = now - timedelta(days=retention_days)
    with db.write() as s:
        top = s.scalar(
            sa.select(sa.func.max(ScopeChange.seq)).where(ScopeChange.created_at < horizon)
        )
        if top is None:
            return 0
        n = s.execute(sa.delete(ScopeChange).where(ScopeChange.seq <= top)).rowcount or 0
        floor = s.get(ServerMeta, "feed_floor")
        if floor is None:
            s.add(ServerMeta(key="feed_floor", value=str(top)))
        elif int(floor.value) < top:
            floor.value = str(top)
        return n
