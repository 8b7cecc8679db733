"""The schema revision this build of the desk expects, without importing Alembic.

`Store.open` compares it with the file's `alembic_version` row using plain SQL and imports
`migrate.py` (and through it Alembic, Mako and Pygments, about 0.3 s) only when they differ, so an
up-to-date store opens without that cost. A test asserts that this equals Alembic's real head:
bump it together with every new file in `migrations/versions/`.
"""

from __future__ import annotations

HEAD_REVISION = "0008"
