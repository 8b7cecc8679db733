"""`lapor-desk sync`: one round of the same sync engine the GUI runs (docs/sync.md); with
`--password-stdin` a token for this run only, where no keyring is usable."""

from __future__ import annotations

import argparse
import socket
import sys
from collections.abc import Callable
from typing import Any, TextIO

from lapor_desk.cli import opening
from lapor_desk.cli.output import Out


def cmd_sync(args: argparse.Namespace, out: Out, stdin: TextIO) -> int:
    from lapor_desk.errors import KeyringUnavailableError
    from lapor_desk.sync.credentials import CredentialStore, MemoryCredentials

    opened = opening.open_profile(args)
    try:
        account = opened.account
        credentials: Any = opened.credentials
        token = None
        try:
            token = credentials.get_token(account.server_url, account.username)
        except KeyringUnavailableError:
            if not args.password_stdin:
                raise
        if not token and args.password_stdin:
            password = opening.read_password(args, stdin)
            with opened.transport() as t:
                info = CredentialStore().login(
                    t, account.username, password, f"{socket.gethostname()} (sync)", remember=False
                )
            credentials = MemoryCredentials(info.token)
        opened.credentials = credentials  # before the engine is made: it reads the token
        progress = _progress_printer(out) if (sys.stderr.isatty() and not out.json) else None
        report = opened.engine.run_once(progress=progress)
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
