"""Facts the server used to lose (issue 11, "Keep every fact the server sends").

- `reports.original_title`: the citizen's title as submitted, kept when a coordinator verifies
  the report with a new title (null while the title was never changed).
- `report_events.written_at`: for an answer (`respond`), when the officer wrote it — the desk's
  time of the op, bounded by the server (see docs/api.md, "Operations"); null for other events.
  Compliance figures count an answer from this time.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("original_title", sa.String(length=300), nullable=True))
    with op.batch_alter_table("report_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("written_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("report_events", schema=None) as batch_op:
        batch_op.drop_column("written_at")
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_column("original_title")
