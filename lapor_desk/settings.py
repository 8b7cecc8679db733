"""Desk settings, declared once: machine configuration (set by IT, may lock keys) and user choices.

Effective value of a key: the default, overridden by the machine configuration, overridden by the
user's own choice - unless IT locked the key, then the machine value (or the default) holds and
the user's choice is ignored. Secrets never live here: the device token is in the OS keyring.
File locations and an example machine configuration: docs/settings.md.
"""

from __future__ import annotations

import json
import logging
import os
import ssl
import sys
import tempfile
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from lapor_desk import paths

log = logging.getLogger(__name__)

USER_SETTINGS_VERSION = 1
MACHINE_CONFIG_VERSION = 1
USER_SETTINGS_FILENAME = "settings.json"
MACHINE_CONFIG_FILENAME = "config.toml"

Source = str  # 'default' | 'machine' | 'user'


class SettingLockedError(Exception):
    """IT locked this setting in the machine configuration."""

    def __init__(self, key: str):
        super().__init__(
            f"Pengaturan '{key}' dikunci oleh administrator TI di konfigurasi komputer ini."
        )
        self.key = key


class SettingValueError(ValueError):
    """A setting's value is refused. `reason` is a stable code callers decide on (never the
    Indonesian sentence): `plain_http` for a server address without https://, else `invalid`."""

    def __init__(self, message: str, reason: str = "invalid"):
        super().__init__(message)
        self.reason = reason


# -- validators: each returns the normalised value or raises ValueError with a reason ------------


