"""`lapor-server`: run the server, the demo, and the admin tasks of a Diskominfo.

Subcommands: serve, demo, init-db, add-user, set-password, disable-user, enable-user, add-agency,
issue-channel-key, list-channel-keys, revoke-channel-key, revoke-devices, seed, add-holiday,
close-expired, webhooks, digests, centre (cli_centre.py: the region–centre link, docs/pusat.md).
Bad input ends with exit code 2 and one sentence on stderr, never a traceback. This module serves
(serve, demo, init-db) and parses; the account, channel and calendar tasks are `cli_admin.py`,
the webhook tasks `cli_webhooks.py`, the staff digests `cli_digests.py`. Commands and flags are
public: extend, never rename (docs/server.md).
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from lapor_core.workflow import DESK_ROLES, values

DEFAULT_DB = "sqlite:///lapor.sqlite3"


class CliError(Exception):
    """A problem with the user's input or environment; printed as one sentence, exit code 2."""


# --- serving -------------------------------------------------------------------------------------


def _announce_when_ready(url: str, probe_port: int, cafile: str | None) -> None:
    """Print the ready line once /api/v1/health answers (used with several worker processes)."""
    import ssl
    import urllib.request

    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    scheme = "https" if cafile is not None else "http"
    probe = f"{scheme}://127.0.0.1:{probe_port}/api/v1/health"
    for _ in range(600):
        try:
            with urllib.request.urlopen(
                probe, timeout=2, context=ctx if scheme == "https" else None
            ):
                print(f"LAPOR server listening on {url}", flush=True)
                return
        except OSError:
            time.sleep(0.1)


def serve(
    settings,  # type: ignore[no-untyped-def]
    *,
    host: str,
    port: int,
    cert: str | None,
    key: str | None,
    workers: int = 1,
    proxy_headers: bool = False,
    forwarded_allow_ips: str | None = None,
    log_level: str = "info",
) -> None:
    """Serve the API with uvicorn until SIGTERM/SIGINT; prints the ready line when listening."""
    import uvicorn

    from lapor_server import file_modes

    # Everything the server creates is private whatever the umask; what exists is checked.
    file_modes.private_umask()
    file_modes.warn_loose(
        file_modes.server_files(
            settings.db_url, settings.attachments_dir, (key,), limit=file_modes._START_LIMIT
        )
    )
    from uvicorn.supervisors import Multiprocess

    from lapor_server.app import create_app
    from lapor_server.edge_http import MAX_HEADER_BYTES, ProblemH11Protocol

    scheme = "https" if cert else "http"
    url = f"{scheme}://{host}:{port}"
    # uvicorn shuts down gracefully on SIGTERM and then re-raises the signal to the previous
    # handler: make that a clean exit (code 0), as service managers expect after a stop.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    kwargs = dict(
        host=host,
        port=port,
        ssl_certfile=cert,
        ssl_keyfile=key,
        log_level=log_level,
        proxy_headers=proxy_headers,
        forwarded_allow_ips=forwarded_allow_ips,
        server_header=False,
        date_header=True,  # desks compare their clock with the Date header
        timeout_graceful_shutdown=10,
        timeout_keep_alive=30,
        # parse errors (e.g. a 200 KB header) answered as problem details, not plain text
        http=ProblemH11Protocol,
        h11_max_incomplete_event_size=MAX_HEADER_BYTES,
    )
    if workers > 1:
        # uvicorn starts worker processes from an import string; settings travel as env vars.
        os.environ.update(settings.to_env())
        config = uvicorn.Config(
            "lapor_server.app:create_app_from_env", factory=True, workers=workers, **kwargs
        )
        sock = config.bind_socket()
        probe_port = sock.getsockname()[1]
        threading.Thread(
            target=_announce_when_ready, args=(url, probe_port, cert), daemon=True
        ).start()
        Multiprocess(config, sockets=[sock]).run()
        return

    class AnnouncingServer(uvicorn.Server):
        async def startup(self, sockets=None):  # type: ignore[no-untyped-def]
            await super().startup(sockets=sockets)
            if self.started:
                print(f"LAPOR server listening on {url}", flush=True)

    config = uvicorn.Config(create_app(settings), **kwargs)
    server = AnnouncingServer(config)
    server.run()
    if not server.started:
        raise CliError(f"the server could not start on {host}:{port} (see the log above)")


# --- commands ------------------------------------------------------------------------------------


def _settings(args: argparse.Namespace, **extra):  # type: ignore[no-untyped-def]
    from lapor_server.config import ServerSettings, SettingsError

    try:
        return ServerSettings.from_env(
            db_url=getattr(args, "db", None),
            attachments_dir=Path(args.attachments_dir)
            if getattr(args, "attachments_dir", None)
            else None,
            **extra,
        )
    except SettingsError as exc:
        raise CliError(str(exc)) from None


def _db_url(args: argparse.Namespace) -> str:
    return _settings(args).db_url


