"""Issue 18, item 1: the open report follows the store live. When it leaves the desk (moved to
another OPD by the coordinator, returned by this officer) the pane says so in one sentence — who,
where, when — keeps the unsent text and turns read-only; saving never shows a raw id or advice to
"correct the input"."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt

from lapor_desk.models import bulk
from lapor_desk.services.queue import QueueView
from lapor_desk.views import errors as error_presenter
from lapor_desk.views.composer import INTERNAL, PUBLIC
from lapor_desk.views.dialogs import ReturnDialog
from lapor_desk.views.main_window import MainWindow
from lapor_desk.views.sync_status import SyncOutcome
from tests.desk.conftest import fill

RID = "6f1d2c3a-8b7e-4c1d-9a2b-3c4d5e6f7a8b"  # report ids are UUIDs


@pytest.fixture
def opened(qtbot, runner, desk_context, snapshot, monkeypatch):
    shown = []
    monkeypatch.setattr(error_presenter, "show_error", lambda parent, exc: shown.append(exc))
    snaps = [snapshot(n, status="in_progress") for n in range(1, 9)]
    snaps[3]["id"] = RID
    ctx = desk_context(snaps)
    w = MainWindow(ctx, runner=runner)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.nav.nav_model.count(QueueView.ALL) is not None, timeout=5000)
    qtbot.waitUntil(lambda: runner.pending() == 0, timeout=5000)
    with qtbot.waitSignal(w.report_shown, timeout=5000):
        w.open_report(RID)
    w.errors_shown = shown
    return w


def _sync(w, **report):
    fields = dict(changed_report_ids=set(), reports_removed=0, full_resync=False, error=None)
    fields.update(report)
    w._on_sync_sync_finished(SyncOutcome(SimpleNamespace(**fields)))


def _drafts(w):
    with w.ctx.queue.store.read_conn() as conn:
        return dict(conn.exec_driver_sql("SELECT mode, text FROM drafts").all())


def test_reassigned_while_open_says_who_moved_it_where_and_keeps_the_text(qtbot, opened, runner):
    w = opened
    title = w.report_view.page.detail.title
    w.composer.focus_editor(PUBLIC)
    qtbot.keyClicks(w.composer.editor, "Tim kami sudah ke lokasi")
    # The coordinator moves it to Dinas Kesehatan; the feed's tombstone removes it here.
    with w.ctx.queue.store.write_conn() as conn:
        bulk.delete_reports(conn, [RID])
    departure = {
        "reason": "reassigned",
        "at": "2026-03-16T01:30:00+00:00",
        "by": "Sari Koordinator",
        "to_agency_code": "dinkes",
    }
    _sync(w, changed_report_ids={RID}, reports_removed=1, departures={RID: departure})
    qtbot.waitUntil(lambda: bool(w.report_view.departure()), timeout=5000)
    qtbot.waitUntil(lambda: runner.pending() == 0, timeout=5000)

    sentence = w.report_view.departure()
    assert "Sari Koordinator" in sentence and "Kesehatan" in sentence
    assert "16-03-2026 10:30 WIT" in sentence  # the time in WIT
    assert title in w.report_view.plain_text()  # still readable
    assert w.composer.editor.isReadOnly() and not w.composer.send_button.isEnabled()
    assert not w.composer.return_button.isVisible()
    assert w.composer.text() == "Tim kami sudah ke lokasi"
    assert _drafts(w) == {"public": "Tim kami sudah ke lokasi"}
    assert "Sari Koordinator" in w.composer.banner.text()
    assert not w.errors_shown
    assert "Perbaiki" not in w.report_view.plain_text() + w.composer.banner.text()


def test_own_return_shows_at_once_that_the_report_went_back(qtbot, opened, monkeypatch):
    w = opened
    monkeypatch.setattr(
        ReturnDialog, "ask", classmethod(lambda cls, parent, agencies: ("Urusan PDAM.", "pdam"))
    )
    with qtbot.waitSignal(w.report_shown, timeout=5000):
        qtbot.mouseClick(w.composer.return_button, Qt.MouseButton.LeftButton)
    sentence = w.report_view.departure()
    assert re.search("koordinator|coordinator", sentence.lower()) and "Rina Wanimbo" in sentence
    assert "WIT" in sentence
    assert w.composer.editor.isReadOnly() and not w.composer.return_button.isVisible()
    # The sync sends the return and the tombstone removes the report: the pane stays, no error.
    with w.ctx.queue.store.write_conn() as conn:
        bulk.delete_reports(conn, [RID])
    back = {"reason": "returned", "by": "Rina Wanimbo", "at": "2026-03-16T02:00:00+00:00"}
    _sync(w, changed_report_ids={RID}, reports_removed=1, departures={RID: back})
    qtbot.waitUntil(lambda: w.queue_pane.model.row_of(RID) < 0, timeout=5000)
    qtbot.wait(100)
    assert w.report_view.page is not None and w.report_view.page.id == RID
    assert "Rina Wanimbo" in w.report_view.departure()
    assert not w.errors_shown


def test_saving_on_a_report_that_just_left_keeps_the_text_without_a_raw_id(qtbot, opened):
    w = opened
    w.composer.focus_editor(INTERNAL)
    qtbot.keyClicks(w.composer.editor, "Butuh alat berat")
    with w.ctx.queue.store.write_conn() as conn:
        bulk.delete_reports(conn, [RID])  # gone, and no sync told the window yet
    qtbot.mouseClick(w.composer.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.composer.left is not None, timeout=5000)
    assert not w.errors_shown  # no dialog advising to correct the input
    assert w.composer.text() == "Butuh alat berat" and w.composer.editor.isReadOnly()
    banner = w.composer.banner.text()
    assert "tidak ada di antrean" in banner or "no longer" in banner
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}", banner)
    qtbot.waitUntil(lambda: _drafts(w) == {"internal": "Butuh alat berat"}, timeout=5000)


def test_a_note_that_arrives_by_sync_shows_without_reopening(qtbot, opened, snapshot):
    w = opened
    s = snapshot(4, status="in_progress", version=4, id=RID)
    s["events"] = [
        *s["events"],
        {"id": "e4-9", "kind": "note", "actor": "Sari Koordinator", "agency_code": None,
         "text": "Mohon foto sesudah perbaikan.", "visibility": "internal",
         "created_at": "2026-03-16T02:00:00+00:00", "attachments": []},
    ]  # fmt: skip
    fill(w.ctx.queue.store, [s])
    with qtbot.waitSignal(w.report_shown, timeout=5000):
        _sync(w, changed_report_ids={RID})
    assert "Mohon foto sesudah perbaikan." in w.report_view.plain_text()


def test_the_english_sentence_names_the_same_facts():
    from lapor_desk.views.departure import departure_text

    text = departure_text("reassigned", "Sari", "dinkes", "2026-03-16T01:30:00+00:00")
    assert "Sari" in text and "Kesehatan" in text and "16-03-2026 10:30 WIT" in text
    assert "koordinator" in departure_text("returned", "Rina", None, None).lower() or (
        "coordinator" in departure_text("returned", "Rina", None, None).lower()
    )
