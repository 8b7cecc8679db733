"""The Inno Setup script cannot run here; these checks keep it from silently rotting.

They parse installer/windows/lapor-desk.iss for what IT relies on (per-machine install, admin
rights, the /SERVER /CA /PROXY /LOCK parameters, the machine configuration it writes) and keep its
list of setting names and its TOML output in step with lapor_desk/settings.py.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from lapor_desk import settings as st
from lapor_desk.deploy import configure

REPO = Path(__file__).resolve().parents[2]
ISS = REPO / "installer" / "windows" / "lapor-desk.iss"


def sections(text: str) -> dict[str, str]:
    """Section name -> body, comments (';' lines) removed outside [Code]."""
    parts = re.split(r"^\[(\w+)\]\s*$", text, flags=re.M)
    out = {}
    for name, body in zip(parts[1::2], parts[2::2], strict=True):
        if name != "Code":
            body = "\n".join(
                line for line in body.splitlines() if not line.lstrip().startswith(";")
            )
        out[name] = body
    return out


@pytest.fixture(scope="module")
def iss() -> dict[str, str]:
    return sections(ISS.read_text(encoding="utf-8"))


def directives(body: str) -> dict[str, str]:
    return dict(
        line.split("=", 1) for line in body.splitlines() if "=" in line and ":" not in line[:1]
    )


def test_required_sections_exist(iss: dict[str, str]) -> None:
    assert {"Setup", "Files", "Icons", "Dirs", "Run", "Code"} <= set(iss)


def test_per_machine_admin_install(iss: dict[str, str]) -> None:
    setup = {k.strip(): v.strip() for k, v in directives(iss["Setup"]).items()}
    assert setup["PrivilegesRequired"] == "admin"
    assert setup["PrivilegesRequiredOverridesAllowed"] == ""  # no per-user escape hatch
    assert setup["DefaultDirName"].startswith("{autopf}")
    assert re.fullmatch(r"\{\{[0-9A-F-]{36}\}", setup["AppId"])
    assert setup["ArchitecturesInstallIn64BitMode"] == "x64compatible"
    assert setup["CloseApplications"] == "yes"
    assert "{autoprograms}" in iss["Icons"]
    # The whole onedir bundle made by build_installer.spec, both executables.
    assert r'Source: "..\..\dist\lapor-desk\*"' in iss["Files"]
    assert "recursesubdirs" in iss["Files"]
    spec = (REPO / "build_installer.spec").read_text()
    assert 'f"{NAME}-cli"' in spec and '#define CliExe "lapor-desk-cli.exe"' in ISS.read_text()


def test_silent_install_does_not_launch_or_prompt(iss: dict[str, str]) -> None:
    assert "skipifsilent" in iss["Run"]
    code = iss["Code"]
    # Errors go through SuppressibleMsgBox so /SUPPRESSMSGBOXES keeps a silent install silent.
    assert "SuppressibleMsgBox(" in code
    assert not re.search(r"(?<!Suppressible)MsgBox\(", code)


def test_parameters_are_read_and_checked_before_installing(iss: dict[str, str]) -> None:
    code = iss["Code"]
    init = code[code.index("function InitializeSetup") : code.index("procedure WriteMachineConfig")]
    for name in ("SERVER", "CA", "PROXY", "LOCK"):
        assert "{param:" + name + "|}" in init
    assert "'https://'" in init
    assert "ValidCaFile(CaParam)" in init and "-----BEGIN CERTIFICATE-----" in code
    assert "ParseLock(LockParam" in init


def test_machine_configuration_location_and_content(iss: dict[str, str]) -> None:
    text = ISS.read_text(encoding="utf-8")
    assert '#define ConfigDirName "LAPOR Desk"' in text
    assert "{commonappdata}\\{#ConfigDirName}" in text
    # Same directory the desk reads on Windows (settings.machine_config_candidates).
    assert '"LAPOR Desk" / MACHINE_CONFIG_FILENAME' in (REPO / "lapor_desk/settings.py").read_text()
    code = iss["Code"]
    assert "'\\config.toml'" in code
    assert "'\\" + configure.CA_COPY_FILENAME + "'" in code
    for key in ("server_url", "ca_bundle", "proxy"):
        assert f"'{key} = '" in code
    assert "users-readexec" in iss["Dirs"] and "admins-full" in iss["Dirs"]


def test_known_keys_match_the_desk_settings(iss: dict[str, str]) -> None:
    m = re.search(r"KnownKeys = '([^']*)'", iss["Code"])
    assert m, "KnownKeys constant missing"
    assert m.group(1).split(",") == list(st.SETTINGS)


def test_the_toml_the_script_writes_is_what_the_desk_reads(tmp_path: Path) -> None:
    """Render the script's output the way its Pascal code does, then load it with the desk."""
    code = sections(ISS.read_text(encoding="utf-8"))["Code"]
    assert "'version = 1'" in code and "'locked = [' + LockedKeys + ']'" in code
    ca = tmp_path / "ProgramData" / "LAPOR Desk" / configure.CA_COPY_FILENAME
    ca.parent.mkdir(parents=True)
    import trustme

    trustme.CA().cert_pem.write_to_path(str(ca))
    literal = lambda v: "'" + v + "'"  # noqa: E731 - TomlLiteral in the script
    text = "\r\n".join(
        [
            "# Written by the LAPOR Desk installer",
            "version = 1",
            'locked = ["server_url", "ca_bundle"]',
            "",
            "[settings]",
            "server_url = " + literal("https://lapor.mimikakab.go.id"),
            "ca_bundle = " + literal(str(ca)),
            "proxy = " + literal("http://proxy.kantor:3128"),
            "",
        ]
    )
    path = ca.parent / "config.toml"
    path.write_bytes(text.encode("ascii"))
    assert tomllib.loads(text)["settings"]["ca_bundle"] == str(ca)
    s = st.Settings.load(machine_path=path, user_path=tmp_path / "none.json")
    assert s.problems == []
    assert s.get("server_url") == "https://lapor.mimikakab.go.id" and s.is_locked("ca_bundle")
    # A Windows path in a literal string keeps its backslashes (no escapes in '...').
    assert (
        tomllib.loads(r"ca_bundle = 'C:\ProgramData\LAPOR Desk\ca-bundle.pem'")["ca_bundle"]
        == r"C:\ProgramData\LAPOR Desk\ca-bundle.pem"
    )
