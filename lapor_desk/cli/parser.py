"""The command line of `lapor-desk`: every command, its flags and their help (a public interface:
extend, never rename or drop)."""

from __future__ import annotations

import argparse
from typing import Any


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        default=argparse.SUPPRESS,
        help="profile location (default: the user data directory; env LAPOR_DESK_DATA_DIR)",
    )
    common.add_argument(
        "--lang",
        choices=("id", "en"),
        default=argparse.SUPPRESS,
        help="language of the messages (default: the desk's language setting)",
    )
    common.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=argparse.SUPPRESS,
        help="log more detail to the log file",
    )
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
    p.add_argument(
        "--demo-role",
        choices=["petugas", "koordinator"],
        default=None,
        help="with --demo: open the desk as this role (default petugas; koordinator sees new "
        "reports, e.g. from Akai Meno, arrive in Penyaringan, Screening)",
    )
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
    add_deploy_parsers(sub, common, js)
    return p


def add_deploy_parsers(sub: Any, common: argparse.ArgumentParser, js: argparse.ArgumentParser):
    from lapor_desk.deploy import configure

    s = sub.add_parser("configure", parents=[common], help="machine configuration (IT)")
    configure.add_arguments(s)
    s = sub.add_parser("support-zip", parents=[common], help="one zip of logs and checks")
    s.add_argument("--output", default=".", help="folder or .zip file (default: here)")
    s.add_argument("--no-network", action="store_true", help="doctor without network checks")
    sub.add_parser("check-update", parents=[common, js], help="is a newer desk announced?")
