"""Reminders and escalation, defined once: which reports at an OPD are due soon, overdue, or
overdue long enough to be escalated to the pimpinan and the coordinators (docs/digests.md).

The server's daily digests, the coordinator's deadline view and the desk's start-of-day
notification all decide with `classify`, over the report's status and the deadlines the server
computed (`lapor_core.deadlines`), with the working-day calendar each side has (Indonesia's
holidays plus the admin's extra days):

- only the OPD's answer stage counts: reports at an OPD whose clock runs (`CLOCK_RUNNING`,
  deadline `respond_by`); a postponed report's clock is paused, so it is never listed;
- **overdue**: `lapor_core.compliance.is_overdue` (the deadline date has passed);
  `days` is how many working days past the deadline (`working_days_between(deadline, today)`);
- **escalated**: overdue by at least `escalate_after` working days (server setting
  `escalate_after_days`, default `ESCALATE_AFTER_DAYS`);
- **due soon**: not overdue and at most `due_soon` working days left (server setting
  `digest_due_soon_days`, default `DUE_SOON_DAYS`); 0 means due today.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from lapor_core.calendar import WorkingCalendar
from lapor_core.compliance import is_overdue
from lapor_core.workflow import CLOCK_RUNNING, Status

#: Working days left at which an OPD's digest lists a report as due soon (default).
DUE_SOON_DAYS = 2
#: Working days overdue at which a report is escalated to the pimpinan and coordinators (default).
ESCALATE_AFTER_DAYS = 2
#: The deadline the digests follow (the OPD's answer).
DEADLINE_COLUMN = "respond_by"


class Urgency(StrEnum):
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


@dataclass(frozen=True, slots=True)
class Classified:
    """What the digests say about one report on one day."""

    urgency: Urgency
    #: working days left (due soon, ≥ 0) or working days past the deadline (overdue, ≥ 0)
    days: int
    #: overdue by at least the escalation threshold
    escalated: bool


@dataclass(frozen=True, slots=True)
class Rules:
    """The two thresholds, as the server is configured (sent to desks in the reference)."""

    due_soon_days: int = DUE_SOON_DAYS
    escalate_after_days: int = ESCALATE_AFTER_DAYS

    def as_dict(self) -> dict[str, int]:
        return {
            "digest_due_soon_days": self.due_soon_days,
            "escalate_after_days": self.escalate_after_days,
        }

    @classmethod
    def from_mapping(cls, data: Mapping[str, object] | None) -> Rules:
        """The rules from the reference's `deadline_rules` (defaults for anything missing/bad)."""
        data = data or {}

        def pick(key: str, default: int) -> int:
            value = data.get(key)
            ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 60
            return value if ok else default  # type: ignore[return-value]

        return cls(
            due_soon_days=pick("digest_due_soon_days", DUE_SOON_DAYS),
            escalate_after_days=pick("escalate_after_days", ESCALATE_AFTER_DAYS),
        )


def classify(
    status: str,
    respond_by: date | None,
    today: date,
    calendar: WorkingCalendar,
    rules: Rules = Rules(),
) -> Classified | None:
    """Whether a report belongs in a digest on `today`, and how; None when it does not."""
    try:
        running = Status(status) in CLOCK_RUNNING
    except ValueError:
        return None
    if not running or respond_by is None:
        return None
    if is_overdue(status, {DEADLINE_COLUMN: respond_by}, today):
        late = calendar.working_days_between(respond_by, today)
        return Classified(Urgency.OVERDUE, late, late >= rules.escalate_after_days)
    left = calendar.working_days_between(today, respond_by)
    if left <= rules.due_soon_days:
        return Classified(Urgency.DUE_SOON, left, False)
    return None


def classify_all(
    pairs: Iterable[tuple[str, date | None]],
    today: date,
    calendar: WorkingCalendar,
    rules: Rules = Rules(),
) -> dict[tuple[str, date | None], Classified | None]:
    """`classify` for many (status, respond_by) pairs at once, with the same answers.

    Working days past each deadline are counted once over the whole span: the days between
    consecutive distinct deadlines add up (`working_days_between` counts (start, end]), so a
    thousand deadlines months apart cost one walk to today, not a thousand."""
    distinct = set(pairs)
    late: dict[date, int] = {}
    total, upper = 0, today
    for due in sorted({d for _s, d in distinct if d is not None and d < today}, reverse=True):
        total += calendar.working_days_between(due, upper)
        late[due] = total
        upper = due
    out: dict[tuple[str, date | None], Classified | None] = {}
    for status, due in distinct:
        try:
            running = Status(status) in CLOCK_RUNNING
        except ValueError:
            running = False
        if not running or due is None:
            out[status, due] = None
        elif due in late:
            days = late[due]
            out[status, due] = Classified(Urgency.OVERDUE, days, days >= rules.escalate_after_days)
        else:
            out[status, due] = classify(status, due, today, calendar, rules)
    return out


# -- the weekly OPD league table ------------------------------------------------------------------

#: Full weeks (Monday–Sunday) of submitted reports a league table covers (default).
LEAGUE_WEEKS = 4


def league_period(day: date, weeks: int = LEAGUE_WEEKS) -> tuple[date, date]:
    """The reports a league table sent in `day`'s week covers: those submitted in the `weeks`
    full weeks before that week (Monday of the first to Sunday of the last, WIT dates)."""
    monday = day - timedelta(days=day.weekday())
    return monday - timedelta(weeks=max(1, weeks)), monday - timedelta(days=1)


def week_of(day: date) -> date:
    """The Monday of `day`'s week (a weekly digest's record day)."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True, slots=True)
class LeagueRow:
    """One OPD's line in the league table (figures: `lapor_core.compliance`)."""

    agency_code: str
    agency_name: str
    #: reports with a first answer, of them answered within 5 working days, the share's
    #: denominator (docs/compliance.md)
    answered: int
    within: int
    measurable: int
    median_days: float | None
    #: reporters' ratings: how many, the sum of the scores, how many satisfied (4 or 5)
    ratings: int = 0
    rating_total: int = 0
    satisfied: int = 0

    @property
    def share_within(self) -> float | None:
        return self.within / self.measurable if self.measurable else None

    @property
    def average_rating(self) -> float | None:
        return self.rating_total / self.ratings if self.ratings else None

    def as_dict(self) -> dict[str, object]:
        return {
            "agency_code": self.agency_code,
            "agency_name": self.agency_name,
            "answered": self.answered,
            "answered_within_5": self.within,
            "measurable": self.measurable,
            "share_within_5": self.share_within,
            "median_working_days": self.median_days,
            "ratings": self.ratings,
            "average_rating": self.average_rating,
            "satisfied": self.satisfied,
        }


def rank(rows: list[LeagueRow]) -> list[LeagueRow]:
    """Best first: the higher share answered on time; then the shorter median; then the better
    average rating; then the more reports measured; OPDs with nothing measurable last; ties by
    name."""

    def key(r: LeagueRow) -> tuple:
        share = r.share_within
        median_days = r.median_days
        avg = r.average_rating
        return (
            share is None,
            -(share or 0.0),
            median_days is None,
            median_days or 0.0,
            -(avg or 0.0),
            -r.measurable,
            r.agency_name,
            r.agency_code,
        )

    return sorted(rows, key=key)
