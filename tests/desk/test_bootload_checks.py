"""What the bulk load refuses (a damaged or hostile bootstrap file), and that a refusal leaves the
store exactly as it was; and the full-text entries it writes match the reports' texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from lapor_desk.errors import ProtocolError
from lapor_desk.models import bootload, search, sync_state
from lapor_desk.models.store import Store
from tests.desk.test_bootload_crash import ACCOUNT, KEY, _columns, batches


def _load(store: Store, cut: list[bootload.Batch]) -> bootload.LoadResult:
    columns, _keep = _columns()
    return bootload.load(
        store,
        columns,
        cut,
        cursor="c",
        account=ACCOUNT,
        at="2026-12-05T00:00:00Z",
        gone_detail="pergi",
    )


def _cut(count: int, size: int) -> list[bootload.Batch]:
    _unused, keep = _columns()
    return [
        bootload.Batch([[r[i] for i in keep] for r in b.reports], b.events, b.attachments)
        for b in batches(count, size)
    ]


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "queue.sqlite3", key=KEY) as s:
        _load(s, _cut(3, 3))  # what the store held before: three reports and a cursor
        yield s


def _state(store: Store) -> tuple:
    with store.read_conn() as conn:
        q = conn.exec_driver_sql
        return (
            q("SELECT id, version FROM reports ORDER BY id").all(),
            q("SELECT count(*) FROM events").scalar(),
            q("SELECT count(*) FROM report_fts").scalar(),
            sync_state.get(conn, "cursor"),
        )


def _tamper(how: str) -> list[bootload.Batch]:
    cut = _cut(6, 3)
    columns, _keep = _columns()
    second = cut[1]
    if how == "event of another report":
        event = list(second.events[0])
        event[columns.events.index("report_id")] = "rep-9999"
        second.events[0] = event
    elif how == "file of another report":
        second.attachments[0] = list(second.attachments[0])
        second.attachments[0][columns.attachments.index("report_id")] = "rep-0000"
    elif how == "version not a number":
        second.reports[1][columns.reports.index("version")] = "2"
    elif how == "id not text":
        second.reports[2][columns.reports.index("id")] = 12
    elif how == "the same report twice":
        second.reports[0] = list(cut[0].reports[0])
        second.events = [e for e in second.events if e[1] != second.reports[0][1]]
    return cut


@pytest.mark.parametrize(
    "how",
    [
        "event of another report",
        "file of another report",
        "version not a number",
        "id not text",
        "the same report twice",
    ],
)
def test_a_refused_file_leaves_the_store_as_it_was(store: Store, how: str):
    before = _state(store)
    with pytest.raises(ProtocolError):
        _load(store, _tamper(how))
    assert _state(store) == before


def test_the_full_text_entries_are_each_reports_texts(store: Store):
    _load(store, _cut(7, 3))
    with store.read() as r:
        assert search.search_ids(r, "Jawaban 5", limit=10) == ["rep-0005"]
        assert sorted(search.search_ids(r, "jalan rusak", limit=10)) == [
            f"rep-{n:04d}" for n in range(7)
        ]
    with store.read_conn() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM report_fts").scalar() == 7
