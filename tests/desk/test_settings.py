"""Settings: declared once, machine config first (and locking), validation, atomic save."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import trustme

from lapor_desk import settings as settings_mod
from lapor_desk.settings import (
    SETTINGS,
    SettingLockedError,
    Settings,
    render_machine_config,
)


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("LAPOR_DESK_CONFIG_DIR", str(tmp_path / "user"))
    monkeypatch.setenv("LAPOR_DESK_MACHINE_CONFIG", str(tmp_path / "machine" / "config.toml"))


@pytest.fixture
def machine(tmp_path: Path):
    path = tmp_path / "machine" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)

    def write(text: str) -> Path:
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def ca_file(tmp_path: Path) -> Path:
    path = tmp_path / "ca.pem"
    trustme.CA().cert_pem.write_to_path(str(path))
    return path


def user_file(tmp_path: Path) -> Path:
    return tmp_path / "user" / "settings.json"


def test_no_secret_can_ever_be_a_setting():
    for key in SETTINGS:
        assert not any(word in key.lower() for word in ("password", "token", "secret", "sandi"))


def test_every_setting_has_titles_and_a_valid_default():
    for setting in SETTINGS.values():
        assert setting.title_id and setting.title_en
        assert setting.check(setting.default) == setting.default
    assert {
        "server_url",
        "ca_bundle",
        "proxy",
        "language",
        "sync_interval_minutes",
        "notifications",
        "remember_me",
        "update_check",
        "last_username",
    } <= set(SETTINGS)


def test_defaults_without_any_file():
    s = Settings.load()
    assert s.get("language") == "id"
    assert s.get("sync_interval_minutes") == 5
    assert s.get("server_url") is None
    assert s.source("language") == "default"
    assert s.problems == []


def test_precedence_default_machine_user(machine, tmp_path: Path):
    machine(
        'version = 1\nlocked = ["server_url"]\n\n[settings]\n'
        'server_url = "https://lapor.mimikakab.go.id"\nlanguage = "en"\n'
        "sync_interval_minutes = 15\n"
    )
    user_file(tmp_path).parent.mkdir(parents=True)
    user_file(tmp_path).write_text(
        json.dumps(
            {
                "version": 1,
                "settings": {"server_url": "https://evil.example", "language": "id"},
            }
        )
    )
    s = Settings.load()
    # Locked: the machine value wins over the user's.
    assert s.get("server_url") == "https://lapor.mimikakab.go.id"
    assert s.source("server_url") == "machine" and s.is_locked("server_url")
    # Unlocked: the user's choice wins over the machine value...
    assert s.get("language") == "id" and s.source("language") == "user"
    # ...and the machine value wins over the default.
    assert s.get("sync_interval_minutes") == 15 and s.source("sync_interval_minutes") == "machine"
    assert s.get("notifications") is True and s.source("notifications") == "default"


def test_locked_keys_cannot_be_set_or_reset(machine):
    machine('version = 1\nlocked = ["proxy", "update_check"]\n[settings]\nproxy = "none"\n')
    s = Settings.load()
    with pytest.raises(SettingLockedError, match="dikunci"):
        s.set("proxy", "system")
    with pytest.raises(SettingLockedError):
        s.set("update_check", True)  # locked at its default
    with pytest.raises(SettingLockedError):
        s.reset("proxy")
    assert s.get("proxy") == "none"
    assert s.get("update_check") is True and s.is_locked("update_check")
    s.set("language", "en")  # other keys stay free


def test_locked_list_inside_the_settings_table_is_understood(machine):
    machine('[settings]\nlocked = ["language"]\nlanguage = "en"\n')
    s = Settings.load()
    assert s.is_locked("language") and s.get("language") == "en"


@pytest.mark.parametrize(
    ("key", "value", "reason"),
    [
        ("server_url", "http://lapor.mimikakab.go.id", "https"),
        ("server_url", "https://", "host"),
        ("server_url", "https://user:pw@host.id", "sandi"),
        ("server_url", "https://host.id:99999", "port"),
        ("server_url", 42, "teks"),
        ("language", "fr", "bahasa"),
        ("sync_interval_minutes", 0, "1 sampai 1440"),
        ("sync_interval_minutes", True, "bilangan bulat"),
        ("sync_interval_minutes", "5", "bilangan bulat"),
        ("notifications", "yes", "true/false"),
        ("proxy", "ftp://proxy:21", "proxy"),
        ("proxy", "", "proxy"),
        ("ca_bundle", "/does/not/exist.pem", "tidak ditemukan"),
        ("language", None, "harus diisi"),
    ],
)
def test_wrong_values_are_refused_with_a_reason(key, value, reason):
    s = Settings.load()
    with pytest.raises(ValueError, match=reason):
        s.set(key, value)


def test_valid_values_are_normalised(ca_file: Path):
    s = Settings.load()
    s.set("server_url", "  https://lapor.mimikakab.go.id:8443/  ")
    assert s.get("server_url") == "https://lapor.mimikakab.go.id:8443"
    s.set("proxy", "http://proxy.pemda.local:3128")
    s.set("ca_bundle", str(ca_file))
    assert s.get("ca_bundle") == str(ca_file)
    s.set("server_url", None)  # optional keys can be cleared
    assert s.get("server_url") is None


def test_ca_bundle_must_be_pem(tmp_path: Path):
    not_pem = tmp_path / "ca.pem"
    not_pem.write_text("-----BEGIN CERTIFICATE-----\nbukan sertifikat\n-----END CERTIFICATE-----\n")
    with pytest.raises(ValueError, match="PEM"):
        Settings.load().set("ca_bundle", str(not_pem))
    empty = tmp_path / "empty.pem"
    empty.write_text("")
    with pytest.raises(ValueError):
        Settings.load().set("ca_bundle", str(empty))


def test_save_is_atomic_and_round_trips(tmp_path: Path):
    s = Settings.load()
    s.set("language", "en")
    s.set("last_username", "budi")
    s.save()
    path = user_file(tmp_path)
    data = json.loads(path.read_text())
    assert data == {"version": 1, "settings": {"language": "en", "last_username": "budi"}}
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]  # no temp file left
    again = Settings.load()
    assert again.get("language") == "en" and again.source("language") == "user"


def test_a_failed_save_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    s = Settings.load()
    s.set("language", "en")
    s.save()
    s.set("language", "id")

    def broken_replace(src, dst):
        raise OSError("disk penuh")

    monkeypatch.setattr(settings_mod.os, "replace", broken_replace)
    with pytest.raises(OSError):
        s.save()
    monkeypatch.undo()
    path = user_file(tmp_path)
    assert json.loads(path.read_text())["settings"]["language"] == "en"
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]


def test_old_unversioned_user_file_is_migrated(tmp_path: Path):
    path = user_file(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"language": "en", "notifications": False}))
    s = Settings.load()
    assert s.get("language") == "en" and s.get("notifications") is False
    s.save()
    assert json.loads(path.read_text())["version"] == settings_mod.USER_SETTINGS_VERSION


def test_unknown_user_keys_survive_a_save(tmp_path: Path):
    path = user_file(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"version": 1, "settings": {"from_newer_desk": [1, 2]}}))
    s = Settings.load()
    s.set("language", "en")
    s.save()
    assert json.loads(path.read_text())["settings"]["from_newer_desk"] == [1, 2]


def test_bad_files_are_reported_not_fatal(machine, tmp_path: Path):
    machine("this is = = not toml")
    path = user_file(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text("{ not json")
    s = Settings.load()
    assert s.get("language") == "id"
    assert len(s.problems) == 2


def test_invalid_machine_values_fall_back_and_are_reported(machine):
    machine(
        'version = 1\nlocked = ["server_url", "no_such_key"]\n[settings]\n'
        'server_url = "http://plain.example"\nsync_interval_minutes = "sering"\ncolour = "red"\n'
    )
    s = Settings.load()
    assert s.get("server_url") is None and s.is_locked("server_url")
    assert s.get("sync_interval_minutes") == 5
    assert len(s.problems) == 4


def test_rendered_machine_config_loads_back(machine, ca_file: Path):
    text = render_machine_config(
        {
            "server_url": "https://lapor.mimikakab.go.id",
            "ca_bundle": str(ca_file),
            "proxy": "http://proxy:3128",
        },
        locked=["server_url", "ca_bundle"],
    )
    machine(text)
    s = Settings.load()
    assert s.problems == []
    assert s.get("ca_bundle") == str(ca_file) and s.is_locked("ca_bundle")
    assert s.get("proxy") == "http://proxy:3128" and not s.is_locked("proxy")
    with pytest.raises(ValueError):
        render_machine_config({"server_url": "http://x"})
    with pytest.raises(ValueError):
        render_machine_config({}, locked=["nope"])


def test_machine_config_locations(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.delenv("LAPOR_DESK_MACHINE_CONFIG")
    monkeypatch.setattr(settings_mod.sys, "platform", "linux")
    monkeypatch.setenv("XDG_CONFIG_DIRS", f"{tmp_path}/xdg1:{tmp_path}/xdg2")
    assert settings_mod.machine_config_candidates() == [
        Path("/etc/lapor-desk/config.toml"),
        tmp_path / "xdg1" / "lapor-desk" / "config.toml",
        tmp_path / "xdg2" / "lapor-desk" / "config.toml",
    ]
    monkeypatch.setattr(settings_mod.sys, "platform", "win32")
    monkeypatch.setenv("PROGRAMDATA", "C:\\ProgramData")
    assert settings_mod.machine_config_candidates() == [
        Path("C:\\ProgramData") / "LAPOR Desk" / "config.toml"
    ]
    monkeypatch.setattr(settings_mod.sys, "platform", "darwin")
    assert settings_mod.machine_config_candidates() == [
        Path("/Library/Application Support/LAPOR Desk/config.toml")
    ]
    monkeypatch.setenv("LAPOR_DESK_MACHINE_CONFIG", "")
    assert settings_mod.machine_config_candidates() == []


def test_user_settings_location_follows_the_override(tmp_path: Path):
    assert settings_mod.user_settings_path() == tmp_path / "user" / "settings.json"
    assert os.environ["LAPOR_DESK_CONFIG_DIR"] == str(tmp_path / "user")
