"""Reassignment while the old OPD's officer has an unsent answer, across two desk profiles and a
real HTTPS server: the coordinator reassigns from the disposisi screen (pytest-qt), the officer's
desk then syncs, gets a conflict that keeps the answer's text, and nothing is lost."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from lapor_desk.services.coordinator import CoordinatorService
from lapor_desk.views.coordinator import disposisi as disposisi_module
from lapor_desk.views.coordinator.disposisi import DisposisiPane
from tests.e2e.world import AGENCY, OTHER_AGENCY, World
from tests.support.servers import start_server

ANSWER = "Tim kami sudah ke lokasi; perbaikan dijadwalkan Senin depan."


@pytest.fixture
def world(tmp_path):
    srv = start_server(f"sqlite:///{tmp_path / 'lapor.sqlite3'}", tmp_path / "server")
    try:
        yield World(srv, tmp_path)
    finally:
        srv.stop()


def test_reassign_while_officer_answer_is_unsent(world, qtbot, runner, monkeypatch):
    [report_id] = world.create_reports(1, dispatch_to=AGENCY, title="Reassign")
    officer = world.desk("budi", name="officer")
    coord = world.desk("koord", name="coordinator")
    try:
        officer.sync()
        # The officer answers while offline: saved locally, not yet sent.
        officer.respond(report_id, ANSWER)
        [(state,)] = officer.q("SELECT state FROM outbox")
        assert state == "pending"

        # The coordinator reassigns the report to another OPD from the disposisi screen.
        coord.sync()
        service = CoordinatorService(coord.store, coord.account, actions=coord.actions)
        pane = DisposisiPane(service)
        qtbot.addWidget(pane)
        pane.refresh()
        pane.tabs.setCurrentWidget(pane.at_opd)
        qtbot.waitUntil(lambda: pane.at_opd.model.row_of(report_id) >= 0, timeout=5000)
        pane.at_opd.table.selectRow(pane.at_opd.model.row_of(report_id))
        qtbot.waitUntil(
            lambda: pane._page is not None and pane._page.detail.id == report_id, timeout=5000
        )
        qtbot.waitUntil(pane.reassign_button.isEnabled, timeout=3000)

        def fake_exec(dialog):
            dialog.agency.setCurrentIndex(dialog.agency.findData(OTHER_AGENCY))
            dialog.reason.setPlainText("Jalan kabupaten: urusan Dinas PUPR")
            return QDialog.DialogCode.Accepted

        monkeypatch.setattr(disposisi_module.ReassignDialog, "exec", fake_exec)
        with qtbot.waitSignal(pane.changed, timeout=5000):
            qtbot.mouseClick(pane.reassign_button, Qt.MouseButton.LeftButton)
        coord.sync()
        assert world.sql("SELECT agency_code FROM reports WHERE id = :i", i=report_id)[0][0] == (
            OTHER_AGENCY
        )

        # The old OPD's desk comes online: its answer is refused as a conflict, text kept.
        officer.sync()
        [row] = officer.q("SELECT state, outcome, payload, outcome_detail FROM outbox")
        assert row.state == "conflict"
        assert json.loads(row.payload)["text"] == ANSWER
        conflicts = officer.actions.conflicts()
        assert [c.text for c in conflicts] == [ANSWER]
        assert conflicts[0].detail  # the reason in words
        # The report left the old OPD's queue; the server holds no answer from it.
        assert officer.q("SELECT count(*) FROM reports WHERE id = ?", report_id) == [(0,)]
        assert world.sql(
            "SELECT count(*) FROM report_events WHERE report_id = :i AND kind = 'respond'",
            i=report_id,
        ) == [(0,)]
        world.check(officer, converged=True)
        world.check(coord, converged=True)
    finally:
        officer.close()
        coord.close()
