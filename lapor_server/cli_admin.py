"""The admin tasks of `lapor-server`: accounts, agencies, channel keys, devices, seeding, the
calendar and closing expired reports (docs/server.md). Each command checks its input, runs one
`lapor_server.manage` function on a migrated database and prints one line (or JSON with
`--json` where offered); a bad input is one sentence and exit code 2 (`CliError`). The parser
that wires them is `cli.build_parser`.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from datetime import UTC, date, datetime

from lapor_server.cli import CliError, _db_url, _migrate, _settings


def _read_password(args: argparse.Namespace, prompt: str = "Kata sandi: ") -> str:
    if getattr(args, "password_stdin", False):
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        if not sys.stdin.isatty():
            raise CliError("no terminal to ask for the password; use --password-stdin")
        password = getpass.getpass(prompt)
        if getpass.getpass("Ulangi kata sandi: ") != password:
            raise CliError("the two passwords differ")
    if len(password) < 8:
        raise CliError("the password must have at least 8 characters")
    return password


def _manage():  # type: ignore[no-untyped-def]
    from lapor_server import manage

    return manage


def _run_manage(args: argparse.Namespace, fn_name: str, *a, **kw):  # type: ignore[no-untyped-def]
    manage = _manage()
    from lapor_server.db import Database

    url = _db_url(args)
    _migrate(url)
    db = Database(url, pool_size=1)
    try:
        return getattr(manage, fn_name)(db, *a, **kw)
    except manage.ManageError as exc:
        raise CliError(str(exc)) from None
    finally:
        db.dispose()


def cmd_add_user(args: argparse.Namespace) -> int:
    password = _read_password(args)
    _run_manage(
        args,
        "add_user",
        username=args.username,
        role=args.role,
        agency_code=args.agency,
        display_name=args.display_name or args.username,
        email=getattr(args, "email", None),
        password=password,
        profile=os.environ.get("LAPOR_SERVER_PASSWORD_HASH_PROFILE", "default"),
    )
    print(f"user {args.username} created")
    return 0


def cmd_set_password(args: argparse.Namespace) -> int:
    password = _read_password(args)
    _run_manage(
        args,
        "set_password",
        username=args.username,
        password=password,
        profile=os.environ.get("LAPOR_SERVER_PASSWORD_HASH_PROFILE", "default"),
    )
    print(f"password of {args.username} changed; its devices must log in again")
    return 0


def cmd_disable_user(args: argparse.Namespace) -> int:
    n = _run_manage(args, "set_disabled", username=args.username, disabled=True)
    print(f"user {args.username} disabled; {n} device token(s) revoked")
    return 0


def cmd_enable_user(args: argparse.Namespace) -> int:
    _run_manage(args, "set_disabled", username=args.username, disabled=False)
    print(f"user {args.username} enabled")
    return 0


def cmd_add_agency(args: argparse.Namespace) -> int:
    manage = _manage()
    contact = {
        field: (value or None) if value is not None else manage.KEEP
        for field, value in (
            ("contact_name", getattr(args, "contact_name", None)),
            ("contact_email", getattr(args, "contact_email", None)),
            ("contact_phone", getattr(args, "contact_phone", None)),
        )
    }
    _run_manage(args, "add_agency", code=args.code, name=args.name, **contact)
    print(f"agency {args.code} saved")
    return 0


def cmd_issue_channel_key(args: argparse.Namespace) -> int:
    key = _run_manage(args, "issue_channel_key", channel=args.channel)
    print(key)
    print("(store this key now: it is shown only once)", file=sys.stderr)
    return 0


def _utc(when: datetime | None) -> str | None:
    return None if when is None else when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _key_label(info) -> str:  # type: ignore[no-untyped-def]
    return f"key {info.id} ({info.prefix}, channel {info.channel})"


def cmd_list_channel_keys(args: argparse.Namespace) -> int:
    keys = _run_manage(args, "list_channel_keys", channel=args.channel)
    if args.json:
        rows = [
            {
                "channel": k.channel,
                "key_id": k.id,
                "prefix": k.prefix,
                "created_at": _utc(k.created_at),
                "revoked_at": _utc(k.revoked_at),
                "active": k.active,
            }
            for k in keys
        ]
        print(json.dumps(rows, indent=2))
        return 0
    if not keys:
        print("no channel key yet (issue one with issue-channel-key)")
        return 0
    table = [("CHANNEL", "KEY ID", "PREFIX", "CREATED", "REVOKED")]
    for k in keys:
        state = _utc(k.revoked_at) or ("active" if k.channel_active else "(channel inactive)")
        table.append((k.channel, str(k.id), k.prefix, _utc(k.created_at) or "", state))
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    for row in table:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    return 0


def cmd_revoke_channel_key(args: argparse.Namespace) -> int:
    if args.all and args.channel is None:
        raise CliError("--all goes with --channel NAME (every key of that channel)")
    if args.channel is not None and not args.all:
        raise CliError(
            "--channel revokes every key of the channel: add --all to confirm "
            "(or revoke one key with --key-id or --prefix)"
        )
    result = _run_manage(
        args, "revoke_channel_key", key_id=args.key_id, prefix=args.prefix, channel=args.channel
    )
    for info in result.revoked:
        print(f"{_key_label(info)} revoked; intake and Open311 refuse it from now on")
    for info in result.already_revoked:
        print(f"{_key_label(info)} was already revoked at {_utc(info.revoked_at)}; nothing changed")
    if not result.revoked and not result.already_revoked:
        print(f"channel {args.channel} has no key; nothing revoked")
    for name in result.channels_without_key:
        print(
            f"(channel {name} has no active key now: it cannot send reports until you run "
            f"issue-channel-key --channel {name})",
            file=sys.stderr,
        )
    return 0


def cmd_revoke_devices(args: argparse.Namespace) -> int:
    n = _run_manage(args, "revoke_devices", username=args.username)
    print(f"{n} device token(s) of {args.username} revoked")
    return 0


def cmd_seed(args: argparse.Namespace) -> int:
    n = _run_manage(
        args,
        "seed",
        reports=args.reports,
        seed=args.seed,
        attachments_dir=_settings(args).attachments_dir,
    )
    print(f"{n} reports seeded")
    return 0


def cmd_add_holiday(args: argparse.Namespace) -> int:
    try:
        day = date.fromisoformat(args.date)
    except ValueError:
        raise CliError(f"--date must be a date like 2026-12-24, not {args.date!r}") from None
    moved = _run_manage(args, "add_calendar_day", day=day, name=args.name, working=args.working)
    kind = "working day" if args.working else "holiday"
    print(
        f"{day.isoformat()} saved as extra {kind}; deadlines of {moved} open report(s) moved"
        " (desks receive them with their next sync)"
    )
    return 0


def cmd_close_expired(args: argparse.Namespace) -> int:
    n = _run_manage(args, "close_expired", now=datetime.now(UTC))
    print(f"{n} report(s) closed")
    return 0


# --- parser --------------------------------------------------------------------------------------
