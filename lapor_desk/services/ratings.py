"""Reporters' satisfaction per OPD, from the synced timeline (docs/channels.md, "Rating").

A rating is a public `rating` event (`data.score` 1–5) at the OPD whose final answer it rates.
Counted for reports submitted in the dashboard's period (the dashboard's own rule), per OPD:
how many, the average, and how many were satisfied (4 or 5, `lapor_core.conversation`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import text

from lapor_core.conversation import SATISFIED_RATING

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from lapor_desk.services.dashboard import Period


@dataclass(frozen=True, slots=True)
class Rating:
    count: int = 0
    total: int = 0
    satisfied: int = 0

    @property
    def average(self) -> float | None:
        return self.total / self.count if self.count else None

    @property
    def share_satisfied(self) -> float | None:
        return self.satisfied / self.count if self.count else None


_SQL = (
    "SELECT e.agency_code, COUNT(*), SUM(s.score), SUM(s.score >= :satisfied) "
    "FROM (SELECT id, report_id, agency_code, CAST(json_extract(data, '$.score') AS INTEGER) "
    "AS score FROM events WHERE kind = 'rating' AND pending = 0) AS s "
    "JOIN events e ON e.id = s.id JOIN reports r ON r.id = s.report_id "
    "WHERE s.score BETWEEN 1 AND 5 AND e.agency_code IS NOT NULL AND {where} "
    "GROUP BY e.agency_code"
)


def rating_figures(conn: Connection, period: Period) -> dict[str, Rating]:
    where, params = period.where("r.submitted_at")
    rows = conn.execute(
        text(_SQL.format(where=where)), {**params, "satisfied": SATISFIED_RATING}
    ).all()
    return {code: Rating(n, int(total or 0), int(happy or 0)) for code, n, total, happy in rows}


def overall(figures: dict[str, Rating]) -> Rating:
    return Rating(
        sum(f.count for f in figures.values()),
        sum(f.total for f in figures.values()),
        sum(f.satisfied for f in figures.values()),
    )
