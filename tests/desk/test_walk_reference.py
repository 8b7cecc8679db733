"""Issue 18, item 2: a coordinator's first session starts before reference data (OPDs, categories,
distrik) is in the store. Every list built from it must fill when the first sync brings it, without
a restart."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from types import SimpleNamespace

from lapor_core.reference import load_reference
from lapor_desk.models import bulk
from lapor_desk.models.account import Account
from lapor_desk.services.coordinator import CoordinatorService
from lapor_desk.views.coordinator.desk import CoordinatorDesk
from lapor_desk.views.main_window import MainWindow
from lapor_desk.views.sync_status import SyncOutcome

KOOR = Account("https://lapor.example", "sari", "koordinator", None, "Sari")


def test_reference_lists_fill_when_the_first_sync_brings_them(
    qtbot, runner, desk_context, snapshot
):
    ctx = desk_context([snapshot(n, status="verified", agency_code=None) for n in range(1, 6)])
    store = ctx.queue.store
    service = CoordinatorService(store, KOOR, today=lambda: date(2026, 3, 16))
    ctx = replace(
        ctx, account=KOOR, make_coordinator=lambda parent: CoordinatorDesk(service, parent)
    )
    w = MainWindow(ctx, runner=runner)
    qtbot.addWidget(w)
    w.show()
    desk = w.coordinator
    qtbot.waitUntil(lambda: runner.pending() == 0, timeout=5000)
    form = desk.screening.form
    assert form.category.count() == 0 and desk.disposisi.agency.count() == 0  # nothing synced yet

    # The first sync writes the reference data and says so.
    with store.write_conn() as conn:
        bulk.replace_reference(conn, load_reference().as_wire())
    w._on_sync_sync_finished(SyncOutcome(SimpleNamespace(reference_updated=True)))
    qtbot.waitUntil(lambda: runner.pending() == 0, timeout=5000)
    ref = load_reference()
    assert form.category.count() == len(ref.categories)
    assert form.district.count() == len(ref.districts)
    assert form.classification.count() == len(ref.classifications)
    assert desk.disposisi.agency.count() >= len([a for a in ref.agencies])
    w.close()
