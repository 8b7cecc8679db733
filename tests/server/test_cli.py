"""The `lapor-server` command line: admin subcommands, clear errors, serve and demo."""

from __future__ import annotations

import io
import json
import os
import signal
import ssl
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import sqlalchemy as sa

from lapor_server.cli import main
from lapor_server.db import Database
from lapor_server.models import CalendarDay, ChannelKey, User
from tests.support.servers import REPO_ROOT, free_port


def run(capsys, *argv: str, stdin: str | None = None, monkeypatch=None) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse errors
        code = exc.code if isinstance(exc.code, int) else 2
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def url(server_db_url: str) -> str:
    return server_db_url


def _users(url: str) -> dict[str, User]:
    db = Database(url)
    try:
        with db.read() as s:
            return {u.username: u for u in s.scalars(sa.select(User))}
    finally:
        db.dispose()


def test_init_db_and_admin_flow(capsys, monkeypatch, url: str) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("LAPOR_SERVER_PASSWORD_HASH_PROFILE", "fast")
    assert run(capsys, "init-db", "--db", url)[0] == 0
    code, out, _ = run(capsys, "add-agency", "--db", url, "--code", "dinas_x", "--name", "Dinas X")
    assert code == 0
    code, out, err = run(
        capsys,
        "add-user",
        "--db",
        url,
        "--username",
        "budi",
        "--role",
        "petugas",
        "--agency",
        "dinas_x",
        "--display-name",
        "Budi Kogoya",
        "--password-stdin",
        stdin="sandi-rahasia-1\n",
        monkeypatch=monkeypatch,
    )
    assert code == 0, err
    user = _users(url)["budi"]
    assert user.role == "petugas" and user.agency_code == "dinas_x"
    assert user.display_name == "Budi Kogoya"
    assert user.password_hash.startswith("$argon2id$")
    assert "sandi-rahasia-1" not in out + err

    code, out, err = run(capsys, "issue-channel-key", "--db", url, "--channel", "sms")
    assert code == 0
    key = out.strip()
    assert key.startswith("lpk_") and len(key) > 30
    db = Database(url)
    with db.read() as s:
        stored = s.scalar(sa.select(ChannelKey.key_hash))
    db.dispose()
    assert stored != key and key not in stored

    assert run(capsys, "disable-user", "--db", url, "--username", "budi")[0] == 0
    assert _users(url)["budi"].disabled
    assert run(capsys, "enable-user", "--db", url, "--username", "budi")[0] == 0
    assert run(capsys, "revoke-devices", "--db", url, "--username", "budi")[0] == 0
    code, _, _ = run(
        capsys,
        "set-password",
        "--db",
        url,
        "--username",
        "budi",
        "--password-stdin",
        stdin="sandi-baru-22\n",
        monkeypatch=monkeypatch,
    )
    assert code == 0
    assert (
        run(
            capsys,
            "add-holiday",
            "--db",
            url,
            "--date",
            "2026-12-24",
            "--name",
            "Cuti bersama Natal",
        )[0]
        == 0
    )
    db = Database(url)
    with db.read() as s:
        assert s.get(CalendarDay, __import__("datetime").date(2026, 12, 24)).working is False
    db.dispose()
    assert run(capsys, "close-expired", "--db", url)[0] == 0


