"""Queue queries against a real SQLite store: views and counts, filters, FTS search, sorting,
saved views, and rows with names and working days left."""

from __future__ import annotations

from datetime import date

import pytest

from lapor_core.calendar import DEFAULT_CALENDAR
from lapor_desk.services.queue import QueueFilter, QueueService, QueueView

TODAY = date(2026, 3, 16)  # a Monday


@pytest.fixture
def queue(filled_store, snapshot):
    store = filled_store([snapshot(n) for n in range(1, 41)])
    return QueueService(store, today=lambda: TODAY)


def test_views_select_by_status_and_counts_agree(queue):
    counts = queue.counts()
    assert counts[QueueView.ALL] == 40
    for view in QueueView:
        assert len(queue.keys(QueueFilter(view=view))) == counts[view], view
    assert counts[QueueView.NEW] == 10 and counts[QueueView.POSTPONED] == 10


def test_overdue_and_due_soon_use_working_days(queue):
    late = queue.rows(queue.keys(QueueFilter(view=QueueView.OVERDUE)))
    assert late and all(r.deadline < TODAY and r.days_left < 0 for r in late)
    assert all(r.status in ("dispatched", "in_progress") for r in late)
    soon = queue.rows(queue.keys(QueueFilter(view=QueueView.DUE_SOON)))
    # Monday 16 March 2026: two working days ahead is Wednesday 25 March, after Nyepi, Idul Fitri
    # and the cuti bersama around them.
    limit = DEFAULT_CALENDAR.add_working_days(TODAY, 2)
    assert limit == date(2026, 3, 25)
    assert soon and all(TODAY <= r.deadline <= limit for r in soon)
    assert any(r.deadline > date(2026, 3, 18) for r in soon)
    assert all(0 <= r.days_left <= 2 for r in soon)


def test_follow_up_lists_reports_the_reporter_answered(filled_store, snapshot):
    replied = snapshot(1, status="in_progress")
    replied["events"] = [
        *replied["events"],
        {
            "id": "reply-1",
            "kind": "reporter_reply",
            "actor": "pelapor",
            "agency_code": None,
            "text": "Belum diperbaiki sampai sekarang.",
            "visibility": "public",
            "created_at": "2026-03-12T02:00:00+00:00",
            "attachments": [],
        },
    ]
    store = filled_store([replied, snapshot(2, status="in_progress")])
    queue = QueueService(store, today=lambda: TODAY)
    assert queue.keys(QueueFilter(view=QueueView.FOLLOW_UP)) == ["r000001"]
    assert queue.counts()[QueueView.FOLLOW_UP] == 1


def test_filters_combine(queue):
    flt = QueueFilter(district_code="wania", category_code="kesehatan")
    rows = queue.rows(queue.keys(flt))
    assert rows
    assert {r.district_name for r in rows} == {"Wania"}
    assert all(r.category_name.startswith("Kesehatan") for r in rows)
    assert queue.keys(QueueFilter(status="postponed")) == queue.keys(
        QueueFilter(view=QueueView.POSTPONED)
    )


def test_received_range_is_in_mimika_days(queue):
    # Report 1 was received 2026-03-02 08:00 UTC = 17:00 WIT on 2 March.
    keys = queue.keys(QueueFilter(received_from=date(2026, 3, 2), received_to=date(2026, 3, 2)))
    rows = queue.rows(keys)
    assert rows and all(r.submitted_at.date() == date(2026, 3, 2) for r in rows)


def test_search_uses_full_text_and_tracking_id(queue):
    hits = queue.keys(QueueFilter(text="puskesmas obat"))
    assert hits and all("Puskesmas" in r.title for r in queue.rows(hits))
    assert queue.keys(QueueFilter(text="MMK-2603-00007")) == ["r000007"]
    # prefix search while typing
    assert set(queue.keys(QueueFilter(text="puskes"))) == set(hits)


@pytest.mark.parametrize("hostile", ['"', "AND", "NEAR(", "col:", "title:x OR", "*", "'; DROP"])
def test_search_survives_hostile_input(queue, hostile):
    queue.keys(QueueFilter(text=hostile))  # no exception; results may be empty


@pytest.mark.parametrize("sort", ["tracking_id", "title", "received", "deadline", "status"])
def test_sorting_happens_in_sql(queue, sort):
    up = queue.keys(QueueFilter(sort=sort, descending=False))
    down = queue.keys(QueueFilter(sort=sort, descending=True))
    assert len(up) == 40 and set(up) == set(down)
    rows = {r.id: r for r in queue.rows(up)}
    if sort == "tracking_id":
        values = [rows[k].tracking_id for k in up]
        assert values == sorted(values)
    if sort == "received":
        assert down[0] == "r000040"


