"""Report bookkeeping shared by ops, intake, jobs and seeding: feed positions, deadlines,
timeline events, tombstones and report creation.

Every change of a report goes through `touch()`: version + 1, a new feed position, deadlines
recomputed. Callers run inside one write transaction (`Database.write()`).

Feed positions (`next_seq`): one counter row, incremented inside the writing transaction. On
PostgreSQL concurrent transactions could otherwise commit their positions out of order (T1 takes
41, T2 takes 42, T2 commits first); a reader that has seen 42 would then skip 41 forever. So the
position is taken under a transaction-scoped advisory lock (`pg_advisory_xact_lock`), held until
commit: positions become visible strictly in order. The lock is taken as late as possible (just
before the final writes of the transaction) to keep it short. SQLite has one writer at a time
anyway (`BEGIN IMMEDIATE`).
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from lapor_core.calendar import WorkingCalendar
from lapor_core.deadlines import Pause, compute
from lapor_core.events import visibility as event_visibility
from lapor_server.models import (
    Agency,
    Attachment,
    AttachmentUpload,
    CalendarDay,
    FeedCounter,
    Report,
    ReportAttachment,
    ReportEvent,
    ReportRedaction,
    ScopeChange,
)

#: advisory lock key that serialises feed position assignment on PostgreSQL
FEED_LOCK_KEY = 7241002
_TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


REPORTER_ACTOR = "Pelapor"
#: `Session.info` key: events added in this session that no conversation entry was made for yet
NEW_EVENTS = "lapor.new_events"
#: `Session.info` key: when true, changes write their conversation but queue no deliveries
#: (seeding a demo must not e-mail generated reporters)
NO_DELIVERIES = "lapor.no_deliveries"
SYSTEM_ACTOR = "Sistem"


def next_seq(s: Session) -> int:
    """The next feed position; call once per transaction, late (see the module docstring)."""
    conn = s.connection()
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": FEED_LOCK_KEY})
    # Core, not an ORM-enabled UPDATE: no session synchronisation work on a hot path.
    table = FeedCounter.__table__
    return conn.execute(
        sa.update(table)
        .where(table.c.id == 1)
        .values(value=table.c.value + 1)
        .returning(table.c.value)
    ).scalar_one()


def load_calendar(s: Session) -> WorkingCalendar:
    """The working-day calendar with the admin's extra days."""
    rows = s.execute(sa.select(CalendarDay.day, CalendarDay.working)).all()
    return WorkingCalendar(
        extra_holidays=[d for d, working in rows if not working],
        extra_working_days=[d for d, working in rows if working],
    )


def _pauses(report: Report) -> list[Pause]:
    out = []
    for start, end in report.pauses or []:
        out.append(
            Pause(datetime.fromisoformat(start), datetime.fromisoformat(end) if end else None)
        )
    return out


def recompute_deadlines(report: Report, now: datetime, calendar: WorkingCalendar) -> None:
    d = compute(
        submitted_at=report.submitted_at,
        now=now,
        verified_at=report.verified_at,
        dispatched_at=report.dispatched_at,
        completed_at=report.completed_at,
        pauses=_pauses(report),
        calendar=calendar,
    )
    report.verify_by = d.verify_by
    report.dispatch_by = d.dispatch_by
    report.respond_by = d.respond_by
    report.closes_at = d.closes_at


_DEADLINE_FIELDS = ("verify_by", "dispatch_by", "respond_by", "closes_at")


