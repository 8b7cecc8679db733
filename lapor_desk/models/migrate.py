"""Alembic, driven from code: the desk has no alembic.ini; `Store.open` upgrades to head.

Each revision runs in its own transaction (explicit BEGIN IMMEDIATE, see `store.py`), so a crash
during an upgrade leaves the file at the previous revision and the next open simply retries.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from lapor_desk.errors import StoreTooNewError

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    # Config values go through configparser interpolation: a '%' in the path must be doubled.
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(connection: Connection, target: str = "head") -> None:
    """Upgrade the database behind `connection` to `target` (one transaction per revision).

    `connection` must not be inside a transaction; the revisions commit as they go.
    """
    current = current_revision(connection)
    if connection.in_transaction():
        connection.rollback()
    if current is not None and current not in known_revisions():
        raise StoreTooNewError(current)
    if target == "head" and current == head_revision():
        return
    command.upgrade(alembic_config(connection), target)
