"""What the main window needs from the rest of the desk, handed in by the composition root.

No widget reaches for a global: the app builds one `DeskContext` per open profile and passes it
down, so tests can build the same thing over a temporary store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lapor_desk.models.account import Account
from lapor_desk.services.actions import DeskActions
from lapor_desk.services.digests import StartOfDayService
from lapor_desk.services.queue import QueueService
from lapor_desk.services.reports import ReportService
from lapor_desk.services.templates import TemplateStore


@dataclass
class DeskContext:
    account: Account
    queue: QueueService
    reports: ReportService
    actions: DeskActions
    templates: TemplateStore
    #: the OPD's display name (for templates and the title bar)
    opd_name: str = ""
    #: `fetch(report_id, sha256, *, progress, cancel) -> local path`; None when offline-only
    fetch_attachment: Callable[..., str] | None = None
    #: the bytes of a cached attachment, decrypted in memory (thumbnails); None when not cached
    read_attachment: Callable[[str], bytes | None] | None = None
    #: the prefetched preview of a photo (small JPEG), decrypted in memory; None when none
    read_preview: Callable[[str], bytes | None] | None = None
    #: builds the SyncController for the window (None: no syncing, e.g. in view tests)
    make_sync: Callable[[Any], Any] | None = None
    #: where the log file is, for the About box and the bug dialog
    log_path: str | None = None
    #: show desktop notifications (settings)
    notifications: bool = True
    #: opens the settings dialog over the window (the app wires the settings)
    settings_editor: Callable[[Any], None] | None = None
    #: builds the coordinator's screens (`views.coordinator.desk.CoordinatorDesk`) for a
    #: koordinator or pimpinan; None for an OPD officer
    make_coordinator: Callable[[Any], Any] | None = None
    #: the start-of-day notification (services/digests.StartOfDayService); None: none
    start_of_day: StartOfDayService | None = None
    #: builds the administration pane (`views.admin.AdminPane`) for an admin or a koordinator;
    #: None for every other role
    make_admin: Callable[[Any], Any] | None = None
