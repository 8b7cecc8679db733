"""Full-text index without its own copy of the text (FTS5 `content=''`, `contentless_delete=1`).

Until now `report_fts` kept a copy of every title, body and answer (its `_content` table, about
100 MB for 100k reports) only so that an entry could be deleted by row id alone. SQLite 3.43
added contentless tables that can delete by row id (`contentless_delete=1`), so the copy buys
nothing: the desk never reads text back from the index (search returns row ids and ranks; the
queue reads the text from `reports`). Without it the first sync of a large scope writes, encrypts
and checkpoints a third of the index's pages (bench/sync_initial.py, docs/performance.md), every
save writes less, and the store is smaller.

Older SQLite (Python's own sqlite3 below 3.43, used only by plain, unencrypted stores) keeps the
old table: `search.contentless()` tells the code which one a store has, and both behave the
same for search. The index is rebuilt from `reports` and `events` here (about 2 s per 100k
reports), with its settings: the ranking weights and no automerge (revision 0004).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    version = bind.exec_driver_sql("SELECT sqlite_version()").scalar_one()
    if tuple(int(part) for part in version.split(".")[:3]) < (3, 43, 0):
        return  # a plain store on an older SQLite: the index keeps its copy of the text
    op.execute("DROP TABLE report_fts")
    op.execute(
        "CREATE VIRTUAL TABLE report_fts USING fts5(title, body, responses,"
        " tokenize = 'unicode61 remove_diacritics 2', content = '', contentless_delete = 1)"
    )
    op.execute("INSERT INTO report_fts(report_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0, 2.0)')")
    op.execute("INSERT INTO report_fts(report_fts, rank) VALUES ('automerge', 0)")
    op.execute("DELETE FROM fts_pending")
    op.execute(
        "INSERT INTO report_fts(rowid, title, body, responses)"
        " SELECT r.rid, r.title, r.body,"
        " (SELECT group_concat(e.text, char(10)) FROM events AS e"
        "   WHERE e.report_id = r.id AND e.visibility = 'public' AND e.text IS NOT NULL)"
        " FROM reports AS r"
    )


def downgrade() -> None:
    raise NotImplementedError("the desk never downgrades its store; it is rebuilt from the server")
