"""The reporter's satisfaction rating (1–5 and a comment) after a final answer.

Accepted through any channel that may speak for the reporter (intake, an Open311 update with
`attribute[rating]`, the page the e-mail links to), once per final answer. A rating is a public
timeline event (`rating`, `data.score`, the comment as text) at the answering OPD, so the desk's
dashboard and monthly recap count it per OPD and the conversation shows it. A low rating
(≤ `LOW_RATING`) with a comment inside the reply window re-opens the report like a reply.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from lapor_core.calendar import local_date
from lapor_core.conversation import LOW_RATING
from lapor_core.workflow import LABELS_ID, Action, NotAllowed, Status
from lapor_server import reports as rep
from lapor_server.errors import Problem
from lapor_server.models import Report, ReportEvent

MAX_COMMENT = 2000


@dataclass(frozen=True)
class Rated:
    tracking_id: str
    score: int
    reopened: bool
    status: str
    status_label: str
    version: int


def _window_open(report: Report, now: datetime) -> bool:
    if report.closed_at is not None:
        return False
    return report.closes_at is None or local_date(now) <= report.closes_at


def rate_in_session(
    s: Session, report: Report, score: int, comment: str | None, now: datetime
) -> Rated:
    """Add the rating to a row-locked report (caller's transaction); Problem 409/422 if refused."""
    from lapor_server.ops import OpActor, apply_system_action

    if not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= 5:
        raise Problem(422, "validation-error", "score: nilai 1 sampai 5", reason="score")
    comment = (comment or "").strip()[:MAX_COMMENT] or None
    if report.status != Status.COMPLETED.value or report.completed_at is None:
        raise Problem(
            409,
            "not-final",
            "Penilaian dapat diberikan setelah laporan mendapat tanggapan akhir (selesai).",
            reason="not_final",
        )
    earlier = s.scalar(
        sa.select(ReportEvent.id)
        .where(
            ReportEvent.report_id == report.id,
            ReportEvent.kind == "rating",
            ReportEvent.created_at >= report.completed_at,
        )
        .limit(1)
    )
    if earlier is not None:
        raise Problem(
            409,
            "already-rated",
            "Tanggapan akhir ini sudah dinilai.",
            reason="already_rated",
        )
    rep.add_event(
        s,
        report,
        kind="rating",
        actor=rep.REPORTER_ACTOR,
        actor_role="reporter",
        agency_code=report.agency_code,
        text=comment,
        data={"score": score},
        visibility="public",
        now=now,
        flush=False,
    )
    reopened = False
    if score <= LOW_RATING and comment and _window_open(report, now):
        actor = OpActor(role="reporter", agency_code=None, display_name=rep.REPORTER_ACTOR)
        try:
            version = apply_system_action(
                s,
                report,
                Action.REPORTER_REPLY,
                actor,
                now,
                rep.load_calendar(s),
                text=f"Penilaian {score}/5: {comment}",
            )
            reopened = True
        except NotAllowed:
            version = rep.touch(s, report, now, rep.load_calendar(s))
    else:
        version = rep.touch(s, report, now, rep.load_calendar(s))
    return Rated(
        tracking_id=report.tracking_id,
        score=score,
        reopened=reopened,
        status=report.status,
        status_label=LABELS_ID[Status(report.status)],
        version=version,
    )
