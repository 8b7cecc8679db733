"""`lapor-desk login` and `logout`: the device token in the OS keyring and the profile opened the
way the GUI does it (lapor_desk/profile.py); logout destroys the profile key, refusing while
unsent work would be lost with it."""

from __future__ import annotations

import argparse
import logging
import socket
from typing import TextIO

from lapor_desk.cli import opening
from lapor_desk.cli.output import EXIT_OK, EXIT_PARTIAL, Out, UsageError

log = logging.getLogger("lapor_desk.cli")


def cmd_login(args: argparse.Namespace, out: Out, stdin: TextIO) -> int:
    from lapor_desk import profile
    from lapor_desk.errors import TlsError
    from lapor_desk.settings import SettingLockedError
    from lapor_desk.sync.credentials import CredentialStore

    settings = opening.settings()
    try:
        settings.set("server_url", args.server)
        if args.ca:
            settings.set("ca_bundle", args.ca)
        if args.proxy:
            settings.set("proxy", args.proxy)
    except SettingLockedError as exc:
        raise UsageError(str(exc), str(exc)) from exc
    except ValueError as exc:
        if getattr(exc, "reason", None) == "plain_http":  # settings.SettingValueError
            raise TlsError(str(exc), reason="plain_http") from exc
        raise UsageError(f"Isian tidak valid: {exc}", f"Invalid value: {exc}") from exc
    password = opening.read_password(args, stdin)
    keyring = CredentialStore()
    device = args.device_name or f"{socket.gethostname()} (lapor-desk CLI)"
    with profile.make_transport(settings, args.server) as t:
        info = keyring.login(t, args.username, password, device)
    account = info.account
    # Lock the profile, open (or create) its store, record the account: the GUI's way.
    profile.create(account, keyring, settings, ask=opening.ask_passphrase).close()
    try:
        settings.set("last_username", account.username)
        settings.save()
    except (OSError, ValueError, SettingLockedError) as exc:
        log.warning("could not save settings: %r", exc)
    if out.json:
        out.data({"logged_in": True, **account.as_dict(), "expires_at": info.expires_at})
    else:
        who = account.display_name or account.username
        out.say(
            f"Masuk sebagai {who} ({account.role}) di {account.server_url}. "
            "Token disimpan di keyring.",
            f"Logged in as {who} ({account.role}) on {account.server_url}. "
            "Token kept in the keyring.",
        )
    return EXIT_OK


def cmd_logout(args: argparse.Namespace, out: Out, stdin: TextIO) -> int:
    """Revoke the token, forget it, and destroy the profile key: the local store and cache can
    no longer be read by anyone and are deleted. Unsent work would be lost with the key, so it
    must be synced first or discarded explicitly (--discard-unsent)."""
    from lapor_desk import profile
    from lapor_desk.errors import DeskError, PassphraseRequired
    from lapor_desk.models.account import forget_last
    from lapor_desk.services.profile_status import unsent_count
    from lapor_desk.sync.credentials import CredentialStore

    server, username = opening.which(args)
    pending = 0
    opened = None
    try:
        opened = opening.open_profile(args)
    except PassphraseRequired:
        if not (args.discard_unsent or args.forget):
            raise
        log.info("logout without the local passphrase: the local data is discarded unread")
    settings = opened.settings if opened is not None else opening.settings()
    try:
        if opened is not None:
            pending = unsent_count(opened.store)
            if pending and not args.discard_unsent:
                return _refuse_logout(out, pending)
        keyring = CredentialStore()
        try:
            with profile.make_transport(settings, server) as t:
                keyring.logout(t, server, username)
            revoked = True
        except DeskError as exc:
            # Offline: forget the token here anyway; it expires on the server.
            log.info("logout without reaching the server: %s", exc)
            try:
                keyring.delete_token(server, username)
            except DeskError:
                pass  # no keyring: the token was never kept
            revoked = False
        if opened is not None:
            opened.store.close()
        profile.destroy_local_data(server, username, forget=bool(args.forget))
        forget_last()
    finally:
        if opened is not None:
            opened.close()
    if out.json:
        out.data(
            {
                "logged_out": True,
                "revoked_on_server": revoked,
                "unsent_kept": 0,
                "unsent_discarded": pending,
                "key_destroyed": True,
                "forgotten": bool(args.forget),
            }
        )
    else:
        out.say(
            "Keluar. Token dihapus dari keyring; kunci data lokal dimusnahkan.",
            "Logged out. Token removed from the keyring; the key of the local data destroyed.",
        )
        if pending:
            out.say(
                f"{pending} pekerjaan belum terkirim dibuang.",
                f"{pending} unsent item(s) discarded.",
            )
    return EXIT_OK


def _refuse_logout(out: Out, pending: int) -> int:
    """Logout would destroy unsent work with the key: nothing is done, exit 1."""
    if out.json:
        out.data({"logged_out": False, "unsent": pending})
    out.say(
        f"Tidak keluar: {pending} pekerjaan belum terkirim akan hilang bersama kunci data lokal. "
        "Jalankan dulu: lapor-desk sync (atau logout --discard-unsent untuk membuangnya).",
        f"Not logged out: {pending} unsent item(s) would be lost with the key of the local data. "
        "First run: lapor-desk sync (or logout --discard-unsent to discard them).",
        err=True,
    )
    return EXIT_PARTIAL
