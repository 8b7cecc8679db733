"""Run the real central server (`python -m lapor_server serve`) over HTTPS on loopback for tests.

    srv = start_server("sqlite:////tmp/x/lapor.sqlite3", workdir)
    srv.url                 # https://127.0.0.1:PORT (certificate for localhost and 127.0.0.1)
    srv.ca_path             # the test CA that signed it (trust only this)
    srv.admin.add_agency("dinkes", "Dinas Kesehatan")
    srv.admin.add_user("budi", "petugas", agency="dinkes")        # returns the password
    token = srv.login("budi")                                      # POST /api/v1/session
    with srv.client(token) as c: c.get("/api/v1/feed")             # httpx over verified TLS
    srv.kill(); srv.restart()                                      # same port, same database

Admin tasks run in this process through `lapor_server.manage` on the database URL (fast); the same
tasks are available through the real command line with `srv.cli(...)`. The server's stdout and
stderr go to `<workdir>/server.log` (`srv.log()`), which start failures quote.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import os
import signal
import socket
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import trustme

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PASSWORD = "kata-sandi-uji-123"
START_TIMEOUT = 30.0

#: the SHA-256 the `announcing_server` fixture announces for desk 9.1.0
ANNOUNCED_SHA256 = hashlib.sha256(b"lapor-desk-9.1.0-setup.exe").hexdigest()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True, slots=True)
class TlsFiles:
    ca: Path
    cert: Path
    key: Path


def make_tls(workdir: Path) -> TlsFiles:
    """A test CA and a server certificate for localhost/127.0.0.1 in `workdir` (reused if there)."""
    files = TlsFiles(workdir / "ca.pem", workdir / "server.pem", workdir / "server.key")
    if files.ca.exists() and files.cert.exists() and files.key.exists():
        return files
    ca = trustme.CA(organization_name="LAPOR Desk test CA")
    cert = ca.issue_cert("localhost", "127.0.0.1")
    ca.cert_pem.write_to_path(str(files.ca))
    cert.private_key_pem.write_to_path(str(files.key))
    with files.cert.open("wb") as f:
        for blob in cert.cert_chain_pems:
            f.write(blob.bytes())
    return files


def ssl_context(ca_path: str | os.PathLike) -> ssl.SSLContext:
    """A client context that trusts only `ca_path` and checks the host name."""
    return ssl.create_default_context(cafile=str(ca_path))


class ServerStartError(RuntimeError):
    pass


class Admin:
    """Admin tasks on the server's database, in this process (`lapor_server.manage`)."""

    def __init__(self, db_url: str, env: dict[str, str]):
        self.db_url = db_url
        self._profile = env.get("LAPOR_SERVER_PASSWORD_HASH_PROFILE", "default")

    def _call(self, task: str, /, **kwargs: Any) -> Any:
        from lapor_server import manage
        from lapor_server.db import Database

        db = Database(self.db_url, pool_size=1)
        try:
            return getattr(manage, task)(db, **kwargs)
        finally:
            db.dispose()

    def add_agency(self, code: str, name: str | None = None) -> None:
        self._call("add_agency", code=code, name=name or f"Dinas {code.title()}")

    def add_user(
        self,
        username: str,
        role: str,
        *,
        agency: str | None = None,
        password: str = DEFAULT_PASSWORD,
        display_name: str | None = None,
    ) -> str:
        """Create a desk account and return its password."""
        self._call(
            "add_user",
            username=username,
            role=role,
            agency_code=agency,
            display_name=display_name or username.title(),
            password=password,
            profile=self._profile,
        )
        return password

    def issue_channel_key(self, channel: str = "web") -> str:
        return self._call("issue_channel_key", channel=channel)

    def revoke_devices(self, username: str) -> int:
        return self._call("revoke_devices", username=username)

    def set_disabled(self, username: str, disabled: bool = True) -> int:
        return self._call("set_disabled", username=username, disabled=disabled)

    def seed(self, reports: int = 0, seed: int = 1) -> int:
        return self._call("seed", reports=reports, seed=seed)

    def call(self, name: str, **kwargs: Any) -> Any:
        """Any other `lapor_server.manage` function, called as name(db, **kwargs)."""
        return self._call(name, **kwargs)


