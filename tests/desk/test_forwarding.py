"""Forwarding on the coordinator's desk (docs/forwarding.md): the partners arrive with the
reference data; "Teruskan ke instansi lain" works offline (archived, reason forwarded, one outbox
row) and is refused a second time; "Catat jawaban instansi" is offered only for a partner without
LAPOR Desk; the composer shows both actions only where they fit, and the timeline names them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from lapor_desk.errors import ValidationError
from lapor_desk.models import bulk
from lapor_desk.models.account import Account
from lapor_desk.services.actions import DeskActions
from lapor_desk.services.reports import ReportService
from lapor_desk.views.composer import Composer
from lapor_desk.views.forward_dialogs import ForwardDialog, PartnerAnswerDialog, partner_text

COORD = Account("https://lapor.test", "sari", "koordinator", None, "Sari Koordinator")
OFFICER = Account("https://lapor.test", "rina", "petugas", "dinas_pupr", "Rina")
PARTNERS = [
    {"code": "bpjn_papua", "name": "Balai Jalan Nasional Papua", "kind": "kementerian",
     "runs_lapor": False},
    {"code": "pemprov_papua_tengah", "name": "Pemprov Papua Tengah", "kind": "provinsi",
     "runs_lapor": True},
]  # fmt: skip


@pytest.fixture
def coord_store(filled_store, snapshot):
    store = filled_store(
        [
            snapshot(1, status="verified", agency_code=None),
            snapshot(2, status="unverified", agency_code=None),
            snapshot(3, status="dispatched"),
        ]
    )
    with store.write_conn() as conn:
        bulk.replace_reference(conn, {"partners": PARTNERS})
    return store


def row(store, rid):
    with store.read_conn() as conn:
        return conn.exec_driver_sql(
            "SELECT status, archive_reason, sync_state FROM reports WHERE id = ?", (rid,)
        ).first()


def test_partners_arrive_with_the_reference_and_a_forward_works_offline(coord_store):
    reports = ReportService(coord_store, COORD)
    page = reports.page("r000001")
    assert [p.code for p in page.partners] == ["bpjn_papua", "pemprov_papua_tengah"]
    assert "forward" in page.allowed and "partner_answer" not in page.allowed
    actions = DeskActions(coord_store, COORD)
    change = actions.forward("r000001", "bpjn_papua", "Jalan nasional.", "045/12/2026")
    assert change.op_id
    assert tuple(row(coord_store, "r000001")) == ("archived", "forwarded", "pending")
    with coord_store.read_conn() as conn:
        [(kind, payload)] = conn.exec_driver_sql("SELECT kind, payload FROM outbox").all()
    assert kind == "forward" and "045/12/2026" in payload
    page = reports.page("r000001")
    assert page.forwarded_to.code == "bpjn_papua"
    assert page.archive_reason_name == "Diteruskan ke instansi lain"
    assert "partner_answer" in page.allowed and "forward" not in page.allowed
    with pytest.raises(ValidationError) as info:
        actions.forward("r000001", "bpjn_papua", "Lagi.")
    assert info.value.reason == "already_forwarded"
    actions.partner_answer("r000001", "Dijadwalkan Januari.", final=True)
    with pytest.raises(ValidationError) as info:
        actions.forward("r000003", "bpjn_papua", "Sudah di OPD.")
    assert info.value.reason == "not_forwardable"


def test_a_lapor_partners_answers_are_not_recorded_by_hand_and_officers_never_forward(
    coord_store,
):
    actions = DeskActions(coord_store, COORD)
    actions.forward("r000002", "pemprov_papua_tengah", "Jalan provinsi.")
    page = ReportService(coord_store, COORD).page("r000002")
    assert page.forwarded_to.runs_lapor and "partner_answer" not in page.allowed
    with pytest.raises(ValidationError) as info:
        DeskActions(coord_store, OFFICER).forward("r000003", "bpjn_papua", "x")
    assert info.value.reason == "role"
    with pytest.raises(ValidationError):
        actions.forward("r000001", "bpjn_papua", "   ")  # a reason is required


def test_the_composer_offers_forwarding_and_the_recorded_answer(
    qtbot, runner, coord_store, monkeypatch
):
    reports = ReportService(coord_store, COORD)
    composer = Composer(reports, DeskActions(coord_store, COORD), None)
    qtbot.addWidget(composer)
    composer.show()
    composer.set_page(reports.page("r000003"))  # at an OPD: no forward
    assert not composer.forward_button.isVisible()
    composer.set_page(reports.page("r000001"))
    assert composer.forward_button.isVisible() and not composer.partner_answer_button.isVisible()
    seen = []

    def ask_forward(cls, parent, partners):
        seen.append([partner_text(p) for p in partners])
        return ("bpjn_papua", "Jalan nasional, wewenang BPJN.", None)

    monkeypatch.setattr(ForwardDialog, "ask", classmethod(ask_forward))
    qtbot.mouseClick(composer.forward_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: row(coord_store, "r000001").archive_reason == "forwarded", timeout=5000)
    assert any("Balai Jalan Nasional Papua" in text for text in seen[0])
    composer.set_page(reports.page("r000001"))
    assert composer.partner_answer_button.isVisible() and not composer.forward_button.isVisible()

    def ask_answer(cls, parent, name):
        assert name == "Balai Jalan Nasional Papua"
        return ("Perbaikan dijadwalkan Januari.", True, "B/77")

    monkeypatch.setattr(PartnerAnswerDialog, "ask", classmethod(ask_answer))
    qtbot.mouseClick(composer.partner_answer_button, Qt.MouseButton.LeftButton)

    def queued():
        with coord_store.read_conn() as conn:
            return conn.exec_driver_sql(
                "SELECT count(*) FROM outbox WHERE kind = 'partner_answer'"
            ).scalar()

    qtbot.waitUntil(lambda: queued() == 1, timeout=5000)


def test_the_forward_dialog_needs_a_partner_and_a_reason(qtbot):
    from lapor_desk.models.partners import Partner

    dialog = ForwardDialog([Partner("bpjn_papua", "Balai", "kementerian", False)])
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()
    dialog.reason.setPlainText("Jalan nasional.")
    assert dialog.ok_button.isEnabled()
    assert dialog.answer() == ("bpjn_papua", "Jalan nasional.", None)
    empty = ForwardDialog([])
    qtbot.addWidget(empty)
    empty.reason.setPlainText("x")
    assert not empty.ok_button.isEnabled() and not empty.empty.isHidden()


def test_disposisi_forwards_the_report_shown(qtbot, runner, coord_store, monkeypatch):
    from lapor_desk.services.coordinator import CoordinatorService
    from lapor_desk.views.coordinator.disposisi import DisposisiPane

    pane = DisposisiPane(CoordinatorService(coord_store, COORD))
    qtbot.addWidget(pane)
    pane.show()
    pane.refresh()
    # the only verified report is shown first in "Belum Terdisposisi"
    qtbot.waitUntil(lambda: pane._page is not None and pane._page.id == "r000001", timeout=5000)
    assert pane.forward_button.isVisible() and pane.forward_button.isEnabled()
    monkeypatch.setattr(
        ForwardDialog,
        "ask",
        classmethod(lambda cls, parent, partners: ("bpjn_papua", "BPJN.", None)),
    )
    with qtbot.waitSignal(pane.changed, timeout=5000):
        qtbot.mouseClick(pane.forward_button, Qt.MouseButton.LeftButton)
    assert row(coord_store, "r000001").archive_reason == "forwarded"
