"""The sync engine against the real server without faults: first sync, push, pull, conflicts."""

from __future__ import annotations

import threading

from lapor_desk.sync.engine import SyncReport
from tests.e2e.world import AGENCY, OTHER_AGENCY


def test_first_sync_then_offline_answers_reach_the_server(world):
    ids = world.create_reports(5)
    world.create_reports(2, dispatch_to=OTHER_AGENCY)  # not budi's
    desk = world.desk()
    r = desk.sync()
    assert r.error is None, r.error
    assert set(ids) <= set(desk.reports()) and r.check == "ok"
    assert r.reference_updated  # the views refill their reference lists (issue 18, item 2)
    world.check(desk, converged=True)

    desk.respond(ids[0], "Petugas sudah ke lokasi.")
    desk.respond(ids[1], "Selesai diperbaiki.", final=True)
    desk.note(ids[2], "Butuh alat berat.")
    r = desk.sync()
    assert r.error is None and (r.pushed, r.applied) == (3, 3), r.as_dict()
    assert desk.q("SELECT status FROM reports WHERE id = ?", ids[1])[0].status == "completed"
    assert desk.q("SELECT count(*) FROM events WHERE pending = 1")[0][0] == 0
    world.check(desk, converged=True)
    statuses = dict(
        world.sql("SELECT id, status FROM reports WHERE id IN (:a, :b)", a=ids[0], b=ids[1])
    )
    assert statuses == {ids[0]: "in_progress", ids[1]: "completed"}


def test_nothing_changed_is_one_round_trip(world):
    world.create_reports(3)
    desk = world.desk()
    assert desk.sync().error is None
    r = desk.sync()
    assert r.error is None and r.requests == 1 and r.pages == 1 and r.check == "ok"
    assert not r.reference_updated


def test_reassigned_while_answering_offline_becomes_a_conflict_with_the_text_kept(world):
    ids = world.create_reports(2)
    desk = world.desk()
    assert desk.sync().error is None
    op = desk.respond(ids[0], "Jawaban yang ditulis offline.")
    assert (
        world.coord(
            "reassign", ids[0], {"agency_code": OTHER_AGENCY, "reason": "salah OPD"}
        ).outcome
        == "applied"
    )
    r = desk.sync()
    assert r.error is None and r.conflicts == 1 and r.exit_code == 1
    row = desk.outbox()[op]
    assert row.state == "conflict" and "Jawaban yang ditulis offline." in row.payload
    assert "PUPR" in row.outcome_detail or "dialihkan" in row.outcome_detail, row.outcome_detail
    assert ids[0] not in desk.reports()  # the tombstone removed it from budi's queue
    # ... and said who moved it where, when: an open report says so (issue 18, item 1)
    moved = r.departures[ids[0]]
    assert moved["reason"] == "reassigned" and moved["to_agency_code"] == OTHER_AGENCY
    assert moved["by"] and moved["at"]
    [item] = desk.actions.conflicts()
    assert item.text == "Jawaban yang ditulis offline." and not item.report_present
    world.check(desk, converged=True)


def test_tombstone_before_sending_turns_unsent_work_into_a_conflict(world):
    ids = world.create_reports(1)
    desk = world.desk()
    assert desk.sync().error is None
    world.coord("reassign", ids[0], {"agency_code": OTHER_AGENCY, "reason": "salah OPD"})
    op = desk.respond(ids[0], "Ditulis sebelum tahu laporannya pindah.")
    # A pull alone (as if the push had failed): the tombstone arrives while the op is unsent.
    cancel = threading.Event()
    with desk.transport_factory(cancel) as t:
        t.token = desk.token
        desk.engine.pull(t, SyncReport(), lambda *a: None, cancel)
    row = desk.outbox()[op]
    assert row.state == "conflict" and row.outcome_reason == "reassigned"
    assert "dialihkan" in row.outcome_detail
    world.check(desk, converged=False)
    r = desk.sync()
    assert r.error is None and r.pushed == 0
    world.check(desk, converged=True)
    assert world.sql("SELECT count(*) FROM ops WHERE op_id = :o", o=op)[0][0] == 0


def test_coordinator_desk_sees_everything_and_dispatches(world):
    ids = world.create_reports(3, dispatch_to=None)
    koord = world.desk("koord")
    assert koord.sync().error is None
    assert set(ids) <= set(koord.reports())
    koord.actions.verify(ids[0])
    koord.actions.dispatch(ids[0], AGENCY)
    r = koord.sync()
    assert r.error is None and r.applied == 2
    world.check(koord, converged=True)
    budi = world.desk()
    assert budi.sync().error is None and ids[0] in budi.reports()


def test_a_divergent_queue_is_repaired_by_the_post_sync_check(world):
    ids = world.create_reports(3)
    desk = world.desk()
    assert desk.sync().error is None
    # Something went wrong locally (a restored backup, a bug): one report gone, one outdated.
    with desk.store.write_conn() as conn:
        conn.exec_driver_sql("DELETE FROM reports WHERE id = ?", (ids[0],))
        conn.exec_driver_sql("UPDATE reports SET version = version - 1 WHERE id = ?", (ids[1],))
    r = desk.sync()
    assert r.error is None and r.full_resync and r.check == "repaired", r.as_dict()
    world.check(desk, converged=True)


