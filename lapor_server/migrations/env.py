"""Alembic environment: runs migrations on the connection `lapor_server.db.upgrade` hands in."""

from __future__ import annotations

from alembic import context

from lapor_server.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        from lapor_server.db import make_engine

        engine = make_engine(config.get_main_option("sqlalchemy.url"), pool_size=1)
        with engine.begin() as conn:
            context.configure(
                connection=conn, target_metadata=target_metadata, render_as_batch=True
            )
            context.run_migrations()
        engine.dispose()
        return
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():  # pragma: no cover - offline SQL generation is not used
    raise SystemExit("offline migrations are not supported; run `lapor-server init-db`")
run_migrations_online()
