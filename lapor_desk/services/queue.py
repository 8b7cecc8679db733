"""Queue queries: the officer's queue views with their counts, filters, search and sort — in SQL.

The queue table in the UI holds only the ordered report ids from `keys()` and reads rows in blocks
with `rows()`. Filtering, full-text search (FTS5, run first) and sorting all happen in SQLite, so a
100k-report profile answers in tens of milliseconds and the UI never sorts or filters in Python.

Queue views (what an OPD officer looks at all day):
- `new` (Baru): dispatched to the OPD, nothing answered yet (Belum Ditindaklanjuti);
- `follow_up` (Perlu tindak lanjut): open reports whose latest timeline entry is the reporter's
  reply;
- `in_progress` (Diproses), `postponed` (Ditunda), `completed` (Selesai): by status;
- `due_soon` (Mendekati tenggat): open, response deadline within `DUE_SOON_DAYS` working days;
- `overdue` (Terlambat): open, response deadline passed (a postponed report's clock is paused);
- `all` (Semua).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal, or_, select, text
from sqlalchemy.sql.elements import UnaryExpression
from sqlalchemy.sql.operators import custom_op

from lapor_core.calendar import MIMIKA_TZ, WorkingCalendar, local_date
from lapor_core.workflow import Status
from lapor_desk.errors import Cancelled
from lapor_desk.models import outbox, search, sync_state
from lapor_desk.models.dto import REPORT_ROW_FIELDS, ReportRow
from lapor_desk.models.schema import Report, SavedView
from lapor_desk.models.store import OPERATIONAL_ERRORS, Store
from lapor_desk.services import names as reference_names

#: Working days ahead in which an open report counts as "due soon".
DUE_SOON_DAYS = 2
#: Statuses in which the OPD's response clock runs (postponed: paused; completed: done).
OPEN_STATUSES = (Status.DISPATCHED.value, Status.IN_PROGRESS.value)

_R = Report.__table__.c


def _as_is(column: Any) -> Any:
    return column


def _no_index(column: Any) -> Any:
    """`+column`: the same value, but SQLite will not use an index for a term on it."""
    return UnaryExpression(column, operator=custom_op("+"), type_=column.type)


class QueueView(StrEnum):
    NEW = "new"
    FOLLOW_UP = "follow_up"
    IN_PROGRESS = "in_progress"
    POSTPONED = "postponed"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    COMPLETED = "completed"
    ALL = "all"


#: Column keys the queue can be sorted by (the same keys as the table's columns).
SORT_KEYS = (
    "tracking_id",
    "title",
    "category",
    "district",
    "agency",
    "received",
    "deadline",
    "status",
    "sync",
)


@dataclass(frozen=True, slots=True)
class QueueFilter:
    """Everything that decides which reports the queue shows and in which order."""

    view: QueueView = QueueView.ALL
    text: str = ""
    category_code: str | None = None
    district_code: str | None = None
    status: str | None = None
    received_from: date | None = None
    received_to: date | None = None
    sort: str = "received"
    descending: bool = True

    def with_(self, **changes: Any) -> QueueFilter:
        return replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["view"] = self.view.value
        for key in ("received_from", "received_to"):
            data[key] = data[key].isoformat() if data[key] else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> QueueFilter:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        if "view" in known:
            known["view"] = QueueView(known["view"])
        for key in ("received_from", "received_to"):
            if known.get(key):
                known[key] = date.fromisoformat(known[key])
        if known.get("sort") not in SORT_KEYS:
            known.pop("sort", None)
        return cls(**known)


@dataclass(frozen=True, slots=True)
class QueueRow:
    """A queue line ready to display: the stored row plus names and working days left."""

    id: str
    tracking_id: str
    title: str
    category_name: str
    district_name: str
    submitted_at: datetime | None
    status: str
    deadline: date | None
    days_left: int | None
    sync_state: str
    sync_reason: str | None
    is_anonymous: bool
    is_secret: bool
    #: the OPD the report is at ("" before dispatch)
    agency_name: str = ""


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """What the status bar shows about syncing, read from the store."""

    pending: int = 0
    conflicts: int = 0
    last_success: datetime | None = None
    last_attempt: datetime | None = None


@dataclass(frozen=True, slots=True)
class Arrival:
    """A report that reached this desk in the last sync (for the tray notification)."""

    id: str
    tracking_id: str
    title: str


@dataclass(frozen=True, slots=True)
class SavedViewInfo:
    name: str
    filter: QueueFilter = field(default_factory=QueueFilter)


def parse_time(value: str | None) -> datetime | None:
    """An ISO 8601 time from the store as an aware datetime in Mimika time (None if absent)."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(MIMIKA_TZ)


