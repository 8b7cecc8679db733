"""Digests to staff (issue 15, docs/digests.md).

- `digest_records`: one row per (kind, day, scope, recipient), unique: a digest is queued once.
- `deliveries` carries digests too (kind `digest`): such a row has no report and no conversation
  entry, so `report_id` and `update_id` become nullable; `recipient` widens to 254 characters
  (the longest e-mail address, as `users.email`).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "digest_records",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("scope", sa.String(length=64), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.Column("delivery_id", sa.String(length=40), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_digest_records"),
        sa.UniqueConstraint("kind", "day", "scope", "recipient", name="uq_digest_records_once"),
    )
    with op.batch_alter_table("deliveries") as batch:
        batch.alter_column("report_id", existing_type=sa.String(length=36), nullable=True)
        batch.alter_column("update_id", existing_type=sa.Integer(), nullable=True)
        batch.alter_column(
            "recipient",
            existing_type=sa.String(length=200),
            type_=sa.String(length=254),
            existing_nullable=True,
        )


def downgrade() -> None:
    op.execute("DELETE FROM deliveries WHERE report_id IS NULL OR update_id IS NULL")
    with op.batch_alter_table("deliveries") as batch:
        batch.alter_column(
            "recipient",
            existing_type=sa.String(length=254),
            type_=sa.String(length=200),
            existing_nullable=True,
        )
        batch.alter_column("update_id", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("report_id", existing_type=sa.String(length=36), nullable=False)
    op.drop_table("digest_records")
