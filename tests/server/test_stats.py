"""Statistics over real HTTPS, on SQLite and PostgreSQL: counts per group, deadline compliance,
roles, validation, and no report text or personal data in the answer."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from lapor_core.calendar import MIMIKA_TZ, WorkingCalendar, local_date
from tests.support.days import working_days_ago
from tests.support.world import AGENCY_A, AGENCY_B, make_op


@pytest.fixture(scope="module")
def scenario(module_world):
    """Six reports in known states (see the comments), all submitted on one day 40 days ago so
    other tests' reports (submitted today) stay out of the period; (world, ids, facts)."""
    w = module_world
    now = datetime.now(UTC)
    today = local_date(now)
    day = today - timedelta(days=40)
    ids = {}
    # r1: at OPD A, answered (final) right after dispatch: within 5 working days, 0 days.
    ids["r1"] = w.submit(title="R1")["id"]
    w.dispatch(ids["r1"], AGENCY_A)
    assert (
        w.op("petugas_a", "respond", ids["r1"], {"text": "Beres.", "final": True})["outcome"]
        == "applied"
    )
    # r2: at OPD B since 8 working days (calendar days would not do inside a holiday period),
    # no answer, deadline passed: overdue and measurable.
    ids["r2"] = w.submit(title="R2")["id"]
    w.dispatch(ids["r2"], AGENCY_B)
    w.move_dispatch(ids["r2"], working_days_ago(8, now))
    w.set_report(ids["r2"], respond_by=today - timedelta(days=2))
    # r3: unverified past its verification deadline: overdue.
    ids["r3"] = w.submit(title="R3", district_code="kuala_kencana")["id"]
    w.set_report(ids["r3"], verify_by=today - timedelta(days=1))
    # r4: postponed at OPD A with a past deadline: never overdue (its clock is paused).
    ids["r4"] = w.submit(title="R4")["id"]
    w.dispatch(ids["r4"], AGENCY_A)
    assert w.op("petugas_a", "postpone", ids["r4"], {"text": "Mohon foto."})["outcome"] == "applied"
    w.set_report(ids["r4"], respond_by=today - timedelta(days=3))
    # r5: archived as spam.
    ids["r5"] = w.submit(title="R5", category_code="kesehatan")["id"]
    assert w.op("koordinator", "archive", ids["r5"], {"reason": "spam"})["outcome"] == "applied"
    # r6: at OPD A, dispatched 12 working days ago, first (interim) answer now: late; still open and
    # past its (recomputed) response deadline, so also overdue.
    ids["r6"] = w.submit(title="R6")["id"]
    w.dispatch(ids["r6"], AGENCY_A)
    long_ago = working_days_ago(12, now)
    w.move_dispatch(ids["r6"], long_ago)
    # written now (the op's time claim; an answer counts at its bounded written time)
    answer = make_op("respond", ids["r6"], {"text": "Sedang dikerjakan.", "final": False})
    assert w.ops("petugas_a", {**answer, "created_at": now.isoformat()})[0]["outcome"] == "applied"
    r6_days = WorkingCalendar().working_days_between(local_date(long_ago), today)
    assert r6_days == 12
    submitted = datetime.combine(day, time(10, 0), MIMIKA_TZ)
    for rid in ids.values():
        w.set_report(rid, submitted_at=submitted)
    return w, ids, {"today": today, "day": day, "r6_days": r6_days}


