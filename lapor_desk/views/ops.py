"""The one way the desk runs background work: `Op(parent, fn, *args).success(cb).run()`.

Work runs on a worker thread; its result or exception comes back on the UI thread through a queued
signal. Two purpose-named pools (Anki `taskman.py`, Picard `_init_threads`):

- the **writer**: one thread, so every write to the local SQLite file happens in order and never
  competes with another write of ours (drafts, responses, notes);
- the **workers**: a few threads for reads (queue queries, report loads) and network (sync, login,
  attachment downloads), which may run side by side (SQLite WAL lets readers run during a write).

A progress dialog appears only when the work takes longer than `PROGRESS_DELAY_MS`; cancellation
is a `threading.Event` handed to the function. Writes report what they changed through
`OpRunner.changes_applied`, so each view decides whether to refresh (Anki `operation_did_execute`).
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from lapor_desk.errors import Cancelled

__all__ = ["Cancelled", "Op", "OpRunner", "Progress"]

log = logging.getLogger(__name__)

#: Milliseconds before a progress dialog appears; quicker work shows nothing (Anki uses 600).
PROGRESS_DELAY_MS = 500
#: Progress snapshots from a worker are passed to the UI at most this often (seconds).
PROGRESS_INTERVAL_S = 0.1


@dataclass(frozen=True, slots=True)
class Progress:
    """A snapshot of an op's progress: `done` of `total` (total 0 = unknown) and a phrase."""

    done: int = 0
    total: int = 0
    label: str = ""


class _Relay(QObject):
    """Lives on the UI thread; workers emit its signals and Qt queues them to the UI thread."""

    finished = Signal(int, object, object)
    """An op ended: (op number, result, exception or None)."""
    progressed = Signal(int, object)
    """An op reported progress: (op number, snapshot)."""


class OpRunner(QObject):
    """Owns the thread pools and announces what writes changed.

    The composition root makes one and passes it on; `OpRunner.shared()` returns it to `Op`.
    """

    changes_applied = Signal(object, object)
    """A write op finished: (its result, usually a services `Change`; the initiator or None)."""
    op_started = Signal()
    """An op was submitted (used by tests and the busy indicator)."""
    op_finished = Signal()
    """An op's callbacks have run on the UI thread."""

    _shared: OpRunner | None = None

    def __init__(self, parent: QObject | None = None, *, workers: int = 3):
        super().__init__(parent)
        # One writer: SQLite allows one writer at a time, and ordering our own writes avoids
        # busy-waiting on the database lock (Anki: "Tasks that access the collection are
        # serialized").
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lapor-writer")
        # Reads and network run beside it; sync and a queue query must not wait for each other.
        self._workers = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="lapor-worker")
        self._relay = _Relay()
        self._relay.finished.connect(self._on_relay_finished, Qt.ConnectionType.QueuedConnection)
        self._relay.progressed.connect(
            self._on_relay_progressed, Qt.ConnectionType.QueuedConnection
        )
        self._ops: dict[int, Op] = {}
        self._numbers = itertools.count(1)
        self._closed = False

    # -- lifecycle ---------------------------------------------------------------------------
    @classmethod
    def shared(cls) -> OpRunner:
        if cls._shared is None or not shiboken6.isValid(cls._shared):
            cls._shared = OpRunner(QCoreApplication.instance())
        return cls._shared

    @classmethod
    def set_shared(cls, runner: OpRunner | None) -> None:
        cls._shared = runner

    def pending(self) -> int:
        """Ops submitted whose callbacks have not run yet."""
        return len(self._ops)

    def shutdown(self, *, wait: bool = True) -> None:
        """Cancel what can be cancelled and wait for the writer: no acknowledged write is lost."""
        self._closed = True
        for op in list(self._ops.values()):
            op.cancel()
        self._workers.shutdown(wait=wait, cancel_futures=True)
        # The writer's queue holds drafts and actions the user was told about: let it drain.
        self._writer.shutdown(wait=wait)
        self._ops.clear()
        if OpRunner._shared is self:
            OpRunner._shared = None

    # -- used by Op --------------------------------------------------------------------------
    def _submit(self, op: Op) -> int:
        if self._closed:
            raise RuntimeError("the op runner has been shut down")
        number = next(self._numbers)
        self._ops[number] = op
        pool = self._writer if op._on_writer else self._workers
        relay = self._relay

        def report(snapshot: Any) -> None:
            relay.progressed.emit(number, snapshot)

        def job() -> None:
            try:
                result = op._call(report)
            except BaseException as exc:  # delivered to the UI thread, never swallowed here
                relay.finished.emit(number, None, exc)
            else:
                relay.finished.emit(number, result, None)

        pool.submit(job)
        self.op_started.emit()
        return number

    def _on_relay_progressed(self, number: int, snapshot: Any) -> None:
        op = self._ops.get(number)
        if op is not None:
            op._deliver_progress(snapshot)

    def _on_relay_finished(self, number: int, result: Any, error: BaseException | None) -> None:
        op = self._ops.pop(number, None)
        if op is None:
            return
        try:
            op._deliver(result, error)
        finally:
            if error is None and op._on_writer and result is not None:
                self.changes_applied.emit(result, op._initiator)
            self.op_finished.emit()


