"""Deadlines of a report per stage, from SP4N-LAPOR!'s published time limits (in working days).

- verification: 3 working days after submission
- dispatch (forwarding to the OPD): 3 working days after submission
- the OPD's response: 5 working days after dispatch; a reassignment starts the new OPD's clock
- closing: 10 working days after the final answer unless the reporter replies
Time spent postponed (ditunda) does not count: each working day of a pause moves the running
stage's deadline one working day later.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from lapor_core.calendar import DEFAULT_CALENDAR, WorkingCalendar, local_date

VERIFY_DAYS = 3
DISPATCH_DAYS = 3
RESPOND_DAYS = 5
CLOSE_DAYS = 10


@dataclass(frozen=True, slots=True)
class Pause:
    """A postponement; `end` is None while it lasts."""

    start: datetime
    end: datetime | None = None


@dataclass(frozen=True, slots=True)
class Deadlines:
    verify_by: date | None = None
    dispatch_by: date | None = None
    respond_by: date | None = None
    closes_at: date | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {
            k: (v.isoformat() if v else None)
            for k, v in (
                ("verify_by", self.verify_by),
                ("dispatch_by", self.dispatch_by),
                ("respond_by", self.respond_by),
                ("closes_at", self.closes_at),
            )
        }


def _paused_days(
    pauses: list[Pause],
    since: datetime,
    until: datetime | None,
    now: datetime,
    cal: WorkingCalendar,
) -> int:
    """Working days of the pauses that fall after `since` (and before `until`, if given)."""
    total = 0
    for p in pauses:
        start = max(p.start, since)
        end = p.end or now
        if until is not None:
            end = min(end, until)
        if end > start:
            total += cal.working_days_in(local_date(start), local_date(end))
    return total


def compute(
    *,
    submitted_at: datetime,
    now: datetime,
    verified_at: datetime | None = None,
    dispatched_at: datetime | None = None,
    completed_at: datetime | None = None,
    pauses: list[Pause] | None = None,
    calendar: WorkingCalendar = DEFAULT_CALENDAR,
) -> Deadlines:
    """The deadlines of each stage still relevant to the report.

    `dispatched_at` is the latest dispatch or reassignment; `completed_at` the latest final answer
    (None if the report was re-opened since). A stage already done keeps no deadline, except that
    the response deadline stays visible on a completed report so compliance can be measured.
    """
    pauses = pauses or []
    sub_day = local_date(submitted_at)
    verify_by = dispatch_by = respond_by = closes_at = None
    if verified_at is None and dispatched_at is None:
        extra = _paused_days(pauses, submitted_at, None, now, calendar)
        verify_by = calendar.add_working_days(sub_day, VERIFY_DAYS + extra)
    if dispatched_at is None:
        extra = _paused_days(pauses, submitted_at, None, now, calendar)
        dispatch_by = calendar.add_working_days(sub_day, DISPATCH_DAYS + extra)
    else:
        extra = _paused_days(pauses, dispatched_at, completed_at, now, calendar)
        respond_by = calendar.add_working_days(local_date(dispatched_at), RESPOND_DAYS + extra)
    if completed_at is not None:
        closes_at = calendar.add_working_days(local_date(completed_at), CLOSE_DAYS)
    return Deadlines(verify_by, dispatch_by, respond_by, closes_at)
