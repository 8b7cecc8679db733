"""A real Secret Service (gnome-keyring on a private D-Bus session bus) for keyring tests.

`SecretServiceDaemon` starts, as children of the test process, a private `dbus-daemon` (session
bus without service activation) and `gnome-keyring-daemon --unlock --foreground
--components=secrets` with a temporary HOME and XDG directories, so nothing touches the
developer's own keyring. `env` holds the variables a subprocess needs; `activate()` puts them
into `os.environ` and points the in-process `keyring` library at the SecretService backend;
`stop()` undoes that and ends both daemons by their pids.
"""

from __future__ import annotations

import contextlib
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

BACKEND = "keyring.backends.SecretService.Keyring"
PASSWORD = b"lapor-test-keyring"

#: A session bus without service activation: a call that races our daemon's start must fail
#: (and be retried), not make dbus-daemon start a second, locked gnome-keyring we do not own.
_BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={dir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


class SecretServiceUnavailable(RuntimeError):
    """dbus-daemon or gnome-keyring-daemon is missing or did not start."""


def missing_programs() -> list[str]:
    return [p for p in ("dbus-daemon", "gnome-keyring-daemon") if shutil.which(p) is None]


def _read_line(proc: subprocess.Popen, timeout: float) -> str:
    """The first line the child prints on stdout, waiting at most `timeout` seconds."""
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    buf = b""
    deadline = time.monotonic() + timeout
    while b"\n" not in buf:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            break
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        buf += chunk
    return buf.split(b"\n", 1)[0].decode(errors="replace").strip()


class SecretServiceDaemon:
    def __init__(self) -> None:
        self.home: Path | None = None
        self.env: dict[str, str] = {}
        self._dbus: subprocess.Popen | None = None
        self._keyring: subprocess.Popen | None = None
        self._saved_environ: dict[str, str | None] = {}
        self._saved_backend: object = None
        self._active = False

    def start(self) -> SecretServiceDaemon:
        missing = missing_programs()
        if missing:
            raise SecretServiceUnavailable(
                "missing " + ", ".join(missing) + " (install gnome-keyring and dbus; "
                "tools/system-deps.sh does it)"
            )
        self.home = Path(tempfile.mkdtemp(prefix="lapor-keyring-"))
        run = self.home / "run"
        run.mkdir(mode=0o700)
        env = {
            "HOME": str(self.home),
            "XDG_RUNTIME_DIR": str(run),
            "XDG_DATA_HOME": str(self.home / "data"),
            "XDG_CONFIG_HOME": str(self.home / "config"),
            "XDG_CACHE_HOME": str(self.home / "cache"),
        }
        child_env = {**os.environ, **env}
        child_env.pop("DBUS_SESSION_BUS_ADDRESS", None)
        try:
            config = self.home / "bus.conf"
            config.write_text(_BUS_CONFIG.format(dir=run))
            self._dbus = subprocess.Popen(
                [
                    "dbus-daemon",
                    f"--config-file={config}",
                    "--nofork",
                    "--nopidfile",
                    "--print-address=1",
                ],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=child_env,
            )
            address = _read_line(self._dbus, timeout=10)
            if not address.startswith(("unix:", "tcp:")):
                raise SecretServiceUnavailable(f"dbus-daemon printed no address: {address!r}")
            env["DBUS_SESSION_BUS_ADDRESS"] = address
            child_env["DBUS_SESSION_BUS_ADDRESS"] = address
            self._keyring = subprocess.Popen(
                [
                    "gnome-keyring-daemon",
                    "--unlock",
                    "--foreground",
                    "--components=secrets",
                ],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=child_env,
            )
            assert self._keyring.stdin is not None
            self._keyring.stdin.write(PASSWORD)
            self._keyring.stdin.close()
            # In the foreground it prints nothing: readiness is the service answering on the bus.
            self.env = env
            self._wait_for_service()
        except BaseException:
            self.stop()
            raise
        return self

    def _stderr(self) -> str:
        out = []
        for p in (self._dbus, self._keyring):
            if p is not None and p.poll() is not None and p.stderr is not None:
                out.append(p.stderr.read().decode(errors="replace"))
        return "\n".join(out)

    def _wait_for_service(self) -> None:
        """Wait until org.freedesktop.secrets answers on the bus with the default collection."""
        import secretstorage

        deadline = time.monotonic() + 15
        last: Exception | None = None
        saved = os.environ.get("DBUS_SESSION_BUS_ADDRESS")
        os.environ["DBUS_SESSION_BUS_ADDRESS"] = self.env["DBUS_SESSION_BUS_ADDRESS"]
        try:
            while time.monotonic() < deadline:
                try:
                    with contextlib.closing(secretstorage.dbus_init()) as conn:
                        # Not get_default_collection(): while gnome-keyring is still creating
                        # the login keyring that would ask to create one, and its prompt
                        # waits forever for a user.
                        coll = secretstorage.Collection(conn)
                        if not coll.is_locked():
                            return
                        last = RuntimeError("the default collection is still locked")
                except Exception as exc:  # the service registers its name asynchronously
                    last = exc
                    time.sleep(0.05)
        finally:
            if saved is None:
                os.environ.pop("DBUS_SESSION_BUS_ADDRESS", None)
            else:
                os.environ["DBUS_SESSION_BUS_ADDRESS"] = saved
        raise SecretServiceUnavailable(f"Secret Service did not come up: {last}")

    # -- in-process use ---------------------------------------------------------------------
    def activate(self) -> None:
        """Point this process (os.environ and the keyring library) at this daemon."""
        import keyring
        import keyring.core

        if self._active:
            return
        variables = {**self.env, "PYTHON_KEYRING_BACKEND": BACKEND}
        self._saved_environ = {k: os.environ.get(k) for k in variables}
        os.environ.update(variables)
        self._saved_backend = keyring.core._keyring_backend
        keyring.core.init_backend()
        self._active = True

    def deactivate(self) -> None:
        import keyring.core

        if not self._active:
            return
        for k, v in self._saved_environ.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        keyring.core._keyring_backend = self._saved_backend
        self._active = False

    def stop(self) -> None:
        self.deactivate()
        for p in (self._keyring, self._dbus):
            if p is None:
                continue
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait(timeout=5)
            for f in (p.stdout, p.stderr, p.stdin):
                if f is not None:
                    with contextlib.suppress(OSError, ValueError):
                        f.close()
        self._keyring = self._dbus = None
        if self.home is not None:
            shutil.rmtree(self.home, ignore_errors=True)
            self.home = None

    def __enter__(self) -> SecretServiceDaemon:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
