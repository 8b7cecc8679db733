"""`lapor-desk --self-test` from the source tree (the frozen desk's run is in test_bundle.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from lapor_desk.deploy import configure, selftest

REPO = Path(__file__).resolve().parents[2]


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "lapor_desk", *args],
        env={**os.environ, **env, "QT_QPA_PLATFORM": "offscreen"},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_checks_without_qt_pass_on_a_configured_machine(isolated_config: Path, ca_file: Path):
    configure.configure_machine(server="https://lapor.mimikakab.go.id", ca=str(ca_file), lock=[])
    checks = {c.name: c for c in selftest.run_checks(qt=False)}
    assert set(checks) == {"store", "reference", "settings", "tls", "keyring"}
    for name in ("store", "reference", "settings", "tls"):
        assert checks[name].status == selftest.OK, checks[name]
    assert "ca-bundle.pem" in checks["tls"].detail
    assert "18 distrik" in checks["reference"].detail
    assert checks["keyring"].status in (selftest.OK, selftest.WARN)  # never a failure
    assert selftest.exit_code(list(checks.values())) == 0


def test_a_failing_check_names_itself_and_fails_the_run(isolated_config: Path) -> None:
    isolated_config.parent.mkdir(parents=True)
    isolated_config.write_text('version = 1\nlocked = ["no_such_key"]\n')
    checks = selftest.run_checks(qt=False)
    report = selftest.format_report(checks)
    assert selftest.exit_code(checks) == 1
    assert "GAGAL/FAILED" in report and "no_such_key" in report
    assert report.splitlines()[-1] == "self-test: GAGAL/FAILED (settings)"


def test_cli_self_test_with_qt_offscreen(isolated_config: Path, tmp_path: Path) -> None:
    env = {
        "LAPOR_DESK_MACHINE_CONFIG": str(isolated_config),
        "LAPOR_DESK_CONFIG_DIR": str(tmp_path / "user-config"),
        "LAPOR_DESK_DATA_DIR": str(tmp_path / "data"),
    }
    result = run_cli("--self-test", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    qt_line = next(line for line in result.stdout.splitlines() if " qt " in line)
    assert qt_line.startswith("[OK]") and "lapor" in qt_line
    assert not list((tmp_path / "data").rglob("*.sqlite3"))  # the store was a temporary one
