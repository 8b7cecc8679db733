"""Reporters' ratings per OPD on the coordinator's dashboard (issue 13, "Satisfaction"): count,
average and share satisfied equal the same figures counted by hand from the snapshots, and the
dashboard pane lists them."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date

import pytest

from lapor_desk.models.store import Store
from lapor_desk.services import dashboard
from lapor_desk.services.dashboard import Period
from tests.desk._coordinator_data import load, make_snapshots

TODAY = date(2026, 3, 18)


@pytest.fixture(scope="module")
def rated(tmp_path_factory):
    snaps = make_snapshots(300, TODAY, seed=23)
    rng = random.Random(5)
    expected: dict[str, list[int]] = defaultdict(list)
    for snap in snaps:
        if snap["status"] != "completed" or not snap.get("agency_code"):
            continue
        score = rng.randint(1, 5)
        last = snap["events"][-1]["created_at"]
        snap["events"].append(
            {
                "id": f"{snap['id']}-rating",
                "kind": "rating",
                "actor": "Pelapor",
                "agency_code": snap["agency_code"],
                "text": "Komentar pelapor",
                "visibility": "public",
                "created_at": last,
                "attachments": [],
                "data": {"score": score},
            }
        )
        expected[snap["agency_code"]].append(score)
    store = Store.open(tmp_path_factory.mktemp("ratings") / "coordinator.sqlite3")
    load(store, snaps)
    yield store, expected
    store.close()


def test_ratings_per_opd_equal_a_count_by_hand(rated):
    store, expected = rated
    assert sum(len(v) for v in expected.values()) > 10
    with store.read_conn() as conn:
        d = dashboard.compute(conn, today=TODAY, period=Period())
    got = {a.code: a for a in d.by_agency if a.ratings}
    assert set(got) == set(expected)
    for code, scores in expected.items():
        a = got[code]
        assert a.ratings == len(scores)
        assert a.rating_average == pytest.approx(sum(scores) / len(scores))
        assert a.satisfied == sum(s >= 4 for s in scores)
        assert a.share_satisfied == pytest.approx(a.satisfied / a.ratings)
    # A period before any report: no ratings.
    with store.read_conn() as conn:
        empty = dashboard.compute(
            conn, today=TODAY, period=Period(date(2000, 1, 1), date(2000, 1, 2))
        )
    assert not any(a.ratings for a in empty.by_agency)


def test_the_dashboard_pane_lists_satisfaction_per_opd(rated, qtbot):
    store, expected = rated
    with store.read_conn() as conn:
        d = dashboard.compute(conn, today=TODAY, period=Period())

    widget = _pane(store, qtbot)
    widget.show_dashboard(d)
    table = widget.rating_table
    assert table.rowCount() == len(expected)
    names = {table.item(r, 0).text() for r in range(table.rowCount())}
    assert names == {a.name for a in d.by_agency if a.ratings}


def _pane(store, qtbot):
    from lapor_desk.models.account import Account
    from lapor_desk.services.coordinator import CoordinatorService
    from lapor_desk.views.coordinator.dashboard import DashboardPane

    account = Account("https://lapor.example", "koord", "koordinator", None, "Koordinator")
    pane = DashboardPane(CoordinatorService(store, account))
    qtbot.addWidget(pane)
    return pane
