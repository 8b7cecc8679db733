"""Where the server keeps attachments when the admin does not say."""

from __future__ import annotations

from pathlib import Path

from lapor_server.config import ServerSettings


def test_attachments_default_beside_a_sqlite_database(tmp_path):
    db = tmp_path / "srv" / "lapor.sqlite3"
    settings = ServerSettings.from_env({}, db_url=f"sqlite:///{db}")
    assert settings.attachments_dir == db.parent / "attachments"


def test_explicit_attachments_dir_wins(tmp_path):
    settings = ServerSettings.from_env(
        {"LAPOR_SERVER_ATTACHMENTS_DIR": str(tmp_path / "files")},
        db_url=f"sqlite:///{tmp_path / 'x.sqlite3'}",
    )
    assert settings.attachments_dir == tmp_path / "files"


def test_postgres_falls_back_to_the_working_directory():
    settings = ServerSettings.from_env({}, db_url="postgresql+psycopg://lapor@localhost/lapor")
    assert settings.attachments_dir == Path("attachments")
