"""The local store encrypted at rest (issue 19): SQLCipher with the profile key, sealed cached
files, the in-place migration of a plain profile (also when killed with SIGKILL at each of its
steps), salvage with the key, and the passphrase path of a computer without a keyring."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lapor_desk.errors import (
    CorruptStoreError,
    PassphraseRequired,
    PlainStoreError,
    WrongPassphraseError,
)
from lapor_desk.models import bulk, crypto, search
from lapor_desk.models.account import Account
from lapor_desk.models.encryption import open_encrypted
from lapor_desk.models.salvage import salvage_and_rebuild
from lapor_desk.models.store import Store
from lapor_desk.services.actions import DeskActions
from lapor_desk.sync import attachments
from lapor_desk.sync.profile_keys import KEY_FILENAME, ProfileKeys
from tests.desk.conftest import make_snapshot

REPO = Path(__file__).resolve().parents[2]
OFFICER = Account("https://lapor.test", "rina", "petugas", "dinas_pupr", "Rina")
CANARY_NAME = "Kanari Wenda Kogoya"
CANARY_TEXT = "jembatan gantung kanari-7741 putus"
CANARY_REPLY = "balasan kanari-5520 sudah disurvei"
PHOTO = b"\x89PNG\r\n\x1a\n" + hashlib.sha512(b"kanari").digest() * 40


def _fill(store: Store) -> None:
    snaps = [make_snapshot(n) for n in range(1, 30)]
    snaps[0]["reporter"] = {"name": CANARY_NAME}
    snaps[0]["body"] = CANARY_TEXT
    snaps[0]["is_anonymous"] = False
    with store.write_conn() as conn:
        bulk.upsert_reports(conn, snaps)
        search.reindex_pending(conn, limit=10_000)


def _work(store: Store, tmp_path: Path) -> str:
    """Unsent officer work: a response with an attached photo, and a draft."""
    src = tmp_path / "foto-jembatan.png"
    src.write_bytes(PHOTO)
    actions = DeskActions(store, OFFICER)
    ref = actions.attach_file(src)
    actions.respond("r000001", CANARY_REPLY, attachments=[ref.sha256])
    src.unlink()
    return ref.sha256


def _files_containing(folder: Path, *needles: bytes) -> list[str]:
    hits = []
    for f in folder.rglob("*"):
        if f.is_file():
            data = f.read_bytes()
            hits += [f"{f.name}: {n[:20]!r}" for n in needles if n in data]
    return hits


def _outbox(store: Store) -> list[tuple]:
    with store.read_conn() as conn:
        return conn.exec_driver_sql("SELECT op_id, kind, payload FROM outbox ORDER BY seq").all()


NEEDLES = (CANARY_NAME.encode(), CANARY_TEXT.encode(), CANARY_REPLY.encode(), PHOTO[8:72])


def test_encrypted_store_and_cache_hold_no_plaintext_and_open_only_with_the_key(tmp_path):
    key = crypto.new_key()
    path = tmp_path / "profile" / "queue.sqlite3"
    store = Store.open(path, key=key)
    _fill(store)
    sha = _work(store, tmp_path)
    # FTS5 and WAL work under SQLCipher.
    with store.read_conn() as conn:
        assert search.search_ids(conn, "kanari") == ["r000001"]
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert attachments.read_cached(store, sha) == PHOTO
    assert _files_containing(path.parent, *NEEDLES) == []  # while open: main file, WAL, cache
    store.close()
    assert _files_containing(path.parent, *NEEDLES) == []
    with pytest.raises(CorruptStoreError):
        Store.open(path, key=crypto.new_key())  # another key
    with pytest.raises(CorruptStoreError):
        Store.open(path)  # no key
    again = Store.open(path, key=key)
    try:
        assert [r[1] for r in _outbox(again)] == ["respond"]
        assert again.integrity_check() == "ok"
    finally:
        again.close()


def test_a_plain_profile_is_migrated_in_place_with_its_outbox_and_cache(tmp_path):
    path = tmp_path / "profile" / "queue.sqlite3"
    plain = Store.open(path)
    _fill(plain)
    sha = _work(plain, tmp_path)
    before = _outbox(plain)
    plain.close()
    (path.parent / "queue.corrupt-20260101T000000Z.sqlite3").write_bytes(path.read_bytes())
    assert _files_containing(path.parent, *NEEDLES)  # the old desk left everything readable
    key = crypto.new_key()
    with pytest.raises(PlainStoreError):
        Store.open(path, key=key)
    store = open_encrypted(path, key)
    try:
        assert _outbox(store) == before
        assert attachments.read_cached(store, sha) == PHOTO
        with store.read_conn() as conn:
            assert search.search_ids(conn, "kanari") == ["r000001"]
            (cached,) = conn.exec_driver_sql("SELECT path FROM local_files").scalars()
        assert cached.endswith(".sealed") and sha not in cached
    finally:
        store.close()
    assert not crypto.is_plain_sqlite(path)
    assert _files_containing(path.parent, *NEEDLES) == []
    assert not list(path.parent.glob("*.encrypting*"))


@pytest.mark.parametrize("round_", [1])
def test_kill_during_migration_leaves_a_usable_store_and_the_outbox(tmp_path, round_):
    """SIGKILL at every step of the migration (a real child process): each time the profile
    opens afterwards, plain or encrypted, with every outbox row and the attached photo."""
    steps = [
        "start",
        "checkpointed",
        "exported",
        "verified",
        "side-files-removed",
        "replaced",
        "sealed-one",
    ]
    key = crypto.new_key()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for step in steps:
        path = tmp_path / step / "queue.sqlite3"
        plain = Store.open(path)
        _fill(plain)
        sha = _work(plain, tmp_path)
        before = _outbox(plain)
        plain.engine.dispose()  # like a desk that stopped: WAL left as it is
        child = subprocess.run(
            [sys.executable, "-m", "tests.desk.migration_child", str(path), key.hex(), step],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            cwd=REPO,
        )
        assert child.returncode == -9, (step, child.stdout, child.stderr)
        # Whatever the kill left: exactly one usable store (the old or the new one).
        opened = Store.open(path) if crypto.is_plain_sqlite(path) else Store.open(path, key=key)
        try:
            assert _outbox(opened) == before, step
            assert opened.integrity_check() == "ok", step
        finally:
            opened.close()
        # The next start finishes the job.
        store = open_encrypted(path, key)
        try:
            assert _outbox(store) == before, step
            assert attachments.read_cached(store, sha) == PHOTO, step
        finally:
            store.close()
        assert not crypto.is_plain_sqlite(path)
        assert _files_containing(path.parent, *NEEDLES) == [], step


def test_salvage_of_a_corrupt_encrypted_store_keeps_the_outbox_encrypted(tmp_path):
    key = crypto.new_key()
    path = tmp_path / "profile" / "queue.sqlite3"
    store = Store.open(path, key=key)
    _fill(store)
    _work(store, tmp_path)
    before = _outbox(store)
    store.checkpoint()
    store.close()
    # Damage pages in the middle of the file (not the outbox's): the store no longer checks.
    data = bytearray(path.read_bytes())
    page = 4096
    for p in range(3, min(9, len(data) // page - 1)):
        data[p * page + 100 : p * page + 400] = os.urandom(300)
    path.write_bytes(bytes(data))
    aside = salvage_and_rebuild(path, key=key)
    assert not crypto.is_plain_sqlite(aside)  # the set-aside copy stays encrypted
    rebuilt = Store.open(path, key=key, check=True)
    try:
        assert rebuilt.integrity_check() == "ok"
        got = _outbox(rebuilt)
        assert got == before or len(got) <= len(before)  # best effort, never invented
        with rebuilt.read_conn() as conn:
            counts = json.loads(
                conn.exec_driver_sql(
                    "SELECT value FROM sync_state WHERE key = 'salvage_counts'"
                ).scalar()
            )
        assert "outbox" in counts
    finally:
        rebuilt.close()
    assert _files_containing(path.parent, *NEEDLES) == []


# -- no keyring: the passphrase wrap --------------------------------------------------------


def test_without_keyring_the_key_is_wrapped_with_the_local_passphrase(tmp_path, monkeypatch):
    monkeypatch.delenv("LAPOR_DESK_PASSPHRASE", raising=False)
    keys = ProfileKeys()
    assert not keys.keyring_available()  # the test process has no keyring backend
    folder = tmp_path / "profile"
    folder.mkdir()
    with pytest.raises(PassphraseRequired):
        keys.obtain(OFFICER.server_url, "rina", folder, lambda new: None)
    with pytest.raises(PassphraseRequired):  # too short to protect anything
        keys.obtain(OFFICER.server_url, "rina", folder, lambda new: "pendek")
    asked: list[bool] = []
    key, created = keys.obtain(
        OFFICER.server_url, "rina", folder, lambda new: asked.append(new) or "kuda-laut-biru-9"
    )
    assert created and asked == [True]
    wrapped = (folder / KEY_FILENAME).read_bytes()
    assert key not in wrapped and key.hex().encode() not in wrapped
    assert (folder / KEY_FILENAME).stat().st_mode & 0o077 == 0
    again, created = keys.obtain(
        OFFICER.server_url, "rina", folder, lambda new: asked.append(new) or "kuda-laut-biru-9"
    )
    assert again == key and not created and asked == [True, False]
    with pytest.raises(WrongPassphraseError) as wrong:
        keys.obtain(OFFICER.server_url, "rina", folder, lambda new: "kuda-laut-merah-9")
    assert "frasa sandi" in wrong.value.user_message("id").lower()
    keys.destroy(OFFICER.server_url, "rina", folder)
    assert not (folder / KEY_FILENAME).exists()
    _, created = keys.obtain(OFFICER.server_url, "rina", folder, lambda new: "kuda-laut-biru-9")
    assert created  # the old key is gone for good: a new one was made


def test_an_interrupted_queue_query_is_cancelled_on_the_encrypted_store(tmp_path, monkeypatch):
    """SQLCipher's driver raises its own OperationalError: a superseded search must still end
    as Cancelled, not as an unexpected error in front of the officer."""
    from lapor_desk.errors import Cancelled
    from lapor_desk.services import queue as queue_module
    from lapor_desk.services.queue import QueueFilter, QueueService

    store = Store.open(tmp_path / "profile" / "queue.sqlite3", key=crypto.new_key())
    try:
        _fill(store)
        queue = QueueService(store)
        monkeypatch.setattr(queue_module, "_CANCEL_CHECK_STEPS", 1)
        calls: list[int] = []

        class Flag:
            @staticmethod
            def is_set() -> bool:
                calls.append(1)
                return len(calls) > 5

        with pytest.raises(Cancelled):
            queue.keys(QueueFilter(text="laporan"), cancel=Flag())
        assert queue.keys(QueueFilter(text="kanari")) == ["r000001"]
    finally:
        store.close()


def test_a_store_whose_key_vanished_is_set_aside_and_a_fresh_one_begins(tmp_path, monkeypatch):
    from lapor_desk import paths
    from lapor_desk.sync.profile_keys import open_profile_store

    monkeypatch.setenv("LAPOR_DESK_DATA_DIR", str(tmp_path / "data"))
    store = open_profile_store(OFFICER.server_url, "rina")
    _fill(store)
    store.close()
    folder = paths.profile_dir(OFFICER.server_url, "rina")
    (folder / KEY_FILENAME).unlink()  # e.g. a restored backup without its key
    fresh = open_profile_store(OFFICER.server_url, "rina")
    try:
        with fresh.read_conn() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM reports").scalar() == 0
    finally:
        fresh.close()
    (aside,) = folder.glob("queue.nokey-*.sqlite3")
    assert not crypto.is_plain_sqlite(aside)


def test_a_damaged_plain_profile_is_salvaged_into_an_encrypted_store(tmp_path, monkeypatch):
    from lapor_desk import paths
    from lapor_desk.sync.profile_keys import open_profile_store

    monkeypatch.setenv("LAPOR_DESK_DATA_DIR", str(tmp_path / "data"))
    path = paths.store_path(OFFICER.server_url, "rina")
    plain = Store.open(path)
    _fill(plain)
    _work(plain, tmp_path)
    before = _outbox(plain)
    plain.checkpoint()
    plain.close()
    data = bytearray(path.read_bytes())
    for p in range(3, min(9, len(data) // 4096 - 1)):
        data[p * 4096 + 100 : p * 4096 + 400] = os.urandom(300)
    path.write_bytes(bytes(data))
    store = open_profile_store(OFFICER.server_url, "rina")
    try:
        assert store.encrypted and store.integrity_check() == "ok"
        assert len(_outbox(store)) <= len(before)
        with store.read_conn() as conn:
            assert conn.exec_driver_sql(
                "SELECT value FROM sync_state WHERE key = 'salvaged_from'"
            ).scalar()
    finally:
        store.close()
    assert not crypto.is_plain_sqlite(path)
    assert not [f for f in path.parent.iterdir() if crypto.is_plain_sqlite(f)]
