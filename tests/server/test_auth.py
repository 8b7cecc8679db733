"""Login, tokens and throttling (POST/GET/DELETE /api/v1/session and the bearer dependency)."""

from __future__ import annotations

import sqlalchemy as sa

from lapor_server import manage
from lapor_server.auth import token_hash
from lapor_server.models import DeviceToken, LoginAttempt
from tests.server.conftest import PASSWORD, World


def test_login_returns_token_user_and_expiry(world: World) -> None:
    r = world.login("petugas_a", device="PC Loket 2")
    assert r.status_code == 201
    body = r.json()
    assert body["user"] == {
        "username": "petugas_a",
        "display_name": "Petugas PUPR",
        "role": "petugas",
        "agency_code": "dinas_pupr",
    }
    assert len(body["token"]) >= 40
    # the token is stored only as its hash, with the device name
    with world.db.read() as s:
        row = s.scalar(sa.select(DeviceToken))
        assert row.token_hash == token_hash(body["token"])
        assert body["token"] not in row.token_hash
        assert row.device_name == "PC Loket 2"
    who = world.client.get("/api/v1/session", headers={"Authorization": f"Bearer {body['token']}"})
    assert who.status_code == 200
    assert who.json()["user"]["username"] == "petugas_a"


def test_username_is_case_insensitive(world: World) -> None:
    assert world.login("  Petugas_A ").status_code == 201


def test_wrong_password_and_unknown_user_get_the_same_answer(world: World) -> None:
    wrong = world.login("petugas_a", password="salah-sekali")
    unknown = world.login("tidak_ada", password="salah-sekali")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.headers["content-type"] == "application/problem+json"
    a, b = wrong.json(), unknown.json()
    assert a == b
    assert a["type"].endswith("/invalid-credentials")


def test_throttle_after_repeated_failures(world: World) -> None:
    for _ in range(world.settings.login_max_failures):
        assert world.login("petugas_a", password="salah").status_code == 401
    r = world.login("petugas_a")  # even the right password is refused while throttled
    assert r.status_code == 429
    retry = int(r.headers["Retry-After"])
    assert 0 < retry <= world.settings.login_window_seconds
    assert r.json()["type"].endswith("/login-throttled")
    # another username is not affected
    assert world.login("petugas_b").status_code == 201
    # once the window has passed, the right password works and the failures are forgotten
    world.clock.advance(seconds=retry + 1)
    assert world.login("petugas_a").status_code == 201
    with world.db.read() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(LoginAttempt)) == 0


def test_unknown_usernames_are_throttled_too(world: World) -> None:
    for _ in range(world.settings.login_max_failures):
        assert world.login("hantu", password="x").status_code == 401
    assert world.login("hantu", password="x").status_code == 429


def test_disabled_user_refused_and_tokens_revoked(world: World) -> None:
    token = world.token("petugas_a")
    assert manage.set_disabled(world.db, username="petugas_a", disabled=True) == 1
    r = world.client.get("/api/v1/feed", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 401
    login = world.login("petugas_a")
    assert login.status_code == 403
    assert "dinonaktifkan" in login.json()["detail"]
    # wrong password on a disabled account: still the plain 401 (nothing revealed)
    assert world.login("petugas_a", password="salah").status_code == 401
    manage.set_disabled(world.db, username="petugas_a", disabled=False)
    assert world.login("petugas_a").status_code == 201


def test_expired_token_refused(world: World) -> None:
    headers = world.headers("koor")
    assert world.client.get("/api/v1/feed", headers=headers).status_code == 200
    world.clock.advance(days=world.settings.token_ttl_days, seconds=1)
    r = world.client.get("/api/v1/feed", headers=headers)
    assert r.status_code == 401
    assert r.headers["WWW-Authenticate"] == "Bearer"
    assert "kedaluwarsa" in r.json()["detail"]


def test_logout_revokes_only_that_token(world: World) -> None:
    first = world.login("koor", device="laptop").json()["token"]
    second = world.login("koor", device="pc").json()["token"]
    r = world.client.delete("/api/v1/session", headers={"Authorization": f"Bearer {first}"})
    assert r.status_code == 204
    assert (
        world.client.get("/api/v1/feed", headers={"Authorization": f"Bearer {first}"}).status_code
        == 401
    )
    assert (
        world.client.get("/api/v1/feed", headers={"Authorization": f"Bearer {second}"}).status_code
        == 200
    )


def test_revoke_devices_of_a_user(world: World) -> None:
    a = world.login("petugas_a").json()["token"]
    b = world.login("petugas_a").json()["token"]
    other = world.token("petugas_b")
    assert manage.revoke_devices(world.db, username="petugas_a") == 2
    for t in (a, b):
        assert (
            world.client.get("/api/v1/feed", headers={"Authorization": f"Bearer {t}"}).status_code
            == 401
        )
    assert (
        world.client.get("/api/v1/feed", headers={"Authorization": f"Bearer {other}"}).status_code
        == 200
    )


def test_password_change_revokes_devices(world: World) -> None:
    token = world.token("petugas_b")
    manage.set_password(world.db, username="petugas_b", password="sandi-baru-456", profile="fast")
    assert (
        world.client.get("/api/v1/feed", headers={"Authorization": f"Bearer {token}"}).status_code
        == 401
    )
    assert world.login("petugas_b", password=PASSWORD).status_code == 401
    assert world.login("petugas_b", password="sandi-baru-456").status_code == 201


def test_missing_or_bad_token_is_a_401_problem(world: World) -> None:
    for headers in (
        {},
        {"Authorization": "Bearer nonsense"},
        {"Authorization": "Basic abc"},
        {"Authorization": "Bearer " + "x" * 500},
    ):
        r = world.client.get("/api/v1/feed", headers=headers)
        assert r.status_code == 401, headers
        assert r.headers["content-type"] == "application/problem+json"
        assert r.headers["WWW-Authenticate"] == "Bearer"


def test_every_api_endpoint_but_health_and_login_needs_a_token(world: World) -> None:
    assert world.client.get("/api/v1/health").status_code == 200
    for method, path in (
        ("GET", "/api/v1/feed"),
        ("GET", "/api/v1/reference"),
        ("POST", "/api/v1/ops"),
        ("GET", "/api/v1/session"),
        ("DELETE", "/api/v1/session"),
    ):
        assert world.client.request(method, path).status_code == 401, path


def test_login_body_validation(world: World) -> None:
    r = world.client.post("/api/v1/session", json={"username": "koor"})
    assert r.status_code == 422
    assert r.json()["type"].endswith("/validation-error")
    r = world.client.post("/api/v1/session", json={"username": ["koor"], "password": 1})
    assert r.status_code == 422
