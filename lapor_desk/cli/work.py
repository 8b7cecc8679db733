"""The officer's work from the command line: `status`, `queue` (the outbox), `conflicts`, and
`respond`/`note`, which save through the same services as the GUI (local effect + outbox row in one
transaction; "SAVED" is printed only after it committed, I1)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TextIO

from lapor_desk.cli import opening
from lapor_desk.cli.output import EXIT_OK, EXIT_PARTIAL, Out, slots_dict


def cmd_status(args: argparse.Namespace, out: Out, stdin: TextIO) -> int:
    from lapor_desk.services import profile_status

    opened = opening.open_profile(args)
    try:
        account = opened.account
        st = profile_status.status(opened.store)
    finally:
        opened.close()
    reports, pending, conflicts, last_error = st.reports, st.pending, st.conflicts, st.last_error
    data = {
        "server_url": account.server_url,
        "username": account.username,
        "role": account.role,
        "agency_code": account.agency_code,
        "reports": reports,
        "pending": pending,
        "conflicts": conflicts,
        "outbox": st.outbox,
        "last_success": st.last_success,
        "last_attempt": st.last_attempt,
        "last_error": last_error,
    }
    if out.json:
        out.data(data)
        return EXIT_OK
    never_id, never_en = "belum pernah", "never"
    from lapor_desk.services.queue import wit_text

    # People in Mimika read WIT; --json keeps the UTC timestamps (a public interface).
    last = wit_text(st.last_success)
    opd = f", {account.agency_code}" if account.agency_code else ""
    out.say(f"Server: {account.server_url}", f"Server: {account.server_url}")
    out.say(
        f"Akun: {account.username} ({account.role}{opd})",
        f"Account: {account.username} ({account.role}{opd})",
    )
    out.say(f"Laporan di antrean: {reports}", f"Reports in the queue: {reports}")
    out.say(f"Menunggu dikirim: {pending}", f"Waiting to be sent: {pending}")
    out.say(f"Konflik: {conflicts}", f"Conflicts: {conflicts}")
    out.say(
        f"Sinkronisasi berhasil terakhir: {last or never_id}",
        f"Last successful sync: {last or never_en}",
    )
    if last_error:
        out.say(
            f"Masalah terakhir: {last_error['message']}",
            f"Last problem: {last_error['detail'] or last_error['error']}",
        )
    return EXIT_OK


def cmd_queue(args: argparse.Namespace, out: Out, stdin: TextIO) -> int:
    from lapor_desk.services.profile_status import outbox_entries

    opened = opening.open_profile(args)
    try:
        entries = outbox_entries(opened.store, include_closed=args.all)
    finally:
        opened.close()
    items = [e.as_dict() for e in entries]
    if out.json:
        out.data(items)
        return EXIT_OK
    if not items:
        out.say("Antrean kirim kosong.", "The outbox is empty.")
    for it in items:
        text = (it["text"] or "").replace("\n", " ")
        text = text if len(text) <= 60 else text[:57] + "..."
        print(
            f"{it['seq']:>5}  {it['state']:<9} {it['kind']:<9} "
            f"{it['tracking_id'] or it['report_id'][:13]:<16}"
            f" x{it['attempts']}  {text}",
            file=out.stdout,
        )
    return EXIT_OK


def cmd_conflicts(args: argparse.Namespace, out: Out, stdin: TextIO) -> int:
    opened = opening.open_profile(args)
    try:
        items = opened.actions.conflicts()
    finally:
        opened.close()
    if out.json:
        out.data([it.__dict__ if hasattr(it, "__dict__") else slots_dict(it) for it in items])
        return EXIT_OK
    if not items:
        out.say("Tidak ada konflik.", "No conflicts.")
    for it in items:
        print(f"- {it.report_title or it.report_id} [{it.kind}, {it.state}]", file=out.stdout)
        print(f"  {it.detail or ''}", file=out.stdout)
        print(f"  {(it.text or '').strip()}", file=out.stdout)
    return EXIT_PARTIAL if items else EXIT_OK


def write_action(kind: str) -> Callable[[argparse.Namespace, Out, TextIO], int]:
    def command(args: argparse.Namespace, out: Out, stdin: TextIO) -> int:
        opened = opening.open_profile(args)
        try:
            actions = opened.actions
            if kind == "respond":
                change = actions.respond(args.report, args.text, final=args.final)
            else:
                change = actions.note(args.report, args.text)
        finally:
            opened.close()
        (report_id,) = change.report_ids
        # The acknowledgement: printed only after the transaction committed (I1).
        if out.json:
            out.data({"saved": True, "op_id": change.op_id, "report_id": report_id, "kind": kind})
        else:
            print(f"SAVED {change.op_id} {report_id}", file=out.stdout, flush=True)
            out.say(
                "Tersimpan; dikirim pada sinkronisasi berikutnya.",
                "Saved; it is sent with the next sync.",
                err=True,
            )
        return EXIT_OK

    return command
