"""The LAPOR Desk central server: FastAPI + SQLAlchemy (SQLite embedded, PostgreSQL in production).

Entry points: `lapor_server.app.create_app(settings)` and the `lapor-server` command
(`lapor_server.cli.main`). Every piece of state lives in the database, so several server
processes can share one PostgreSQL database.
"""

from lapor_core import __version__

__all__ = ["__version__"]
