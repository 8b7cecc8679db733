"""Sync awareness: a QTimer around the sync scheduler's policy, and the status-bar widget.

`SyncController` asks the (Qt-free) `SyncScheduler` when the next run is due and arms one
single-shot timer for it; each run goes through the op runner on a worker, so the UI thread only
receives progress snapshots and the final report. The status bar shows online/offline, the last
successful sync, pending and conflicting changes (a click opens the conflict list), a
"Sinkron sekarang" button (F5) and a progress indicator while a run lasts.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from lapor_desk.errors import DeskError
from lapor_desk.services.queue import Arrival, SyncStatus
from lapor_desk.sync.scheduler import Outcome, SyncScheduler
from lapor_desk.views.errors import describe
from lapor_desk.views.ops import Op
from lapor_desk.views.resources import icon

log = logging.getLogger(__name__)

#: Phase names of the engine's progress callback, as the status bar words them.
_PHASES = {
    "push": QT_TRANSLATE_NOOP("SyncStatusBar", "Sending changes"),
    "upload": QT_TRANSLATE_NOOP("SyncStatusBar", "Uploading attachments"),
    "pull": QT_TRANSLATE_NOOP("SyncStatusBar", "Receiving reports"),
    "index": QT_TRANSLATE_NOOP("SyncStatusBar", "Building the search index"),
    "resync": QT_TRANSLATE_NOOP("SyncStatusBar", "Full resynchronisation"),
    "check": QT_TRANSLATE_NOOP("SyncStatusBar", "Checking the queue"),
}


@dataclass
class SyncOutcome:
    """What the app's sync function returns: the engine's report and the reports that arrived."""

    report: Any
    arrivals: list[Arrival] = field(default_factory=list)


class SyncController(QObject):
    """Runs `run_sync(progress=, cancel=)` when the scheduler says; `progress` takes one
    `(phase, done, total)` tuple."""

    sync_started = Signal()
    """A sync run began."""
    sync_progressed = Signal(str, int, int)
    """Progress of the running sync: (phase, done, total or 0 when unknown)."""
    sync_finished = Signal(object)
    """A run ended (successfully or not): (SyncOutcome)."""
    status_changed = Signal(object)
    """Fresh counts for the status bar: (SyncStatus)."""
    reports_arrived = Signal(list)
    """New reports reached the OPD in the last run: (list of Arrival)."""
    login_required = Signal()
    """The server refused the device token; syncing stops until the officer logs in again."""
    probed = Signal(bool)
    """An offline desk asked the server's health check: (reachable)."""

    def __init__(
        self,
        run_sync: Callable[..., SyncOutcome],
        read_status: Callable[[], SyncStatus],
        scheduler: SyncScheduler | None = None,
        parent: QObject | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        probe: Callable[[], bool] | None = None,
    ):
        super().__init__(parent)
        self._run_sync = run_sync
        #: a cheap reachability check (GET /health, no retries) tried while offline before a
        #: whole sync round
        self._probe = probe
        self._read_status = read_status
        self.scheduler = scheduler or SyncScheduler()
        self._clock = clock
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._op: Op | None = None
        self.online: bool | None = None
        self.last_error: DeskError | None = None
        self.status = SyncStatus()

    # -- requests ----------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._op is not None

    def start(self) -> None:
        """The desk opened: sync at once, then as the scheduler says."""
        self.scheduler.start(self._clock())
        self.refresh_status()
        self._arm()

    def request_now(self) -> None:
        """ "Sinkron sekarang" (F5)."""
        if self.scheduler.stopped_for_auth:
            self.login_required.emit()
            return
        self.scheduler.request_now(self._clock())
        self._arm()

    def local_change(self) -> None:
        """Something was queued in the outbox: push it soon."""
        self.scheduler.local_change(self._clock())
        self.refresh_status()
        self._arm()

    def login_done(self) -> None:
        self.scheduler.login_done(self._clock())
        self._arm()

    def hold(self, seconds: float) -> None:
        """Send nothing for `seconds` (the undo window of a bulk dispatch); F5 overrides."""
        self.scheduler.hold(self._clock(), seconds)
        self._arm()

    def cancel(self) -> None:
        if self._op is not None:
            self._op.cancel()

    def stop(self) -> None:
        """Stop scheduling (the window closes); a running sync is cancelled."""
        self._timer.stop()
        self.cancel()

    def refresh_status(self) -> None:
        Op(self, self._read_status).success(self._on_status_read).failure(
            lambda exc: log.warning("could not read the sync status: %r", exc)
        ).run()

    # -- running -----------------------------------------------------------------------------
    def _arm(self) -> None:
        delay = self.scheduler.delay(self._clock())
        if delay is None or self.running:
            self._timer.stop()
            return
        self._timer.start(int(delay * 1000))

    def seconds_to_next_attempt(self) -> int | None:
        """Whole seconds until the next automatic attempt (None: none planned or one runs)."""
        if self.running:
            return None
        delay = self.scheduler.delay(self._clock())
        return None if delay is None else int(delay + 0.999)

    def _on_timer_timeout(self) -> None:
        if self.running or not self.scheduler.is_due(self._clock()):
            self._arm()
            return
        if self.online is False and self._probe is not None:
            self.scheduler.sync_started(self._clock())
            self._op = (
                Op(self, self._probe)
                .success(self._on_probed)
                .failure(lambda _exc: self._on_probed(False))
            )
            self._op.run()
            return
        self._start_round()

    def _on_probed(self, reachable: bool) -> None:
        self._op = None
        self.probed.emit(bool(reachable))
        if reachable:
            self._start_round()  # the server is back: sync at once
            return
        self.scheduler.sync_finished(self._clock(), Outcome.OFFLINE)
        self._arm()

    def _start_round(self) -> None:
        if not self.scheduler.running:
            self.scheduler.sync_started(self._clock())
        self.sync_started.emit()
        self._op = (
            Op(self, self._run_sync)
            .on_progress(self._on_progress)
            .success(self._on_finished)
            .failure(self._on_failed)
        )
        self._op.run()

    def _on_progress(self, snapshot: Any) -> None:
        phase, done, total = snapshot
        self.sync_progressed.emit(str(phase), int(done or 0), int(total or 0))

    def _on_finished(self, outcome: SyncOutcome) -> None:
        self._op = None
        report = outcome.report
        error = getattr(report, "error", None)
        retry_after = getattr(error, "retry_after", None) if error else None
        run_outcome = getattr(report, "outcome", Outcome.OK)
        self.scheduler.sync_finished(self._clock(), run_outcome, retry_after)
        self.last_error = error
        if run_outcome in (Outcome.OK, Outcome.PARTIAL):
            self.online = True
        elif run_outcome in (Outcome.OFFLINE, Outcome.TLS, Outcome.PROTOCOL):
            self.online = False
        self.sync_finished.emit(outcome)
        if outcome.arrivals:
            self.reports_arrived.emit(list(outcome.arrivals))
        if run_outcome == Outcome.AUTH:
            self.login_required.emit()
        self.refresh_status()
        self._arm()

    def _on_failed(self, exc: BaseException) -> None:
        # The engine returns expected errors in its report; anything raised here is a bug, but
        # syncing must go on: log it, back off like a failed run, and show it in the status bar.
        self._op = None
        log.error("sync run raised", exc_info=exc)
        self.scheduler.sync_finished(self._clock(), Outcome.ERROR)
        self.last_error = exc if isinstance(exc, DeskError) else None
        self.sync_finished.emit(SyncOutcome(report=None))
        self.refresh_status()
        self._arm()

    def _on_status_read(self, status: SyncStatus) -> None:
        self.status = status
        self.status_changed.emit(status)


