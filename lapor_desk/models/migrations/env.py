"""Alembic environment of the desk's local store; runs on the connection `migrate.py` hands over."""

from __future__ import annotations

from alembic import context

from lapor_desk.models.schema import Base


def _include(obj, name, type_, reflected, compare_to) -> bool:
    # The FTS5 virtual table and its shadow tables are created by hand in the revisions.
    return not (type_ == "table" and name is not None and name.startswith("report_fts"))


connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run the desk's migrations through lapor_desk.models.migrate.upgrade()")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite DDL is transactional once BEGIN is explicit (the store's begin hook emits it).
    transactional_ddl=True,
    transaction_per_migration=True,
    render_as_batch=True,
    include_object=_include,
)
with context.begin_transaction():
    context.run_migrations()
