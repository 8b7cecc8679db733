"""The desk's composition root: settings → translations → login → profile → sync → main window.
`run_gui(args)` is what `lapor-desk` runs by default. Opening a profile (lock, store, account,
transport) is `lapor_desk/profile.py`, shared with the headless commands.

Everything the windows need is built here and passed down (no globals reachable from widgets):
the op runner with its writer thread, the services over the profile's store, and the sync
controller around the engine and the scheduler's policy.

Start-up: if this computer remembers the last account and the keyring still holds its device
token, the desk opens that profile at once, also without a connection (the officer works offline
and the first sync catches up). Otherwise the login dialog asks; "ingat saya" keeps the token in
the keyring, never in a file.
"""

from __future__ import annotations

import logging
import os
import socket
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QLabel

from lapor_core.workflow import Role
from lapor_desk import paths
from lapor_desk import profile as profiles
from lapor_desk.deploy.logs import setup_logging
from lapor_desk.errors import DeskError, KeyringUnavailableError, OfflineError
from lapor_desk.models.account import forget_last, last_account
from lapor_desk.models.store import Store
from lapor_desk.profile import Profile, make_transport
from lapor_desk.services.digests import StartOfDayService
from lapor_desk.services.queue import QueueService
from lapor_desk.settings import Settings
from lapor_desk.sync.credentials import CredentialStore, MemoryCredentials
from lapor_desk.sync.engine import SyncEngine
from lapor_desk.sync.profile_keys import EphemeralKeys, env_passphrase
from lapor_desk.sync.scheduler import SchedulerConfig, SyncScheduler
from lapor_desk.sync.transport import Transport
from lapor_desk.views.context import DeskContext
from lapor_desk.views.errors import install_excepthook, set_log_path
from lapor_desk.views.i18n import install_translators
from lapor_desk.views.login_dialog import LoginDialog, LoginRequest
from lapor_desk.views.main_window import MainWindow
from lapor_desk.views.ops import Op, OpRunner
from lapor_desk.views.sync_status import SyncController, SyncOutcome

log = logging.getLogger(__name__)

HOUSEKEEPING_INTERVAL_MS = 60_000


def sync_round(engine: SyncEngine, queue: QueueService, progress, cancel) -> SyncOutcome:
    """One sync round (on a worker); reports new to the OPD are listed for a notification.

    The first sync of a fresh profile brings the whole queue: that is not news, so nothing is
    announced then."""
    high_water = queue.high_water()
    report = engine.run_once(lambda phase, done, total: progress((phase, done, total)), cancel)
    arrivals = queue.arrived_since(high_water) if high_water else []
    return SyncOutcome(report, arrivals)


def make_sync_controller(
    engine: SyncEngine,
    queue: QueueService,
    parent,
    *,
    interval_s: float = 300.0,
    probe: Callable[[], bool] | None = None,
) -> SyncController:
    scheduler = SyncScheduler(SchedulerConfig(interval=interval_s))
    return SyncController(
        lambda progress, cancel: sync_round(engine, queue, progress, cancel),
        queue.sync_status,
        scheduler,
        parent,
        probe=probe,
    )


def probe_server(transport_factory: Callable[[], Transport]) -> bool:
    """The cheap check an offline desk makes before a whole sync round: does the server answer
    its health check? Any answer other than "unreachable" lets the round run and say what is
    wrong (TLS, login, a server error)."""
    try:
        with transport_factory() as transport:
            transport.get_json("health", retry=False)
    except OfflineError:
        return False
    except DeskError:
        return True
    return True


def login(request: LoginRequest, settings: Settings, *, keys: Any = None) -> Profile:
    """Log in on the server and open the profile (runs on a worker).

    Without a keyring the profile key is wrapped with the local passphrase of the request."""
    keyring = CredentialStore()
    with make_transport(settings, request.server_url) as transport:
        info = keyring.login(
            transport,
            request.username,
            request.password,
            f"{socket.gethostname()} (LAPOR Desk)",
            remember=request.remember,
        )
    credentials: Any = keyring if request.remember else MemoryCredentials(info.token)
    try:
        if not settings.is_locked("last_username"):
            settings.set("last_username", info.account.username)
        if not settings.is_locked("remember_me"):
            settings.set("remember_me", request.remember)
        settings.save()
    except (OSError, ValueError) as exc:  # a login must not fail over a preference
        log.warning("could not save the user settings: %r", exc)

    def ask(new: bool) -> str | None:
        # The dialog's passphrase field, or LAPOR_DESK_PASSPHRASE (portable installs, tests).
        return request.passphrase or env_passphrase(new)

    return profiles.create(info.account, credentials, settings, keys=keys, ask=ask)


