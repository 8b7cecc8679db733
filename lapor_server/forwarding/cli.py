"""`lapor-server partners …`: the instansi this server may forward reports to.

    partners add --code C --name N --kind K [--lapor --base-url URL (--channel-key-file F |
                 --channel-key-env VAR | --channel-key-stdin) [--ca-file PEM]] [--json]
    partners list [--json]
    partners update --code C [--name N] [--kind K] [--lapor | --no-lapor] [--base-url URL]
                 [--channel-key-…] [--ca-file PEM | --no-ca-file] [--active | --inactive] [--json]
    partners remove --code C [--json]       (a partner with forwards is deactivated instead)
    partners retry --code C [--json]        failed forwards of the partner pending again now

The channel key is read from a file, an environment variable or standard input, never from the
command line (other users see command lines in `ps`); no command prints it. docs/forwarding.md.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lapor_core.wire import PARTNER_KINDS


def _with_db(args: argparse.Namespace, fn: Callable[[Any], Any]) -> Any:
    from lapor_server.cli import CliError
    from lapor_server.cli_webhooks import _db
    from lapor_server.forwarding.partners import PartnerError

    db = _db(args)
    try:
        return fn(db)
    except PartnerError as exc:
        raise CliError(str(exc)) from None
    finally:
        db.dispose()


def _channel_key(args: argparse.Namespace) -> str | None:
    """The key from --channel-key-file / -env / -stdin (None: not given)."""
    from lapor_server.cli import CliError

    given = [x for x in (args.channel_key_file, args.channel_key_env, args.channel_key_stdin) if x]
    if len(given) > 1:
        raise CliError("give the channel key one way only (file, env or stdin)")
    if args.channel_key_file:
        try:
            lines = Path(args.channel_key_file).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise CliError(f"cannot read the channel key file: {exc.strerror}") from None
        return lines[0].strip() if lines else ""
    if args.channel_key_env:
        value = os.environ.get(args.channel_key_env)
        if value is None:
            raise CliError(f"environment variable {args.channel_key_env} is not set")
        return value.strip()
    if args.channel_key_stdin:
        return sys.stdin.readline().strip()
    return None


def _done(args: argparse.Namespace, result: dict[str, Any], sentence: str) -> int:
    print(json.dumps(result) if args.json else sentence)
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from lapor_server.forwarding import partners

    key = _channel_key(args)
    _with_db(
        args,
        lambda db: partners.add(
            db,
            code=args.code,
            name=args.name,
            kind=args.kind,
            runs_lapor=bool(args.lapor),
            base_url=args.base_url,
            channel_key=key,
            ca_file=args.ca_file,
            now=datetime.now(UTC),
        ),
    )
    code = args.code.strip().lower()
    return _done(args, {"code": code, "result": "added"}, f"partner {code} added")


def cmd_update(args: argparse.Namespace) -> int:
    from lapor_server.forwarding import partners

    changes: dict[str, Any] = {}
    for name in ("name", "kind", "base_url", "ca_file"):
        if getattr(args, name) is not None:
            changes[name] = getattr(args, name)
    if args.no_ca_file:
        changes["ca_file"] = None
    if args.lapor is not None:
        changes["runs_lapor"] = args.lapor
    if args.active is not None:
        changes["active"] = args.active
    key = _channel_key(args)
    if key is not None:
        changes["channel_key"] = key
    _with_db(args, lambda db: partners.update(db, code=args.code, now=datetime.now(UTC), **changes))
    code = args.code.strip().lower()
    return _done(args, {"code": code, "result": "updated"}, f"partner {code} updated")


def cmd_remove(args: argparse.Namespace) -> int:
    from lapor_server.forwarding import partners

    result = _with_db(args, lambda db: partners.remove(db, code=args.code, now=datetime.now(UTC)))
    code = args.code.strip().lower()
    sentence = (
        f"partner {code} removed"
        if result == "removed"
        else f"partner {code} deactivated (reports were forwarded to it; their history stays)"
    )
    return _done(args, {"code": code, "result": result}, sentence)


def cmd_retry(args: argparse.Namespace) -> int:
    from lapor_server.forwarding import worker

    n = _with_db(args, lambda db: worker.retry_failed(db, code=args.code, now=datetime.now(UTC)))
    return _done(
        args,
        {"code": args.code, "retried": n},
        f"{n} failed forward(s) to {args.code} pending again; the server sends them now",
    )


def cmd_list(args: argparse.Namespace) -> int:
    from lapor_server.forwarding import partners

    rows = _with_db(args, partners.listing)
    if args.json:
        print(json.dumps([r.as_dict() for r in rows], indent=2))
        return 0
    if not rows:
        print("no partners (add one with: lapor-server partners add)")
        return 0
    table = [("CODE", "KIND", "LAPOR", "ACTIVE", "FORWARDS", "PENDING", "FAILED", "NAME", "ERROR")]
    for r in rows:
        table.append(
            (
                r.code,
                r.kind,
                "yes" if r.runs_lapor else "no",
                "yes" if r.active else "no",
                str(r.forwards),
                str(r.pending),
                str(r.failed),
                r.name,
                (r.last_error or "")[:60],
            )
        )
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    for row in table:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    return 0


def _key_opts(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--channel-key-file", help="file whose first line is the partner's key")
    sp.add_argument("--channel-key-env", help="environment variable holding the partner's key")
    sp.add_argument(
        "--channel-key-stdin", action="store_true", help="read the key from standard input"
    )


def add_parser(sub: Any, db_opt: Callable[[argparse.ArgumentParser], None]) -> None:
    pp = sub.add_parser("partners", help="partner instansi reports may be forwarded to")
    psub = pp.add_subparsers(dest="partners_command", required=True)

    sp = psub.add_parser("add", help="add a partner instansi")
    db_opt(sp)
    sp.add_argument("--code", required=True, help="short code, e.g. pemprov_papua_tengah")
    sp.add_argument("--name", required=True, help="the instansi's name as citizens read it")
    sp.add_argument("--kind", required=True, choices=PARTNER_KINDS)
    sp.add_argument("--lapor", action="store_true", help="the partner runs LAPOR Desk")
    sp.add_argument("--base-url", help="https://… of the partner's LAPOR Desk server")
    sp.add_argument("--ca-file", help="CA (PEM) to trust for the partner's server")
    _key_opts(sp)
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_add)

    sp = psub.add_parser("list", help="the partners (never their keys)")
    db_opt(sp)
    sp.add_argument("--json", action="store_true", help="print one JSON array (for scripts)")
    sp.set_defaults(func=cmd_list)

    sp = psub.add_parser("update", help="change a partner")
    db_opt(sp)
    sp.add_argument("--code", required=True)
    sp.add_argument("--name")
    sp.add_argument("--kind", choices=PARTNER_KINDS)
    lapor = sp.add_mutually_exclusive_group()
    lapor.add_argument("--lapor", dest="lapor", action="store_true", default=None)
    lapor.add_argument("--no-lapor", dest="lapor", action="store_false")
    sp.add_argument("--base-url")
    ca = sp.add_mutually_exclusive_group()
    ca.add_argument("--ca-file")
    ca.add_argument("--no-ca-file", action="store_true", help="trust the system store again")
    active = sp.add_mutually_exclusive_group()
    active.add_argument("--active", dest="active", action="store_true", default=None)
    active.add_argument("--inactive", dest="active", action="store_false")
    _key_opts(sp)
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_update)

    sp = psub.add_parser("remove", help="remove a partner (deactivated if it has forwards)")
    db_opt(sp)
    sp.add_argument("--code", required=True)
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_remove)

    sp = psub.add_parser("retry", help="send a partner's failed forwards again now")
    db_opt(sp)
    sp.add_argument("--code", required=True)
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_retry)
