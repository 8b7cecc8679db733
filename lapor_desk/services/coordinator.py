"""One object the coordinator's screens talk to: their queues, the report page, screening actions,
deadlines (with the escalation flag), the OPD league table, dashboard and exports, each opening
its own unit of work on the store.

Views call these methods inside ops (worker threads); they get frozen dataclasses back and never
see a database connection. The queue is the officer's `QueueService` with the coordinator's lists
and each report's *current stage* deadline (verify, dispatch or answer) instead of only the OPD's.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import bindparam, text

from lapor_core.calendar import WorkingCalendar, local_date
from lapor_core.digests import Rules
from lapor_core.reference import load_reference
from lapor_core.workflow import BEFORE_AGENCY, OPEN_AT_AGENCY, Role, Status, values
from lapor_desk.models.account import Account
from lapor_desk.models.store import Store
from lapor_desk.services import dashboard as figures
from lapor_desk.services import deadlines_overview, digests, exports
from lapor_desk.services.actions import DeskActions
from lapor_desk.services.queue import QueueFilter, QueueRow, QueueService, QueueView, parse_date
from lapor_desk.services.reports import ReportPage, ReportService
from lapor_desk.services.screening import Screening


class CoordinatorList(StrEnum):
    """The coordinator's work lists."""

    INBOX = "inbox"  # Belum Terverifikasi
    DISPOSISI = "disposisi"  # Belum Terdisposisi (verified, returned ones included)
    AT_OPD = "at_opd"  # at an OPD and open (reassignment)
    ALL = "all"


_LIST_STATUSES = {
    CoordinatorList.INBOX: (Status.UNVERIFIED.value,),
    CoordinatorList.DISPOSISI: (Status.VERIFIED.value,),
    CoordinatorList.AT_OPD: values(OPEN_AT_AGENCY),
}


class CoordinatorQueue(QueueService):
    """Queue rows whose deadline is the one of the report's current stage."""

    def rows(self, ids: Sequence[str]) -> list[QueueRow]:
        rows = super().rows(ids)
        early = [r.id for r in rows if r.status in BEFORE_AGENCY]
        if not early:
            return rows
        with self.store.read_conn() as conn:
            due = dict(
                conn.execute(
                    text(
                        "SELECT id, CASE status WHEN 'unverified' THEN verify_by "
                        "ELSE dispatch_by END FROM reports WHERE id IN :ids"
                    ).bindparams(bindparam("ids", expanding=True)),
                    {"ids": early},
                ).all()
            )
        today = self.today()
        out = []
        for r in rows:
            if r.id in due:
                deadline = parse_date(due[r.id])
                days = self.working_days_left(today, deadline) if deadline else None
                r = replace(r, deadline=deadline, days_left=days)
            out.append(r)
        return out

    def list_keys(self, which: CoordinatorList, flt: QueueFilter | None = None) -> list[str]:
        """Ids of a coordinator list, filtered and sorted like the officer's queue."""
        flt = (flt or QueueFilter()).with_(view=QueueView.ALL)
        statuses = _LIST_STATUSES.get(which)
        if statuses is None or flt.status:
            return self.keys(flt)
        keys: list[str] = []
        for status in statuses:
            keys += self.keys(flt.with_(status=status))
        if len(statuses) > 1:
            # Several statuses: keep one order across them (the sort key of the filter).
            order = {k: i for i, k in enumerate(self.keys(flt))}
            keys.sort(key=order.__getitem__)
        return keys


@dataclass(frozen=True)
class OverviewBundle:
    overview: deadlines_overview.Overview
    meeting: list[deadlines_overview.MeetingRow]
    #: per OPD, reports overdue by the escalation threshold or more (services/digests.py)
    escalation: list[digests.Escalated] = field(default_factory=list)
    rules: Rules = field(default_factory=Rules)


