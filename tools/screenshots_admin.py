"""Screenshots of the administration pane (Indonesian, offscreen, 1366×768) into docs/screenshots/.

Starts a real HTTPS server on a throw-away SQLite file, makes a few accounts, sign-ins (one
failed), a revoked device and an extra holiday, then opens the admin's pane on a real desk
profile and saves the accounts tab and the audit log. `python tools/screenshots_admin.py
[OUT_DIR]`.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SIZE = (1366, 768)


def _pump(app, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def _until(app, check, seconds: float = 20.0) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end and not check():
        app.processEvents()
        time.sleep(0.02)


def take(out_dir: Path) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from lapor_desk.services.admin import AdminService
    from lapor_desk.sync.credentials import CredentialStore
    from lapor_desk.sync.transport import Transport
    from lapor_desk.tools import build_translations
    from lapor_desk.views.admin import AdminPane
    from lapor_desk.views.i18n import install_translators
    from lapor_desk.views.ops import OpRunner
    from tests.e2e.world import World
    from tests.support.servers import DEFAULT_PASSWORD, start_server

    app = QApplication.instance() or QApplication(sys.argv[:1])
    build_translations.release()
    install_translators("id")
    runner = OpRunner()
    OpRunner.set_shared(runner)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        srv = start_server(f"sqlite:///{Path(tmp) / 'lapor.sqlite3'}", Path(tmp) / "server")
        try:
            world = World(srv, Path(tmp))
            srv.admin.add_user("admin.kominfo", "admin", display_name="Admin Diskominfo")
            srv.admin.add_user("pimpinan", "pimpinan", display_name="Sekretaris Daerah")
            srv.admin.add_user(
                "yakob.pupr", "petugas", agency="dinas_pupr", display_name="Yakob Magal (PUPR)"
            )
            t = Transport(srv.url, ca_bundle=str(srv.ca_path))
            for who, device in (
                ("budi", "PC Loket Dinkes"),
                ("ani", "Laptop PUPR 2"),
                ("yakob.pupr", "PC PUPR Bidang Jalan"),
            ):
                CredentialStore().login(t, who, DEFAULT_PASSWORD, device, remember=False)
            try:
                CredentialStore().login(t, "ani", "salah-ketik", "Laptop PUPR 2", remember=False)
            except Exception:
                pass
            t.close()
            desk = world.desk("admin.kominfo", name="admin")

            def client():
                tr = desk.transport_factory(threading.Event())
                tr.token = desk.token
                return tr

            service = AdminService(desk.store, desk.account, client_factory=client)
            service.save_agency(
                "dinkes",
                {
                    "contact_name": "dr. Maria Beanal",
                    "contact_email": "maria.beanal@dinkes.example.org",
                    "contact_phone": "0901 321 456",
                },
                None,
            )
            service.save_calendar_day("2026-12-24", "Cuti bersama Natal")
            devices = service.devices("ani")
            service.revoke_device("ani", devices[0]["id"], devices[0]["name"])
            service.update_account("yakob.pupr", {"email": "yakob@pupr.example.org"}, None)
            desk.sync()
            service.create_account(
                "rina.dinkes", "Rina Kogoya", "petugas", "dinkes", "rina@dinkes.example.org"
            )  # offline: waits as pending

            pane = AdminPane(service)
            pane.resize(*SIZE)
            pane.show()
            _until(app, lambda: pane.accounts.table.rowCount() > 3)
            for row in range(pane.accounts.table.rowCount()):
                if pane.accounts.table.item(row, 0).text() == "ani":
                    pane.accounts.table.selectRow(row)
            _until(app, lambda: pane.accounts.devices.rowCount() > 0)
            _pump(app, 1.0)

            def shot(name: str) -> None:
                _pump(app, 0.8)
                path = out_dir / f"{name}.png"
                pane.grab().save(str(path))
                written.append(path)

            shot("admin-accounts-1366x768")
            pane.setCurrentWidget(pane.audit)
            _until(app, lambda: pane.audit.table.rowCount() > 5)
            shot("admin-audit-1366x768")
            pane.setCurrentWidget(pane.pending)
            _until(app, lambda: pane.pending.table.rowCount() > 3)
            shot("admin-pending-1366x768")
            pane.close()
            desk.close()
        finally:
            srv.stop()
    runner.shutdown(wait=True)
    return written


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    for p in take(out):
        print(p)
