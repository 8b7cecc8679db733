"""Answers reach the citizen (docs/channels.md): the public conversation of each report, written
with every change (`conversation`), delivered through the channel feed, Open311, signed webhooks
(`webhooks`) and e-mail (`mail`) from a server-side outbox (`outbox`, `worker`), and the
reporter's satisfaction rating (`ratings`). Reporter tokens (`tokens`) let a reporter speak
through another channel than the one that filed the report.
"""
