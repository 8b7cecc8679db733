"""The digests on the desk, from its own store (so they work offline; docs/digests.md).

- `due_reports`: the reports at OPDs due soon or overdue, each decided by
  `lapor_core.digests.classify` — the server's digest rule — with the desk's calendar (Indonesia's
  holidays plus the server's extra days, `models/calendar.StoreCalendar`) and the thresholds the
  server sent in the reference (`sync_state.deadline_rules`).
- `escalation`: per OPD, the reports overdue by the escalation threshold or more (the flag on
  the coordinator's deadline view), most first.
- `league`: the OPD league table of the pimpinan's desk: answer figures by
  `lapor_core.compliance` (through the dashboard's tallies, the one definition) and the
  reporters' ratings, ranked by `lapor_core.digests.rank` — the same table the weekly e-mail has.
- `start_of_day`: what the notification at the start of the day says: an officer's OPD's due and
  overdue reports; a coordinator's or pimpinan's escalation. Shown once per local day
  (`sync_state.START_OF_DAY_SHOWN`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text

from lapor_core.calendar import WorkingCalendar, local_date
from lapor_core.digests import (
    LEAGUE_WEEKS,
    LeagueRow,
    Rules,
    Urgency,
    classify_all,
    league_period,
    rank,
)
from lapor_core.workflow import CLOCK_RUNNING, Role, sql_list
from lapor_desk.models import sync_state
from lapor_desk.services.dashboard import Period, answer_day_counts, tally_answer_days
from lapor_desk.services.ratings import rating_figures

if TYPE_CHECKING:
    from lapor_desk.models.account import Account
    from lapor_desk.models.store import Store


@dataclass(frozen=True, slots=True)
class DueReport:
    """One report of a digest (what the e-mail lists: nothing of the reporter, no text)."""

    report_id: str
    tracking_id: str
    agency_code: str
    agency_name: str
    category: str
    district: str
    deadline: date
    urgency: Urgency
    #: working days left (due soon) or past the deadline (overdue)
    days: int
    escalated: bool


def rules(conn: Connection) -> Rules:
    return sync_state.deadline_rules(conn)


def _names(conn: Connection, table: str) -> dict[str, str]:
    return dict(conn.execute(text(f"SELECT code, name FROM {table}")).all())


def due_reports(
    conn: Connection,
    *,
    today: date,
    calendar: WorkingCalendar,
    rules: Rules,
    agency_code: str | None = None,
) -> list[DueReport]:
    """The reports due within `rules.due_soon_days` working days or overdue (of one OPD, if
    given): the most overdue first, then by deadline."""
    limit = calendar.add_working_days(today, rules.due_soon_days) if rules.due_soon_days else today
    sql = (
        "SELECT id, tracking_id, status, respond_by, agency_code, category_code, district_code "
        f"FROM reports WHERE status IN ({sql_list(CLOCK_RUNNING)}) AND agency_code IS NOT NULL "
        "AND respond_by IS NOT NULL AND respond_by <= :limit"
    )
    params: dict[str, str] = {"limit": limit.isoformat()}
    if agency_code is not None:
        sql += " AND agency_code = :agency"
        params["agency"] = agency_code
    agencies = _names(conn, "agencies")
    categories = _names(conn, "categories")
    districts = _names(conn, "districts")
    rows = []
    for rid, tracking, status, due_raw, agency, category, district in conn.execute(
        text(sql), params
    ):
        try:
            due = date.fromisoformat(str(due_raw)[:10])
        except ValueError:
            continue
        rows.append((rid, tracking, status, due, agency, category, district))
    # Thousands of reports share a few hundred deadlines: decided together (classify_all).
    decided = classify_all(((r[2], r[3]) for r in rows), today, calendar, rules)
    out = []
    for rid, tracking, status, due, agency, category, district in rows:
        c = decided[status, due]
        if c is None:
            continue
        out.append(
            DueReport(
                report_id=rid,
                tracking_id=tracking,
                agency_code=agency,
                agency_name=agencies.get(agency, agency),
                category=categories.get(category, category) if category else "–",
                district=districts.get(district, district) if district else "–",
                deadline=due,
                urgency=c.urgency,
                days=c.days,
                escalated=c.escalated,
            )
        )
    out.sort(key=_urgency_order)
    return out


def _urgency_order(r: DueReport) -> tuple:
    late = r.urgency == Urgency.OVERDUE
    return (not late, -r.days if late else r.days, r.deadline, r.tracking_id)


@dataclass(frozen=True, slots=True)
class Escalated:
    """An OPD's reports overdue by the escalation threshold or more."""

    agency_code: str
    agency_name: str
    report_ids: tuple[str, ...]
    #: working days past the deadline of the OPD's most overdue report
    worst_days: int

    @property
    def count(self) -> int:
        return len(self.report_ids)


def escalation(
    conn: Connection, *, today: date, calendar: WorkingCalendar, rules: Rules
) -> list[Escalated]:
    """Per OPD, its escalated reports; the OPD with most first (as the pimpinan's e-mail)."""
    groups: dict[str, list[DueReport]] = defaultdict(list)
    for r in due_reports(conn, today=today, calendar=calendar, rules=rules):
        if r.escalated:
            groups[r.agency_code].append(r)
    out = [
        Escalated(code, lst[0].agency_name, tuple(r.report_id for r in lst),
                  max(r.days for r in lst))
        for code, lst in groups.items()
    ]  # fmt: skip
    out.sort(key=lambda e: (-e.count, -e.worst_days, e.agency_name))
    return out


@dataclass(frozen=True)
class League:
    """The league table of reports submitted from `start` to `end`, as of `today`."""

    today: date
    start: date
    end: date
    rows: list[LeagueRow]


