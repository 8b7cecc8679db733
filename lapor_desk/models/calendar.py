"""The working-day calendar of this desk: Indonesia's holidays plus the server's extra days.

`GET /api/v1/reference` carries the administrator's extra holidays and working days
(`lapor-server add-holiday`); `bulk.replace_reference` keeps them in `calendar_days`. Every
days-left and due-soon count of the desk uses `StoreCalendar`, so the desk counts exactly like the
server that set the deadlines. It reloads itself after the sync engine stored new days
(`Store.reference_generation`), without a query per working-day check. See docs/sync.md.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from lapor_core.calendar import WorkingCalendar

if TYPE_CHECKING:
    from lapor_desk.models.store import Store


def read_days(conn) -> tuple[list[date], list[date]]:  # type: ignore[no-untyped-def]
    """(extra holidays, extra working days) stored from the reference; bad dates are skipped."""
    holidays: list[date] = []
    working: list[date] = []
    for day, is_working in conn.exec_driver_sql("SELECT day, working FROM calendar_days").all():
        try:
            parsed = date.fromisoformat(str(day))
        except ValueError:
            continue
        (working if is_working else holidays).append(parsed)
    return holidays, working


class StoreCalendar(WorkingCalendar):
    """A `WorkingCalendar` whose extra days are the ones last synced into `store`."""

    def __init__(self, store: Store):
        super().__init__()
        self._store = store
        self._loaded: int | None = None

    @property
    def generation(self) -> int:
        """Changes when the extra days may have changed (caches keyed on it stay correct)."""
        self._fresh()
        return self._loaded or 0

    def _fresh(self) -> None:
        current = self._store.reference_generation
        if self._loaded == current:
            return
        with self._store.read_conn() as conn:
            holidays, working = read_days(conn)
        self.extra_holidays = frozenset(holidays)
        self.extra_working_days = frozenset(working)
        self._loaded = current

    def is_working_day(self, day: date) -> bool:
        self._fresh()
        return super().is_working_day(day)
