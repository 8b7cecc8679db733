"""One report per (channel, external_id): intake's duplicate check could race (issue 3 note).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28

A database that already holds twins cannot take the index; the upgrade stops and names them, so
an administrator decides which to archive (`lapor-server` never deletes a citizen's report).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    twins = (
        op.get_bind()
        .execute(
            sa.text(
                "SELECT channel_id, external_id, count(*) FROM reports"
                " WHERE channel_id IS NOT NULL AND external_id IS NOT NULL"
                " GROUP BY channel_id, external_id HAVING count(*) > 1"
            )
        )
        .all()
    )
    if twins:
        listed = ", ".join(f"channel {c} external_id {e!r} ({n}×)" for c, e, n in twins[:20])
        raise RuntimeError(
            "Laporan ganda dari kanal yang sama dengan external_id yang sama; arsipkan salah satu "
            f"lalu ulangi migrasi / duplicate intake reports, archive one and retry: {listed}"
        )
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.create_index(
            "uq_reports_channel_external", ["channel_id", "external_id"], unique=True
        )


def downgrade() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index("uq_reports_channel_external")
