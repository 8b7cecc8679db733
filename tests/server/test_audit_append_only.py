"""The audit log is append-only for the application's database account: the database itself
refuses UPDATE and DELETE (and TRUNCATE on PostgreSQL), on both databases (issue 15)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from lapor_core.admin import AuditKind
from lapor_server.admin import audit
from lapor_server.admin.tables import AuditEntry
from lapor_server.db import Database, upgrade
from lapor_server.models import Base

NOW = datetime(2026, 11, 4, 1, 0, tzinfo=UTC)


def _one_entry(db: Database) -> int:
    with db.write() as s:
        audit.record(s, AuditKind.SIGN_IN, audit.Actor("budi", "petugas", 7), NOW, subject="budi")
    with db.read() as s:
        return s.scalar(sa.select(AuditEntry.id))


def _refused(db: Database, statement: str) -> None:
    with pytest.raises(DBAPIError, match="append-only"), db.write() as s:
        s.execute(sa.text(statement))


def test_the_database_refuses_to_change_or_delete_entries(db_url: str) -> None:
    upgrade(db_url)
    db = Database(db_url, pool_size=1)
    try:
        entry_id = _one_entry(db)
        _refused(db, "UPDATE audit_log SET actor = 'orang lain'")
        _refused(db, f"DELETE FROM audit_log WHERE id = {entry_id}")
        if db_url.startswith("postgresql"):
            _refused(db, "TRUNCATE audit_log")
        with pytest.raises(DBAPIError), db.write() as s:  # the ORM's way is refused too
            s.get(AuditEntry, entry_id).actor = "orang lain"
        with pytest.raises(DBAPIError), db.write() as s:
            s.delete(s.get(AuditEntry, entry_id))
        with db.read() as s:
            row = s.get(AuditEntry, entry_id)
            assert (row.actor, row.kind) == ("budi", "sign_in")
        # appending still works after the refusals
        _one_entry(db)
        with db.read() as s:
            assert s.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == 2
    finally:
        db.dispose()


def test_a_schema_made_without_migrations_has_the_triggers_too(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'neu.sqlite3'}")
    Base.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(
            sa.insert(AuditEntry).values(at=NOW, kind="sign_in", outcome="ok", actor="x", detail={})
        )
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM audit_log"))
    engine.dispose()