class Op:
    """A background job with UI-thread callbacks, built fluently and started with `run()`.

    `fn(*args, **kwargs)` runs on a worker and must not touch widgets. With `with_progress()` or
    `on_progress()` it is also given `progress=` (call it with a `Progress` or any snapshot) and
    `cancel=` (a `threading.Event`; raise `Cancelled` when it is set).
    """

    def __init__(
        self, parent: QWidget | QObject | None, fn: Callable[..., Any], *args: Any, **kwargs
    ):
        self._parent = parent
        self._fn = fn
        self._args = args
        self._kwargs = kwargs
        self._success: Callable[[Any], None] | None = None
        self._failure: Callable[[BaseException], None] | None = None
        self._progress_cb: Callable[[Any], None] | None = None
        self._progress_label: str | None = None
        self._cancellable = False
        self._wants_context = False
        self._on_writer = False
        self._initiator: object | None = None
        self._cancel = threading.Event()
        self._dialog: QProgressDialog | None = None
        self._timer: QTimer | None = None
        self._done = False
        self._last_progress = 0.0

    # -- building ----------------------------------------------------------------------------
    def success(self, cb: Callable[[Any], None]) -> Op:
        self._success = cb
        return self

    def failure(self, cb: Callable[[BaseException], None]) -> Op:
        """Handle errors yourself; without it the shared error presenter shows them."""
        self._failure = cb
        return self

    def writes(self, initiator: object | None = None) -> Op:
        """Run on the single writer thread and announce the result via `changes_applied`."""
        self._on_writer = True
        self._initiator = initiator
        return self

    def with_progress(self, label: str, *, cancellable: bool = True) -> Op:
        """Show a progress dialog if the work lasts longer than `PROGRESS_DELAY_MS`."""
        self._progress_label = label
        self._cancellable = cancellable
        self._wants_context = True
        return self

    def on_progress(self, cb: Callable[[Any], None]) -> Op:
        """Receive progress snapshots on the UI thread (e.g. for a status-bar indicator)."""
        self._progress_cb = cb
        self._wants_context = True
        return self

    def cancellable(self) -> Op:
        """Pass `cancel=` (and `progress=`) to the function without showing a dialog."""
        self._wants_context = True
        return self

    # -- running -----------------------------------------------------------------------------
    def run(self, runner: OpRunner | None = None) -> Op:
        runner = runner or OpRunner.shared()
        runner._submit(self)
        if self._progress_label is not None:
            self._timer = QTimer()
            self._timer.setSingleShot(True)
            self._timer.timeout.connect(self._show_dialog)
            self._timer.start(PROGRESS_DELAY_MS)
        return self

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    # -- worker side -------------------------------------------------------------------------
    def _call(self, report: Callable[[Any], None]) -> Any:
        if self._cancel.is_set():
            raise Cancelled()
        if not self._wants_context:
            return self._fn(*self._args, **self._kwargs)

        def progress(snapshot: Any = None, /, **fields: Any) -> None:
            # Throttled so a tight loop in the worker cannot flood the UI thread with events.
            now = time.monotonic()
            if now - self._last_progress < PROGRESS_INTERVAL_S:
                return
            self._last_progress = now
            report(snapshot if snapshot is not None else Progress(**fields))

        return self._fn(*self._args, progress=progress, cancel=self._cancel, **self._kwargs)

    # -- UI side -----------------------------------------------------------------------------
    def _parent_alive(self) -> bool:
        return self._parent is None or shiboken6.isValid(self._parent)

    def _show_dialog(self) -> None:
        if self._done or not self._parent_alive():
            return
        parent = self._parent if isinstance(self._parent, QWidget) else None
        dialog = QProgressDialog(parent)
        dialog.setWindowTitle(QCoreApplication.translate("Op", "Please wait"))
        dialog.setLabelText(self._progress_label or "")
        dialog.setRange(0, 0)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        if self._cancellable:
            dialog.setCancelButtonText(QCoreApplication.translate("Op", "Cancel"))
            dialog.canceled.connect(self.cancel)
        else:
            dialog.setCancelButton(None)
        dialog.show()
        self._dialog = dialog

    def _deliver_progress(self, snapshot: Any) -> None:
        if self._done or not self._parent_alive():
            return
        if self._dialog is not None and isinstance(snapshot, Progress):
            if snapshot.total:
                self._dialog.setRange(0, snapshot.total)
                self._dialog.setValue(min(snapshot.done, snapshot.total))
            if snapshot.label:
                self._dialog.setLabelText(snapshot.label)
        if self._progress_cb is not None:
            self._progress_cb(snapshot)

    def _close_dialog(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer.deleteLater()
            self._timer = None
        if self._dialog is not None:
            if shiboken6.isValid(self._dialog):
                self._dialog.hide()
                self._dialog.deleteLater()
            self._dialog = None

    def _deliver(self, result: Any, error: BaseException | None) -> None:
        self._done = True
        self._close_dialog()
        if not self._parent_alive():
            # The asking widget is gone; a write still counts (changes_applied), a read does not.
            if error is not None and not isinstance(error, Cancelled):
                log.warning("op for a closed widget failed: %r", error)
            return
        if error is None:
            if self._success is not None:
                self._success(result)
            return
        if isinstance(error, Cancelled) and self._failure is None:
            return
        if self._failure is not None:
            self._failure(error)
        else:
            from lapor_desk.views.errors import show_error

            parent = self._parent if isinstance(self._parent, QWidget) else None
            show_error(parent, error)
