"""The op runner: results on the UI thread, errors to the failure callback, writes announced,
cancellation, a delayed progress dialog, and no callbacks into a widget that is gone."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from lapor_desk.errors import Cancelled, OfflineError
from lapor_desk.views.ops import Op, Progress


def test_success_runs_on_the_ui_thread_with_the_result(qtbot, runner):
    seen = {}

    def work(a, b):
        seen["worker"] = threading.current_thread() is threading.main_thread()
        return a + b

    def done(result):
        seen["ui"] = threading.current_thread() is threading.main_thread()
        seen["result"] = result

    with qtbot.waitSignal(runner.op_finished, timeout=5000):
        Op(None, work, 2, 3).success(done).run()
    assert seen == {"worker": False, "ui": True, "result": 5}


def test_failure_gets_the_exception(qtbot, runner):
    errors = []

    def work():
        raise OfflineError("connect timeout")

    with qtbot.waitSignal(runner.op_finished, timeout=5000):
        Op(None, work).failure(errors.append).run()
    assert isinstance(errors[0], OfflineError)


def test_writes_are_serialised_and_announced(qtbot, runner):
    order = []
    announced = []
    runner.changes_applied.connect(lambda change, initiator: announced.append((change, initiator)))
    gate = threading.Event()

    def first():
        gate.wait(5)
        order.append("first")
        return "c1"

    def second():
        order.append("second")
        return "c2"

    Op(None, first).writes("me").run()
    with qtbot.waitSignals([runner.op_finished, runner.op_finished], timeout=5000):
        Op(None, second).writes().run()
        gate.set()
    qtbot.waitUntil(lambda: len(announced) == 2, timeout=5000)
    assert order == ["first", "second"]
    assert announced == [("c1", "me"), ("c2", None)]


def test_cancel_reaches_the_worker_and_is_not_shown(qtbot, runner):
    started = threading.Event()
    outcome = []

    def work(progress, cancel):
        started.set()
        while not cancel.wait(0.01):
            progress(Progress(1, 10, "working"))
        raise Cancelled()

    op = Op(None, work).cancellable().success(outcome.append)
    with qtbot.waitSignal(runner.op_finished, timeout=5000):
        op.run()
        started.wait(5)
        op.cancel()
    assert outcome == []


def test_progress_dialog_appears_for_slow_work_and_closes(qtbot, runner):
    parent = QWidget()
    qtbot.addWidget(parent)
    release = threading.Event()

    def slow(progress, cancel):
        release.wait(10)
        return "ok"

    results = []
    Op(parent, slow).with_progress("Menyinkronkan").success(results.append).run()

    def dialog_shown():
        return any(
            isinstance(w, QProgressDialog) and w.isVisible() for w in QApplication.topLevelWidgets()
        )

    qtbot.waitUntil(dialog_shown, timeout=5000)
    with qtbot.waitSignal(runner.op_finished, timeout=5000):
        release.set()
    assert results == ["ok"]
    QApplication.processEvents()
    assert not dialog_shown()


def test_no_callback_after_the_widget_is_gone(qtbot, runner):
    widget = QWidget()
    release = threading.Event()
    called = []
    Op(widget, lambda: release.wait(5)).success(called.append).run()
    widget.deleteLater()
    QApplication.processEvents()
    with qtbot.waitSignal(runner.op_finished, timeout=5000):
        release.set()
    assert called == []
