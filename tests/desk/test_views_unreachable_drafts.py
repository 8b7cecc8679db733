"""The conflict list shows unsent drafts of reports that left the desk (issue 11: no text where
no screen shows it), and discarding one asks first."""

from __future__ import annotations

from lapor_desk.models import bulk
from lapor_desk.models.store import Store
from lapor_desk.services.actions import DeskActions
from lapor_desk.services.reports import ReportService
from lapor_desk.views.conflicts import ConflictsDialog
from tests.desk.test_actions import OFFICER, snapshot


def test_a_draft_of_a_report_that_left_is_listed_and_can_be_discarded(tmp_path, qtbot, runner):
    with Store.open(tmp_path / "q.sqlite3") as store:
        with store.write_conn() as conn:
            bulk.upsert_reports(conn, [snapshot("r-00001")])
        ReportService(store, OFFICER).save_drafts("r-00001", {"public": "Draf yang tertinggal."})
        with store.write_conn() as conn:
            bulk.delete_reports(conn, ["r-00001"])
        dialog = ConflictsDialog(DeskActions(store, OFFICER))
        qtbot.addWidget(dialog)
        qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=5000)
        title = dialog.model.data(dialog.model.index(0, 0))
        assert title and "r-00001" not in title  # words, not a raw id
        assert dialog.text.toPlainText() == "Draf yang tertinggal."
        assert not dialog.copy_button.isEnabled() and not dialog.note_button.isEnabled()
        dialog.confirm_discard = lambda _text: True
        with qtbot.waitSignal(dialog.resolved, timeout=5000):
            dialog.discard_button.click()
        qtbot.waitUntil(lambda: dialog.model.rowCount() == 0, timeout=5000)
        dialog.close()
