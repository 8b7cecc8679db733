"""Desk actions: validation with the shared rules, local effect + outbox row in one transaction,
conflict resolution that never loses the officer's text."""

from __future__ import annotations

import json
import uuid

import pytest

from lapor_desk.errors import ConflictError, NotFoundError, ValidationError
from lapor_desk.models import bulk, effects, search
from lapor_desk.models.account import Account
from lapor_desk.models.store import Store
from lapor_desk.services.actions import DeskActions, DraftUnreachableError

OFFICER = Account("https://lapor.test", "budi", "petugas", "dinkes", "Budi Petugas")
COORD = Account("https://lapor.test", "sari", "koordinator", None, "Sari Koordinator")


def snapshot(
    rid: str, status: str = "dispatched", agency: str | None = "dinkes", version: int = 3, **kw
):
    return {
        "id": rid,
        "tracking_id": kw.pop("tracking_id", f"MMK-2611-{rid[-5:].upper()}"),
        "title": kw.pop("title", f"Jalan rusak {rid}"),
        "body": "Jalan di Kampung Nawaripi berlubang besar.",
        "classification": "pengaduan",
        "category_code": "infrastruktur",
        "district_code": "mimika-baru",
        "submitted_at": "2026-11-02T08:00:00+09:00",
        "channel": "web",
        "status": status,
        "agency_code": agency,
        "version": version,
        "is_anonymous": False,
        "is_secret": False,
        "reporter": {"name": "Yohanes"},
        "deadlines": {"respond_by": "2026-11-09"},
        "events": [
            {
                "id": f"{rid}-e1",
                "kind": "submit",
                "actor": "Pelapor",
                "text": "Mohon diperbaiki",
                "visibility": "public",
                "created_at": "2026-11-02T08:00:00+09:00",
            }
        ],
        "attachments": [],
        **kw,
    }


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "profile" / "queue.sqlite3")
    with s.write_conn() as conn:
        bulk.upsert_reports(
            conn,
            [
                snapshot("r-00001"),
                snapshot("r-00002", "postponed", postponed_from="in_progress"),
                snapshot("r-00003", agency="pupr"),
                snapshot("r-00004", "verified", None),
                snapshot("r-00005", "unverified", None),
            ],
        )
    yield s
    s.close()


def outbox(store: Store) -> list:
    with store.read_conn() as conn:
        return conn.exec_driver_sql("SELECT * FROM outbox ORDER BY seq").all()


def report(store: Store, rid: str):
    with store.read_conn() as conn:
        return conn.exec_driver_sql("SELECT * FROM reports WHERE id = ?", (rid,)).one()


def local_events(store: Store, rid: str) -> list:
    with store.read_conn() as conn:
        return conn.exec_driver_sql(
            "SELECT * FROM events WHERE report_id = ? AND pending = 1 ORDER BY position", (rid,)
        ).all()


def test_respond_writes_effect_and_outbox_row_together(store):
    change = DeskActions(store, OFFICER).respond(
        "r-00001", "  Sudah kami survei, perbaikan minggu depan. "
    )
    assert change.report_ids == {"r-00001"} and change.action == "respond"
    [row] = outbox(store)
    assert row.op_id == change.op_id and uuid.UUID(row.op_id).version == 4
    assert row.state == "pending" and row.attempts == 0 and row.base_version == 3
    assert json.loads(row.payload) == {
        "text": "Sudah kami survei, perbaikan minggu depan.",
        "final": False,
        "attachments": [],
    }
    assert row.report_title == "Jalan rusak r-00001"
    rep = report(store, "r-00001")
    assert (rep.status, rep.sync_state, rep.version) == ("in_progress", "pending", 3)
    [ev] = local_events(store, "r-00001")
    assert (
        ev.id == f"local:{row.op_id}" and ev.visibility == "public" and ev.actor == "Budi Petugas"
    )
    with store.read_conn() as conn:
        assert search.search_ids(conn, "survei perbaikan") == ["r-00001"]