def _stats(w, who="koordinator", day=None, **params):
    if day is not None:
        params = {"from": day.isoformat(), "to": day.isoformat(), **params}
    r = w.client(who).get("/api/v1/stats", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_per_agency(scenario):
    w, _ids, facts = scenario
    out = _stats(w, day=facts["day"], group_by="agency")
    rows = {r["key"]: r for r in out["rows"]}
    assert set(rows) == {AGENCY_A, AGENCY_B, None}
    a, b, none = rows[AGENCY_A], rows[AGENCY_B], rows[None]
    assert a["label"] == "Dinas Pekerjaan Umum dan Penataan Ruang"
    assert a["total"] == 3
    assert a["by_status"]["completed"] == 1 and a["by_status"]["postponed"] == 1
    assert a["by_status"]["in_progress"] == 1
    assert (a["responded"], a["responded_within_5"], a["measurable"]) == (2, 1, 2)
    assert a["overdue_open"] == 1  # r6; r4 is postponed
    assert a["median_working_days_to_first_response"] == facts["r6_days"] / 2
    assert (b["total"], b["responded"], b["measurable"], b["overdue_open"]) == (1, 0, 1, 1)
    assert b["median_working_days_to_first_response"] is None
    assert none["label"] == "(belum didisposisikan)"
    assert (none["total"], none["overdue_open"]) == (2, 1)
    assert none["by_status"]["unverified"] == 1 and none["by_status"]["archived"] == 1
    t = out["totals"]
    assert (t["total"], t["responded"], t["responded_within_5"], t["overdue_open"]) == (6, 2, 1, 3)
    assert out["group_by"] == "agency"
    assert out["today"] == facts["today"].isoformat()


def test_per_status_district_category_month(scenario):
    w, _ids, facts = scenario
    day = facts["day"]
    by_status = _stats(w, day=day, group_by="status")
    keys = [r["key"] for r in by_status["rows"]]
    # Workflow order, statuses without reports left out (nothing is merely "verified" here).
    assert keys == ["unverified", "dispatched", "in_progress", "postponed", "completed", "archived"]
    labels = {r["key"]: r["label"] for r in by_status["rows"]}
    assert labels["unverified"] == "Belum Terverifikasi" and labels["completed"] == "Selesai"

    districts = {r["key"]: r for r in _stats(w, day=day, group_by="district")["rows"]}
    assert districts["kuala_kencana"]["total"] == 1
    assert districts["kuala_kencana"]["label"] == "Kuala Kencana"
    assert districts["mimika_baru"]["total"] == 5

    categories = {r["key"]: r["total"] for r in _stats(w, day=day, group_by="category")["rows"]}
    assert categories == {"pekerjaan_umum": 5, "kesehatan": 1}

    months = _stats(w, day=day, group_by="month")["rows"]
    assert [(m["key"], m["total"]) for m in months] == [(f"{day:%Y-%m}", 6)]
    assert months[0]["label"].endswith(str(day.year))


def test_period_filter(scenario):
    w, _ids, facts = scenario
    before = (facts["day"] - timedelta(days=1)).isoformat()
    out = _stats(w, group_by="agency", **{"from": before, "to": before})
    assert out["rows"] == [] and out["totals"]["total"] == 0
    out = _stats(w, group_by="agency", **{"from": before, "to": facts["day"].isoformat()})
    assert out["totals"]["total"] == 6 and out["from"] == before


def test_no_report_text_or_personal_data(scenario):
    w, _ids, facts = scenario
    for group in ("district", "category", "agency", "status", "month"):
        text = (
            w.client("pimpinan")
            .get("/api/v1/stats", params={"group_by": group, "from": facts["day"].isoformat()})
            .text
        )
        for secret in ("Yohana", "0812345", "example.id", "Lubang besar", "R1", "Beres"):
            assert secret not in text, (group, secret)


def test_roles(module_world):
    world = module_world
    for who in ("koordinator", "pimpinan", "admin"):
        assert world.client(who).get("/api/v1/stats").status_code == 200, who
    for who in ("petugas_a", "petugas_b"):
        r = world.client(who).get("/api/v1/stats")
        assert r.status_code == 403
        assert r.headers["content-type"].startswith("application/problem+json")
    assert world.client(None).get("/api/v1/stats").status_code == 401


@pytest.mark.parametrize(
    "params",
    [
        {"group_by": "opd"},
        {"from": "kemarin"},
        {"from": "2026-02-30"},
        {"from": "2026-11-10", "to": "2026-11-01"},
        {"from": "0001-01-01"},
        {"to": "9999-12-31"},
    ],
)
def test_bad_parameters_are_422(module_world, params):
    world = module_world
    r = world.client("koordinator").get("/api/v1/stats", params=params)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")


def test_defaults_to_this_year(module_world):
    world = module_world
    out = _stats(world)
    today = date.fromisoformat(out["today"])
    assert out["from"] == f"{today.year}-01-01" and out["to"] == out["today"]
    assert out["group_by"] == "status"


def test_ops_change_states_not_totals(module_world):
    w = module_world
    rid = w.submit()["id"]
    before = _stats(w)["totals"]
    w.ops("koordinator", make_op("verify", rid))
    after = _stats(w)["totals"]
    assert after["total"] == before["total"]
    assert after["by_status"]["verified"] == before["by_status"]["verified"] + 1
    assert after["by_status"]["unverified"] == before["by_status"]["unverified"] - 1
