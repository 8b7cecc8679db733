"""Deadline overview for the coordinator: per stage and per OPD, how many reports are due soon or
overdue, the reports behind each number, and the figures to take to a meeting with the OPD heads.

Stages: *verify* (Belum Terverifikasi, deadline `verify_by`), *dispatch* (Belum Terdisposisi,
`dispatch_by`) — both the coordinator's own work — and *answer* (at an OPD, Belum Ditindaklanjuti
or Diproses, `respond_by`: the same reports the officer's "Terlambat" queue counts). The
deadlines are the ones the server computed with `lapor_core.deadlines` and sent in the snapshot;
"due soon" and "overdue" are decided here with the shared `WorkingCalendar`:

- overdue: the deadline date has passed (deadline < today);
- due soon: not overdue and at most 1 working day left (`working_days_left(today, deadline) <= 1`).

Postponed reports at an OPD count as open there (as in the meeting figures) but their clock is
paused: no running deadline, so never due soon or overdue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import Connection, text

from lapor_core.calendar import DEFAULT_CALENDAR, WorkingCalendar
from lapor_core.compliance import Compliance
from lapor_core.workflow import BEFORE_AGENCY, CLOCK_RUNNING, OPEN_AT_AGENCY, sql_list
from lapor_desk.services.dashboard import Period, answer_timings, tally_answers

#: Working days left at which a deadline counts as "due soon".
DUE_SOON_DAYS = 1


class Stage(StrEnum):
    VERIFY = "verify"
    DISPATCH = "dispatch"
    ANSWER = "answer"


class Bucket(StrEnum):
    OPEN = "open"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    #: overdue by the server's escalation threshold or more (services/digests.py)
    ESCALATED = "escalated"


# One row per open report and stage. A report postponed at an OPD is open there (the meeting
# figures count it too: "Per OPD" said 24 where "Angka rapat" said 25 for the same OPD) but its
# clock is paused, so it has no running deadline: never due soon, never overdue.
_STAGE_SQL = f"""
SELECT id, submitted_at,
  CASE status WHEN 'unverified' THEN 'verify' WHEN 'verified' THEN 'dispatch'
    ELSE 'answer' END AS stage,
  CASE WHEN status IN ({sql_list(OPEN_AT_AGENCY)}) THEN agency_code END AS agency,
  CASE WHEN status = 'unverified' THEN verify_by WHEN status = 'verified' THEN dispatch_by
    WHEN status IN ({sql_list(CLOCK_RUNNING)}) THEN respond_by END AS deadline
FROM reports
WHERE status IN ({sql_list(BEFORE_AGENCY | CLOCK_RUNNING)})
   OR (status IN ({sql_list(OPEN_AT_AGENCY)}) AND agency_code IS NOT NULL)