def wit_text(value: str | None) -> str | None:
    """A stored UTC time as people in Mimika read it: "05-12-2026 11:30 WIT" (None if absent)."""
    moment = parse_time(value)
    return moment.strftime("%d-%m-%Y %H:%M WIT") if moment else None


def parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


class QueueService:
    """Read-only queue queries over one store. Safe to call from any worker thread."""

    def __init__(
        self,
        store: Store,
        *,
        calendar: WorkingCalendar | None = None,
        today: Callable[[], date] | None = None,
    ):
        self.store = store
        # None: the store's calendar, with the server's extra days (models/calendar.py)
        self.calendar = calendar if calendar is not None else store.calendar
        self._today = today or (lambda: local_date(datetime.now(UTC)))
        # Working days left is asked for every painted row; the answer only changes with the day.
        self._days_left = lru_cache(maxsize=4096)(self._compute_days_left)

    # -- the pieces of a query --------------------------------------------------------------
    def today(self) -> date:
        return self._today()

    def _soon_limit(self, today: date) -> str:
        return self.calendar.add_working_days(today, DUE_SOON_DAYS).isoformat()

    def _view_clause(
        self, view: QueueView, today: date, plain: Callable[[Any], Any] = _as_is
    ) -> ColumnElement[bool] | None:
        """The view's condition; `plain` wraps its columns (`_no_index` when a search drives)."""
        status, respond_by = plain(_R.status), plain(_R.respond_by)
        is_open = status.in_(OPEN_STATUSES)
        match view:
            case QueueView.NEW:
                return status == Status.DISPATCHED.value
            case QueueView.FOLLOW_UP:
                return and_(is_open, _latest_event_kind() == "reporter_reply")
            case QueueView.IN_PROGRESS:
                return status == Status.IN_PROGRESS.value
            case QueueView.POSTPONED:
                return status == Status.POSTPONED.value
            case QueueView.COMPLETED:
                return status == Status.COMPLETED.value
            case QueueView.DUE_SOON:
                return and_(
                    is_open,
                    respond_by >= today.isoformat(),
                    respond_by <= self._soon_limit(today),
                )
            case QueueView.OVERDUE:
                return and_(is_open, respond_by < today.isoformat())
        return None

    def _where(self, flt: QueueFilter, today: date) -> list[ColumnElement[bool]]:
        clauses: list[ColumnElement[bool]] = []
        # With a search, the full-text match drives the query and the view and filters only
        # check its hits: left usable, an index on their columns tempts SQLite to walk, say, all
        # completed reports or half a distrik's in order and test each against the match (up to
        # 5× slower at 100k reports).
        searching = bool(flt.text.strip())
        plain = _no_index if searching else _as_is
        view = self._view_clause(flt.view, today, plain)
        if view is not None:
            clauses.append(view)
        if searching:
            match = search.match_clause(flt.text)
            exact = _R.tracking_id == flt.text.strip()
            clauses.append(or_(match, exact) if match is not None else exact)
        if flt.category_code:
            clauses.append(plain(_R.category_code) == flt.category_code)
        if flt.district_code:
            clauses.append(plain(_R.district_code) == flt.district_code)
        if flt.status:
            clauses.append(plain(_R.status) == flt.status)
        # Received dates are local (Mimika) days; stored times may carry any offset, so compare
        # instants with julianday() rather than text.
        if flt.received_from:
            start = datetime.combine(flt.received_from, time.min, MIMIKA_TZ)
            clauses.append(func.julianday(_R.submitted_at) >= func.julianday(_utc(start)))
        if flt.received_to:
            end = datetime.combine(flt.received_to + timedelta(days=1), time.min, MIMIKA_TZ)
            clauses.append(func.julianday(_R.submitted_at) < func.julianday(_utc(end)))
        return clauses

    def _order(self, flt: QueueFilter) -> list[Any]:
        column = {
            "tracking_id": _R.tracking_id,
            "title": _R.title.collate("NOCASE"),
            "category": _R.category_code,
            "district": _R.district_code,
            "agency": _R.agency_code,
            "received": _R.submitted_at,
            "deadline": _R.respond_by,
            "status": _status_order(),
            "sync": _R.sync_state,
        }.get(flt.sort, _R.submitted_at)
        ordered = column.desc() if flt.descending else column.asc()
        if flt.sort == "deadline":
            # Reports without a response deadline go last whichever way the column is sorted.
            return [_R.respond_by.is_(None), ordered, _R.rid]
        return [ordered, _R.rid.desc() if flt.descending else _R.rid]

    # -- queries -----------------------------------------------------------------------------
    def keys(
        self, flt: QueueFilter, *, cancel: threading.Event | None = None, **_context: Any
    ) -> list[str]:
        """The ids of the reports the filter selects, in display order.

        `cancel` (set when a newer query supersedes this one) interrupts the running statement:
        a stale search over 100k reports no longer holds a core while the officer's new one waits.
        """
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        query = select(_R.id).where(*self._where(flt, self.today())).order_by(*self._order(flt))
        with self.store.read_conn() as conn:
            compiled = query.compile(
                dialect=conn.dialect, compile_kwargs={"render_postcompile": True}
            )
            params = [compiled.params[name] for name in compiled.positiontup or ()]
            dbapi = conn.connection.dbapi_connection
            if cancel is not None:
                dbapi.set_progress_handler(cancel.is_set, _CANCEL_CHECK_STEPS)
            try:
                return _ordered_ids(dbapi, str(compiled), params)
            except OPERATIONAL_ERRORS as error:  # sqlite3's or SQLCipher's ("interrupted")
                if cancel is not None and cancel.is_set():
                    raise Cancelled() from error
                raise
            finally:
                if cancel is not None:
                    dbapi.set_progress_handler(None, 0)

    def rows(self, ids: Sequence[str]) -> list[QueueRow]:
        """Queue rows for the given ids (any order; missing ids are left out)."""
        if not ids:
            return []
        columns = [getattr(_R, name) for name in REPORT_ROW_FIELDS]
        with self.store.read_conn() as conn:
            found = conn.execute(select(*columns).where(_R.id.in_(list(ids)))).all()
            names = reference_names.load(conn)
        today = self.today()
        return [self._queue_row(ReportRow.from_row(r), names, today) for r in found]

    def counts(self) -> dict[QueueView, int]:
        """How many reports each queue view holds now (one pass over the table)."""
        today = self.today()
        sums = []
        for view in QueueView:
            clause = self._view_clause(view, today)
            if view is QueueView.FOLLOW_UP:
                continue  # counted below: its subquery should run only on open reports
            sums.append(func.count() if clause is None else func.sum(case((clause, 1), else_=0)))
        follow_up = select(func.count()).where(self._view_clause(QueueView.FOLLOW_UP, today))
        with self.store.read_conn() as conn:
            values = conn.execute(select(*sums)).one()
            follow = conn.execute(follow_up).scalar_one()
        result: dict[QueueView, int] = {}
        it = iter(values)
        for view in QueueView:
            result[view] = follow if view is QueueView.FOLLOW_UP else int(next(it) or 0)
        return result

    def filter_choices(self) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """(categories, districts) as (code, name) pairs sorted by name, for the filter boxes."""
        with self.store.read_conn() as conn:
            names = reference_names.load(conn)
        return (
            sorted(names.categories.items(), key=lambda kv: kv[1]),
            sorted(names.districts.items(), key=lambda kv: kv[1]),
        )

    # -- sync awareness ----------------------------------------------------------------------
    def sync_status(self) -> SyncStatus:
        with self.store.read_conn() as conn:
            counts = outbox.counts(conn, open_only=True)
            times = sync_state.read(conn, ("last_success", "last_attempt"))
        return SyncStatus(
            counts.waiting,
            counts.conflicts,
            parse_time(times.get("last_success")),
            parse_time(times.get("last_attempt")),
        )

    def high_water(self) -> int:
        """The highest local row number: reports stored later get higher ones."""
        with self.store.read_conn() as conn:
            return conn.exec_driver_sql("SELECT coalesce(max(rid), 0) FROM reports").scalar_one()

    def arrived_since(self, high_water: int) -> list[Arrival]:
        """Reports new to this desk since `high_water` that wait for the OPD's first answer."""
        with self.store.read_conn() as conn:
            rows = conn.exec_driver_sql(
                "SELECT id, tracking_id, title FROM reports WHERE rid > ? AND status = ?"
                " ORDER BY rid",
                (high_water, Status.DISPATCHED.value),
            ).all()
        return [Arrival(*r) for r in rows]

    # -- saved personal views ----------------------------------------------------------------
    def saved_views(self) -> list[SavedViewInfo]:
        with self.store.read() as session:
            rows = session.execute(select(SavedView).order_by(SavedView.name)).scalars().all()
            return [SavedViewInfo(r.name, QueueFilter.from_dict(dict(r.filter))) for r in rows]

    def save_view(self, name: str, flt: QueueFilter) -> SavedViewInfo:
        name = name.strip()
        if not name:
            from lapor_desk.errors import ValidationError

            raise ValidationError("nama tampilan kosong", detail_en="the view has no name")
        now = datetime.now(UTC).isoformat()
        with self.store.write() as session:
            existing = session.get(SavedView, name)
            if existing is None:
                session.add(SavedView(name=name, filter=flt.as_dict(), created_at=now))
            else:
                existing.filter = flt.as_dict()
        return SavedViewInfo(name, flt)

    def delete_view(self, name: str) -> None:
        with self.store.write() as session:
            existing = session.get(SavedView, name)
            if existing is not None:
                session.delete(existing)

    # -- helpers ----------------------------------------------------------------------------
    def _compute_days_left(self, today: date, deadline: date, _calendar_generation: int) -> int:
        return self.calendar.working_days_left(today, deadline)

    def days_left(
        self, deadline: date | None, status: str, today: date | None = None
    ) -> int | None:
        """Working days to the response deadline while the OPD's clock runs, else None."""
        if deadline is None or status not in OPEN_STATUSES:
            return None
        return self.working_days_left(today or self.today(), deadline)

    def working_days_left(self, today: date, deadline: date) -> int:
        """`calendar.working_days_left`, cached; keyed on the calendar's generation too, so a
        synced holiday changes the answer."""
        return self._days_left(today, deadline, getattr(self.calendar, "generation", 0))

    def _queue_row(self, r: ReportRow, names: reference_names.Names, today: date) -> QueueRow:
        deadline = parse_date(r.respond_by)
        return QueueRow(
            id=r.id,
            tracking_id=r.tracking_id,
            title=r.title,
            category_name=names.category(r.category_code),
            district_name=names.district(r.district_code),
            submitted_at=parse_time(r.submitted_at),
            status=r.status,
            deadline=deadline,
            days_left=self.days_left(deadline, r.status, today),
            sync_state=r.sync_state,
            sync_reason=r.sync_reason,
            is_anonymous=r.is_anonymous,
            is_secret=r.is_secret,
            agency_name=names.agency(r.agency_code),
        )


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def _latest_event_kind() -> Any:
    # The index on events(report_id, position) makes this one seek per candidate report.
    return (
        select(text("kind"))
        .select_from(text("events"))
        .where(text("events.report_id = reports.id"))
        .order_by(text("position DESC"))
        .limit(1)
        .scalar_subquery()
    )


