"""`lapor-server webhooks …`: a channel's webhook receiver, its secrets, and the delivery outbox.

    webhooks set --channel NAME --url URL     receiver URL; prints the signing secret once
    webhooks rotate --channel NAME            new secret; the old one signs 24 h more
    webhooks remove --channel NAME            no more webhooks for the channel
    webhooks list [--state S] [--kind K] [--json]   deliveries (never an address or a body)
    webhooks retry (--id N ... | --all-failed) [--kind K]   failed deliveries pending again now

E-mail deliveries are listed with `--kind email` (recipient never shown), the staff digests with
`--kind digest` (docs/digests.md). See docs/channels.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any


def _db(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from lapor_server.cli import _db_url, _migrate
    from lapor_server.db import Database

    url = _db_url(args)
    _migrate(url)
    return Database(url, pool_size=1)


def _with_db(args: argparse.Namespace, fn: Callable[[Any], Any]) -> Any:
    from lapor_server.citizen.webhooks import WebhookError
    from lapor_server.cli import CliError

    db = _db(args)
    try:
        return fn(db)
    except WebhookError as exc:
        raise CliError(str(exc)) from None
    finally:
        db.dispose()


def cmd_set(args: argparse.Namespace) -> int:
    from lapor_server.citizen import webhooks

    now = datetime.now(UTC)
    secret = _with_db(
        args, lambda db: webhooks.set_url(db, channel=args.channel, url=args.url, now=now)
    )
    if secret:
        print(secret)
        print(
            "(signing secret: give it to the receiver now, it is shown only once)", file=sys.stderr
        )
    else:
        print(f"webhook URL of channel {args.channel} changed; its secrets stay")
    return 0


def cmd_rotate(args: argparse.Namespace) -> int:
    from lapor_server.citizen import webhooks

    now = datetime.now(UTC)
    secret = _with_db(args, lambda db: webhooks.rotate(db, channel=args.channel, now=now))
    print(secret)
    print("(new signing secret; the previous one keeps signing for 24 hours)", file=sys.stderr)
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from lapor_server.citizen import webhooks

    removed = _with_db(args, lambda db: webhooks.remove(db, channel=args.channel))
    print("webhook removed" if removed else f"channel {args.channel} had no webhook")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from lapor_server.citizen import outbox

    rows = _with_db(
        args, lambda db: outbox.listing(db, state=args.state, kind=args.kind, limit=args.limit)
    )
    if args.json:
        print(json.dumps([r.as_dict() for r in rows], indent=2))
        return 0
    if not rows:
        print("no deliveries")
        return 0
    table = [("ID", "STATE", "KIND", "CHANNEL", "REPORT", "ATTEMPTS", "NEXT/DONE", "LAST ERROR")]
    for r in rows:
        when = r.delivered_at if r.state == "delivered" else r.next_attempt_at
        table.append(
            (
                str(r.id),
                r.state,
                r.kind,
                r.channel or "-",
                r.tracking_id or "-",
                str(r.attempts),
                when[:19],
                (r.last_error or "")[:60],
            )
        )
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    for row in table:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    return 0


def cmd_retry(args: argparse.Namespace) -> int:
    from lapor_server.citizen import outbox
    from lapor_server.cli import CliError

    if not args.id and not args.all_failed:
        raise CliError("give --id N (one or more) or --all-failed")
    now = datetime.now(UTC)
    n = _with_db(args, lambda db: outbox.retry(db, now, ids=args.id or None, kind=args.kind))
    print(f"{n} failed deliver{'y' if n == 1 else 'ies'} pending again; the server sends them now")
    return 0


def add_parser(sub: Any, db_opt: Callable[[argparse.ArgumentParser], None]) -> None:
    wp = sub.add_parser("webhooks", help="channel webhooks and the delivery outbox")
    wsub = wp.add_subparsers(dest="webhooks_command", required=True)

    sp = wsub.add_parser("set", help="set a channel's receiver URL (prints a new secret once)")
    db_opt(sp)
    sp.add_argument("--channel", required=True)
    sp.add_argument("--url", required=True)
    sp.set_defaults(func=cmd_set)

    sp = wsub.add_parser("rotate", help="new signing secret; the old one signs 24 h more")
    db_opt(sp)
    sp.add_argument("--channel", required=True)
    sp.set_defaults(func=cmd_rotate)

    sp = wsub.add_parser("remove", help="stop webhooks for a channel")
    db_opt(sp)
    sp.add_argument("--channel", required=True)
    sp.set_defaults(func=cmd_remove)

    sp = wsub.add_parser("list", help="deliveries, newest first (failures: --state failed)")
    db_opt(sp)
    sp.add_argument("--state", choices=("pending", "delivered", "failed"))
    sp.add_argument("--kind", choices=("webhook", "email", "digest"), default="webhook")
    sp.add_argument("--limit", type=int, default=200)
    sp.add_argument("--json", action="store_true", help="print one JSON array (for scripts)")
    sp.set_defaults(func=cmd_list)

    sp = wsub.add_parser("retry", help="send failed deliveries again now")
    db_opt(sp)
    sp.add_argument("--id", type=int, action="append", help="a delivery ID from webhooks list")
    sp.add_argument("--all-failed", action="store_true", help="every failed delivery of --kind")
    sp.add_argument("--kind", choices=("webhook", "email", "digest"), default=None)
    sp.set_defaults(func=cmd_retry)
