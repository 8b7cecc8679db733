"""The one place where errors reach the officer.

- An expected failure (a `DeskError` from the services or sync) becomes one sentence and a next
  step, in the desk's language (`describe`). Sync failures go to the status bar, not into popups
  (the main window uses `describe` for them); per-record failures stay on the record (icon and
  tooltip in the queue).
- `Cancelled` shows nothing.
- Anything else is a bug: one dialog that says so, with the log file's location (Frescobaldi's
  `exception.py`, Anki's `errors.py`). The excepthook routes uncaught exceptions here, but only on
  the UI thread; worker exceptions arrive through the op runner.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QThread
from PySide6.QtWidgets import QMessageBox, QWidget

from lapor_desk.errors import Cancelled, DeskError

log = logging.getLogger(__name__)

_log_path: Path | None = None


def set_log_path(path: Path | None) -> None:
    global _log_path
    _log_path = path


def current_language() -> str:
    """'id' or 'en', as chosen when the translators were installed."""
    return "en" if QLocale().language() == QLocale.Language.English else "id"


def describe(exc: BaseException) -> tuple[str, str]:
    """(sentence, next step) for an expected error, in the desk's language."""
    if isinstance(exc, DeskError):
        lang = current_language()
        return exc.user_message(lang), exc.next_step(lang)
    return (
        QCoreApplication.translate(
            "ErrorPresenter", "Something unexpected went wrong. This is a bug in LAPOR Desk."
        ),
        QCoreApplication.translate(
            "ErrorPresenter", "Your saved work is safe. Please tell IT what you were doing."
        ),
    )


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """Show `exc` to the officer the way its kind deserves."""
    if isinstance(exc, Cancelled):
        return
    if isinstance(exc, DeskError):
        sentence, next_step = describe(exc)
        log.info("shown to the user: %s", type(exc).__name__)
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(QCoreApplication.translate("ErrorPresenter", "LAPOR Desk"))
        box.setText(sentence)
        box.setInformativeText(next_step)
        detail = getattr(exc, "detail", "")
        if detail and detail not in sentence:
            box.setDetailedText(detail)
        box.setAccessibleName(QCoreApplication.translate("ErrorPresenter", "Error message"))
        _present(box)
        return
    show_bug(parent, exc)


def show_bug(parent: QWidget | None, exc: BaseException) -> None:
    """The "this is a bug" dialog with the traceback and where the log file is."""
    trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    log.error("unexpected error shown to the user:\n%s", trace)
    sentence, next_step = describe(exc)
    where = (
        str(_log_path)
        if _log_path
        else QCoreApplication.translate("ErrorPresenter", "(no log file)")
    )
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(QCoreApplication.translate("ErrorPresenter", "LAPOR Desk: this is a bug"))
    box.setText(sentence)
    box.setInformativeText(
        next_step
        + "\n\n"
        + QCoreApplication.translate("ErrorPresenter", "Log file: %1").replace("%1", where)
    )
    box.setDetailedText(trace)
    _present(box)


#: Boxes on screen; a box without a parent would otherwise be collected as soon as it is shown.
_open: set[QMessageBox] = set()


def _present(box: QMessageBox) -> None:
    # Non-modal: the officer can keep reading the report behind it. Deleted when closed.
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setModal(False)
    _open.add(box)
    box.finished.connect(lambda _result: _open.discard(box))
    box.finished.connect(box.deleteLater)
    box.show()


def install_excepthook() -> None:
    """Route uncaught exceptions on the UI thread to the bug dialog; log those of other threads."""
    previous = sys.excepthook

    def hook(kind, value, tb):
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, value, tb)
            return
        app = QCoreApplication.instance()
        if app is not None and QThread.currentThread() == app.thread():
            show_bug(None, value.with_traceback(tb))
        else:
            log.error("uncaught exception off the UI thread", exc_info=(kind, value, tb))

    sys.excepthook = hook

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        log.error(
            "uncaught exception in thread %s",
            args.thread.name if args.thread else "?",
            exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
        )

    threading.excepthook = thread_hook
