"""`lapor-desk configure`: validation with clear bilingual errors, atomic writes, precedence."""

from __future__ import annotations

import argparse
import io
import os
import tomllib
from pathlib import Path

import pytest
import trustme

from lapor_desk import settings as st
from lapor_desk.deploy import configure

SERVER = "https://lapor.mimikakab.go.id"


def run(*argv: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser()
    configure.add_arguments(parser)
    out, err = io.StringIO(), io.StringIO()
    code = configure.run(parser.parse_args(list(argv)), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def read(path: Path) -> dict:
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def test_valid_configuration_is_written_with_copied_ca_and_locks(
    isolated_config: Path, ca_file: Path
) -> None:
    code, out, err = run(
        "--server", SERVER + "/", "--ca", str(ca_file), "--proxy", "http://proxy.kantor:3128",
        "--lock", "server_url", "ca_bundle",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert str(isolated_config) in out
    data = read(isolated_config)
    copied = isolated_config.parent / configure.CA_COPY_FILENAME
    assert data["settings"] == {
        "server_url": SERVER,  # normalised: no trailing slash
        "ca_bundle": str(copied),
        "proxy": "http://proxy.kantor:3128",
    }
    assert data["locked"] == ["server_url", "ca_bundle"]
    assert copied.read_bytes() == ca_file.read_bytes()
    if os.name == "posix":
        assert isolated_config.stat().st_mode & 0o777 == 0o644
        assert copied.stat().st_mode & 0o777 == 0o644
    # The desk reads exactly what was written, without complaint.
    s = st.Settings.load()
    assert s.problems == []
    assert s.get("server_url") == SERVER
    assert s.source("ca_bundle") == "machine"
    assert s.is_locked("server_url") and not s.is_locked("proxy")


def test_bare_lock_locks_the_values_given(isolated_config: Path) -> None:
    assert run("--server", SERVER, "--lock")[0] == 0
    assert read(isolated_config)["locked"] == ["server_url"]


@pytest.mark.parametrize(
    ("argv", "needle_id", "needle_en"),
    [
        (["--server", "http://lapor.mimikakab.go.id"], "https://", "https://"),
        (["--server", "lapor.mimikakab.go.id"], "https://", "https://"),
        (["--server", "https://user:pw@lapor.example"], "sandi", "https://"),
        (["--ca", "/nonexistent/agency-ca.pem"], "tidak ditemukan", "must exist"),
        (["--proxy", "ftp://proxy.kantor:21"], "proxy", "proxy URL"),
        (["--proxy", "proxy.kantor:3128"], "proxy", "proxy URL"),
        (["--proxy", "http://proxy.kantor:99999"], "port", "proxy URL"),
        (["--lock", "server", "--server", SERVER], "'server'", "not a known setting"),
        (["--lock", "password"], "'password'", "not a known setting"),
        ([], "tidak ada yang diatur", "nothing to configure"),
    ],
)
def test_bad_input_exits_2_with_one_sentence_in_each_language(
    isolated_config: Path, argv: list[str], needle_id: str, needle_en: str
) -> None:
    code, out, err = run(*argv)
    assert code == configure.EXIT_INVALID == 2
    lines = err.strip().splitlines()
    assert len(lines) == 2, err
    assert lines[0].startswith("Gagal: ") and needle_id in lines[0]
    assert lines[1].startswith("Error: ") and needle_en in lines[1]
    assert out == ""
    assert not isolated_config.exists()


def test_ca_file_that_is_not_pem_is_refused(isolated_config: Path, tmp_path: Path) -> None:
    garbage = tmp_path / "ca.pem"
    garbage.write_text("this is the CA, trust me\n")
    code, _, err = run("--ca", str(garbage))
    assert code == 2 and "PEM" in err
    # A private key is PEM, but not a certificate.
    key = tmp_path / "key.pem"
    trustme.CA().issue_cert("x.example").private_key_pem.write_to_path(str(key))
    code, _, err = run("--ca", str(key))
    assert code == 2 and "PEM" in err
    der = tmp_path / "ca.der"
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    cert = x509.load_pem_x509_certificate(trustme.CA().cert_pem.bytes())
    der.write_bytes(cert.public_bytes(Encoding.DER))
    code, _, err = run("--ca", str(der))
    assert code == 2
    assert not isolated_config.exists()


def test_bad_input_leaves_the_existing_file_untouched(isolated_config: Path) -> None:
    assert run("--server", SERVER, "--lock")[0] == 0
    before = isolated_config.read_bytes()
    assert run("--server", "http://evil.example", "--proxy", "none")[0] == 2
    assert isolated_config.read_bytes() == before
    assert [p.name for p in isolated_config.parent.iterdir()] == ["config.toml"]  # no temp left


def test_later_calls_merge_unlock_and_replace(isolated_config: Path, ca_file: Path) -> None:
    assert run("--server", SERVER, "--ca", str(ca_file), "--lock")[0] == 0
    assert run("--proxy", "none", "--lock", "proxy")[0] == 0
    data = read(isolated_config)
    assert set(data["settings"]) == {"server_url", "ca_bundle", "proxy"}
    assert data["locked"] == ["server_url", "ca_bundle", "proxy"]
    assert run("--unlock", "ca_bundle")[0] == 0
    assert read(isolated_config)["locked"] == ["server_url", "proxy"]
    assert run("--replace", "--server", "https://lapor2.example")[0] == 0
    assert read(isolated_config) == {
        "version": 1,
        "locked": [],
        "settings": {"server_url": "https://lapor2.example"},
    }


def test_unreadable_existing_file_is_reported_not_overwritten(isolated_config: Path) -> None:
    isolated_config.parent.mkdir(parents=True)
    isolated_config.write_text("server_url = [unclosed\n")
    code, _, err = run("--server", SERVER)
    assert code == 2 and "--replace" in err
    assert isolated_config.read_text() == "server_url = [unclosed\n"
    assert run("--replace", "--server", SERVER)[0] == 0


def test_unwritable_location_exits_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A regular file where the directory should be: fails for root too (the tests run as root).
    blocker = tmp_path / "etc"
    blocker.write_text("not a directory")
    monkeypatch.setenv("LAPOR_DESK_MACHINE_CONFIG", str(blocker / "lapor-desk" / "config.toml"))
    code, _, err = run("--server", SERVER)
    assert code == configure.EXIT_WRITE_FAILED == 1
    assert err.startswith("Gagal: ") and "Error: " in err


# -- precedence -----------------------------------------------------------------------------------


def test_machine_value_applies_until_the_user_chooses_unless_locked(isolated_config: Path) -> None:
    assert run("--server", SERVER, "--proxy", "http://proxy.kantor:3128", "--lock", "proxy")[0] == 0
    s = st.Settings.load()
    assert (s.get("server_url"), s.source("server_url")) == (SERVER, "machine")
    assert s.get("language") == "id" and s.source("language") == "default"

    # The user may override an unlocked machine value ...
    assert run("--user", "--server", "https://lapor-uji.example")[0] == 0
    s = st.Settings.load()
    assert (s.get("server_url"), s.source("server_url")) == ("https://lapor-uji.example", "user")

    # ... but not a locked one: refused by configure, and ignored if written into the file.
    code, _, err = run("--user", "--proxy", "none")
    assert code == 2 and "dikunci" in err and "locked" in err
    with pytest.raises(st.SettingLockedError):
        s.set("proxy", "none")
    path = st.user_settings_path()
    data = __import__("json").loads(path.read_text())
    data["settings"]["proxy"] = "none"
    path.write_text(__import__("json").dumps(data))
    s = st.Settings.load()
    assert (s.get("proxy"), s.source("proxy")) == ("http://proxy.kantor:3128", "machine")

    # IT locks the server later: the user's earlier choice stops applying at once.
    assert run("--lock", "server_url")[0] == 0
    s = st.Settings.load()
    assert (s.get("server_url"), s.source("server_url")) == (SERVER, "machine")


def test_user_mode_refuses_lock(isolated_config: Path) -> None:
    code, _, err = run("--user", "--server", SERVER, "--lock")
    assert code == 2 and "--machine" in err


def test_print_shows_values_sources_and_locks(isolated_config: Path, ca_file: Path) -> None:
    assert run("--server", SERVER, "--ca", str(ca_file), "--lock", "server_url")[0] == 0
    assert run("--user", "--language", "en")[0] == 0
    code, out, _ = run("--print")
    assert code == 0
    assert str(isolated_config) in out
    lines = {line.split()[0]: line for line in out.splitlines() if line and line[0].isalpha()}
    assert SERVER in lines["server_url"] and "komputer/machine" in lines["server_url"]
    assert "dikunci/locked" in lines["server_url"]
    assert "pengguna/user" in lines["language"] and " en " in lines["language"]
    assert "bawaan/default" in lines["proxy"] and "dikunci" not in lines["proxy"]
