"""End to end across two desk profiles and a real HTTPS server: a citizen's report enters through
Open311, the coordinator desk verifies and dispatches it in one step, the officer desk of the OPD
answers it finally, and the coordinator's dashboard (the Qt view, offline data) shows it completed
and answered in time; the public Open311 view shows it closed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QLocale

from lapor_core.calendar import local_date
from lapor_desk.services.coordinator import CoordinatorService
from lapor_desk.services.dashboard import Period
from lapor_desk.views.coordinator.dashboard import DashboardPane
from lapor_desk.views.ops import OpRunner
from tests.e2e.world import AGENCY


@pytest.fixture
def runner(qapp):
    r = OpRunner()
    OpRunner.set_shared(r)
    yield r
    r.shutdown(wait=True)
    qapp.processEvents()
    OpRunner.set_shared(None)


def test_open311_report_is_screened_answered_and_completed_on_the_dashboard(world, qtbot, runner):
    key = world.srv.admin.issue_channel_key("open311")
    with world.srv.client() as public:
        created = public.post(
            "/open311/v2/requests.json",
            data={
                "api_key": key,
                "service_code": "kesehatan",
                "description": "Puskesmas Timika Jaya kehabisan obat malaria sejak minggu lalu.",
                "address_string": "Jl. Cenderawasih, Timika Jaya",
                "first_name": "Maria",
                "last_name": "Beanal",
                "email": "maria@example.org",
            },
        )
        assert created.status_code == 201, created.text
        tracking_id = created.json()[0]["service_request_id"]

    coord = world.desk("koord", name="coordinator")
    officer = world.desk("budi", name="officer")
    try:
        service = CoordinatorService(coord.store, coord.account, actions=coord.actions)
        coord.sync()
        [(report_id, status)] = coord.q(
            "SELECT id, status FROM reports WHERE tracking_id = ?", tracking_id
        )
        assert status == "unverified"
        today = local_date(datetime.now(UTC))
        period = Period(today, today)
        before = service.dashboard(period)

        # Screening: the coordinator fixes the distrik and title, then verifies and dispatches.
        suggestions = service.screening.suggestions(report_id)
        assert suggestions.agencies[0].code == AGENCY  # kesehatan → Dinas Kesehatan
        service.screening.verify_and_dispatch(
            report_id,
            suggestions.agencies[0].code,
            edits={"district_code": "mimika_baru", "title": "Obat malaria habis di Timika Jaya"},
            note="Mohon segera ditindaklanjuti",
        )
        pushed = coord.sync()
        assert pushed is not None
        assert world.sql("SELECT status, agency_code, title FROM reports WHERE id = :i",
                         i=report_id)[0] == (
            "dispatched", AGENCY, "Obat malaria habis di Timika Jaya",
        )  # fmt: skip

        # The officer's desk receives it and answers finally.
        officer.sync()
        assert officer.q("SELECT status FROM reports WHERE id = ?", report_id) == [("dispatched",)]
        officer.respond(report_id, "Stok obat malaria sudah dikirim hari ini.", final=True)
        officer.sync()
        assert world.sql("SELECT status FROM reports WHERE id = :i", i=report_id)[0][0] == (
            "completed"
        )

        # The coordinator's dashboard, from its own local store after a sync.
        coord.sync()
        pane = DashboardPane(service)
        qtbot.addWidget(pane)
        pane.refresh()
        qtbot.waitUntil(lambda: pane.dashboard() is not None, timeout=10_000)
        shown = pane.dashboard()
        after = service.dashboard(period)
        assert after.count_of("completed") == before.count_of("completed") + 1
        assert shown.count_of("completed") >= after.count_of("completed")
        dinkes = next(a for a in after.by_agency if a.code == AGENCY)
        assert dinkes.answered >= 1 and dinkes.answered_within_5 >= 1
        assert pane.tiles["total"].value.text() == QLocale().toString(shown.total)
        baru = next(d for d in after.by_district if d.code == "mimika_baru")
        assert baru.reports >= 1

        # The public Open311 view says it is closed, with the OPD responsible.
        with world.srv.client() as public:
            got = public.get(f"/open311/v2/requests/{tracking_id}.json")
            assert got.status_code == 200, got.text
            assert got.json()[0]["status"] == "closed"
    finally:
        coord.close()
        officer.close()
