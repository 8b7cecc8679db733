"""Where the desk keeps its files: data root, one profile directory per (server, account), logs.

Profiles live in the local (non-roaming) user data directory: SQLite in WAL mode must not sit on a
network share or a roaming profile. `LAPOR_DESK_DATA_DIR` moves everything (tests, portable use).
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import platformdirs

APP_NAME = "lapor-desk"
APP_AUTHOR = "LAPOR"
STORE_FILENAME = "queue.sqlite3"
LOCK_FILENAME = "desk.lock"

_SAFE = re.compile(r"[^a-z0-9._-]")
# Names Windows refuses for a file or directory, whatever the extension.
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {
    f"{p}{i}" for p in ("com", "lpt") for i in range(10)
}


def data_root() -> Path:
    """The directory holding every profile (created on demand by `profile_dir`)."""
    override = os.environ.get("LAPOR_DESK_DATA_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR, roaming=False))


def config_dir() -> Path:
    """The user's settings directory (`LAPOR_DESK_CONFIG_DIR` overrides)."""
    override = os.environ.get("LAPOR_DESK_CONFIG_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR, roaming=False))


def documents_dir() -> Path:
    """Where exports and recaps go by default: the platform's documents folder (XDG on Linux,
    "Documents" on Windows), created when missing (a fresh desktop may have none).
    `LAPOR_DESK_DOCUMENTS_DIR` overrides. Falls back to the home folder if it cannot be made."""
    override = os.environ.get("LAPOR_DESK_DOCUMENTS_DIR")
    folder = Path(override) if override else Path(platformdirs.user_documents_dir())
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return Path.home()
    return folder


def log_dir() -> Path:
    """Where log files go; beside the profiles when `LAPOR_DESK_DATA_DIR` is set."""
    if os.environ.get("LAPOR_DESK_DATA_DIR"):
        return data_root() / "logs"
    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


def safe_component(name: str) -> str:
    """A file-name-safe, collision-free form of `name`.

    Names that are already safe (lowercase ASCII letters, digits, `._-`) stay as they are, so the
    usual profile path is readable. Anything else is simplified and gets a short hash of the
    original, so `Budi` and `budi` (or `a b` and `a_b`) never share a directory, also on the
    case-insensitive file systems of Windows and macOS.
    """
    if not name:
        raise ValueError("nama kosong tidak dapat dipakai sebagai nama folder")
    simple = _SAFE.sub("_", name.lower()).strip(".") or "_"
    if simple == name and simple not in _WINDOWS_RESERVED:
        return simple
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return f"{simple[:48]}-{digest}"


def server_component(server_url: str) -> str:
    """`host` or `host_port` for a server URL (port only when not the scheme's default)."""
    parts = urlsplit(server_url if "//" in server_url else f"https://{server_url}")
    host = (parts.hostname or "").lower()
    if not host:
        raise ValueError(f"alamat server tidak berisi nama host: {server_url!r}")
    port = parts.port
    default = {"https": 443, "http": 80}.get(parts.scheme)
    label = host if port in (None, default) else f"{host}_{port}"
    # IPv6 literals contain ':' which Windows forbids; the hash keeps them distinct.
    return safe_component(label)


def profile_dir(server_url: str, username: str) -> Path:
    """`data_root()/<host[_port]>/<username>/`: one directory per server account."""
    return data_root() / server_component(server_url) / safe_component(username)


def store_path(server_url: str, username: str) -> Path:
    return profile_dir(server_url, username) / STORE_FILENAME


def cache_dir(profile: Path) -> Path:
    """Attachment cache of a profile; deleting it loses nothing that the server cannot resend."""
    return profile / "cache"


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and the parents it needs) readable by the current user only (0700 on POSIX,
    whatever the umask). Parents that existed before are left alone; the ones created here, e.g.
    the server folder above a profile, are private too."""
    path = Path(path)
    missing: list[Path] = []
    probe = path
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            pass
        if os.name == "posix":
            os.chmod(folder, 0o700)
    if os.name == "posix":
        os.chmod(path, 0o700)
    return path


def private_file(path: Path) -> Path:
    """Make sure `path` exists as a file readable by the current user only (0600 on POSIX,
    whatever the umask). SQLite gives its -wal and -shm files the mode of the database file, so
    creating the database this way keeps them private too."""
    path = Path(path)
    ensure_private_dir(path.parent)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)
    if os.name == "posix":
        os.chmod(path, 0o600)
    return path


def open_private(path: Path, mode: str = "w", **kwargs):
    """`open(path, mode)` for a new file that only the current user can read (0600)."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if "a" in mode else os.O_TRUNC)
    fd = os.open(path, flags, 0o600)
    if os.name == "posix":
        os.fchmod(fd, 0o600)
    return os.fdopen(fd, mode, **kwargs)


def tighten_profile(folder: Path) -> None:
    """Make every folder (0700) and file (0600) under a profile private, e.g. those an older desk
    created under a loose umask. Cheap: a profile holds a handful of files plus the cache."""
    if os.name != "posix" or not Path(folder).is_dir():
        return
    for root, dirs, files in os.walk(folder):
        os.chmod(root, 0o700)
        for name in files:
            try:
                os.chmod(os.path.join(root, name), 0o600)
            except OSError:
                pass  # vanished meanwhile
        for name in dirs:
            os.chmod(os.path.join(root, name), 0o700)
