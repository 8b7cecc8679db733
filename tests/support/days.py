"""Dates for tests that must pass on any day the suite runs, also inside a holiday period.

A test that means "long enough ago to be late" must count working days, not calendar days: 14
calendar days are fewer than 5 working days around Idul Fitri or New Year (cuti bersama).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from lapor_core.calendar import DEFAULT_CALENDAR, MIMIKA_TZ, WorkingCalendar, local_date


def working_days_ago(
    n: int, now: datetime | None = None, calendar: WorkingCalendar = DEFAULT_CALENDAR
) -> datetime:
    """10:00 Mimika time on the working day that lies `n` (>= 1) working days before today (the
    Mimika date of `now`, default the real clock): `working_days_between(that day, today) == n`.
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    today = local_date(now or datetime.now(UTC))
    day = today
    while calendar.working_days_between(day, today) < n or not calendar.is_working_day(day):
        day -= timedelta(days=1)
    return datetime.combine(day, time(10, 0), MIMIKA_TZ)
