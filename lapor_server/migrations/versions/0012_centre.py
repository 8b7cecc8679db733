"""The centre link (issue 16, docs/pusat.md): a region's signed monthly aggregates waiting for the
centre (`pusat_outbox`), and the centre's regions, keys, submissions, figures and cells.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "centre_cells",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("region_code", sa.String(length=16), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("district", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("overdue", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_centre_cells")),
    )
    op.create_index(
        "ix_centre_cells_region_period", "centre_cells", ["region_code", "period"], unique=False
    )
    op.create_table(
        "centre_regions",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_centre_regions")),
    )
    op.create_table(
        "pusat_outbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("signature", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_try_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pusat_outbox")),
        sa.UniqueConstraint("period", "version", name="uq_pusat_outbox_period"),
    )
    op.create_table(
        "centre_periods",
        sa.Column("region_code", sa.String(length=16), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("open", sa.Integer(), nullable=False),
        sa.Column("overdue", sa.Integer(), nullable=False),
        sa.Column("responded", sa.Integer(), nullable=False),
        sa.Column("within", sa.Integer(), nullable=False),
        sa.Column("measurable", sa.Integer(), nullable=False),
        sa.Column("median_days", sa.Float(), nullable=True),
        sa.Column("ratings", sa.Integer(), nullable=False),
        sa.Column("rating_sum", sa.Integer(), nullable=False),
        sa.Column("by_status", JSON, nullable=False),
        sa.Column("days", JSON, nullable=False),
        sa.Column("opd", JSON, nullable=False),
        sa.Column("labels", JSON, nullable=False),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["centre_regions.code"],
            name=op.f("fk_centre_periods_region_code_centre_regions"),
        ),
        sa.PrimaryKeyConstraint("region_code", "period", name=op.f("pk_centre_periods")),
    )
    op.create_index("ix_centre_periods_period", "centre_periods", ["period"], unique=False)
    op.create_table(
        "centre_region_keys",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("region_code", sa.String(length=16), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("valid_until", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["centre_regions.code"],
            name=op.f("fk_centre_region_keys_region_code_centre_regions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_centre_region_keys")),
        sa.UniqueConstraint("region_code", "public_key", name="uq_centre_region_keys_key"),
    )
    op.create_index(
        op.f("ix_centre_region_keys_region_code"),
        "centre_region_keys",
        ["region_code"],
        unique=False,
    )
    op.create_table(
        "centre_submissions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("region_code", sa.String(length=16), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["centre_regions.code"],
            name=op.f("fk_centre_submissions_region_code_centre_regions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_centre_submissions")),
        sa.UniqueConstraint("region_code", "period", "version", name="uq_centre_submissions"),
    )


def downgrade() -> None:
    op.drop_table("centre_submissions")
    op.drop_index(op.f("ix_centre_region_keys_region_code"), table_name="centre_region_keys")
    op.drop_table("centre_region_keys")
    op.drop_index("ix_centre_periods_period", table_name="centre_periods")
    op.drop_table("centre_periods")
    op.drop_table("pusat_outbox")
    op.drop_table("centre_regions")
    op.drop_index("ix_centre_cells_region_period", table_name="centre_cells")
    op.drop_table("centre_cells")
