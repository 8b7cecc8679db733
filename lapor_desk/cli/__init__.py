"""The headless `lapor-desk` commands for IT, scripts and the crash tests.

    lapor-desk login --server URL --username NAME [--password-stdin] [--ca FILE]
    lapor-desk sync | status | queue | conflicts | doctor | logout     [--json]
    lapor-desk respond REPORT --text TEXT [--final]     (REPORT: tracking id or id)
    lapor-desk note REPORT --text TEXT
    lapor-desk configure | support-zip | check-update  (deployment, docs/deploy.md)

Every command takes `--data-dir` (also `LAPOR_DESK_DATA_DIR`), works on the last account logged
in on this computer (or `--server`/`--username`), and writes through the same profile, services,
outbox and sync engine as the GUI. Without a command the GUI starts (`lapor_desk.app.run_gui`).
The commands, their flags and their `--json` output are a public interface: extend, never rename.

Exit codes: 0 ok, 1 partial (conflicts) or another expected problem, 2 bad usage or input,
3 offline/server unreachable, 4 authentication or keyring, 5 TLS. Expected problems print one
sentence and the next step, never a traceback; unexpected ones point to the log file.

Layout: `entry.py` (`main`, error reporting), `parser.py`, `output.py` (printing, exit codes),
`opening.py` (which profile), and one module per command group: `account.py` (login, logout),
`syncing.py` (sync), `work.py` (status, queue, conflicts, respond, note), `doctor.py`, `deploy.py`.
Heavy modules are imported inside the commands, so `--help` and `configure` start fast.
"""

from lapor_desk.cli.entry import main

__all__ = ["main"]