def recompute_open_deadlines(
    s: Session,
    now: datetime,
    before: WorkingCalendar,
    after: WorkingCalendar,
    why: dict[str, Any],
) -> int:
    """Move the deadlines of open reports to a changed working-day calendar.

    Each report whose deadlines differ between the calendar `before` and `after` (both at `now`,
    so the time a running pause has counted does not pass for a calendar change) gets an internal
    `deadlines` event from the system (`data`: `why` plus the old and new dates) and a new version
    and feed position, so every desk receives the new dates through the feed. Returns how many
    reports changed. Archived and closed reports keep their dates.
    """
    reports = s.scalars(
        sa.select(Report)
        .where(Report.status != "archived", Report.closed_at.is_(None))
        .order_by(Report.feed_seq)
        .with_for_update()
    ).all()
    changed = 0
    for report in reports:
        recompute_deadlines(report, now, before)
        old = {f: getattr(report, f) for f in _DEADLINE_FIELDS}
        recompute_deadlines(report, now, after)
        new = {f: getattr(report, f) for f in _DEADLINE_FIELDS}
        if old == new:
            continue
        moved = [f for f in _DEADLINE_FIELDS if old[f] != new[f]]
        add_event(
            s,
            report,
            kind="deadlines",
            actor=SYSTEM_ACTOR,
            actor_role="system",
            agency_code=report.agency_code,
            data={
                **why,
                "before": {f: _iso(old[f]) for f in moved},
                "after": {f: _iso(new[f]) for f in moved},
            },
            now=now,
            flush=False,
        )
        touch(s, report, now, after)
        changed += 1
    return changed


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def open_pause(report: Report, now: datetime) -> None:
    report.pauses = [*(report.pauses or []), [now.isoformat(), None]]


def close_pause(report: Report, now: datetime) -> None:
    pauses = [list(p) for p in (report.pauses or [])]
    if pauses and pauses[-1][1] is None:
        pauses[-1][1] = now.isoformat()
    report.pauses = pauses


def touch(
    s: Session, report: Report, now: datetime, calendar: WorkingCalendar, seq: int | None = None
) -> int:
    """Finish a change: version + 1, deadlines, new feed position. Returns the new version."""
    report.version = (report.version or 0) + 1
    report.updated_at = now
    recompute_deadlines(report, now, calendar)
    report.feed_seq = seq if seq is not None else next_seq(s)
    # What the reporter is told of this change, and its deliveries, in the same transaction.
    from lapor_server.citizen.conversation import record_change

    record_change(s, report, now)
    return report.version


def add_event(
    s: Session,
    report: Report,
    *,
    kind: str,
    actor: str,
    actor_role: str,
    now: datetime,
    actor_user_id: int | None = None,
    agency_code: str | None = None,
    text: str | None = None,
    data: dict[str, Any] | None = None,
    op_id: str | None = None,
    visibility: str | None = None,
    written_at: datetime | None = None,
    flush: bool = True,
) -> ReportEvent:
    """Append a timeline event for the version the report is about to get (call before touch)."""
    event = ReportEvent(
        report_id=report.id,
        kind=kind,
        actor=actor,
        actor_role=actor_role,
        actor_user_id=actor_user_id,
        agency_code=agency_code,
        text=text,
        visibility=visibility or event_visibility(kind),
        data=data or {},
        created_at=now,
        written_at=written_at,
        op_id=op_id,
        version=(report.version or 0) + 1,
    )
    s.add(event)
    # `touch` turns the new version's events into the reporter's conversation; it finds them
    # here, also in sessions that do not autoflush (seeding).
    s.info.setdefault(NEW_EVENTS, []).append(event)
    if flush:
        s.flush()  # the event id is needed to link attachments
    return event


def add_tombstone(
    s: Session, report_id: str, agency_code: str, reason: str, seq: int, now: datetime
) -> None:
    s.add(
        ScopeChange(
            seq=seq, report_id=report_id, agency_code=agency_code, reason=reason, created_at=now
        )
    )


def link_attachments(
    s: Session,
    report: Report,
    event: ReportEvent | None,
    files: Iterable[tuple[str, str]],
    now: datetime,
) -> None:
    """Link stored attachments (sha256, filename) to a report and (optionally) an event.

    A file the coordinator hid from the OPD on this report stays hidden when linked again."""
    files = list(files)
    hidden = set(
        s.scalars(
            sa.select(ReportAttachment.sha256).where(
                ReportAttachment.report_id == report.id,
                ReportAttachment.sha256.in_([sha for sha, _ in files]),
                ReportAttachment.hidden_from_agency.is_(True),
            )
        )
    ) if files else set()  # fmt: skip
    for sha, filename in files:
        s.add(
            ReportAttachment(
                report_id=report.id,
                sha256=sha,
                event_id=event.id if event else None,
                filename=(filename or sha[:12])[:255],
                hidden_from_agency=sha in hidden,
                created_at=now,
            )
        )


