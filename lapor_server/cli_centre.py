"""`lapor-server centre …`: the link between a region and the centre (docs/pusat.md).

On a regional server:
    centre keygen --out FILE            a new Ed25519 key (0600); prints the public key to register
    centre push                         compute and push the aggregates now (one round)
    centre outbox [--json]              the versions kept for the centre, and why one is waiting

On the centre:
    centre regions add --code 94.04 --name NAME --public-key KEY
    centre regions list [--json]
    centre regions rotate --code 94.04 --public-key NEW [--grace-days 7]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any


def _now() -> datetime:
    return datetime.now(UTC)


def _with_db(args: argparse.Namespace, fn: Callable[[Any], Any]) -> Any:
    from lapor_server.cli import CliError, _db_url, _migrate
    from lapor_server.db import Database
    from lapor_server.pusat.centre import CentreError
    from lapor_server.pusat.signing import KeyError_

    url = _db_url(args)
    _migrate(url)
    db = Database(url, pool_size=1)
    try:
        return fn(db)
    except (CentreError, KeyError_) as exc:
        raise CliError(str(exc)) from None
    finally:
        db.dispose()


def cmd_keygen(args: argparse.Namespace) -> int:
    from lapor_server.cli import CliError
    from lapor_server.pusat import signing

    path = Path(args.out)
    if path.exists():
        raise CliError(f"{path} exists already; a key is never overwritten")
    public = signing.generate(path)
    if args.json:
        print(json.dumps({"key_file": str(path), "public_key": public}))
    else:
        print(f"key written to {path} (keep it private)")
        print(f"public key (register it at the centre): {public}")
    return 0


def cmd_push(args: argparse.Namespace) -> int:
    from lapor_server.cli import CliError, _settings
    from lapor_server.pusat import push

    settings = _settings(args)
    if not push.configured(settings):
        raise CliError(
            "set LAPOR_SERVER_REGION_CODE, LAPOR_SERVER_CENTRE_URL and "
            "LAPOR_SERVER_CENTRE_KEY_FILE first (docs/pusat.md)"
        )

    def run(db: Any) -> Any:
        push.retry_now(db)
        return push.run_round(db, settings, _now())

    result = _with_db(args, run)
    out = {"prepared": result.prepared, "sent": result.sent, "failed": result.failed}
    print(
        json.dumps(out)
        if args.json
        else f"prepared {out['prepared']}, sent {out['sent']}, failed {out['failed']}"
    )
    return 1 if result.failed else 0


def cmd_outbox(args: argparse.Namespace) -> int:
    import sqlalchemy as sa

    from lapor_server.pusat.tables import PusatOutbox

    def rows(db: Any) -> list[dict[str, Any]]:
        with db.read() as s:
            found = s.execute(
                sa.select(
                    PusatOutbox.period,
                    PusatOutbox.version,
                    PusatOutbox.sent_at,
                    PusatOutbox.attempts,
                    PusatOutbox.next_try_at,
                    PusatOutbox.last_error,
                ).order_by(PusatOutbox.period, PusatOutbox.version)
            ).all()
        return [
            {
                "period": p,
                "version": v,
                "sent_at": sent.isoformat() if sent else None,
                "attempts": n,
                "next_try_at": nxt.isoformat() if nxt else None,
                "last_error": err,
            }
            for p, v, sent, n, nxt, err in found
        ]

    out = _with_db(args, rows)
    if args.json:
        print(json.dumps(out))
        return 0
    for r in out:
        state = f"sent {r['sent_at']}" if r["sent_at"] else f"waiting ({r['last_error'] or 'new'})"
        print(f"{r['period']}  v{r['version']}  {state}")
    return 0


def cmd_regions_add(args: argparse.Namespace) -> int:
    from lapor_server.pusat import centre

    _with_db(
        args,
        lambda db: centre.add_region(
            db, code=args.code, name=args.name, public_key=args.public_key, now=_now()
        ),
    )
    print(f"region {args.code} registered")
    return 0


def cmd_regions_rotate(args: argparse.Namespace) -> int:
    from lapor_server.cli import CliError
    from lapor_server.pusat import centre

    if args.grace_days < 0:
        raise CliError("--grace-days must not be negative")
    until = _with_db(
        args,
        lambda db: centre.rotate_key(
            db,
            code=args.code,
            public_key=args.public_key,
            now=_now(),
            grace=timedelta(days=args.grace_days),
        ),
    )
    if args.json:
        print(json.dumps({"region": args.code, "old_keys_valid_until": until.isoformat()}))
    else:
        print(
            f"new key of {args.code} registered; "
            f"the old key is accepted until {until:%Y-%m-%d %H:%M} UTC"
        )
    return 0


def cmd_regions_list(args: argparse.Namespace) -> int:
    from lapor_server.pusat import centre

    found = _with_db(args, lambda db: centre.list_regions(db, _now()))
    out = [
        {
            "code": r.code,
            "name": r.name,
            "months": r.periods,
            "last_received": r.last_received.isoformat() if r.last_received else None,
            "keys": r.keys,
        }
        for r in found
    ]
    if args.json:
        print(json.dumps(out))
        return 0
    if not out:
        print("no regions registered (centre regions add)", file=sys.stderr)
    for r in out:
        valid = sum(1 for k in r["keys"] if k["valid"])
        print(
            f"{r['code']}  {r['name']}  months: {r['months']}  valid keys: {valid}  "
            f"last received: {r['last_received'] or '-'}"
        )
    return 0


def add_parser(sub: Any, db_opt: Callable[[argparse.ArgumentParser], None]) -> None:
    cp = sub.add_parser("centre", help="the link between a region and the centre (pusat)")
    csub = cp.add_subparsers(dest="centre_command", required=True)

    sp = csub.add_parser("keygen", help="write a new Ed25519 region key; print its public key")
    sp.add_argument("--out", required=True, help="the key file to create (never overwritten)")
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_keygen)

    sp = csub.add_parser("push", help="compute this region's aggregates and push them now")
    db_opt(sp)
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_push)

    sp = csub.add_parser("outbox", help="the aggregate versions kept for the centre")
    db_opt(sp)
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_outbox)

    rp = csub.add_parser("regions", help="the centre's registered regions and their keys")
    rsub = rp.add_subparsers(dest="regions_command", required=True)
    sp = rsub.add_parser("add", help="register a region (Kemendagri code, name, public key)")
    db_opt(sp)
    sp.add_argument("--code", required=True, help="Kemendagri code, e.g. 94.04")
    sp.add_argument("--name", required=True)
    sp.add_argument("--public-key", required=True, help="from `centre keygen` on the region")
    sp.set_defaults(func=cmd_regions_add)

    sp = rsub.add_parser("list", help="the registered regions")
    db_opt(sp)
    sp.add_argument("--json", action="store_true", help="print one JSON array (for scripts)")
    sp.set_defaults(func=cmd_regions_list)

    sp = rsub.add_parser("rotate", help="a region's new key; the old one stays valid a while")
    db_opt(sp)
    sp.add_argument("--code", required=True)
    sp.add_argument("--public-key", required=True)
    sp.add_argument("--grace-days", type=float, default=7.0, help="old key valid this long")
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_regions_rotate)
