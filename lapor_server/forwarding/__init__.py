"""Forwarding reports to other instansi (teruskan ke instansi lain): docs/forwarding.md.

- `tables`: partner instansi, forwards (one per forwarded report) and the partner updates taken in.
- `partners`: the admin's tasks behind `lapor-server partners add/list/update/remove`.
- `ops`: what the `forward` and `partner_answer` ops check and write in the op's transaction.
- `client`: HTTPS to a partner's LAPOR Desk (its channel intake, uploads and updates feed).
- `worker`: the background task that submits forwards (exactly once via `external_id`, retried
  with backoff) and polls each partner's channel updates feed back onto the original report.
"""
