"""Deadlines that chase people (issue 15, docs/digests.md): a daily digest per OPD of what is due
soon and overdue, a daily escalation digest to the pimpinan and coordinators, and a weekly OPD
league table, sent by e-mail through the citizen side's delivery outbox and SMTP set-up.

- `tables.py`: `digest_records`, one row per (kind, day, scope, recipient): nothing is queued twice
- `content.py`: what each digest lists (the rule: `lapor_core.digests`; the league's figures:
  `lapor_core.compliance`)
- `letters.py`: the e-mails, Indonesian (English for English-speaking accounts), text + HTML
- `schedule.py`: who gets what, queued in one transaction per message; the daily job and the CLI
"""
