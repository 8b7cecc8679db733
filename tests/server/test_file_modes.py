"""Server files are private whatever the umask (issue 12 #10): `init-db`, `demo` and `serve`
create folders 0700 and files 0600 under a permissive umask 022; loose existing files are
reported at start and by `lapor-server check-files`.
"""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
from pathlib import Path

import httpx

from tests.support.servers import REPO_ROOT, free_port, start_server


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _run(*args: str, umask: int = 0o022) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "lapor_server", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=lambda: os.umask(umask),
    )


def _assert_private(root: Path) -> None:
    checked = 0
    for path in [root, *root.rglob("*")]:
        want = 0o700 if path.is_dir() else 0o600
        assert _mode(path) & 0o077 == 0, f"{path} is {_mode(path):04o}, expected {want:04o}"
        checked += 1
    assert checked > 1


def test_init_db_creates_a_private_database_under_umask_022(tmp_path):
    db = tmp_path / "srv" / "lapor.sqlite3"
    db.parent.mkdir()
    r = _run("init-db", "--db", f"sqlite:///{db}")
    assert r.returncode == 0, r.stderr
    assert _mode(db) == 0o600
    for suffix in ("-wal", "-shm"):
        side = Path(f"{db}{suffix}")
        if side.exists():
            assert _mode(side) == 0o600


def test_demo_directory_is_private_under_umask_022(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    demo_dir = tmp_path / "demo"
    proc = subprocess.Popen(
        [sys.executable, "-m", "lapor_server", "demo", "--dir", str(demo_dir), "--reports", "3",
         "--port", str(free_port())],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=lambda: os.umask(0o022),
    )  # fmt: skip
    try:
        seen = []
        for line in proc.stdout:  # type: ignore[union-attr]
            seen.append(line)
            if "listening on" in line:
                break
        assert any("listening on" in line for line in seen), "".join(seen)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    _assert_private(demo_dir)


def test_serve_writes_private_attachments_and_warns_about_loose_files(tmp_path):
    db = tmp_path / "lapor.sqlite3"
    assert _run("init-db", "--db", f"sqlite:///{db}").returncode == 0
    os.chmod(db, 0o644)  # an old install, or a copy made by hand
    old = os.umask(0o022)
    try:
        srv = start_server(f"sqlite:///{db}", tmp_path / "server")
    finally:
        os.umask(old)
    try:
        assert "can be read by other users" in srv.log() and str(db) in srv.log()
        srv.admin.add_user("petugas.uji", "koordinator", password="kata-sandi-uji-123")
        with httpx.Client(base_url=srv.url, verify=srv.ssl_context()) as c:
            token = c.post(
                "/api/v1/session",
                json={"username": "petugas.uji", "password": "kata-sandi-uji-123"},
            ).json()["token"]
            data = b"%PDF-1.4 bukti"
            sha = hashlib.sha256(data).hexdigest()
            r = c.put(
                f"/api/v1/attachments/{sha}",
                content=data,
                headers={"Authorization": f"Bearer {token}", "Content-Type": "application/pdf"},
            )
            assert r.status_code == 201, r.text
    finally:
        srv.stop()
    _assert_private(srv.attachments_dir)
    for suffix in ("-wal", "-shm"):
        side = Path(f"{db}{suffix}")
        if side.exists():
            assert _mode(side) & 0o077 == 0


def test_check_files_lists_and_fixes_loose_files(tmp_path):
    db = tmp_path / "lapor.sqlite3"
    assert _run("init-db", "--db", f"sqlite:///{db}").returncode == 0
    (tmp_path / "attachments").mkdir(mode=0o755)
    os.chmod(tmp_path / "attachments", 0o755)
    os.chmod(db, 0o644)
    r = _run("check-files", "--db", f"sqlite:///{db}")
    assert r.returncode == 1
    assert str(db) in r.stdout and "0644" in r.stdout
    assert str(tmp_path / "attachments") in r.stdout
    r = _run("check-files", "--db", f"sqlite:///{db}", "--fix")
    assert r.returncode == 0, r.stderr
    assert _mode(db) == 0o600 and _mode(tmp_path / "attachments") == 0o700
    assert _run("check-files", "--db", f"sqlite:///{db}").returncode == 0
