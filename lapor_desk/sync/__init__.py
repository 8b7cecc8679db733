"""Sync with the central server: HTTPS transport, device credentials, the engine that pushes the
outbox and pulls the change feed, and the scheduling policy. No Qt here; the views run the engine
on a worker and turn its progress callbacks into signals. The protocol is described in
`docs/sync.md`."""