def test_final_response_completes_and_tracking_id_is_accepted(store):
    DeskActions(store, OFFICER).respond("mmk-2611-00001", "Selesai diperbaiki.", final=True)
    assert report(store, "r-00001").status == "completed"


def test_note_is_internal_and_consumes_the_internal_draft(store):
    with store.write_conn() as conn:
        conn.exec_driver_sql(
            "INSERT INTO drafts(report_id, mode, text, final, updated_at) VALUES"
            " ('r-00001', 'internal', 'draf', 0, 'x'), ('r-00001', 'public', 'jawaban', 0, 'x')"
        )
    DeskActions(store, OFFICER).note("r-00001", "Perlu alat berat.")
    [ev] = local_events(store, "r-00001")
    assert ev.visibility == "internal" and report(store, "r-00001").status == "dispatched"
    with store.read_conn() as conn:
        modes = conn.exec_driver_sql("SELECT mode FROM drafts").scalars().all()
    assert modes == ["public"]


@pytest.mark.parametrize(
    ("account", "kind", "rid", "payload", "message"),
    [
        (OFFICER, "respond", "r-00001", {"text": "   "}, "Teks wajib diisi."),
        (OFFICER, "respond", "r-00001", {"text": "x" * 20_001}, "Teks terlalu panjang"),
        (OFFICER, "respond", "r-00003", {"text": "halo"}, "tidak berada di OPD Anda"),
        (OFFICER, "postpone", "r-00002", {"text": "mohon data"}, "berstatus 'Ditunda'"),
        (OFFICER, "dispatch", "r-00004", {"agency_code": "dinkes"}, "Peran petugas tidak boleh"),
        (COORD, "reassign", "r-00001", {"agency_code": "dinkes", "reason": "x"}, "sudah berada"),
        (COORD, "respond", "r-00001", {"text": "halo"}, "Peran koordinator tidak boleh"),
        (OFFICER, "return", "r-00001", {}, "Alasan wajib diisi."),
    ],
)
def test_invalid_actions_are_refused_with_a_reason_and_write_nothing(
    store, account, kind, rid, payload, message
):
    before = report(store, rid)
    with pytest.raises(ValidationError) as exc:
        DeskActions(store, account).act(kind, rid, payload)
    assert message in exc.value.user_message()
    assert outbox(store) == [] and report(store, rid) == before


def test_unknown_report(store):
    with pytest.raises(NotFoundError) as exc:
        DeskActions(store, OFFICER).respond("MMK-0000-XXXXX", "halo")
    assert "tidak ada di antrean" in exc.value.user_message()


def test_failure_inside_the_transaction_leaves_nothing(store, monkeypatch):
    def boom(conn, row):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(effects, "insert_event", boom)
    with pytest.raises(RuntimeError):
        DeskActions(store, OFFICER).respond("r-00001", "halo")
    assert outbox(store) == []
    assert report(store, "r-00001").status == "dispatched"


def test_coordinator_workflow_effects(store):
    acts = DeskActions(store, COORD)
    acts.verify("r-00005", title="Jalan berlubang di Nawaripi", is_secret=True)
    assert report(store, "r-00005").status == "verified"
    acts.dispatch("r-00005", "pupr", note="Mohon ditindaklanjuti")
    rep = report(store, "r-00005")
    assert (rep.status, rep.agency_code) == ("dispatched", "pupr")
    acts.reassign("r-00001", "pupr", "Bukan kesehatan")
    assert report(store, "r-00001").agency_code == "pupr"
    acts.archive("r-00004", "spam")
    assert report(store, "r-00004").status == "archived"
    kinds = [r.kind for r in outbox(store)]
    assert kinds == ["verify", "dispatch", "reassign", "archive"]
    seqs = [r.seq for r in outbox(store)]
    assert seqs == sorted(seqs)


