"""Working days (hari kerja) in Indonesia, as SP4N-LAPOR!'s time limits count them.

Weekends, national public holidays and cuti bersama (from the `holidays` package) are not working
days. A server admin can add extra non-working days (a regional holiday, a decreed cuti bersama the
package does not know yet) and mark days as working despite the package.
All dates are local to Mimika (Asia/Jayapura, WIT, UTC+9).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

MIMIKA_TZ = ZoneInfo("Asia/Jayapura")


@lru_cache(maxsize=64)
def _national(year: int) -> frozenset[date]:
    cal = holidays.country_holidays("ID", years=year, categories=("public", "government"))
    return frozenset(cal.keys())


def local_date(moment: datetime, tz: ZoneInfo = MIMIKA_TZ) -> date:
    """The calendar date of an aware moment in Mimika."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: times must carry a time zone")
    return moment.astimezone(tz).date()


class WorkingCalendar:
    """Decides which dates are working days and counts them."""

    def __init__(
        self,
        extra_holidays: Iterable[date] = (),
        extra_working_days: Iterable[date] = (),
    ):
        self.extra_holidays = frozenset(extra_holidays)
        self.extra_working_days = frozenset(extra_working_days)

    def is_working_day(self, day: date) -> bool:
        if day in self.extra_working_days:
            return True
        if day.weekday() >= 5 or day in self.extra_holidays:
            return False
        return day not in _national(day.year)

    def add_working_days(self, start: date, count: int) -> date:
        """The `count`-th working day after `start` (start itself not counted); count >= 1."""
        if count < 1:
            raise ValueError("count must be at least 1")
        day = start
        remaining = count
        while remaining:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days d with start < d <= end (0 when end <= start): days passed."""
        n = 0
        day = start
        while day < end:
            day += timedelta(days=1)
            if self.is_working_day(day):
                n += 1
        return n

    def working_days_in(self, start: date, end: date) -> int:
        """Working days d with start <= d < end: the days a pause from start to end covered."""
        n = 0
        day = start
        while day < end:
            if self.is_working_day(day):
                n += 1
            day += timedelta(days=1)
        return n

    def working_days_left(self, today: date, deadline: date) -> int:
        """Working days from today until the deadline; negative when overdue, 0 on the day."""
        if deadline >= today:
            return self.working_days_between(today, deadline)
        return -self.working_days_between(deadline, today)


DEFAULT_CALENDAR = WorkingCalendar()
