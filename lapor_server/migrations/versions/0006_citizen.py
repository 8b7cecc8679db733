"""Answers reach the citizen (issue 13): public conversation, delivery outbox, webhooks, tokens.

See `lapor_server/citizen/tables.py` for what each table holds. Existing reports get their
conversation from their timeline (`citizen.conversation.backfill`), so Open311 and channel feeds
are complete after the upgrade; nothing is delivered for the past (no outbox rows).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "public_updates",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("report_id", sa.String(length=36), nullable=False),
        sa.Column("channel_id", sa.Integer(), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("speaker", sa.String(length=200), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("final", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name="fk_public_updates_report_id_reports"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_public_updates"),
    )
    op.create_index("ix_public_updates_channel_seq", "public_updates", ["channel_id", "seq"])
    op.create_index("ix_public_updates_created_at", "public_updates", ["created_at"])
    op.create_index("ix_public_updates_report_seq", "public_updates", ["report_id", "seq"])
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("delivery_id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("channel_id", sa.Integer(), nullable=True),
        sa.Column("report_id", sa.String(length=36), nullable=False),
        sa.Column("update_id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=200), nullable=True),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_deliveries"),
        sa.UniqueConstraint("delivery_id", name="uq_deliveries_delivery_id"),
    )
    op.create_index("ix_deliveries_state_next", "deliveries", ["state", "next_attempt_at"])
    op.create_table(
        "channel_webhooks",
        sa.Column("channel_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column(
            "secrets", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["channel_id"], ["channels.id"], name="fk_channel_webhooks_channel_id_channels"
        ),
        sa.PrimaryKeyConstraint("channel_id", name="pk_channel_webhooks"),
    )
    op.create_table(
        "reporter_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("report_id", sa.String(length=36), nullable=False),
        sa.Column("purpose", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name="fk_reporter_tokens_report_id_reports"
        ),
        sa.PrimaryKeyConstraint("token_hash", name="pk_reporter_tokens"),
    )
    op.create_index("ix_reporter_tokens_report_id", "reporter_tokens", ["report_id"])
    from lapor_server.citizen.backfill import backfill

    backfill(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_reporter_tokens_report_id", table_name="reporter_tokens")
    op.drop_table("reporter_tokens")
    op.drop_table("channel_webhooks")
    op.drop_index("ix_deliveries_state_next", table_name="deliveries")
    op.drop_table("deliveries")
    op.drop_index("ix_public_updates_report_seq", table_name="public_updates")
    op.drop_index("ix_public_updates_created_at", table_name="public_updates")
    op.drop_index("ix_public_updates_channel_seq", table_name="public_updates")
    op.drop_table("public_updates")
