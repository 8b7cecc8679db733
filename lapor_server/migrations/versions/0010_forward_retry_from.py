"""Forwards keep the day they were forwarded when an admin retries them (issue 16).

`forwards.retry_from`: when `lapor-server partners retry` gave a failed forward a fresh retry
window (null: the window runs from `forwarded_at`). Before, a retry moved `forwarded_at` itself,
and the date of the forward — a fact the coordinator reports — was lost.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("forwards") as batch:
        batch.add_column(sa.Column("retry_from", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("forwards") as batch:
        batch.drop_column("retry_from")