@pytest.mark.parametrize(
    ("argv", "stdin", "words"),
    [
        (
            ["add-user", "--username", "x y", "--role", "koordinator", "--password-stdin"],
            "panjang-sekali\n",
            "username",
        ),
        (
            ["add-user", "--username", "ani", "--role", "petugas", "--password-stdin"],
            "panjang-sekali\n",
            "--agency",
        ),
        (
            [
                "add-user",
                "--username",
                "ani",
                "--role",
                "petugas",
                "--agency",
                "nope",
                "--password-stdin",
            ],
            "panjang-sekali\n",
            "unknown agency",
        ),
        (
            ["add-user", "--username", "ani", "--role", "koordinator", "--password-stdin"],
            "pendek\n",
            "8 characters",
        ),
        (
            ["add-user", "--username", "ani", "--role", "raja", "--password-stdin"],
            "x\n",
            "invalid choice",
        ),
        (["add-holiday", "--date", "24-12-2026", "--name", "Natal"], None, "--date"),
        (["disable-user", "--username", "siapa"], None, "no user"),
        (["add-agency", "--code", "Dinas Besar!", "--name", "X"], None, "agency code"),
        (["add-agency", "--code", "d", "--name", "D", "--contact-email", "x@"], None, "e-mail"),
        (["add-agency", "--code", "d", "--name", "D", "--contact-phone", "nol"], None, "phone"),
        (
            [
                "add-user",
                "--username",
                "ani",
                "--role",
                "koordinator",
                "--email",
                "ani@",
                "--password-stdin",
            ],
            "panjang-sekali\n",
            "e-mail",
        ),
        (["seed", "--reports", "-5"], None, "--reports"),
        (["list-channel-keys", "--channel", "nope"], None, "no channel 'nope'"),
        (["revoke-channel-key", "--key-id", "7"], None, "no channel key with id 7"),
        (["revoke-channel-key", "--key-id", "tujuh"], None, "invalid int"),
        (["revoke-channel-key", "--prefix", "lpk_abc"], None, "no channel key starts with"),
        (["revoke-channel-key", "--prefix", "  "], None, "prefix is empty"),
        (["revoke-channel-key", "--channel", "sms"], None, "add --all"),
        (["revoke-channel-key", "--prefix", "lpk_a", "--all"], None, "--all goes with --channel"),
        (["revoke-channel-key", "--key-id", "1", "--prefix", "lpk_a"], None, "not allowed with"),
        (["revoke-channel-key"], None, "one of the arguments"),
        (["revoke-channel-key", "--channel", "nope", "--all"], None, "no channel 'nope'"),
    ],
)
def test_bad_input_is_one_sentence_and_exit_code_2(
    capsys,
    monkeypatch,
    url: str,
    argv,
    stdin,
    words,
) -> None:
    code, _out, err = run(
        capsys, *argv[:1], "--db", url, *argv[1:], stdin=stdin, monkeypatch=monkeypatch
    )
    assert code == 2
    assert words in err
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("lapor-server: error:")


def _issue(capsys, url: str, channel: str) -> str:  # type: ignore[no-untyped-def]
    code, out, err = run(capsys, "issue-channel-key", "--db", url, "--channel", channel)
    assert code == 0, err
    return out.strip()


def _channel_of(url: str, key: str) -> str | None:
    """The channel intake would accept `key` for (the same check the routers make), or None."""
    from lapor_server.manage import channel_for_key

    db = Database(url)
    try:
        with db.read() as s:
            ch = channel_for_key(s, key)
            return None if ch is None else ch.name
    finally:
        db.dispose()


def _listed(capsys, url: str, *argv: str) -> list[dict]:  # type: ignore[no-untyped-def]
    code, out, err = run(capsys, "list-channel-keys", "--db", url, "--json", *argv)
    assert code == 0, err
    return json.loads(out)


def test_list_and_revoke_channel_keys(capsys, url: str) -> None:  # type: ignore[no-untyped-def]
    sms_old, sms_new, web = (_issue(capsys, url, c) for c in ("sms", "sms", "web"))

    code, out, _ = run(capsys, "list-channel-keys", "--db", url)
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0].split() == ["CHANNEL", "KEY", "ID", "PREFIX", "CREATED", "REVOKED"]
    assert [line.split()[:3] for line in lines[1:]] == [
        ["sms", "1", sms_old[:10]],
        ["sms", "2", sms_new[:10]],
        ["web", "3", web[:10]],
    ]
    assert all(line.split()[-1] == "active" for line in lines[1:])
    assert not any(k[10:] in out for k in (sms_old, sms_new, web))  # never the secret part

    listed = _listed(capsys, url, "--channel", "SMS")
    assert [(k["channel"], k["key_id"], k["prefix"]) for k in listed] == [
        ("sms", 1, sms_old[:10]),
        ("sms", 2, sms_new[:10]),
    ]
    assert all(k["active"] and k["revoked_at"] is None for k in listed)
    assert all(k["created_at"].endswith("Z") for k in listed)

    # The leaked old SMS key, by its prefix: only that key stops working.
    code, out, err = run(capsys, "revoke-channel-key", "--db", url, "--prefix", sms_old[:10])
    assert code == 0, err
    assert out.strip() == (
        f"key 1 ({sms_old[:10]}, channel sms) revoked; intake and Open311 refuse it from now on"
    )
    assert err == ""  # sms still has a working key: no warning
    assert _channel_of(url, sms_old) is None
    assert _channel_of(url, sms_new) == "sms"
    assert _channel_of(url, web) == "web"
    by_id = {k["key_id"]: k for k in _listed(capsys, url)}
    assert by_id[1]["revoked_at"] and not by_id[1]["active"]
    assert by_id[2]["revoked_at"] is None and by_id[2]["active"]
    revoked_at = by_id[1]["revoked_at"]

    # Again, by id this time: not an error, and the first revocation time stays.
    code, out, err = run(capsys, "revoke-channel-key", "--db", url, "--key-id", "1")
    assert code == 0, err
    assert "already revoked" in out and revoked_at in out and "nothing changed" in out
    assert {k["key_id"]: k for k in _listed(capsys, url)}[1]["revoked_at"] == revoked_at
    code, out, _ = run(capsys, "list-channel-keys", "--db", url, "--channel", "sms")
    assert out.strip().splitlines()[1].split()[-1] == revoked_at

    # Every key of a channel: said per key, and a warning that the channel is now cut off.
    code, out, err = run(capsys, "revoke-channel-key", "--db", url, "--channel", "sms", "--all")
    assert code == 0, err
    assert f"key 2 ({sms_new[:10]}, channel sms) revoked" in out
    assert f"key 1 ({sms_old[:10]}, channel sms) was already revoked" in out
    assert "sms has no active key now" in err and "issue-channel-key --channel sms" in err
    assert _channel_of(url, sms_new) is None
    assert _channel_of(url, web) == "web"
    assert [k["active"] for k in _listed(capsys, url)] == [False, False, True]

    # A new key for the channel works again; the old ones stay revoked.
    sms_newest = _issue(capsys, url, "sms")
    assert _channel_of(url, sms_newest) == "sms"
    assert _channel_of(url, sms_old) is None and _channel_of(url, sms_new) is None