def test_deadline_sort_puts_reports_without_one_last(queue):
    keys = queue.keys(QueueFilter(sort="deadline", descending=False))
    rows = {r.id: r for r in queue.rows(keys)}
    dated = [rows[k].deadline for k in keys]
    assert dated == sorted(dated)


def test_rows_carry_names_and_no_deadline_when_clock_stopped(queue):
    rows = {r.id: r for r in queue.rows(queue.keys(QueueFilter()))}
    postponed = [r for r in rows.values() if r.status == "postponed"]
    assert postponed and all(r.days_left is None for r in postponed)
    assert rows["r000001"].district_name == "Kuala Kencana"
    assert rows["r000001"].submitted_at.utcoffset().total_seconds() == 9 * 3600


def test_saved_views_round_trip(queue):
    flt = QueueFilter(view=QueueView.OVERDUE, district_code="wania", received_from=date(2026, 3, 1))
    queue.save_view("Wania terlambat", flt)
    queue.save_view("Semua", QueueFilter())
    saved = queue.saved_views()
    assert [v.name for v in saved] == ["Semua", "Wania terlambat"]
    assert saved[1].filter == flt
    queue.delete_view("Semua")
    assert [v.name for v in queue.saved_views()] == ["Wania terlambat"]


@pytest.mark.parametrize("sort", ["tracking_id", "title", "received", "deadline", "status", "sync"])
@pytest.mark.parametrize("descending", [False, True])
def test_keys_come_back_in_exactly_the_query_order(queue, sort, descending):
    """The ids are joined in SQLite and split in Python; the order must be the ORDER BY's."""
    from sqlalchemy import select

    from lapor_desk.services.queue import _R

    flt = QueueFilter(sort=sort, descending=descending)
    query = select(_R.id).where(*queue._where(flt, TODAY)).order_by(*queue._order(flt))
    with queue.store.read_conn() as conn:
        expected = list(conn.execute(query).scalars())
    assert queue.keys(flt) == expected
    assert len(expected) == 40


def test_an_id_holding_the_separator_falls_back_to_row_by_row():
    import sqlite3

    from lapor_desk.services.queue import _SEP, _ordered_ids

    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (id TEXT, n INTEGER)")
    ids = ["b", f"odd{_SEP}id", "a", "c"]
    db.executemany("INSERT INTO t VALUES (?, ?)", [(k, n) for n, k in enumerate(ids)])
    sql = "SELECT id FROM t WHERE n >= ? ORDER BY n DESC"
    assert _ordered_ids(db, sql, [0]) == list(reversed(ids))
    assert _ordered_ids(db, sql, [2]) == ["c", "a"]
    assert _ordered_ids(db, sql, [9]) == []


def test_empty_result_is_an_empty_list(queue):
    assert queue.keys(QueueFilter(text="tidakadakatasepertiini")) == []


def test_a_cancelled_query_stops_with_cancelled(queue, monkeypatch):
    import threading

    from lapor_desk.errors import Cancelled
    from lapor_desk.services import queue as queue_module

    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        queue.keys(QueueFilter(text="puskesmas"), cancel=cancel)
    # set while the statement runs: SQLite's progress handler interrupts it
    monkeypatch.setattr(queue_module, "_CANCEL_CHECK_STEPS", 1)
    calls = []

    def later():
        calls.append(1)
        return len(calls) > 5  # "set" after a few steps of the statement

    class Flag:
        is_set = staticmethod(later)

    with pytest.raises(Cancelled):
        queue.keys(QueueFilter(text="puskesmas"), cancel=Flag())
    assert len(calls) > 5
    # the connection is left without the handler: the next query runs normally
    assert queue.keys(QueueFilter(text="puskesmas"), cancel=threading.Event())
    assert queue.keys(QueueFilter(text="puskesmas"))


def _plan(queue, flt):  # type: ignore[no-untyped-def]
    """SQLite's query plan of the queue's key query for `flt`, as one string."""
    from sqlalchemy import select

    from lapor_desk.services.queue import _R

    query = select(_R.id).where(*queue._where(flt, TODAY)).order_by(*queue._order(flt))
    with queue.store.read_conn() as conn:
        compiled = query.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
        params = tuple(compiled.params[n] for n in compiled.positiontup)
        rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", params)
        return " | ".join(str(row[-1]) for row in rows)


def test_a_search_is_driven_by_the_full_text_match_not_the_filter_index(queue):
    """With a search, the view's and filters' indexes must not drive the query (at 100k reports
    walking a distrik's or all completed reports in order was 5× slower than the FTS hits)."""
    plan = _plan(
        queue,
        QueueFilter(
            view=QueueView.COMPLETED, text="puskesmas", district_code="wania", category_code="x"
        ),
    )
    assert "report_fts" in plan
    for index in ("district_code", "category_code", "status"):
        assert f"ix_reports_{index}" not in plan, plan
    # and without a search the filter's index is used
    assert "ix_reports_district_code" in _plan(queue, QueueFilter(district_code="wania"))
