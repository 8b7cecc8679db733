"""The error presenter: expected errors become one sentence and a next step, Cancelled shows
nothing, anything else is a bug dialog that names the log file."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox

from lapor_desk.errors import Cancelled, OfflineError, StoreFullError, TlsError
from lapor_desk.views import errors


def boxes() -> list[QMessageBox]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]


def close_all() -> None:
    for box in boxes():
        box.close()


def test_expected_error_is_a_sentence_with_a_next_step(qtbot):
    errors.show_error(None, OfflineError("connect timeout"))
    [box] = boxes()
    try:
        assert box.text() in ("Server tidak dapat dihubungi.", "The server cannot be reached.")
        assert "tersimpan" in box.informativeText() or "saved" in box.informativeText()
        assert box.detailedText() == "connect timeout"
        assert not box.isModal()
    finally:
        close_all()


def test_tls_reason_is_named(qtbot):
    sentence, _next = errors.describe(TlsError("bad", reason="expired"))
    assert "kedaluwarsa" in sentence or "expired" in sentence


def test_store_errors_are_expected_too(qtbot):
    sentence, _ = errors.describe(StoreFullError())
    assert "disk penuh" in sentence


def test_cancelled_shows_nothing(qtbot):
    errors.show_error(None, Cancelled())
    assert boxes() == []


def test_unexpected_exception_is_a_bug_dialog_with_the_log_path(qtbot, tmp_path):
    errors.set_log_path(tmp_path / "desk.log")
    try:
        raise KeyError("oops")
    except KeyError as exc:
        errors.show_error(None, exc)
    [box] = boxes()
    try:
        assert "bug" in box.windowTitle()
        assert str(tmp_path / "desk.log") in box.informativeText()
        assert "KeyError" in box.detailedText()
    finally:
        close_all()
        errors.set_log_path(None)
