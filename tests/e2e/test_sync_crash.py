"""The desk killed with SIGKILL at random points while it saves and syncs (repeated): no
acknowledged save missing, nothing twice on the server, `integrity_check` ok after every kill."""

from __future__ import annotations

import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lapor_desk import cli, paths
from lapor_desk.models.account import remember_last, save_account
from lapor_desk.models.store import Store, raw_connect
from lapor_desk.sync.profile_keys import ProfileKeys, env_passphrase
from tests.e2e.world import World
from tests.support.faultproxy import FaultProxy, Faults
from tests.support.servers import DEFAULT_PASSWORD

REPO = Path(__file__).resolve().parents[2]
KILLS = int(os.environ.get("LAPOR_CRASH_KILLS", "30"))


def child_env(data: Path) -> dict[str, str]:
    return {
        **os.environ,
        "LAPOR_DESK_DATA_DIR": str(data),
        "LAPOR_DESK_CONFIG_DIR": str(data / "config"),
        "LAPOR_DESK_MACHINE_CONFIG": "",
        "PYTHONPATH": str(REPO),
        "PYTHONUNBUFFERED": "1",
    }


def make_profile(world: World, data: Path, url: str) -> Path:
    desk = world.desk()  # logs in once to learn the account
    account = desk.account.__class__(
        url,
        desk.account.username,
        desk.account.role,
        desk.account.agency_code,
        desk.account.display_name,
    )
    desk.close()
    os.environ["LAPOR_DESK_DATA_DIR"] = str(data)
    try:
        store = Store.open(paths.store_path(url, account.username))
        with store.write_conn() as conn:
            save_account(conn, account)
        store.close()
        remember_last(account)
        db = paths.store_path(url, account.username)
    finally:
        os.environ.pop("LAPOR_DESK_DATA_DIR", None)
    (data / "config").mkdir(parents=True, exist_ok=True)
    (data / "config" / "settings.json").write_text(
        json.dumps({"version": 1, "settings": {"ca_bundle": str(world.srv.ca_path)}})
    )
    return db


def wait_gone(pid: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.01)
    raise AssertionError(f"process {pid} survived SIGKILL")


def connect(db: Path, **kwargs):
    """The profile's encrypted store, opened with its key (wrapped with the test passphrase)."""
    key = ProfileKeys().find("", "", db.parent, env_passphrase)
    assert key is not None
    return raw_connect(db, key, **kwargs)


def integrity(db: Path) -> str:
    conn = connect(db, timeout=10)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def test_sigkill_during_saves_and_syncs(world, tmp_path):
    rng = random.Random(20261127)
    ids = world.create_reports(3)
    with FaultProxy(("127.0.0.1", world.srv.port), faults=Faults(latency=0.02), seed=3) as proxy:
        url = f"https://127.0.0.1:{proxy.port}"
        data = tmp_path / "desk"
        db = make_profile(world, data, url)
        assert sync_once(data, url) == 0  # the queue is there before the first save
        acked: dict[str, str] = {}
        zygote = subprocess.Popen(
            [sys.executable, "-m", "tests.e2e.crash_child", ",".join(ids)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=child_env(data),
            cwd=str(REPO),
            text=True,
        )
        try:
            zygote.stdin.write(DEFAULT_PASSWORD + "\n")
            zygote.stdin.flush()
            assert zygote.stdout.readline().strip() == "ZYGOTE"
            for run in range(KILLS):
                ackfile = tmp_path / f"acks-{run}.txt"
                zygote.stdin.write(f"run k{run} {ackfile}\n")
                zygote.stdin.flush()
                pid = int(zygote.stdout.readline().split()[1])
                time.sleep(rng.uniform(0.02, 0.8))
                os.kill(pid, signal.SIGKILL)
                wait_gone(pid)
                if ackfile.exists():
                    for line in ackfile.read_text().splitlines():
                        if line.startswith("SAVED "):
                            _, op_id, report_id = line.split()
                            acked[op_id] = report_id
                # I5 after every crash.
                assert integrity(db) == "ok", f"run {run}"
        finally:
            zygote.stdin.close()
            zygote.kill()
            zygote.wait(10)
        assert len(acked) >= KILLS // 2, f"only {len(acked)} saves acknowledged: nothing tested"
        print(f"{KILLS} kills, {len(acked)} acknowledged saves")
        # Heal: clean syncs until nothing is pending.
        for _ in range(3):
            assert sync_once(data, url) == 0
    conn = connect(db)
    outbox = {r[0]: r[1] for r in conn.execute("SELECT op_id, state FROM outbox")}
    conn.close()
    effects = {
        r[0]: r[1]
        for r in world.sql(
            "SELECT op_id, count(*) FROM report_events WHERE op_id IS NOT NULL GROUP BY op_id"
        )
    }
    texts = world.sql(
        "SELECT text, count(*) FROM report_events WHERE text LIKE 'k%tanggapan' GROUP BY text"
    )
    assert all(n == 1 for _t, n in texts), [t for t in texts if t[1] != 1]  # never twice (I2)
    assert all(n == 1 for n in effects.values())
    for op_id in acked:
        assert op_id in outbox or op_id in effects, f"acknowledged save {op_id} lost (I1)"
        assert effects.get(op_id) == 1, f"acknowledged save {op_id} not on the server once"
    assert all(state == "done" for state in outbox.values()), outbox
    assert integrity(db) == "ok"


def sync_once(data: Path, url: str) -> int:
    os.environ.update(
        {"LAPOR_DESK_DATA_DIR": str(data), "LAPOR_DESK_CONFIG_DIR": str(data / "config")}
    )
    try:
        return cli.main(
            ["sync", "--password-stdin", "--server", url, "--username", "budi"],
            stdin=io.StringIO(DEFAULT_PASSWORD + "\n"),
        )
    finally:
        os.environ.pop("LAPOR_DESK_DATA_DIR", None)
        os.environ.pop("LAPOR_DESK_CONFIG_DIR", None)


@pytest.fixture
def world(server_sqlite, tmp_path):
    return World(server_sqlite, tmp_path)