def test_revoke_refuses_an_ambiguous_prefix(capsys, url: str) -> None:  # type: ignore[no-untyped-def]
    keys = [_issue(capsys, url, "web") for _ in range(2)]
    code, out, err = run(capsys, "revoke-channel-key", "--db", url, "--prefix", "lpk_")
    assert code == 2 and out == ""
    assert "matches 2 keys (ids 1, 2)" in err and "--key-id" in err
    assert err.strip().splitlines()[-1].startswith("lapor-server: error:")
    assert all(_channel_of(url, k) == "web" for k in keys)  # nothing revoked
    # A whole key is not a prefix (and is not echoed back).
    code, _, err = run(capsys, "revoke-channel-key", "--db", url, "--prefix", keys[0])
    assert code == 2 and "at most 10 characters" in err and keys[0] not in err
    assert _channel_of(url, keys[0]) == "web"


def test_list_channel_keys_without_keys(capsys, url: str) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "list-channel-keys", "--db", url)
    assert code == 0 and "no channel key yet" in out
    assert _listed(capsys, url) == []


def test_contacts_through_the_cli(capsys, monkeypatch, url: str) -> None:  # type: ignore[no-untyped-def]
    """`add-user --email`, `add-agency --contact-*` (issue 15): saved, kept on rename, '' clears."""
    from lapor_server.models import Agency

    monkeypatch.setenv("LAPOR_SERVER_PASSWORD_HASH_PROFILE", "fast")
    argv = ["add-agency", "--db", url, "--code", "dinas_x", "--name", "Dinas X"]
    contact = ["--contact-name", "Maria", "--contact-email", "m@x.example.org"]
    assert run(capsys, *argv, *contact, "--contact-phone", "0901 1234")[0] == 0
    assert run(capsys, *argv[:-1], "Dinas X Baru", "--contact-phone", "")[:2] == (
        0,
        "agency dinas_x saved\n",
    )
    code, out, _ = run(
        capsys,
        *("add-user", "--db", url, "--username", "ani", "--role", "koordinator"),
        *("--email", "Ani@X.Example.ORG", "--password-stdin"),
        stdin="panjang-sekali\n",
        monkeypatch=monkeypatch,
    )
    assert (code, out) == (0, "user ani created\n")
    assert _users(url)["ani"].email == "Ani@x.example.org"
    db = Database(url)
    with db.read() as s:
        agency = s.get(Agency, "dinas_x")
        assert (agency.name, agency.contact_name, agency.contact_email, agency.contact_phone) == (
            "Dinas X Baru",
            "Maria",
            "m@x.example.org",
            None,
        )
    db.dispose()


def test_duplicate_user_is_refused(capsys, monkeypatch, url: str) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("LAPOR_SERVER_PASSWORD_HASH_PROFILE", "fast")
    args = [
        "add-user",
        "--db",
        url,
        "--username",
        "ani",
        "--role",
        "koordinator",
        "--password-stdin",
    ]
    assert run(capsys, *args, stdin="sandi-yang-baik\n", monkeypatch=monkeypatch)[0] == 0
    code, _, err = run(capsys, *args, stdin="sandi-yang-baik\n", monkeypatch=monkeypatch)
    assert code == 2 and "already exists" in err


