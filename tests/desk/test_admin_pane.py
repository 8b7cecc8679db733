"""The administration pane against a real server (issue 15): the admin creates an account on the
pane, hands over its one-time password, the new officer signs in on a second desk and queues an
answer; the admin revokes that desk's device; the second desk is asked to log in again and loses
nothing it queued; all of it is in the audit log the pane shows. Also: offline, a change queues
as pending and reads say they need the network."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from lapor_desk.app import make_sync_controller
from lapor_desk.services.admin import AdminService
from lapor_desk.services.queue import QueueService
from lapor_desk.sync.credentials import CredentialStore
from lapor_desk.sync.transport import Transport
from lapor_desk.views.admin import AdminPane
from lapor_desk.views.admin.accounts import AccountDialog
from tests.e2e.world import AGENCY, Desk, World
from tests.support.servers import free_port


@pytest.fixture
def world(server_sqlite, tmp_path):
    w = World(server_sqlite, tmp_path)
    w.srv.admin.add_user("admin", "admin", display_name="Admin Diskominfo")
    return w


def admin_service(desk: Desk) -> AdminService:
    def client():
        t = desk.transport_factory(threading.Event())
        t.token = desk.token
        return t

    return AdminService(desk.store, desk.account, client_factory=client)


@pytest.fixture
def pane(qtbot, runner, world):
    desk = world.desk("admin")
    p = AdminPane(admin_service(desk))
    qtbot.addWidget(p)
    p.resize(1366, 700)
    p.show()
    yield p, desk
    p.close()
    desk.close()


def wait_rows(qtbot, table, n: int = 1) -> None:
    qtbot.waitUntil(lambda: table.rowCount() >= n, timeout=20000)


def select_row(table, text: str, column: int = 0) -> None:
    for row in range(table.rowCount()):
        if table.item(row, column).text() == text:
            table.selectRow(row)
            return
    raise AssertionError(f"{text!r} not in the table")


def queue_via(qtbot, tab, click) -> None:
    with qtbot.waitSignal(tab.queued, timeout=10000):
        click()


def test_create_sign_in_revoke_and_see_it_all_in_the_audit_log(qtbot, world, pane, monkeypatch):
    p, admin_desk = pane
    accounts = p.accounts
    p.setCurrentWidget(accounts)
    wait_rows(qtbot, accounts.table)

    # 1. a new account from the pane (no password is typed or queued)
    def fill_dialog(dialog):
        dialog.username.setText("maria.dinkes")
        dialog.display_name.setText("Maria Dinkes")
        dialog.email.setText("maria@dinkes.example.org")
        dialog.role.setCurrentIndex(dialog.role.findData("petugas"))
        dialog.agency.setCurrentIndex(dialog.agency.findData(AGENCY))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(AccountDialog, "exec", fill_dialog)
    qtbot.waitUntil(lambda: bool(accounts._agencies), timeout=20000)
    queue_via(qtbot, accounts, accounts.new_button.click)
    [row] = [r for r in admin_desk.outbox().values() if r.kind == "account_create"]
    assert row.state == "pending" and "password" not in row.payload
    p.setCurrentWidget(p.pending)
    qtbot.waitUntil(lambda: p.pending.table.rowCount() == 1, timeout=10000)
    assert p.pending.table.item(0, 1).text() in ("waiting to be sent", "menunggu dikirim")

    assert admin_desk.sync().error is None
    p.pending.load()
    qtbot.waitUntil(lambda: p.pending.table.item(0, 1).text() in ("applied", "diterapkan"),
                    timeout=10000)  # fmt: skip

    # 2. the one-time password, shown once and never kept on the admin's computer
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.informativeText()))
    p.pending.table.selectRow(0)
    p.pending.secret_button.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    password = shown[0]
    assert len(password) == 19
    with open(admin_desk.store_path, "rb") as f:
        assert password.encode() not in f.read()

    # 3. the new officer signs in on a second desk and queues an answer
    [rid] = world.create_reports(1)
    t = Transport(world.srv.url, ca_bundle=str(world.srv.ca_path))
    info = CredentialStore().login(t, "maria.dinkes", password, "PC Dinkes 2", remember=False)
    t.close()
    maria = Desk(world, "maria.dinkes", info.account, info.token,
                 world.tmp / "desks" / "maria", world.srv.url)  # fmt: skip
    try:
        assert maria.sync().error is None and rid in maria.reports()
        answer = maria.respond(rid, "Tim kami ke lokasi besok pagi.")
        maria.url = f"https://127.0.0.1:{free_port()}"  # offline for now: the answer waits
        assert maria.sync().outcome == "offline"

        # 4. the admin revokes that device from the pane
        p.setCurrentWidget(accounts)
        accounts.load()
        qtbot.waitUntil(
            lambda: any(accounts.table.item(r, 0).text() == "maria.dinkes"
                        for r in range(accounts.table.rowCount())), timeout=20000)  # fmt: skip
        select_row(accounts.table, "maria.dinkes")
        wait_rows(qtbot, accounts.devices)
        assert accounts.devices.item(0, 0).text() == "PC Dinkes 2"
        accounts.devices.selectRow(0)
        queue_via(qtbot, accounts, accounts.revoke_button.click)
        assert admin_desk.sync().error is None

        # 5. the second desk is asked to log in again, and keeps what it queued
        maria.url = world.srv.url
        controller = make_sync_controller(maria.engine, QueueService(maria.store), None)
        with qtbot.waitSignal(controller.login_required, timeout=30000):
            controller.request_now()
        assert maria.outbox()[answer].state in ("pending", "sending")
        t = Transport(world.srv.url, ca_bundle=str(world.srv.ca_path))
        again = CredentialStore().login(t, "maria.dinkes", password, "PC Dinkes 2",
                                        remember=False)  # fmt: skip
        t.close()
        maria.token = again.token
        maria.open()
        assert maria.sync().error is None
        assert maria.outbox()[answer].state == "done"
        assert world.sql("SELECT count(*) FROM report_events WHERE op_id = :o", o=answer)[0][0] == 1
    finally:
        maria.close()

    # 6. all of it in the audit log, filtered by the account
    audit = p.audit
    audit.account.setText("maria.dinkes")
    p.setCurrentWidget(audit)  # loads with the filter
    qtbot.waitUntil(lambda: audit.table.rowCount() >= 5, timeout=20000)
    kinds = [audit.table.item(r, 1).text() for r in range(audit.table.rowCount())]
    for label in ("Akun dibuat", "Masuk", "Perangkat didaftarkan", "Perangkat dicabut"):
        assert label in kinds, kinds
    assert kinds.count("Masuk") == 2, kinds
    addresses = {audit.table.item(r, 5).text() for r in range(audit.table.rowCount())}
    assert "127.0.0.1" in addresses


def test_offline_changes_wait_as_pending_and_reads_say_they_need_the_server(
    qtbot, world, pane, monkeypatch
):
    p, admin_desk = pane
    wait_rows(qtbot, p.accounts.table)
    qtbot.waitUntil(lambda: bool(p.accounts._agencies), timeout=20000)
    qtbot.wait(200)  # every read of the first showing has answered
    version = p.accounts.table.item(0, 0).data(256)["version"]
    admin_desk.url = f"https://127.0.0.1:{free_port()}"  # the server is gone
    p.accounts.load()
    qtbot.waitUntil(lambda: p.accounts.banner.isVisible(), timeout=20000)
    assert "terhubung" in p.accounts.banner.text() or "connected" in p.accounts.banner.text()
    assert p.accounts.table.rowCount() > 0  # what was read stays on screen
    # a change still queues, offline
    select_row(p.accounts.table, "ani")
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)  # fmt: skip
    queue_via(qtbot, p.accounts, p.accounts.disable_button.click)
    rows = [r for r in admin_desk.outbox().values() if r.kind == "account_update"]
    assert [r.state for r in rows] == ["pending"] and rows[0].base_version is not None
    assert version >= 1
    admin_desk.url = world.srv.url
    assert admin_desk.sync().error is None
    assert world.sql("SELECT disabled FROM users WHERE username = 'ani'")[0][0] in (1, True)
    # the same change again with the version seen before: a conflict, listed with the desk's
    # other conflicts (discard only: there is no report to copy text to), nothing overwritten
    stale = p.service.update_account("ani", {"display_name": "Ani Lama"}, version)
    assert admin_desk.sync().error is None
    row = admin_desk.outbox()[stale]
    assert (row.state, row.outcome_reason) == ("conflict", "version")
    [item] = [c for c in admin_desk.actions.conflicts() if c.op_id == stale]
    assert item.options == ("discard",) and item.report_title == "Akun ani"
    admin_desk.actions.discard(stale, confirmed=True)
    assert admin_desk.outbox()[stale].state == "discarded"
    assert world.sql("SELECT display_name FROM users WHERE username = 'ani'")[0][0] == "Ani PUPR"


def test_a_koordinator_sees_its_remit_and_an_offline_pane_says_why_it_is_empty(
    qtbot, runner, tmp_path
):
    from lapor_desk.models.account import Account
    from lapor_desk.models.store import Store

    store = Store.open(tmp_path / "koor.sqlite3")
    try:
        koor = Account("https://lapor.example", "koor", "koordinator", None, "Koordinator")
        p = AdminPane(AdminService(store, koor, client_factory=lambda: None))
        qtbot.addWidget(p)
        p.show()
        titles = [p.tabText(i) for i in range(p.count())]
        assert p.channels is None and len(titles) == 5  # no channels tab
        assert not p.accounts.new_button.isVisibleTo(p)  # no account creation
        assert not p.accounts.reset_button.isVisibleTo(p)
        assert p.accounts.revoke_button.isVisibleTo(p)  # an officer's lost laptop
        assert not p.calendar.add_button.isVisibleTo(p)
        qtbot.waitUntil(lambda: p.accounts.banner.isVisible(), timeout=10000)
        text = p.accounts.banner.text()
        assert "terhubung" in text or "connected" in text
        p.close()
    finally:
        store.close()
