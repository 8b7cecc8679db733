"""The coordinator's screens, driven like a coordinator would (pytest-qt, offscreen): verify and
dispatch, bulk dispatch, duplicate marking from a suggestion, the returned list, reassignment, the
deadline overview drill-down and the dashboard's map drill-down. Each flow is checked where it
matters: the outbox rows written, in order, and the figures shown."""

from __future__ import annotations

import copy
import json
from datetime import date

import pytest
from PySide6.QtCore import QItemSelectionModel, QLocale, Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from lapor_desk.models.account import Account
from lapor_desk.models.store import Store
from lapor_desk.services.coordinator import CoordinatorService
from lapor_desk.services.deadlines_overview import Bucket, Stage
from lapor_desk.views.coordinator import disposisi as disposisi_module
from lapor_desk.views.coordinator.deadlines import DeadlineOverviewPane
from lapor_desk.views.coordinator.desk import CoordinatorDesk
from lapor_desk.views.coordinator.disposisi import DisposisiPane, ReassignDialog
from lapor_desk.views.coordinator.screening_inbox import ScreeningInbox
from tests.desk._coordinator_data import load, make_snapshots

TODAY = date(2026, 3, 18)
KOOR = Account("https://lapor.example", "koor", "koordinator", None, "Koordinator Diskominfo")


def _new(template, rid, title, body, submitted, **extra):
    s = copy.deepcopy(template)
    s.update(id=rid, tracking_id=rid.upper(), title=title, body=body, status="unverified",
             agency_code=None, events=[], version=1, submitted_at=submitted,
             district_code="mimika_baru", category_code="pekerjaan_umum", **extra)  # fmt: skip
    s["deadlines"] = {"verify_by": "2026-03-20", "dispatch_by": "2026-03-20",
                      "respond_by": None, "closes_at": None}  # fmt: skip
    return s


@pytest.fixture
def svc(tmp_path, runner):
    snaps = make_snapshots(300, TODAY, seed=21)
    t = snaps[0]
    snaps += [
        _new(t, "u1", "Jembatan kayu Sempan putus",
             "Jembatan kayu di Sempan putus diterjang banjir.", "2026-01-02T08:00:00+09:00"),
        _new(t, "dup", "Jembatan Sempan putus",
             "Jembatan kayu Sempan putus setelah banjir kemarin.", "2026-01-03T08:00:00+09:00"),
    ]  # fmt: skip
    store = Store.open(tmp_path / "koor.sqlite3")
    load(store, snaps)
    service = CoordinatorService(store, KOOR, today=lambda: TODAY)
    service.snapshots = snaps
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


def _select(report_list, qtbot, rid):
    qtbot.waitUntil(lambda: report_list.model.row_of(rid) >= 0, timeout=5000)
    report_list.table.selectRow(report_list.model.row_of(rid))


def _inbox(svc, qtbot, rid) -> ScreeningInbox:
    inbox = ScreeningInbox(svc)
    qtbot.addWidget(inbox)
    inbox.refresh()
    _select(inbox.list, qtbot, rid)
    qtbot.waitUntil(lambda: inbox.current_id() == rid and inbox.form.isEnabled(), timeout=5000)
    qtbot.waitUntil(lambda: inbox.form.duplicates.count() > 0, timeout=5000)
    return inbox


def test_verify_and_dispatch_from_the_inbox(svc, qtbot):
    inbox = _inbox(svc, qtbot, "u1")
    form = inbox.form
    # The suggested OPD for a road complaint comes first.
    assert form.agency.currentData() == "dinas_pupr"
    form.title.setText("Jembatan kayu di Kelurahan Sempan putus")
    form.secret.setChecked(True)
    form.note.setText("Mohon dicek minggu ini")
    with qtbot.waitSignal(inbox.changed, timeout=30000):
        qtbot.mouseClick(form.dispatch_button, Qt.MouseButton.LeftButton)
    assert _outbox(svc) == [
        ("u1", "verify", {"title": "Jembatan kayu di Kelurahan Sempan putus", "is_secret": True}),
        ("u1", "dispatch", {"agency_code": "dinas_pupr", "note": "Mohon dicek minggu ini"}),
    ]
    # The report leaves the inbox.
    qtbot.waitUntil(lambda: inbox.list.model.row_of("u1") < 0, timeout=5000)


def test_duplicate_marked_from_a_suggestion(svc, qtbot, monkeypatch):
    inbox = _inbox(svc, qtbot, "dup")
    items = [inbox.form.duplicates.item(i) for i in range(inbox.form.duplicates.count())]
    target = next(i for i in items if i.data(Qt.ItemDataRole.UserRole) == "u1")
    assert "U1" in target.text()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(inbox.changed, timeout=30000):
        inbox.form.duplicates.itemActivated.emit(target)
    assert _outbox(svc) == [("dup", "archive", {"reason": "duplicate", "duplicate_of": "u1"})]