# -- the GUI -------------------------------------------------------------------------------------


#: Seconds a Python thread may hold the GIL before another one asks for it (default 0.005).
#: Shorter turns make the UI thread wait less behind the sync worker's Python work.
SWITCH_INTERVAL = 0.002


def tune_for_ui() -> None:
    """Threading settings of the GUI process (called before any worker starts)."""
    sys.setswitchinterval(SWITCH_INTERVAL)


def ui_state() -> QSettings:
    """Window geometry and splitter positions (pure UI state, not settings)."""
    path = paths.config_dir() / "ui-state.ini"
    return QSettings(str(path), QSettings.Format.IniFormat)


def build_context(profile: Profile, *, log_path: str | None = None) -> DeskContext:
    """The window's view of an open profile."""
    interval = int(profile.settings.get("sync_interval_minutes") or 5) * 60

    def make_sync(parent) -> SyncController:
        return make_sync_controller(
            profile.engine,
            profile.queue,
            parent,
            interval_s=interval,
            probe=lambda: probe_server(profile.transport),
        )

    make_coordinator = None
    if profile.account.role != Role.PETUGAS:

        def make_coordinator(parent):
            from lapor_desk.services.coordinator import CoordinatorService
            from lapor_desk.views.coordinator.desk import CoordinatorDesk

            service = CoordinatorService(
                profile.store,
                profile.account,
                actions=profile.actions,
                client_factory=profile.online_transport,
            )
            return CoordinatorDesk(service, parent)

    make_admin = None
    if profile.account.role in (Role.ADMIN, Role.KOORDINATOR):

        def make_admin(parent):
            from lapor_desk.services.admin import AdminService
            from lapor_desk.views.admin import AdminPane

            service = AdminService(
                profile.store, profile.account, client_factory=profile.online_transport
            )
            return AdminPane(service, parent)

    return DeskContext(
        account=profile.account,
        queue=profile.queue,
        reports=profile.reports,
        actions=profile.actions,
        templates=profile.templates,
        opd_name=profile.opd_name(),
        fetch_attachment=profile.fetch_attachment,
        read_attachment=profile.read_cached_attachment,
        read_preview=profile.read_attachment_preview,
        make_sync=make_sync,
        log_path=log_path,
        notifications=bool(profile.settings.get("notifications")),
        settings_editor=lambda parent: _edit_settings(
            parent, profile.settings, profile.account.server_url
        ),
        make_coordinator=make_coordinator,
        start_of_day=StartOfDayService(profile.store, profile.account),
        make_admin=make_admin,
    )


def _edit_settings(parent, settings: Settings, server_url: str | None = None) -> None:
    from lapor_desk.views.settings_dialog import SettingsDialog

    SettingsDialog.edit(parent, settings, server_url=server_url)


def _ask_login(settings: Settings, *, demo_officer: dict | None = None) -> Profile | None:
    """The login dialog; for the demo it is filled in and submitted at once (a newcomer sees the
    queue straight away, and the dialog stays up with the reason if that login fails)."""
    keyring_available = CredentialStore().is_available()
    keyring_ok = keyring_available and demo_officer is None
    # The demo's key lives in memory only (its data are invented; it remembers nothing here).
    keys = EphemeralKeys() if demo_officer is not None else None
    last = last_account()
    dialog = LoginDialog(
        lambda request: login(request, settings, keys=keys),
        server_url=settings.get("server_url") or (last[0] if last else ""),
        server_locked=settings.is_locked("server_url"),
        username=settings.get("last_username") or (last[1] if last else ""),
        remember=bool(settings.get("remember_me")) and keyring_ok,
        remember_available=keyring_ok,
        passphrase_needed=not keyring_available and demo_officer is None,
    )
    if demo_officer is not None:
        dialog.username.setText(demo_officer["username"])
        dialog.password.setText(demo_officer["password"])
        QTimer.singleShot(0, dialog.login_button.click)
    try:
        return dialog.result_value if dialog.exec() else None
    finally:
        dialog.deleteLater()