def _migrate(url: str) -> None:
    from lapor_server.db import upgrade

    try:
        upgrade(url)
    except Exception as exc:  # connection refused, permission denied, bad URL ...
        raise CliError(f"cannot prepare the database {_safe_url(url)}: {_one_line(exc)}") from None


def _safe_url(url: str) -> str:
    from lapor_server.db import normalise_url

    try:
        return normalise_url(url).render_as_string(hide_password=True)
    except Exception:
        return "(invalid URL)"


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else exc.__class__.__name__


def cmd_serve(args: argparse.Namespace) -> int:
    if bool(args.cert) != bool(args.key):
        raise CliError("give both --cert and --key, or neither (plain HTTP behind a proxy)")
    for path in (args.cert, args.key):
        if path and not Path(path).is_file():
            raise CliError(f"file not found: {path}")
    if not args.cert and not args.insecure_http:
        raise CliError(
            "--cert and --key are required (use --insecure-http only behind a TLS reverse proxy)"
        )
    settings = _settings(args)
    if not args.no_migrate:
        _migrate(settings.db_url)
    serve(
        settings,
        host=args.host,
        port=args.port,
        cert=args.cert,
        key=args.key,
        workers=args.workers,
        proxy_headers=args.proxy_headers,
        forwarded_allow_ips=args.forwarded_allow_ips,
        log_level=args.log_level,
    )
    return 0


def cmd_init_db(args: argparse.Namespace) -> int:
    from lapor_server import file_modes

    file_modes.private_umask()
    url = _db_url(args)
    _migrate(url)
    print(f"database ready: {_safe_url(url)}")
    return 0


