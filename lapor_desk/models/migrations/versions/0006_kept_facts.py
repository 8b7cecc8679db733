"""Facts the desk used to drop (issue 11, "Keep every fact the server sends").

- `events.data`: the event's details from the snapshot (the OPD an officer suggested on a return,
  a reassignment's from/to, the original of a duplicate, which fields a verification changed);
  `events.written_at`: when an answer was written (bounded by the server, docs/sync.md).
- `reports.archive_reason`, `reports.duplicate_of`, `reports.original_title` (the citizen's
  title before verification changed it; coordinators only receive it).
- the events' covering index for the dashboard also holds `written_at`;
- `calendar_days`: the administrator's extra holidays and working days from `GET /reference`,
  so days-left and due-soon counts use the same calendar as the server.

Reports already in the store were saved without these: the cursor is dropped and `refill` set,
so the next sync reads the feed from the beginning once and replaces every report, also those whose
version did not change (versions are left as they are: an offline action keeps a true
`base_version`). The reference (and so the calendar) is fetched again at that sync.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("events", sa.Column("data", sa.JSON(), nullable=True))
    op.add_column("events", sa.Column("written_at", sa.Text(), nullable=True))
    op.add_column("reports", sa.Column("archive_reason", sa.Text(), nullable=True))
    op.add_column("reports", sa.Column("duplicate_of", sa.Text(), nullable=True))
    op.add_column("reports", sa.Column("original_title", sa.Text(), nullable=True))
    # The dashboard reads an answer's written time from the events' covering index.
    op.drop_index("ix_events_kind_report_id_position_created_at", table_name="events")
    op.create_index(
        "ix_events_kind_report_id_position_created_at_written_at",
        "events",
        ["kind", "report_id", "position", "created_at", "written_at"],
    )
    op.create_table(
        "calendar_days",
        sa.Column("day", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("working", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.PrimaryKeyConstraint("day", name="pk_calendar_days"),
    )
    bind = op.get_bind()
    if bind.exec_driver_sql("SELECT 1 FROM reports LIMIT 1").first() is not None:
        bind.exec_driver_sql("DELETE FROM sync_state WHERE key IN ('cursor', 'reference_at')")
        bind.exec_driver_sql("INSERT OR REPLACE INTO sync_state(key, value) VALUES ('refill', '1')")


def downgrade() -> None:
    raise NotImplementedError("the desk never downgrades its store; it is rebuilt from the server")
