"""`lapor-desk --demo` (what `make demo` runs): a realistic Mimika queue within a minute.

It starts the local demo server (`python -m lapor_server demo`, HTTPS on 127.0.0.1 with its own CA
and a few hundred seeded reports) in a per-user demo directory, or reuses the one already running
there, waits until it answers, and opens the desk logged in as a demo officer (petugas) of Dinas
PUPR. Nothing touches a real profile: the demo keeps its own settings and profiles beside the
server (`<data dir>/demo/`). The server keeps running after the desk closes, so the next start is
instant; the desk prints how to stop it.

The desk and the server never import each other: the server is a separate process.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from lapor_core.workflow import Role
from lapor_desk import paths

log = logging.getLogger(__name__)

DEFAULT_PORT = 8443
START_TIMEOUT_S = 120.0
STATE_FILE = "desk-demo.json"
#: The OPD whose officer the demo logs in as (infrastructure complaints dominate in Mimika).
PREFERRED_AGENCY = "dinas_pupr"
#: roles the demo desk can open as (`--demo-role`)
DEMO_ROLES = (Role.PETUGAS, Role.KOORDINATOR)


class DemoError(RuntimeError):
    """The demo server could not be started or reached; the message says what to do."""


@dataclass(frozen=True, slots=True)
class DemoServer:
    url: str
    ca: Path
    dir: Path
    pid: int | None
    started_now: bool
    #: the role the desk logs in as (`--demo-role`)
    role: str = Role.PETUGAS

    def accounts(self) -> dict[str, Any]:
        return json.loads((self.dir / "demo-accounts.json").read_text(encoding="utf-8"))

    def officer(self) -> dict[str, Any]:
        """The demo account to log in as: a petugas (of Dinas PUPR when there is one), or the
        koordinator with `--demo-role koordinator`."""
        officers = [a for a in self.accounts()["accounts"] if a.get("role") == self.role]
        if not officers:
            raise DemoError(f"no {self.role} account in {self.dir / 'demo-accounts.json'}")
        preferred = [a for a in officers if a.get("agency_code") == PREFERRED_AGENCY]
        return (preferred or officers)[0]

    @property
    def akai_meno(self) -> str:
        """Akai Meno, the citizens' web channel this server also serves."""
        return f"{self.url}/"


def demo_root() -> Path:
    """`<user data dir>/demo`: server files, and the demo desk's own settings and profiles."""
    return paths.data_root() / "demo"


def healthy(url: str, ca: Path, timeout: float = 2.0) -> bool:
    """Whether a LAPOR server answers /api/v1/health over TLS verified with `ca`."""
    try:
        context = ssl.create_default_context(cafile=str(ca))
        with urllib.request.urlopen(f"{url}/api/v1/health", timeout=timeout, context=context) as r:
            return r.status == 200 and json.loads(r.read()).get("status") == "ok"
    except (OSError, ValueError, ssl.SSLError):
        return False


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _pick_port() -> int:
    if _port_free(DEFAULT_PORT):
        return DEFAULT_PORT
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_or_reuse(root: Path | None = None, *, reports: int | None = None) -> DemoServer:
    """The demo server of this user: the running one, or a new process started now."""
    server_dir = (root or demo_root()) / "server"
    server_dir.mkdir(parents=True, exist_ok=True)
    state_path = server_dir / STATE_FILE
    ca = server_dir / "ca.pem"
    try:
        state = json.loads(state_path.read_text(encoding="utf-8"))
        url = f"https://127.0.0.1:{int(state['port'])}"
        if ca.exists() and healthy(url, ca):
            return DemoServer(url, ca, server_dir, state.get("pid"), started_now=False)
    except (OSError, ValueError, KeyError, TypeError):
        pass
    port = _pick_port()
    command = [sys.executable, "-m", "lapor_server", "demo", "--dir", str(server_dir)]
    command += ["--port", str(port)]
    if reports is not None:
        command += ["--reports", str(reports)]
    log_file = open(server_dir / "server.log", "ab")  # noqa: SIM115 - handed to the child
    # A session of its own: closing the desk (or Ctrl+C in make demo) leaves the server running.
    proc = subprocess.Popen(
        command,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    log_file.close()
    url = f"https://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT_S
    print(f"LAPOR demo: menyiapkan server demo di {url} (data: {server_dir}) …", flush=True)
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = (server_dir / "server.log").read_text(errors="replace")[-2000:]
            raise DemoError(f"the demo server stopped (exit {proc.returncode}):\n{tail}")
        if ca.exists() and healthy(url, ca, timeout=1.0):
            state_path.write_text(json.dumps({"port": port, "pid": proc.pid}), encoding="utf-8")
            return DemoServer(url, ca, server_dir, proc.pid, started_now=True)
        time.sleep(0.3)
    proc.terminate()
    raise DemoError(f"the demo server did not answer within {START_TIMEOUT_S:.0f} s")


def akai_meno_lines(server: DemoServer) -> list[str]:
    """What `make demo` prints so a newcomer can file a report in a browser and watch it arrive
    on the desk (the demo CA is not in the browser's store, hence the sentence about it)."""
    lines = [
        f"LAPOR demo: Akai Meno (kanal warga) di {server.akai_meno} — buka di peramban untuk "
        f"membuat laporan; laporan publik di {server.url}/publik",
        f"LAPOR demo: peramban akan memperingatkan sertifikat demo (CA lokal {server.ca}): "
        "lanjutkan untuk demo ini saja, atau impor CA itu ke peramban.",
    ]
    if server.role == Role.KOORDINATOR:
        lines.append(
            "LAPOR demo: laporan dari Akai Meno muncul di tab Penyaringan desk ini setelah "
            "sinkronisasi berikutnya (F5 untuk segera)."
        )
    else:
        lines.append(
            "LAPOR demo: laporan baru masuk ke Penyaringan koordinator dahulu; untuk melihatnya "
            "tiba di desk, buka desk sebagai koordinator: "
            "make demo DEMO_ARGS='--demo-role koordinator'"
        )
    return lines


def use_demo_environment(root: Path | None = None) -> Path:
    """Point the desk's settings and profiles at the demo area (before Settings.load())."""
    base = root or demo_root()
    os.environ["LAPOR_DESK_DATA_DIR"] = str(base / "desk")
    os.environ["LAPOR_DESK_CONFIG_DIR"] = str(base / "desk-config")
    return base


def run_demo(args: Any = None) -> int:
    """Start or reuse the demo server and open the desk logged in as the demo officer."""
    root = demo_root()
    try:
        server = start_or_reuse(root, reports=getattr(args, "demo_reports", None))
    except DemoError as exc:
        print(f"LAPOR demo: {exc}", file=sys.stderr)
        return 1
    role = getattr(args, "demo_role", None) or Role.PETUGAS
    server = replace(server, role=Role(role))
    try:
        officer = server.officer()
    except DemoError as exc:
        print(f"LAPOR demo: {exc}", file=sys.stderr)
        return 1
    print(
        f"LAPOR demo: server {server.url}; masuk sebagai {officer['username']} "
        f"({officer.get('agency_code') or officer['role']}); akun lain di "
        f"{server.dir / 'demo-accounts.json'}",
        flush=True,
    )
    for line in akai_meno_lines(server):
        print(line, flush=True)
    use_demo_environment(root)
    from lapor_desk import app

    code = app.run_gui(args, demo=server)
    if server.pid:
        print(
            f"LAPOR demo: server demo tetap berjalan untuk pembukaan berikutnya "
            f"(hentikan dengan: kill {server.pid})",
            flush=True,
        )
    return code