"""


@dataclass(frozen=True, slots=True)
class StageCount:
    """Open reports of one stage (and OPD, for the answer stage) and how many are due or late."""

    stage: Stage
    agency_code: str | None
    agency_name: str | None
    open_reports: int
    due_soon: int
    overdue: int


@dataclass(frozen=True)
class Overview:
    today: date
    #: the working day up to which a deadline counts as due soon
    due_soon_until: date
    #: one row per stage (the totals)
    stages: list[StageCount]
    #: the answer stage per OPD, most overdue first
    agencies: list[StageCount]

    def stage(self, stage: Stage) -> StageCount:
        return next(s for s in self.stages if s.stage == stage)

    def agency(self, code: str) -> StageCount | None:
        return next((a for a in self.agencies if a.agency_code == code), None)


def due_soon_until(today: date, calendar: WorkingCalendar = DEFAULT_CALENDAR) -> date:
    """The last deadline date that still counts as due soon on `today`."""
    return calendar.add_working_days(today, DUE_SOON_DAYS)


def overview(
    conn: Connection, *, today: date, calendar: WorkingCalendar = DEFAULT_CALENDAR
) -> Overview:
    soon = due_soon_until(today, calendar)
    rows = conn.execute(
        text(
            "SELECT stage, agency, COUNT(*), "
            "SUM(deadline IS NOT NULL AND deadline < :today), "
            "SUM(deadline IS NOT NULL AND deadline >= :today AND deadline <= :soon) "
            f"FROM ({_STAGE_SQL}) GROUP BY stage, agency"
        ),
        {"today": today.isoformat(), "soon": soon.isoformat()},
    ).all()
    names = dict(conn.execute(text("SELECT code, name FROM agencies")).all())
    totals = {s: [0, 0, 0] for s in Stage}
    agencies = []
    for stage, agency, n, late, due in rows:
        stage = Stage(stage)
        t = totals[stage]
        t[0] += n
        t[1] += due or 0
        t[2] += late or 0
        if stage == Stage.ANSWER and agency is not None:
            agencies.append(
                StageCount(stage, agency, names.get(agency, agency), n, due or 0, late or 0)
            )
    agencies.sort(key=lambda a: (-a.overdue, -a.due_soon, -a.open_reports, a.agency_code or ""))
    stages = [StageCount(s, None, None, *totals[s]) for s in Stage]
    return Overview(today, soon, stages, agencies)


def report_ids(
    conn: Connection,
    *,
    today: date,
    stage: Stage | None = None,
    agency_code: str | None = None,
    bucket: Bucket = Bucket.OPEN,
    calendar: WorkingCalendar = DEFAULT_CALENDAR,
) -> list[str]:
    """The reports behind one number of the overview, the most urgent first (drill-down)."""
    conds, params = (
        [],
        {"today": today.isoformat(), "soon": due_soon_until(today, calendar).isoformat()},
    )
    if stage is not None:
        conds.append("stage = :stage")
        params["stage"] = Stage(stage).value
    if agency_code is not None:
        conds.append("agency = :agency")
        params["agency"] = agency_code
    if bucket == Bucket.OVERDUE:
        conds.append("deadline IS NOT NULL AND deadline < :today")
    elif bucket == Bucket.DUE_SOON:
        conds.append("deadline IS NOT NULL AND deadline >= :today AND deadline <= :soon")
    where = " AND ".join(conds) or "1=1"
    sql = (
        f"SELECT id FROM ({_STAGE_SQL}) WHERE {where} "
        "ORDER BY deadline IS NULL, deadline, julianday(submitted_at), id"
    )
    return [r[0] for r in conn.execute(text(sql), params)]


@dataclass(frozen=True, slots=True)
class MeetingRow:
    """What the coordinator brings to a meeting with one OPD head."""

    agency_code: str
    agency_name: str
    open_reports: int
    overdue: int
    #: working days past the deadline of the OPD's most overdue report (0 when none is late)
    worst_overdue_days: int
    answered: int
    answered_within_5: int
    measurable: int
    median_days_to_first_answer: float | None

    @property
    def share_within_5(self) -> float | None:
        return self.answered_within_5 / self.measurable if self.measurable else None


def meeting_figures(
    conn: Connection,
    *,
    today: date,
    period: Period = Period(),
    calendar: WorkingCalendar = DEFAULT_CALENDAR,
) -> list[MeetingRow]:
    """Per OPD: open and overdue now; answer speed for reports submitted in `period`."""
    names = dict(conn.execute(text("SELECT code, name FROM agencies")).all())
    # A postponed report's clock is paused: open, but never overdue.
    late_sql = f"(status IN ({sql_list(CLOCK_RUNNING)}) AND respond_by < :today)"
    now_rows = {
        code: (n, late or 0, oldest)
        for code, n, late, oldest in conn.execute(
            text(
                f"SELECT agency_code, COUNT(*), SUM({late_sql}), "
                f"MIN(CASE WHEN {late_sql} THEN respond_by END) FROM reports "
                f"WHERE status IN ({sql_list(OPEN_AT_AGENCY)}) "
                "AND agency_code IS NOT NULL GROUP BY agency_code"
            ),
            {"today": today.isoformat()},
        )
    }
    tallies = tally_answers(answer_timings(conn, period), today, calendar)
    rows = []
    for code in sorted(set(now_rows) | set(tallies)):
        n, late, oldest = now_rows.get(code, (0, 0, None))
        worst = (
            calendar.working_days_between(date.fromisoformat(oldest), today)
            if oldest and late
            else 0
        )
        answers = tallies[code].figures() if code in tallies else Compliance()
        rows.append(
            MeetingRow(
                agency_code=code,
                agency_name=names.get(code, code),
                open_reports=n,
                overdue=late,
                worst_overdue_days=worst,
                answered=answers.answered,
                answered_within_5=answers.within,
                measurable=answers.measurable,
                median_days_to_first_answer=answers.median_days,
            )
        )
    rows.sort(key=lambda r: (-r.overdue, -r.open_reports, r.agency_code))
    return rows