def test_bulk_dispatch_of_a_selection(svc, qtbot, monkeypatch):
    monkeypatch.setattr(
        disposisi_module.BulkDispatchConfirm, "ask", classmethod(lambda cls, *a: True)
    )
    pane = DisposisiPane(svc)
    qtbot.addWidget(pane)
    pane.refresh()
    waiting = pane.waiting
    qtbot.waitUntil(lambda: waiting.model.rowCount() >= 3, timeout=5000)
    chosen = [waiting.model.key_at(r) for r in range(3)]
    selection = waiting.table.selectionModel()
    selection.clearSelection()
    for r in range(3):
        selection.select(
            waiting.model.index(r, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    qtbot.waitUntil(lambda: pane.dispatch_button.isEnabled(), timeout=3000)
    assert "3" in pane.dispatch_button.text()
    pane.agency.setCurrentIndex(pane.agency.findData("dinkes"))
    pane.note.setText("Disposisi massal")
    # The write runs on the application's one writer thread, which earlier tests of a long run
    # may still keep busy for a while: this waits for the result, it does not time the desk.
    with qtbot.waitSignal(pane.changed, timeout=30000):
        qtbot.mouseClick(pane.dispatch_button, Qt.MouseButton.LeftButton)
    rows = _outbox(svc)
    assert [(r, k) for r, k, _p in rows] == [(rid, "dispatch") for rid in chosen]
    assert all(p == {"agency_code": "dinkes", "note": "Disposisi massal"} for _r, _k, p in rows)


def test_returned_reports_show_opd_and_reason_and_can_be_redispatched(svc, qtbot):
    returned = [
        s
        for s in svc.snapshots
        if s["status"] == "verified" and s["events"][-1]["kind"] == "return"
    ]
    assert returned
    pane = DisposisiPane(svc)
    qtbot.addWidget(pane)
    pane.refresh()
    pane.tabs.setCurrentWidget(pane.returned)
    qtbot.waitUntil(lambda: pane.returned.topLevelItemCount() == len(returned), timeout=5000)
    first = pane.returned.topLevelItem(0)
    assert first.text(4).startswith("Bukan kewenangan")
    assert first.text(2)  # the OPD that returned it
    rid = first.data(0, Qt.ItemDataRole.UserRole)
    pane.returned.setCurrentItem(first)
    qtbot.waitUntil(lambda: pane._page is not None and pane._page.detail.id == rid, timeout=5000)
    returned_by = next(e for e in reversed(pane._page.detail.events) if e.kind == "return")
    qtbot.waitUntil(lambda: pane.agency.count() > 0, timeout=3000)
    target = next(
        pane.agency.itemData(i)
        for i in range(pane.agency.count())
        if pane.agency.itemData(i) and pane.agency.itemData(i) != returned_by.agency_code
    )
    pane.agency.setCurrentIndex(pane.agency.findData(target))
    with qtbot.waitSignal(pane.changed, timeout=30000):
        qtbot.mouseClick(pane.dispatch_button, Qt.MouseButton.LeftButton)
    assert _outbox(svc) == [(rid, "dispatch", {"agency_code": target})]


def _returned_with_suggestion(svc, rid: str, suggested: str) -> dict:
    """A verified report PUPR returned as bukan wewenang, naming `suggested` (as a sync stores
    it: the return event's `data`)."""
    s = _new(svc.snapshots[0], rid, "Obat malaria kosong", "Puskesmas kehabisan obat.",
             "2026-03-10T08:00:00+09:00")  # fmt: skip
    s["status"] = "verified"
    s["events"] = [
        {"id": f"{rid}-1", "kind": "dispatch", "actor": "Koordinator", "agency_code": "dinas_pupr",
         "text": None, "visibility": "internal", "created_at": "2026-03-11T09:00:00+09:00",
         "attachments": [], "data": {"to": "dinas_pupr"}},
        {"id": f"{rid}-2", "kind": "return", "actor": "Petugas PUPR", "agency_code": "dinas_pupr",
         "text": "Bukan kewenangan kami: ini urusan kesehatan.", "visibility": "internal",
         "created_at": "2026-03-12T09:00:00+09:00", "attachments": [],
         "data": {"suggested_agency_code": suggested}},
    ]  # fmt: skip
    load(svc.store, [s])
    return s


def test_the_officers_suggested_opd_is_shown_and_preselected_for_dispatch(svc, qtbot):
    """Issue 18, item 3: the OPD an officer named when returning a report reaches the
    coordinator — in the Dikembalikan list, the timeline and as the first, selected OPD."""
    _returned_with_suggestion(svc, "ret1", "dinkes")
    names = dict(svc.agencies())
    pane = DisposisiPane(svc)
    qtbot.addWidget(pane)
    pane.refresh()
    pane.tabs.setCurrentWidget(pane.returned)
    qtbot.waitUntil(lambda: pane.returned.topLevelItemCount() > 0, timeout=5000)
    item = next(
        pane.returned.topLevelItem(i)
        for i in range(pane.returned.topLevelItemCount())
        if pane.returned.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) == "ret1"
    )
    assert item.text(3) == names["dinkes"]  # the "Suggested OPD" column
    pane.returned.setCurrentItem(item)
    qtbot.waitUntil(lambda: pane._page is not None and pane._page.id == "ret1", timeout=5000)
    qtbot.waitUntil(lambda: pane.agency.currentData() == "dinkes", timeout=5000)
    assert names["dinas_pupr"] in pane.agency.currentText()  # "suggested by Dinas PUPR"
    assert names["dinkes"] in pane.report_view.plain_text()  # the timeline names it too
    with qtbot.waitSignal(pane.changed, timeout=30000):
        qtbot.mouseClick(pane.dispatch_button, Qt.MouseButton.LeftButton)
    assert _outbox(svc) == [("ret1", "dispatch", {"agency_code": "dinkes"})]


def test_reassignment_needs_a_reason_and_moves_the_report(svc, qtbot, monkeypatch):
    dialog = ReassignDialog([("dinkes", "Dinas Kesehatan"), ("dishub", "Dinas Perhubungan")],
                            "dinkes")  # fmt: skip
    qtbot.addWidget(dialog)
    assert dialog.agency.findData("dinkes") < 0  # not back to where it is
    assert not dialog.ok.isEnabled()
    dialog.reason.setPlainText("Urusan lampu jalan")
    assert dialog.ok.isEnabled()

    pane = DisposisiPane(svc)
    qtbot.addWidget(pane)
    pane.refresh()
    pane.tabs.setCurrentWidget(pane.at_opd)
    at_opd = next(s for s in svc.snapshots if s["status"] == "dispatched")
    _select(pane.at_opd, qtbot, at_opd["id"])
    qtbot.waitUntil(lambda: pane._page is not None and pane._page.detail.id == at_opd["id"],
                    timeout=5000)  # fmt: skip
    qtbot.waitUntil(lambda: pane.reassign_button.isEnabled(), timeout=3000)
    new = "dishub" if at_opd["agency_code"] != "dishub" else "dinkes"

    def fake_exec(self):
        self.agency.setCurrentIndex(self.agency.findData(new))
        self.reason.setPlainText("Salah OPD")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(disposisi_module.ReassignDialog, "exec", fake_exec)
    with qtbot.waitSignal(pane.changed, timeout=30000):
        qtbot.mouseClick(pane.reassign_button, Qt.MouseButton.LeftButton)
    assert _outbox(svc) == [(at_opd["id"], "reassign", {"agency_code": new, "reason": "Salah OPD"})]


def test_deadline_overview_numbers_and_drill_down(svc, qtbot):
    pane = DeadlineOverviewPane(svc)
    qtbot.addWidget(pane)
    pane.refresh()
    qtbot.waitUntil(lambda: pane._bundle is not None, timeout=5000)
    ov = svc.deadlines().overview
    locale = QLocale()
    for stage in Stage:
        card = pane.cards[stage]
        s = ov.stage(stage)
        assert card.buttons[Bucket.OVERDUE].text() == locale.toString(s.overdue)
        assert card.buttons[Bucket.DUE_SOON].text() == locale.toString(s.due_soon)
        assert card.buttons[Bucket.OPEN].text() == locale.toString(s.open_reports)
    assert pane.per_opd.rowCount() == len(ov.agencies)
    qtbot.mouseClick(pane.cards[Stage.ANSWER].buttons[Bucket.OVERDUE], Qt.MouseButton.LeftButton)
    expected = svc.drill_down(stage=Stage.ANSWER, bucket=Bucket.OVERDUE)
    qtbot.waitUntil(lambda: pane.drill.keys() == expected, timeout=5000)
    assert len(expected) == ov.stage(Stage.ANSWER).overdue > 0
    # A cell of the per-OPD table lists that OPD's reports.
    pane.per_opd.cellClicked.emit(0, 3)
    first = ov.agencies[0]
    qtbot.waitUntil(lambda: len(pane.drill.keys()) == first.overdue, timeout=5000)


def test_dashboard_tiles_and_map_drill_down(svc, qtbot):
    desk = CoordinatorDesk(svc)
    qtbot.addWidget(desk)
    desk.resize(1300, 800)
    desk.setCurrentWidget(desk.dashboard)
    qtbot.waitUntil(lambda: desk.dashboard.dashboard() is not None, timeout=5000)
    d = svc.dashboard()
    locale = QLocale()
    assert desk.dashboard.tiles["total"].value.text() == locale.toString(d.total)
    assert desk.dashboard.tiles["overdue"].value.text() == locale.toString(d.overdue)
    desk.dashboard.map.district_activated.emit("wania")
    expected = svc.drill_down(district_code="wania")
    qtbot.waitUntil(lambda: desk.results.keys() == expected, timeout=5000)
    assert desk.currentIndex() == desk.results_index
    assert len(expected) == next(f.reports for f in d.by_district if f.code == "wania") > 0


def test_pimpinan_sees_no_screening(svc, qtbot):
    boss = CoordinatorService(
        svc.store, Account("https://lapor.example", "bupati", "pimpinan"), today=lambda: TODAY
    )
    desk = CoordinatorDesk(boss)
    qtbot.addWidget(desk)
    assert desk.screening is None and desk.disposisi is None
    assert desk.indexOf(desk.dashboard) >= 0
