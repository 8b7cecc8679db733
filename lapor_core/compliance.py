"""Deadline compliance, defined once: answered within 5 working days, median working days to the
first answer, and overdue reports.

The server's `/stats`, the desk dashboard and the monthly recap all count with these rules, so
the same reports give the same figures everywhere. The rules in words are in docs/compliance.md:

- The OPD's answer clock starts at the report's **latest dispatch or reassignment**
  (`START_KINDS`). A reporter's reply that re-opens a completed report moves the *deadline*
  (`respond_by`), but it is not a new dispatch: the OPD's first answer after the dispatch stays
  its first answer.
- The **first answer** is the first `respond` event after that start, in timeline order. It counts
  at its **written time** when the event has one (`written_at`: an answer written offline,
  bounded by the server so it cannot be forged), else at the time the server received it
  (`answer_time`).
- Working days between the two local (WIT) dates, by `WorkingCalendar.working_days_between`;
  answered **within 5** when that is at most `RESPOND_DAYS`.
- **Measurable** reports (the share's denominator): answered ones plus unanswered ones whose 5
  working days have passed. The median is over answered reports.
- **Overdue**: open and past the deadline of the current stage (`OVERDUE_DEADLINE`); a postponed
  report is never overdue, its clock is paused.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from lapor_core.calendar import WorkingCalendar
from lapor_core.deadlines import RESPOND_DAYS
from lapor_core.workflow import CLOCK_RUNNING, Action, Status

#: Event kinds whose latest occurrence starts the OPD's answer clock.
START_KINDS = (Action.DISPATCH.value, Action.REASSIGN.value)
#: The event kind of an answer.
ANSWER_KIND = Action.RESPOND.value

#: The deadline column that makes a report in each status overdue once passed (none: never).
OVERDUE_DEADLINE: dict[Status, str] = {
    Status.UNVERIFIED: "verify_by",
    Status.VERIFIED: "dispatch_by",
    **dict.fromkeys(sorted(CLOCK_RUNNING), "respond_by"),
}


def answer_time(created_at: datetime, written_at: datetime | None) -> datetime:
    """When an answer counts: its bounded written time if it has one, else when it was received."""
    return written_at if written_at is not None else created_at


def is_overdue(status: str, deadlines: Mapping[str, date | None], today: date) -> bool:
    """Whether a report in `status` with these deadlines is overdue on `today`."""
    try:
        column = OVERDUE_DEADLINE.get(Status(status))
    except ValueError:
        return False
    due = deadlines.get(column) if column else None
    return due is not None and due < today


def overdue_sql(today: str = ":today") -> str:
    """SQL `CASE` giving 1 for an overdue report, else 0 (columns `status` and the deadlines;
    `today` an ISO date parameter). The same rule as `is_overdue`, for SQLite and PostgreSQL."""
    whens = " ".join(
        f"WHEN status = '{status.value}' AND {column} < {today} THEN 1"
        for status, column in OVERDUE_DEADLINE.items()
    )
    return f"CASE {whens} ELSE 0 END"


@dataclass(frozen=True, slots=True)
class Compliance:
    """The answer figures of a set of reports."""

    #: reports with a first answer
    answered: int = 0
    #: of those, answered within `RESPOND_DAYS` working days
    within: int = 0
    #: answered + unanswered past `RESPOND_DAYS` working days (the share's denominator)
    measurable: int = 0
    #: median working days to the first answer (None: nothing answered)
    median_days: float | None = None

    @property
    def share_within(self) -> float | None:
        return self.within / self.measurable if self.measurable else None


class ComplianceTally:
    """Counts reports by (start date, first answer date) and gives their `Compliance`.

    Add each report, or each distinct date pair with its count (`n`): working days are computed
    once per pair, since thousands of reports share a few hundred pairs.
    """

    __slots__ = ("_between", "days", "measurable", "today", "within")

    def __init__(
        self,
        today: date,
        calendar: WorkingCalendar,
        *,
        between: Callable[[date, date], int] | None = None,
    ):
        self.today = today
        self._between = between or shared_between(calendar)
        #: working days to first answer -> number of reports
        self.days: Counter[int] = Counter()
        self.within = 0
        self.measurable = 0

    def add(self, started_on: date, answered_on: date | None, n: int = 1) -> None:
        """`n` reports whose clock started on `started_on`, first answered on `answered_on`."""
        if answered_on is not None:
            days = self._between(started_on, answered_on)
            self.days[days] += n
            self.measurable += n
            if days <= RESPOND_DAYS:
                self.within += n
        elif self._between(started_on, self.today) > RESPOND_DAYS:
            self.measurable += n

    def merge(self, other: ComplianceTally) -> None:
        self.days.update(other.days)
        self.within += other.within
        self.measurable += other.measurable

    @property
    def answered(self) -> int:
        return sum(self.days.values())

    def figures(self) -> Compliance:
        return Compliance(self.answered, self.within, self.measurable, median(self.days))


def shared_between(calendar: WorkingCalendar) -> Callable[[date, date], int]:
    """`calendar.working_days_between`, cached per date pair (for several tallies at once)."""
    return lru_cache(maxsize=65536)(calendar.working_days_between)


def median(days: Mapping[int, int]) -> float | None:
    """The median of a histogram {value: count} (the mean of the two middle values if even)."""
    n = sum(days.values())
    if not n:
        return None
    wanted = sorted({(n - 1) // 2, n // 2})
    found: list[int] = []
    seen = 0
    for value in sorted(days):
        count = days[value]
        found.extend(value for pos in wanted if seen <= pos < seen + count)
        seen += count
    return sum(found) / len(found)
