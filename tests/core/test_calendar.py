"""Working days in Indonesia with the real 2026 holidays and admin-configured extra days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lapor_core.calendar import DEFAULT_CALENDAR, WorkingCalendar, local_date

cal = DEFAULT_CALENDAR


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 1, 1),  # Tahun Baru Masehi
        date(2026, 3, 20),  # cuti bersama Idul Fitri
        date(2026, 3, 23),  # cuti bersama Idul Fitri
        date(2026, 4, 3),  # Wafat Yesus Kristus
        date(2026, 5, 14),  # Kenaikan Yesus Kristus
        date(2026, 8, 17),  # Hari Kemerdekaan
        date(2026, 12, 25),  # Natal
        date(2026, 12, 24),  # cuti bersama Natal
    ],
)
def test_2026_holidays_are_not_working_days(day):
    assert not cal.is_working_day(day)


def test_weekends_and_ordinary_days():
    assert not cal.is_working_day(date(2026, 11, 28))  # Saturday
    assert not cal.is_working_day(date(2026, 11, 29))  # Sunday
    assert cal.is_working_day(date(2026, 11, 27))  # Friday


def test_add_working_days_skips_weekend_and_christmas():
    # Wednesday 23 Dec 2026 + 3 working days: 24 (cuti bersama), 25 (Natal), 26-27 weekend
    assert cal.add_working_days(date(2026, 12, 23), 3) == date(2026, 12, 30)
    # Friday + 3 = Wednesday
    assert cal.add_working_days(date(2026, 11, 27), 3) == date(2026, 12, 2)


def test_idul_fitri_2026_block():
    # 18 Mar (cuti Nyepi) .. 24 Mar are all off; from Tue 17 Mar, the first working day is 25 Mar
    assert cal.add_working_days(date(2026, 3, 17), 1) == date(2026, 3, 25)


def test_admin_extra_days():
    custom = WorkingCalendar(
        extra_holidays=[date(2026, 12, 1)], extra_working_days=[date(2026, 12, 24)]
    )
    assert not custom.is_working_day(date(2026, 12, 1))
    assert custom.is_working_day(date(2026, 12, 24))
    assert custom.add_working_days(date(2026, 11, 30), 1) == date(2026, 12, 2)


def test_local_date_is_mimika_time():
    # 16:30 UTC is 01:30 the next day in WIT (UTC+9)
    assert local_date(datetime(2026, 11, 27, 16, 30, tzinfo=UTC)) == date(2026, 11, 28)
    with pytest.raises(ValueError):
        local_date(datetime(2026, 11, 27, 16, 30))


def test_working_days_left_sign():
    assert cal.working_days_left(date(2026, 11, 27), date(2026, 12, 2)) == 3
    assert cal.working_days_left(date(2026, 12, 2), date(2026, 11, 27)) == -3
    assert cal.working_days_left(date(2026, 12, 2), date(2026, 12, 2)) == 0


DAYS = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))


@given(DAYS, st.integers(min_value=1, max_value=40))
def test_deadlines_never_fall_on_a_non_working_day(start, n):
    end = cal.add_working_days(start, n)
    assert cal.is_working_day(end)
    assert end > start
    assert cal.working_days_between(start, end) == n


@given(DAYS, st.integers(min_value=0, max_value=60))
def test_counts_are_consistent(start, span):
    end = start + timedelta(days=span)
    between = cal.working_days_between(start, end)
    within = cal.working_days_in(start, end)
    # the two half-open ranges differ only by their end points
    assert between - within == int(cal.is_working_day(end)) - int(cal.is_working_day(start)) or (
        span == 0 and between == within == 0
    )