def test_unreachable_database_is_a_clear_error(capsys) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(
        capsys, "init-db", "--db", f"postgresql://nobody:pw@127.0.0.1:{free_port()}/lapor"
    )
    assert code == 2
    assert "cannot prepare the database" in err and "pw@" not in err


def test_serve_needs_cert_and_key(capsys, url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(capsys, "serve", "--db", url, "--port", "1")
    assert code == 2 and "--cert" in err
    code, _, err = run(
        capsys,
        "serve",
        "--db",
        url,
        "--cert",
        str(tmp_path / "nope.pem"),
        "--key",
        str(tmp_path / "nope.key"),
    )
    assert code == 2 and "not found" in err


def test_seed_through_the_cli(capsys, url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    files = tmp_path / "lampiran"
    code, out, _ = run(
        capsys, "seed", "--db", url, "--reports", "25", "--attachments-dir", str(files)
    )
    assert code == 0 and "25 reports" in out
    db = Database(url)
    with db.read() as s:
        from lapor_server.models import Attachment, Report

        assert s.scalar(sa.select(sa.func.count()).select_from(Report)) == 25
        stored = s.scalars(sa.select(Attachment.storage_path)).all()
    db.dispose()
    assert stored and all((files / p).is_file() for p in stored)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO_ROOT)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _wait_line(proc: subprocess.Popen, needle: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            if proc.poll() is not None:
                break
            continue
        seen.append(line)
        if needle in line:
            return line
    raise AssertionError(f"'{needle}' not printed; output so far:\n{''.join(seen)}")


def test_demo_creates_reuses_and_serves_https(tmp_path: Path) -> None:
    demo_dir = tmp_path / "demo"
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "lapor_server",
        "demo",
        "--dir",
        str(demo_dir),
        "--port",
        str(port),
        "--reports",
        "40",
    ]
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=_env(), cwd=tmp_path
    )
    try:
        akai = _wait_line(proc, "Akai Meno")  # the citizens' web channel, for a newcomer
        assert f"https://127.0.0.1:{port}/ " in akai and "/publik" in akai
        line = _wait_line(proc, "LAPOR server listening on")
        assert line.strip() == f"LAPOR server listening on https://127.0.0.1:{port}"
        accounts_file = demo_dir / "demo-accounts.json"
        assert stat.S_IMODE(accounts_file.stat().st_mode) == 0o600
        data = json.loads(accounts_file.read_text())
        roles = [a["role"] for a in data["accounts"]]
        assert {"koordinator", "pimpinan", "admin"} <= set(roles)
        agencies = {a["agency_code"] for a in data["accounts"] if a["role"] == "petugas"}
        assert len(agencies) >= 5
        assert data["intake_api_key"]
        ctx = ssl.create_default_context(cafile=str(demo_dir / "ca.pem"))
        officer = next(a for a in data["accounts"] if a["role"] == "petugas")
        for host in ("localhost", "127.0.0.1"):  # full verification on both names
            req = urllib.request.Request(
                f"https://{host}:{port}/api/v1/session",
                method="POST",
                data=json.dumps(
                    {
                        "username": officer["username"],
                        "password": officer["password"],
                        "device_name": "uji",
                    }
                ).encode(),
                headers={"content-type": "application/json"},
            )
            with urllib.request.urlopen(req, context=ctx, timeout=10) as resp:
                assert resp.status == 201
                token = json.loads(resp.read())["token"]
        req = urllib.request.Request(
            f"https://localhost:{port}/api/v1/feed", headers={"Authorization": f"Bearer {token}"}
        )
        with urllib.request.urlopen(req, context=ctx, timeout=10) as resp:
            page = json.loads(resp.read())
        assert all(
            i["report"]["agency_code"] == officer["agency_code"]
            for i in page["items"]
            if i["type"] == "report"
        )
        for path in ("/", "/publik"):  # the printed address serves the pages
            with urllib.request.urlopen(
                f"https://127.0.0.1:{port}{path}", context=ctx, timeout=10
            ) as resp:
                assert resp.status == 200 and b"Akai Meno" in resp.read()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    # again on the same directory: everything reused, passwords unchanged
    before = accounts_file.read_bytes()
    ca_before = (demo_dir / "ca.pem").read_bytes()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=_env(), cwd=tmp_path
    )
    try:
        _wait_line(proc, "LAPOR server listening on")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert accounts_file.read_bytes() == before
    assert (demo_dir / "ca.pem").read_bytes() == ca_before
    db = Database(f"sqlite:///{demo_dir / 'lapor.sqlite3'}")
    with db.read() as s:
        from lapor_server.models import Report

        assert s.scalar(sa.select(sa.func.count()).select_from(Report)) == 40
    db.dispose()
