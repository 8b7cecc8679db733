"""What channels do for the reporter after submission: reply, read the conversation, rate.

- `POST /api/v1/intake/reports/{tracking_id}/replies`: the reporter's reply (re-opens a completed
  report within its window, resumes a postponed one); a `reply_id` makes a resend count once.
- `GET /api/v1/channel/updates?cursor=…`: every conversation entry of the reports this channel
  filed, oldest first, cursor-paged and resumable like the desk feed (the cursor is the position
  after the last item; keep it and ask again). An SMS or WhatsApp gateway delivers answers with it,
  no webhook needed.
- `POST /api/v1/intake/reports/{tracking_id}/rating`: the reporter's rating (1–5, comment) after
  a final answer (`citizen.ratings`).
All need the channel key; replies and ratings also need the report to be this channel's, or its
reporter token (issue 12, item 9). See docs/channels.md.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field, StrictInt
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lapor_core.wire import MAX_TEXT, is_uuid
from lapor_core.workflow import LABELS_ID, Action, NotAllowed, Status
from lapor_server import reports as rep
from lapor_server.citizen import ratings, tokens
from lapor_server.citizen.conversation import update_data
from lapor_server.citizen.tables import PublicUpdate
from lapor_server.db import Database
from lapor_server.deps import Db, Now
from lapor_server.errors import Problem
from lapor_server.models import Channel, OpRecord, Report
from lapor_server.ops import apply_system_action
from lapor_server.routers.intake import _ERRORS, REPORTER, IntakeChannel, _invalid

router = APIRouter(prefix="/api/v1", tags=["intake"])

_CURSOR = re.compile(r"^(\d{1,18})\.(\d{1,18})$")


def speaks_for_reporter(
    s: Session, report: Report, channel: Channel | None, token: str | None
) -> None:
    """Problem 403 unless `channel` filed the report or `token` is its reporter token."""
    own = channel is not None and report.channel_id == channel.id
    if own or tokens.valid(s, report.id, token):
        return
    raise Problem(
        403,
        "not-your-report",
        "laporan ini tidak dikirim melalui kanal ini; sertakan reporter_token pelapor",
        reason="not_your_report",
    )


class ReplyIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    text: str = Field(min_length=1, max_length=MAX_TEXT)
    reply_id: str | None = Field(
        default=None, max_length=36, description="optional UUID: a resend counts once"
    )
    reporter_token: str | None = Field(
        default=None,
        max_length=200,
        description="needed when this channel did not file the report",
    )


class ReplyOut(BaseModel):
    tracking_id: str
    status: str
    status_label: str
    version: int
    duplicate: bool = False
    #: the reply's entry in the public conversation (Open311 `update_id`); null for a duplicate
    update_id: str | None = None


def latest_update_id(s: Session, report_id: str) -> str | None:
    """The id of the report's newest conversation entry (just written by the caller)."""
    found = s.scalar(
        sa.select(PublicUpdate.id)
        .where(PublicUpdate.report_id == report_id)
        .order_by(PublicUpdate.id.desc())
        .limit(1)
    )
    return str(found) if found is not None else None


def _reply_fingerprint(report_id: str, text: str, files: list[tuple[str, str]]) -> str:
    tail = "|" + ",".join(sha for sha, _ in files) if files else ""
    return hashlib.sha256(f"reporter_reply|{report_id}|{text}{tail}".encode()).hexdigest()


_REFUSED = {
    "closed": (
        "reply-window-closed",
        "Masa tanggapan 10 hari kerja sudah lewat dan laporan sudah ditutup; "
        "kirim laporan baru bila masalahnya belum selesai.",
    ),
    "status": (
        "report-archived",
        "Laporan ini sudah diarsipkan sehingga tanggapan tidak dapat diterima.",
    ),
}


