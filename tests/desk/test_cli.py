"""The headless `lapor-desk` commands against a real HTTPS server: login with the token in the
real Secret Service, sync/respond/status/queue/logout, exit codes by outcome, one-sentence errors,
doctor, and no token anywhere on disk."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import keyring
import keyring.core
import pytest
from keyring.backends import fail

from lapor_desk import cli
from tests.e2e.world import World
from tests.support.servers import DEFAULT_PASSWORD, start_server


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cli-world")
    srv = start_server(f"sqlite:///{tmp / 'lapor.sqlite3'}", tmp / "server")
    try:
        yield World(srv, tmp)
    finally:
        srv.stop()


@pytest.fixture
def env(tmp_path, monkeypatch):
    """An isolated data dir, config dir and no machine configuration for each test."""
    for var in ("LAPOR_DESK_DATA_DIR", "LAPOR_DESK_CONFIG_DIR"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LAPOR_DESK_MACHINE_CONFIG", "")
    data = tmp_path / "data"
    return data


@pytest.fixture
def no_keyring(monkeypatch):
    saved = keyring.core._keyring_backend
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.core._keyring_backend = saved


def run(data: Path, *argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        code = cli.main([*argv, "--data-dir", str(data)], stdin=io.StringIO(stdin))
    finally:
        sys.stdout, sys.stderr = old
        # main() points the process at the data dir; each test starts clean.
        os.environ.pop("LAPOR_DESK_DATA_DIR", None)
        os.environ.pop("LAPOR_DESK_CONFIG_DIR", None)
    return code, out.getvalue(), err.getvalue()


def login(world: World, data: Path, username: str = "budi", *extra: str) -> tuple[int, str, str]:
    return run(
        data,
        "login",
        "--server",
        world.srv.url,
        "--username",
        username,
        "--password-stdin",
        "--ca",
        str(world.srv.ca_path),
        *extra,
        stdin=DEFAULT_PASSWORD + "\n",
    )


def files_containing(root: Path, needle: bytes) -> list[Path]:
    hits = []
    for path in root.rglob("*"):
        if path.is_file() and needle in path.read_bytes():
            hits.append(path)
    return hits


@pytest.mark.keyring
def test_the_whole_headless_day_and_no_token_on_disk(world, env, secret_service):
    ids = world.create_reports(3)
    code, out, err = login(world, env)
    assert code == 0, err
    assert "Budi" in out and "keyring" in out
    from lapor_desk.sync.credentials import CredentialStore

    token = CredentialStore().get_token(world.srv.url, "budi")
    assert token

    code, out, err = run(env, "sync", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["outcome"] == "ok" and report["reports_changed"] >= 3

    tracking = world.sql("SELECT tracking_id FROM reports WHERE id = :i", i=ids[0])[0][0]
    code, out, err = run(
        env, "respond", tracking.lower(), "--text", "Sudah kami tangani.", "--final"
    )
    assert code == 0, err
    assert out.startswith("SAVED ")
    op_id = out.split()[1]
    code, out, _ = run(env, "note", ids[1], "--text", "Catatan internal.", "--json")
    assert code == 0 and json.loads(out)["kind"] == "note"

    code, out, _ = run(env, "queue", "--json")
    queue = json.loads(out)
    assert [q["state"] for q in queue] == ["pending", "pending"] and queue[0]["op_id"] == op_id
    code, out, _ = run(env, "status", "--json")
    status = json.loads(out)
    assert status["pending"] == 2 and status["role"] == "petugas" and status["conflicts"] == 0

    code, out, err = run(env, "sync")
    assert code == 0, err
    assert "2 diterapkan" in out
    code, out, _ = run(env, "status")
    # People in Mimika read WIT (issue 18, item 10); --json keeps the UTC timestamps.
    assert re.search(r"Sinkronisasi berhasil terakhir: \d\d-\d\d-\d{4} \d\d:\d\d WIT", out), out
    assert world.sql("SELECT status FROM reports WHERE id = :i", i=ids[0])[0][0] == "completed"
    code, out, _ = run(env, "queue")
    assert "kosong" in out

    code, out, _ = run(env, "doctor")
    assert code == 0, out
    assert "[OK   ] Token budi masih berlaku" in out or "Token budi masih berlaku" in out
    assert "integrity_check ok" in out

    # The token is in the Secret Service only: not in the profile, the database, settings or logs.
    assert files_containing(env, token.encode()) == []
    assert files_containing(env, DEFAULT_PASSWORD.encode()) == []

    code, out, _ = run(env, "logout")
    assert code == 0 and CredentialStore().get_token(world.srv.url, "budi") is None
    code, _out, err = run(env, "sync")
    assert code == 2 and "login" in err  # no account remembered any more


def test_bad_input_gets_one_sentence_and_exit_2(world, env, no_keyring):
    code, _out, err = run(env, "status")
    assert code == 2 and "lapor-desk login" in err and "Traceback" not in err
    code, _out, err = run(
        env, "respond", "MMK-1", "--text", "x", "--server", world.srv.url, "--username", "budi"
    )
    assert code == 2 and "Traceback" not in err
    code, _out, err = run(env, "respond", "MMK-1")  # --text missing: argparse
    assert code == 2


def test_without_keyring_login_is_refused_but_sync_can_log_in_per_run(world, env, no_keyring):
    code, _out, err = login(world, env)
    assert code == 4 and "keyring" in err and "Traceback" not in err
    assert not any(env.rglob("*.sqlite3"))
    # An officer without a keyring types the password for each sync (scripts: --password-stdin).
    from lapor_desk import paths
    from lapor_desk.models.account import Account, remember_last, save_account
    from lapor_desk.models.store import Store

    os.environ["LAPOR_DESK_DATA_DIR"] = str(env)
    try:
        account = Account(world.srv.url, "budi", "petugas", "dinkes", "Budi")
        store = Store.open(paths.store_path(account.server_url, "budi"))
        with store.write_conn() as conn:
            save_account(conn, account)
        store.close()
        remember_last(account)
        (env / "config").mkdir(parents=True, exist_ok=True)
        (env / "config" / "settings.json").write_text(
            json.dumps({"version": 1, "settings": {"ca_bundle": str(world.srv.ca_path)}})
        )
    finally:
        os.environ.pop("LAPOR_DESK_DATA_DIR", None)
    code, _out, err = run(env, "sync")
    assert code == 4 and "keyring" in err
    code, out, err = run(env, "sync", "--password-stdin", "--json", stdin=DEFAULT_PASSWORD + "\n")
    assert code == 0, err
    assert json.loads(out)["outcome"] == "ok"


@pytest.mark.keyring
def test_exit_codes_offline_auth_tls(world, env, secret_service, tmp_path):
    assert login(world, env)[0] == 0
    # TLS: a server whose CA is not configured.
    other = tmp_path / "other"
    code, _out, err = run(
        other,
        "login",
        "--server",
        world.srv.url,
        "--username",
        "budi",
        "--password-stdin",
        stdin=DEFAULT_PASSWORD + "\n",
    )
    assert code == 5 and "tidak dikenal" in err
    code, _out, err = run(
        other,
        "login",
        "--server",
        "http://127.0.0.1:1",
        "--username",
        "budi",
        "--password-stdin",
        stdin="x\n",
    )
    assert code == 5 and "https://" in err
    # Auth: the device was revoked by the admin.
    world.srv.admin.revoke_devices("budi")
    code, _out, err = run(env, "sync")
    assert code == 4 and "Masuk lagi" in err
    # Offline: the server is down.
    assert login(world, env)[0] == 0
    world.srv.stop()
    try:
        code, _out, err = run(env, "sync", "--lang", "en")
        assert code == 3 and "cannot be reached" in err
        code, out, _ = run(env, "doctor", "--lang", "en")
        assert code == 3 and "FAIL" in out and "->" in out
    finally:
        world.srv.start()


def test_wrong_password_is_a_clear_sentence(world, env, secret_service):
    code, _out, err = run(
        env,
        "login",
        "--server",
        world.srv.url,
        "--username",
        "budi",
        "--password-stdin",
        "--ca",
        str(world.srv.ca_path),
        stdin="salah\n",
    )
    assert code == 4 and "Nama pengguna atau kata sandi salah." in err


def test_gui_is_the_default_and_a_missing_gui_is_explained(env, monkeypatch):
    monkeypatch.setitem(sys.modules, "lapor_desk.app", None)
    code, _out, err = run(env)
    assert code == 1 and "lapor-desk --help" in err


def test_module_entry_point_runs_without_a_traceback(tmp_path):
    env = {
        **os.environ,
        "LAPOR_DESK_MACHINE_CONFIG": "",
        "PYTHONPATH": str(Path(__file__).parents[2]),
    }
    res = subprocess.run(
        [sys.executable, "-m", "lapor_desk", "status", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert res.returncode == 2 and "Traceback" not in res.stderr and "login" in res.stderr
    res = subprocess.run(
        [sys.executable, "-m", "lapor_desk", "--help"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert res.returncode == 0 and "respond" in res.stdout