class SyncStatusBar(QWidget):
    """The permanent part of the status bar."""

    conflicts_requested = Signal()
    """The officer clicked the conflict count."""

    def __init__(self, controller: SyncController, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.connection = QLabel(self)
        self.connection_icon = QLabel(self)
        self.last_sync = QLabel(self)
        self.pending = QLabel(self)
        self.conflicts = QToolButton(self)
        self.conflicts.setIcon(icon("state_conflict"))
        self.conflicts.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.conflicts.setAutoRaise(True)
        self.conflicts.setAccessibleName(self.tr("Open the conflict list"))
        self.conflicts.hide()
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName(self.tr("Sync progress"))
        self.progress.hide()
        self.phase = QLabel(self)
        self.phase.hide()
        # Offline: when the next attempt comes ("mencoba lagi dalam 12 detik"), every second.
        self.retry = QLabel(self)
        self.retry.setAccessibleName(self.tr("Next connection attempt"))
        self.retry.hide()
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._show_countdown)
        self.sync_button = QPushButton(icon("sync"), self.tr("Sync now"), self)
        self.sync_button.setToolTip(self.tr("Synchronise with the server now (F5)"))
        self.sync_button.setAccessibleName(self.tr("Sync now"))
        # Only as wide as its contents: the status bar's left side shows messages.
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.setSpacing(8)
        for w in (
            self.phase,
            self.progress,
            self.connection_icon,
            self.connection,
            self.retry,
            self.last_sync,
            self.pending,
            self.conflicts,
            self.sync_button,
        ):
            layout.addWidget(w)

        self.sync_button.clicked.connect(controller.request_now)
        self.conflicts.clicked.connect(self.conflicts_requested)
        controller.sync_started.connect(self._on_controller_sync_started)
        controller.sync_progressed.connect(self._on_controller_sync_progressed)
        controller.sync_finished.connect(self._on_controller_sync_finished)
        controller.status_changed.connect(self._on_controller_status_changed)
        controller.probed.connect(lambda _reachable: self._show_countdown())
        self._show_connection()
        self._on_controller_status_changed(controller.status)

    def _show_connection(self) -> None:
        online = self.controller.online
        if online is None:
            text, name = self.tr("Not synchronised yet"), "offline"
        elif online:
            text, name = self.tr("Online"), "online"
        else:
            text, name = self.tr("Offline: working from this computer"), "offline"
        self.connection.setText(text)
        self.connection_icon.setPixmap(icon(name).pixmap(16, 16))
        error = self.controller.last_error
        tip = " ".join(describe(error)) if error is not None else ""
        self.connection.setToolTip(tip)
        self.connection_icon.setToolTip(tip)
        self.retry.setToolTip(tip)
        if online is False:
            self._countdown.start()
        else:
            self._countdown.stop()
        self._show_countdown()

    def _show_countdown(self) -> None:
        seconds = self.controller.seconds_to_next_attempt()
        if self.controller.online is not False:
            self.retry.hide()
            self._countdown.stop()
            return
        if seconds is None:
            self.retry.setText(self.tr("trying to connect…"))
        else:
            self.retry.setText(self.tr("retrying in %n second(s)", "", seconds))
        self.retry.show()

    def _on_controller_sync_started(self) -> None:
        self.sync_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.phase.setText(self.tr("Synchronising…"))
        self.phase.show()

    def _on_controller_sync_progressed(self, phase: str, done: int, total: int) -> None:
        name = _PHASES.get(phase)
        label = QCoreApplication.translate("SyncStatusBar", name) if name else phase
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
            self.phase.setText(f"{label} {done}/{total}")
        else:
            self.progress.setRange(0, 0)
            self.phase.setText(f"{label} {done}" if done else label)

    def _on_controller_sync_finished(self, _outcome: SyncOutcome) -> None:
        self.sync_button.setEnabled(True)
        self.progress.hide()
        self.phase.hide()
        self._show_connection()

    def _on_controller_status_changed(self, status: SyncStatus) -> None:
        if status.last_success:
            self.last_sync.setText(
                self.tr("Last sync %1").replace("%1", _when(status.last_success))
            )
        else:
            self.last_sync.setText(self.tr("Never synchronised"))
        self.pending.setText(self.tr("%n change(s) waiting to be sent", "", status.pending))
        self.pending.setVisible(status.pending > 0)
        self.conflicts.setText(self.tr("%n conflict(s)", "", status.conflicts))
        self.conflicts.setVisible(status.conflicts > 0)


