"""Issue 18, item 6: exporting on a fresh desktop without ~/Documents crashed into the bug dialog
(FileNotFoundError). The export goes to the platform's documents folder, made when missing, and
ends with "Tersimpan di …" and a button that opens the folder; an unwritable place is one sentence
with a next step, never the bug dialog."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog

from lapor_desk.models.account import Account
from lapor_desk.models.store import Store
from lapor_desk.services.coordinator import CoordinatorList, CoordinatorService
from lapor_desk.views import errors as error_presenter
from lapor_desk.views.coordinator.common import ExportDialog, ReportList
from tests.desk._coordinator_data import load, make_snapshots

TODAY = date(2026, 3, 18)
KOOR = Account("https://lapor.example", "koor", "koordinator", None, "Koordinator Diskominfo")


@pytest.fixture
def fresh_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    monkeypatch.delenv("LAPOR_DESK_DOCUMENTS_DIR", raising=False)
    return home


@pytest.fixture
def report_list(qtbot, runner, tmp_path, monkeypatch):
    store = Store.open(tmp_path / "koor.sqlite3")
    load(store, make_snapshots(30, TODAY, seed=3))
    service = CoordinatorService(store, KOOR, today=lambda: TODAY)
    shown = []
    monkeypatch.setattr(error_presenter, "show_error", lambda p, e: shown.append(e))
    monkeypatch.setattr(error_presenter, "show_bug", lambda p, e: shown.append(e))
    lst = ReportList(service, CoordinatorList.AT_OPD, title="Di OPD")
    qtbot.addWidget(lst)
    lst.refresh()
    qtbot.waitUntil(lambda: lst.model.rowCount() > 0, timeout=5000)
    lst.errors_shown = shown
    yield lst
    runner.shutdown(wait=True)
    store.close()


def test_export_without_a_documents_folder_makes_it_and_says_where(
    qtbot, fresh_home, report_list, runner, monkeypatch
):
    dialogs = []

    def accept(dialog):
        dialogs.append((dialog.path.text(), dialog.path.minimumWidth()))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportDialog, "exec", accept)
    opened = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toLocalFile()))
    )
    assert not (fresh_home / "Documents").exists()
    report_list._on_export_button_clicked()
    qtbot.waitUntil(lambda: runner.pending() == 0, timeout=10000)
    assert not report_list.errors_shown
    path = Path(dialogs[0][0])
    assert path.parent == fresh_home / "Documents" and path.exists()
    assert dialogs[0][1] >= 400  # the whole path is readable
    notice = report_list.last_saved_notice
    assert str(path) in notice.text()
    opener = next(b for b in notice.buttons() if b.text() in ("Open folder", "Buka folder"))
    opener.click()
    assert opened == [str(path.parent)]
    notice.close()


def test_an_unwritable_place_is_a_sentence_not_the_bug_dialog(
    qtbot, fresh_home, report_list, runner, monkeypatch, tmp_path
):
    from lapor_desk.errors import SaveFileError

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")  # a file where the folder should be: no user may create it
    target = blocker / "sub" / "laporan.xlsx"

    def accept(dialog):
        dialog.path.setText(str(target))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportDialog, "exec", accept)
    report_list._on_export_button_clicked()
    qtbot.waitUntil(lambda: runner.pending() == 0, timeout=10000)
    [error] = report_list.errors_shown
    assert isinstance(error, SaveFileError)
    assert "Pilih folder lain" in error.next_step("id")
