"""The regional side: sign each new version of a month's aggregate and push it to the centre.

One round (`run_round`, every `centre_push_seconds` inside the server, or `lapor-server centre
push`): for each of the last `centre_months` months the aggregate is computed; when its content
differs from the last version kept in `pusat_outbox`, a new version is signed and kept there.
Then every unconfirmed row is sent, oldest month first, until the centre confirms it (2xx). A
failed send (no link, a timeout, a 5xx) waits and is retried with a growing pause; the outbox
survives restarts, so a cut link resumes where it stopped. The centre counts each (region, month,
version) once, so a send repeated after a lost answer is harmless (docs/pusat.md).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import orjson
import requests
import sqlalchemy as sa

from lapor_core.calendar import local_date
from lapor_server import reports as rep
from lapor_server.config import ServerSettings
from lapor_server.db import Database
from lapor_server.models import Report
from lapor_server.pusat import aggregate, signing
from lapor_server.pusat.tables import PusatOutbox

log = logging.getLogger("lapor_server.pusat")
SUBMIT_PATH = "/api/v1/centre/aggregates"
#: the first pause after a failed send; each further failure doubles it, up to the maximum
RETRY_FIRST = timedelta(seconds=30)
RETRY_MAX = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class RoundResult:
    prepared: int
    sent: int
    failed: int


def configured(settings: ServerSettings) -> bool:
    return bool(settings.centre_url and settings.region_code and settings.centre_key_file)


def prepare(db: Database, settings: ServerSettings, now: datetime) -> int:
    """Sign a new version of every month whose aggregate changed; how many were made."""
    assert settings.region_code and settings.centre_key_file
    key = signing.load_private(settings.centre_key_file)
    today = local_date(now)
    made = 0
    for period in aggregate.months_back(today, settings.centre_months):
        with db.read(snapshot=True) as s:
            last = s.execute(
                sa.select(PusatOutbox.version, PusatOutbox.content_sha256)
                .where(PusatOutbox.period == period)
                .order_by(PusatOutbox.version.desc())
                .limit(1)
            ).first()
            if last is None and not _has_reports(s, period):
                continue  # nothing to say about a month without reports, and never said before
            body = aggregate.build(
                s,
                region=settings.region_code,
                period=period,
                today=today,
                calendar=rep.load_calendar(s),
                threshold=settings.centre_threshold,
            )
        digest = aggregate.content_hash(body)
        if last is not None and last.content_sha256 == digest:
            continue
        version = (last.version if last else 0) + 1
        raw = orjson.dumps({**body, "version": version}, option=orjson.OPT_SORT_KEYS)
        with db.write() as s:
            # a version never sent is replaced by the newer one (the centre needs only the latest)
            s.execute(
                sa.delete(PusatOutbox).where(
                    PusatOutbox.period == period, PusatOutbox.sent_at.is_(None)
                )
            )
            s.add(
                PusatOutbox(
                    period=period,
                    version=version,
                    content_sha256=digest,
                    body=raw,
                    signature=signing.sign(key, raw),
                    created_at=now,
                    attempts=0,
                )
            )
        made += 1
    return made


def _has_reports(s: sa.orm.Session, period: str) -> bool:
    from lapor_server import stats

    lo, hi = stats.period_bounds(*aggregate.month_bounds(period))
    return (
        s.scalar(
            sa.select(Report.id).where(Report.submitted_at >= lo, Report.submitted_at < hi).limit(1)
        )
        is not None
    )


def send_pending(
    db: Database,
    settings: ServerSettings,
    now: datetime,
    *,
    session: requests.Session | None = None,
) -> tuple[int, int]:
    """Send every unconfirmed version that is due; (confirmed, failed)."""
    assert settings.centre_url and settings.region_code
    with db.read() as s:
        rows = s.execute(
            sa.select(PusatOutbox.id, PusatOutbox.body, PusatOutbox.signature, PusatOutbox.attempts)
            .where(
                PusatOutbox.sent_at.is_(None),
                sa.or_(PusatOutbox.next_try_at.is_(None), PusatOutbox.next_try_at <= now),
            )
            .order_by(PusatOutbox.period, PusatOutbox.version)
        ).all()
    http = session or requests.Session()
    url = settings.centre_url.rstrip("/") + SUBMIT_PATH
    verify: str | bool = str(settings.centre_ca_file) if settings.centre_ca_file else True
    sent = failed = 0
    try:
        for row in rows:
            error = None
            try:
                resp = http.post(
                    url,
                    data=row.body,
                    headers={
                        "Content-Type": "application/json",
                        signing.REGION_HEADER: settings.region_code,
                        signing.SIGNATURE_HEADER: row.signature,
                    },
                    timeout=settings.centre_timeout_seconds,
                    verify=verify,
                )
                if resp.status_code >= 300:
                    error = f"HTTP {resp.status_code}: {resp.text[:300]}"
            except requests.RequestException as exc:
                error = f"{type(exc).__name__}: {exc}"
            with db.write() as s:
                if error is None:
                    s.execute(
                        sa.update(PusatOutbox)
                        .where(PusatOutbox.id == row.id)
                        .values(sent_at=now, last_error=None, attempts=row.attempts + 1)
                    )
                    sent += 1
                    continue
                pause = min(RETRY_MAX, RETRY_FIRST * (2 ** min(row.attempts, 12)))
                s.execute(
                    sa.update(PusatOutbox)
                    .where(PusatOutbox.id == row.id)
                    .values(attempts=row.attempts + 1, next_try_at=now + pause, last_error=error)
                )
            failed += 1
            log.warning("aggregate not accepted by the centre (retried later): %s", error)
    finally:
        if session is None:
            http.close()
    return sent, failed


def run_round(db: Database, settings: ServerSettings, now: datetime) -> RoundResult:
    """Prepare new versions and send what is due (nothing when the centre is not configured)."""
    if not configured(settings):
        return RoundResult(0, 0, 0)
    made = prepare(db, settings, now)
    sent, failed = send_pending(db, settings, now)
    return RoundResult(made, sent, failed)


def retry_now(db: Database) -> int:
    """Make every unconfirmed version due at once (after a link came back)."""
    with db.write() as s:
        res = s.execute(
            sa.update(PusatOutbox).where(PusatOutbox.sent_at.is_(None)).values(next_try_at=None)
        )
    return res.rowcount or 0