@dataclass
class RunningServer:
    db_url: str
    workdir: Path
    port: int
    tls: TlsFiles
    attachments_dir: Path
    workers: int = 1
    env: dict[str, str] = field(default_factory=dict)
    extra_args: list[str] = field(default_factory=list)
    proc: subprocess.Popen | None = None
    starts: int = 0

    # -- addresses -------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def ca_path(self) -> Path:
        return self.tls.ca

    @property
    def log_path(self) -> Path:
        return self.workdir / "server.log"

    @property
    def admin(self) -> Admin:
        return Admin(self.db_url, self.env)

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def ssl_context(self) -> ssl.SSLContext:
        return ssl_context(self.tls.ca)

    # -- process control -------------------------------------------------------------------
    def _child_env(self) -> dict[str, str]:
        env = {**os.environ, **self.env}
        # Run the working tree's code whatever the installed package layout.
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(REPO_ROOT), os.environ.get("PYTHONPATH")) if p
        )
        env.setdefault("PYTHONUNBUFFERED", "1")
        return env

    def start(self) -> RunningServer:
        if self.proc is not None and self.proc.poll() is None:
            raise ServerStartError("already running")
        cmd = [
            sys.executable,
            "-m",
            "lapor_server",
            "serve",
            "--db",
            self.db_url,
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--cert",
            str(self.tls.cert),
            "--key",
            str(self.tls.key),
            "--attachments-dir",
            str(self.attachments_dir),
            "--workers",
            str(self.workers),
            "--log-level",
            "warning",
            *self.extra_args,
        ]
        self.starts += 1
        with self.log_path.open("ab") as log:
            log.write(f"\n===== start #{self.starts}: {' '.join(cmd)}\n".encode())
            log.flush()
            self.proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=self._child_env(),
                cwd=str(self.workdir),
                # Own process group: kill() reaches uvicorn's worker processes too.
                start_new_session=True,
            )
        try:
            self.wait_ready()
        except BaseException:
            self.kill()
            raise
        return self

    def wait_ready(self, timeout: float = START_TIMEOUT) -> None:
        """Wait until GET /api/v1/health answers 200 over verified TLS."""
        ctx = self.ssl_context()
        deadline = time.monotonic() + timeout
        last = "no answer yet"
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise ServerStartError(
                    f"server exited with code {self.proc.returncode} during start:\n{self.log()}"
                )
            conn = http.client.HTTPSConnection("127.0.0.1", self.port, timeout=2, context=ctx)
            try:
                conn.request("GET", "/api/v1/health")
                resp = conn.getresponse()
                body = resp.read()
                if resp.status == 200:
                    return
                last = f"HTTP {resp.status}: {body[:200]!r}"
            except (OSError, http.client.HTTPException) as exc:
                last = f"{type(exc).__name__}: {exc}"
            finally:
                conn.close()
            time.sleep(0.1)
        raise ServerStartError(
            f"server not healthy on {self.url} after {timeout:.0f} s ({last}):\n{self.log()}"
        )

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout: float = 15) -> None:
        """Graceful stop (SIGTERM), SIGKILL for the process group if it does not end in time."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
                return
        self._kill_group()

    def kill(self) -> None:
        """SIGKILL the server and its workers at once (a crash, not a shutdown)."""
        if self.proc is None:
            return
        self._kill_group()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=10)

    def _kill_group(self) -> None:
        assert self.proc is not None
        # The group id is the server's pid (start_new_session); leftover workers die with it.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)

    def restart(self, *, kill: bool = False) -> RunningServer:
        """Stop (or kill) and start again on the same port with the same database."""
        if kill:
            self.kill()
        else:
            self.stop()
        return self.start()

    # -- command line ----------------------------------------------------------------------
    def cli(
        self, *args: str, input: str | None = None, check: bool = True, db: bool = True
    ) -> subprocess.CompletedProcess:
        """Run `python -m lapor_server <args> [--db URL]` and return the finished process."""
        cmd = [sys.executable, "-m", "lapor_server", *args]
        if db:
            cmd += ["--db", self.db_url]
        res = subprocess.run(
            cmd,
            input=input,
            capture_output=True,
            text=True,
            env=self._child_env(),
            cwd=str(self.workdir),
            timeout=120,
            check=False,
        )
        if check and res.returncode != 0:
            raise AssertionError(
                f"{' '.join(args)} failed ({res.returncode}):\n{res.stdout}\n{res.stderr}"
            )
        return res

    # -- HTTP helpers ----------------------------------------------------------------------
    def client(self, token: str | None = None, **kwargs: Any):
        """An httpx.Client on this server that verifies TLS against the test CA."""
        import httpx

        headers = dict(kwargs.pop("headers", {}) or {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        kwargs.setdefault("timeout", 30)
        return httpx.Client(base_url=self.url, verify=self.ssl_context(), headers=headers, **kwargs)

    def login(
        self, username: str, password: str = DEFAULT_PASSWORD, device_name: str = "uji"
    ) -> str:
        """Log in through the API and return the device token."""
        with self.client() as c:
            r = c.post(
                "/api/v1/session",
                json={"username": username, "password": password, "device_name": device_name},
            )
        if r.status_code != 201:
            raise AssertionError(f"login of {username} failed: {r.status_code} {r.text}")
        return r.json()["token"]

    def request_json(self, method: str, path: str, token: str | None = None, **kw: Any) -> Any:
        with self.client(token) as c:
            r = c.request(method, path, **kw)
        r.raise_for_status()
        return r.json() if r.content else None

    def __enter__(self) -> RunningServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def start_server(
    db_url: str,
    workdir: str | os.PathLike,
    *,
    port: int | None = None,
    workers: int = 1,
    env: dict[str, str] | None = None,
    extra_args: list[str] | None = None,
    attachments_dir: str | os.PathLike | None = None,
    tls: TlsFiles | None = None,
) -> RunningServer:
    """Start `lapor_server serve` on `db_url` over HTTPS and wait until it is healthy.

    `env` adds environment variables (e.g. LAPOR_SERVER_MAX_ATTACHMENT_BYTES); tests use the
    fast password-hash profile unless `env` says otherwise. `tls` lets several servers share one
    CA and certificate (e.g. two processes on one PostgreSQL database).
    """
    wd = Path(workdir)
    wd.mkdir(parents=True, exist_ok=True)
    full_env = {"LAPOR_SERVER_PASSWORD_HASH_PROFILE": "fast", **(env or {})}
    last_error: Exception | None = None
    # A port picked by us may be taken before the server binds it: retry with another one.
    for _ in range(1 if port else 3):
        srv = RunningServer(
            db_url=db_url,
            workdir=wd,
            port=port or free_port(),
            tls=tls or make_tls(wd),
            attachments_dir=Path(attachments_dir) if attachments_dir else wd / "attachments",
            workers=workers,
            env=full_env,
            extra_args=list(extra_args or []),
        )
        try:
            return srv.start()
        except ServerStartError as exc:
            last_error = exc
            if "address already in use" not in str(exc).lower():
                raise
    assert last_error is not None
    raise last_error