def cmd_check_files(args: argparse.Namespace) -> int:
    """List the server files other users may read (exit 1), or make them private (--fix)."""
    from lapor_server import file_modes

    settings = _settings(args)
    paths = file_modes.server_files(settings.db_url, settings.attachments_dir, args.extra or ())
    loose = file_modes.loose_files(paths)
    for path, mode in loose:
        if args.fix:
            file_modes.tighten(path)
            print(f"made private: {path} (was {mode:04o})")
        else:
            print(f"readable by other users: {path} (mode {mode:04o})")
    if loose and not args.fix:
        print("run `lapor-server check-files --fix` to make them private", file=sys.stderr)
        return 1
    if not loose:
        print(f"all {len(paths)} server files and folders are private")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from lapor_server import demo, file_modes

    file_modes.private_umask()

    try:
        prepared = demo.prepare(Path(args.dir), reports=args.reports, port=args.port)
    except demo.DemoError as exc:
        raise CliError(str(exc)) from None
    file_modes.warn_loose([prepared.dir])
    print(f"demo data in {prepared.dir} (accounts: {prepared.accounts_file})", flush=True)
    print(
        f"Akai Meno (citizens' web channel): https://127.0.0.1:{args.port}/ "
        f"(public reports: /publik; the browser must trust {prepared.ca} or be told to continue)",
        flush=True,
    )
    serve(
        prepared.settings,
        host="127.0.0.1",
        port=args.port,
        cert=str(prepared.cert),
        key=str(prepared.key),
        log_level=args.log_level,
    )
    return 0


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one sentence, exit code 2
        self.print_usage(sys.stderr)
        self.exit(2, f"lapor-server: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    from lapor_server import cli_admin as admin

    p = _Parser(prog="lapor-server", description="LAPOR Desk central server")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def db_opt(sp: argparse.ArgumentParser) -> None:
        sp.add_argument(
            "--db", help=f"database URL (default: $LAPOR_SERVER_DB_URL or {DEFAULT_DB})"
        )

    sp = sub.add_parser("serve", help="serve the API over HTTPS")
    db_opt(sp)
    sp.add_argument("--host", default="127.0.0.1")
    sp.add_argument("--port", type=int, default=8443)
    sp.add_argument("--cert", help="TLS certificate chain (PEM)")
    sp.add_argument("--key", help="TLS private key (PEM)")
    sp.add_argument("--workers", type=int, default=1, help="worker processes (PostgreSQL)")
    sp.add_argument("--attachments-dir")
    sp.add_argument("--no-migrate", action="store_true", help="do not upgrade the schema at start")
    sp.add_argument(
        "--insecure-http",
        action="store_true",
        help="serve plain HTTP (only behind a TLS-terminating reverse proxy)",
    )
    sp.add_argument(
        "--proxy-headers",
        action="store_true",
        help="trust X-Forwarded-* from --forwarded-allow-ips",
    )
    sp.add_argument("--forwarded-allow-ips", default=None)
    sp.add_argument(
        "--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"]
    )
    sp.set_defaults(func=cmd_serve)

    sp = sub.add_parser("demo", help="seed a demo directory and serve it on 127.0.0.1")
    sp.add_argument("--dir", required=True)
    sp.add_argument("--port", type=int, default=8443)
    sp.add_argument("--reports", type=int, default=300)
    sp.add_argument(
        "--log-level", default="warning", choices=["critical", "error", "warning", "info", "debug"]
    )
    sp.set_defaults(func=cmd_demo)

    sp = sub.add_parser(
        "check-files", help="list server files other users may read (--fix: make them private)"
    )
    db_opt(sp)
    sp.add_argument("--attachments-dir", help="attachments folder (default: beside the database)")
    sp.add_argument("--fix", action="store_true", help="chmod them 0700 (folders) / 0600 (files)")
    sp.add_argument("extra", nargs="*", help="more files to check, e.g. the TLS key")
    sp.set_defaults(func=cmd_check_files)

    sp = sub.add_parser("init-db", help="create or upgrade the database schema")
    db_opt(sp)
    sp.set_defaults(func=cmd_init_db)

    sp = sub.add_parser("add-user", help="create a desk account")
    db_opt(sp)
    sp.add_argument("--username", required=True)
    sp.add_argument("--role", required=True, choices=values(DESK_ROLES))
    sp.add_argument("--agency", help="agency code (required for petugas)")
    sp.add_argument("--display-name")
    sp.add_argument("--email", help="where the account's digests go (optional)")
    sp.add_argument("--password-stdin", action="store_true")
    sp.set_defaults(func=admin.cmd_add_user)

    sp = sub.add_parser("set-password", help="change a password (revokes the user's devices)")
    db_opt(sp)
    sp.add_argument("--username", required=True)
    sp.add_argument("--password-stdin", action="store_true")
    sp.set_defaults(func=admin.cmd_set_password)

    for name, func, text in (
        ("disable-user", admin.cmd_disable_user, "disable an account and revoke its devices"),
        ("enable-user", admin.cmd_enable_user, "enable a disabled account"),
        ("revoke-devices", admin.cmd_revoke_devices, "log out every device of a user"),
    ):
        sp = sub.add_parser(name, help=text)
        db_opt(sp)
        sp.add_argument("--username", required=True)
        sp.set_defaults(func=func)

    sp = sub.add_parser("add-agency", help="add or rename an agency (OPD)")
    db_opt(sp)
    sp.add_argument("--code", required=True)
    sp.add_argument("--name", required=True)
    sp.add_argument("--contact-name", help="the OPD's contact person ('' clears it)")
    sp.add_argument("--contact-email", help="the contact person's e-mail ('' clears it)")
    sp.add_argument("--contact-phone", help="the contact person's phone ('' clears it)")
    sp.set_defaults(func=admin.cmd_add_agency)

    sp = sub.add_parser("issue-channel-key", help="issue an API key for an intake channel")
    db_opt(sp)
    sp.add_argument("--channel", required=True)
    sp.set_defaults(func=admin.cmd_issue_channel_key)

    sp = sub.add_parser("list-channel-keys", help="list the API keys of the intake channels")
    db_opt(sp)
    sp.add_argument("--channel", help="only this channel's keys")
    sp.add_argument("--json", action="store_true", help="print one JSON array (for scripts)")
    sp.set_defaults(func=admin.cmd_list_channel_keys)

    sp = sub.add_parser(
        "revoke-channel-key", help="revoke an intake API key (a leaked key of a channel)"
    )
    db_opt(sp)
    which = sp.add_mutually_exclusive_group(required=True)
    which.add_argument("--key-id", type=int, help="the KEY ID shown by list-channel-keys")
    which.add_argument("--prefix", help="the PREFIX shown by list-channel-keys (must be unique)")
    which.add_argument("--channel", help="with --all: every key of this channel")
    sp.add_argument("--all", action="store_true", help="confirm --channel: revoke all its keys")
    sp.set_defaults(func=admin.cmd_revoke_channel_key)

    sp = sub.add_parser("seed", help="load reference data and N generated reports")
    db_opt(sp)
    sp.add_argument("--reports", type=int, default=300)
    sp.add_argument("--seed", type=int, default=1)
    sp.add_argument("--attachments-dir", help="where the reporters' photos are stored")
    sp.set_defaults(func=admin.cmd_seed)

    sp = sub.add_parser("add-holiday", help="add an extra non-working (or working) day")
    db_opt(sp)
    sp.add_argument("--date", required=True)
    sp.add_argument("--name", required=True)
    sp.add_argument("--working", action="store_true", help="mark as an extra working day")
    sp.set_defaults(func=admin.cmd_add_holiday)

    sp = sub.add_parser("close-expired", help="close completed reports past their reply window")
    db_opt(sp)
    sp.set_defaults(func=admin.cmd_close_expired)

    from lapor_server import cli_webhooks

    cli_webhooks.add_parser(sub, db_opt)
    from lapor_server.forwarding import cli as cli_partners

    cli_partners.add_parser(sub, db_opt)
    from lapor_server import cli_digests

    cli_digests.add_parser(sub, db_opt)
    from lapor_server import cli_centre

    cli_centre.add_parser(sub, db_opt)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # uvicorn turns SIGTERM into a graceful shutdown; outside serving, end quietly.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except CliError as exc:
        print(f"lapor-server: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
