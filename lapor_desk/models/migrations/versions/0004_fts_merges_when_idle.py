"""Full-text index: no incremental merging inside a save; the desk merges when idle.

FTS5's automerge (default 4) does a slice of segment merging inside whichever transaction adds a
segment, so an officer's save occasionally carried 10-20 ms of someone else's index upkeep
(bench/save.py). With automerge off, a save only writes its own small segment; the desk's idle
housekeeping (`Store.maintenance`, every minute) merges with FTS5's 'merge' command, and FTS5's
crisis merge (16 segments at one level) still bounds the index when no desk runs it (headless
commands only). The setting lives in the index's own config table, so it is set once, here.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("INSERT INTO report_fts(report_fts, rank) VALUES ('automerge', 0)")


def downgrade() -> None:
    raise NotImplementedError("the desk never downgrades its store; it is rebuilt from the server")
