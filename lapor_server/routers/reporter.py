"""What channels do for the reporter after submission: read the conversation, rate an answer.

- `GET /api/v1/channel/updates?cursor=…`: every conversation entry of the reports this channel
  filed, oldest first, cursor-paged and resumable like the desk feed (the cursor is the position
  after the last item; keep it and ask again). An SMS or WhatsApp gateway delivers answers with it,
  no webhook needed.
- `POST /api/v1/intake/reports/{tracking_id}/rating`: the reporter's rating (1–5, comment) after
  a final answer (`citizen.ratings`).
Both need the channel key; a rating also needs the report to be this channel's or the reporter
token (issue 12, item 9). See docs/channels.md.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, ConfigDict, Field, StrictInt

from lapor_server.citizen import ratings
from lapor_server.citizen.conversation import update_data
from lapor_server.citizen.tables import PublicUpdate
from lapor_server.db import Database
from lapor_server.deps import Db, Now
from lapor_server.errors import Problem
from lapor_server.models import Channel, Report
from lapor_server.routers.intake import (
    IntakeChannel,
    latest_update_id,
    speaks_for_reporter,
)

router = APIRouter(prefix="/api/v1", tags=["intake"])

_CURSOR = re.compile(r"^(\d{1,18})\.(\d{1,18})$")


class UpdatesPage(BaseModel):
    items: list[dict[str, Any]]
    cursor: str = Field(description="pass it back as `cursor` for the entries after these")
    has_more: bool


def _parse_cursor(cursor: str | None) -> tuple[int, int]:
    if not cursor:
        return (-1, 0)
    m = _CURSOR.match(cursor)
    if m is None:
        raise Problem(422, "validation-error", "cursor: bukan kursor dari halaman sebelumnya")
    return int(m.group(1)), int(m.group(2))


@router.get(
    "/channel/updates",
    response_model=UpdatesPage,
    summary="The conversation entries of this channel's reports, after a cursor",
)
def channel_updates(
    *,
    cursor: str | None = Query(None, max_length=40, description="from the previous page"),
    limit: int = Query(200, ge=1, le=1000),
    channel: IntakeChannel,
    db: Db,
) -> UpdatesPage:
    seq, last_id = _parse_cursor(cursor)
    u = PublicUpdate
    with db.read() as s:
        rows = s.execute(
            sa.select(u, Report.tracking_id, Report.external_id)
            .join(Report, Report.id == u.report_id)
            .where(
                u.channel_id == channel.id,
                sa.or_(u.seq > seq, sa.and_(u.seq == seq, u.id > last_id)),
            )
            .order_by(u.seq, u.id)
            .limit(limit + 1)
        ).all()
    more = len(rows) > limit
    rows = rows[:limit]
    items = [update_data(row[0], row[1], row[2]) for row in rows]
    if rows:
        cursor = f"{rows[-1][0].seq}.{rows[-1][0].id}"
    return UpdatesPage(items=items, cursor=cursor or f"{max(seq, 0)}.{last_id}", has_more=more)


class RatingIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    score: StrictInt = Field(ge=1, le=5)
    comment: str | None = Field(default=None, max_length=ratings.MAX_COMMENT)
    reporter_token: str | None = Field(default=None, max_length=200)


class RatingOut(BaseModel):
    tracking_id: str
    score: int
    reopened: bool = Field(description="a low rating with a comment re-opened the report")
    status: str
    status_label: str
    version: int
    update_id: str | None


def rate(
    db: Database,
    tracking_id: str,
    score: int,
    comment: str | None,
    now: datetime,
    *,
    channel: Channel | None,
    reporter_token: str | None,
) -> RatingOut:
    """Rate as the reporter: through `channel` (its report, or with the token), or with the
    token alone (`channel` None: the e-mail's page)."""
    tid = tracking_id.strip().upper()
    with db.write() as s:
        report = s.scalar(sa.select(Report).where(Report.tracking_id == tid).with_for_update())
        if report is None:
            raise Problem(404, "not-found", f"laporan {tid} tidak ditemukan")
        if channel is not None:
            speaks_for_reporter(s, report, channel, reporter_token)
        else:
            speaks_for_reporter(s, report, None, reporter_token)
        done = ratings.rate_in_session(s, report, score, comment, now)
        return RatingOut(**done.__dict__, update_id=latest_update_id(s, report.id))


@router.post(
    "/intake/reports/{tracking_id}/rating",
    status_code=201,
    response_model=RatingOut,
    summary="The reporter's rating (1–5, comment) of a final answer",
    responses={
        401: {"description": "missing or invalid channel API key"},
        403: {"description": "another channel filed the report and no reporter_token was given"},
        404: {"description": "no report with this tracking id"},
        409: {"description": "no final answer yet, or this answer was rated already"},
    },
)
def post_rating(
    *,
    body: RatingIn,
    tracking_id: str = Path(min_length=1, max_length=32),
    channel: IntakeChannel,
    db: Db,
    now: Now,
) -> RatingOut:
    return rate(
        db,
        tracking_id,
        body.score,
        body.comment,
        now,
        channel=channel,
        reporter_token=body.reporter_token,
    )
