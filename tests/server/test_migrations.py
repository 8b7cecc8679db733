"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from lapor_server.db import current_revision, head_revision, make_engine, upgrade
from lapor_server.models import Base


def _diff(url: str) -> list:
    engine = make_engine(url, pool_size=1)
    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            return compare_metadata(ctx, Base.metadata)
    finally:
        engine.dispose()


def test_upgrade_matches_models(server_db_url: str) -> None:
    assert current_revision(server_db_url) == head_revision()
    assert _diff(server_db_url) == []


def test_upgrade_from_empty_and_again(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'neu.sqlite3'}"
    assert current_revision(url) is None
    upgrade(url)
    upgrade(url)
    assert current_revision(url) == head_revision()
