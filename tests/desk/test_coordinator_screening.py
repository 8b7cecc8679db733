"""Screening and disposisi services: each step writes its local effect and its outbox rows in one
transaction, in order; a bad step writes nothing."""

from __future__ import annotations

import copy
import json
from datetime import date

import pytest

from lapor_desk.errors import NotFoundError, ValidationError
from lapor_desk.models.account import Account
from lapor_desk.models.store import Store
from lapor_desk.services.actions import DeskActions
from lapor_desk.services.screening import OnlineOnlyError, Screening
from tests.desk._coordinator_data import load, make_snapshots

TODAY = date(2026, 3, 18)
KOOR = Account("https://lapor.example", "koor", "koordinator", None, "Koordinator Diskominfo")


def _unverified(template, rid, **fields):
    s = copy.deepcopy(template)
    s.update(
        id=rid,
        tracking_id=rid.upper(),
        status="unverified",
        agency_code=None,
        events=[],
        version=1,
        **fields,
    )
    return s


@pytest.fixture
def env(tmp_path):
    snaps = make_snapshots(400, TODAY, seed=4)
    t = snaps[0]
    mine = [
        _unverified(
            t,
            "u1",
            title="Jalan rusak",
            category_code="pekerjaan_umum",
            district_code="wania",
            village="Kamoro Jaya",
            is_anonymous=False,
        ),
        _unverified(t, "u2", title="Lampu jalan mati", category_code="perhubungan"),
        _unverified(t, "u3", title="Sampah", category_code="lingkungan_hidup"),
    ]
    store = Store.open(tmp_path / "koor.sqlite3")
    load(store, snaps + mine)
    yield store, Screening(store, DeskActions(store, KOOR)), snaps
    store.close()


def _outbox(store):
    with store.read_conn() as conn:
        return [
            (r[0], r[1], json.loads(r[2]))
            for r in conn.exec_driver_sql(
                "SELECT report_id, kind, payload FROM outbox ORDER BY seq"
            )
        ]


def _row(store, rid):
    with store.read_conn() as conn:
        return conn.exec_driver_sql(
            "SELECT status, agency_code, title, district_code, is_anonymous, sync_state "
            "FROM reports WHERE id = ?",
            (rid,),
        ).one()


def test_verify_sends_only_what_changed_and_shows_it_at_once(env):
    store, screening, _ = env
    screening.verify(
        "u1",
        {"title": "Jalan berlubang di Kamoro Jaya", "district_code": "wania", "is_anonymous": True},
    )
    assert _outbox(store) == [
        ("u1", "verify", {"title": "Jalan berlubang di Kamoro Jaya", "is_anonymous": True})
    ]
    assert _row(store, "u1") == (
        "verified",
        None,
        "Jalan berlubang di Kamoro Jaya",
        "wania",
        1,
        "pending",
    )
    # the citizen's title stays beside the new one at once (issue 11), not only after a sync
    with store.read_conn() as conn:
        original = conn.exec_driver_sql(
            "SELECT original_title FROM reports WHERE id = 'u1'"
        ).scalar()
    assert original == "Jalan rusak"


def test_verify_and_dispatch_is_two_ops_in_order(env):
    store, screening, _ = env
    change = screening.verify_and_dispatch(
        "u1", "dinas_pupr", edits={"village": "Inauga"}, note="Mohon ditinjau minggu ini"
    )
    assert change.report_ids == {"u1"}
    assert _outbox(store) == [
        ("u1", "verify", {"village": "Inauga"}),
        ("u1", "dispatch", {"agency_code": "dinas_pupr", "note": "Mohon ditinjau minggu ini"}),
    ]
    assert _row(store, "u1")[:2] == ("dispatched", "dinas_pupr")


def test_a_refused_step_writes_nothing(env):
    store, screening, _ = env
    with pytest.raises(ValidationError):
        screening.verify_and_dispatch("u1", "NOT A CODE")
    screening.verify("u1")
    with pytest.raises(NotFoundError):
        screening.bulk_dispatch(["u1", "no-such-report"], "dinas_pupr")
    # u2 is still unverified: a dispatch is not allowed, so the whole bulk step is refused.
    with pytest.raises(ValidationError):
        screening.bulk_dispatch(["u1", "u2"], "dinas_pupr")
    assert _outbox(store) == [("u1", "verify", {})]
    assert _row(store, "u2")[0] == "unverified"


def test_bulk_dispatch_one_op_per_report_one_transaction(env):
    store, screening, _ = env
    screening.bulk_verify_and_dispatch(["u1", "u2", "u3", "u2"], "dishub", note="Bulk")
    kinds = [(r, k) for r, k, _p in _outbox(store)]
    assert kinds == [
        ("u1", "verify"),
        ("u1", "dispatch"),
        ("u2", "verify"),
        ("u2", "dispatch"),
        ("u3", "verify"),
        ("u3", "dispatch"),
    ]
    assert {_row(store, r)[:2] for r in ("u1", "u2", "u3")} == {("dispatched", "dishub")}


def test_mark_duplicate_links_the_original(env):
    store, screening, snaps = env
    original = screening.search_originals(snaps[5]["tracking_id"], exclude="u1")[0]
    assert original.report_id == snaps[5]["id"]
    screening.mark_duplicate("u1", original.report_id, note="Sama dengan laporan sebelumnya")
    assert _outbox(store) == [
        (
            "u1",
            "archive",
            {
                "reason": "duplicate",
                "duplicate_of": snaps[5]["id"],
                "note": "Sama dengan laporan sebelumnya",
            },
        )
    ]
    assert _row(store, "u1")[0] == "archived"
    with pytest.raises(ValidationError):
        screening.mark_duplicate("u2", "u2")


def test_reassign_needs_a_reason(env):
    store, screening, snaps = env
    at_opd = next(s for s in snaps if s["status"] == "dispatched")
    other = "dinkes" if at_opd["agency_code"] != "dinkes" else "dishub"
    with pytest.raises(ValidationError):
        screening.reassign(at_opd["id"], other, "  ")
    screening.reassign(at_opd["id"], other, "Salah OPD: urusan kesehatan")
    assert _row(store, at_opd["id"])[:2] == ("dispatched", other)


def test_agency_suggestion_learns_from_history(env):
    _store, screening, _ = env
    first = screening.suggest_agencies("pekerjaan_umum")[0]
    assert (first.code, first.is_default) == ("dinas_pupr", True)
    assert first.history > 0
    # Without history the reference default comes first.
    assert screening.suggest_agencies("teknologi_informasi")[0].code == "diskominfo"


def test_returned_reports_list_reason_and_opd(env):
    _store, screening, snaps = env
    returned = screening.returned_reports()
    expected = [
        s for s in snaps if s["status"] == "verified" and s["events"][-1]["kind"] == "return"
    ]
    assert expected and {r.report_id for r in returned} == {s["id"] for s in expected}
    r = returned[0]
    assert r.reason.startswith("Bukan kewenangan") and r.returned_by
    sugg = screening.suggestions(r.report_id)
    # The OPD that sent it back is not proposed first.
    assert sugg.agencies[0].code != r.returned_by


def test_hiding_an_attachment_offline_says_so(env):
    _store, screening, _ = env
    with pytest.raises(OnlineOnlyError) as info:
        screening.set_attachment_hidden(None, "u1", "a" * 64, True)
    assert "terhubung ke server" in info.value.user_message()
