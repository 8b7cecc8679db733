"""The coordinator's redacted public text (issue 12 #17, `redact` op, docs/api.md).

`reports.public_body` / `reports.public_address`: what every other role, Open311 and the public
read as `body` / `address` when a coordinator edited it; null when not redacted. The server sends
them to coordinators only, next to the citizen's original in `body` / `address`.

Reports already in the store were saved without these: as in 0006, the cursor is dropped and
`refill` set, so the next sync reads the feed from the beginning once.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("reports", sa.Column("public_body", sa.Text(), nullable=True))
    op.add_column("reports", sa.Column("public_address", sa.Text(), nullable=True))
    bind = op.get_bind()
    if bind.exec_driver_sql("SELECT 1 FROM reports LIMIT 1").first() is not None:
        bind.exec_driver_sql("DELETE FROM sync_state WHERE key IN ('cursor', 'reference_at')")
        bind.exec_driver_sql("INSERT OR REPLACE INTO sync_state(key, value) VALUES ('refill', '1')")


def downgrade() -> None:
    raise NotImplementedError("the desk never downgrades its store; it is rebuilt from the server")
