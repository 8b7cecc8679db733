"""The audit log, one-time secrets for admin ops, and what an admin sees of devices (issue 15).

- `audit_log`: sign-ins (success and failure), device registrations and revocations, every
  administrative change, exports, anonymity/secret flag changes. Append-only: a trigger refuses
  UPDATE and DELETE on SQLite and PostgreSQL (and TRUNCATE on PostgreSQL).
- `admin_pending_secrets`: a one-time password or channel secret made by an admin op from a
  desk, encrypted with a key derived from that desk's token, deleted when fetched.
- `device_tokens.desk_version`: the desk version a device signed in with.
- `categories.version`: two admins editing one category conflict.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=48), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("actor_user_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("actor_role", sa.String(length=16), nullable=True),
        sa.Column("subject_user_id", sa.Integer(), nullable=True),
        sa.Column("subject", sa.String(length=200), nullable=True),
        sa.Column("agency_code", sa.String(length=64), nullable=True),
        sa.Column("remote_addr", sa.String(length=64), nullable=True),
        sa.Column("device", sa.String(length=200), nullable=True),
        sa.Column("device_id", sa.Integer(), nullable=True),
        sa.Column("op_id", sa.String(length=36), nullable=True),
        sa.Column(
            "detail", sa.JSON().with_variant(sa.dialects.postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )  # fmt: skip
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_kind_at", "audit_log", ["kind", "at"])
    op.create_index("ix_audit_log_actor_at", "audit_log", ["actor_user_id", "at"])
    op.create_index("ix_audit_log_subject_at", "audit_log", ["subject_user_id", "at"])
    from lapor_server.admin.tables import trigger_statements

    for statement in trigger_statements(op.get_bind().dialect.name):
        op.execute(statement)
    op.create_table(
        "admin_pending_secrets",
        sa.Column("op_id", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("nonce", sa.LargeBinary(), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("op_id", name=op.f("pk_admin_pending_secrets")),
    )
    with op.batch_alter_table("device_tokens") as batch:
        batch.add_column(sa.Column("desk_version", sa.String(length=32), nullable=True))
    with op.batch_alter_table("categories") as batch:
        batch.add_column(
            sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1"))
        )


def downgrade() -> None:
    with op.batch_alter_table("categories") as batch:
        batch.drop_column("version")
    with op.batch_alter_table("device_tokens") as batch:
        batch.drop_column("desk_version")
    op.drop_table("admin_pending_secrets")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
    op.drop_table("audit_log")
