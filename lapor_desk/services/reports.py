"""One report for the report view: the stored snapshot with names, deadlines in working days, the
actions the workflow allows this account now, and the autosaved drafts of the composer.

Drafts are written by the app's single writer thread (debounced by the composer), so a crash or a
killed desk loses at most the last second of typing; they are read back when the report is opened.
Sending a response or note removes its draft in the same transaction (`DeskActions`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from lapor_core.calendar import WorkingCalendar, local_date
from lapor_core.reference import load_reference
from lapor_core.wire import FORWARDED_REASON
from lapor_core.workflow import Status, allowed_actions
from lapor_desk.errors import NotFoundError
from lapor_desk.models import effects, outbox
from lapor_desk.models import partners as partners_ref
from lapor_desk.models.account import Account
from lapor_desk.models.dto import ReportDetail
from lapor_desk.models.partners import Partner
from lapor_desk.models.schema import Report
from lapor_desk.models.store import Store
from lapor_desk.services import names as reference_names
from lapor_desk.services.actions import Change

DRAFT_MODES = ("public", "internal")


@dataclass(frozen=True, slots=True)
class DeadlineView:
    """One stage's deadline: `stage` is verify, dispatch, respond or close."""

    stage: str
    due: date
    #: working days left (negative: late); None when the stage's clock is not running
    days_left: int | None


@dataclass(frozen=True, slots=True)
class Draft:
    mode: str
    text: str
    final: bool
    updated_at: str


@dataclass(frozen=True, slots=True)
class ReportPage:
    """What the report view and composer show for one report."""

    detail: ReportDetail
    category_name: str
    district_name: str
    agency_name: str
    classification_name: str
    channel_name: str
    deadlines: tuple[DeadlineView, ...]
    #: action codes (lapor_core.workflow.Action values) this account may take now
    allowed: tuple[str, ...]
    drafts: dict[str, Draft]
    #: agencies (code, name) for "bukan wewenang", sorted by name, this report's OPD left out
    agencies: tuple[tuple[str, str], ...]
    #: op ids of this desk's own actions on the report (any state): its timeline entries with
    #: one of these are the officer's own changes
    own_op_ids: frozenset[str] = frozenset()
    #: every agency's name by code (the timeline names the OPDs of returns and reassignments)
    agency_names: Mapping[str, str] = field(default_factory=dict)
    #: the archive reason's name (Indonesian reference name), "" when not archived
    archive_reason_name: str = ""
    #: tracking id of the original when this report is a duplicate (None: not one, or the
    #: original is not on this desk)
    duplicate_of_tracking: str | None = None
    #: partner instansi a coordinator may forward to (reference data; docs/forwarding.md)
    partners: tuple[Partner, ...] = ()
    #: the partner this report was forwarded to (None: not forwarded, or not in the reference)
    forwarded_to: Partner | None = None

    @property
    def id(self) -> str:
        return self.detail.id