def _relogin(window: MainWindow, profile: Profile) -> None:
    """The server refused the token: log in again as the same account, keeping the profile."""
    settings = profile.settings

    def again(request: LoginRequest) -> None:
        keyring = CredentialStore()
        with make_transport(settings, profile.account.server_url) as transport:
            info = keyring.login(
                transport,
                profile.account.username,
                request.password,
                f"{socket.gethostname()} (LAPOR Desk)",
                remember=request.remember,
            )
        if request.remember:
            profile.credentials = keyring
        else:
            profile.credentials = MemoryCredentials(info.token)
        profile.engine.credentials = profile.credentials

    dialog = LoginDialog(
        again,
        server_url=profile.account.server_url,
        server_locked=True,
        username=profile.account.username,
        remember=isinstance(profile.credentials, CredentialStore),
        remember_available=CredentialStore().is_available(),
        note=QCoreApplication.translate(
            "MainWindow", "Your session has ended. Log in again to continue syncing."
        ),
        parent=window,
    )
    dialog.username.setReadOnly(True)
    if dialog.exec() and window.sync is not None:
        window.sync.login_done()
    dialog.deleteLater()


def no_display_reason(environ: Mapping[str, str] = os.environ) -> str | None:
    """Why the window cannot open here (a Linux session without a display, e.g. over SSH), in
    Indonesian and English with the next step; None when it can. Without this check Qt aborts
    with a message about platform plugins that tells an officer or IT nothing useful."""
    if sys.platform.startswith(("win", "darwin")) or environ.get("QT_QPA_PLATFORM"):
        return None
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "LAPOR Desk butuh layar: sesi ini tidak punya tampilan grafis (DISPLAY/WAYLAND_DISPLAY "
        "kosong, mis. lewat SSH). Jalankan dari desktop, atau lewat `ssh -X`; untuk perintah "
        "tanpa layar pakai `lapor-desk sync`, `status`, `queue` (lihat `lapor-desk --help`).\n"
        "LAPOR Desk needs a display: this session has none (DISPLAY/WAYLAND_DISPLAY unset, e.g. "
        "over SSH). Run it from a desktop or over `ssh -X`; headless commands: `lapor-desk sync`, "
        "`status`, `queue` (see `lapor-desk --help`)."
    )


def missing_xcb_reason(
    environ: Mapping[str, str] = os.environ, load: Callable[[str], bool] | None = None
) -> str | None:
    """When Qt would use its xcb plugin (an X11 session) and a system library it needs is
    missing: one sentence naming the packages, instead of Qt's plugin abort. None otherwise."""
    if not sys.platform.startswith("linux"):
        return None
    platform = environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return None
    if not platform and (environ.get("WAYLAND_DISPLAY") or not environ.get("DISPLAY")):
        return None  # Qt takes its Wayland plugin (or there is no display at all)
    from lapor_desk.deploy import xcb

    missing = xcb.missing_packages(load or xcb.can_load)
    return xcb.missing_sentence(missing) if missing else None


def run_gui(args: Any = None, *, demo: Any = None) -> int:
    """Start the desktop application; returns the process exit code.

    `args.demo` (the `--demo` flag) hands over to `lapor_desk.demo`, which starts the demo server
    and comes back here with `demo` set to it.
    """
    reason = no_display_reason() or missing_xcb_reason()
    if reason is not None:
        print(reason, file=sys.stderr)
        return 2
    if getattr(args, "demo", False) and demo is None:
        from lapor_desk.demo import run_demo

        return run_demo(args)
    tune_for_ui()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("LAPOR Desk")
    app.setOrganizationName("LAPOR")
    if demo is not None:
        # The demo ignores IT's machine configuration and remembers nothing in the keyring.
        settings = Settings.load(machine_path=Path(os.devnull))
        settings.set("server_url", demo.url)
        settings.set("ca_bundle", str(demo.ca))
    else:
        settings = Settings.load()
    install_translators(getattr(args, "lang", None) or settings.get("language"))
    log_path = setup_logging()  # rotating desk.log, tokens and reporter contacts redacted
    set_log_path(log_path)
    install_excepthook()
    profile = None
    if demo is None and not getattr(args, "force_login", False):
        try:
            profile = profiles.resume_last(settings)
        except Exception as exc:  # a locked or damaged profile: the login dialog says more
            log.warning("could not reopen the last profile: %r", exc)
    while True:
        if profile is None:
            profile = _ask_login(settings, demo_officer=demo.officer() if demo else None)
            if profile is None:
                return 0
        exit_code, logged_out = _run_window(app, profile, log_path, settings)
        if not logged_out:
            return exit_code
        profile = None


