"""The GeoReport v2 service request updates extension, as FixMyStreet uses it with back-ends.

`GET servicerequestupdates.{json,xml}?start_date=&end_date=` lists the public conversation
entries (`citizen.conversation`) that happened in the window (by `updated_datetime`, the time the
server made the change; default the last 90 days, at most 90 days), oldest first, at most 1,000;
`service_request_id` (comma list) narrows it. Only what the public may see: no secret or
unverified report, and not the reporter's own replies and ratings (their channel has those in its
feed). `update_id` is stable, so a poller keeps the ids it has seen and drops repeats.

`POST servicerequestupdates.{json,xml}` (channel `api_key`): a citizen's update of a request, which
is a reply (`description`); with `attribute[rating]=1..5` it is the rating of a final answer
(`description` the comment). The channel must have filed the request, or send the reporter's
`reporter_token`. The client's own `update_id` makes a resend count once.
"""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from fastapi import Request

from lapor_core.conversation import FROM_REPORTER
from lapor_core.wire import MAX_TEXT
from lapor_server.citizen.tables import PublicUpdate
from lapor_server.db import Database
from lapor_server.errors import Problem
from lapor_server.models import Report
from lapor_server.routers.open311.encoding import Refusal
from lapor_server.routers.open311.queries import (
    check_jurisdiction,
    date_window,
    iso,
    posting_channel,
    published,
)
from lapor_server.routers.open311.schemas import (
    CLOSED_STATUSES,
    MAX_REQUESTS,
    CreatedUpdate,
    ServiceRequestUpdate,
)

_NAMESPACE = uuid.UUID("6f0d3c38-5d55-4c8e-9d0b-4f6a1f311c0d")

POST_UPDATE_SCHEMA = {
    "type": "object",
    "required": ["api_key", "service_request_id", "description"],
    "properties": {
        "api_key": {"type": "string"},
        "jurisdiction_id": {"type": "string"},
        "service_request_id": {"type": "string"},
        "update_id": {"type": "string", "description": "the client's id: a resend counts once"},
        "updated_datetime": {"type": "string"},
        "status": {"type": "string"},
        "description": {"type": "string"},
        "media_url": {"type": "string"},
        "email": {"type": "string"},
        "first_name": {"type": "string"},
        "last_name": {"type": "string"},
        "reporter_token": {"type": "string"},
        "attribute[rating]": {"type": "string", "enum": ["1", "2", "3", "4", "5"]},
    },
}
POST_UPDATE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/x-www-form-urlencoded": {"schema": POST_UPDATE_SCHEMA},
            "application/json": {"schema": POST_UPDATE_SCHEMA},
        },
    }
}


def find_updates(
    request: Request, jurisdiction_id: str | None, db: Database, now: datetime
) -> list[ServiceRequestUpdate]:
    check_jurisdiction(request, jurisdiction_id)
    q = request.query_params
    start, end = date_window(q, now)
    u = PublicUpdate.__table__.c
    r = Report.__table__.c
    query = (
        sa.select(u.id, u.status, u.description, u.created_at, r.tracking_id)
        .select_from(PublicUpdate.__table__)
        .join(Report.__table__, r.id == u.report_id)
        .where(
            r.is_secret.is_(False),
            published(r),
            u.kind.not_in(sorted(FROM_REPORTER)),
            u.created_at >= start,
            u.created_at <= end,
        )
    )
    if q.get("service_request_id"):
        ids = [i.strip().upper() for i in q["service_request_id"].split(",") if i.strip()]
        if not ids or any(len(i) > 32 for i in ids):
            raise Refusal(400, "service_request_id must be a comma-separated list of ids")
        query = query.where(r.tracking_id.in_(ids[:MAX_REQUESTS]))
    query = query.order_by(u.created_at, u.id).limit(MAX_REQUESTS)
    with db.read() as s:
        rows = s.execute(query).all()
    return [
        ServiceRequestUpdate(
            update_id=str(row.id),
            service_request_id=row.tracking_id,
            status="closed" if row.status in CLOSED_STATUSES else "open",
            updated_datetime=iso(row.created_at) or "",
            description=row.description,
            media_url=None,
        )
        for row in rows
    ]


def post_update(
    request: Request, form: dict[str, str], db: Database, now: datetime
) -> list[CreatedUpdate]:
    """A citizen's update: a reply, or with `attribute[rating]` a rating (worker thread)."""
    from lapor_server.routers.reporter import add_reply, rate

    channel = posting_channel(request, form, db)
    tid = form.get("service_request_id", "").strip().upper()
    if not tid or len(tid) > 32:
        raise Refusal(400, "service_request_id is required")
    description = form.get("description", "").strip()
    media = form.get("media_url", "").strip()
    if media:
        description = (description + f"\n\nFoto/media dari pelapor: {media[:1000]}").strip()
    if len(description) > MAX_TEXT:
        raise Refusal(400, f"description may have at most {MAX_TEXT} characters")
    token = form.get("reporter_token") or form.get("attribute[reporter_token]") or None
    rating_raw = form.get("attribute[rating]", "").strip()
    client_id = form.get("update_id", "").strip()[:128]
    try:
        if rating_raw:
            if rating_raw not in ("1", "2", "3", "4", "5"):
                raise Refusal(400, "attribute[rating] must be 1, 2, 3, 4 or 5")
            out = rate(
                db,
                tid,
                int(rating_raw),
                description or None,
                now,
                channel=channel,
                reporter_token=token,
            )
            return [CreatedUpdate(update_id=out.update_id or "")]
        if not description:
            raise Refusal(400, "description is required")
        reply_id = str(uuid.uuid5(_NAMESPACE, f"{channel.id}:{client_id}")) if client_id else None
        done = add_reply(db, tid, description, reply_id, now, channel=channel, reporter_token=token)
    except Problem as exc:
        status = 400 if exc.status == 422 else exc.status
        raise Refusal(status, exc.detail) from None
    if done.update_id is None:  # a resend of the same client update_id
        with db.read() as s:
            found = s.scalar(
                sa.select(PublicUpdate.id)
                .join(Report, Report.id == PublicUpdate.report_id)
                .where(Report.tracking_id == tid, PublicUpdate.kind == "reply")
                .order_by(PublicUpdate.id.desc())
                .limit(1)
            )
        return [CreatedUpdate(update_id=str(found or ""))]
    return [CreatedUpdate(update_id=done.update_id)]
