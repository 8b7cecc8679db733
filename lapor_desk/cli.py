"""The headless `lapor-desk` commands for IT, scripts and the crash tests.

    lapor-desk login --server URL --username NAME [--password-stdin] [--ca FILE]
    lapor-desk sync | status | queue | conflicts | doctor | logout     [--json]
    lapor-desk respond REPORT --text TEXT [--final]     (REPORT: tracking id or id)
    lapor-desk note REPORT --text TEXT

Every command takes `--data-dir` (also `LAPOR_DESK_DATA_DIR`), works on the last account logged
in on this computer (or `--server`/`--username`), and writes through the same services, outbox
and sync engine as the GUI. Without a command the GUI starts (`lapor_desk.app.run_gui`).

Exit codes: 0 ok, 1 partial (conflicts) or another expected problem, 2 bad usage or input,
3 offline/server unreachable, 4 authentication or keyring, 5 TLS. Expected problems print one
sentence and the next step, never a traceback; unexpected ones point to the log file.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import socket
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_OFFLINE, EXIT_AUTH, EXIT_TLS = 0, 1, 2, 3, 4, 5

log = logging.getLogger("lapor_desk.cli")


class UsageError(Exception):
    """Bad input on the command line: one sentence, exit code 2."""

    def __init__(self, message_id: str, message_en: str):
        super().__init__(message_en)
        self.message_id = message_id
        self.message_en = message_en


@dataclass
class Out:
    """Where a command prints: data to stdout, messages to stderr, in the chosen language."""

    lang: str
    json: bool
    stdout: TextIO
    stderr: TextIO

    def say(self, text_id: str, text_en: str, *, err: bool = False) -> None:
        print(text_en if self.lang == "en" else text_id, file=self.stderr if err else self.stdout)

    def both(self, text_id: str, text_en: str) -> str:
        """Indonesian with English in parentheses (doctor), or English only with --lang en."""
        return text_en if self.lang == "en" else f"{text_id} ({text_en})"

    def data(self, value: Any) -> None:
        print(json.dumps(value, ensure_ascii=False, indent=2, default=str), file=self.stdout)
        self.stdout.flush()


# -- parser -------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        default=argparse.SUPPRESS,
        help="profile location (default: the user data directory; env LAPOR_DESK_DATA_DIR)",
    )
    common.add_argument("--lang", choices=("id", "en"), default=argparse.SUPPRESS)
    common.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS)
    account = argparse.ArgumentParser(add_help=False)
    account.add_argument("--server", help="server URL of the profile (default: last login)")
    account.add_argument("--username", help="account of the profile (default: last login)")
    js = argparse.ArgumentParser(add_help=False)
    js.add_argument("--json", action="store_true", help="print machine-readable JSON")

    p = argparse.ArgumentParser(
        prog="lapor-desk",
        description="LAPOR Desk. Without a command the desktop application starts.",
        parents=[common],
    )
    p.add_argument("--demo", action="store_true", help="start the demo server and open the desk")
    p.add_argument("--force-login", action="store_true", help="show the login dialog")
    p.add_argument("--self-test", action="store_true", help="check this installation and exit")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    s = sub.add_parser(
        "login", parents=[common, js], help="log in and keep the token in the keyring"
    )
    s.add_argument("--server", required=True)
    s.add_argument("--username", required=True)
    s.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    s.add_argument("--ca", help="CA bundle (PEM) of the agency, kept in the user settings")
    s.add_argument("--proxy", help="'system', 'none' or http(s)://host:port")
    s.add_argument("--device-name", default=None)

    s = sub.add_parser("sync", parents=[common, account, js], help="one sync round")
    s.add_argument("--password-stdin", action="store_true", help="log in for this run only")
    sub.add_parser(
        "status", parents=[common, account, js], help="pending work, conflicts, last sync"
    )
    s = sub.add_parser("queue", parents=[common, account, js], help="the local outbox")
    s.add_argument("--all", action="store_true", help="include sent and discarded entries")
    sub.add_parser("conflicts", parents=[common, account, js], help="ops the server did not accept")
    for name, what in (("respond", "a public response"), ("note", "an internal note")):
        s = sub.add_parser(name, parents=[common, account, js], help=f"queue {what}")
        s.add_argument("report", metavar="REPORT", help="tracking id (MMK-...) or id")
        s.add_argument("--text", required=True)
        if name == "respond":
            s.add_argument("--final", action="store_true", help="the final answer (Selesai)")
    s = sub.add_parser("doctor", parents=[common, account, js], help="diagnose the connection")
    s.add_argument("--no-network", action="store_true", help="local checks only")
    s = sub.add_parser(
        "logout",
        parents=[common, account, js],
        help="revoke the token and destroy the key of the local data",
    )
    s.add_argument(
        "--discard-unsent",
        action="store_true",
        help="log out even though unsent work would be lost with the key",
    )
    s.add_argument(
        "--forget",
        action="store_true",
        help='"forget this computer": also delete the whole profile folder',
    )
    _add_deploy_parsers(sub, common, js)
    return p


# -- entry point --------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None, *, stdin: TextIO | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed the usage line
        return EXIT_USAGE if exc.code not in (0, None) else EXIT_OK
    lang = getattr(args, "lang", None) or _default_lang()
    out = Out(lang, bool(getattr(args, "json", False)), sys.stdout, sys.stderr)
    _apply_data_dir(getattr(args, "data_dir", None))
    if getattr(args, "self_test", False):
        from lapor_desk.deploy.selftest import main as self_test

        return self_test()
    if not args.command:
        return _gui(args, out)
    log_path = _setup_logging(bool(getattr(args, "verbose", False)))
    command = COMMANDS[args.command]
    try:
        return command(args, out, stdin or sys.stdin)
    except UsageError as exc:
        out.say(exc.message_id, exc.message_en, err=True)
        return EXIT_USAGE
    except KeyboardInterrupt:
        out.say("Dibatalkan.", "Cancelled.", err=True)
        return 130
    except Exception as exc:  # typed errors print a sentence; anything else is a bug
        return _report_error(exc, out, log_path)
    finally:
        from lapor_desk.deploy.logs import remove_logging

        remove_logging()  # main() may run many times in one process (tests, crash loop)


def _report_error(exc: BaseException, out: Out, log_path: Path | None) -> int:
    from lapor_desk.errors import DeskError

    if isinstance(exc, DeskError):
        log.info("%s: %s", exc.code, exc)
        if out.json:
            out.data(exc.as_dict(out.lang))
        out.say(exc.user_message("id"), exc.user_message("en"), err=True)
        out.say(exc.next_step("id"), exc.next_step("en"), err=True)
        return exc.exit_code
    log.exception("unexpected failure")
    where = str(log_path) if log_path else "-"
    out.say(
        f"Terjadi kesalahan tak terduga (bug). Detail ada di log: {where}",
        f"An unexpected error occurred (a bug). Details are in the log: {where}",
        err=True,
    )
    return EXIT_PARTIAL


def _default_lang() -> str:
    try:
        from lapor_desk.settings import Settings

        return Settings.load().get("language") or "id"
    except Exception:
        return "id"


def _apply_data_dir(data_dir: str | None) -> None:
    if not data_dir:
        return
    root = Path(data_dir).expanduser().resolve()
    os.environ["LAPOR_DESK_DATA_DIR"] = str(root)
    # A portable profile location keeps its settings beside it (unless told otherwise).
    os.environ.setdefault("LAPOR_DESK_CONFIG_DIR", str(root / "config"))


def _setup_logging(verbose: bool) -> Path | None:
    from lapor_desk.deploy.logs import setup_logging

    try:
        return setup_logging(console=verbose, filename="cli.log")
    except OSError:  # an unwritable log folder must not stop a command
        return None


def _gui(args: argparse.Namespace, out: Out) -> int:
    try:
        from lapor_desk.app import run_gui
    except ImportError as exc:
        out.say(
            f"Tampilan LAPOR Desk tidak tersedia di instalasi ini ({exc}). Perintah tanpa tampilan "
            "tetap bisa dipakai: lapor-desk --help",
            f"The LAPOR Desk window is not available in this installation ({exc}). The headless "
            "commands still work: lapor-desk --help",
            err=True,
        )
        return EXIT_PARTIAL
    return int(run_gui(args) or 0)


# -- profile --------------------------------------------------------------------------------------


@dataclass
class Opened:
    account: Any
    store: Any
    lock: Any
    settings: Any

    def close(self) -> None:
        self.store.close()
        self.lock.release()


def _settings():
    from lapor_desk.settings import Settings

    return Settings.load()


def _which(args: argparse.Namespace) -> tuple[str, str]:
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


def _open(args: argparse.Namespace) -> Opened:
    from lapor_desk import paths
    from lapor_desk.sync.profile_keys import open_account_store

    server, username = _which(args)
    store_path = paths.store_path(server, username)
    if not store_path.exists():
        raise UsageError(
            f"Belum ada profil untuk {username} di {server}. Jalankan dulu: lapor-desk login",
            f"No profile for {username} on {server}. First run: lapor-desk login",
        )
    opened = open_account_store(server, username, ask=_ask_passphrase)
    if opened is None:
        raise UsageError(
            "Profil ini belum lengkap; login lagi: lapor-desk login",
            "This profile is incomplete; log in again: lapor-desk login",
        )
    account, store, lock = opened
    return Opened(account, store, lock, _settings())


def _ask_passphrase(new: bool) -> str | None:
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


def _transport(settings: Any, server_url: str, cancel: threading.Event | None = None):
    from lapor_desk.sync.transport import Transport

    return Transport(
        server_url,
        ca_bundle=settings.get("ca_bundle"),
        proxy=settings.get("proxy"),
        cancel=cancel,
    )


def _read_password(args: argparse.Namespace, stdin: TextIO) -> str:
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


# -- commands -------------------------------------------------------------------------------------


def cmd_login(args: argparse.Namespace, out: Out, stdin: TextIO) -> int:
    from lapor_desk import paths
    from lapor_desk.errors import TlsError
    from lapor_desk.models.account import remember_last, save_account
    from lapor_desk.models.lock import ProfileLock
    from lapor_desk.settings import SettingLockedError
    from lapor_desk.sync.credentials import CredentialStore
    from lapor_desk.sync.profile_keys import open_profile_store

    settings = _settings()
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
    password = _read_password(args, stdin)
    keyring = CredentialStore()
    device = args.device_name or f"{socket.gethostname()} (lapor-desk CLI)"
    with _transport(settings, args.server) as t:
        info = keyring.login(t, args.username, password, device)
    account = info.account
    lock = ProfileLock(paths.profile_dir(account.server_url, account.username)).acquire()
    try:
        store = open_profile_store(account.server_url, account.username, ask=_ask_passphrase)
        try:
            with store.write_conn() as conn:
                save_account(conn, account)
        finally:
            store.close()
    finally:
        lock.release()
    remember_last(account)
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
    import shutil

    from lapor_desk import paths
    from lapor_desk.errors import DeskError, PassphraseRequired
    from lapor_desk.models.account import forget_last
    from lapor_desk.sync.credentials import CredentialStore
    from lapor_desk.sync.profile_keys import ProfileKeys, discard_unreadable

    server, username = _which(args)
    pending = 0
    opened: Opened | None = None
    try:
        opened = _open(args)
    except PassphraseRequired:
        if not (args.discard_unsent or args.forget):
            raise
        log.info("logout without the local passphrase: the local data is discarded unread")
    settings = opened.settings if opened is not None else _settings()
    try:
        if opened is not None:
            pending = _count(
                opened.store, "state IN ('pending', 'sending', 'conflict', 'rejected')"
            )
            if pending and not args.discard_unsent:
                return _refuse_logout(out, pending)
        keyring = CredentialStore()
        try:
            with _transport(settings, server) as t:
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
        ProfileKeys().destroy(server, username)
        discard_unreadable(paths.store_path(server, username))
        if args.forget:
            shutil.rmtree(paths.profile_dir(server, username), ignore_errors=True)
        forget_last()
    finally:
        if opened is not None:
            opened.store.close()
            opened.lock.release()
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


def cmd_sync(args: argparse.Namespace, out: Out, stdin: TextIO) -> int:
    from lapor_desk.errors import KeyringUnavailableError
    from lapor_desk.sync.credentials import CredentialStore, MemoryCredentials
    from lapor_desk.sync.engine import SyncEngine

    opened = _open(args)
    try:
        account, settings = opened.account, opened.settings
        credentials: Any = CredentialStore()
        token = None
        try:
            token = credentials.get_token(account.server_url, account.username)
        except KeyringUnavailableError:
            if not args.password_stdin:
                raise
        if not token and args.password_stdin:
            password = _read_password(args, stdin)
            with _transport(settings, account.server_url) as t:
                info = CredentialStore().login(
                    t, account.username, password, f"{socket.gethostname()} (sync)", remember=False
                )
            credentials = MemoryCredentials(info.token)
        engine = SyncEngine(
            opened.store,
            lambda cancel: _transport(settings, account.server_url, cancel),
            credentials,
            account,
        )
        progress = _progress_printer(out) if (sys.stderr.isatty() and not out.json) else None
        report = engine.run_once(progress=progress)
    finally:
        opened.close()
    if out.json:
        out.data(report.as_dict())
    else:
        _print_sync(report, out)
    return report.exit_code


def _progress_printer(out: Out) -> Callable[[str, int, int | None], None]:
    names = {
        "push": ("kirim", "push"),
        "pull": ("terima", "pull"),
        "resync": ("baca ulang", "resync"),
        "index": ("indeks", "index"),
        "check": ("periksa", "check"),
    }

    def progress(phase: str, done: int, total: int | None) -> None:
        label = names.get(phase, (phase, phase))[1 if out.lang == "en" else 0]
        of = f"/{total}" if total else ""
        print(f"\r{label}: {done}{of}   ", end="", file=out.stderr, flush=True)

    return progress


def _print_sync(report: Any, out: Out) -> None:
    if report.pushed or report.pending_after:
        out.say(
            f"Terkirim: {report.applied} diterapkan, {report.duplicate} sudah ada sebelumnya, "
            f"{report.conflicts} konflik, {report.rejected} ditolak; "
            f"{report.pending_after} masih menunggu.",
            f"Pushed: {report.applied} applied, {report.duplicate} already there, "
            f"{report.conflicts} conflict(s), {report.rejected} rejected; "
            f"{report.pending_after} waiting.",
        )
    out.say(
        f"Diterima: {report.reports_changed} laporan berubah, {report.reports_removed} keluar dari "
        f"antrean ({report.pages} halaman, {report.requests} permintaan, "
        f"{report.seconds:.1f} dtk).",
        f"Pulled: {report.reports_changed} report(s) changed, {report.reports_removed} left the "
        f"queue ({report.pages} page(s), {report.requests} request(s), {report.seconds:.1f} s).",
    )
    if report.full_resync:
        out.say("Sinkronisasi penuh dilakukan.", "A full resync was done.")
    if report.conflicts or report.rejected:
        out.say(
            "Ada pekerjaan yang tidak diterima server; lihat: lapor-desk conflicts",
            "Some work was not accepted by the server; see: lapor-desk conflicts",
        )
    if report.error is not None:
        e = report.error
        out.say(e.user_message("id"), e.user_message("en"), err=True)
        out.say(e.next_step("id"), e.next_step("en"), err=True)


def _count(store: Any, where: str) -> int:
    with store.read_conn() as conn:
        return conn.exec_driver_sql(f"SELECT count(*) FROM outbox WHERE {where}").scalar_one()


def _state(store: Any) -> dict[str, Any]:
    with store.read_conn() as conn:
        return dict(
            conn.exec_driver_sql(
                "SELECT key, value FROM sync_state WHERE key NOT LIKE 'uploaded:%'"
            ).all()
        )


def cmd_status(args: argparse.Namespace, out: Out, stdin: TextIO) -> int:
    opened = _open(args)
    try:
        store, account = opened.store, opened.account
        state = _state(store)
        with store.read_conn() as conn:
            reports = conn.exec_driver_sql("SELECT count(*) FROM reports").scalar_one()
            by_state = dict(
                conn.exec_driver_sql("SELECT state, count(*) FROM outbox GROUP BY state").all()
            )
    finally:
        opened.close()
    pending = by_state.get("pending", 0) + by_state.get("sending", 0)
    conflicts = by_state.get("conflict", 0) + by_state.get("rejected", 0)
    last_error = json.loads(state["last_error"]) if state.get("last_error") else None
    data = {
        "server_url": account.server_url,
        "username": account.username,
        "role": account.role,
        "agency_code": account.agency_code,
        "reports": reports,
        "pending": pending,
        "conflicts": conflicts,
        "outbox": by_state,
        "last_success": state.get("last_success"),
        "last_attempt": state.get("last_attempt"),
        "last_error": last_error,
    }
    if out.json:
        out.data(data)
        return EXIT_OK
    never_id, never_en = "belum pernah", "never"
    opd = f", {account.agency_code}" if account.agency_code else ""
    out.say(f"Server: {account.server_url}", f"Server: {account.server_url}")
    out.say(
        f"Akun: {account.username} ({account.role}{opd})",
        f"Account: {account.username} ({account.role}{opd})",
    )
    out.say(f"Laporan di antrean: {reports}", f"Reports in the queue: {reports}")
    out.say(f"Menunggu dikirim: {pending}", f"Waiting to be sent: {pending}")
    out.say(f"Konflik: {conflicts}", f"Conflicts: {conflicts}")
    out.say(
        f"Sinkronisasi berhasil terakhir: {state.get('last_success') or never_id}",
        f"Last successful sync: {state.get('last_success') or never_en}",
    )
    if last_error:
        out.say(
            f"Masalah terakhir: {last_error['message']}",
            f"Last problem: {last_error['detail'] or last_error['error']}",
        )
    return EXIT_OK


def cmd_queue(args: argparse.Namespace, out: Out, stdin: TextIO) -> int:
    opened = _open(args)
    try:
        where = "" if args.all else " WHERE o.state NOT IN ('done', 'discarded')"
        with opened.store.read_conn() as conn:
            rows = conn.exec_driver_sql(
                "SELECT o.seq, o.op_id, o.kind, o.report_id, r.tracking_id, o.report_title,"
                " o.state,"
                " o.attempts, o.created_at, o.outcome_detail, o.payload FROM outbox AS o"
                " LEFT JOIN reports AS r ON r.id = o.report_id" + where + " ORDER BY o.seq"
            ).all()
    finally:
        opened.close()
    items = []
    for r in rows:
        payload = json.loads(r.payload)
        items.append(
            {
                "seq": r.seq,
                "op_id": r.op_id,
                "kind": r.kind,
                "report_id": r.report_id,
                "tracking_id": r.tracking_id,
                "title": r.report_title,
                "state": r.state,
                "attempts": r.attempts,
                "created_at": r.created_at,
                "detail": r.outcome_detail,
                "text": payload.get("text") or payload.get("reason"),
            }
        )
    if out.json:
        out.data(items)
        return EXIT_OK
    if not items:
        out.say("Antrean kirim kosong.", "The outbox is empty.")
    for it in items:
        text = (it["text"] or "").replace("\n", " ")
        text = text if len(text) <= 60 else text[:57] + "..."
        print(
            f"{it['seq']:>5}  {it['state']:<9} {it['kind']:<9} "
            f"{it['tracking_id'] or it['report_id'][:13]:<16}"
            f" x{it['attempts']}  {text}",
            file=out.stdout,
        )
    return EXIT_OK


def cmd_conflicts(args: argparse.Namespace, out: Out, stdin: TextIO) -> int:
    from lapor_desk.services.actions import DeskActions

    opened = _open(args)
    try:
        items = DeskActions(opened.store, opened.account).conflicts()
    finally:
        opened.close()
    if out.json:
        out.data([it.__dict__ if hasattr(it, "__dict__") else _slots(it) for it in items])
        return EXIT_OK
    if not items:
        out.say("Tidak ada konflik.", "No conflicts.")
    for it in items:
        print(f"- {it.report_title or it.report_id} [{it.kind}, {it.state}]", file=out.stdout)
        print(f"  {it.detail or ''}", file=out.stdout)
        print(f"  {(it.text or '').strip()}", file=out.stdout)
    return EXIT_PARTIAL if items else EXIT_OK


def _slots(obj: Any) -> dict[str, Any]:
    return {k: getattr(obj, k) for k in obj.__slots__}


def _write_action(kind: str) -> Callable[[argparse.Namespace, Out, TextIO], int]:
    def command(args: argparse.Namespace, out: Out, stdin: TextIO) -> int:
        from lapor_desk.services.actions import DeskActions

        opened = _open(args)
        try:
            actions = DeskActions(opened.store, opened.account)
            if kind == "respond":
                change = actions.respond(args.report, args.text, final=args.final)
            else:
                change = actions.note(args.report, args.text)
        finally:
            opened.close()
        (report_id,) = change.report_ids
        # The acknowledgement: printed only after the transaction committed (I1).
        if out.json:
            out.data({"saved": True, "op_id": change.op_id, "report_id": report_id, "kind": kind})
        else:
            print(f"SAVED {change.op_id} {report_id}", file=out.stdout, flush=True)
            out.say(
                "Tersimpan; dikirim pada sinkronisasi berikutnya.",
                "Saved; it is sent with the next sync.",
                err=True,
            )
        return EXIT_OK

    return command


COMMANDS: dict[str, Callable[[argparse.Namespace, Out, TextIO], int]] = {
    "login": cmd_login,
    "logout": cmd_logout,
    "sync": cmd_sync,
    "status": cmd_status,
    "queue": cmd_queue,
    "conflicts": cmd_conflicts,
    "respond": _write_action("respond"),
    "note": _write_action("note"),
}


# -- doctor -------------------------------------------------------------------------------------


def cmd_doctor(args: argparse.Namespace, out: Out, stdin: TextIO) -> int:
    from lapor_desk.sync.doctor import diagnose, exit_code

    checks = diagnose(
        _settings(),
        server=getattr(args, "server", None),
        username=getattr(args, "username", None),
        network=not args.no_network,
    )
    code = exit_code(checks)
    if out.json:
        out.data({"checks": [c.as_dict(out.lang) for c in checks], "exit_code": code})
        return code
    marks = {True: "OK", None: "AWAS" if out.lang != "en" else "WARN", False: "GAGAL"}
    if out.lang == "en":
        marks[False] = "FAIL"
    for c in checks:
        print(f"[{marks[c.ok]:<5}] {out.both(c.message_id, c.message_en)}", file=out.stdout)
        if c.fix_id and c.ok is not True:
            print(f"        -> {out.both(c.fix_id, c.fix_en)}", file=out.stdout)
    return code


COMMANDS["doctor"] = cmd_doctor


# -- deployment: configure, support-zip, check-update (lapor_desk/deploy, docs/deploy.md) ---------


def _add_deploy_parsers(sub: Any, common: argparse.ArgumentParser, js: argparse.ArgumentParser):
    from lapor_desk.deploy import configure

    s = sub.add_parser("configure", parents=[common], help="machine configuration (IT)")
    configure.add_arguments(s)
    s = sub.add_parser("support-zip", parents=[common], help="one zip of logs and checks")
    s.add_argument("--output", default=".", help="folder or .zip file (default: here)")
    s.add_argument("--no-network", action="store_true", help="doctor without network checks")
    sub.add_parser("check-update", parents=[common, js], help="is a newer desk announced?")


def cmd_configure(args: argparse.Namespace, out: Out, stdin: TextIO) -> int:
    from lapor_desk.deploy import configure

    return configure.run(args, out.stdout, out.stderr)


def cmd_support_zip(args: argparse.Namespace, out: Out, stdin: TextIO) -> int:
    import contextlib
    import io

    from lapor_desk.deploy import logs, selftest

    def doctor() -> str:
        buffer = io.StringIO()
        doctor_args = argparse.Namespace(server=None, username=None, no_network=args.no_network)
        cmd_doctor(doctor_args, Out(out.lang, False, buffer, buffer), stdin)
        return buffer.getvalue()

    def self_test() -> str:
        # Without Qt: the zip may be made where no display and no Qt plugins work.
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            selftest.main(qt=False)
        return buffer.getvalue()

    path = logs.export_support_zip(Path(args.output), doctor=doctor, selftest=self_test)
    out.say(f"Berkas dukungan: {path}", f"Support file: {path}")
    return EXIT_OK


#: `check-update` exit code when a newer desk is announced (distinct from the error codes)
EXIT_UPDATE_AVAILABLE = 10


def cmd_check_update(args: argparse.Namespace, out: Out, stdin: TextIO) -> int:
    from lapor_desk.deploy import updates

    try:
        notice = updates.check_configured()
    except ValueError:
        raise UsageError(
            "Alamat server belum diatur: lapor-desk configure --server URL",
            "No server address configured: lapor-desk configure --server URL",
        ) from None
    if out.json:
        out.data(None if notice is None else {**notice.__dict__, "message": notice.message()})
    elif notice is None:
        out.say("LAPOR Desk di komputer ini sudah terbaru.", "LAPOR Desk is up to date.")
    else:
        out.say(notice.message("id"), notice.message("en"))
        print(notice.details(), file=out.stdout)
    return EXIT_OK if notice is None else EXIT_UPDATE_AVAILABLE


COMMANDS["configure"] = cmd_configure
COMMANDS["support-zip"] = cmd_support_zip
COMMANDS["check-update"] = cmd_check_update
