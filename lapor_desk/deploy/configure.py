"""`lapor-desk configure`: write the machine-wide configuration IT distributes, with validation.

    lapor-desk configure --server https://lapor.mimikakab.go.id --ca agency-ca.pem \
        --proxy http://proxy.kantor:3128 --lock server_url ca_bundle
    lapor-desk configure --print

Values are checked by the validators declared once in `lapor_desk.settings` (https only, a CA file
that exists and parses as PEM certificates, an http(s) proxy), so a file written here is a file the
desk accepts. The CA file is copied next to the configuration, so the configuration never points
at a USB stick or a download folder. The file is replaced atomically: a crash leaves the old or the
new file, never half of one. Errors are one sentence in Indonesian and one in English; invalid
input exits with 2, a file that cannot be written with 1.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lapor_desk import settings as st

#: name of the copied CA file, next to the machine configuration
CA_COPY_FILENAME = "ca-bundle.pem"

EXIT_OK = 0
EXIT_WRITE_FAILED = 1
EXIT_INVALID = 2

#: command-line option -> settings key, for the values IT usually presets
OPTION_KEYS = {"server": "server_url", "ca": "ca_bundle", "proxy": "proxy", "language": "language"}

#: what each value must look like, in English (the validators' reasons are Indonesian)
_EXPECTED_EN = {
    "server_url": "it must be an https:// address with a host name, "
    "e.g. https://lapor.mimikakab.go.id",
    "ca_bundle": "the file must exist and contain PEM certificates (-----BEGIN CERTIFICATE-----)",
    "proxy": "use 'system', 'none' or a proxy URL such as http://proxy.kantor:3128",
    "language": "use 'id' (Indonesian) or 'en' (English)",
    "sync_interval_minutes": "use a whole number of minutes from 1 to 1440",
}


class ConfigureError(Exception):
    """A configuration that cannot be written; one sentence in Indonesian, one in English."""

    def __init__(self, message_id: str, message_en: str, exit_code: int = EXIT_INVALID):
        super().__init__(f"{message_id}\n{message_en}")
        self.message_id = message_id
        self.message_en = message_en
        self.exit_code = exit_code


@dataclass(frozen=True)
class MachineConfig:
    """The content of a machine configuration file: values and locked keys."""

    values: dict[str, Any]
    locked: tuple[str, ...]


def _invalid_value(key: str, reason: str) -> ConfigureError:
    title = st.SETTINGS[key]
    return ConfigureError(
        f"Gagal: {title.title('id')} tidak dapat dipakai: {reason}.",
        f"Error: {title.title('en')} cannot be used: "
        f"{_EXPECTED_EN.get(key, 'see docs/settings.md')}.",
    )


def _unknown_key(key: str) -> ConfigureError:
    known = ", ".join(st.SETTINGS)
    return ConfigureError(
        f"Gagal: '{key}' bukan nama pengaturan yang dikenal (yang dikenal: {known}).",
        f"Error: '{key}' is not a known setting name (known: {known}).",
    )


def check_value(key: str, value: Any) -> Any:
    """The normalised value for `key`, or ConfigureError saying what is wrong in both languages."""
    setting = st.SETTINGS.get(key)
    if setting is None:
        raise _unknown_key(key)
    try:
        return setting.check(value)
    except ValueError as error:
        raise _invalid_value(key, str(error)) from None


def check_lock_keys(keys: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for key in keys:
        key = key.strip()
        if key not in st.SETTINGS:
            raise _unknown_key(key)
        if key not in out:
            out.append(key)
    return tuple(out)


def default_machine_path() -> Path:
    """Where `configure` writes: the first machine configuration location of this OS."""
    candidates = st.machine_config_candidates()
    if not candidates:
        raise ConfigureError(
            "Gagal: LAPOR_DESK_MACHINE_CONFIG kosong, jadi tidak ada lokasi konfigurasi komputer.",
            "Error: LAPOR_DESK_MACHINE_CONFIG is empty, so there is no machine configuration "
            "location.",
        )
    return candidates[0]


def read_machine_config(path: Path) -> MachineConfig:
    """The current machine configuration at `path` (empty when the file does not exist)."""
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except (FileNotFoundError, NotADirectoryError):
        return MachineConfig({}, ())
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigureError(
            f"Gagal: konfigurasi komputer {path} tidak terbaca ({error}); perbaiki atau pakai "
            "--replace.",
            f"Error: the machine configuration {path} cannot be read ({error}); fix it or use "
            "--replace.",
        ) from None
    settings = dict(data.get("settings") or {})
    locked = data.get("locked", settings.pop("locked", []))
    if not isinstance(locked, list):
        locked = []
    return MachineConfig(settings, tuple(str(k) for k in locked))


def _copy_ca(source: str, target_dir: Path) -> str:
    """Copy the (validated) CA file next to the configuration, atomically; return its path."""
    target = target_dir / CA_COPY_FILENAME
    src = Path(source).resolve()
    if target.exists() and target.resolve() == src:
        return str(target)
    target_dir.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    shutil.copyfile(src, tmp)
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    if os.name == "posix":
        os.chmod(tmp, 0o644)  # every user's desk must read the CA
    os.replace(tmp, target)
    return str(target)


def configure_machine(
    *,
    server: str | None = None,
    ca: str | None = None,
    proxy: str | None = None,
    language: str | None = None,
    lock: Sequence[str] | None = None,
    unlock: Sequence[str] = (),
    replace: bool = False,
    path: Path | None = None,
    copy_ca: bool = True,
) -> Path:
    """Validate and write the machine configuration; return the file written.

    Values not given keep what the file already has (unless `replace`). `lock`: the keys to lock;
    an empty list locks the keys given in this call; None changes no lock.
    """
    path = Path(path) if path else default_machine_path()
    given = {
        key: value
        for key, value in (
            ("server_url", server),
            ("ca_bundle", ca),
            ("proxy", proxy),
            ("language", language),
        )
        if value is not None
    }
    # Validate everything before touching any file.
    clean = {key: check_value(key, value) for key, value in given.items()}
    to_lock = check_lock_keys(lock) if lock else tuple(clean) if lock is not None else ()
    to_unlock = check_lock_keys(unlock)

    current = MachineConfig({}, ()) if replace else read_machine_config(path)
    values = {**current.values, **clean}
    locked = [k for k in current.locked if k not in to_unlock]
    locked += [k for k in to_lock if k not in locked]
    for key, value in values.items():
        check_value(key, value)  # an old value that no longer passes must be fixed, not kept
    check_lock_keys(locked)

    try:
        if copy_ca and "ca_bundle" in clean:
            values["ca_bundle"] = _copy_ca(clean["ca_bundle"], path.parent)
        text = st.render_machine_config(values, locked)
        st.atomic_write_text(path, text)
        if os.name == "posix":
            os.chmod(path, 0o644)
    except PermissionError:
        raise ConfigureError(
            f"Gagal: tidak ada izin menulis {path}; jalankan sebagai administrator (root).",
            f"Error: no permission to write {path}; run this as administrator (root).",
            EXIT_WRITE_FAILED,
        ) from None
    except OSError as error:
        raise ConfigureError(
            f"Gagal: {path} tidak dapat ditulis ({error.strerror or error}).",
            f"Error: {path} cannot be written ({error.strerror or error}).",
            EXIT_WRITE_FAILED,
        ) from None
    return path


def configure_user(
    *,
    server: str | None = None,
    ca: str | None = None,
    proxy: str | None = None,
    language: str | None = None,
    user_path: Path | None = None,
) -> Path:
    """Set the current user's own values (refused for keys IT locked); return the file written."""
    settings = st.Settings.load(user_path=user_path)
    for key, value in (
        ("server_url", server),
        ("ca_bundle", ca),
        ("proxy", proxy),
        ("language", language),
    ):
        if value is None:
            continue
        value = check_value(key, value)
        try:
            settings.set(key, value)
        except st.SettingLockedError:
            raise ConfigureError(
                f"Gagal: {st.SETTINGS[key].title('id')} dikunci oleh TI di konfigurasi "
                f"komputer ({settings.machine_path}).",
                f"Error: {st.SETTINGS[key].title('en')} is locked by IT in the "
                f"machine configuration ({settings.machine_path}).",
            ) from None
    try:
        settings.save()
    except OSError as error:
        raise ConfigureError(
            f"Gagal: {settings.user_path} tidak dapat ditulis ({error.strerror or error}).",
            f"Error: {settings.user_path} cannot be written ({error.strerror or error}).",
            EXIT_WRITE_FAILED,
        ) from None
    return settings.user_path


