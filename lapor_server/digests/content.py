"""What each digest lists, read from the database (docs/digests.md).

- `due_items`: the reports at OPDs that are due soon or overdue on a day, each decided by
  `lapor_core.digests.classify` with the server's calendar (admin's extra days included). Only
  the columns a digest shows are read — tracking id, category, distrik, OPD, deadline — never the
  reporter's name, phone or e-mail, the text or the address, so nothing of a reporter (anonymous
  or not) can reach a message.
- `league`: the OPD league table of a period, from `stats.compute` (the one compliance definition,
  `lapor_core.compliance`) plus the reporters' ratings per OPD, ranked by `lapor_core.digests.rank`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from lapor_core.calendar import MIMIKA_TZ, WorkingCalendar
from lapor_core.conversation import SATISFIED_RATING
from lapor_core.digests import LeagueRow, Rules, Urgency, classify_all, rank
from lapor_core.workflow import CLOCK_RUNNING, values
from lapor_server import stats
from lapor_server.models import Agency, Category, District, Report, ReportEvent


@dataclass(frozen=True, slots=True)
class Item:
    """One report in a digest (nothing of the reporter, no text)."""

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


def _names(s: Session, model: type) -> dict[str, str]:
    return dict(s.execute(sa.select(model.code, model.name)).all())  # type: ignore[attr-defined]


def due_items(
    s: Session, *, today: date, calendar: WorkingCalendar, rules: Rules
) -> dict[str, list[Item]]:
    """Per OPD code, its reports due within `rules.due_soon_days` working days or overdue,
    most overdue first, then by deadline and tracking id."""
    limit = calendar.add_working_days(today, rules.due_soon_days) if rules.due_soon_days else today
    r = Report.__table__.c
    rows = s.execute(
        sa.select(r.tracking_id, r.status, r.respond_by, r.agency_code, r.category_code,
                  r.district_code)
        .where(
            r.status.in_(values(CLOCK_RUNNING)),
            r.agency_code.is_not(None),
            r.respond_by.is_not(None),
            r.respond_by <= limit,
        )
    ).all()  # fmt: skip
    agencies, categories, districts = _names(s, Agency), _names(s, Category), _names(s, District)
    out: dict[str, list[Item]] = defaultdict(list)
    # Thousands of reports share a few hundred deadlines: decided together (classify_all).
    decided = classify_all(((r[1], r[2]) for r in rows), today, calendar, rules)
    for tracking_id, status, respond_by, agency, category, district in rows:
        c = decided[status, respond_by]
        if c is None:
            continue
        out[agency].append(
            Item(
                tracking_id=tracking_id,
                agency_code=agency,
                agency_name=agencies.get(agency, agency),
                category=categories.get(category, category or "–") if category else "–",
                district=districts.get(district, district or "–") if district else "–",
                deadline=respond_by,
                urgency=c.urgency,
                days=c.days,
                escalated=c.escalated,
            )
        )
    for items in out.values():
        items.sort(key=sort_key)
    return dict(out)


def sort_key(item: Item) -> tuple:
    overdue = item.urgency == Urgency.OVERDUE
    return (not overdue, -item.days if overdue else item.days, item.deadline, item.tracking_id)


def escalated(items: dict[str, list[Item]]) -> list[tuple[str, list[Item]]]:
    """The escalated reports grouped by OPD, the OPD with most first (then the longest overdue)."""
    groups = [(code, [i for i in lst if i.escalated]) for code, lst in items.items()]
    groups = [(code, lst) for code, lst in groups if lst]
    groups.sort(key=lambda g: (-len(g[1]), -max(i.days for i in g[1]), g[1][0].agency_name))
    return groups


def league(
    s: Session, *, start: date, end: date, today: date, calendar: WorkingCalendar
) -> list[LeagueRow]:
    """The OPDs' figures for reports submitted from `start` to `end` (WIT dates), ranked."""
    groups, _totals = stats.compute(
        s, group_by="agency", start=start, end=end, today=today, calendar=calendar
    )
    ratings = _ratings(s, start, end)
    by_code = {g.key: g for g in groups if g.key is not None}  # None: not dispatched yet
    names = _names(s, Agency)
    rows = []
    # An OPD may have ratings only (a rated report since reassigned), as on the desk.
    for code in set(by_code) | set(ratings):
        g = by_code.get(code)
        c = g.compliance if g is not None else None
        n, total, happy = ratings.get(code, (0, 0, 0))
        measurable = c.measurable if c else 0
        if not (measurable or n):
            continue  # nothing to rank it by (as the desk's table: services/digests.league)
        rows.append(
            LeagueRow(
                agency_code=code,
                agency_name=g.label if g is not None else names.get(code, code),
                answered=c.answered if c else 0,
                within=c.within if c else 0,
                measurable=measurable,
                median_days=c.median_days if c else None,
                ratings=n,
                rating_total=total,
                satisfied=happy,
            )
        )
    return rank(rows)


def _ratings(s: Session, start: date, end: date) -> dict[str, tuple[int, int, int]]:
    """(ratings, sum of scores, satisfied) per OPD for reports submitted in the period: the rule
    of the desk's dashboard (`lapor_desk/services/ratings.py`), a rating counts for the OPD it
    was given at."""
    lo = datetime.combine(start, time.min, MIMIKA_TZ)
    hi = datetime.combine(end + timedelta(days=1), time.min, MIMIKA_TZ)
    rows = s.execute(
        sa.select(ReportEvent.agency_code, ReportEvent.data)
        .join(Report, Report.id == ReportEvent.report_id)
        .where(
            ReportEvent.kind == "rating",
            ReportEvent.agency_code.is_not(None),
            Report.submitted_at >= lo,
            Report.submitted_at < hi,
        )
    ).all()
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for agency, data in rows:
        score = (data or {}).get("score")
        if not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= 5:
            continue
        t = out[agency]
        t[0] += 1
        t[1] += score
        t[2] += score >= SATISFIED_RATING
    return {k: (v[0], v[1], v[2]) for k, v in out.items()}