def add_reply(
    db: Database,
    tracking_id: str,
    text: str,
    reply_id: str | None,
    now: datetime,
    *,
    channel: Channel | None,
    reporter_token: str | None = None,
    attachments: list[tuple[str, str]] | None = None,
) -> ReplyOut:
    """Apply a reporter reply (exactly once per reply_id) or raise Problem 403/404/409.

    `attachments`: (sha256, file name) of files already stored for the reporter (Akai Meno's
    photos; the intake API's replies carry none)."""
    files = list(attachments or [])
    tid = tracking_id.strip().upper()
    fp = None
    if reply_id is not None:
        if not is_uuid(reply_id):
            raise _invalid("reply_id", "harus berupa UUID", "reply_id")
        reply_id = reply_id.lower()
    for attempt in range(2):
        try:
            with db.write() as s:
                report = s.scalar(
                    sa.select(Report).where(Report.tracking_id == tid).with_for_update()
                )
                if report is None:
                    raise Problem(404, "not-found", f"laporan {tid} tidak ditemukan")
                speaks_for_reporter(s, report, channel, reporter_token)
                if reply_id is not None:
                    fp = _reply_fingerprint(report.id, text, files)
                    stored = s.get(OpRecord, reply_id)
                    if stored is not None:
                        if stored.fingerprint != fp or stored.kind != "reporter_reply":
                            raise Problem(
                                409,
                                "reply-id-reused",
                                "reply_id ini sudah dipakai untuk tanggapan lain",
                                reason="reply_id_reused",
                            )
                        return ReplyOut(
                            tracking_id=report.tracking_id,
                            status=report.status,
                            status_label=LABELS_ID[Status(report.status)],
                            version=report.version,
                            duplicate=True,
                        )
                try:
                    version = apply_system_action(
                        s,
                        report,
                        Action.REPORTER_REPLY,
                        REPORTER,
                        now,
                        rep.load_calendar(s),
                        text=text,
                        attachments=files,
                    )
                    update_id = latest_update_id(s, report.id)
                except NotAllowed as exc:
                    slug, detail = _REFUSED.get(exc.reason, ("reply-refused", exc.message))
                    raise Problem(409, slug, detail, reason=exc.reason) from None
                if reply_id is not None:
                    s.add(
                        OpRecord(
                            op_id=reply_id,
                            user_id=None,
                            kind="reporter_reply",
                            report_id=report.id,
                            fingerprint=fp,
                            outcome="applied",
                            report_version=version,
                            created_at=now,
                        )
                    )
                    s.flush()
                return ReplyOut(
                    tracking_id=report.tracking_id,
                    status=report.status,
                    status_label=LABELS_ID[Status(report.status)],
                    version=version,
                    update_id=update_id,
                )
        except IntegrityError:
            if attempt or reply_id is None:
                raise  # pragma: no cover - only a concurrent twin of the same reply gets here
    raise AssertionError("unreachable")  # pragma: no cover


@router.post(
    "/intake/reports/{tracking_id}/replies",
    status_code=201,
    response_model=ReplyOut,
    summary="Add the reporter's reply to a report (re-opens or resumes it when that applies)",
    responses={
        200: {"description": "this reply_id was applied before", "model": ReplyOut},
        403: {"description": "another channel filed the report and no reporter_token was given"},
        404: {"description": "no report with this tracking id"},
        409: {"description": "the report no longer takes replies (closed or archived)"},
        **_ERRORS,
    },
)
def reply(
    *,
    body: ReplyIn,
    response: Response,
    tracking_id: str = Path(min_length=1, max_length=32),
    channel: IntakeChannel,
    db: Db,
    now: Now,
) -> ReplyOut:
    out = add_reply(
        db,
        tracking_id,
        body.text,
        body.reply_id,
        now,
        channel=channel,
        reporter_token=body.reporter_token,
    )
    if out.duplicate:
        response.status_code = 200
    return out


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
            sa.select(u, Report.tracking_id, Report.external_id, Report.archive_reason)
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
    items = [update_data(row[0], row[1], row[2], archive_reason=row[3]) for row in rows]
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
