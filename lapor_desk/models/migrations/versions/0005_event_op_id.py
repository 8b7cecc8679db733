"""Timeline entries remember the desk op that made them (`events.op_id`).

The server's snapshot events carry it; the desk now keeps it, so the composer can tell the
officer's own changes (an internal note written while drafting an answer) from somebody else's and
warn about "report changed" only for the latter. Entries synced before this revision have none
until their report's next snapshot, and count as somebody else's (the warning errs on the safe
side).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("events", sa.Column("op_id", sa.Text(), nullable=True))


def downgrade() -> None:
    raise NotImplementedError("the desk never downgrades its store; it is rebuilt from the server")