def league(
    conn: Connection,
    *,
    today: date,
    calendar: WorkingCalendar,
    weeks: int = LEAGUE_WEEKS,
    period: Period | None = None,
) -> League:
    """The OPDs ranked (`lapor_core.digests.rank`); the period defaults to the weekly e-mail's
    (`league_period`: the full weeks before this one)."""
    if period is None or period.start is None or period.end is None:
        start, end = league_period(today, weeks)
        period = Period(start, end)
    tallies = tally_answer_days(answer_day_counts(conn, period), today, calendar)
    ratings = rating_figures(conn, period)
    names = _names(conn, "agencies")
    rows = []
    for code in set(tallies) | set(ratings):
        figures = tallies[code].figures() if code in tallies else None
        rating = ratings.get(code)
        measurable = figures.measurable if figures else 0
        if not measurable and not (rating and rating.count):
            continue
        rows.append(
            LeagueRow(
                agency_code=code,
                agency_name=names.get(code, code),
                answered=figures.answered if figures else 0,
                within=figures.within if figures else 0,
                measurable=measurable,
                median_days=figures.median_days if figures else None,
                ratings=rating.count if rating else 0,
                rating_total=rating.total if rating else 0,
                satisfied=rating.satisfied if rating else 0,
            )
        )
    return League(today, period.start, period.end, rank(rows))  # type: ignore[arg-type]


# -- the start-of-day notification ----------------------------------------------------------------


@dataclass(frozen=True)
class StartOfDay:
    """What the desk says when the day starts."""

    today: date
    #: officer (its OPD's due and overdue reports) or leader (the escalation)
    audience: str
    rules: Rules
    overdue: int = 0
    due_soon: int = 0
    escalated: int = 0
    #: the escalated reports' OPDs, most first (leaders)
    agencies: list[Escalated] = field(default_factory=list)
    #: the reports behind the numbers, most urgent first
    reports: list[DueReport] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.due_soon or self.escalated)


def start_of_day(
    conn: Connection, *, role: str, agency_code: str | None, today: date, calendar: WorkingCalendar
) -> StartOfDay | None:
    """The notification of this account's digest for `today` (None: the role gets none)."""
    r = rules(conn)
    if role == Role.PETUGAS.value and agency_code:
        items = due_reports(conn, today=today, calendar=calendar, rules=r, agency_code=agency_code)
        late = sum(i.urgency == Urgency.OVERDUE for i in items)
        return StartOfDay(today, "officer", r, overdue=late, due_soon=len(items) - late,
                          reports=items)  # fmt: skip
    if role in (Role.KOORDINATOR.value, Role.PIMPINAN.value):
        items = [
            i for i in due_reports(conn, today=today, calendar=calendar, rules=r) if i.escalated
        ]
        groups = escalation(conn, today=today, calendar=calendar, rules=r)
        return StartOfDay(today, "leader", r, escalated=len(items), agencies=groups, reports=items)
    return None


def shown_today(conn: Connection, today: date) -> bool:
    return sync_state.get(conn, sync_state.START_OF_DAY_SHOWN) == today.isoformat()


def mark_shown(conn: Connection, today: date) -> None:
    sync_state.put(conn, {sync_state.START_OF_DAY_SHOWN: today.isoformat()})


#: The league table's exported columns (Indonesian, as every export of the desk).
LEAGUE_HEADERS = (
    "Peringkat",
    "OPD",
    "Dijawab ≤ 5 hari kerja (%)",
    "Dijawab ≤ 5 hari kerja",
    "Terukur",
    "Dijawab",
    "Median hari kerja ke jawaban pertama",
    "Penilaian pelapor",
    "Rata-rata penilaian",
    "Puas (nilai 4–5)",
)


def league_rows(table: League) -> list[tuple]:
    return [
        (
            n,
            r.agency_name,
            round(r.share_within * 100, 1) if r.share_within is not None else None,
            r.within,
            r.measurable,
            r.answered,
            r.median_days,
            r.ratings,
            round(r.average_rating, 2) if r.average_rating is not None else None,
            r.satisfied,
        )
        for n, r in enumerate(table.rows, 1)
    ]


def export_league(table: League, path: str, fmt: str) -> int:
    """The league table as CSV or XLSX (formula-leading names kept inert by the exporter)."""
    from lapor_desk.services.exports import export_rows

    title = f"Peringkat OPD {table.start.isoformat()} - {table.end.isoformat()}"
    return export_rows(
        iter(league_rows(table)),
        path,
        fmt,
        total=len(table.rows),
        title=title[:31],
        headers=LEAGUE_HEADERS,
    )


class StartOfDayService:
    """The start-of-day notification of one profile: what to say, and whether it was said today.

    The window asks at start and after each sync (`due`); the first time on a local day it gets
    the digest, later the same day None (`mark_shown` records the day in the store)."""

    def __init__(
        self,
        store: Store,
        account: Account,
        *,
        calendar: WorkingCalendar | None = None,
        today: Callable[[], date] | None = None,
    ):
        self.store = store
        self.account = account
        self.calendar = calendar if calendar is not None else store.calendar
        self._today = today or (lambda: local_date(datetime.now(UTC)))

    def today(self) -> date:
        return self._today()

    def due(self) -> StartOfDay | None:
        """Today's notification if not shown yet today and the role has one, else None."""
        today = self.today()
        with self.store.read_conn() as conn:
            if shown_today(conn, today):
                return None
            return start_of_day(
                conn,
                role=self.account.role,
                agency_code=self.account.agency_code,
                today=today,
                calendar=self.calendar,
            )

    def mark_shown(self, day: date) -> None:
        with self.store.write_conn() as conn:
            mark_shown(conn, day)