def test_attachments_are_uploaded_before_their_op_and_fetched_lazily_with_a_hash_check(world):
    from lapor_desk.errors import ProtocolError
    from lapor_desk.sync import attachments

    ids = world.create_reports(1)
    budi = world.desk()
    assert budi.sync().error is None
    photo = world.tmp / "lokasi.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40)
    ref = budi.actions.attach_file(photo)
    budi.respond(ids[0], "Foto lokasi terlampir.", attachments=[ref.sha256])
    r = budi.sync()
    assert r.error is None and r.uploaded == 1 and r.applied == 1
    assert budi.sync().uploaded == 0  # never uploaded twice

    koord = world.desk("koord")
    assert koord.sync().error is None
    listed = koord.q("SELECT sha256, cache_path FROM attachments WHERE report_id = ?", ids[0])
    assert [(row.sha256, row.cache_path) for row in listed] == [(ref.sha256, None)]
    cancel = threading.Event()
    with koord.transport_factory(cancel) as t:
        t.token = koord.token
        path = attachments.fetch(koord.store, t, ref.sha256)
        assert path.read_bytes() == photo.read_bytes()
        sent = t.requests_sent
        assert attachments.fetch(koord.store, t, ref.sha256) == path
        assert t.requests_sent == sent  # cached

    # A damaged download is refused and nothing is cached.
    other = world.desk("koord")
    assert other.sync().error is None

    class DamagedAnswer:
        status_code = 200

        def iter_content(self, size):
            yield photo.read_bytes()[:-1] + b"X"

        def close(self):
            pass

    class Damaged:
        requests_sent = 0
        bytes_received = 0

        def request(self, method, path, **kw):
            return DamagedAnswer()

        def _check_cancel(self):  # the transport's cancel point between downloaded pieces
            pass

    try:
        attachments.fetch(other.store, Damaged(), ref.sha256)
    except ProtocolError as exc:
        assert exc.reason == "hash"
    else:
        raise AssertionError("a damaged attachment was accepted")
    assert attachments.cached_path(other.store, ref.sha256) is None


def test_a_refused_op_on_an_unchanged_report_has_its_local_effect_undone(world):
    ids = world.create_reports(1)
    desk = world.desk()
    assert desk.sync().error is None
    # "Bukan wewenang" with a suggested OPD the server does not know: rejected, report unchanged.
    op = desk.actions.return_report(ids[0], "Bukan wewenang kami.", "opd_tidak_ada").op_id
    assert desk.q("SELECT status FROM reports WHERE id = ?", ids[0])[0].status == "verified"
    r = desk.sync()
    assert r.error is None and r.rejected == 1
    row = desk.q(
        "SELECT status, agency_code, sync_state, sync_reason FROM reports WHERE id = ?", ids[0]
    )[0]
    assert (row.status, row.agency_code, row.sync_state) == ("dispatched", AGENCY, "conflict")
    assert "tidak dikenal" in row.sync_reason
    assert desk.q("SELECT count(*) FROM events WHERE id = ?", f"local:{op}")[0][0] == 1  # text kept
    world.check(desk, converged=True)


def test_cancel_between_pages_keeps_what_was_applied_and_the_next_run_continues(world):
    from lapor_desk.sync.scheduler import Outcome

    world.create_reports(6)
    desk = world.desk()
    desk.engine.page_limit = 2
    cancel = threading.Event()
    phases = []

    def progress(phase, done, total):
        phases.append((phase, done))
        if phase == "pull" and done >= 2:
            cancel.set()  # the officer pressed "Batal" after the first page

    r = desk.sync(progress=progress, cancel=cancel)
    assert r.outcome == Outcome.CANCELLED and r.error.code == "cancelled"
    assert 2 <= len(desk.reports()) < len(world.scope(desk.account))
    assert desk.q("SELECT value FROM sync_state WHERE key = 'cursor'")  # kept with its page
    r = desk.sync()
    assert r.error is None
    world.check(desk, converged=True)


def test_a_gui_desk_keeps_feed_pages_small(world):
    world.create_reports(45)
    desk = world.desk()
    desk.engine.page_limit = 30
    desk.engine.max_page_bytes = 4_000  # a few reports' worth
    r = desk.sync()
    assert r.error is None and r.pages >= 3  # 30, then pages of 10
    world.check(desk, converged=True)


def test_pages_are_applied_with_the_collector_paused_and_it_comes_back(world, monkeypatch):
    import gc

    from lapor_desk.sync import pull

    world.create_reports(3)
    desk = world.desk()
    seen = []
    apply = pull._apply_page

    def watched(*args, **kwargs):
        seen.append(gc.isenabled())
        return apply(*args, **kwargs)

    monkeypatch.setattr(pull, "_apply_page", watched)
    gc.enable()
    r = desk.sync()
    assert r.error is None, r.error
    assert seen and not any(seen)
    assert gc.isenabled()


def test_my_synced_note_is_known_as_mine_by_its_op_id(world):
    """The server's entry for the desk's own note keeps the op id (store 0005), so the composer
    can tell the officer's own changes from others'."""
    ids = world.create_reports(1)
    desk = world.desk()
    assert desk.sync().error is None
    op = desk.note(ids[0], "Butuh alat berat.")
    r = desk.sync()
    assert r.error is None and r.applied == 1, r.as_dict()
    rows = desk.q(
        "SELECT op_id, pending FROM events WHERE report_id = ? AND text = ?",
        ids[0],
        "Butuh alat berat.",
    )
    assert [(row.op_id, row.pending) for row in rows] == [(op, 0)]
