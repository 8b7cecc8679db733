"""Deadlines per stage, pauses while postponed, and reassignment restarting the clock."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from lapor_core.calendar import DEFAULT_CALENDAR, MIMIKA_TZ
from lapor_core.deadlines import Pause, compute


def wit(y, m, d, h=9):
    return datetime(y, m, d, h, tzinfo=MIMIKA_TZ)


def test_new_report_has_verify_and_dispatch_deadlines():
    d = compute(submitted_at=wit(2026, 11, 27), now=wit(2026, 11, 27, 10))
    assert d.verify_by == d.dispatch_by == date(2026, 12, 2)
    assert d.respond_by is None and d.closes_at is None


def test_dispatched_report_has_five_working_days_to_respond():
    d = compute(
        submitted_at=wit(2026, 11, 20),
        verified_at=wit(2026, 11, 23),
        dispatched_at=wit(2026, 11, 24),
        now=wit(2026, 11, 25),
    )
    assert d.verify_by is None and d.dispatch_by is None
    assert d.respond_by == date(2026, 12, 1)


def test_reassignment_restarts_the_response_clock():
    first = compute(
        submitted_at=wit(2026, 11, 2), dispatched_at=wit(2026, 11, 3), now=wit(2026, 11, 27)
    )
    again = compute(
        submitted_at=wit(2026, 11, 2), dispatched_at=wit(2026, 11, 26), now=wit(2026, 11, 27)
    )
    assert again.respond_by > first.respond_by
    assert again.respond_by == DEFAULT_CALENDAR.add_working_days(date(2026, 11, 26), 5)


def test_postponed_days_do_not_count():
    base = dict(
        submitted_at=wit(2026, 11, 2), dispatched_at=wit(2026, 11, 3), now=wit(2026, 11, 27)
    )
    plain = compute(**base)
    # postponed Mon 9 Nov .. Mon 16 Nov: 5 working days paused
    paused = compute(**base, pauses=[Pause(wit(2026, 11, 9), wit(2026, 11, 16))])
    assert DEFAULT_CALENDAR.working_days_between(plain.respond_by, paused.respond_by) == 5


def test_ongoing_pause_extends_until_now():
    base = dict(submitted_at=wit(2026, 11, 2), dispatched_at=wit(2026, 11, 3))
    d1 = compute(**base, now=wit(2026, 11, 10), pauses=[Pause(wit(2026, 11, 4))])
    d2 = compute(**base, now=wit(2026, 11, 12), pauses=[Pause(wit(2026, 11, 4))])
    assert d2.respond_by > d1.respond_by


def test_completed_report_closes_ten_working_days_later():
    d = compute(
        submitted_at=wit(2026, 11, 2),
        dispatched_at=wit(2026, 11, 3),
        completed_at=wit(2026, 12, 14),
        now=wit(2026, 12, 14),
    )
    # 15..18, 21..23 (24, 25 off), 28..30 = 10 working days
    assert d.closes_at == date(2026, 12, 30)
    assert d.as_dict()["closes_at"] == "2026-12-30"


MOMENTS = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 1), timezones=st.just(MIMIKA_TZ)
)


@given(
    MOMENTS,
    st.integers(min_value=0, max_value=20),
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 15)), max_size=4),
    st.integers(min_value=0, max_value=80),
)
def test_postponing_never_shortens_a_deadline(submitted, dispatch_after, pauses, now_after):
    dispatched = submitted + timedelta(days=dispatch_after)
    now = dispatched + timedelta(days=now_after)
    plain = compute(submitted_at=submitted, dispatched_at=dispatched, now=now)
    ps = [
        Pause(dispatched + timedelta(days=a), dispatched + timedelta(days=a + b)) for a, b in pauses
    ]
    paused = compute(submitted_at=submitted, dispatched_at=dispatched, now=now, pauses=ps)
    assert paused.respond_by >= plain.respond_by
    for d in (plain.respond_by, paused.respond_by):
        assert DEFAULT_CALENDAR.is_working_day(d)
