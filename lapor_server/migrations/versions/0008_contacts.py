"""Contacts and edit versions for administration (issue 15).

- `users.email`: where an account's digests and notices go (null: none).
- `users.version`: incremented by every administrative change of the account, so two admins
  editing one account conflict instead of silently overwriting each other (docs/api.md).
- `agencies.contact_name/email/phone`: the OPD's contact person (digests go to them too).
- `agencies.version`: the same conflict check for OPD edits.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("email", sa.String(length=254), nullable=True))
        batch.add_column(
            sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1"))
        )
    with op.batch_alter_table("agencies") as batch:
        batch.add_column(sa.Column("contact_name", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("contact_email", sa.String(length=254), nullable=True))
        batch.add_column(sa.Column("contact_phone", sa.String(length=32), nullable=True))
        batch.add_column(
            sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1"))
        )


def downgrade() -> None:
    with op.batch_alter_table("agencies") as batch:
        batch.drop_column("version")
        batch.drop_column("contact_phone")
        batch.drop_column("contact_email")
        batch.drop_column("contact_name")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("version")
        batch.drop_column("email")
