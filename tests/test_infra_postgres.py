"""The PostgreSQL cluster the test session starts: reachable, isolated databases, templates."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.support.postgres import database_name, fresh_pg_database

pytestmark = pytest.mark.postgres


def test_session_database_is_reachable(pg_url):
    assert pg_url.startswith("postgresql+psycopg://postgres@127.0.0.1:")
    engine = sa.create_engine(pg_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(sa.text("select current_database()")).scalar() == "lapor_session"
            assert conn.execute(sa.text("show fsync")).scalar() == "off"
    finally:
        engine.dispose()


def test_fresh_databases_are_separate_and_can_copy_a_template(pg_url, pg_db):
    engine = sa.create_engine(pg_db)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("create table t (x int)"))
            conn.execute(sa.text("insert into t values (42)"))
    finally:
        engine.dispose()
    other = fresh_pg_database(pg_url)
    copy = fresh_pg_database(pg_url, template=database_name(pg_db))
    assert len({database_name(u) for u in (pg_url, pg_db, other, copy)}) == 4
    e_other, e_copy = sa.create_engine(other), sa.create_engine(copy)
    try:
        with e_other.connect() as conn:
            assert conn.execute(sa.text("select to_regclass('t')")).scalar() is None
        with e_copy.connect() as conn:
            assert conn.execute(sa.text("select x from t")).scalar() == 42
    finally:
        e_other.dispose()
        e_copy.dispose()


def test_cluster_runs_as_the_postgres_user(pg_cluster):
    import psycopg

    with psycopg.connect(
        host="127.0.0.1", port=pg_cluster.port, user="postgres", dbname="postgres"
    ) as conn:
        user = conn.execute("select usename from pg_stat_activity where pid = pg_backend_pid()")
        assert user.fetchone()[0] == "postgres"
        data_dir = conn.execute("show data_directory").fetchone()[0]
    assert data_dir == str(pg_cluster.datadir)
