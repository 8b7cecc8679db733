"""The forwarding worker: submits forwards to partners running LAPOR Desk, and runs the loop
that also takes their updates in (`updates.py`) and passes replies on (`replies.py`).

Runs as a background task of each server process (setting `forwarding`), in a thread of its own,
outside any officer's transaction (docs/forwarding.md):

- `submit_due`: each pending forward whose time has come is claimed with a lease, its visible
  attachments uploaded and the report posted to the partner's channel intake with the forward's
  stable `external_id`. A cut after the partner committed is harmless: the retry finds the same
  report there (the intake's `external_id` rule). Failures wait 30 s, 1, 2, 4 … minutes (at most an
  hour) for `forwarding_retry_hours`, then the forward is `failed` (`partners list`, `retry`).
- `updates.poll_updates`: each partner's channel updates feed is read from the cursor kept for
  it; every public entry of a report we forwarded becomes a `partner_update` event on the
  original report (so the citizen's conversation, e-mail, webhooks and channel feed carry it).
  Each update id is taken in once, also when a page is read again after a crash.
- `replies.relay_replies`: the reporter's replies to a forwarded report (answering what the partner
  asked) are passed on to the partner's reply endpoint, once each (a reply id derived from the
  forward and the event).

What leaves for the partner is what an OPD would see, minus the identity the reporter withheld:
the public (redacted) text, no reporter at all for an anonymous report, name and phone otherwise
(never the e-mail: this server keeps telling the citizen), `is_secret` as it is, and only the
reporter's attachments not hidden from OPDs, under neutral file names.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from lapor_core.wire import MAX_TEXT
from lapor_server import reports as rep
from lapor_server import storage
from lapor_server.config import ServerSettings
from lapor_server.db import Database
from lapor_server.forwarding import replies, updates
from lapor_server.forwarding.client import PartnerError
from lapor_server.forwarding.ops import FAILED, PENDING, SENT
from lapor_server.forwarding.tables import Forward, Partner
from lapor_server.forwarding.updates import partner_link
from lapor_server.models import (
    Attachment,
    District,
    Report,
    ReportAttachment,
    ReportEvent,
    ReportRedaction,
)

log = logging.getLogger("lapor_server.forwarding")

#: how long a claimed forward is left alone by other processes while one submits it
LEASE = timedelta(minutes=5)
#: the text of the internal timeline entry when the partner accepted the report
SENT_TEXT = "Laporan diterima di {partner} dengan nomor pelacakan {tracking}."
SOURCE_NOTE = "\n\n(Diteruskan melalui LAPOR Desk; nomor pelacakan asal: {tracking}.)"


# --- submitting ----------------------------------------------------------------------------------


def _claim(db: Database, now: datetime, batch: int) -> list[int]:
    with db.write() as s:
        rows = list(
            s.scalars(
                sa.select(Forward)
                .where(Forward.state == PENDING, Forward.next_attempt_at <= now)
                .order_by(Forward.next_attempt_at, Forward.id)
                .limit(batch)
                .with_for_update(skip_locked=True)
            )
        )
        for f in rows:
            f.next_attempt_at = now + LEASE
        return [f.id for f in rows]


def _neutral_name(index: int, media_type: str) -> str:
    ext = {
        "image/jpeg": "jpg",
        "image/png": "png",
        "image/webp": "webp",
        "image/gif": "gif",
        "application/pdf": "pdf",
        "text/plain": "txt",
    }.get(media_type, "bin" if "/" not in media_type else media_type.rsplit("/", 1)[1][:8])
    return f"lampiran-{index}.{ext}"


def build_submission(
    s: Any, fwd: Forward, attachments_dir: Path
) -> tuple[dict[str, Any], list[tuple[str, str, Path]]]:
    """The intake body for the partner and the files to upload first (sha256, type, path)."""
    report = s.get(Report, fwd.report_id)
    redaction = s.get(ReportRedaction, report.id)
    body = report.body
    address = report.address
    if redaction is not None:
        body = redaction.public_body if redaction.public_body is not None else body
        address = redaction.public_address if redaction.public_address is not None else address
    where = [address or ""]
    if report.village:
        where.append(f"Kampung {report.village}")
    if report.district_code:
        district = s.get(District, report.district_code)
        if district is not None:
            where.append(f"Distrik {district.name}")
    where.append("Kabupaten Mimika")
    note = SOURCE_NOTE.format(tracking=report.tracking_id)
    out: dict[str, Any] = {
        "title": report.title,
        "body": body[: MAX_TEXT - len(note)] + note,
        "classification": report.classification,
        "address": ", ".join(w for w in where if w)[:500],
        "is_anonymous": bool(report.is_anonymous),
        "is_secret": bool(report.is_secret),
        "external_id": fwd.external_id,
    }
    if report.lat is not None and report.lon is not None:
        out["lat"], out["lon"] = report.lat, report.lon
    if report.incident_date is not None:
        out["incident_date"] = report.incident_date.isoformat()
    if not report.is_anonymous and report.reporter_name:
        # what the reporter allowed staff to see; the e-mail stays here (we tell the citizen)
        out["reporter"] = {"name": report.reporter_name[:200]}
        if report.reporter_phone:
            out["reporter"]["phone"] = report.reporter_phone[:64]
    files: list[tuple[str, str, Path]] = []
    listed = []
    rows = s.execute(
        sa.select(ReportAttachment.sha256, Attachment.media_type, Attachment.storage_path)
        .join(Attachment, Attachment.sha256 == ReportAttachment.sha256)
        .outerjoin(ReportEvent, ReportEvent.id == ReportAttachment.event_id)
        .where(
            ReportAttachment.report_id == report.id,
            # the reporter's own files (the submission's), never staff's notes or answers
            sa.or_(ReportAttachment.event_id.is_(None), ReportEvent.kind == "submit"),
            ReportAttachment.hidden_from_agency.is_(False),  # hidden ones never leave
        )
        .order_by(ReportAttachment.id)
    ).all()
    for i, (sha, media_type, storage_path) in enumerate(dict.fromkeys(rows), start=1):
        path = storage.resolve(attachments_dir, storage_path)
        if path is None:
            continue
        files.append((sha, media_type, path))
        listed.append({"sha256": sha, "filename": _neutral_name(i, media_type)})
    if listed:
        out["attachments"] = listed[:20]
    return out, files[:20]


def _submit_one(db: Database, settings: ServerSettings, forward_id: int, now: datetime) -> None:
    with db.read() as s:
        fwd = s.get(Forward, forward_id)
        if fwd is None or fwd.state != PENDING:
            return
        partner = s.get(Partner, fwd.partner_id)
        link = partner_link(partner, settings) if partner is not None else None
        body, files = build_submission(s, fwd, settings.attachments_dir)
    error: str | None = None
    result: tuple[str, str] | None = None
    if link is None:
        error = "partner has no LAPOR Desk address or key"
    else:
        try:
            for sha, media_type, path in files:
                link.upload(sha, media_type, path)
            result = link.submit(body)
        except PartnerError as exc:
            error = exc.reason
    _record(db, settings, forward_id, result, error, now)


def _record(
    db: Database,
    settings: ServerSettings,
    forward_id: int,
    result: tuple[str, str] | None,
    error: str | None,
    now: datetime,
) -> None:
    with db.write() as s:
        fwd = s.scalar(sa.select(Forward).where(Forward.id == forward_id).with_for_update())
        if fwd is None or fwd.state != PENDING:
            return
        fwd.attempts = (fwd.attempts or 0) + 1
        partner = s.get(Partner, fwd.partner_id)
        if result is not None:
            fwd.state, fwd.sent_at, fwd.last_error = SENT, now, None
            fwd.partner_report_id, fwd.partner_tracking_id = result
            if not fwd.reference:
                fwd.reference = result[1]
            fwd.next_attempt_at = None
            report = s.scalar(sa.select(Report).where(Report.id == fwd.report_id).with_for_update())
            name = partner.name if partner is not None else "instansi tujuan"
            rep.add_event(
                s,
                report,
                kind="forward_sent",
                actor=name,
                actor_role="system",
                now=now,
                text=SENT_TEXT.format(partner=name, tracking=result[1]),
                data={
                    "partner": partner.code if partner is not None else None,
                    "partner_name": name,
                    "partner_tracking_id": result[1],
                },
            )
            rep.touch(s, report, now, rep.load_calendar(s))
            return
        fwd.last_error = (error or "unknown error")[:500]
        if partner is not None:
            partner.last_error = fwd.last_error
        window_start = fwd.retry_from or fwd.forwarded_at
        if now - window_start > timedelta(hours=settings.forwarding_retry_hours):
            fwd.state, fwd.next_attempt_at = FAILED, None
            return
        delay = settings.forwarding_backoff_seconds * (2 ** max(fwd.attempts - 1, 0))
        delay = min(delay, settings.forwarding_backoff_max_seconds)
        fwd.next_attempt_at = now + timedelta(seconds=delay)


def submit_due(
    db: Database, settings: ServerSettings, clock: Callable[[], datetime], batch: int = 10
) -> int:
    """One pass: submit what is due. Returns how many submissions were attempted."""
    ids = _claim(db, clock(), batch)
    for forward_id in ids:
        try:
            _submit_one(db, settings, forward_id, clock())
        except Exception:  # one bad forward must not stop the others
            log.exception("forward %s: unexpected error", forward_id)
            _record(db, settings, forward_id, None, "internal error", clock())
    return len(ids)


def retry_failed(db: Database, *, code: str, now: datetime) -> int:
    """`partners retry`: the partner's failed forwards pending again now."""
    from lapor_server.forwarding.partners import _get

    with db.write() as s:
        partner = _get(s, code)
        res = s.execute(
            sa.update(Forward)
            .where(Forward.partner_id == partner.id, Forward.state == FAILED)
            .values(state=PENDING, next_attempt_at=now, retry_from=now)
        )
        return res.rowcount or 0


async def run(db: Database, settings: ServerSettings, clock: Callable[[], datetime]) -> None:
    """Forever: submit what is due; read partners' updates every `forwarding_updates_seconds`."""
    last_poll: datetime | None = None
    while True:
        done = 0
        try:
            done = await asyncio.to_thread(submit_due, db, settings, clock)
            now = clock()
            due = last_poll is None or (now - last_poll).total_seconds() >= (
                settings.forwarding_updates_seconds
            )
            if due or done:
                last_poll = now
                await asyncio.to_thread(updates.poll_updates, db, settings, clock)
                await asyncio.to_thread(replies.relay_replies, db, settings, clock)
        except Exception:  # the database may be briefly unavailable; try again next round
            log.exception("forwarding pass failed")
        if not done:
            await asyncio.sleep(settings.forwarding_poll_seconds)
