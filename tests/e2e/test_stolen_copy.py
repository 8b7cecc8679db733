"""A stolen desk PC reveals nothing (issue 19), against a real HTTPS server and the real Secret
Service: a coordinator's desk syncs a report whose reporter is a canary (name, phone, e-mail,
report text, photo), opens the photo, writes a draft and logs verbosely. A copy of its profile
folder and logs (the "stolen" copy) and its support zip contain none of the canary, while the desk
with its key still opens the copy. Logout destroys the key: what is left cannot be opened."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import struct
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from lapor_desk import cli, paths
from lapor_desk import profile as desk_profile
from lapor_desk.errors import CorruptStoreError
from lapor_desk.models.account import Account, remember_last, save_account
from lapor_desk.models.store import Store
from lapor_desk.services.reports import ReportService
from lapor_desk.settings import Settings
from lapor_desk.sync import attachments, partials
from lapor_desk.sync.credentials import CredentialStore
from lapor_desk.sync.profile_keys import ProfileKeys, open_profile_store
from lapor_desk.sync.transport import Transport
from tests.e2e.world import World
from tests.support.servers import DEFAULT_PASSWORD, start_server
from tests.support.world import intake_body

NAME = "Kanari Yuliana Magai"
PHONE = "081377712345"
EMAIL = "kanari.magai@contoh.id"
TITLE = "Jembatan kanari-9931 di Kampung Nawaripi"
BODY = "Jembatan gantung kanari-4417 putus sejak Senin, anak sekolah menyeberang sungai."
DRAFT = "Catatan kanari-2208: sudah telepon pelapor"


def _photo() -> bytes:
    """A real PNG (the server checks media types) with random-looking pixel data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        return struct.pack(">I", len(data)) + kind + data + crc

    width = 64
    rows = b"".join(b"\x00" + hashlib.sha256(bytes([y])).digest() * 6 for y in range(width))
    header = struct.pack(">IIBBBBB", width, width, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 0))  # stored, so the pixel bytes are in the file
        + chunk(b"IEND", b"")
    )


PHOTO = _photo()


