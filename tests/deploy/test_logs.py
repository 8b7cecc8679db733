"""Desk logs: redaction of secrets and reporter contact data, rotation, the support zip."""

from __future__ import annotations

import logging
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from lapor_desk.deploy import configure, logs
from lapor_desk.sync import logsafe

TOKEN = "dtk_9f8e7d6c5b4a39281706f5e4d3c2b1a0"
CANARY_EMAIL = "yohana.kanari@contoh.co.id"
CANARY_PHONES = ["0812-3456-7890", "+62 812 3456 7890", "081234567890", "(0901) 321-234"]
CANARY_NIK = "9409012345678901"


@pytest.fixture
def clean_root_logger() -> Iterator[None]:
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_redact_removes_tokens_passwords_and_contact_data() -> None:
    logsafe.register_secret(TOKEN)
    text = (
        f"POST /api/v1/session ok token={TOKEN} Authorization: Bearer abc.def.ghi "
        f"password=rahasia123 email {CANARY_EMAIL} hp {' / '.join(CANARY_PHONES)} "
        f"NIK {CANARY_NIK} {{'reporter_name': 'Yohana Kanari', \"pelapor_telp\": \"x\"}}"
    )
    clean = logs.redact(text)
    for secret in (TOKEN, "abc.def.ghi", "rahasia123", CANARY_EMAIL, CANARY_NIK, "Yohana"):
        assert secret not in clean
    for phone in CANARY_PHONES:
        assert phone not in clean
    assert clean.startswith("POST /api/v1/session ok")


@pytest.mark.parametrize(
    "line",
    [
        "sync round finished: pushed 12 ops, pulled 3 pages in 0.42 s",
        "2026-11-27 22:36:01,123 INFO lapor_desk.sync [sync] feed after=100234 limit=500",
        "op 0b6c1f7e-9c2a-4f3e-8d6b-1a2b3c4d5e6f applied, report LPR-2026-000123 version 7",
        "GET https://127.0.0.1:8443/api/v1/feed?after=123 -> 200 (1048576 bytes)",
        "deadline 2026-08-18 (3 working days), distrik Mimika Baru",
    ],
)
def test_redact_leaves_ordinary_log_lines_alone(line: str) -> None:
    assert logs.redact(line) == line


def test_log_file_has_no_secret_or_contact_data_and_rotates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clean_root_logger: None
) -> None:
    monkeypatch.setattr(logs, "MAX_BYTES", 4000)
    path = logs.setup_logging(directory=tmp_path / "logs")
    assert path == tmp_path / "logs" / "desk.log"
    log = logging.getLogger("lapor_desk.test")
    logsafe.register_secret(TOKEN)
    log.info("login ok, token %s for %s", TOKEN, "budi")
    log.warning("reporter contact %s / %s", CANARY_EMAIL, CANARY_PHONES[0])
    try:
        raise RuntimeError(f"failed with Authorization: Bearer {TOKEN}")
    except RuntimeError:
        log.exception("sync failed")
    for i in range(200):
        log.info("filler line %d to make the file rotate, lorem ipsum dolor sit amet", i)
    for handler in logging.getLogger().handlers:
        handler.flush()
    files = sorted(path.parent.glob("desk.log*"))
    assert len(files) == 1 + logs.BACKUP_COUNT  # rotated, and old files beyond 5 dropped
    assert all(f.stat().st_size <= 4000 + 200 for f in files)
    everything = "".join(f.read_text(encoding="utf-8") for f in files)
    assert "filler line 199" in everything
    for secret in (TOKEN, CANARY_EMAIL, CANARY_PHONES[0]):
        assert secret not in everything


def test_support_zip_has_what_support_needs_and_nothing_secret(
    isolated_config: Path, ca_file: Path, tmp_path: Path
) -> None:
    configure.configure_machine(server="https://lapor.mimikakab.go.id", ca=str(ca_file), lock=[])
    log_dir = tmp_path / "data" / "logs"
    log_dir.mkdir(parents=True)
    # A log written before redaction existed (or by a careless line): redacted on the way in.
    (log_dir / "desk.log").write_text(f"old line token={TOKEN} {CANARY_EMAIL}\n")
    (log_dir / "desk.log.1").write_text("older line\n")
    # A profile with a database and a draft sits beside the logs: never collected.
    profile = tmp_path / "data" / "lapor.mimikakab.go.id" / "budi"
    profile.mkdir(parents=True)
    (profile / "queue.sqlite3").write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)

    zip_path = logs.export_support_zip(
        tmp_path / "out",
        log_directory=log_dir,
        doctor=lambda: f"doctor: TLS ok, clock skew 2 s, Bearer {TOKEN}\n",
        selftest=lambda: 1 / 0,  # a broken producer must not stop the zip
    )
    assert zip_path.parent == tmp_path / "out" and zip_path.name.startswith("lapor-desk-support-")
    with zipfile.ZipFile(zip_path) as zf:
        names = set(zf.namelist())
        contents = {name: zf.read(name).decode() for name in names}
    assert names == {
        "README.txt",
        "versions.txt",
        "settings.txt",
        "doctor.txt",
        "selftest.txt",
        "logs/desk.log",
        "logs/desk.log.1",
    }
    assert "lapor-desk 0." in contents["versions.txt"] and "sqlite" in contents["versions.txt"]
    assert "https://lapor.mimikakab.go.id" in contents["settings.txt"]
    assert "dikunci/locked" in contents["settings.txt"]
    assert "clock skew" in contents["doctor.txt"]
    assert "ZeroDivisionError" in contents["selftest.txt"]
    everything = "".join(contents.values())
    for secret in (TOKEN, CANARY_EMAIL, "SQLite format 3"):
        assert secret not in everything
    assert not [p for p in tmp_path.joinpath("out").iterdir() if p.name.endswith(".tmp")]
