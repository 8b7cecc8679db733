"""The HTTPS server runner: starts the real server, verifies TLS, restarts on the same port."""

from __future__ import annotations

import ssl

import httpx
import pytest

from tests.support.servers import ServerStartError, make_tls, start_server


def test_server_answers_health_over_verified_tls(server_sqlite):
    with server_sqlite.client() as c:
        r = c.get("/api/v1/health")
    assert r.status_code == 200
    assert r.json()["status"] == "ok"
    assert server_sqlite.url == f"https://127.0.0.1:{server_sqlite.port}"
    for name in ("ca.pem", "server.pem", "server.key"):
        assert (server_sqlite.workdir / name).is_file()


def test_a_client_without_the_test_ca_is_refused(server_sqlite):
    with httpx.Client(verify=ssl.create_default_context()) as c, pytest.raises(httpx.ConnectError):
        c.get(server_sqlite.url + "/api/v1/health")


def test_kill_and_restart_keep_port_and_database(server_sqlite):
    port, db = server_sqlite.port, server_sqlite.db_url
    server_sqlite.kill()
    assert not server_sqlite.running
    with pytest.raises(httpx.ConnectError), server_sqlite.client() as c:
        c.get("/api/v1/health")
    server_sqlite.restart()
    assert (server_sqlite.port, server_sqlite.db_url) == (port, db)
    with server_sqlite.client() as c:
        assert c.get("/api/v1/health").status_code == 200
    assert server_sqlite.log().count("===== start #") == 2


def test_start_failure_reports_the_server_output(tmp_path):
    with pytest.raises(ServerStartError) as info:
        start_server("mysql://nope/x", tmp_path / "srv")
    assert "db_url" in str(info.value) or "mysql" in str(info.value)


def test_two_processes_can_share_one_certificate(tmp_path):
    tls = make_tls(tmp_path)
    db = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    with (
        start_server(db, tmp_path / "a", tls=tls) as a,
        start_server(db, tmp_path / "b", tls=tls) as b,
    ):
        assert a.port != b.port
        for srv in (a, b):
            with httpx.Client(verify=ssl.create_default_context(cafile=str(tls.ca))) as c:
                assert c.get(srv.url + "/api/v1/health").status_code == 200


def test_server_fixture_runs_on_both_databases(server):
    with server.client() as c:
        assert c.get("/api/v1/health").status_code == 200
    assert server.db_url.split(":", 1)[0] in ("sqlite", "postgresql+psycopg")


def test_admin_tasks_through_the_real_command_line(server_sqlite):
    srv = server_sqlite
    srv.cli("seed", "--reports", "0")
    key = srv.cli("issue-channel-key", "--channel", "sms").stdout.strip().splitlines()[0]
    srv.cli(
        "add-user",
        "--username",
        "siti",
        "--role",
        "koordinator",
        "--password-stdin",
        input="rahasia-siti-123\n",
    )
    token = srv.login("siti", "rahasia-siti-123")
    with srv.client(headers={"X-Api-Key": key}) as c:
        r = c.post(
            "/api/v1/intake/reports",
            json={"title": "Uji", "body": "Isi.", "classification": "pengaduan", "channel": "sms"},
        )
    assert r.status_code == 201, r.text
    with srv.client(token) as c:
        assert c.get(f"/api/v1/reports/{r.json()['id']}").status_code == 200
    failed = srv.cli("add-user", "--username", "x", "--role", "raja", check=False)
    assert failed.returncode == 2
