"""An account's profile, opened the one way the GUI and the headless commands share (no Qt).

A profile is one directory per (server, account) (docs/settings.md): a lock file refusing a second
desk, the store `queue.sqlite3`, the account saved in it, and the transport settings of this
computer. `create` opens it after a login (and records the account), `open_existing` opens one a
login made before; both lock first and release the lock if anything after fails. `open_store` is
the only place a profile's store file is opened: with the profile key from the keyring or a local
passphrase (`sync/profile_keys.py`, docs/settings.md). `destroy_local_data` is logout's end: the
key is destroyed and the unreadable store and cache deleted.

`Profile` holds the open parts and makes what works over them: transports (`make_transport`, the
same for GUI and CLI), the sync engine, and the services the windows use.
"""

from __future__ import annotations

import shutil
import threading
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol

from lapor_core.reference import load_reference
from lapor_desk import paths
from lapor_desk.errors import KeyringUnavailableError
from lapor_desk.models.account import (
    Account,
    last_account,
    load_account,
    remember_last,
    save_account,
)
from lapor_desk.models.lock import ProfileLock
from lapor_desk.models.store import Store
from lapor_desk.settings import Settings
from lapor_desk.sync import attachments as attachment_sync

# What works over a profile is imported when first used: a headless `status` or `queue` should
# not pay for HTTP, keyring and the services it never touches.
if TYPE_CHECKING:
    from lapor_desk.services.actions import DeskActions
    from lapor_desk.services.queue import QueueService
    from lapor_desk.services.reports import ReportService
    from lapor_desk.services.templates import TemplateStore
    from lapor_desk.sync.engine import SyncEngine
    from lapor_desk.sync.presence import PresenceInfo
    from lapor_desk.sync.transport import Transport


class TokenSource(Protocol):
    def get_token(self, server_url: str, username: str) -> str | None: ...


def make_transport(
    settings: Settings, server_url: str, cancel: threading.Event | None = None
) -> Transport:
    """A transport to `server_url` with this computer's CA bundle and proxy settings."""
    from lapor_desk.sync.transport import Transport

    # 'system' (environment/registry), 'none' (direct) or a URL: Transport knows all three.
    return Transport(
        server_url,
        ca_bundle=settings.get("ca_bundle"),
        proxy=settings.get("proxy") or "system",
        cancel=cancel,
    )


def open_store(server_url: str, username: str, *, keys: Any = None, ask: Any = None) -> Store:
    """Open (creating, migrating, salvaging) the encrypted store of a profile whose lock this
    process holds. `keys`: where the profile key lives (default the OS keyring, else a
    passphrase-wrapped file); `ask(new)`: the local passphrase when there is no keyring."""
    from lapor_desk.sync.profile_keys import open_profile_store

    return open_profile_store(server_url, username, keys=keys, ask=ask)


def destroy_local_data(server_url: str, username: str, *, forget: bool = False) -> None:
    """Destroy the profile key; the store and cache it encrypted are deleted (nobody can read
    them any more). `forget`: the whole profile folder goes too ("forget this computer")."""
    from lapor_desk.sync.profile_keys import ProfileKeys, discard_unreadable

    ProfileKeys().destroy(server_url, username)
    discard_unreadable(paths.store_path(server_url, username))
    if forget:
        shutil.rmtree(paths.profile_dir(server_url, username), ignore_errors=True)


