"""Which profile a command works on (`--server`/`--username`, else this computer's last login),
opened through `lapor_desk/profile.py` like the GUI's; the settings; the password prompt."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING, Any, TextIO

from lapor_desk.cli.output import UsageError

if TYPE_CHECKING:
    from lapor_desk.profile import Profile
    from lapor_desk.settings import Settings


def settings() -> Settings:
    from lapor_desk.settings import Settings

    return Settings.load()


def which(args: argparse.Namespace) -> tuple[str, str]:
    from lapor_desk.models.account import last_account, normalise_server_url

    server, username = getattr(args, "server", None), getattr(args, "username", None)
    if server and username:
        return normalise_server_url(server), username
    last = last_account()
    if last is None:
        raise UsageError(
            "Belum ada akun di komputer ini. Jalankan dulu: "
            "lapor-desk login --server URL --username NAMA",
            "No account on this computer yet. First run: "
            "lapor-desk login --server URL --username NAME",
        )
    return (normalise_server_url(server) if server else last[0]), (username or last[1])


def open_profile(args: argparse.Namespace, credentials: Any = None) -> Profile:
    """The profile the command works on, locked and open; `close()` it when done.

    `credentials` default to the OS keyring (read only when a command needs the token).
    """
    from lapor_desk import paths, profile
    from lapor_desk.sync.credentials import CredentialStore

    server, username = which(args)
    if not paths.store_path(server, username).exists():
        raise UsageError(
            f"Belum ada profil untuk {username} di {server}. Jalankan dulu: lapor-desk login",
            f"No profile for {username} on {server}. First run: lapor-desk login",
        )
    opened = profile.open_existing(
        server,
        username,
        credentials if credentials is not None else CredentialStore(),
        settings(),
        ask=ask_passphrase,
    )
    if opened is None:
        raise UsageError(
            "Profil ini belum lengkap; login lagi: lapor-desk login",
            "This profile is incomplete; log in again: lapor-desk login",
        )
    return opened


def ask_passphrase(new: bool) -> str | None:
    """The local passphrase (computers without a keyring): LAPOR_DESK_PASSPHRASE, or asked on
    the terminal (twice when choosing a new one); None when neither is possible."""
    from lapor_desk.sync.profile_keys import env_passphrase

    given = env_passphrase(new)
    if given or not sys.stdin.isatty():
        return given
    print(
        "Tidak ada keyring: data lokal dienkripsi dengan kunci yang dilindungi frasa sandi lokal.\n"
        "No keyring: the local data is encrypted with a key protected by a local passphrase.",
        file=sys.stderr,
    )
    first = getpass.getpass("Frasa sandi lokal (local passphrase): ")
    if new and first != getpass.getpass("Ulangi (repeat): "):
        raise UsageError("Kedua frasa sandi tidak sama.", "The two passphrases differ.")
    return first or None


def read_password(args: argparse.Namespace, stdin: TextIO) -> str:
    if getattr(args, "password_stdin", False):
        line = stdin.readline()
        password = line.rstrip("\r\n")
    elif sys.stdin.isatty():
        password = getpass.getpass("Kata sandi (password): ")
    else:
        raise UsageError(
            "Tidak ada terminal untuk menanyakan kata sandi; pakai --password-stdin.",
            "No terminal to ask for the password; use --password-stdin.",
        )
    if not password:
        raise UsageError("Kata sandi kosong.", "Empty password.")
    return password
