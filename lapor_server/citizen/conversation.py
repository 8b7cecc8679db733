"""The public conversation, written in the transaction of each change and read by every output.

`record_change` runs inside `reports.touch`: each timeline event of the new version that the
reporter may see (`lapor_core.conversation.public_entry`) becomes a `PublicUpdate`, and the outbox
gets its webhook and e-mail deliveries in the same transaction. Readers (`conversation`,
`update_data`) never look at events again, so every output says exactly the same thing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from lapor_core.calendar import MIMIKA_TZ
from lapor_core.conversation import public_entry, status_label
from lapor_server.citizen.tables import PublicUpdate
from lapor_server.models import Agency, Report, ReportEvent

CLOSED = ("completed", "archived")


def record_change(s: Session, report: Report, now: datetime) -> list[PublicUpdate]:
    """Write the conversation entries of the report's new version (and queue their deliveries)."""
    from lapor_server.citizen import outbox
    from lapor_server.reports import NEW_EVENTS, NO_DELIVERIES

    pending: list[ReportEvent] = s.info.get(NEW_EVENTS, [])
    events = [e for e in pending if e.report_id == report.id and e.version == report.version]
    if events:
        s.info[NEW_EVENTS] = [e for e in pending if e not in events]
    else:  # an event added without `reports.add_event`: the database has it (autoflush)
        events = list(
            s.scalars(
                sa.select(ReportEvent)
                .where(ReportEvent.report_id == report.id, ReportEvent.version == report.version)
                .order_by(ReportEvent.id)
            )
        )
    deliver = not s.info.get(NO_DELIVERIES)
    names: dict[str, str | None] = s.info.setdefault("lapor.agency_names", {})
    if deliver and any(e.id is None for e in events):
        s.flush()  # ids for `event_id` (seeding leaves it null rather than flush every step)
    written = []
    for event in events:
        agency = event.agency_code
        if agency and agency not in names:
            names[agency] = s.scalar(sa.select(Agency.name).where(Agency.code == agency))
        name = names.get(agency) if agency else None
        entry = public_entry(
            event.kind,
            text=event.text,
            data=event.data,
            agency_name=name,
        )
        if entry is None:
            continue
        update = PublicUpdate(
            seq=report.feed_seq,
            report_id=report.id,
            channel_id=report.channel_id,
            event_id=event.id,
            kind=entry.kind,
            status=report.status,
            description=entry.description,
            speaker=entry.speaker,
            rating=entry.rating,
            final=entry.final,
            created_at=now,
        )
        s.add(update)
        if deliver:
            s.flush()  # the deliveries name the entry by its id
            outbox.enqueue(s, report, update, now)
        written.append(update)
    return written


def iso(moment: datetime) -> str:
    return moment.astimezone(MIMIKA_TZ).isoformat(timespec="seconds")


def update_data(
    update: PublicUpdate,
    tracking_id: str,
    external_id: str | None,
    *,
    archive_reason: str | None = None,
) -> dict[str, Any]:
    """One conversation entry as channels receive it (feed item, webhook `data`). A forwarded
    report's `status_label` reads "Diteruskan ke instansi lain" (`archive_reason` forwarded)."""
    return {
        "update_id": str(update.id),
        "tracking_id": tracking_id,
        "service_request_id": tracking_id,
        "external_id": external_id,
        "kind": update.kind,
        "description": update.description,
        "speaker": update.speaker,
        "rating": update.rating,
        "final": bool(update.final),
        "status": update.status,
        "status_label": status_label(update.status, archive_reason),
        "open311_status": "closed" if update.status in CLOSED else "open",
        "updated_datetime": iso(update.created_at),
    }


def conversation(s: Session, report_id: str) -> list[PublicUpdate]:
    """Everything the reporter sees of one report, in order."""
    return list(
        s.scalars(
            sa.select(PublicUpdate)
            .where(PublicUpdate.report_id == report_id)
            .order_by(PublicUpdate.seq, PublicUpdate.id)
        )
    )