@dataclass(eq=False)
class Profile:
    """An account's local profile, locked for this process; `close()` releases it."""

    account: Account
    store: Store
    lock: ProfileLock
    #: CredentialStore (keyring) or MemoryCredentials: `get_token(server, username)`
    credentials: TokenSource
    settings: Settings
    #: decrypted copies of attachments handed to the system viewer, removed at close
    viewer_files: attachment_sync.ViewerFiles = field(
        default_factory=attachment_sync.ViewerFiles, init=False
    )

    # -- transports -----------------------------------------------------------------------------
    def transport(self, cancel: threading.Event | None = None) -> Transport:
        return make_transport(self.settings, self.account.server_url, cancel)

    def token(self) -> str | None:
        return self.credentials.get_token(self.account.server_url, self.account.username)

    def online_transport(self) -> Transport | None:
        """A transport with the device token, or None when there is no token (logged out)."""
        token = self.token()
        if not token:
            return None
        transport = self.transport()
        transport.token = token
        return transport

    # -- what works over the profile ----------------------------------------------------------
    @cached_property
    def engine(self) -> SyncEngine:
        from lapor_desk.sync.engine import SyncEngine

        return SyncEngine(self.store, self.transport, self.credentials, self.account)

    @cached_property
    def queue(self) -> QueueService:
        from lapor_desk.services.queue import QueueService

        return QueueService(self.store)

    @cached_property
    def reports(self) -> ReportService:
        from lapor_desk.services.reports import ReportService

        return ReportService(self.store, self.account)

    @cached_property
    def actions(self) -> DeskActions:
        from lapor_desk.services.actions import DeskActions

        return DeskActions(self.store, self.account)

    @cached_property
    def templates(self) -> TemplateStore:
        from lapor_desk.services.templates import TemplateStore

        return TemplateStore(self.store.path.parent)

    def opd_name(self) -> str:
        code = self.account.agency_code
        if not code:
            return ""
        try:
            return load_reference().agency(code).name
        except KeyError:
            return code

    def announce_presence(self, report_id: str) -> PresenceInfo:
        """Heartbeat for an open report (on a worker); unknown when offline or logged out."""
        from lapor_desk.sync import presence

        transport = self.online_transport()
        if transport is None:
            return presence.PresenceInfo.unknown()
        with transport:
            return presence.announce(transport, report_id)

    def leave_presence(self, report_id: str) -> None:
        from lapor_desk.sync import presence

        transport = self.online_transport()
        if transport is not None:
            with transport:
                presence.leave(transport, report_id)

    def fetch_attachment(self, report_id: str, sha256: str, *, progress=None, cancel=None) -> str:
        """A decrypted copy of the attachment for the system viewer (removed at close); a
        download reports its bytes to `progress` (`progress(done=, total=)`, as `views.ops`
        hands it in)."""
        data = attachment_sync.read_cached(self.store, sha256)
        if data is None:
            on_bytes = None
            if progress is not None:
                total = self._attachment_size(report_id, sha256)
                on_bytes = lambda n: progress(done=n, total=total)  # noqa: E731
            with self.transport(cancel) as transport:
                transport.token = self.token()
                data = attachment_sync.fetch_bytes(self.store, transport, sha256, on_bytes=on_bytes)
        return str(self.viewer_files.write(self._attachment_name(report_id, sha256), data))

    def read_cached_attachment(self, sha256: str) -> bytes | None:
        """The bytes of a cached attachment, decrypted in memory (thumbnails)."""
        return attachment_sync.read_cached(self.store, sha256)

    def read_attachment_preview(self, sha256: str) -> bytes | None:
        """The prefetched preview of a photo (small JPEG), decrypted in memory; None if none."""
        return attachment_sync.read_preview(self.store, sha256)

    def _attachment_size(self, report_id: str, sha256: str) -> int:
        with self.store.read_conn() as conn:
            size = conn.exec_driver_sql(
                "SELECT size FROM attachments WHERE report_id = ? AND sha256 = ?",
                (report_id, sha256),
            ).scalar()
        return int(size or 0)

    def _attachment_name(self, report_id: str, sha256: str) -> str:
        with self.store.read_conn() as conn:
            name = conn.exec_driver_sql(
                "SELECT filename FROM attachments WHERE report_id = ? AND sha256 = ?",
                (report_id, sha256),
            ).scalar()
        return name or sha256[:16]

    # -- life -----------------------------------------------------------------------------------
    def close(self) -> None:
        try:
            self.viewer_files.cleanup()
            self.store.close()
        finally:
            self.lock.release()

    def close_and_destroy(self, *, forget: bool = False) -> None:
        """Logout's end: close, destroy the key, delete the unreadable store and cache
        (`forget`: the whole profile folder)."""
        try:
            self.viewer_files.cleanup()
            self.store.close()
            destroy_local_data(self.account.server_url, self.account.username)
        finally:
            self.lock.release()
        if forget:  # after the lock is released: its file is in the folder (Windows)
            shutil.rmtree(
                paths.profile_dir(self.account.server_url, self.account.username),
                ignore_errors=True,
            )

    def __enter__(self) -> Profile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _locked(server_url: str, username: str) -> ProfileLock:
    return ProfileLock(paths.profile_dir(server_url, username)).acquire()


def create(
    account: Account,
    credentials: TokenSource,
    settings: Settings,
    *,
    keys: Any = None,
    ask: Any = None,
) -> Profile:
    """After a login: lock the profile (a second desk on it is refused), open its store, save the
    account in it and remember it as this computer's last account (`keys`, `ask`: `open_store`)."""
    lock = _locked(account.server_url, account.username)
    try:
        store = open_store(account.server_url, account.username, keys=keys, ask=ask)
        try:
            with store.write_conn() as conn:
                save_account(conn, account)
        except BaseException:
            store.close()
            raise
    except BaseException:
        lock.release()
        raise
    remember_last(account)
    return Profile(account, store, lock, credentials, settings)


def open_existing(
    server_url: str,
    username: str,
    credentials: TokenSource,
    settings: Settings,
    *,
    keys: Any = None,
    ask: Any = None,
) -> Profile | None:
    """Open a profile a login made before.

    Returns None, holding nothing, when the profile has no store or no account yet (a login never
    finished); a profile already open elsewhere raises ProfileInUseError.
    """
    if not paths.store_path(server_url, username).exists():
        return None
    lock = _locked(server_url, username)
    try:
        store = open_store(server_url, username, keys=keys, ask=ask)
        try:
            with store.read_conn() as conn:
                account = load_account(conn)
        except BaseException:
            store.close()
            raise
    except BaseException:
        lock.release()
        raise
    if account is None:
        store.close()
        lock.release()
        return None
    return Profile(account, store, lock, credentials, settings)


def resume_last(settings: Settings, credentials: Any = None) -> Profile | None:
    """Open this computer's last profile without asking, when its token is still in the keyring.

    This is what lets an officer start the desk without a connection. None when there is no last
    account, no profile for it here, no usable keyring or no token.
    """
    last = last_account()
    if last is None:
        return None
    server_url, username = last
    if not paths.store_path(server_url, username).exists():
        return None
    if credentials is None:
        from lapor_desk.sync.credentials import CredentialStore

        credentials = CredentialStore()
    keyring = credentials
    try:
        token = keyring.get_token(server_url, username)
    except KeyringUnavailableError:
        return None
    if not token:
        return None
    return open_existing(server_url, username, keyring, settings)
