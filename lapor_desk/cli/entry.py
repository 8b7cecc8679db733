"""`lapor-desk` entry point: parse, pick the command, turn every expected failure into one sentence
and an exit code (see the package docstring)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from lapor_desk.cli import account, deploy, doctor, syncing, work
from lapor_desk.cli.output import EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, Out, UsageError
from lapor_desk.cli.parser import build_parser

log = logging.getLogger("lapor_desk.cli")

Command = Callable[[argparse.Namespace, Out, TextIO], int]

COMMANDS: dict[str, Command] = {
    "login": account.cmd_login,
    "logout": account.cmd_logout,
    "sync": syncing.cmd_sync,
    "status": work.cmd_status,
    "queue": work.cmd_queue,
    "conflicts": work.cmd_conflicts,
    "respond": work.write_action("respond"),
    "note": work.write_action("note"),
    "doctor": doctor.cmd_doctor,
    "configure": deploy.cmd_configure,
    "support-zip": deploy.cmd_support_zip,
    "check-update": deploy.cmd_check_update,
}


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
        code = command(args, out, stdin or sys.stdin)
        sys.stdout.flush()  # a closed pipe shows here, inside the handlers below
        return code
    except UsageError as exc:
        out.say(exc.message_id, exc.message_en, err=True)
        return EXIT_USAGE
    except KeyboardInterrupt:
        out.say("Dibatalkan.", "Cancelled.", err=True)
        return 130
    except BrokenPipeError:
        # `lapor-desk configure --print | head`: the reader left; that is no bug to report.
        return _reader_gone()
    except Exception as exc:  # typed errors print a sentence; anything else is a bug
        return report_error(exc, out, log_path)
    finally:
        from lapor_desk.deploy.logs import remove_logging

        remove_logging()  # main() may run many times in one process (tests, crash loop)


def _reader_gone() -> int:
    """stdout's reader closed the pipe: stop quietly, and keep Python's exit-time flush of the
    dead pipe from printing a traceback either."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass  # stdout is not a real file (tests): nothing will be flushed to it
    return EXIT_OK


def report_error(exc: BaseException, out: Out, log_path: Path | None) -> int:
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
