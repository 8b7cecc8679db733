"""Presence on the desk (issue 6): `lapor_desk.sync.presence` against a real HTTPS server, and
the composer's "the report changed since you started writing" warning."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from lapor_desk.errors import AuthError
from lapor_desk.sync import presence
from lapor_desk.sync.transport import RetryPolicy, Transport
from tests.support.world import AGENCY_A, World


@pytest.fixture
def transports(https_world: World) -> Iterator[dict[str, Transport]]:
    srv = https_world.server
    made: dict[str, Transport] = {}
    for who in ("koordinator", "petugas_a", "petugas_b"):
        t = Transport(srv.url, ca_bundle=str(srv.ca_path), retry=RetryPolicy(attempts=1))
        t.token = https_world.tokens[who]
        made[who] = t
    yield made
    for t in made.values():
        t.close()


def test_two_officers_see_each_other_and_leaving_removes(
    https_world: World, transports: dict[str, Transport]
) -> None:
    report_id = https_world.submit()["id"]
    version = https_world.dispatch(report_id, AGENCY_A)
    first = presence.announce(transports["koordinator"], report_id)
    assert first.known and first.viewers == () and first.version == version
    second = presence.announce(transports["petugas_a"], report_id)
    assert [v.role for v in second.viewers] == ["koordinator"]
    assert second.version == version
    again = presence.announce(transports["koordinator"], report_id)
    assert [(v.role, v.agency_code) for v in again.viewers] == [("petugas", AGENCY_A)]
    presence.leave(transports["petugas_a"], report_id)
    assert presence.announce(transports["koordinator"], report_id).viewers == ()


def test_report_out_of_scope_is_unknown_not_an_error(
    https_world: World, transports: dict[str, Transport]
) -> None:
    report_id = https_world.submit()["id"]
    https_world.dispatch(report_id, AGENCY_A)
    info = presence.announce(transports["petugas_b"], report_id)
    assert info == presence.PresenceInfo.unknown() and not info.known
    presence.leave(transports["petugas_b"], report_id)  # quiet as well


def test_offline_is_unknown(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.support.servers import free_port

    t = Transport(
        f"https://127.0.0.1:{free_port()}", retry=RetryPolicy(attempts=1), timeouts=(2, 2)
    )
    try:
        t.token = "x"
        assert not presence.announce(t, "r1").known
        presence.leave(t, "r1")
    finally:
        t.close()
    assert not presence.announce(None, "r1").known


def test_a_refused_token_is_raised_as_auth_error(
    https_world: World, transports: dict[str, Transport]
) -> None:
    report_id = https_world.submit()["id"]
    t = transports["koordinator"]
    t.token = "not-a-valid-token"
    with pytest.raises(AuthError):
        presence.announce(t, report_id)


# -- the desk's Qt side: the presence line and the composer's warning ----------------------------


@pytest.fixture
def opened(qtbot, runner, desk_context):  # type: ignore[no-untyped-def]
    """A main window with report r000004 (dispatched to the officer's OPD) open."""
    from lapor_desk.services.queue import QueueView
    from lapor_desk.views.main_window import MainWindow

    w = MainWindow(desk_context(), runner=runner)
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: w.nav.nav_model.count(QueueView.ALL) is not None, timeout=5000)
    with qtbot.waitSignal(w.report_shown, timeout=5000):
        w.open_report("r000004")
    return w


def _send_public(qtbot, w, monkeypatch, *, review_first: bool):  # type: ignore[no-untyped-def]
    """Type and click send; returns the warnings asked (started, now) and confirmations."""
    from PySide6.QtCore import Qt

    from lapor_desk.views import composer as composer_module
    from lapor_desk.views.dialogs import ConfirmSendDialog

    warned: list[tuple[int, int]] = []
    confirmed: list[str] = []

    def warn(parent, started, now):  # type: ignore[no-untyped-def]
        warned.append((started, now))
        return not review_first

    def confirm(cls, parent, text, *, final, tracking_id):  # type: ignore[no-untyped-def]
        confirmed.append(text)
        return False  # stop before queueing: the test is about the question before it

    monkeypatch.setattr(composer_module, "ask_send_despite_change", warn)
    monkeypatch.setattr(ConfirmSendDialog, "ask", classmethod(confirm))
    qtbot.mouseClick(w.composer.send_button, Qt.MouseButton.LeftButton)
    return warned, confirmed