def test_officer_return_and_postpone_resume(store):
    acts = DeskActions(store, OFFICER)
    acts.postpone("r-00001", "Mohon kirim foto lokasi.")
    rep = report(store, "r-00001")
    assert (rep.status, rep.postponed_from) == ("postponed", "dispatched")
    acts.resume("r-00001")
    assert report(store, "r-00001").status == "dispatched"
    acts.return_report("r-00001", "Bukan wewenang kami", "pupr")
    rep = report(store, "r-00001")
    assert (rep.status, rep.agency_code) == ("verified", None)


def test_bulk_dispatch_is_all_or_nothing(store):
    acts = DeskActions(store, COORD)
    with pytest.raises(ValidationError):
        acts.act_many("dispatch", ["r-00004", "r-00001"], {"agency_code": "pupr"})
    assert outbox(store) == []
    change = acts.act_many("dispatch", ["r-00004"], {"agency_code": "pupr"})
    assert change.report_ids == {"r-00004"}


def mark(store, op_id, state="conflict", detail="Laporan dialihkan ke Dinas PUPR."):
    with store.write_conn() as conn:
        conn.exec_driver_sql(
            "UPDATE outbox SET state = ?, outcome = ?, outcome_detail = ?, outcome_reason = ?"
            " WHERE op_id = ?",
            (state, state, detail, "reassigned", op_id),
        )
        rid = conn.exec_driver_sql(
            "SELECT report_id FROM outbox WHERE op_id = ?", (op_id,)
        ).scalar()
        effects.refresh_badges(conn, [rid])


def test_conflict_list_and_copy_to_draft_keeps_the_text(store):
    acts = DeskActions(store, OFFICER)
    op = acts.respond("r-00001", "Jawaban yang tertolak.").op_id
    mark(store, op)
    assert report(store, "r-00001").sync_state == "conflict"
    [item] = acts.conflicts()
    assert (
        item.text == "Jawaban yang tertolak." and item.detail == "Laporan dialihkan ke Dinas PUPR."
    )
    assert item.options == ("copy_to_draft", "send_as_note", "discard")
    change = acts.copy_to_draft(op)
    assert "draft" in change.kinds
    with store.read_conn() as conn:
        draft = conn.exec_driver_sql("SELECT text FROM drafts WHERE mode = 'public'").scalar()
    assert draft == "Jawaban yang tertolak."
    [row] = outbox(store)
    assert row.state == "discarded" and "Jawaban yang tertolak." in row.payload  # never deleted
    assert local_events(store, "r-00001") == []
    assert report(store, "r-00001").sync_state == "synced"
    assert acts.conflicts() == []


def test_send_as_note_and_discard_need_the_right_state(store):
    acts = DeskActions(store, OFFICER)
    op1 = acts.respond("r-00001", "Teks satu.").op_id
    op2 = acts.note("r-00001", "Teks dua.").op_id
    with pytest.raises(ConflictError):
        acts.discard(op1, confirmed=True)  # still pending: not a conflict
    mark(store, op1)
    mark(store, op2, state="rejected")
    change = acts.send_as_note(op1)
    new = next(r for r in outbox(store) if r.op_id == change.op_id)
    assert new.kind == "note" and "Teks satu." in json.loads(new.payload)["text"]
    with pytest.raises(ValidationError):
        acts.discard(op2, confirmed=False)
    acts.discard(op2, confirmed=True)
    states = {r.op_id: r.state for r in outbox(store)}
    assert states[op1] == states[op2] == "discarded" and states[change.op_id] == "pending"


def test_send_as_note_is_not_offered_when_the_report_left_the_agency(store):
    acts = DeskActions(store, OFFICER)
    op = acts.respond("r-00001", "Teks.").op_id
    mark(store, op)
    with store.write_conn() as conn:
        bulk.delete_reports(conn, ["r-00001"])
    [item] = acts.conflicts()
    assert not item.report_present and item.options == ("discard",)


