"""Pre-encoded snapshots per audience (issue 17): `report_snapshots`, filled for existing reports.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05

Feed pages become stored bytes joined (lapor_server/encoded.py). The upgrade builds the rows of
every existing report with the same code the server uses at each change, in batches; reports it
would miss are built live by the feed and backfilled by the periodic job, so the table is an
accelerator, never the truth.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_snapshots",
        sa.Column("report_id", sa.String(length=36), nullable=False),
        sa.Column("audience", sa.String(length=16), nullable=False),
        sa.Column("feed_seq", sa.BigInteger(), nullable=False),
        sa.Column("rules", sa.String(length=16), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["reports.id"],
            name=op.f("fk_report_snapshots_report_id_reports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("report_id", "audience", name=op.f("pk_report_snapshots")),
    )
    from lapor_server import encoded

    with Session(bind=op.get_bind()) as s:
        # The snapshot code is today's: it may need tables of later revisions (those rebuild).
        encoded.backfill_if_possible(s)
        s.flush()


def downgrade() -> None:
    op.drop_table("report_snapshots")