_SOURCE_LABEL = {
    "default": "bawaan/default",
    "machine": "komputer/machine",
    "user": "pengguna/user",
}


def describe(settings: st.Settings | None = None) -> str:
    """The effective configuration and where each value comes from (`configure --print`)."""
    settings = settings or st.Settings.load()
    candidates = st.machine_config_candidates()
    lines = [
        "Konfigurasi komputer / machine configuration: "
        + (str(settings.machine_path) if settings.machine_path else "(tidak ada / none)"),
        "  dicari di / looked for in: " + (", ".join(map(str, candidates)) or "(none)"),
        f"Pengaturan pengguna / user settings: {settings.user_path}",
        "",
    ]
    width = max(len(k) for k in st.SETTINGS)
    for key in st.SETTINGS:
        value = settings.get(key)
        shown = "-" if value is None else str(value).lower() if isinstance(value, bool) else value
        lock = "  [dikunci/locked]" if settings.is_locked(key) else ""
        lines.append(f"{key:<{width}}  {shown}  ({_SOURCE_LABEL[settings.source(key)]}){lock}")
    if settings.problems:
        lines += ["", "Masalah / problems:"] + [f"  - {p}" for p in settings.problems]
    return "\n".join(lines)


# -- command line (wired into lapor_desk/cli.py) ---------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Every option with its help, in English like the rest of `lapor-desk --help` (the command's
    messages themselves are bilingual); no option is left unexplained."""
    parser.add_argument("--server", metavar="URL", help="server address (https://...)")
    parser.add_argument("--ca", metavar="FILE", help="extra CA certificate file (PEM)")
    parser.add_argument("--proxy", metavar="URL", help="'system', 'none' or http(s)://host:port")
    parser.add_argument("--language", choices=("id", "en"), help="default language of the desk")
    parser.add_argument(
        "--lock",
        nargs="*",
        metavar="KEY",
        help="lock settings against users' changes; without names: those given in this command",
    )
    parser.add_argument(
        "--unlock", nargs="+", default=[], metavar="KEY", help="unlock these settings"
    )
    parser.add_argument("--replace", action="store_true", help="start from an empty file")
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--machine",
        dest="target",
        action="store_const",
        const="machine",
        default="machine",
        help="the machine configuration for every user (default; needs admin/root)",
    )
    where.add_argument(
        "--user",
        dest="target",
        action="store_const",
        const="user",
        help="this user's own settings only",
    )
    parser.add_argument(
        "--file", type=Path, help="write this file instead of the OS default location"
    )
    parser.add_argument(
        "--print",
        dest="print_only",
        action="store_true",
        help="show the configuration in force and where each value comes from",
    )


def run(args: argparse.Namespace, out: Any = None, err: Any = None) -> int:
    import sys

    out = out or sys.stdout
    err = err or sys.stderr
    try:
        if args.print_only:
            machine = args.file if args.file else None
            print(describe(st.Settings.load(machine_path=machine)), file=out)
            return EXIT_OK
        values = {
            "server": args.server,
            "ca": args.ca,
            "proxy": args.proxy,
            "language": args.language,
        }
        if args.target == "user":
            if args.lock is not None or args.unlock:
                raise ConfigureError(
                    "Gagal: --lock hanya berlaku untuk konfigurasi komputer (--machine).",
                    "Error: --lock only applies to the machine configuration (--machine).",
                )
            written = configure_user(**values)
        else:
            if all(v is None for v in values.values()) and args.lock is None and not args.unlock:
                raise ConfigureError(
                    "Gagal: tidak ada yang diatur; beri --server, --ca, --proxy atau --lock.",
                    "Error: nothing to configure; give --server, --ca, --proxy or --lock.",
                )
            written = configure_machine(
                **values, lock=args.lock, unlock=args.unlock, replace=args.replace, path=args.file
            )
    except ConfigureError as error:
        print(error.message_id, file=err)
        print(error.message_en, file=err)
        return error.exit_code
    print(f"Tersimpan / written: {written}", file=out)
    return EXIT_OK