def sent_text(sent: dict[str, int] | None) -> str:
    """What a sync delivered, in words: "2 jawaban terkirim, 1 catatan internal terkirim"."""
    if not sent:
        return ""
    parts = []
    for kind, n in sorted(sent.items(), key=lambda kv: _SENT_ORDER.get(kv[0], 99)):
        if kind == "respond":
            parts.append(QCoreApplication.translate("SyncStatusBar", "%n answer(s) sent", "", n))
        elif kind == "note":
            parts.append(
                QCoreApplication.translate("SyncStatusBar", "%n internal note(s) sent", "", n)
            )
        elif kind == "return":
            parts.append(QCoreApplication.translate("SyncStatusBar", "%n return(s) sent", "", n))
        elif kind == "postpone":
            parts.append(
                QCoreApplication.translate("SyncStatusBar", "%n postponement(s) sent", "", n)
            )
        else:
            parts.append(
                QCoreApplication.translate("SyncStatusBar", "%n other change(s) sent", "", n)
            )
    return ", ".join(parts)


_SENT_ORDER = {"respond": 0, "note": 1, "return": 2, "postpone": 3}


def _when(moment: datetime) -> str:
    now = datetime.now(moment.tzinfo)
    if moment.date() == now.date():
        return moment.strftime("%H:%M")
    return moment.strftime("%d-%m-%Y %H:%M")
