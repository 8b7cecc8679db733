"""Saved queue views, and an index for sorting the queue by latest activity.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "saved_views",
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("filter", sa.JSON, nullable=False),
        sa.Column("created_at", sa.Text),
        sa.PrimaryKeyConstraint("name", name="pk_saved_views"),
    )
    op.create_index("ix_reports_last_event_at", "reports", ["last_event_at"])


def downgrade() -> None:
    raise NotImplementedError("the desk never downgrades its store; it is rebuilt from the server")