def _https_url(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("alamat server harus berupa teks URL")
    url = value.strip()
    parts = urlsplit(url)
    if parts.scheme != "https":
        raise SettingValueError("alamat server harus memakai https://", reason="plain_http")
    if not parts.hostname:
        raise ValueError("alamat server tidak berisi nama host")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise ValueError("alamat server tidak boleh berisi nama pengguna, sandi, ? atau #")
    try:
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as error:
        raise ValueError(f"port alamat server tidak valid: {error}") from None
    return url.rstrip("/")


def _ca_bundle(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("berkas CA harus berupa path")
    path = Path(value.strip()).expanduser()
    if not path.is_file():
        raise ValueError(f"berkas CA tidak ditemukan: {path}")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    try:
        # The same loader the TLS stack will use later, so "valid here" means "usable there".
        context.load_verify_locations(cafile=str(path))
    except (ssl.SSLError, OSError, UnicodeDecodeError) as error:
        raise ValueError(f"berkas CA bukan sertifikat PEM yang sah: {error}") from None
    if (
        context.cert_store_stats().get("x509_ca", 0) + context.cert_store_stats().get("x509", 0)
        == 0
    ):
        raise ValueError("berkas CA tidak berisi sertifikat")
    return str(path)


def _proxy(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("proxy harus 'system', 'none', atau URL http(s)://host:port")
    proxy = value.strip()
    if proxy in ("system", "none"):
        return proxy
    parts = urlsplit(proxy)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("proxy harus 'system', 'none', atau URL http(s)://host:port")
    try:
        parts.port  # noqa: B018
    except ValueError as error:
        raise ValueError(f"port proxy tidak valid: {error}") from None
    return proxy


def _language(value: Any) -> str:
    if value not in ("id", "en"):
        raise ValueError("bahasa harus 'id' (Indonesia) atau 'en' (English)")
    return value


def _interval(value: Any) -> int:
    if not 1 <= value <= 1440:
        raise ValueError("interval sinkronisasi harus 1 sampai 1440 menit")
    return value


def _username(value: Any) -> str:
    if not value.strip():
        raise ValueError("nama pengguna tidak boleh kosong")
    return value.strip()


@dataclass(frozen=True)
class Setting:
    """One declared setting. `type` is str, int or bool; `optional` allows None (unset)."""

    key: str
    type: type
    default: Any
    title_id: str
    title_en: str
    optional: bool = False
    validate: Callable[[Any], Any] | None = None

    def title(self, language: str = "id") -> str:
        return self.title_en if language == "en" else self.title_id

    def check(self, value: Any) -> Any:
        """The normalised value, or ValueError saying what is wrong."""
        if value is None:
            if self.optional:
                return None
            raise ValueError(f"'{self.key}' harus diisi")
        # bool is an int in Python; a JSON `true` must not pass as a number of minutes.
        if type(value) is not self.type:
            names = {str: "teks", int: "bilangan bulat", bool: "true/false"}
            raise ValueError(f"'{self.key}' harus berupa {names.get(self.type, self.type)}")
        return self.validate(value) if self.validate else value


SETTINGS: dict[str, Setting] = {
    s.key: s
    for s in (
        Setting("server_url", str, None, "Alamat server", "Server address", True, _https_url),
        Setting(
            "ca_bundle", str, None, "Berkas CA tambahan", "Additional CA file", True, _ca_bundle
        ),
        Setting("proxy", str, "system", "Proxy", "Proxy", False, _proxy),
        Setting("language", str, "id", "Bahasa", "Language", False, _language),
        Setting(
            "sync_interval_minutes",
            int,
            5,
            "Interval sinkronisasi (menit)",
            "Sync interval (minutes)",
            False,
            _interval,
        ),
        Setting("notifications", bool, True, "Pemberitahuan", "Notifications"),
        Setting("remember_me", bool, True, "Ingat saya di komputer ini", "Remember me"),
        Setting("update_check", bool, True, "Periksa pembaruan", "Check for updates"),
        Setting(
            "last_username",
            str,
            None,
            "Nama pengguna terakhir",
            "Last username",
            True,
            _username,
        ),
    )
}


# -- locations -----------------------------------------------------------------------------------


def machine_config_candidates() -> list[Path]:
    """Where the machine configuration is looked for, most important first."""
    override = os.environ.get("LAPOR_DESK_MACHINE_CONFIG")
    if override is not None:
        return [Path(override)] if override else []
    if sys.platform == "win32":
        base = os.environ.get("PROGRAMDATA") or r"C:\ProgramData"
        return [Path(base) / "LAPOR Desk" / MACHINE_CONFIG_FILENAME]
    if sys.platform == "darwin":
        return [Path("/Library/Application Support/LAPOR Desk") / MACHINE_CONFIG_FILENAME]
    xdg = os.environ.get("XDG_CONFIG_DIRS") or "/etc/xdg"
    found = [Path("/etc/lapor-desk") / MACHINE_CONFIG_FILENAME]
    found += [Path(d) / "lapor-desk" / MACHINE_CONFIG_FILENAME for d in xdg.split(":") if d]
    return found


def machine_config_path() -> Path | None:
    """The machine configuration in effect: the first candidate that exists."""
    return next((p for p in machine_config_candidates() if p.is_file()), None)


def user_settings_path() -> Path:
    return paths.config_dir() / USER_SETTINGS_FILENAME


# -- user file migrations: version N -> N+1 ------------------------------------------------------


def _user_v0_to_v1(data: dict[str, Any]) -> dict[str, Any]:
    # Version 0 (never released, kept as the template): a flat object of keys, no envelope.
    return {"version": 1, "settings": {k: v for k, v in data.items() if k != "version"}}


USER_MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _user_v0_to_v1}


def migrate_user_data(data: dict[str, Any]) -> dict[str, Any]:
    version = data.get("version", 0) if "settings" in data else 0
    if not isinstance(version, int) or version > USER_SETTINGS_VERSION:
        raise ValueError(f"versi berkas pengaturan tidak dikenal: {version!r}")
    while version < USER_SETTINGS_VERSION:
        data = USER_MIGRATIONS[version](data)
        version = data["version"]
    return data


# -- the settings object -------------------------------------------------------------------------


class Settings:
    """Effective settings: `Settings.load()`, then `get()`, `set()` and `save()`."""

    def __init__(
        self,
        machine: Mapping[str, Any] | None = None,
        locked: Iterable[str] = (),
        user: Mapping[str, Any] | None = None,
        *,
        user_path: Path | None = None,
        machine_path: Path | None = None,
        problems: Iterable[str] = (),
        extra_user: Mapping[str, Any] | None = None,
    ):
        self.problems: list[str] = list(problems)
        self.user_path = user_path or user_settings_path()
        self.machine_path = machine_path
        self._machine = self._clean(machine or {}, "konfigurasi komputer")
        self._locked = frozenset(k for k in locked if k in SETTINGS)
        for key in set(locked) - SETTINGS.keys():
            self.problems.append(f"konfigurasi komputer: kunci tidak dikenal di 'locked': {key}")
        self._user = self._clean(user or {}, "pengaturan pengguna")
        # Keys written by a newer desk are kept as they are, so saving here does not drop them.
        self._extra_user = dict(extra_user or {})

    def _clean(self, values: Mapping[str, Any], where: str) -> dict[str, Any]:
        clean: dict[str, Any] = {}
        for key, value in values.items():
            setting = SETTINGS.get(key)
            if setting is None:
                self.problems.append(f"{where}: kunci tidak dikenal: {key}")
                continue
            try:
                clean[key] = setting.check(value)
            except ValueError as error:
                self.problems.append(f"{where}: {key}: {error}")
        return clean

    @classmethod
    def load(cls, *, machine_path: Path | None = None, user_path: Path | None = None) -> Settings:
        """Read the machine configuration and the user's settings; never raises for bad files.

        Problems (unreadable files, unknown keys, invalid values) are collected in `problems`
        for the UI and `lapor-desk doctor`; the offending values fall back to the next layer.
        """
        problems: list[str] = []
        machine_path = machine_path or machine_config_path()
        machine, locked = {}, []
        if machine_path is not None and machine_path.is_file():
            machine, locked = _read_machine(machine_path, problems)
        user_path = user_path or user_settings_path()
        user, extra = _read_user(user_path, problems)
        return cls(
            machine,
            locked,
            user,
            user_path=user_path,
            machine_path=machine_path,
            problems=problems,
            extra_user=extra,
        )

    def get(self, key: str) -> Any:
        setting = SETTINGS[key]
        if key not in self._locked and key in self._user:
            return self._user[key]
        if key in self._machine:
            return self._machine[key]
        return setting.default

    def __getitem__(self, key: str) -> Any:
        return self.get(key)

    def source(self, key: str) -> Source:
        SETTINGS[key]
        if key not in self._locked and key in self._user:
            return "user"
        if key in self._machine:
            return "machine"
        return "default"

    def is_locked(self, key: str) -> bool:
        SETTINGS[key]
        return key in self._locked

    def set(self, key: str, value: Any) -> None:
        """Set the user's value (not yet saved). SettingLockedError / ValueError with a reason."""
        setting = SETTINGS.get(key)
        if setting is None:
            raise KeyError(key)
        if key in self._locked:
            raise SettingLockedError(key)
        self._user[key] = setting.check(value)

    def reset(self, key: str) -> None:
        """Forget the user's value: the machine value or the default applies again."""
        if key in self._locked:
            raise SettingLockedError(key)
        self._user.pop(key, None)

    def as_dict(self) -> dict[str, Any]:
        return {key: self.get(key) for key in SETTINGS}

    def save(self) -> None:
        """Write the user's settings atomically (temporary file, fsync, rename)."""
        data = {
            "version": USER_SETTINGS_VERSION,
            "settings": {**self._extra_user, **self._user},
        }
        from lapor_desk.paths import ensure_private_dir

        ensure_private_dir(self.user_path.parent)  # the officer's own folder: user only
        atomic_write_text(self.user_path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _read_machine(path: Path, problems: list[str]) -> tuple[dict[str, Any], list[str]]:
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        problems.append(f"konfigurasi komputer {path} tidak terbaca: {error}")
        return {}, []
    version = data.get("version", MACHINE_CONFIG_VERSION)
    if version != MACHINE_CONFIG_VERSION:
        problems.append(f"konfigurasi komputer {path}: versi {version!r} tidak dikenal")
    settings = dict(data.get("settings") or {})
    locked = data.get("locked", settings.pop("locked", []))
    if not isinstance(locked, list) or not all(isinstance(k, str) for k in locked):
        problems.append(f"konfigurasi komputer {path}: 'locked' harus daftar nama kunci")
        locked = []
    return settings, locked


def _read_user(path: Path, problems: list[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, {}
    except OSError as error:
        problems.append(f"pengaturan pengguna {path} tidak terbaca: {error}")
        return {}, {}
    try:
        data = json.loads(raw)
        if not isinstance(data, dict):
            raise ValueError("isi berkas bukan objek JSON")
        data = migrate_user_data(data)
    except ValueError as error:
        problems.append(f"pengaturan pengguna {path} diabaikan: {error}")
        return {}, {}
    values = data.get("settings") or {}
    known = {k: v for k, v in values.items() if k in SETTINGS}
    extra = {k: v for k, v in values.items() if k not in SETTINGS}
    return known, extra


def render_machine_config(values: Mapping[str, Any], locked: Iterable[str] = ()) -> str:
    """TOML text of a machine configuration (for `lapor-desk configure` and installers).

    Values are validated first; ValueError names the first bad one.
    """
    lines = [f"version = {MACHINE_CONFIG_VERSION}"]
    locked = list(locked)
    for key in locked:
        if key not in SETTINGS:
            raise ValueError(f"kunci tidak dikenal: {key}")
    lines.append("locked = [" + ", ".join(json.dumps(k) for k in locked) + "]")
    lines += ["", "[settings]"]
    for key, value in values.items():
        setting = SETTINGS.get(key)
        if setting is None:
            raise ValueError(f"kunci tidak dikenal: {key}")
        value = setting.check(value)
        if value is None:
            continue
        # JSON string/number/bool literals are valid TOML literals for these types.
        lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def atomic_write_text(path: Path, text: str) -> None:
    """Replace `path` with `text` so that a crash leaves either the old or the new file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if os.name == "posix":
        # Make the rename itself durable.
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
