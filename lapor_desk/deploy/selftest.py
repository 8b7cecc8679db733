"""`lapor-desk --self-test`: does this installation work? Exit 0, or say what is wrong.

Meant for IT after an install (and for CI on the frozen bundle): it opens a temporary store (so
the SQLite build, FTS5 and the Alembic migrations shipped in the bundle are exercised), loads the
reference data, the working-day calendar and the Mimika time zone, reads the settings, builds the
TLS context (OS trust store plus the configured CA), asks the keyring for its backend, and - unless
`qt=False` - loads the translations, renders the SVG app icon offscreen and imports every window.

No profile, server or network is touched. A missing keyring backend is a warning, not a failure:
the desk still works and asks for the password at each start. Everything else that fails makes the
exit code 1.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

OK, WARN, FAIL = "ok", "warning", "fail"
_LABEL = {OK: "OK", WARN: "PERINGATAN/WARNING", FAIL: "GAGAL/FAILED"}


@dataclass(frozen=True)
class Check:
    name: str
    status: str
    detail: str


def _check(name: str, fn: Callable[[], tuple[str, str]]) -> Check:
    try:
        status, detail = fn()
    except Exception as exc:  # each check reports its own failure; the others still run
        status, detail = FAIL, f"{type(exc).__name__}: {exc}"
    return Check(name, status, detail)


# -- checks without Qt -----------------------------------------------------------------------------


def check_store() -> tuple[str, str]:
    """The encrypted store as a profile uses it: SQLCipher with a key, FTS5, the migrations, a
    sealed file, and argon2id for the passphrase wrap (all shipped in the bundle)."""
    from lapor_desk.models import crypto, migrate
    from lapor_desk.models.store import Store

    key = crypto.new_key()
    with tempfile.TemporaryDirectory(prefix="lapor-selftest-") as tmp:
        path = Path(tmp) / "profile" / "queue.sqlite3"
        store = Store.open(path, check=True, key=key)
        try:
            integrity = store.integrity_check()
            with store.read_conn() as conn:
                fts = conn.exec_driver_sql(
                    "SELECT sqlite_compileoption_used('ENABLE_FTS5')"
                ).scalar()
                version = conn.exec_driver_sql("SELECT sqlite_version()").scalar()
                cipher = conn.exec_driver_sql("PRAGMA cipher_version").scalar()
            assert store.files is not None
            sealed = store.files.seal(b"uji", "selftest")
            sealed_ok = store.files.open(sealed, "selftest") == b"uji"
        finally:
            store.close()
        encrypted = not crypto.is_plain_sqlite(path)
    wrapped = crypto.unwrap_key(crypto.wrap_key(key, "uji-selftest"), "uji-selftest") == key
    if integrity != "ok":
        return FAIL, f"integrity_check: {integrity}"
    if not (cipher and encrypted and sealed_ok and wrapped):
        return FAIL, "enkripsi data lokal tidak bekerja (SQLCipher/AES-GCM/argon2)"
    return OK, (
        f"SQLite {version}, SQLCipher {cipher}, FTS5={'ya' if fts else '?'}, "
        f"skema {migrate.head_revision()}"
    )


def check_reference() -> tuple[str, str]:
    from lapor_core.calendar import MIMIKA_TZ, WorkingCalendar
    from lapor_core.reference import load_reference

    ref = load_reference()
    if len(ref.districts) != 18 or not ref.agencies or not ref.categories:
        return FAIL, (
            f"data rujukan tidak lengkap: {len(ref.districts)} distrik, {len(ref.agencies)} OPD, "
            f"{len(ref.categories)} kategori"
        )
    # 17 August is a national holiday every year: proves the holidays data for Indonesia loaded.
    today = date.today()
    if WorkingCalendar().is_working_day(date(today.year, 8, 17)):
        return FAIL, "kalender hari kerja tidak memuat hari libur nasional Indonesia"
    return OK, (
        f"{len(ref.districts)} distrik, {len(ref.agencies)} OPD, {len(ref.categories)} kategori; "
        f"zona waktu {MIMIKA_TZ.key}"
    )


def check_settings() -> tuple[str, str]:
    from lapor_desk.settings import Settings

    s = Settings.load()
    where = str(s.machine_path) if s.machine_path else "tanpa konfigurasi komputer"
    if s.problems:
        return FAIL, f"{where}: " + "; ".join(s.problems)
    return OK, f"{where}; server {s.get('server_url') or '-'}"


def check_tls() -> tuple[str, str]:
    from lapor_desk.settings import Settings
    from lapor_desk.sync.transport import make_ssl_context

    ca = Settings.load().get("ca_bundle")
    ctx = make_ssl_context(ca)
    extra = f"; CA tambahan {ca} dimuat" if ca else ""
    return OK, f"{type(ctx).__module__}.{type(ctx).__name__}{extra}"


def check_keyring() -> tuple[str, str]:
    from lapor_desk.sync.credentials import CredentialStore

    store = CredentialStore()
    name = store.backend_name()
    if store.is_available():
        return OK, name
    return WARN, (
        f"{name}: tidak ada penyimpan kredensial OS; desk akan meminta kata sandi setiap mulai "
        "(no OS credential store: the desk asks for the password at each start)"
    )


# -- the Qt part (imports PySide6 lazily; the frozen desk always has it) ---------------------------


#: the QApplication the Qt check made, when the process had none (see check_qt)
_qt_app: object | None = None


def check_qt() -> tuple[str, str]:
    """Translations load and the SVG icon renders, on the offscreen platform if none is set."""
    # The self-test runs over SSH, in CI and from installers: no display needed.
    if not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import QCoreApplication, QSize
    from PySide6.QtGui import QGuiApplication, QIcon, QImageReader
    from PySide6.QtWidgets import QApplication

    from lapor_desk.views import i18n
    from lapor_desk.views.resources import resources_dir

    # A widgets application, as the desk itself makes: a process that later opens windows (a test
    # run, the desk after a self-test) cannot replace a plain QGuiApplication.
    global _qt_app
    app = QCoreApplication.instance()
    if app is None:
        # Kept for the life of the process: a QApplication that Python collects when this
        # function returns takes Qt's global state with it, and the next window aborts.
        app = _qt_app = QApplication([sys.argv[0] if sys.argv else "lapor"])
    problems = []
    res = resources_dir()
    for needed in ("icons/app.svg", "i18n/lapor_id.qm", "maps/mimika-distrik.geojson"):
        if not (res / needed).is_file():
            problems.append(f"berkas hilang: {res / needed}")
    loaded = i18n.install_translators("id")
    if "lapor" not in loaded:
        problems.append(f"terjemahan Indonesia tidak dimuat (dimuat: {loaded or 'tidak ada'})")
    formats = {bytes(f).decode() for f in QImageReader.supportedImageFormats()}
    for fmt in ("svg", "png", "jpeg"):
        if fmt not in formats:
            problems.append(f"plugin gambar {fmt} tidak ada")
    pixmap = QIcon(str(res / "icons" / "app.svg")).pixmap(QSize(64, 64))
    if pixmap.isNull():
        problems.append("ikon SVG tidak dapat digambar (plugin iconengines/svg)")
    # Every window of the desk loads (a module or Qt library left out of a bundle shows here,
    # not on an officer's screen): the composition root and the coordinator's chart views.
    for module in ("lapor_desk.app", "lapor_desk.views.coordinator.dashboard", "PySide6.QtCharts"):
        try:
            importlib.import_module(module)
        except ImportError as exc:
            problems.append(f"modul {module} tidak dapat dimuat: {exc}")
    platform = QGuiApplication.platformName() if isinstance(app, QGuiApplication) else "-"
    if problems:
        return FAIL, "; ".join(problems)
    return OK, f"PySide6 {pyside_version}, platform {platform}, terjemahan {', '.join(loaded)}"


CHECKS: dict[str, Callable[[], tuple[str, str]]] = {
    "store": check_store,
    "reference": check_reference,
    "settings": check_settings,
    "tls": check_tls,
    "keyring": check_keyring,
    "qt": check_qt,
}


def run_checks(*, qt: bool = True) -> list[Check]:
    return [_check(name, fn) for name, fn in CHECKS.items() if qt or name != "qt"]


def format_report(checks: list[Check]) -> str:
    width = max(len(c.name) for c in checks)
    label_width = max(len(label) for label in _LABEL.values()) + 2
    lines = [
        f"{'[' + _LABEL[c.status] + ']':<{label_width}} {c.name:<{width}}  {c.detail}"
        for c in checks
    ]
    failed = [c.name for c in checks if c.status == FAIL]
    if failed:
        lines.append(f"self-test: GAGAL/FAILED ({', '.join(failed)})")
    else:
        lines.append(f"self-test: OK ({len(checks)} pemeriksaan/checks)")
    return "\n".join(lines)


def exit_code(checks: list[Check]) -> int:
    return 1 if any(c.status == FAIL for c in checks) else 0


def main(*, as_json: bool = False, qt: bool = True) -> int:
    """Run every check, print the report (or JSON), return the exit code."""
    checks = run_checks(qt=qt)
    if as_json:
        print(json.dumps([asdict(c) for c in checks], ensure_ascii=False, indent=2))
    else:
        print(format_report(checks))
    sys.stdout.flush()
    return exit_code(checks)
