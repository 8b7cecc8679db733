"""Taking a partner's public updates in (docs/forwarding.md).

Each partner's channel updates feed is read from the cursor kept for it; every public entry of a
report forwarded to *that* partner (matched by partner and our `external_id`) of kind status,
answer or info_request becomes a `partner_update` event on the original report, so the citizen's
conversation, e-mail, webhooks and channel feed carry it. Each update id is taken in once
(`partner_updates`), also when a page is read again after a crash.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from lapor_core.events import PARTNER_UPDATE
from lapor_core.wire import MAX_TEXT
from lapor_server import reports as rep
from lapor_server.config import ServerSettings
from lapor_server.db import Database
from lapor_server.forwarding.client import PartnerError, PartnerLink
from lapor_server.forwarding.ops import SENT
from lapor_server.forwarding.tables import Forward, Partner, PartnerUpdate
from lapor_server.models import Report

log = logging.getLogger("lapor_server.forwarding")

#: partner entry kinds taken in (a reply or rating at the partner is not the partner speaking)
TAKEN_KINDS = frozenset({"status", "answer", "info_request"})


def partner_link(partner: Partner, settings: ServerSettings) -> PartnerLink | None:
    """How to reach a partner that runs LAPOR Desk (None: it does not, or lacks address/key)."""
    if not (partner.runs_lapor and partner.base_url and partner.channel_key):
        return None
    return PartnerLink(
        partner.base_url, partner.channel_key, partner.ca_file, settings.forwarding_timeout_seconds
    )


def _take_in(db: Database, partner_id: int, items: list[dict[str, Any]], now: datetime) -> int:
    taken = 0
    for item in items:
        if not isinstance(item, dict):
            continue
        update_id = str(item.get("update_id") or "")[:64]
        ext = item.get("external_id")
        if not update_id or not isinstance(ext, str) or item.get("kind") not in TAKEN_KINDS:
            continue
        text = str(item.get("description") or "").strip()[:MAX_TEXT]
        try:
            with db.write() as s:
                fwd = s.scalar(
                    sa.select(Forward).where(
                        Forward.partner_id == partner_id, Forward.external_id == ext
                    )
                )
                if fwd is None or s.get(PartnerUpdate, (partner_id, update_id)) is not None:
                    continue
                partner = s.get(Partner, partner_id)
                report = s.scalar(
                    sa.select(Report).where(Report.id == fwd.report_id).with_for_update()
                )
                s.add(
                    PartnerUpdate(
                        partner_id=partner_id,
                        update_id=update_id,
                        forward_id=fwd.id,
                        created_at=now,
                    )
                )
                if text:
                    rep.add_event(
                        s,
                        report,
                        kind=PARTNER_UPDATE,
                        actor=partner.name,
                        actor_role="system",
                        now=now,
                        text=text,
                        data={
                            "partner": partner.code,
                            "partner_name": partner.name,
                            "kind": item.get("kind"),
                            "final": bool(item.get("final")),
                            "status": str(item.get("status") or "")[:16] or None,
                            "partner_tracking_id": fwd.partner_tracking_id,
                            "update_id": update_id,
                        },
                    )
                    rep.touch(s, report, now, rep.load_calendar(s))
                taken += 1
        except IntegrityError:
            continue  # another process took the same update in at the same moment
    return taken


def poll_partner(
    db: Database, settings: ServerSettings, partner_id: int, now: datetime, max_pages: int = 20
) -> int:
    """Read one partner's updates feed from its cursor; returns how many entries were taken in."""
    with db.read() as s:
        partner = s.get(Partner, partner_id)
        if partner is None:
            return 0
        link = partner_link(partner, settings)
        cursor = partner.updates_cursor
    if link is None:
        return 0
    taken = 0
    error: str | None = None
    for _ in range(max_pages):
        try:
            page = link.updates(cursor)
        except PartnerError as exc:
            error = exc.reason
            break
        taken += _take_in(db, partner_id, page["items"], now)
        new_cursor = page.get("cursor")
        if isinstance(new_cursor, str) and new_cursor and len(new_cursor) <= 200:
            cursor = new_cursor
            with db.write() as s:
                p = s.get(Partner, partner_id)
                if p is not None:
                    p.updates_cursor = cursor
        if not page.get("has_more"):
            break
    with db.write() as s:
        p = s.get(Partner, partner_id)
        if p is not None:
            p.last_polled_at = now
            p.last_error = error[:500] if error else None
    if error:
        log.warning("updates of partner %s not read: %s", partner_id, error)
    return taken


def poll_updates(db: Database, settings: ServerSettings, clock: Callable[[], datetime]) -> int:
    """One pass over every LAPOR partner that has accepted at least one forward (also one made
    inactive since: its answers to earlier forwards still reach their citizens)."""
    with db.read() as s:
        ids = list(
            s.scalars(
                sa.select(Partner.id)
                .where(
                    # an inactive partner takes no new forwards, but answers the ones it has
                    Partner.runs_lapor.is_(True),
                    sa.exists().where(Forward.partner_id == Partner.id, Forward.state == SENT),
                )
                .order_by(Partner.id)
            )
        )
    taken = 0
    for partner_id in ids:
        try:
            taken += poll_partner(db, settings, partner_id, clock())
        except Exception:  # one partner's trouble must not stop the others
            log.exception("partner %s: unexpected error while reading updates", partner_id)
    return taken
