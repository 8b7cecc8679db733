"""Pre-encoded snapshots: each report's snapshot, per audience, kept as the bytes a feed sends.

Building snapshots (three bulk queries, then a dict per report and event, then orjson) was most
of a feed page's cost (bench/server_feed.py). Reports change far less often than desks read
them, so the bytes are made when a report changes — in the very transaction that changes it
(`Database.write()` calls `refresh` before committing, see `lapor_server.db`) — and a page is
these bytes joined, plus its cursor (`lapor_server.feed.read_page`).

Audiences. The privacy rules (lapor_server.snapshots) differ by role: a koordinator sees the
reporter's contact details; a petugas never sees attachments hidden from the OPD; pimpinan and
admin see the reporter's name and hidden files flagged. `AUDIENCE_OF_ROLE` maps each role to the
audience whose bytes it gets; admin shares pimpinan's because their rules are identical today
(tests/server/test_encoded.py checks that, so a rule that ever tells them apart fails the test
instead of leaking). A petugas snapshot exists only while the report is at an OPD in an agency
status (nobody else gets it). Every snapshot is built by `build_snapshots` for that role: the
rules live in one place.

Validity. A row is served only when its `feed_seq` is the report's current one and it was built
by this server's rules (`RULES`, a fingerprint of the source of the snapshot code and the
lapor_core/lapor_server modules it uses: an upgrade that changes what a role may see outdates
every stored row at once, with nothing to remember to bump); anything else
(a write that bypassed `Database.write()`, rows seeded in bulk, a server that ran before this
table existed) is built live for that page, and `backfill` (migration 0005, then the periodic
job) fills the gaps.
"""

from __future__ import annotations

import ast
import hashlib
import inspect
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.orm import Session

from lapor_core.workflow import AGENCY_STATUSES, Role, values
from lapor_server import snapshots as _snapshots
from lapor_server.models import EncodedSnapshot, Report, ReportAttachment, ReportEvent
from lapor_server.snapshots import build_snapshots

#: who gets the same bytes: a koordinator (contact details), the leadership and admins (names
#: only), an OPD's officers (their agency's reports, hidden files left out)
AUDIENCES = (Role.KOORDINATOR.value, Role.PIMPINAN.value, Role.PETUGAS.value)
AUDIENCE_OF_ROLE = {
    Role.KOORDINATOR: Role.KOORDINATOR.value,
    Role.PIMPINAN: Role.PIMPINAN.value,
    Role.ADMIN: Role.PIMPINAN.value,
    Role.PETUGAS: Role.PETUGAS.value,
}
#: the role whose rules build each audience's bytes
_ROLE_OF_AUDIENCE = {a: Role(a) for a in AUDIENCES}
_AGENCY_STATUS_VALUES = values(AGENCY_STATUSES)
_T = EncodedSnapshot.__table__
_R = Report.__table__.c
_CHUNK = 500
#: session.info key: ids of reports changed in this transaction
CHANGED_KEY = "lapor_changed_reports"


def _rules_fingerprint() -> str:
    """What decides the bytes: the snapshot module and the lapor modules it uses, plus how this
    module maps roles to audiences and builds each audience's rows (not its read path)."""
    modules = {_snapshots}
    for value in vars(_snapshots).values():
        module = inspect.getmodule(value)
        if module is not None and module.__name__.startswith(("lapor_core", "lapor_server")):
            modules.add(module)
    digest = hashlib.sha256()
    for module in sorted(modules, key=lambda m: m.__name__):
        try:
            digest.update(_code_only(inspect.getsource(module)).encode())
        except (OSError, TypeError, SyntaxError):  # no source (a frozen build): name, version
            from lapor_core import __version__

            digest.update(f"{module.__name__}@{__version__}".encode())
    digest.update(repr(sorted(AUDIENCE_OF_ROLE.items())).encode())
    digest.update(repr(sorted(_ROLE_OF_AUDIENCE.items())).encode())
    for fn in (_refresh_chunk, _row, encode):
        try:
            digest.update(_code_only(inspect.getsource(fn)).encode())
        except (OSError, TypeError, SyntaxError):
            digest.update(fn.__qualname__.encode())
    return digest.hexdigest()[:16]


