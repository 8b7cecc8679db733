"""Duplicate suggestions: the same problem, same distrik, a few days apart comes first; unrelated,
old or archived reports are not offered; search syntax in report text is harmless."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from lapor_desk.models.store import Store
from lapor_desk.services import duplicates
from tests.desk._coordinator_data import load, make_snapshots

TODAY = date(2026, 3, 18)


def _report(template, rid, title, body, district, submitted, status="verified"):
    s = copy.deepcopy(template)
    s.update(
        id=rid,
        tracking_id=rid.upper(),
        title=title,
        body=body,
        district_code=district,
        submitted_at=submitted,
        status=status,
        events=[],
        agency_code=None,
    )
    return s


@pytest.fixture
def store(tmp_path):
    background = make_snapshots(300, TODAY, seed=9)
    t = background[0]
    mine = [
        _report(
            t,
            "new",
            "Jembatan kayu Sempan putus",
            "Jembatan kayu di Kelurahan Sempan putus setelah banjir, anak sekolah tak bisa lewat.",
            "mimika_baru",
            "2026-03-16T09:00:00+09:00",
            "unverified",
        ),
        _report(
            t,
            "same",
            "Jembatan Sempan putus diterjang banjir",
            "Jembatan kayu Sempan putus akibat banjir kemarin.",
            "mimika_baru",
            "2026-03-12T10:00:00+09:00",
        ),
        _report(
            t,
            "other-distrik",
            "Jembatan kayu putus di Atuka",
            "Jembatan kayu di Atuka putus setelah banjir.",
            "mimika_tengah",
            "2026-03-14T10:00:00+09:00",
        ),
        _report(
            t,
            "too-old",
            "Jembatan kayu Sempan putus",
            "Jembatan kayu di Sempan putus setelah banjir.",
            "mimika_baru",
            "2026-02-01T10:00:00+09:00",
        ),
        _report(
            t,
            "archived",
            "Jembatan kayu Sempan putus",
            "Jembatan kayu di Sempan putus setelah banjir.",
            "mimika_baru",
            "2026-03-15T10:00:00+09:00",
            "archived",
        ),
        _report(
            t,
            "weird",
            'NEAR( "jembatan" AND col: *',
            'title: "putus" OR -banjir ^Sempan, jembatan kayu',
            "mimika_baru",
            "2026-03-15T11:00:00+09:00",
        ),
    ]
    s = Store.open(tmp_path / "d.sqlite3")
    load(s, background[1:] + mine)
    yield s
    s.close()


def test_best_candidate_is_the_same_problem_nearby(store):
    with store.read_conn() as conn:
        found = duplicates.likely_duplicates(conn, "new")
    ids = [c.report_id for c in found]
    assert ids[0] == "same"
    assert found[0].same_district and found[0].days_apart == 4
    assert "other-distrik" in ids
    assert ids.index("same") < ids.index("other-distrik")
    assert "too-old" not in ids and "archived" not in ids and "new" not in ids
    assert all(0 < c.score <= 1 for c in found)
    assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)


def test_search_syntax_in_text_is_only_words(store):
    with store.read_conn() as conn:
        found = duplicates.likely_duplicates(conn, "weird")
        assert duplicates.likely_duplicates(conn, "no-such-report") == []
    assert "new" in [c.report_id for c in found]


def test_similarity_ignores_stopwords_and_case():
    assert duplicates.similarity("Jalan RUSAK", "", "jalan rusak", "") == 1.0
    assert duplicates.similarity("yang dan di", "sudah", "ke dari", "ini itu") == 0.0
