"""Time for the demo generator: working-day tables, submission times, and workflow stories.

Times are integer seconds since local midnight (WIT) of the first day of the range, so that the
generator's hot loop does integer arithmetic; `Clock.moment` turns them into aware datetimes.
A `Story` is one report's planned steps: each step lands in office hours on a working day after
the previous one, is checked with `lapor_core.workflow.transition`, and the story ends at `now`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from datetime import date, datetime, timedelta
from itertools import accumulate
from typing import Any

from lapor_core.calendar import MIMIKA_TZ, WorkingCalendar
from lapor_core.corpus.writer import FastRandom
from lapor_core.workflow import Action, Actor, ReportState, Role, Status, transition

DAY = 86_400
#: submissions per hour of the day (WIT): mornings and evenings after work
_SUBMIT_HOURS = (0.3, 0.15, 0.1, 0.1, 0.2, 0.6, 1.5, 3, 5, 6, 6, 5.5, 4.5, 4.5, 4.5, 4, 4, 4, 4.5,
                 5, 5, 4, 2.5, 1)  # fmt: skip
_OFFICE_HOURS = (8, 9, 10, 11, 12, 13, 14, 15)
#: cumulative share of officers' actions by the end of each office hour (quiet at lunch)
_OFFICE_CUM = tuple(accumulate(w / 70 for w in (9, 12, 12, 10, 4, 8, 9, 6)))
_MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
              "September", "Oktober", "November", "Desember")  # fmt: skip


def fmt_date(d: date) -> str:
    return f"{d.day} {_MONTHS_ID[d.month - 1]} {d.year}"


class Clock:
    """Time as integer seconds since local midnight of the first day; working days precomputed."""

    def __init__(self, now: datetime, months: int, calendar: WorkingCalendar):
        now = now.astimezone(MIMIKA_TZ)
        start = now - timedelta(days=round(months * 30.4375))
        self.day0 = start.date()
        self.base = datetime(start.year, start.month, start.day, tzinfo=MIMIKA_TZ)
        self.epoch = self.base.timestamp()
        self.start_s = int((start - self.base).total_seconds())
        self.end_s = int((now - self.base).total_seconds())
        # steps may be planned past `now` (they are cut off there), so the table runs beyond it
        ndays = self.end_s // DAY + 120
        self.working = [
            calendar.is_working_day(self.day0 + timedelta(days=d)) for d in range(ndays)
        ]
        self.wd_list = [d for d in range(ndays) if self.working[d]]
        # rank[d] = working days before day d
        self.rank = [0, *accumulate(self.working)]
        self.dates = [self.day0 + timedelta(days=d) for d in range(ndays)]
        self.date_text = [fmt_date(d) for d in self.dates]
        self.iso = [d.isoformat() for d in self.dates]
        self._slots: list[float] = []
        self._slot_start: list[int] = []
        self._build_submission_slots()

    def _build_submission_slots(self) -> None:
        first_hour, last_hour = self.start_s // 3600, self.end_s // 3600
        span = max(1, last_hour - first_hour)
        weights = []
        for h in range(first_hour, last_hour + 1):
            day = h // 24
            w = _SUBMIT_HOURS[h % 24]
            w *= 1.0 if self.working[day] else 0.6
            w *= 0.85 + 0.3 * (h - first_hour) / span  # use of the channel grows over time
            weights.append(w)
            self._slot_start.append(h * 3600)
        self._slots = list(accumulate(weights))

    def submission(self, i: int, count: int, rng: FastRandom) -> int:
        """Stratified: report i lands in the i-th quantile of the volume, so times ascend with i."""
        total = self._slots[-1]
        q = (i + rng.random()) / count * total
        k = min(bisect_right(self._slots, q), len(self._slots) - 1)
        lo = self._slots[k - 1] if k else 0.0
        frac = (q - lo) / ((self._slots[k] - lo) or 1.0)
        s = self._slot_start[k] + int(frac * 3600)
        return min(max(s, self.start_s), self.end_s - 60)

    def moment(self, s: int) -> datetime:
        return datetime.fromtimestamp(self.epoch + s, MIMIKA_TZ)

    def date_of(self, day: int) -> date:
        if 0 <= day < len(self.dates):
            return self.dates[day]
        return self.day0 + timedelta(days=day)

    def iso_of(self, day: int) -> str:
        """ISO date of a day index (may be before the first day: incidents precede reports)."""
        if 0 <= day < len(self.iso):
            return self.iso[day]
        return self.date_of(day).isoformat()

    def text_of(self, day: int) -> str:
        """The day as an officer writes it, e.g. "12 Januari 2026"."""
        if 0 <= day < len(self.date_text):
            return self.date_text[day]
        return fmt_date(self.date_of(day))

    def add_working_days(self, day: int, k: int) -> int | None:
        """The k-th working day after `day` (k >= 1), or None beyond the table."""
        idx = self.rank[day + 1] + k - 1
        return self.wd_list[idx] if idx < len(self.wd_list) else None

    def later(self, prev_s: int, wd_delay: int, rng: FastRandom) -> int | None:
        """A moment in office hours `wd_delay` working days after prev_s (0 = later that day)."""
        day, tod = divmod(prev_s, DAY)
        if wd_delay <= 0 and day < len(self.working) and self.working[day] and tod < 15 * 3600:
            start = max(prev_s + 600, day * DAY + 8 * 3600)
            s = start + rng.below(2 * 3600)
            if s % DAY <= 16 * 3600:
                return s
        if day + 1 >= len(self.working):
            return None
        target = self.add_working_days(day, max(1, wd_delay))
        if target is None:
            return None
        return target * DAY + office_second(rng.random())


def office_second(u: float) -> int:
    """Second of the day in office hours for a uniform u: the hour by weight, then within it."""
    k = min(bisect_right(_OFFICE_CUM, u), len(_OFFICE_HOURS) - 1)
    lo = _OFFICE_CUM[k - 1] if k else 0.0
    within = (u - lo) / (_OFFICE_CUM[k] - lo)
    return _OFFICE_HOURS[k] * 3600 + min(3599, int(within * 3600))


def next_state(memo: dict[tuple, ReportState], key: tuple, before: ReportState) -> ReportState:
    """The state after an action, by `workflow.transition` (NotAllowed if the story is wrong).

    The caller memoises on everything `transition` looks at (action, actor, state, target agency,
    final flag): a few hundred distinct cases recur across all stories.
    """
    action, role, agency, *_, target, final = key
    t = transition(Actor(role, agency), action, before, target_agency=target, final=final)
    state = memo[key] = ReportState(t.status, t.agency_code, t.postponed_from)
    return state


_START = ReportState(Status.UNVERIFIED)


class Story:
    """Builds a report's planned steps, checking each with the workflow rules as it goes."""

    __slots__ = ("clock", "done", "memo", "rng", "s", "state", "steps", "sub_s")

    def __init__(self, clock: Clock, rng: FastRandom, sub_s: int, memo: dict):
        self.clock = clock
        self.memo = memo
        self.rng = rng
        self.sub_s = sub_s
        self.s = sub_s
        self.state = _START
        #: accepted steps as (seconds, action, role, payload, agency, duplicate_of_index)
        self.steps: list[tuple[int, Action, Role, dict[str, Any], str | None, int | None]] = []
        self.done = False  # set once a step would fall after `now`: the story stops there

    def add(
        self,
        wd_delay: int,
        action: Action,
        role: Role,
        payload: Callable[[int], dict[str, Any]] | dict[str, Any],
        agency: str | None = None,
        *,
        dup: int | None = None,
    ) -> bool:
        if self.done:
            return False
        s = self.clock.later(self.s, wd_delay, self.rng)
        if s is None or s >= self.clock.end_s:
            self.done = True
            return False
        body = payload(s) if callable(payload) else payload
        st = self.state
        key = (action, role, agency, st.status, st.agency_code, st.postponed_from,
               body.get("agency_code"), bool(body.get("final")))  # fmt: skip
        self.state = self.memo.get(key) or next_state(self.memo, key, st)
        self.s = s
        self.steps.append((s, action, role, body, agency, dup))
        return True
