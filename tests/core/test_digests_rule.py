"""The digests' rule (lapor_core.digests): due soon, overdue, escalated — in working days."""

from __future__ import annotations

from datetime import date

from lapor_core.calendar import WorkingCalendar
from lapor_core.digests import (
    Classified,
    LeagueRow,
    Rules,
    Urgency,
    classify,
    league_period,
    rank,
)

CAL = WorkingCalendar()
DEADLINE = date(2026, 11, 11)  # a Wednesday


def test_due_soon_counts_working_days_left_and_stops_at_the_threshold() -> None:
    # Mon 9 Nov: 2 working days left (10, 11) -> listed; Fri 6 Nov: 3 left -> not yet
    assert classify("dispatched", DEADLINE, date(2026, 11, 9), CAL) == Classified(
        Urgency.DUE_SOON, 2, False
    )
    assert classify("in_progress", DEADLINE, DEADLINE, CAL) == Classified(
        Urgency.DUE_SOON, 0, False
    )
    assert classify("dispatched", DEADLINE, date(2026, 11, 6), CAL) is None
    assert classify("dispatched", DEADLINE, date(2026, 11, 6), CAL, Rules(due_soon_days=3))


def test_overdue_and_escalated_after_n_working_days_a_holiday_not_counted() -> None:
    fri = date(2026, 11, 13)
    assert classify("dispatched", DEADLINE, fri, CAL) == Classified(Urgency.OVERDUE, 2, True)
    holiday = WorkingCalendar(extra_holidays=[date(2026, 11, 12)])
    assert classify("dispatched", DEADLINE, fri, holiday) == Classified(Urgency.OVERDUE, 1, False)
    assert (
        classify("dispatched", DEADLINE, fri, CAL, Rules(escalate_after_days=3)).escalated is False
    )
    # Saturday after a Friday deadline: overdue, but no working day past it yet
    assert classify("dispatched", date(2026, 11, 13), date(2026, 11, 14), CAL) == Classified(
        Urgency.OVERDUE, 0, False
    )


def test_only_a_running_answer_clock_counts() -> None:
    late = date(2026, 12, 1)
    for status in ("postponed", "completed", "unverified", "verified", "archived", "bogus"):
        assert classify(status, DEADLINE, late, CAL) is None
    assert classify("dispatched", None, late, CAL) is None


def test_rules_from_the_reference_fall_back_on_bad_values() -> None:
    assert Rules.from_mapping(None) == Rules()
    assert Rules.from_mapping({"escalate_after_days": 4, "digest_due_soon_days": 1}) == Rules(1, 4)
    assert Rules.from_mapping({"escalate_after_days": "9", "digest_due_soon_days": True}) == Rules()
    assert Rules.from_mapping({"escalate_after_days": -1}) == Rules()
    assert Rules.from_mapping(Rules(3, 5).as_dict()) == Rules(3, 5)


def test_league_period_is_the_full_weeks_before_the_week() -> None:
    assert league_period(date(2026, 11, 16), 4) == (date(2026, 10, 19), date(2026, 11, 15))
    assert league_period(date(2026, 11, 18), 1) == (date(2026, 11, 9), date(2026, 11, 15))


def test_rank_best_share_then_median_then_rating_nothing_measurable_last() -> None:
    rows = [
        LeagueRow("a", "A", 4, 2, 4, 4.0),
        LeagueRow("b", "B", 4, 4, 4, 3.0),
        LeagueRow("c", "C", 4, 4, 4, 2.0),
        LeagueRow("d", "D", 0, 0, 0, None),
        LeagueRow("e", "E", 4, 4, 4, 2.0, ratings=2, rating_total=10, satisfied=2),
    ]
    assert [r.agency_code for r in rank(rows)] == ["e", "c", "b", "a", "d"]


def test_classify_all_gives_classify_s_answers_for_every_pair() -> None:
    import random

    from lapor_core.digests import classify_all

    rng = random.Random(15)
    today = date(2026, 3, 18)  # after Nyepi, before Idul Fitri's cuti bersama
    cal = WorkingCalendar(extra_holidays=[date(2026, 3, 5), date(2026, 2, 20)])
    statuses = ("dispatched", "in_progress", "postponed", "completed", "nonsense")
    pairs = [
        (rng.choice(statuses), None if rng.random() < 0.05 else date(2026, 1, 1).fromordinal(
            date(2026, 1, 1).toordinal() + rng.randrange(0, 110)))
        for _ in range(400)
    ]  # fmt: skip
    for rules in (Rules(), Rules(0, 0), Rules(5, 7)):
        got = classify_all(pairs, today, cal, rules)
        assert got == {p: classify(p[0], p[1], today, cal, rules) for p in pairs}
