"""Feed pages built before a desk asks (issue 17): `feed_pages`.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05

A desk reading pages no other desk read cost the server a page build and a compression per
request; the background job now keeps each active audience's chain of pages compressed
(lapor_server/feed_pages.py). The table starts empty: it is an accelerator, never the truth
(a page is served only while provably exact, otherwise the feed builds it live).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feed_pages",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("epoch", sa.String(length=64), nullable=False),
        sa.Column("audience", sa.String(length=80), nullable=False),
        sa.Column("rules", sa.String(length=32), nullable=False),
        sa.Column("start_seq", sa.BigInteger(), nullable=False),
        sa.Column("end_seq", sa.BigInteger(), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.Column("alive", sa.Integer(), nullable=False),
        sa.Column("coding", sa.String(length=16), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feed_pages")),
        sa.UniqueConstraint(
            "epoch", "audience", "rules", "start_seq", name=op.f("uq_feed_pages_epoch")
        ),
    )
    with op.batch_alter_table("feed_pages") as batch_op:
        batch_op.create_index("ix_feed_pages_audience", ["audience", "start_seq"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("feed_pages") as batch_op:
        batch_op.drop_index("ix_feed_pages_audience")
    op.drop_table("feed_pages")
