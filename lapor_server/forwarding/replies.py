"""The reporter's replies to a forwarded report, passed on to the partner (docs/forwarding.md).

A partner running LAPOR Desk may ask the citizen for information; the citizen answers through us
(the report is archived here, but a forwarded report takes replies). Each reply goes to the
partner's reply endpoint once: the reply id it receives is derived from the forward and the event.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime

import sqlalchemy as sa

from lapor_core.wire import MAX_TEXT
from lapor_server import reports as rep
from lapor_server.config import ServerSettings
from lapor_server.db import Database
from lapor_server.forwarding.client import PartnerError
from lapor_server.forwarding.ops import SENT
from lapor_server.forwarding.tables import Forward, Partner
from lapor_server.forwarding.updates import partner_link
from lapor_server.models import Report, ReportEvent

log = logging.getLogger("lapor_server.forwarding")

#: the internal timeline entry when the partner refused a reply for good (e.g. its window closed)
REFUSED_REPLY_TEXT = "Tanggapan pelapor tidak diterima {partner}: {why}."


def relay_replies(db: Database, settings: ServerSettings, clock: Callable[[], datetime]) -> int:
    """Pass the reporter's replies to forwarded reports on to partners running LAPOR Desk (the
    partner asked for information; the citizen answered through us). Once per reply: the reply id
    the partner receives is derived from the forward and the event, so a resend counts once there.
    A network failure leaves the reply for the next pass; a refusal (4xx) is noted internally on
    the report and the next reply goes on."""
    with db.read() as s:
        rows = s.execute(
            sa.select(Forward.id, Forward.partner_id)
            .join(Partner, Partner.id == Forward.partner_id)
            .where(
                Forward.state == SENT,
                Forward.partner_tracking_id.is_not(None),
                Partner.runs_lapor.is_(True),
                sa.exists().where(
                    ReportEvent.report_id == Forward.report_id,
                    ReportEvent.kind == "reporter_reply",
                    ReportEvent.created_at >= Forward.forwarded_at,
                    ReportEvent.id > sa.func.coalesce(Forward.relayed_event_id, 0),
                ),
            )
            .order_by(Forward.id)
        ).all()
    sent = 0
    for forward_id, partner_id in rows:
        try:
            sent += _relay_forward(db, settings, forward_id, partner_id, clock)
        except Exception:  # one forward's trouble must not stop the others
            log.exception("forward %s: unexpected error while passing replies on", forward_id)
    return sent


def _relay_forward(
    db: Database,
    settings: ServerSettings,
    forward_id: int,
    partner_id: int,
    clock: Callable[[], datetime],
) -> int:
    with db.read() as s:
        fwd = s.get(Forward, forward_id)
        partner = s.get(Partner, partner_id)
        link = partner_link(partner, settings) if partner is not None else None
        replies = s.execute(
            sa.select(ReportEvent.id, ReportEvent.text)
            .where(
                ReportEvent.report_id == fwd.report_id,
                ReportEvent.kind == "reporter_reply",
                ReportEvent.created_at >= fwd.forwarded_at,
                ReportEvent.id > (fwd.relayed_event_id or 0),
            )
            .order_by(ReportEvent.id)
        ).all()
        tracking, external = fwd.partner_tracking_id, fwd.external_id
        name = partner.name if partner is not None else "instansi tujuan"
    if link is None or not tracking:
        return 0
    sent = 0
    for event_id, text in replies:
        refused: str | None = None
        if (text or "").strip():
            reply_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{external}/reply/{event_id}"))
            try:
                link.reply(tracking, text.strip()[:MAX_TEXT], reply_id)
                sent += 1
            except PartnerError as exc:
                if exc.status is None or exc.status >= 500 or exc.status == 429:
                    log.warning("reply for forward %s not passed on yet: %s", forward_id, exc)
                    return sent  # the next pass tries again, in order
                refused = exc.reason
        with db.write() as s:
            f = s.scalar(sa.select(Forward).where(Forward.id == forward_id).with_for_update())
            f.relayed_event_id = event_id
            if refused:
                report = s.scalar(
                    sa.select(Report).where(Report.id == f.report_id).with_for_update()
                )
                rep.add_event(
                    s,
                    report,
                    kind="forward_reply_refused",
                    actor=name,
                    actor_role="system",
                    now=clock(),
                    text=REFUSED_REPLY_TEXT.format(partner=name, why=refused),
                    data={"partner": partner.code if partner else None, "event_id": event_id},
                )
                rep.touch(s, report, clock(), rep.load_calendar(s))
    return sent