def test_copy_to_draft_is_not_offered_for_a_report_the_desk_no_longer_holds(store):
    """A draft of a report that left the queue would sit where no screen shows it (issue 11)."""
    acts = DeskActions(store, OFFICER)
    op = acts.respond("r-00001", "Jawaban yang tidak boleh hilang dari pandangan.").op_id
    mark(store, op)
    with store.write_conn() as conn:
        bulk.delete_reports(conn, ["r-00001"])
    [item] = acts.conflicts()
    assert "copy_to_draft" not in item.options
    with pytest.raises(DraftUnreachableError) as caught:
        acts.copy_to_draft(op)
    assert "tidak lagi ada di antrean" in caught.value.user_message()
    with store.read_conn() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM drafts").scalar() == 0
    # the conflict and its text stay where the officer sees them
    [still] = acts.conflicts()
    assert still.op_id == op and still.text == "Jawaban yang tidak boleh hilang dari pandangan."


def test_attach_file_registers_a_cached_copy(store, tmp_path):
    photo = tmp_path / "lokasi.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 1000)
    acts = DeskActions(store, OFFICER)
    ref = acts.attach_file(photo)
    assert ref.media_type == "image/png" and ref.size == 1008
    cached = store.path.parent / "cache" / ref.sha256
    assert cached.read_bytes() == photo.read_bytes()
    acts.respond("r-00001", "Foto terlampir.", attachments=[ref.sha256])
    assert json.loads(outbox(store)[0].payload)["attachments"] == [ref.sha256]
    with pytest.raises(ValidationError):
        acts.respond("r-00001", "Lampiran palsu.", attachments=["a" * 64])
    exe = tmp_path / "virus.exe"
    exe.write_bytes(b"MZ")
    with pytest.raises(ValidationError):
        acts.attach_file(exe)


def test_change_callback(store):
    seen = []
    DeskActions(store, OFFICER, on_change=seen.append).note("r-00001", "x")
    assert len(seen) == 1 and seen[0].kinds >= {"report", "outbox"}


def test_unsent_drafts_of_a_report_that_left_are_listed_with_the_conflicts(store):
    """A draft kept when its report left the desk is shown in the conflict list until the report
    comes back or the officer discards it; discarding keeps the text in the outbox history."""
    from lapor_desk.services.reports import ReportService

    acts = DeskActions(store, OFFICER)
    reports = ReportService(store, OFFICER)
    reports.save_drafts("r-00001", {"public": "Jawaban setengah jadi.", "internal": ""})
    reports.save_drafts("r-00002", {"internal": "Catatan di laporan yang masih ada."})
    assert acts.conflicts() == []  # drafts of reports on the desk are the composer's
    with store.write_conn() as conn:
        bulk.delete_reports(conn, ["r-00001"])  # reassigned away (tombstone)
    [item] = acts.conflicts()
    assert (item.state, item.kind, item.text) == ("draft", "respond", "Jawaban setengah jadi.")
    assert not item.report_present and item.options == ("discard",)
    assert "tidak ada di antrean" in item.detail
    # back on the desk: the composer shows it again, the list no longer does
    with store.write_conn() as conn:
        bulk.upsert_reports(conn, [snapshot("r-00001", version=9)])
    assert acts.conflicts() == []
    with store.write_conn() as conn:
        bulk.delete_reports(conn, ["r-00001"])
    [item] = acts.conflicts()
    with pytest.raises(ValidationError):
        acts.discard(item.op_id, confirmed=False)
    acts.discard(item.op_id, confirmed=True)
    assert acts.conflicts() == [] and "public" not in reports.drafts("r-00001")
    [kept] = [r for r in outbox(store) if r.state == "discarded"]
    assert json.loads(kept.payload)["text"] == "Jawaban setengah jadi."
