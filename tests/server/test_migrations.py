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


def test_unique_external_id_migration_names_twins_instead_of_guessing(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Revision 0003 adds one report per (channel, external_id); a database that already holds
    twins is not changed behind the administrator's back: the upgrade stops and names them."""
    import datetime as dt

    import pytest
    import sqlalchemy as sa

    url = f"sqlite:///{tmp_path / 'twins.sqlite3'}"
    upgrade(url, "0002")
    engine = make_engine(url, pool_size=1)
    try:
        reports = sa.Table("reports", sa.MetaData(), autoload_with=engine)

        def value(column: sa.Column):
            kind = column.type.python_type if hasattr(column.type, "python_type") else str
            return {
                int: 1,
                float: 0.0,
                bool: False,
                dt.datetime: dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
                dt.date: dt.date(2026, 11, 1),
                dict: {},
                list: [],
            }.get(kind, "x")

        channels = sa.Table("channels", sa.MetaData(), autoload_with=engine)
        with engine.begin() as conn:
            conn.execute(
                channels.insert().values(
                    id=7, name="web", created_at=value(channels.c.created_at), active=True
                )
            )
            for n in (1, 2):
                row = {c.name: value(c) for c in reports.columns if not c.nullable}
                row.update(
                    id=f"r{n}",
                    tracking_id=f"MMK-{n}",
                    feed_seq=n,
                    channel_id=7,
                    external_id="ext-1",
                )
                conn.execute(reports.insert().values(**row))
    finally:
        engine.dispose()
    with pytest.raises(RuntimeError, match="ext-1"):
        upgrade(url)
    assert current_revision(url) == "0002"


def test_the_citizen_revision_fills_the_conversation_of_existing_reports(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """Reports made before revision 0006 get their public conversation from their timeline."""
    from datetime import UTC, datetime

    import sqlalchemy as sa
    from sqlalchemy.orm import Session

    from lapor_server import reports as rep

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    upgrade(url, "0005")
    monkeypatch.setattr("lapor_server.citizen.conversation.record_change", lambda *a, **k: [])
    engine = sa.create_engine(url)
    now = datetime(2026, 11, 4, 1, 0, tzinfo=UTC)
    with Session(engine) as s, s.begin():
        # No reference data: the models' agencies have columns a 0005 database lacks (0008).
        report = rep.create_report(
            s,
            title="Lampu jalan mati",
            body="Gelap.",
            classification="pengaduan",
            channel="web",
            submitted_at=now,
            now=now,
            calendar=rep.load_calendar(s),
        )
        rep.add_event(s, report, kind="note", actor="x", actor_role="petugas", now=now, text="n")
        rep.add_event(s, report, kind="respond", actor="x", actor_role="petugas", now=now,
                      text="Sudah diganti.", data={"final": True})  # fmt: skip
    engine.dispose()
    monkeypatch.undo()
    upgrade(url)
    engine = sa.create_engine(url)
    with engine.connect() as c:
        rows = c.execute(sa.text("SELECT kind, description FROM public_updates ORDER BY id")).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [
        ("status", "Laporan diterima dan menunggu verifikasi."),
        ("answer", "Sudah diganti."),
    ]


def test_a_server_with_accounts_and_their_devices_upgrades(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Revisions that copy a table other rows reference (users, agencies) must work on a server
    with data: SQLite refuses to drop the old copy while foreign keys are enforced."""
    import sqlalchemy as sa

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    upgrade(url, "0007")
    engine = sa.create_engine(url)

    def insert(c, table: str, values: dict) -> None:
        row = dict(values)
        for _cid, name, type_, notnull, default, pk in c.exec_driver_sql(
            f"PRAGMA table_info({table})"
        ).all():
            if name not in row and notnull and default is None and not pk:
                row[name] = 1 if any(t in type_.upper() for t in ("INT", "BOOL")) else "x"
        names = ", ".join(row)
        marks = ", ".join(f":{n}" for n in row)
        c.execute(sa.text(f"INSERT INTO {table} ({names}) VALUES ({marks})"), row)

    with engine.begin() as c:
        c.exec_driver_sql("PRAGMA foreign_keys=ON")
        insert(c, "agencies", {"code": "dinas_pupr", "name": "Dinas PUPR"})
        insert(c, "users", {"id": 1, "username": "budi", "agency_code": "dinas_pupr"})
        insert(c, "device_tokens", {"user_id": 1})
    engine.dispose()
    upgrade(url)
    engine = sa.create_engine(url)
    with engine.connect() as c:
        assert c.exec_driver_sql("SELECT username, email, version FROM users").all() == [
            ("budi", None, 1)
        ]
        assert c.exec_driver_sql("SELECT count(*) FROM device_tokens").scalar() == 1
        assert c.exec_driver_sql("PRAGMA foreign_key_check").all() == []
    engine.dispose()
