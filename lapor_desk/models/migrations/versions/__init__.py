"""Alembic revisions of the desk's local store, one file per revision."""