def _status_order() -> Any:
    order = [s.value for s in Status]
    return case(*((_R.status == code, literal(i)) for i, code in enumerate(order)), else_=99)


#: SQLite virtual-machine steps between two looks at a query's cancel flag (~0.1 ms of work)
_CANCEL_CHECK_STEPS = 2000
#: joins ids in `_ordered_ids`; cannot occur in a report id (a control character)
_SEP = "\x1f"


def _ordered_ids(dbapi: Any, sql: str, params: Sequence[Any]) -> list[str]:
    """The `id` column of `sql`'s rows, in order, as one list.

    The ids come back as one string joined in SQLite and split in Python: for 50,000 keys that is
    about three times faster than a row tuple and a string object per row through the cursor. The
    subquery's ORDER BY is kept by SQLite for an aggregate over it (it never flattens an ordered
    subquery into an aggregate); the count guards against a separator inside an id.
    """
    cursor = dbapi.cursor()
    try:
        count, joined = cursor.execute(
            f"SELECT count(*), group_concat(id, '{_SEP}') FROM ({sql})",
            params,
        ).fetchone()
        if not count:
            return []
        ids = joined.split(_SEP)
        if len(ids) == count:
            return ids
        return [row[0] for row in cursor.execute(sql, params).fetchall()]
    finally:
        cursor.close()
