"""Deployment commands (lapor_desk/deploy, docs/deploy.md): `configure` (machine configuration),
`support-zip` (logs and checks in one file), `check-update` (is a newer desk announced?)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from lapor_desk.cli.doctor import cmd_doctor
from lapor_desk.cli.output import EXIT_OK, EXIT_UPDATE_AVAILABLE, Out, UsageError


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