class ReportService:
    """Reads a report page and keeps the composer's drafts. Call from worker threads."""

    def __init__(
        self,
        store: Store,
        account: Account,
        *,
        calendar: WorkingCalendar | None = None,
        today: Callable[[], date] | None = None,
        now: Callable[[], str] | None = None,
    ):
        self.store = store
        self.account = account
        # None: the store's calendar, with the server's extra days (models/calendar.py)
        self.calendar = calendar if calendar is not None else store.calendar
        self._today = today or (lambda: local_date(datetime.now(UTC)))
        self._now = now or (lambda: datetime.now(UTC).isoformat(timespec="milliseconds"))

    # -- reading ----------------------------------------------------------------------------
    def page(self, report_id: str) -> ReportPage:
        with self.store.read() as session:
            report = session.get(Report, report_id)
            if report is None:
                raise NotFoundError(
                    "Laporan ini sudah tidak ada di antrean desk ini.",
                    detail_en="This report is no longer in this desk's queue.",
                )
            detail = ReportDetail.from_orm(report)
            conn = session.connection()
            names = reference_names.load(conn)
            known_partners = partners_ref.load(conn)
            drafts = self._drafts(conn, report_id)
            own = outbox.op_ids_of_report(conn, report_id)
            original = None
            if detail.duplicate_of:
                original = conn.exec_driver_sql(
                    "SELECT tracking_id FROM reports WHERE id = ?", (detail.duplicate_of,)
                ).scalar()
        state = effects.state_of(
            detail.status, detail.agency_code, detail.postponed_from, detail.archive_reason
        )
        actor = effects.actor_of(self.account.role, self.account.agency_code)
        allowed = tuple(a.value for a in allowed_actions(actor, state))
        forwarded_to = _forwarded_to(detail, known_partners)
        if forwarded_to is not None and forwarded_to.runs_lapor:
            # its own LAPOR Desk sends the answers; nothing to record by hand (server refuses it)
            allowed = tuple(a for a in allowed if a != "partner_answer")
        agencies = tuple(
            sorted(
                ((c, n) for c, n in names.agencies.items() if c != detail.agency_code),
                key=lambda kv: kv[1],
            )
        )
        return ReportPage(
            detail=detail,
            category_name=names.category(detail.category_code),
            district_name=names.district(detail.district_code),
            agency_name=names.agency(detail.agency_code),
            classification_name=names.classification(detail.classification),
            channel_name=names.channel(detail.channel),
            deadlines=self._deadlines(detail),
            allowed=allowed,
            drafts=drafts,
            agencies=agencies,
            own_op_ids=own,
            agency_names=dict(names.agencies),
            archive_reason_name=_archive_reason_name(detail.archive_reason),
            duplicate_of_tracking=original,
            partners=known_partners,
            forwarded_to=forwarded_to,
        )

    def _deadlines(self, d: ReportDetail) -> tuple[DeadlineView, ...]:
        today = self._today()
        running = {
            "verify": d.status == Status.UNVERIFIED,
            "dispatch": d.status in (Status.UNVERIFIED, Status.VERIFIED),
            "respond": d.status in (Status.DISPATCHED, Status.IN_PROGRESS),
            "close": d.status == Status.COMPLETED,
        }
        result = []
        for stage, value in (
            ("verify", d.verify_by),
            ("dispatch", d.dispatch_by),
            ("respond", d.respond_by),
            ("close", d.closes_at),
        ):
            if not value:
                continue
            due = date.fromisoformat(value[:10])
            left = self.calendar.working_days_left(today, due) if running[stage] else None
            result.append(DeadlineView(stage, due, left))
        return tuple(result)

    # -- drafts -----------------------------------------------------------------------------
    def drafts(self, report_id: str) -> dict[str, Draft]:
        with self.store.read_conn() as conn:
            return self._drafts(conn, report_id)

    @staticmethod
    def _drafts(conn, report_id: str) -> dict[str, Draft]:
        rows = conn.exec_driver_sql(
            "SELECT mode, text, final, updated_at FROM drafts WHERE report_id = ?", (report_id,)
        ).all()
        return {r[0]: Draft(r[0], r[1], bool(r[2]), r[3]) for r in rows}

    def save_draft(self, report_id: str, mode: str, text: str, *, final: bool = False) -> Change:
        """Keep the composer's text of one mode (an empty text removes the draft)."""
        return self.save_drafts(report_id, {mode: text}, final=final)

    def save_drafts(self, report_id: str, texts: dict[str, str], *, final: bool = False) -> Change:
        """Keep the composer's texts ({mode: text}) in one transaction. Runs on the writer.

        `final` belongs to the public draft. An empty text removes that mode's draft.
        """
        unknown = set(texts) - set(DRAFT_MODES)
        if unknown:
            raise ValueError(f"unknown draft mode(s) {sorted(unknown)}")
        now = self._now()
        with self.store.write_conn() as conn:
            for mode, text in texts.items():
                if text.strip():
                    conn.exec_driver_sql(
                        "INSERT INTO drafts(report_id, mode, text, final, updated_at)"
                        " VALUES (?, ?, ?, ?, ?) ON CONFLICT(report_id, mode) DO UPDATE SET"
                        " text = excluded.text, final = excluded.final,"
                        " updated_at = excluded.updated_at",
                        (report_id, mode, text, 1 if final and mode == "public" else 0, now),
                    )
                else:
                    conn.exec_driver_sql(
                        "DELETE FROM drafts WHERE report_id = ? AND mode = ?", (report_id, mode)
                    )
        return Change(frozenset({report_id}), frozenset({"draft"}), None, "draft")

    def reports_with_drafts(self) -> list[str]:
        """Reports that have unsent composer text (shown after a restart)."""
        with self.store.read_conn() as conn:
            return list(
                conn.exec_driver_sql(
                    "SELECT DISTINCT report_id FROM drafts ORDER BY updated_at DESC"
                ).scalars()
            )


def _forwarded_to(detail: ReportDetail, known: tuple[Partner, ...]) -> Partner | None:
    """The partner of the report's forward (its latest `forward` entry), if it was forwarded."""
    if detail.archive_reason != FORWARDED_REASON:
        return None
    for e in reversed(detail.events):
        data = e.data or {}
        if e.kind == "forward" and data.get("partner"):
            code = str(data["partner"])
            for p in known:
                if p.code == code:
                    return p
            # not (or no longer) in the reference: what the forward's entry says about it
            return Partner(
                code,
                str(data.get("partner_name") or code),
                str(data.get("partner_kind") or "lainnya"),
                bool(data.get("runs_lapor")),
            )
    return None


def _archive_reason_name(code: str | None) -> str:
    if not code:
        return ""
    if code == FORWARDED_REASON:
        return "Diteruskan ke instansi lain"
    names = {r.code: r.name for r in load_reference().archive_reasons}
    return names.get(code, code)
