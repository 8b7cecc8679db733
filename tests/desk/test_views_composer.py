"""Answering in the main window: a public response only after confirmation, an internal note
without one, the final answer, bukan wewenang, tunda, templates, and drafts that come back after
the desk was killed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from lapor_desk.services.queue import QueueView
from lapor_desk.views.composer import INTERNAL, PUBLIC
from lapor_desk.views.dialogs import ConfirmSendDialog, PostponeDialog, ReturnDialog
from lapor_desk.views.main_window import MainWindow


@pytest.fixture
def opened(qtbot, runner, desk_context):
    """A main window with report r000004 (dispatched to the officer's OPD) open."""

    def make(report_id: str = "r000004", **kwargs):
        w = MainWindow(desk_context(**kwargs), runner=runner)
        qtbot.addWidget(w)
        qtbot.waitUntil(lambda: w.nav.nav_model.count(QueueView.ALL) is not None, timeout=5000)
        with qtbot.waitSignal(w.report_shown, timeout=5000):
            w.open_report(report_id)
        return w

    return make


def outbox(w: MainWindow) -> list[tuple[str, dict]]:
    with w.ctx.queue.store.read_conn() as conn:
        rows = conn.exec_driver_sql("SELECT kind, payload FROM outbox ORDER BY seq").all()
    return [(k, json.loads(p)) for k, p in rows]


def status(w: MainWindow, report_id: str) -> str:
    with w.ctx.queue.store.read_conn() as conn:
        return conn.exec_driver_sql(
            "SELECT status FROM reports WHERE id = ?", (report_id,)
        ).scalar()


def type_text(qtbot, w: MainWindow, text: str) -> None:
    w.composer.editor.setFocus()
    w.composer.editor.clear()
    w.composer.editor.insertPlainText(text)


def test_public_response_waits_for_confirmation(qtbot, opened, monkeypatch):
    w = opened()
    asked = []

    def ask(cls, parent, text, *, final, tracking_id):
        asked.append((text, final, tracking_id))
        return len(asked) > 1  # the first time the officer cancels

    monkeypatch.setattr(ConfirmSendDialog, "ask", classmethod(ask))
    assert w.composer.mode == PUBLIC
    type_text(qtbot, w, "Terima kasih, tim kami akan memperbaiki jalan minggu ini.")
    qtbot.mouseClick(w.composer.send_button, Qt.MouseButton.LeftButton)
    assert asked == [
        ("Terima kasih, tim kami akan memperbaiki jalan minggu ini.", False, "MMK-2603-00004")
    ]
    assert outbox(w) == []  # cancelled: nothing queued, the text stays
    assert w.composer.text().startswith("Terima kasih")
    with qtbot.waitSignal(w.composer.sent, timeout=5000) as sent:
        qtbot.mouseClick(w.composer.send_button, Qt.MouseButton.LeftButton)
    assert sent.args == ["r000004", "respond"]
    [(kind, payload)] = outbox(w)
    assert kind == "respond" and payload["final"] is False
    assert payload["text"] == "Terima kasih, tim kami akan memperbaiki jalan minggu ini."
    assert w.composer.text() == ""
    assert status(w, "r000004") == "in_progress"
    # The refreshed report shows the answer as a pending public entry.
    qtbot.waitUntil(lambda: "akan memperbaiki" in w.report_view.plain_text(), timeout=5000)


def test_internal_note_needs_no_confirmation_and_is_marked_internal(qtbot, opened, monkeypatch):
    w = opened()

    def never(*args, **kwargs):
        raise AssertionError("an internal note must not ask for public confirmation")

    monkeypatch.setattr(ConfirmSendDialog, "ask", classmethod(never))
    qtbot.mouseClick(w.composer.internal_button, Qt.MouseButton.LeftButton)
    assert w.composer.mode == INTERNAL
    assert "fffaeb" in w.composer.editor.styleSheet()  # amber, not the public blue
    assert not w.composer.final_check.isVisible()
    type_text(qtbot, w, "Cek anggaran pemeliharaan jalan dulu.")
    with qtbot.waitSignal(w.composer.sent, timeout=5000):
        qtbot.mouseClick(w.composer.send_button, Qt.MouseButton.LeftButton)
    assert outbox(w) == [
        ("note", {"text": "Cek anggaran pemeliharaan jalan dulu.", "attachments": []})
    ]
    assert status(w, "r000004") == "dispatched"


def test_final_answer_completes_the_report_after_extra_confirmation(qtbot, opened, monkeypatch):
    w = opened()
    finals = []

    def ask(cls, parent, text, *, final, tracking_id):
        finals.append(final)
        return True

    monkeypatch.setattr(ConfirmSendDialog, "ask", classmethod(ask))
    type_text(qtbot, w, "Jalan sudah diperbaiki pada 12 Maret 2026.")
    w.composer.final_check.setChecked(True)
    with qtbot.waitSignal(w.composer.sent, timeout=5000):
        qtbot.mouseClick(w.composer.send_button, Qt.MouseButton.LeftButton)
    assert finals == [True]
    assert outbox(w)[0][1]["final"] is True
    assert status(w, "r000004") == "completed"
    qtbot.waitUntil(lambda: w.composer.page.detail.status == "completed", timeout=5000)
    assert not w.composer.public_button.isEnabled()  # no second answer on a completed report


def test_final_confirmation_dialog_needs_the_extra_tick(qtbot):
    dialog = ConfirmSendDialog("Selesai.", final=True, tracking_id="MMK-1")
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()
    dialog.final_check.setChecked(True)
    assert dialog.ok_button.isEnabled()
    assert dialog.buttons.button(dialog.buttons.StandardButton.Cancel).isDefault()
    plain = ConfirmSendDialog("Halo", final=False, tracking_id="MMK-1")
    qtbot.addWidget(plain)
    assert plain.ok_button.isEnabled() and plain.preview.toPlainText() == "Halo"


def test_bukan_wewenang_returns_with_reason_and_suggested_opd(qtbot, opened, monkeypatch):
    w = opened()
    seen = {}

    def ask(cls, parent, agencies):
        seen["agencies"] = dict(agencies)
        return "Ini urusan air bersih, bukan jalan.", "pdam"

    monkeypatch.setattr(ReturnDialog, "ask", classmethod(ask))
    assert w.composer.return_button.isVisible() or w.composer.return_button.isVisibleTo(w)
    with qtbot.waitSignal(w.composer.sent, timeout=5000) as sent:
        qtbot.mouseClick(w.composer.return_button, Qt.MouseButton.LeftButton)
    assert sent.args == ["r000004", "return"]
    assert "dinas_pupr" not in seen["agencies"]
    assert outbox(w) == [
        (
            "return",
            {"reason": "Ini urusan air bersih, bukan jalan.", "suggested_agency_code": "pdam"},
        )
    ]
    assert status(w, "r000004") == "verified"


def test_tunda_sends_a_message_and_pauses(qtbot, opened, monkeypatch):
    w = opened()
    monkeypatch.setattr(
        PostponeDialog,
        "ask",
        classmethod(lambda cls, parent, text="": "Mohon kirim foto lokasi dan patokan terdekat."),
    )
    with qtbot.waitSignal(w.composer.sent, timeout=5000):
        qtbot.mouseClick(w.composer.postpone_button, Qt.MouseButton.LeftButton)
    assert outbox(w) == [("postpone", {"text": "Mohon kirim foto lokasi dan patokan terdekat."})]
    assert status(w, "r000004") == "postponed"
    # The reopened page offers "resume" now, and no second postpone.
    qtbot.waitUntil(lambda: "resume" in w.composer.page.allowed, timeout=5000)
    assert w.composer.resume_button.isVisibleTo(w) and not w.composer.postpone_button.isVisibleTo(w)


def test_only_allowed_actions_are_offered(qtbot, opened):
    w = opened("r000003")  # n=3: completed
    assert w.composer.page.detail.status == "completed"
    assert not w.composer.public_button.isEnabled()
    assert w.composer.mode == INTERNAL  # notes stay possible on a completed report
    assert not w.composer.return_button.isVisibleTo(w)
    assert not w.composer.postpone_button.isVisibleTo(w)


def test_template_fills_placeholders(qtbot, opened):
    from lapor_desk.services.templates import Template

    w = opened()
    w.composer.insert_template(Template("t", "Laporan {tracking_id} ditangani {opd}."))
    assert w.composer.text() == (
        "Laporan MMK-2603-00004 ditangani Dinas Pekerjaan Umum dan Penataan Ruang."
    )


def test_draft_is_saved_and_comes_back(qtbot, opened):
    w = opened()
    with qtbot.waitSignal(w.composer.draft_saved, timeout=5000):
        # the debounce timer writes it about a second after the last key
        type_text(qtbot, w, "Setengah jalan menulis jawaban")
    drafts = w.ctx.reports.drafts("r000004")
    assert drafts["public"].text == "Setengah jalan menulis jawaban"
    with qtbot.waitSignal(w.report_shown, timeout=5000):
        w.open_report("r000008")
    assert w.composer.text() == ""
    with qtbot.waitSignal(w.report_shown, timeout=5000):
        w.open_report("r000004")
    assert w.composer.text() == "Setengah jalan menulis jawaban"


CHILD = textwrap.dedent(
    """
    import os, sys
    from datetime import date
    from PySide6.QtWidgets import QApplication
    sys.path.insert(0, {tests!r})
    from conftest import make_snapshot, fill
    from lapor_desk.models.store import Store
    from lapor_desk.services.actions import DeskActions
    from lapor_desk.services.queue import QueueService
    from lapor_desk.services.reports import ReportService
    from lapor_desk.services.templates import TemplateStore
    from lapor_desk.models.account import Account
    from lapor_desk.views.composer import Composer
    from lapor_desk.views.ops import Op, OpRunner

    app = QApplication([])
    runner = OpRunner(); OpRunner.set_shared(runner)
    store = Store.open({path!r})
    fill(store, [make_snapshot(n) for n in range(1, 9)])
    account = Account("https://x.example", "rina", "petugas", "dinas_pupr")
    reports = ReportService(store, account)
    composer = Composer(reports, DeskActions(store, account), TemplateStore({folder!r}))
    composer.draft_saved.connect(lambda _id: (print("saved", flush=True), sys.stdout.flush()))
    composer.set_page(reports.page("r000004"))
    composer.editor.insertPlainText("Teks yang tidak boleh hilang")
    app.exec()  # runs until the parent kills us
    """
)


def test_draft_survives_a_killed_desk(qtbot, opened, tmp_path):
    """The desk process is killed with SIGKILL after autosave; the reopened desk has the text."""
    path = tmp_path / "killed" / "queue.sqlite3"
    path.parent.mkdir()
    code = CHILD.format(tests=str(Path(__file__).parent), path=str(path), folder=str(tmp_path))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        line = child.stdout.readline()
        assert line.strip() == "saved", child.stderr.read()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    assert child.returncode == -signal.SIGKILL

    from lapor_desk.models.account import Account
    from lapor_desk.models.store import Store
    from lapor_desk.services.reports import ReportService

    store = Store.open(path)
    try:
        assert store.integrity_check() == "ok"
        reports = ReportService(
            store, Account("https://x.example", "rina", "petugas", "dinas_pupr")
        )
        page = reports.page("r000004")
        assert page.drafts["public"].text == "Teks yang tidak boleh hilang"
        from lapor_desk.views.composer import Composer

        composer = Composer(reports, None, None)
        qtbot.addWidget(composer)
        composer.set_page(page)
        assert composer.text() == "Teks yang tidak boleh hilang"
        assert composer.draft_label.text() in ("Draft restored", "Draf dipulihkan")
    finally:
        store.close()
