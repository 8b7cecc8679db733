"""Periodic jobs: close completed reports whose reply window has passed, queue the day's staff
digests (docs/digests.md), prune old tombstones, encode snapshots that have no stored bytes yet.

Each report is closed in its own short transaction with a row lock, so several server processes
running the job at once are harmless (the second finds the report already closed).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import sqlalchemy as sa

from lapor_core.calendar import local_date
from lapor_core.workflow import Action, NotAllowed
from lapor_server import encoded, feed
from lapor_server import reports as rep
from lapor_server.config import ServerSettings
from lapor_server.db import Database
from lapor_server.models import DeviceToken, LoginAttempt, Presence, Report
from lapor_server.ops import OpActor, apply_system_action

log = logging.getLogger("lapor_server.jobs")
SYSTEM = OpActor(role="system", agency_code=None, display_name=rep.SYSTEM_ACTOR)


def close_expired(db: Database, now: datetime) -> int:
    """Close completed reports whose `closes_at` date has passed. Returns how many were closed."""
    today = local_date(now)
    with db.read() as s:
        ids = list(
            s.scalars(
                sa.select(Report.id).where(
                    Report.status == "completed",
                    Report.closed_at.is_(None),
                    Report.closes_at < today,
                )
            )
        )
    closed = 0
    for report_id in ids:
        with db.write() as s:
            report = s.scalar(sa.select(Report).where(Report.id == report_id).with_for_update())
            if (
                report is None
                or report.status != "completed"
                or report.closed_at is not None
                or report.closes_at is None
                or report.closes_at >= today
            ):
                continue  # changed meanwhile (a reply re-opened it, another process closed it)
            try:
                apply_system_action(
                    s,
                    report,
                    Action.CLOSE,
                    SYSTEM,
                    now,
                    rep.load_calendar(s),
                    text="Ditutup otomatis: tidak ada tanggapan pelapor dalam 10 hari kerja.",
                )
            except NotAllowed:  # pragma: no cover - guarded by the checks above
                continue
            closed += 1
    if closed:
        log.info("closed %d expired report(s)", closed)
    return closed


def prune_auth(db: Database, settings: ServerSettings, now: datetime) -> None:
    """Forget failed logins outside the throttle window and tokens long expired or revoked."""
    window = timedelta(seconds=settings.login_window_seconds)
    keep_tokens = timedelta(days=90)  # revoked/expired tokens stay visible to admins a while
    with db.write() as s:
        s.execute(sa.delete(LoginAttempt).where(LoginAttempt.at < now - 2 * window))
        s.execute(
            sa.delete(DeviceToken).where(
                sa.or_(
                    DeviceToken.expires_at < now - keep_tokens,
                    DeviceToken.revoked_at < now - keep_tokens,
                )
            )
        )


def prune_presence(db: Database, now: datetime) -> int:
    """Drop presence rows nobody refreshed for a day (a desk that crashed never said goodbye)."""
    with db.write() as s:
        res = s.execute(sa.delete(Presence).where(Presence.seen_at < now - timedelta(days=1)))
    return res.rowcount or 0


def backfill_snapshots(db: Database, batch: int = 2000) -> int:
    """Encode the snapshots a bulk import or an older server left without stored bytes, a batch
    per round (the feed builds them live meanwhile; see lapor_server.encoded)."""
    with db.write() as s:
        done = encoded.backfill(s, limit=batch)
    if done:
        log.info("encoded the snapshots of %d report(s)", done)
    return done


def field_files(db: Database, settings: ServerSettings) -> None:
    """Previews for images stored before previews existed (a batch per round); partial uploads
    nobody continued for two days are dropped; bootstrap files superseded or of scopes nobody
    asks for any more are removed."""
    from lapor_server import bootstrap, previews
    from lapor_server.routers.transfers import prune_partials

    previews.backfill(db, settings.attachments_dir)
    prune_partials(settings.attachments_dir)
    bootstrap.prune(settings.attachments_dir)


def digests_due(db: Database, settings: ServerSettings, now: datetime) -> None:
    """Today's staff digests, once, from `digest_hour` (WIT) on (lapor_server.digests)."""
    if not settings.digests:
        return
    from lapor_server.digests import schedule

    try:
        schedule.run_due(db, settings, now)
    except Exception:  # the other jobs of the round still run; the digests are tried next round
        log.exception("staff digests failed")


def run_periodic(db: Database, settings: ServerSettings, now: datetime) -> None:
    close_expired(db, now)
    digests_due(db, settings, now)
    backfill_snapshots(db)
    field_files(db, settings)
    feed.prune_tombstones(db, settings.feed_retention_days, now)
    prune_auth(db, settings, now)
    prune_presence(db, now)