def _start_writing(w) -> int:  # type: ignore[no-untyped-def]
    w.composer.editor.setFocus()
    w.composer.editor.insertPlainText("Tim kami akan memeriksa lokasi besok pagi.")
    return w.composer.page.detail.version


def test_no_warning_when_the_report_did_not_change(qtbot, opened, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    w = opened
    version = _start_writing(w)
    w.composer.note_server_version("r000004", version)  # the heartbeat saw the same version
    warned, confirmed = _send_public(qtbot, w, monkeypatch, review_first=True)
    assert warned == [] and len(confirmed) == 1


def test_warning_when_the_server_version_moved_and_review_keeps_the_text(
    qtbot, opened, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    w = opened
    version = _start_writing(w)
    w.composer.note_server_version("r000004", version + 2)
    w.composer.note_server_version("other-report", version + 9)  # not the open report
    warned, confirmed = _send_public(qtbot, w, monkeypatch, review_first=True)
    assert warned == [(version, version + 2)]
    assert confirmed == []  # reviewing first: nothing asked, nothing queued
    assert w.composer.text() == "Tim kami akan memeriksa lokasi besok pagi."
    warned, confirmed = _send_public(qtbot, w, monkeypatch, review_first=False)
    assert warned == [(version, version + 2)] and len(confirmed) == 1  # send anyway goes on


def test_warning_when_a_sync_brought_a_newer_local_version(qtbot, opened, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    w = opened
    version = _start_writing(w)
    page = w.composer.page
    newer = dataclasses.replace(page, detail=dataclasses.replace(page.detail, version=version + 1))
    w.composer.set_page(newer)  # what the window does after a sync refreshed the open report
    warned, _ = _send_public(qtbot, w, monkeypatch, review_first=True)
    assert warned == [(version, version + 1)]


def test_warning_dialog_offers_review_first(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox, QWidget

    from lapor_desk.views.composer import changed_dialog

    parent = QWidget()
    qtbot.addWidget(parent)
    box = changed_dialog(parent, 3, 5)
    assert "3 → 5" in box.text()
    assert box.buttonRole(box.defaultButton()) == QMessageBox.ButtonRole.RejectRole
    assert len(box.buttons()) == 2


def test_report_view_shows_other_viewers_and_leaves(qtbot, opened) -> None:  # type: ignore[no-untyped-def]
    w = opened
    calls: list[tuple[str, str]] = []
    info = presence.PresenceInfo(
        viewers=(presence.Viewer("Yohana Kambu", "petugas", "diskominfo", ""),), version=7
    )

    def announce(report_id: str) -> presence.PresenceInfo:
        calls.append(("announce", report_id))
        return info

    def leave(report_id: str) -> None:
        calls.append(("leave", report_id))

    from lapor_desk.app import wire_presence

    with qtbot.waitSignal(w.report_view.presence_known, timeout=5000) as seen:
        wire_presence(w, announce, leave)
    assert seen.args == ["r000004", 7]
    label = w.report_view.presence_label
    assert label.isVisibleTo(w) and "Yohana Kambu (Diskominfo)" in label.text()
    assert w.composer.known_version() == max(7, w.composer.page.detail.version)
    w.report_view.show_placeholder()
    assert not label.isVisibleTo(w)
    qtbot.waitUntil(lambda: ("leave", "r000004") in calls, timeout=5000)


def test_report_view_shows_nothing_when_offline(qtbot, opened) -> None:  # type: ignore[no-untyped-def]
    w = opened
    done: list[str] = []

    def announce(report_id: str) -> presence.PresenceInfo:
        done.append(report_id)
        return presence.PresenceInfo.unknown()

    w.report_view.set_presence(announce, lambda _rid: None)
    qtbot.waitUntil(lambda: done == ["r000004"] and not w.report_view._beating, timeout=5000)
    assert not w.report_view.presence_label.isVisibleTo(w)


def test_closing_the_window_says_it_left_the_open_report(qtbot, opened) -> None:  # type: ignore[no-untyped-def]
    w = opened
    left: list[str] = []
    from lapor_desk.app import wire_presence

    with qtbot.waitSignal(w.report_view.presence_known, timeout=5000):
        wire_presence(w, lambda rid: presence.PresenceInfo((), 1), left.append)
    w.close()
    assert left == ["r000004"]  # sent before the window (and the op runner) went away


def test_a_leave_that_hangs_does_not_hold_the_close(qtbot, opened, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import threading
    import time

    from lapor_desk.app import wire_presence
    from lapor_desk.views import report_view

    w = opened
    release = threading.Event()
    monkeypatch.setattr(report_view, "LEAVE_WAIT_S", 0.2)

    def stuck(report_id: str) -> None:
        release.wait(10)  # a dead link: the request never answers
        raise OSError("timed out")

    with qtbot.waitSignal(w.report_view.presence_known, timeout=5000):
        wire_presence(w, lambda rid: presence.PresenceInfo((), 1), stuck)
    started = time.monotonic()
    w.report_view.end_presence(report_view.LEAVE_WAIT_S)
    assert time.monotonic() - started < 2
    release.set()


def _with_new_event(page, *, op_id, own):  # type: ignore[no-untyped-def]
    """`page` one version later, with one more (synced) timeline entry made by op `op_id`."""
    import dataclasses

    from lapor_desk.models.dto import EventView

    entry = EventView(
        id=f"srv-{op_id}",
        kind="note",
        actor="Rina Wanimbo",
        agency_code="dinas_pupr",
        text="Butuh alat berat.",
        visibility="internal",
        created_at="2026-03-16T01:00:00+00:00",
        attachments=(),
        pending=False,
        op_id=op_id,
    )
    detail = dataclasses.replace(
        page.detail, version=page.detail.version + 1, events=(*page.detail.events, entry)
    )
    owned = page.own_op_ids | {op_id} if own else page.own_op_ids
    return dataclasses.replace(page, detail=detail, own_op_ids=owned)


def test_no_warning_when_the_only_change_was_my_own_note(qtbot, opened, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    w = opened
    _start_writing(w)
    w.composer.set_page(_with_new_event(w.composer.page, op_id="op-mine", own=True))
    warned, confirmed = _send_public(qtbot, w, monkeypatch, review_first=True)
    assert warned == [] and len(confirmed) == 1


def test_warning_when_someone_else_changed_it_too(qtbot, opened, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    w = opened
    version = _start_writing(w)
    page = _with_new_event(w.composer.page, op_id="op-mine", own=True)
    page = _with_new_event(page, op_id="op-coordinator", own=False)
    w.composer.set_page(page)
    warned, _ = _send_public(qtbot, w, monkeypatch, review_first=True)
    assert warned == [(version, version + 2)]


def test_warning_when_the_heartbeat_knows_more_than_my_own_change(
    qtbot, opened, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    w = opened
    version = _start_writing(w)
    w.composer.set_page(_with_new_event(w.composer.page, op_id="op-mine", own=True))
    w.composer.note_server_version("r000004", version + 2)  # a change the store has not seen
    warned, _ = _send_public(qtbot, w, monkeypatch, review_first=True)
    assert warned == [(version, version + 2)]


def test_my_note_keeps_its_op_id_from_outbox_to_synced_entry(desk_context) -> None:  # type: ignore[no-untyped-def]
    """The page marks the desk's own entries: pending ones, and synced ones by their op id."""
    ctx = desk_context()
    change = ctx.actions.note("r000004", "Butuh alat berat.")
    page = ctx.reports.page("r000004")
    mine = [e for e in page.detail.events if e.text == "Butuh alat berat."]
    assert len(mine) == 1 and mine[0].pending and mine[0].op_id == change.op_id
    assert change.op_id in page.own_op_ids