def _code_only(source: str) -> str:
    """The module's syntax tree without docstrings: comments, layout and prose do not count."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(body, list)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            body[0] = ast.Pass()
    return ast.dump(tree, include_attributes=False)


def encode(snapshot: dict[str, Any]) -> bytes:
    return orjson.dumps(snapshot)


def refresh(s: Session, report_ids: Iterable[str]) -> int:
    """Rebuild the stored bytes of these reports for every audience (inside the caller's
    transaction). Returns how many rows were written."""
    ids = sorted(set(report_ids))
    written = 0
    for at in range(0, len(ids), _CHUNK):
        written += _refresh_chunk(s, ids[at : at + _CHUNK])
    return written


def _refresh_chunk(s: Session, ids: Sequence[str]) -> int:
    conn = s.connection()
    current = conn.execute(
        sa.select(_R.id, _R.feed_seq, _R.agency_code, _R.status).where(_R.id.in_(ids))
    ).all()
    seq = {r.id: r.feed_seq for r in current}
    rows: list[dict[str, Any]] = []
    for audience in (Role.KOORDINATOR.value, Role.PIMPINAN.value):
        snaps = build_snapshots(s, ids, _ROLE_OF_AUDIENCE[audience], None)
        rows.extend(_row(rid, audience, seq[rid], snap) for rid, snap in snaps.items())
    by_agency: dict[str, list[str]] = defaultdict(list)
    for r in current:
        if r.agency_code and r.status in _AGENCY_STATUS_VALUES:
            by_agency[r.agency_code].append(r.id)
    for agency, agency_ids in by_agency.items():
        snaps = build_snapshots(s, agency_ids, Role.PETUGAS, agency)
        rows.extend(_row(rid, Role.PETUGAS.value, seq[rid], snap) for rid, snap in snaps.items())
    conn.execute(sa.delete(_T).where(_T.c.report_id.in_(ids)))
    if rows:
        conn.execute(sa.insert(_T), rows)
    return len(rows)


def _row(rid: str, audience: str, feed_seq: int, snap: dict[str, Any]) -> dict[str, Any]:
    return {
        "report_id": rid,
        "audience": audience,
        "feed_seq": feed_seq,
        "rules": RULES,
        "body": encode(snap),
    }


def load(
    s: Session, wanted: Sequence[tuple[str, int]], role: str, agency_code: str | None
) -> dict[str, bytes]:
    """Encoded snapshots for `(report_id, feed_seq)` pairs as `role` sees them, keyed by id.

    Stored bytes at exactly that position are used; the others are built live (and left out
    when the viewer may not see the report, as `build_snapshots` decides)."""
    audience = AUDIENCE_OF_ROLE.get(role)
    if audience is None or not wanted:
        return {}
    want = dict(wanted)
    out: dict[str, bytes] = {}
    ids = list(want)
    for at in range(0, len(ids), 1000):
        for rid, feed_seq, body in _stored(s, audience, ids[at : at + 1000]):
            if feed_seq == want[rid]:
                out[rid] = bytes(body)
    missing = [rid for rid in ids if rid not in out]
    if missing:
        for rid, snap in build_snapshots(s, missing, role, agency_code).items():
            out[rid] = encode(snap)
    return out


def _stored(s: Session, audience: str, ids: list[str]) -> list[tuple[str, int, bytes]]:
    """(report_id, feed_seq, body) rows, straight from the driver: SQLAlchemy's row processing
    of 1,000 blobs cost three times the read itself (bench/server_feed.py, cProfile)."""
    conn = s.connection()
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        if conn.dialect.name == "postgresql":
            cursor.execute(
                "SELECT report_id, feed_seq, body FROM report_snapshots"
                " WHERE audience = %s AND rules = %s AND report_id = ANY(%s)",
                (audience, RULES, ids),
            )
        else:
            marks = ",".join("?" * len(ids))
            cursor.execute(
                "SELECT report_id, feed_seq, body FROM report_snapshots"
                f" WHERE audience = ? AND rules = ? AND report_id IN ({marks})",
                (audience, RULES, *ids),
            )
        return cursor.fetchall()
    finally:
        cursor.close()


def stale_ids(s: Session, limit: int) -> list[str]:
    """Reports whose stored bytes are missing or outdated (the koordinator audience is always
    written with the others, so it stands for all of them)."""
    t = _T.c
    q = (
        sa.select(_R.id)
        .outerjoin(
            _T,
            sa.and_(
                t.report_id == _R.id,
                t.audience == Role.KOORDINATOR.value,
                t.feed_seq == _R.feed_seq,
                t.rules == RULES,
            ),
        )
        .where(t.report_id.is_(None))
        .limit(limit)
    )
    return list(s.connection().execute(q).scalars())


def backfill(s: Session, *, limit: int | None = None, batch: int = 2000) -> int:
    """Build the missing or outdated rows (at most `limit` reports). Returns reports done."""
    done = 0
    while limit is None or done < limit:
        n = batch if limit is None else min(batch, limit - done)
        ids = stale_ids(s, n)
        if not ids:
            break
        refresh(s, ids)
        done += len(ids)
        if len(ids) < n:
            break
    return done


def backfill_if_possible(s: Session) -> int:
    """`backfill` for a migration: today's snapshot code may read tables a later revision adds,
    so a failure rolls back to a savepoint and leaves the rows to that revision or the periodic
    job (the table is an accelerator, never the truth). Returns reports done."""
    try:
        with s.begin_nested():
            return backfill(s)
    except sa.exc.DBAPIError:
        return 0


# -- the write hook (installed on write sessions by lapor_server.db) -----------------------------


def track_changes(session: Session, _flush_context: Any, _instances: Any) -> None:
    """before_flush: remember which reports this transaction changes."""
    changed: set[str] = session.info.setdefault(CHANGED_KEY, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Report):
            changed.add(obj.id)
        elif isinstance(obj, ReportEvent | ReportAttachment) and obj.report_id:
            changed.add(obj.report_id)


def refresh_changed(session: Session) -> None:
    """before_commit: rebuild the stored bytes of every report the transaction changed."""
    session.flush()
    changed: set[str] | None = session.info.pop(CHANGED_KEY, None)
    if changed:
        refresh(session, changed)


def forget_changes(session: Session, *_args: Any) -> None:
    """after_rollback: nothing of a rolled-back transaction is kept."""
    session.info.pop(CHANGED_KEY, None)


#: the fingerprint stored with every row (see "Validity" above); computed once at import
RULES = _rules_fingerprint()