def redact(
    s: Session, report: Report, fields: dict[str, str | None], now: datetime, by: int | None
) -> None:
    """Set the public text of `body` / `address` (a value) or show the original again (None).

    The original stays in `reports`; everyone but a koordinator, and Open311, read the public
    text (`snapshots`, `routers/open311/queries.py`). The caller touches the report."""
    row = s.get(ReportRedaction, report.id)
    if row is None:
        row = ReportRedaction(report_id=report.id, redacted_at=now, redacted_by=by)
        s.add(row)
    for key in ("body", "address"):
        if key in fields:
            setattr(row, f"public_{key}", fields[key])
    row.redacted_at, row.redacted_by = now, by
    if row.public_body is None and row.public_address is None:
        if row in s.new:
            s.expunge(row)
        else:
            s.delete(row)


def lift_privacy(
    s: Session,
    report: Report,
    now: datetime,
    calendar: WorkingCalendar,
    *,
    anonymous: bool = False,
    secret: bool = False,
) -> int:
    """The reporter lifts their own anonim (`anonymous`) and/or rahasia (`secret`) choice.

    Only for the reporter's own request through the channel that holds their reporter token
    (the channel checks that); staff can never do this (`ops._check_privacy`, reason
    `privacy_one_way`). Bumps the version so every desk gets the new snapshot. Returns it."""
    if anonymous:
        report.is_anonymous = False
    if secret:
        report.is_secret = False
    return touch(s, report, now, calendar)


def record_upload(
    s: Session,
    sha256: str,
    size: int,
    now: datetime,
    *,
    user_id: int | None = None,
    channel_id: int | None = None,
    report_id: str | None = None,
) -> None:
    s.add(
        AttachmentUpload(
            sha256=sha256,
            size=size,
            created_at=now,
            user_id=user_id,
            channel_id=channel_id,
            report_id=report_id,
        )
    )


def has_uploaded(
    s: Session, sha256: str, *, user_id: int | None = None, channel_id: int | None = None
) -> bool:
    who = (
        AttachmentUpload.user_id == user_id
        if user_id is not None
        else AttachmentUpload.channel_id == channel_id
    )
    hit = s.scalar(
        sa.select(AttachmentUpload.id).where(who, AttachmentUpload.sha256 == sha256).limit(1)
    )
    return hit is not None


def uploaded_since(
    s: Session, since: datetime, *, user_id: int | None = None, channel_id: int | None = None
) -> int:
    """Bytes the account (or channel) uploaded since `since` (the daily quota)."""
    who = (
        AttachmentUpload.user_id == user_id
        if user_id is not None
        else AttachmentUpload.channel_id == channel_id
    )
    total = s.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(AttachmentUpload.size), 0)).where(
            who, AttachmentUpload.created_at >= since
        )
    )
    return int(total or 0)


