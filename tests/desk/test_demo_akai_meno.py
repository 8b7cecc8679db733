"""`make demo` tells a newcomer where Akai Meno is and how to watch a report arrive on the desk."""

from __future__ import annotations

import json
from pathlib import Path

from lapor_desk.cli.parser import build_parser
from lapor_desk.demo import DemoServer, akai_meno_lines


def _server(tmp_path: Path, role: str = "petugas") -> DemoServer:
    accounts = [
        {"username": "koordinator", "password": "x", "role": "koordinator", "agency_code": None},
        {"username": "petugas.dinkes", "password": "y", "role": "petugas", "agency_code": "dinkes"},
    ]
    (tmp_path / "demo-accounts.json").write_text(json.dumps({"accounts": accounts}))
    return DemoServer("https://127.0.0.1:8443", tmp_path / "ca.pem", tmp_path, 1, False, role)


def test_the_demo_prints_the_akai_meno_address_and_the_way_to_see_reports_arrive(tmp_path):
    officer = _server(tmp_path)
    lines = "\n".join(akai_meno_lines(officer))
    assert "Akai Meno" in lines and "https://127.0.0.1:8443/ " in lines
    assert "https://127.0.0.1:8443/publik" in lines and str(tmp_path / "ca.pem") in lines
    assert "--demo-role koordinator" in lines  # an officer sees it only after screening
    assert officer.officer()["username"] == "petugas.dinkes"

    coordinator = _server(tmp_path, "koordinator")
    assert coordinator.officer()["username"] == "koordinator"
    assert "Penyaringan" in "\n".join(akai_meno_lines(coordinator))


def test_demo_role_is_a_flag_of_the_desk():
    args = build_parser().parse_args(["--demo", "--demo-role", "koordinator"])
    assert args.demo and args.demo_role == "koordinator"
    assert build_parser().parse_args(["--demo"]).demo_role is None
