"""Who gets which digest, and queueing each message exactly once (docs/digests.md).

Recipients, each in their scope; a disabled account or one without an e-mail gets nothing:
- **OPD digest** (`opd`, daily, when the OPD has something due soon or overdue): the OPD's
  officers (role petugas of that OPD) and the OPD's contact person (`agencies.contact_email`).
- **Escalation** (`escalation`, daily, when a report is overdue by `escalate_after_days`+ working
  days): every pimpinan and koordinator, all OPDs, ranked by OPD.
- **League table** (`league`, weekly, on the first working day of the week): every pimpinan and
  koordinator.

Digests go out on working days only (the server's calendar with the admin's extra days). Each
message is one transaction: its `digest_records` row (unique per kind, day, scope, recipient)
and its `deliveries` row (kind `digest`, the composed letter as payload); the citizen side's
worker sends it with the same SMTP set-up, lease and retries as the reporters' e-mails. A second
run of the same day finds the record and queues nothing.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta

import orjson
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lapor_core.calendar import MIMIKA_TZ, WorkingCalendar, local_date
from lapor_core.digests import Rules, league_period, week_of
from lapor_core.workflow import Role
from lapor_server import reports as rep
from lapor_server.citizen import outbox
from lapor_server.citizen.mail import Letter
from lapor_server.citizen.tables import Delivery
from lapor_server.config import ServerSettings
from lapor_server.db import Database
from lapor_server.digests import content, letters
from lapor_server.digests.tables import DigestRecord
from lapor_server.models import Agency, User

log = logging.getLogger("lapor_server.digests")

OPD, ESCALATION, LEAGUE, RUN = "opd", "escalation", "league", "run"
KIND = "digest"  # the outbox kind


@dataclass(frozen=True)
class Message:
    kind: str
    day: date
    scope: str
    recipient: str
    lang: str
    items: int
    letter: Letter


@dataclass(frozen=True)
class Outcome:
    kind: str
    scope: str
    recipient: str
    items: int
    subject: str
    #: queued (new outbox row), already (queued earlier for this day), dry_run
    state: str

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class RunResult:
    day: date
    working_day: bool
    outcomes: list[Outcome] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "day": self.day.isoformat(),
            "working_day": self.working_day,
            "messages": [o.as_dict() for o in self.outcomes],
        }


def rules_of(settings: ServerSettings) -> Rules:
    return Rules(settings.digest_due_soon_days, settings.escalate_after_days)


def _address(value: str | None) -> str | None:
    value = (value or "").strip().lower()
    return value or None


def _language(user: User) -> str:
    # The server keeps no language per account today; an account that has one gets its digests
    # in it (English or Indonesian), everyone else in Indonesian.
    return letters.lang_of(getattr(user, "language", None))


def _recipients(s: Session) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """({OPD code: {address: language}} for officers and contact persons,
    {address: language} for the pimpinan and coordinators). Disabled accounts, accounts without
    an e-mail and inactive OPDs are left out."""
    per_opd: dict[str, dict[str, str]] = {}
    leaders: dict[str, str] = {}
    users = s.scalars(
        sa.select(User).where(User.disabled.is_(False), User.email.is_not(None)).order_by(User.id)
    )
    active = {a.code: a for a in s.scalars(sa.select(Agency).where(Agency.active.is_(True)))}
    for u in users:
        address = _address(u.email)
        if address is None:
            continue
        if u.role == Role.PETUGAS.value and u.agency_code in active:
            per_opd.setdefault(u.agency_code, {}).setdefault(address, _language(u))
        elif u.role in (Role.PIMPINAN.value, Role.KOORDINATOR.value):
            leaders.setdefault(address, _language(u))
    for code, agency in active.items():
        address = _address(agency.contact_email)
        if address is not None:
            per_opd.setdefault(code, {}).setdefault(address, "id")
    return per_opd, leaders


def first_working_day_of_week(day: date, calendar: WorkingCalendar) -> bool:
    monday = week_of(day)
    return calendar.is_working_day(day) and not any(
        calendar.is_working_day(monday + timedelta(days=n)) for n in range((day - monday).days)
    )


def plan(s: Session, settings: ServerSettings, day: date) -> tuple[bool, list[Message]]:
    """(is `day` a working day, the messages due for it)."""
    calendar = rep.load_calendar(s)
    if not calendar.is_working_day(day):
        return False, []
    rules = rules_of(settings)
    per_opd, leaders = _recipients(s)
    items = content.due_items(s, today=day, calendar=calendar, rules=rules)
    out: list[Message] = []
    for code in sorted(items):
        lst = items[code]
        for address, lang in per_opd.get(code, {}).items():
            letter = letters.opd_digest(lst[0].agency_name, day, lst, lang)
            out.append(Message(OPD, day, code, address, lang, len(lst), letter))
    groups = content.escalated(items)
    if groups:
        n = sum(len(g) for _c, g in groups)
        for address, lang in leaders.items():
            letter = letters.escalation_digest(day, groups, rules.escalate_after_days, lang)
            out.append(Message(ESCALATION, day, "all", address, lang, n, letter))
    if leaders and first_working_day_of_week(day, calendar):
        start, end = league_period(day, settings.league_weeks)
        rows = content.league(s, start=start, end=end, today=day, calendar=calendar)
        if rows:
            for address, lang in leaders.items():
                letter = letters.league_digest(start, end, rows, lang)
                out.append(Message(LEAGUE, week_of(day), "all", address, lang, len(rows), letter))
    return True, out


def _queue(db: Database, message: Message, now: datetime) -> bool:
    """Record and queue one message in one transaction; False when it was queued before."""
    where = (
        DigestRecord.kind == message.kind,
        DigestRecord.day == message.day,
        DigestRecord.scope == message.scope,
        DigestRecord.recipient == message.recipient,
    )
    try:
        with db.write() as s:
            if s.scalar(sa.select(DigestRecord.id).where(*where)) is not None:
                return False
            delivery_id = "digest_" + uuid.uuid4().hex
            l = message.letter  # noqa: E741
            s.add(
                DigestRecord(
                    kind=message.kind,
                    day=message.day,
                    scope=message.scope,
                    recipient=message.recipient,
                    items=message.items,
                    delivery_id=delivery_id,
                    created_at=now,
                )
            )
            s.add(
                Delivery(
                    delivery_id=delivery_id,
                    kind=KIND,
                    recipient=message.recipient,
                    payload=orjson.dumps(
                        {"subject": l.subject, "text": l.text, "html": l.html}
                    ).decode(),
                    state=outbox.PENDING,
                    attempts=0,
                    next_attempt_at=now,
                    created_at=now,
                )
            )
    except IntegrityError:  # another process queued it a moment ago
        return False
    return True


def run(
    db: Database,
    settings: ServerSettings,
    now: datetime,
    *,
    day: date | None = None,
    dry_run: bool = False,
) -> RunResult:
    """Queue the digests of `day` (default: today in WIT) that were not queued yet."""
    day = day or local_date(now)
    with db.read() as s:
        working, messages = plan(s, settings, day)
    result = RunResult(day, working)
    for m in messages:
        state = "dry_run" if dry_run else "queued" if _queue(db, m, now) else "already"
        result.outcomes.append(
            Outcome(m.kind, m.scope, m.recipient, m.items, m.letter.subject, state)
        )
    queued = sum(o.state == "queued" for o in result.outcomes)
    if queued:
        log.info("queued %d digest(s) for %s", queued, day.isoformat())
    return result


def run_due(db: Database, settings: ServerSettings, now: datetime) -> RunResult | None:
    """The periodic job: from `digest_hour` (WIT) on, today's digests once (a `run` record marks
    the day done; records per message keep a concurrent or interrupted run from doubling)."""
    local = now.astimezone(MIMIKA_TZ)
    if local.hour < settings.digest_hour:
        return None
    day = local.date()
    marker = (DigestRecord.kind == RUN, DigestRecord.day == day)
    with db.read() as s:
        if s.scalar(sa.select(DigestRecord.id).where(*marker)) is not None:
            return None
    result = run(db, settings, now, day=day)
    try:
        with db.write() as s:
            if s.scalar(sa.select(DigestRecord.id).where(*marker)) is None:
                s.add(
                    DigestRecord(
                        kind=RUN, day=day, scope="all", recipient="", items=len(result.outcomes),
                        delivery_id=None, created_at=now,
                    )
                )  # fmt: skip
    except IntegrityError:
        pass
    return result
