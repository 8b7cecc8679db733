"""Covering indexes for the queue's key queries and the dashboard's timeline scan.

The queue selects `reports.id` ordered by `submitted_at, rid` (optionally filtered by one status,
distrik or category); with `rid` and `id` in the index those are index-only scans in display
order (no table lookups, no temporary sort). The dashboard reads `report_id, kind, position,
created_at` of the dispatch/reassign/respond events: an index led by `kind` answers that without
reading the wide events rows. The single-column indexes the new ones start with are dropped.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

#: (name, table, columns) of the indexes this revision adds
NEW_INDEXES = (
    ("ix_reports_submitted_at_rid_id", "reports", ["submitted_at", "rid", "id"]),
    ("ix_reports_status_submitted_at_rid_id", "reports", ["status", "submitted_at", "rid", "id"]),
    (
        "ix_reports_district_code_submitted_at_rid_id",
        "reports",
        ["district_code", "submitted_at", "rid", "id"],
    ),
    (
        "ix_reports_category_code_submitted_at_rid_id",
        "reports",
        ["category_code", "submitted_at", "rid", "id"],
    ),
    (
        "ix_events_kind_report_id_position_created_at",
        "events",
        ["kind", "report_id", "position", "created_at"],
    ),
)
#: Prefixes of the new indexes: every query they served is served by a new one.
REDUNDANT = ("ix_reports_submitted_at", "ix_reports_district_code", "ix_reports_category_code")


def upgrade() -> None:
    for name, table, columns in NEW_INDEXES:
        op.create_index(name, table, columns)
    for name in REDUNDANT:
        op.drop_index(name, table_name="reports")


def downgrade() -> None:
    raise NotImplementedError("the desk never downgrades its store; it is rebuilt from the server")
