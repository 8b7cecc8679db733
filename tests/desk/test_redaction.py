"""Sunting teks publik (`redact`, issue 12 #17) on the desk: the service queues the op with only
what changed and shows the public text at once, offline; the store keeps the public text a
coordinator's snapshot carries; the dialog shows the original beside the editable public text."""

from __future__ import annotations

import copy
import json
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from lapor_desk.errors import ValidationError
from lapor_desk.models import bulk
from lapor_desk.models.account import Account
from lapor_desk.models.dto import ReportDetail
from lapor_desk.models.store import Store
from lapor_desk.services.coordinator import CoordinatorService
from lapor_desk.views.coordinator.redact import RedactDialog
from lapor_desk.views.coordinator.screening_inbox import ScreeningInbox
from tests.desk._coordinator_data import load, make_snapshots

TODAY = date(2026, 3, 18)
KOOR = Account("https://lapor.example", "koor", "koordinator", None, "Koordinator Diskominfo")
ORIGINAL = "Jalan rusak depan rumah saya, hubungi 0812-3456-7890."
ADDRESS = "Jl. Cenderawasih 12, rumah cat biru"


@pytest.fixture
def svc(tmp_path, runner):
    snaps = make_snapshots(40, TODAY, seed=5)
    s = copy.deepcopy(snaps[0])
    s.update(id="u1", tracking_id="U1", title="Jalan rusak", body=ORIGINAL, address=ADDRESS,
             status="unverified", agency_code=None, events=[], version=1,
             public_body=None, public_address=None)  # fmt: skip
    store = Store.open(tmp_path / "koor.sqlite3")
    load(store, [*snaps, s])
    # no server anywhere: the action must work offline (queued with its local effect)
    service = CoordinatorService(store, KOOR, today=lambda: TODAY)
    yield service
    runner.shutdown(wait=True)
    store.close()


def _outbox(service):
    with service.store.read_conn() as conn:
        return [
            (r[0], r[1], json.loads(r[2]))
            for r in conn.exec_driver_sql(
                "SELECT report_id, kind, payload FROM outbox ORDER BY seq"
            )
        ]


def _texts(service, rid="u1"):
    with service.store.read_conn() as conn:
        return tuple(
            conn.exec_driver_sql(
                "SELECT body, address, public_body, public_address, status, sync_state"
                " FROM reports WHERE id = ?",
                (rid,),
            ).one()
        )


def test_redact_queues_only_what_changed_and_shows_the_public_text_at_once(svc):
    change = svc.screening.redact("u1", "Jalan rusak depan rumah warga.", ADDRESS)
    assert change.report_ids == {"u1"} and change.op_id
    assert _outbox(svc) == [("u1", "redact", {"body": "Jalan rusak depan rumah warga."})]
    # the original stays beside the public text; the status does not move
    assert _texts(svc) == (
        ORIGINAL, ADDRESS, "Jalan rusak depan rumah warga.", None, "unverified", "pending"
    )  # fmt: skip
    with svc.store.read_conn() as conn:
        kind, text, pending = conn.exec_driver_sql(
            "SELECT kind, text, pending FROM events WHERE report_id = 'u1'"
        ).one()
    assert (kind, pending) == ("redact", 1)
    assert "0812" not in text  # the timeline never carries the text itself


def test_restoring_the_original_sends_null_and_no_change_is_refused(svc):
    svc.screening.redact("u1", "Jalan rusak.", "Kampung Kamoro Jaya")
    with pytest.raises(ValidationError):
        svc.screening.redact("u1", "Jalan rusak.", "Kampung Kamoro Jaya")  # nothing changed
    svc.screening.redact("u1", ORIGINAL, ADDRESS)
    assert _outbox(svc)[1:] == [("u1", "redact", {"body": None, "address": None})]
    assert _texts(svc)[2:4] == (None, None)
    with pytest.raises(ValidationError):
        svc.screening.redact("u1", "", None)  # an empty public text is refused with a reason
    assert len(_outbox(svc)) == 2


def test_the_store_keeps_the_public_text_of_a_coordinators_snapshot(svc):
    with svc.store.read_conn() as conn:
        row = conn.exec_driver_sql("SELECT * FROM reports WHERE id = 'u1'").mappings().one()
    assert "public_body" in bulk.STORED_FIELDS and "public_address" in bulk.STORED_FIELDS
    s = {k: row[k] for k in ("id", "tracking_id", "title", "submitted_at", "status")}
    s.update(body=ORIGINAL, address=ADDRESS, version=2, public_body="Jalan rusak.",
             public_address="Kamoro Jaya", events=[], attachments=[], deadlines={},
             is_anonymous=False, is_secret=False, reporter=None)  # fmt: skip
    with svc.store.write_conn() as conn:
        bulk.upsert_reports(conn, [s])
    page = svc.page("u1")
    assert (page.detail.body, page.detail.public_body) == (ORIGINAL, "Jalan rusak.")
    assert page.detail.public_address == "Kamoro Jaya"


def _detail(svc) -> ReportDetail:
    return svc.page("u1").detail


def test_the_dialog_shows_the_original_and_edits_the_public_text(svc, qtbot):
    svc.screening.redact("u1", "Jalan rusak depan rumah warga.", ADDRESS)
    dialog = RedactDialog(_detail(svc))
    qtbot.addWidget(dialog)
    assert dialog.original_body.toPlainText() == ORIGINAL
    assert dialog.original_body.isReadOnly()
    # prefilled with the current public text, not the original
    assert dialog.body.toPlainText() == "Jalan rusak depan rumah warga."
    assert dialog.address.text() == ADDRESS
    dialog.body.setPlainText("   ")
    assert not dialog.ok_button.isEnabled() and dialog.hint.text()
    dialog.body.setPlainText("Jalan rusak.")
    dialog.address.clear()  # the citizen gave an address: the server refuses an empty one
    assert not dialog.ok_button.isEnabled()
    dialog.address.setText("Kamoro Jaya")
    assert dialog.ok_button.isEnabled()
    assert dialog.values() == ("Jalan rusak.", "Kamoro Jaya")
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.values() == (ORIGINAL, ADDRESS)


def test_edit_public_text_from_the_screening_inbox(svc, qtbot, monkeypatch):
    inbox = ScreeningInbox(svc)
    qtbot.addWidget(inbox)
    inbox.refresh()
    qtbot.waitUntil(lambda: inbox.list.model.row_of("u1") >= 0, timeout=5000)
    inbox.list.table.selectRow(inbox.list.model.row_of("u1"))
    qtbot.waitUntil(lambda: inbox.current_id() == "u1" and inbox.form.isEnabled(), timeout=5000)

    def accept(dialog):
        dialog.body.setPlainText("Jalan rusak depan rumah warga.")
        dialog.address.setText("Kamoro Jaya")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RedactDialog, "exec", accept)
    with qtbot.waitSignal(inbox.changed, timeout=5000):
        qtbot.mouseClick(inbox.form.redact_button, Qt.MouseButton.LeftButton)
    assert _outbox(svc) == [
        ("u1", "redact", {"body": "Jalan rusak depan rumah warga.", "address": "Kamoro Jaya"})
    ]
    # the coordinator sees both texts in the report view
    qtbot.waitUntil(lambda: "Kamoro Jaya" in inbox.report_view.plain_text(), timeout=5000)
    text = inbox.report_view.plain_text()
    assert ORIGINAL in text and "Jalan rusak depan rumah warga." in text
