"""Initial schema of the desk's local work queue.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

T = sa.Text
ZERO = sa.text("0")


def upgrade() -> None:
    op.create_table(
        "reports",
        sa.Column("rid", sa.Integer, primary_key=True),
        sa.Column("id", T, nullable=False),
        sa.Column("tracking_id", T, nullable=False),
        sa.Column("title", T, nullable=False),
        sa.Column("body", T, nullable=False),
        sa.Column("classification", T),
        sa.Column("category_code", T),
        sa.Column("district_code", T),
        sa.Column("village", T),
        sa.Column("address", T),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("incident_date", T),
        sa.Column("submitted_at", T, nullable=False),
        sa.Column("channel", T),
        sa.Column("status", T, nullable=False),
        sa.Column("agency_code", T),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("is_anonymous", sa.Boolean, nullable=False, server_default=ZERO),
        sa.Column("is_secret", sa.Boolean, nullable=False, server_default=ZERO),
        sa.Column("reporter_name", T),
        sa.Column("reporter_json", sa.JSON),
        sa.Column("verify_by", T),
        sa.Column("dispatch_by", T),
        sa.Column("respond_by", T),
        sa.Column("closes_at", T),
        sa.Column("postponed_from", T),
        sa.Column("last_event_at", T),
        sa.Column("sync_state", T, nullable=False, server_default=sa.text("'synced'")),
        sa.Column("sync_reason", T),
        sa.PrimaryKeyConstraint("rid", name="pk_reports"),
        sa.UniqueConstraint("id", name="uq_reports_id"),
        sa.CheckConstraint(
            "sync_state IN ('synced', 'pending', 'conflict', 'error')",
            name="ck_reports_sync_state",
        ),
    )
    # Queue queries: filter by status/agency/district/category/sync badge, sort by deadline or date.
    op.create_index("ix_reports_status_respond_by", "reports", ["status", "respond_by"])
    op.create_index("ix_reports_agency_code_status", "reports", ["agency_code", "status"])
    op.create_index("ix_reports_district_code", "reports", ["district_code"])
    op.create_index("ix_reports_category_code", "reports", ["category_code"])
    op.create_index("ix_reports_submitted_at", "reports", ["submitted_at"])
    op.create_index("ix_reports_sync_state", "reports", ["sync_state"])
    op.create_index("ix_reports_tracking_id", "reports", ["tracking_id"])

    op.create_table(
        "events",
        sa.Column("id", T, nullable=False),
        sa.Column("report_id", T, nullable=False),
        sa.Column("position", sa.Integer, nullable=False, server_default=ZERO),
        sa.Column("kind", T, nullable=False),
        sa.Column("actor", T),
        sa.Column("agency_code", T),
        sa.Column("text", T),
        sa.Column("visibility", T, nullable=False),
        sa.Column("created_at", T, nullable=False),
        sa.Column("attachments", sa.JSON, nullable=False, server_default=sa.text("'[]'")),
        sa.Column("pending", sa.Boolean, nullable=False, server_default=ZERO),
        sa.PrimaryKeyConstraint("id", name="pk_events"),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name="fk_events_report_id_reports", ondelete="CASCADE"
        ),
        sa.CheckConstraint("visibility IN ('public', 'internal')", name="ck_events_visibility"),
    )
    op.create_index("ix_events_report_id_position", "events", ["report_id", "position"])

    op.create_table(
        "attachments",
        sa.Column("report_id", T, nullable=False),
        sa.Column("sha256", T, nullable=False),
        sa.Column("filename", T, nullable=False),
        sa.Column("media_type", T, nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("cache_path", T),
        sa.Column("hidden_from_agency", sa.Boolean, nullable=False, server_default=ZERO),
        sa.PrimaryKeyConstraint("report_id", "sha256", name="pk_attachments"),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["reports.id"],
            name="fk_attachments_report_id_reports",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_attachments_sha256", "attachments", ["sha256"])

    op.create_table(
        "local_files",
        sa.Column("sha256", T, nullable=False),
        sa.Column("path", T, nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("filename", T),
        sa.Column("media_type", T),
        sa.Column("created_at", T),
        sa.PrimaryKeyConstraint("sha256", name="pk_local_files"),
    )
    op.create_table(
        "agencies",
        sa.Column("code", T, nullable=False),
        sa.Column("name", T, nullable=False),
        sa.PrimaryKeyConstraint("code", name="pk_agencies"),
    )
    op.create_table(
        "districts",
        sa.Column("code", T, nullable=False),
        sa.Column("name", T, nullable=False),
        sa.Column("villages", sa.JSON, nullable=False, server_default=sa.text("'[]'")),
        sa.PrimaryKeyConstraint("code", name="pk_districts"),
    )
    op.create_table(
        "categories",
        sa.Column("code", T, nullable=False),
        sa.Column("name", T, nullable=False),
        sa.Column("default_agency", T),
        sa.PrimaryKeyConstraint("code", name="pk_categories"),
    )

    op.create_table(
        "outbox",
        sa.Column("seq", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("op_id", T, nullable=False),
        sa.Column("report_id", T, nullable=False),  # not a foreign key: must outlive its report
        sa.Column("kind", T, nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("base_version", sa.Integer),
        sa.Column("created_at", T, nullable=False),
        sa.Column("state", T, nullable=False, server_default=sa.text("'pending'")),
        sa.Column("attempts", sa.Integer, nullable=False, server_default=ZERO),
        sa.Column("last_error", T),
        sa.Column("outcome", T),
        sa.Column("outcome_detail", T),
        sa.Column("outcome_reason", T),
        sa.Column("report_title", T),
        sa.Column("done_at", T),
        sa.PrimaryKeyConstraint("seq", name="pk_outbox"),
        sa.UniqueConstraint("op_id", name="uq_outbox_op_id"),
        sa.CheckConstraint(
            "state IN ('pending', 'sending', 'done', 'conflict', 'rejected', 'discarded')",
            name="ck_outbox_state",
        ),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_outbox_state_seq", "outbox", ["state", "seq"])
    op.create_index("ix_outbox_report_id_seq", "outbox", ["report_id", "seq"])

    op.create_table(
        "sync_state",
        sa.Column("key", T, nullable=False),
        sa.Column("value", T),
        sa.PrimaryKeyConstraint("key", name="pk_sync_state"),
    )
    op.create_table(
        "drafts",
        sa.Column("report_id", T, nullable=False),
        sa.Column("mode", T, nullable=False),
        sa.Column("text", T, nullable=False),
        sa.Column("final", sa.Boolean, nullable=False, server_default=ZERO),
        sa.Column("updated_at", T, nullable=False),
        sa.PrimaryKeyConstraint("report_id", "mode", name="pk_drafts"),
        sa.CheckConstraint("mode IN ('public', 'internal')", name="ck_drafts_mode"),
    )
    op.create_table(
        "fts_pending",
        sa.Column("rid", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("rid", name="pk_fts_pending"),
    )

    # Full-text index with its own copy of the text: rows are deleted by rowid alone, so keeping
    # it consistent never depends on remembering the old text (see lapor_desk/models/search.py).
    op.execute(
        "CREATE VIRTUAL TABLE report_fts USING fts5("
        "title, body, responses, tokenize = 'unicode61 remove_diacritics 2')"
    )
    # Title matches weigh most, then responses, then the body.
    op.execute("INSERT INTO report_fts(report_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0, 2.0)')")
    # Deleting a report (tombstone) drops its index entry in the same statement, whoever deletes.
    op.execute(
        "CREATE TRIGGER reports_fts_delete AFTER DELETE ON reports BEGIN "
        "DELETE FROM report_fts WHERE rowid = old.rid; "
        "DELETE FROM fts_pending WHERE rid = old.rid; "
        "END"
    )


def downgrade() -> None:
    raise NotImplementedError("the desk never downgrades its store; it is rebuilt from the server")