def unlinkable_attachments(
    s: Session,
    hashes: Iterable[str],
    *,
    report_id: str | None,
    user_id: int | None = None,
    channel_id: int | None = None,
    sees_hidden: bool = True,
) -> list[str]:
    """The hashes this account (or channel) may not link to the report, in the given order.

    A file may be linked when the same account uploaded it (for this report, or without naming
    one), or when it is already on this report and visible to the caller (`sees_hidden` False
    for an officer: files hidden from the OPD do not count). Whether a file exists on the server
    at all plays no part: a refusal must not tell (issue 12 #3)."""
    wanted = list(dict.fromkeys(hashes))
    if not wanted:
        return []
    allowed: set[str] = set()
    if user_id is not None or channel_id is not None:
        who = (
            AttachmentUpload.user_id == user_id
            if user_id is not None
            else AttachmentUpload.channel_id == channel_id
        )
        q = sa.select(AttachmentUpload.sha256).where(who, AttachmentUpload.sha256.in_(wanted))
        if report_id is not None:
            q = q.where(
                sa.or_(
                    AttachmentUpload.report_id.is_(None), AttachmentUpload.report_id == report_id
                )
            )
        else:
            q = q.where(AttachmentUpload.report_id.is_(None))
        allowed.update(s.scalars(q))
    if report_id is not None:
        q = sa.select(ReportAttachment.sha256).where(
            ReportAttachment.report_id == report_id, ReportAttachment.sha256.in_(wanted)
        )
        if not sees_hidden:
            q = q.where(ReportAttachment.hidden_from_agency.is_(False))
        allowed.update(s.scalars(q))
    # A row without its file (never uploaded) cannot be linked either way.
    present = set(s.scalars(sa.select(Attachment.sha256).where(Attachment.sha256.in_(wanted))))
    return [h for h in wanted if h not in allowed or h not in present]


def agency_name(s: Session, code: str | None) -> str:
    if not code:
        return "-"
    name = s.scalar(sa.select(Agency.name).where(Agency.code == code))
    return name or code


def new_tracking_id(s: Session, now: datetime) -> str:
    """A short, unambiguous tracking id like `MMK-2611-7KQ4H` (year+month, 5 random chars)."""
    from lapor_core.calendar import local_date

    day = local_date(now)
    for _ in range(20):
        rand = "".join(secrets.choice(_TRACKING_ALPHABET) for _ in range(5))
        tid = f"MMK-{day:%y%m}-{rand}"
        if s.scalar(sa.select(Report.id).where(Report.tracking_id == tid)) is None:
            return tid
    # 32^5 per month: collisions this often mean something else is wrong
    raise RuntimeError("could not find a free tracking id")


def create_report(
    s: Session,
    *,
    title: str,
    body: str,
    classification: str,
    channel: str,
    submitted_at: datetime,
    now: datetime,
    calendar: WorkingCalendar,
    category_code: str | None = None,
    district_code: str | None = None,
    village: str | None = None,
    address: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
    incident_date: date | None = None,
    is_anonymous: bool = False,
    is_secret: bool = False,
    reporter_name: str | None = None,
    reporter_phone: str | None = None,
    reporter_email: str | None = None,
    channel_id: int | None = None,
    external_id: str | None = None,
    attachments: Iterable[tuple[str, str]] = (),
    report_id: str | None = None,
    tracking_id: str | None = None,
) -> Report:
    """Insert a new `unverified` report with its `submit` event (version 1) and feed position.

    Validation of the intake (codes exist, lengths, attachment hashes stored) is the caller's.
    """
    report = Report(
        id=report_id or str(uuid.uuid4()),
        tracking_id=tracking_id or new_tracking_id(s, submitted_at),
        title=title,
        body=body,
        classification=classification,
        category_code=category_code,
        district_code=district_code,
        village=village,
        address=address,
        lat=lat,
        lon=lon,
        incident_date=incident_date,
        submitted_at=submitted_at,
        channel=channel,
        channel_id=channel_id,
        external_id=external_id,
        status="unverified",
        agency_code=None,
        postponed_from=None,
        version=0,
        is_anonymous=is_anonymous,
        is_secret=is_secret,
        reporter_name=reporter_name,
        reporter_phone=reporter_phone,
        reporter_email=reporter_email,
        pauses=[],
        created_at=now,
        updated_at=now,
        # a new report needs its position before the insert (the column is NOT NULL, unique)
        feed_seq=next_seq(s),
    )
    s.add(report)
    s.flush()
    event = add_event(
        s,
        report,
        kind="submit",
        actor=REPORTER_ACTOR,
        actor_role="reporter",
        now=submitted_at,
        data={"channel": channel},
        flush=bool(attachments := list(attachments)),
    )
    link_attachments(s, report, event, attachments, now)
    touch(s, report, now, calendar, seq=report.feed_seq)
    return report