def run(data: Path, *argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        code = cli.main([*argv, "--data-dir", str(data)], stdin=io.StringIO(stdin))
    finally:
        sys.stdout, sys.stderr = old
    return code, out.getvalue(), err.getvalue()


def canaries() -> dict[str, bytes]:
    found = {
        "name": NAME.encode(),
        "phone": PHONE.encode(),
        "email": EMAIL.encode(),
        "title": b"kanari-9931",
        "body": b"kanari-4417",
        "draft": b"kanari-2208",
        "photo": PHOTO[-400:-100],  # pixel bytes
    }
    # Also UTF-16 (Windows tools, Qt's settings) and a case-folded name.
    found["name-utf16"] = NAME.encode("utf-16-le")
    found["name-lower"] = NAME.lower().encode()
    return found


def leaks(blobs: dict[str, bytes]) -> list[str]:
    needles = canaries()
    return [f"{where}: {what}" for where, data in blobs.items() for what, n in needles.items()
            if n in data]  # fmt: skip


def folder_blobs(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def world(tmp_path, monkeypatch):
    for var in ("LAPOR_DESK_DATA_DIR", "LAPOR_DESK_CONFIG_DIR"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LAPOR_DESK_MACHINE_CONFIG", "")
    srv = start_server(f"sqlite:///{tmp_path / 'lapor.sqlite3'}", tmp_path / "server")
    try:
        yield World(srv, tmp_path)
    finally:
        srv.stop()


def _canary_report(world: World) -> str:
    sha = hashlib.sha256(PHOTO).hexdigest()
    key = world.srv.admin.issue_channel_key("web")
    with world.srv.client(headers={"X-Api-Key": key}) as channel:
        put = channel.put(
            f"/api/v1/attachments/{sha}", content=PHOTO, headers={"Content-Type": "image/png"}
        )
        assert put.status_code in (200, 201), put.text
        made = channel.post(
            "/api/v1/intake/reports",
            json=intake_body(
                title=TITLE,
                body=BODY,
                category_code="kesehatan",
                reporter={"name": NAME, "phone": PHONE, "email": EMAIL},
                attachments=[{"sha256": sha, "filename": "foto-jembatan.png"}],
            ),
        )
        assert made.status_code == 201, made.text
        return made.json()["id"]


@pytest.mark.keyring
def test_a_stolen_copy_of_a_synced_profile_reveals_no_reporter_data(
    world, tmp_path, secret_service
):
    report_id = _canary_report(world)
    world.create_reports(4)
    data = tmp_path / "desk"
    login = ["login", "--server", world.srv.url, "--username", "koord", "--password-stdin"]
    code, _out, err = run(data, *login, "--ca", str(world.srv.ca_path), stdin=DEFAULT_PASSWORD)
    assert code == 0, err
    code, _out, err = run(data, "sync", "-v")  # verbose: SQL and HTTP chatter at DEBUG
    assert code == 0, err

    # The desk shows the report, opens the photo and keeps a draft.
    os.environ["LAPOR_DESK_DATA_DIR"] = str(data)
    try:
        server = world.srv.url.rstrip("/")
        opened = desk_profile.open_existing(server, "koord", CredentialStore(), Settings.load())
        assert opened is not None
        account, store = opened.account, opened.store
        try:
            with store.read_conn() as conn:
                got = conn.exec_driver_sql(
                    "SELECT reporter_name FROM reports WHERE id = ?", (report_id,)
                ).scalar()
            assert got == NAME  # the coordinator's desk really holds the canary
            sha = hashlib.sha256(PHOTO).hexdigest()
            # The link was cut mid-download: what arrived waits in cache/partial, and a thief
            # who copies the folder now must find no photo byte in it either.
            cut_at = len(PHOTO) - 60  # the canary's pixel bytes have arrived
            folder = paths.ensure_private_dir(paths.cache_dir(store.path.parent) / "partial")
            part = partials.part_for(folder, store.files, sha)
            part.begin(0)
            for at in range(0, cut_at, 4096):
                part.write(PHOTO[at : min(at + 4096, cut_at)])
            part.end()
            stolen_midway = tmp_path / "stolen-midway"
            shutil.copytree(data, stolen_midway)
            with Transport(world.srv.url, ca_bundle=str(world.srv.ca_path)) as t:
                t.token = CredentialStore().get_token(account.server_url, "koord")
                assert attachments.fetch_bytes(store, t, sha) == PHOTO
                assert t.bytes_received < 1000  # resumed with Range: only the rest came
            assert not any(folder.iterdir())
            ReportService(store, account).save_draft(report_id, "internal", DRAFT)
            profile = store.path.parent
            # The thief copies the folder while the desk runs (main file, WAL, cache)...
            stolen_running = tmp_path / "stolen-running"
            shutil.copytree(data, stolen_running)
        finally:
            opened.close()
        key = ProfileKeys().find(account.server_url, "koord", profile)
        assert key is not None
    finally:
        os.environ.pop("LAPOR_DESK_DATA_DIR", None)
    # ... or after it closed.
    stolen = tmp_path / "stolen"
    shutil.copytree(data, stolen)
    assert list((profile / "cache").iterdir()), "the photo was cached"
    assert leaks(folder_blobs(stolen)) == []
    assert leaks(folder_blobs(stolen_running)) == []
    assert leaks(folder_blobs(stolen_midway)) == []
    assert any(p.suffix == ".log" for p in stolen.rglob("*")), "the logs are part of the copy"

    code, _out, err = run(data, "support-zip", "--output", str(tmp_path / "support.zip"))
    assert code == 0, err
    with zipfile.ZipFile(tmp_path / "support.zip") as zf:
        assert leaks({n: zf.read(n) for n in zf.namelist()}) == []

    # The desk, with its key, still opens the stolen copy.
    copy_path = stolen / profile.relative_to(data) / paths.STORE_FILENAME
    with Store.open(copy_path, key=key) as copy:
        with copy.read_conn() as conn:
            name, reporter, body = conn.exec_driver_sql(
                "SELECT reporter_name, reporter_json, body FROM reports WHERE id = ?", (report_id,)
            ).one()
        assert (name, body) == (NAME, BODY)
        assert json.loads(reporter) == {"name": NAME, "phone": PHONE, "email": EMAIL}
        assert copy.files is not None
        sealed = copy_path.parent / "cache" / copy.files.cache_name(sha)
        assert copy.files.read(sealed, f"attachment:{sha}") == PHOTO

    # Logout destroys the key: the copy cannot be opened any more, by anyone.
    code, out, err = run(data, "logout", "--json")
    assert code == 0, err
    assert json.loads(out)["key_destroyed"] is True
    assert ProfileKeys().find(account.server_url, "koord", profile) is None
    assert not (profile / paths.STORE_FILENAME).exists()
    assert not (profile / "cache").exists()
    with pytest.raises(CorruptStoreError):
        Store.open(copy_path)  # without a key
    with pytest.raises(CorruptStoreError):
        Store.open(copy_path, key=ProfileKeys().obtain(account.server_url, "koord", profile)[0])


def test_logout_refuses_to_destroy_unsent_work_without_discard_and_then_destroys_the_key(
    world, tmp_path, monkeypatch
):
    """No keyring here: the key is wrapped with the passphrase; logout deletes the wrap too."""
    ids = world.create_reports(2)
    data = tmp_path / "desk"
    monkeypatch.setenv("LAPOR_DESK_DATA_DIR", str(data))
    url = world.srv.url.rstrip("/")
    account = Account(url, "budi", "petugas", "dinkes", "Budi")
    profile = paths.profile_dir(url, "budi")
    store = open_profile_store(url, "budi")
    with store.write_conn() as conn:
        save_account(conn, account)
    store.close()
    remember_last(account)
    (data / "config").mkdir(parents=True, exist_ok=True)
    (data / "config" / "settings.json").write_text(
        json.dumps({"version": 1, "settings": {"ca_bundle": str(world.srv.ca_path)}})
    )
    monkeypatch.delenv("LAPOR_DESK_DATA_DIR")
    assert (profile / "profile-key.json").exists()
    code, _out, err = run(data, "sync", "--password-stdin", stdin=DEFAULT_PASSWORD + "\n")
    assert code == 0, err
    code, _out, err = run(data, "respond", ids[0], "--text", "Sedang kami tangani")
    assert code == 0, err
    code, _out, err = run(data, "logout")
    assert code == 1 and "--discard-unsent" in err  # the unsent answer is not silently lost
    assert (profile / "profile-key.json").exists()
    code, out, err = run(data, "logout", "--discard-unsent", "--json")
    assert code == 0, err
    assert json.loads(out)["unsent_discarded"] == 1
    assert not (profile / "profile-key.json").exists()
    assert not (profile / paths.STORE_FILENAME).exists()
