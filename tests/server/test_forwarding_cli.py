"""`lapor-server partners …` (docs/forwarding.md): add, list, update, remove, retry with `--json`;
the partner's channel key is read from a file, the environment or stdin and never printed again;
bad input is one sentence and exit code 2."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest

from lapor_server.db import Database
from lapor_server.forwarding.tables import Forward
from lapor_server.reports import create_report, load_calendar
from tests.server.test_cli import run

KEY = "lpk_kunci-mitra-rahasia-7781"


@pytest.fixture
def url(server_db_url: str) -> str:
    return server_db_url


def _list(capsys, url):
    code, out, _ = run(capsys, "partners", "list", "--db", url, "--json")
    assert code == 0
    return {p["code"]: p for p in json.loads(out)}


def test_partners_add_list_update_remove(capsys, monkeypatch, url, tmp_path):
    code, out, err = run(
        capsys, "partners", "add", "--db", url, "--code", "bpjn_papua", "--name",
        "Balai Pelaksanaan Jalan Nasional Papua", "--kind", "kementerian", "--json",
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out) == {"code": "bpjn_papua", "result": "added"}
    key_file = tmp_path / "key.txt"
    key_file.write_text(KEY + "\n")
    code, out, err = run(
        capsys, "partners", "add", "--db", url, "--code", "pemprov_papua_tengah", "--name",
        "Pemerintah Provinsi Papua Tengah", "--kind", "provinsi", "--lapor", "--base-url",
        "https://lapor.papuatengah.example/", "--channel-key-file", str(key_file),
    )  # fmt: skip
    assert code == 0, err
    listed = _list(capsys, url)
    prov = listed["pemprov_papua_tengah"]
    assert prov["runs_lapor"] and prov["has_channel_key"] and prov["active"]
    assert prov["base_url"] == "https://lapor.papuatengah.example"
    assert not listed["bpjn_papua"]["runs_lapor"] and not listed["bpjn_papua"]["has_channel_key"]
    code, table, _ = run(capsys, "partners", "list", "--db", url)
    assert "pemprov_papua_tengah" in table
    assert KEY not in table and KEY not in json.dumps(listed)

    # a new key from the environment, the name changed
    monkeypatch.setenv("MITRA_KEY", "lpk_baru-9911")
    code, out, err = run(
        capsys, "partners", "update", "--db", url, "--code", "pemprov_papua_tengah",
        "--name", "Pemprov Papua Tengah", "--channel-key-env", "MITRA_KEY", "--json",
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["result"] == "updated"
    assert "lpk_baru" not in out
    assert _list(capsys, url)["pemprov_papua_tengah"]["name"] == "Pemprov Papua Tengah"

    # a partner nobody forwarded to is removed; one with forwards is deactivated
    code, out, _ = run(capsys, "partners", "remove", "--db", url, "--code", "bpjn_papua", "--json")
    assert code == 0 and json.loads(out)["result"] == "removed"
    _forward_to(url, "pemprov_papua_tengah")
    code, out, _ = run(
        capsys, "partners", "remove", "--db", url, "--code", "pemprov_papua_tengah", "--json"
    )
    assert code == 0 and json.loads(out)["result"] == "deactivated"
    assert not _list(capsys, url)["pemprov_papua_tengah"]["active"]


def test_the_key_comes_from_stdin_and_failed_forwards_can_be_retried(capsys, monkeypatch, url):
    code, _, err = run(
        capsys, "partners", "add", "--db", url, "--code", "pemkab_nabire", "--name",
        "Pemerintah Kabupaten Nabire", "--kind", "kabupaten", "--lapor", "--base-url",
        "https://lapor.nabire.example", "--channel-key-stdin",
        stdin=KEY + "\n", monkeypatch=monkeypatch,
    )  # fmt: skip
    assert code == 0, err
    _forward_to(url, "pemkab_nabire", state="failed")
    code, out, _ = run(
        capsys, "partners", "retry", "--db", url, "--code", "pemkab_nabire", "--json"
    )
    assert code == 0 and json.loads(out)["retried"] == 1
    assert _list(capsys, url)["pemkab_nabire"]["pending"] == 1


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--kind", "provinsi", "--lapor"], "needs --base-url"),
        (["--kind", "provinsi", "--lapor", "--base-url", "http://x.example"], "https"),
        (["--kind", "provinsi", "--base-url", "https://u:p@x.example"], "credentials"),
        (["--kind", "provinsi", "--ca-file", "/nonexistent/ca.pem"], "cannot be read"),
        (["--kind", "provinsi", "--channel-key-env", "TIDAK_ADA_VARIABEL"], "not set"),
    ],
)
def test_bad_input_is_one_sentence_and_exit_code_2(capsys, url, args, words):
    code, _, err = run(capsys, "partners", "add", "--db", url, "--code", "x", "--name", "X", *args)
    assert code == 2 and words in err and "Traceback" not in err
    assert _list(capsys, url) == {}


def test_bad_codes_kinds_and_duplicates_are_refused(capsys, url):
    base = ["partners", "add", "--db", url, "--name", "X"]
    assert run(capsys, *base, "--code", "Bukan Kode!", "--kind", "provinsi")[0] == 2
    assert run(capsys, *base, "--code", "x", "--kind", "planet")[0] == 2
    assert run(capsys, *base, "--code", "x", "--kind", "provinsi")[0] == 0
    code, _, err = run(capsys, *base, "--code", "x", "--kind", "provinsi")
    assert code == 2 and "exists already" in err
    code, _, err = run(capsys, "partners", "update", "--db", url, "--code", "nope", "--name", "Y")
    assert code == 2 and "no partner" in err


def _forward_to(url: str, code: str, state: str = "manual") -> None:
    import sqlalchemy as sa

    from lapor_server.forwarding.tables import Partner
    from lapor_server.reference import seed_reference

    db = Database(url, pool_size=1)
    now = datetime.now(UTC)
    try:
        with db.write() as s:
            seed_reference(s)
            report = create_report(
                s,
                title="Jalan rusak",
                body="Jalan provinsi rusak.",
                classification="pengaduan",
                channel="web",
                submitted_at=now,
                now=now,
                calendar=load_calendar(s),
            )
            pid = s.scalar(sa.select(Partner.id).where(Partner.code == code))
            s.add(
                Forward(
                    report_id=report.id,
                    partner_id=pid,
                    reason="uji",
                    op_id=str(uuid.uuid4()),
                    external_id=f"lapor-forward-{report.id}",
                    state=state,
                    attempts=3,
                    forwarded_at=now,
                )
            )
    finally:
        db.dispose()
