"""Forwarding to other instansi (issue 16, docs/forwarding.md).

- `partners`: partner instansi (name, kind, whether it runs LAPOR Desk, its base URL, the channel
  key this server uses at its intake, an optional CA file, the cursor in its updates feed).
- `forwards`: one per forwarded report, with its stable `external_id` and delivery state.
- `partner_updates`: the partner's update ids taken in (each once).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "partners",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("runs_lapor", sa.Boolean(), nullable=False),
        sa.Column("base_url", sa.String(length=500), nullable=True),
        sa.Column("channel_key", sa.String(length=200), nullable=True),
        sa.Column("ca_file", sa.String(length=1000), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updates_cursor", sa.String(length=200), nullable=True),
        sa.Column("last_polled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    op.create_table(
        "forwards",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("report_id", sa.String(length=36), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=True),
        sa.Column("op_id", sa.String(length=36), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("partner_report_id", sa.String(length=64), nullable=True),
        sa.Column("partner_tracking_id", sa.String(length=64), nullable=True),
        sa.Column("forwarded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"]),
        sa.ForeignKeyConstraint(["partner_id"], ["partners.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("report_id"),
        sa.UniqueConstraint("external_id"),
    )
    op.create_index("ix_forwards_partner_id", "forwards", ["partner_id"])
    op.create_index("ix_forwards_state_next", "forwards", ["state", "next_attempt_at"])
    op.create_table(
        "partner_updates",
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("update_id", sa.String(length=64), nullable=False),
        sa.Column("forward_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["partner_id"], ["partners.id"]),
        sa.ForeignKeyConstraint(["forward_id"], ["forwards.id"]),
        sa.PrimaryKeyConstraint("partner_id", "update_id"),
    )


def downgrade() -> None:
    op.drop_table("partner_updates")
    op.drop_index("ix_forwards_state_next", table_name="forwards")
    op.drop_index("ix_forwards_partner_id", table_name="forwards")
    op.drop_table("forwards")
    op.drop_table("partners")