class CoordinatorService:
    """The coordinator desk's use-cases over one profile's store."""

    def __init__(
        self,
        store: Store,
        account: Account,
        *,
        actions: DeskActions | None = None,
        calendar: WorkingCalendar | None = None,
        today: Callable[[], date] | None = None,
        client_factory: Callable[[], Any] | None = None,
    ):
        self.store = store
        self.account = account
        # None: the store's calendar, with the server's extra days (models/calendar.py)
        self.calendar = calendar if calendar is not None else store.calendar
        self._today = today or (lambda: local_date(datetime.now(UTC)))
        self.actions = actions or DeskActions(store, account)
        self.screening = Screening(store, self.actions)
        self.queue = CoordinatorQueue(store, calendar=calendar, today=self._today)
        self.reports = ReportService(store, account, calendar=calendar, today=self._today)
        #: returns a connected `Transport` for online-only actions, or None when offline
        self.client_factory = client_factory or (lambda: None)

    @property
    def read_only(self) -> bool:
        """Pimpinan (and admin) read dashboards; only the koordinator screens and dispatches."""
        return self.account.role != Role.KOORDINATOR

    def today(self) -> date:
        return self._today()

    # -- reads ----------------------------------------------------------------------------------
    def page(self, report_id: str) -> ReportPage:
        return self.reports.page(report_id)

    def agencies(self) -> list[tuple[str, str]]:
        with self.store.read_conn() as conn:
            rows = conn.execute(text("SELECT code, name FROM agencies ORDER BY name")).all()
        return [(c, n) for c, n in rows]

    def reference_choices(self) -> dict[str, list[tuple[str, Any]]]:
        """Choices of the verify form: categories, districts (with villages), classifications."""
        with self.store.read_conn() as conn:
            cats = conn.execute(text("SELECT code, name FROM categories ORDER BY name")).all()
            dists = conn.execute(
                text("SELECT code, name, villages FROM districts ORDER BY name")
            ).all()
        return {
            "categories": [(c, n) for c, n in cats],
            "districts": [
                (c, (n, json.loads(v) if isinstance(v, str) else list(v or [])))
                for c, n, v in dists
            ],
            "classifications": [(c.code, c.name) for c in load_reference().classifications],
        }

    def dashboard(self, period: figures.Period = figures.Period()) -> figures.Dashboard:
        with self.store.read_conn() as conn:
            return figures.compute(conn, today=self.today(), period=period, calendar=self.calendar)

    def deadlines(self, period: figures.Period = figures.Period()) -> OverviewBundle:
        today = self.today()
        with self.store.read_conn() as conn:
            rules = digests.rules(conn)
            return OverviewBundle(
                deadlines_overview.overview(conn, today=today, calendar=self.calendar),
                deadlines_overview.meeting_figures(
                    conn, today=today, period=period, calendar=self.calendar
                ),
                digests.escalation(conn, today=today, calendar=self.calendar, rules=rules),
                rules,
            )

    def league(self, period: figures.Period | None = None) -> digests.League:
        """The OPD league table (default: the weekly e-mail's period)."""
        with self.store.read_conn() as conn:
            return digests.league(conn, today=self.today(), calendar=self.calendar, period=period)

    def export_league(self, table: digests.League, path: str, fmt: str) -> int:
        n = digests.export_league(table, path, fmt)
        self.record_export("other", n, "league")
        return n

    def record_export(self, export: str, rows: int, filters: str | None = None) -> None:
        """The export goes into the server's audit log with the next sync (issue 15)."""
        from lapor_desk.services.admin import record_export

        record_export(self.store, export, rows, filters)

    def drill_down(
        self,
        *,
        stage: deadlines_overview.Stage | None = None,
        agency_code: str | None = None,
        bucket: deadlines_overview.Bucket = deadlines_overview.Bucket.OPEN,
        district_code: str | None = None,
    ) -> list[str]:
        """The report ids behind a number of the deadline overview, dashboard or map."""
        if district_code is not None:
            return self.queue.keys(QueueFilter(district_code=district_code))
        if bucket == deadlines_overview.Bucket.ESCALATED:
            with self.store.read_conn() as conn:
                groups = digests.escalation(
                    conn, today=self.today(), calendar=self.calendar, rules=digests.rules(conn)
                )
            return [
                rid
                for g in groups
                if agency_code is None or g.agency_code == agency_code
                for rid in g.report_ids
            ]
        with self.store.read_conn() as conn:
            return deadlines_overview.report_ids(
                conn,
                today=self.today(),
                stage=stage,
                agency_code=agency_code,
                bucket=bucket,
                calendar=self.calendar,
            )

    def months(self) -> list[str]:
        """Months (YYYY-MM, Mimika time) that have reports, newest first."""
        with self.store.read_conn() as conn:
            rows = conn.execute(
                text(f"SELECT DISTINCT {figures.MONTH_SQL} AS m FROM reports ORDER BY m DESC")
            ).all()
        return [r[0] for r in rows if r[0]]

    def tracking_ids(self, ids: Sequence[str]) -> dict[str, str]:
        with self.store.read_conn() as conn:
            rows = conn.execute(
                text("SELECT id, tracking_id FROM reports WHERE id IN :ids").bindparams(
                    bindparam("ids", expanding=True)
                ),
                {"ids": list(ids)},
            ).all()
        return dict(rows)

    # -- exports --------------------------------------------------------------------------------
    def export(
        self,
        ids: Sequence[str],
        path: str,
        fmt: str,
        *,
        title: str = "Laporan",
        progress: Callable[..., None] | None = None,
        cancel: threading.Event | None = None,
    ) -> int:
        with self.store.read_conn() as conn:
            n = exports.export_reports(
                conn, ids, path, fmt, title=title, progress=progress, cancel=cancel
            )
        self.record_export(f"reports_{str(fmt).lower()}", n, title)
        return n
