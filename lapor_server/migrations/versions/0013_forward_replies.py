"""The reporter's replies to a forwarded report travel on to the partner (issue 16).

`forwards.relayed_event_id`: the last `reporter_reply` event of the forwarded report that the
forwarding worker passed on to the partner's LAPOR Desk (null: none yet).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("forwards") as batch:
        batch.add_column(sa.Column("relayed_event_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("forwards") as batch:
        batch.drop_column("relayed_event_id")