def _run_window(
    app: QApplication, profile: Profile, log_path: Path, settings: Settings
) -> tuple[int, bool]:
    """Show the main window for an open profile until it closes; (exit code, logged out)."""
    runner = OpRunner(app)
    OpRunner.set_shared(runner)
    logged_out: list[bool] = []
    forget: list[bool] = []
    if profile.account.role == Role.PUSAT:
        return _run_centre_window(app, runner, profile, log_path)
    try:
        window = MainWindow(
            build_context(profile, log_path=str(log_path)), runner=runner, ui_state=ui_state()
        )
        window.logout_requested.connect(lambda: logged_out.append(True))
        window.forget_requested.connect(lambda: forget.append(True))
        wire_presence(window, profile.announce_presence, profile.leave_presence)
        if window.sync is not None:
            window.sync.login_required.connect(lambda: _relogin(window, profile))
        window.show()
        if window.sync is not None:
            window.sync.start()
        if settings.get("update_check"):
            _check_for_update(window, settings)
        _schedule_housekeeping(window, profile.store)
        exit_code = app.exec()
    finally:
        # Drafts and actions the officer was told about are on the writer's queue: drain it.
        runner.shutdown(wait=True)
        if logged_out:
            _logout(profile, forget=bool(forget))
        else:
            profile.close()
    return exit_code, bool(logged_out)


def _run_centre_window(
    app: QApplication, runner: OpRunner, profile: Profile, log_path: Path
) -> tuple[int, bool]:
    """A centre (`pusat`) account: the national map instead of the queue, and no sync (it has
    no reports; docs/pusat.md)."""
    from lapor_desk.services.pusat import PusatService
    from lapor_desk.views.pusat.window import PusatWindow

    logged_out: list[bool] = []
    try:
        window = PusatWindow(
            PusatService(profile.online_transport),
            account_name=profile.account.display_name or profile.account.username,
            log_path=str(log_path),
        )
        window.logout_requested.connect(lambda: logged_out.append(True))
        window.show()
        exit_code = app.exec()
    finally:
        runner.shutdown(wait=True)
        if logged_out:
            _logout(profile)
        else:
            profile.close()
    return exit_code, bool(logged_out)


def wire_presence(window: MainWindow, announce, leave) -> None:
    """Presence (issue 6): the report view beats for the open report and shows who else has it;
    the versions it learns reach the composer, which warns before answering a changed report."""
    window.report_view.presence_known.connect(window.composer.note_server_version)
    window.report_view.set_presence(announce, leave)


def _housekeeping(store: Store) -> None:
    """One bounded FTS merge step and a passive WAL checkpoint (returns nothing to announce)."""
    result = store.maintenance()
    log.debug("store housekeeping: %s", result)


def _schedule_housekeeping(window: MainWindow, store: Store) -> None:
    """Run the store's housekeeping on the writer every minute, so that FTS merges and WAL
    checkpoints happen between saves instead of inside an officer's "Simpan" (bench/save.py)."""
    timer = QTimer(window)
    timer.setInterval(HOUSEKEEPING_INTERVAL_MS)
    timer.timeout.connect(
        lambda: (
            Op(window, _housekeeping, store)
            .writes()
            .failure(lambda exc: log.warning("store housekeeping failed: %r", exc))
            .run()
        )
    )
    timer.start()


def _check_for_update(window: MainWindow, settings: Settings) -> None:
    """Ask the server once, in the background, whether IT should install a newer desk.

    A notice is a quiet label in the status bar (details in its tooltip); nothing installs itself,
    and an unreachable server simply means no notice this time.
    """
    from lapor_desk.deploy.updates import check_for_update

    def show(notice: Any) -> None:
        if notice is None:
            return
        label = QLabel(notice.message("en" if settings.get("language") == "en" else "id"))
        label.setObjectName("updateNotice")
        label.setToolTip(notice.details())
        label.setAccessibleName(label.text())
        window.statusBar().addWidget(label)

    Op(
        window,
        check_for_update,
        settings.get("server_url"),
        ca_bundle=settings.get("ca_bundle"),
        proxy=settings.get("proxy"),
    ).success(show).failure(lambda exc: log.info("update check skipped: %r", exc)).run()


def _logout(profile: Profile, *, forget: bool = False) -> None:
    """Revoke the token (when reachable) and forget it, and destroy the profile key: the local
    store and cache are unreadable from now on and are deleted (the window asked first when
    unsent work would be lost). `forget` ("Lupakan komputer ini"): the whole profile folder goes
    too and the computer no longer remembers the account (`lapor-desk logout --forget`)."""
    try:
        _forget_token(profile)
    finally:
        profile.close_and_destroy(forget=forget)
        if forget:
            forget_last()


def _forget_token(profile: Profile) -> None:
    try:
        with profile.transport() as transport:
            CredentialStore().logout(
                transport, profile.account.server_url, profile.account.username
            )
    except Exception as exc:  # offline: the token is still forgotten locally
        log.info("logout without reaching the server: %r", exc)
        try:
            CredentialStore().delete_token(profile.account.server_url, profile.account.username)
        except KeyringUnavailableError:
            pass
