"""Who uploaded which file, and the public text of a report (issue 12, items 3, 13 and 17).

- `attachment_uploads`: one row per accepted upload (account or channel, optional report, size,
  time). An op may link only files its account uploaded (or already visible to it on that
  report); the daily upload quota counts these rows.
- `report_redactions`: the coordinator's redacted public text of a report (null field: not
  redacted). The original stays in `reports.body` / `address` for coordinators.
- Snapshot rules changed (neutral file names, redaction): stored snapshots are rebuilt
  (`encoded.backfill_if_possible`, as in 0005).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attachment_uploads",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("channel_id", sa.Integer(), nullable=True),
        sa.Column("report_id", sa.String(length=36), nullable=True),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["sha256"], ["attachments.sha256"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["channel_id"], ["channels.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_attachment_uploads_user_at", "attachment_uploads", ["user_id", "created_at"]
    )
    op.create_index(
        "ix_attachment_uploads_channel_at", "attachment_uploads", ["channel_id", "created_at"]
    )
    op.create_index("ix_attachment_uploads_sha256", "attachment_uploads", ["sha256"])
    op.create_table(
        "report_redactions",
        sa.Column("report_id", sa.String(length=36), nullable=False),
        sa.Column("public_body", sa.Text(), nullable=True),
        sa.Column("public_address", sa.Text(), nullable=True),
        sa.Column("redacted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("redacted_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["redacted_by"], ["users.id"]),
        sa.PrimaryKeyConstraint("report_id"),
    )
    from lapor_server import encoded

    with Session(bind=op.get_bind()) as s:
        encoded.backfill_if_possible(s)
        s.flush()


def downgrade() -> None:
    op.drop_table("report_redactions")
    op.drop_index("ix_attachment_uploads_sha256", table_name="attachment_uploads")
    op.drop_index("ix_attachment_uploads_channel_at", table_name="attachment_uploads")
    op.drop_index("ix_attachment_uploads_user_at", table_name="attachment_uploads")
    op.drop_table("attachment_uploads")
