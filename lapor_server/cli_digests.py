"""`lapor-server digests send [--date D] [--dry-run] [--json]`: the staff digests for cron, IT
and tests (docs/digests.md).

Queues the digests of the day (default: today in WIT) that were not queued before — the same
function as the server's daily job, so running it after the job (or twice) sends nothing twice —
then sends the queued digests at once through the SMTP settings (`LAPOR_SERVER_SMTP_*`); one
that cannot be sent stays in the outbox and the server's worker retries it. `--dry-run` shows
what would be sent and queues nothing.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from typing import Any


def cmd_send(args: argparse.Namespace) -> int:
    from lapor_core.calendar import MIMIKA_TZ
    from lapor_server.citizen import worker
    from lapor_server.cli import CliError, _settings
    from lapor_server.cli_webhooks import _db
    from lapor_server.digests import schedule

    settings = _settings(args)
    day: date | None = None
    if args.date:
        try:
            day = date.fromisoformat(args.date)
        except ValueError:
            raise CliError(f"--date: '{args.date}' is not a date (YYYY-MM-DD)") from None
    now = datetime.now(UTC)
    if day is not None and day != now.astimezone(MIMIKA_TZ).date():
        now = datetime.combine(day, time(settings.digest_hour), MIMIKA_TZ).astimezone(UTC)
    db = _db(args)
    try:
        result = schedule.run(db, settings, now, day=day, dry_run=args.dry_run)
        sent = 0
        if not args.dry_run and any(o.state == "queued" for o in result.outcomes):
            clock: Callable[[], datetime] = lambda: datetime.now(UTC)  # noqa: E731
            while n := worker.deliver_due(db, settings, clock, kind=schedule.KIND):
                sent += n
        pending = _pending_digests(db)
    finally:
        db.dispose()
    out: dict[str, Any] = result.as_dict() | {"dry_run": args.dry_run, "pending": pending}
    if args.json:
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 0
    if not result.working_day:
        print(f"{result.day.isoformat()} is not a working day: no digests")
        return 0
    if not result.outcomes:
        print(f"{result.day.isoformat()}: nothing due soon, overdue or to rank: no digests")
        return 0
    for o in result.outcomes:
        print(f"{o.state:8} {o.kind:10} {o.scope:24} {o.recipient}  ({o.items}) {o.subject}")
    if pending:
        print(
            f"{pending} digest(s) not sent yet (SMTP?): the server retries them; "
            "see `lapor-server webhooks list --kind digest`"
        )
    return 0


def _pending_digests(db: Any) -> int:
    import sqlalchemy as sa

    from lapor_server.citizen.tables import Delivery

    with db.read() as s:
        return (
            s.scalar(
                sa.select(sa.func.count())
                .select_from(Delivery)
                .where(Delivery.kind == "digest", Delivery.state == "pending")
            )
            or 0
        )


def add_parser(sub: Any, db_opt: Callable[[argparse.ArgumentParser], None]) -> None:
    dp = sub.add_parser("digests", help="staff digests: due soon, overdue, escalation, league")
    dsub = dp.add_subparsers(dest="digests_command", required=True)
    sp = dsub.add_parser("send", help="queue and send the day's digests not sent yet")
    db_opt(sp)
    sp.add_argument("--date", help="the day (YYYY-MM-DD, WIT; default today)")
    sp.add_argument("--dry-run", action="store_true", help="show what would be sent; send nothing")
    sp.add_argument("--json", action="store_true", help="print one JSON object (for scripts)")
    sp.set_defaults(func=cmd_send)
