"""Alembic migrations of the desk's local store (a package so that installs ship the files)."""
