"""`lapor-desk doctor`: what stands between this desk and its server (settings, keyring, DNS, TLS,
the local database and outbox), each check with a fix, in Indonesian and English."""

from __future__ import annotations

import argparse
from typing import TextIO

from lapor_desk.cli import opening
from lapor_desk.cli.output import Out


def cmd_doctor(args: argparse.Namespace, out: Out, stdin: TextIO) -> int:
    from lapor_desk.sync.doctor import diagnose, exit_code

    checks = diagnose(
        opening.settings(),
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
