"""Issue 18, item 10: language and polish — Qt's own dialogs in Indonesian, "Templat" and no
"Galat", a distrik with 0 reports is 0 on the map (not "no data"), focus on the queue after
Ctrl+1…8, login fields that keep their height when an error shows, and the settings dialog showing
the server, CA and proxy in force."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton

from lapor_core.reference import load_reference
from lapor_desk.services.queue import QueueView
from lapor_desk.tools import build_translations
from lapor_desk.views.main_window import MainWindow


@pytest.fixture
def indonesian(qapp):
    from lapor_desk.views.i18n import install_translators

    build_translations.release()
    loaded = install_translators("id")
    yield loaded
    install_translators("en")


def test_qt_file_dialog_speaks_indonesian(qtbot, indonesian):
    assert "qt_extra" in indonesian
    dialog = QFileDialog(None, "Simpan")
    qtbot.addWidget(dialog)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    labels = {w.text() for w in dialog.findChildren(QLabel)}
    buttons = {w.text() for w in dialog.findChildren(QPushButton)}
    assert {"&Lihat di:", "&Nama berkas:"} <= labels, labels
    assert "&Simpan" in buttons and "Batal" in buttons
    replace = QCoreApplication.translate(
        "QFileDialog", "%1 already exists.\nDo you want to replace it?"
    )
    assert replace.startswith("%1 sudah ada")


def test_indonesian_wording_templat_and_no_galat():
    tree = ET.parse(build_translations.I18N_DIR / "lapor_id.ts")
    texts = [m.findtext("translation") or "" for m in tree.getroot().iter("message")]
    assert not [t for t in texts if "emplate" in t], "Indonesian says 'templat'"
    assert any("Templat" in t for t in texts)
    assert not [t for t in texts if "Galat" in t]


@dataclass(frozen=True)
class Fig:
    code: str
    name: str
    geo_name: str
    reports: int
    overdue: int
    open_reports: int


def test_a_distrik_with_zero_reports_is_zero_not_no_data(qtbot):
    from lapor_desk.views.coordinator.map import NO_DATA_COLOUR, DistrictMap, Metric

    districts = load_reference().districts
    figures = [Fig(d.code, d.name, d.geo_name, 3 + i, 0, 1) for i, d in enumerate(districts)]
    quiet, absent = districts[0], districts[1]
    figures[0] = Fig(quiet.code, quiet.name, quiet.geo_name, 0, 0, 0)
    del figures[1]  # the dashboard lists only distrik with reports
    m = DistrictMap()
    qtbot.addWidget(m)
    m.set_figures(figures, Metric.VOLUME)
    for d in (quiet, absent):
        assert m.value_of(d.geo_name) == 0
        assert m.fill_colour(d.geo_name).name() != QColorName(NO_DATA_COLOUR)
    labels = [label for _c, label in m.legend_entries()]
    assert labels[0] == "0" and not any("data" in label for label in labels)


def QColorName(value: str) -> str:
    from PySide6.QtGui import QColor

    return QColor(value).name()


def test_ctrl_number_puts_the_focus_on_the_queue(qtbot, runner, desk_context):
    w = MainWindow(desk_context(), runner=runner)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: w.nav.nav_model.count(QueueView.ALL) is not None, timeout=5000)
    w.nav.setFocus()
    w.activateWindow()
    action = next(a for a in w.actions() if a.shortcut().toString() == "Ctrl+2")
    action.trigger()
    qtbot.waitUntil(lambda: runner.pending() == 0, timeout=5000)
    assert w.queue_pane.table.hasFocus() or w.focusWidget() is w.queue_pane.table


def test_login_fields_keep_their_height_when_an_error_shows(qtbot):
    from lapor_desk.views.login_dialog import LoginDialog

    dialog = LoginDialog(lambda request: None, server_url="https://lapor.example", username="rina")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    fields = (dialog.server, dialog.username, dialog.password)
    before = [f.height() for f in fields]
    long = (
        "Nama pengguna atau kata sandi salah, atau akun ini dinonaktifkan oleh administrator. "
        "Periksa huruf besar/kecil dan tombol Caps Lock, lalu coba lagi; jika tetap gagal, "
        "hubungi TI Diskominfo dan sebutkan nama pengguna Anda serta waktu kejadiannya."
    )
    dialog.show_message(long)
    qtbot.wait(50)
    assert [f.height() for f in fields] == before
    assert dialog.message.height() >= dialog.message.heightForWidth(dialog.message.width())
    assert dialog.height() >= dialog.sizeHint().height() - 1


def test_settings_show_the_server_ca_and_proxy_in_force_read_only(qtbot, tmp_path):
    from lapor_desk.settings import Settings
    from lapor_desk.views.settings_dialog import SettingsDialog

    machine = tmp_path / "config.toml"
    machine.write_text(
        'version = 1\nlocked = ["server_url", "proxy"]\n[settings]\n'
        'server_url = "https://lapor.mimikakab.go.id"\nproxy = "http://proxy.pemkab:3128"\n'
    )
    settings = Settings.load(machine_path=machine, user_path=tmp_path / "user.json")
    assert settings.get("proxy") == "http://proxy.pemkab:3128"
    dialog = SettingsDialog(settings, server_url="https://lapor.mimikakab.go.id")
    qtbot.addWidget(dialog)
    fields = dialog.connection_fields
    assert fields["server_url"].text() == "https://lapor.mimikakab.go.id"
    assert fields["proxy"].text() == "http://proxy.pemkab:3128"
    assert fields["ca_bundle"].text()  # "none (system certificates)", not blank
    assert all(f.isReadOnly() for f in fields.values())
    assert str(machine) in fields["proxy"].toolTip()


def test_per_opd_and_meeting_figures_count_the_same_open_reports(tmp_path):
    """PUPR showed 24 open in "Per OPD" and 25 in "Angka rapat": the overview left postponed
    reports out of "open" (their clock is paused), the meeting figures did not."""
    from datetime import date

    from lapor_desk.models.store import Store
    from lapor_desk.services import deadlines_overview as dov
    from tests.desk._coordinator_data import load, make_snapshots

    today = date(2026, 3, 18)
    store = Store.open(tmp_path / "c.sqlite3")
    try:
        snaps = make_snapshots(400, today, seed=5)
        assert any(s["status"] == "postponed" and s["agency_code"] for s in snaps)
        load(store, snaps)
        with store.read_conn() as conn:
            ov = dov.overview(conn, today=today)
            meeting = dov.meeting_figures(conn, today=today)
        per_opd = {a.agency_code: (a.open_reports, a.overdue) for a in ov.agencies}
        for row in meeting:
            if row.open_reports:
                assert per_opd.get(row.agency_code) == (row.open_reports, row.overdue), row
    finally:
        store.close()


def test_recap_of_all_time_is_all_time_and_small_rates_are_not_zero(qtbot, runner, tmp_path):
    from datetime import date

    from PySide6.QtCore import QLocale

    from lapor_desk.models.account import Account
    from lapor_desk.models.store import Store
    from lapor_desk.services.coordinator import CoordinatorService
    from lapor_desk.views.coordinator.dashboard import DashboardPane, default_recap_name
    from lapor_desk.views.coordinator.recap import per_thousand_text
    from tests.desk._coordinator_data import load, make_snapshots

    today = date(2026, 3, 18)
    store = Store.open(tmp_path / "c.sqlite3")
    try:
        load(store, make_snapshots(60, today, seed=9))
        koor = Account("https://lapor.example", "koor", "koordinator", None, "Koordinator")
        pane = DashboardPane(CoordinatorService(store, koor, today=lambda: today))
        qtbot.addWidget(pane)
        pane.refresh()
        qtbot.waitUntil(lambda: runner.pending() == 0, timeout=10000)
        pane.period.setCurrentIndex(pane.period.findData(None))  # "Sepanjang waktu"
        with qtbot.waitSignal(pane.recap_requested, timeout=2000) as asked:
            pane.recap_button.click()
        period = asked.args[0]
        assert period.start is None and period.end is None  # not silently this month
        assert "sepanjang-waktu" in default_recap_name(period)
        runner.shutdown(wait=True)
    finally:
        store.close()
    indonesian = QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia)
    # 3 reports in a month among Mimika Baru's ~130,000 inhabitants
    assert per_thousand_text(3, 130_000, indonesian) == "0,02"
    assert per_thousand_text(0, 130_000, indonesian) == "0"
    assert per_thousand_text(40, 976, indonesian) == "41"
    assert per_thousand_text(5, 0, indonesian) == "–"


def test_configure_help_explains_every_option_in_one_language_and_says_no_galat():
    import inspect

    from lapor_desk.cli.parser import build_parser
    from lapor_desk.deploy import configure

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command").choices["configure"]
    for action in sub._actions:
        assert action.help, action.option_strings  # none unexplained
        words = set(action.help.lower().replace("(", " ").replace(")", " ").split())
        assert not words & {"atau", "berkas", "yang", "untuk", "bawaan", "tampilkan"}, action.help
    assert "Galat" not in inspect.getsource(configure)


def test_doctor_without_a_server_points_to_configure(monkeypatch, tmp_path):
    from lapor_desk.settings import Settings
    from lapor_desk.sync import doctor

    monkeypatch.setattr(doctor, "last_account", lambda: None)
    settings = Settings.load(machine_path=tmp_path / "none.toml", user_path=tmp_path / "u.json")
    [check] = [c for c in doctor.diagnose(settings, network=False) if c.name == "server"]
    assert check.ok is False
    assert "lapor-desk configure" in check.fix_id and "lapor-desk configure" in check.fix_en
    assert "login --server" not in check.fix_id + check.fix_en


def test_configure_print_into_a_closed_pipe_is_no_bug(tmp_path):
    """`lapor-desk configure --print | head`: the reader is gone before the desk writes."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "LAPOR_DESK_DATA_DIR": str(tmp_path / "d"),
           "LAPOR_DESK_CONFIG_DIR": str(tmp_path / "c"),
           "LAPOR_DESK_MACHINE_CONFIG": str(tmp_path / "m.toml")}  # fmt: skip
    read, write = os.pipe()
    os.close(read)  # like `head` that has already exited
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "lapor_desk", "configure", "--print"],
            stdout=write,
            stderr=subprocess.PIPE,
            env=env,
            timeout=60,
        )
    finally:
        os.close(write)
    err = proc.stderr.decode()
    assert proc.returncode == 0, err
    assert "bug" not in err.lower() and "Traceback" not in err and "BrokenPipe" not in err


def test_status_prints_wit(tmp_path):
    from lapor_desk.services.queue import wit_text

    assert wit_text("2026-12-05T02:30:00+00:00") == "05-12-2026 11:30 WIT"
    assert wit_text(None) is None
