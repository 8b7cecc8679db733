"""The admin API and admin ops (issue 15): who may read what, changes as exactly-once ops with
versions and reason codes, one-time secrets fetched once, and the audit log of it all."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from lapor_server import manage
from lapor_server.admin.tables import AuditEntry, PendingSecret
from lapor_server.models import User
from tests.server.conftest import AGENCY_A, World, make_op


def admin_op(
    kind: str,
    target: str,
    payload: dict[str, Any] | None = None,
    base_version: int | None = None,
    op_id: str | None = None,
) -> dict[str, Any]:
    return make_op(kind, target, payload or {}, base_version=base_version, op_id=op_id)


def audit_kinds(w: World, **filters: Any) -> list[tuple[str, str | None, str]]:
    r = w.get("admin", "/api/v1/admin/audit", params=filters)
    assert r.status_code == 200, r.text
    return [(e["kind"], e["subject"], e["outcome"]) for e in r.json()["entries"]]


def create(w: World, username: str, role: str = "petugas", agency: str | None = AGENCY_A,
           by: str = "admin") -> tuple[dict[str, Any], str]:  # fmt: skip
    op = admin_op(
        "account_create",
        f"account:{username}",
        {"display_name": username.title(), "role": role, "agency_code": agency,
         "email": f"{username}@example.org"},
    )  # fmt: skip
    return w.op1(by, op), op["op_id"]


# --- scope ---------------------------------------------------------------------------------------

READ_PATHS = {
    "/api/v1/admin/accounts": {"admin": 200, "koor": 200},
    "/api/v1/admin/accounts/petugas_a/devices": {"admin": 200, "koor": 200},
    "/api/v1/admin/accounts/admin/devices": {"admin": 200, "koor": 404},
    "/api/v1/admin/agencies": {"admin": 200, "koor": 200},
    "/api/v1/admin/categories": {"admin": 200, "koor": 200},
    "/api/v1/admin/calendar": {"admin": 200, "koor": 200},
    "/api/v1/admin/channels": {"admin": 200, "koor": 403},
    "/api/v1/admin/deliveries": {"admin": 200, "koor": 403},
    "/api/v1/admin/audit": {"admin": 200, "koor": 200},
    "/api/v1/admin/audit.csv": {"admin": 200, "koor": 200},
    f"/api/v1/admin/secrets/{uuid.uuid4()}": {"admin": 404, "koor": 403},
}


@pytest.mark.parametrize("path", sorted(READ_PATHS))
def test_every_admin_endpoint_answers_by_role(world: World, path: str) -> None:
    w = world
    w.add_user("mati", "admin")
    w.add_user("dicabut", "admin")
    disabled = w.headers("mati")
    revoked = w.headers("dicabut")
    manage.set_disabled(w.db, username="mati", disabled=True)
    manage.revoke_devices(w.db, username="dicabut")
    for who in ("petugas_a", "pimpinan", "koor", "admin"):
        expected = READ_PATHS[path].get(who, 403)
        r = w.get(who, path)
        assert r.status_code == expected, (who, path, r.text)
        if expected == 403:
            assert r.json()["reason"] == "forbidden" or r.json()["status"] == 403
    for headers in ({}, disabled, revoked, {"Authorization": "Bearer nope"}):
        assert w.client.get(path, headers=headers).status_code == 401


def test_a_koordinator_reads_only_opd_officers(world: World) -> None:
    seen = {a["username"] for a in world.get("koor", "/api/v1/admin/accounts").json()["accounts"]}
    assert seen == {"petugas_a", "petugas_b"}
    everyone = world.get("admin", "/api/v1/admin/accounts").json()["accounts"]
    assert {"admin", "koor", "pimpinan", "petugas_a"} <= {a["username"] for a in everyone}
    found = world.get("admin", "/api/v1/admin/accounts", params={"search": "dinkes"}).json()
    assert [a["username"] for a in found["accounts"]] == ["petugas_b"]


@pytest.mark.parametrize(
    ("who", "kind", "target", "payload", "reason"),
    [
        ("petugas_a", "account_create", "account:baru",
         {"display_name": "Baru", "role": "admin"}, "role"),
        ("pimpinan", "device_revoke", "account:petugas_a", {"device_id": 1}, "role"),
        ("koor", "account_update", "account:petugas_a", {"disabled": True}, "role"),
        ("koor", "account_reset_password", "account:petugas_a", {}, "role"),
        ("koor", "channel_key_create", "channel:sms", {}, "role"),
        ("koor", "calendar_day_save", "calendar:2026-12-24", {"name": "Natal"}, "role"),
        ("koor", "agency_save", "agency:dinas_pupr", {"name": "Nama Baru"}, "role"),
        ("koor", "device_revoke", "account:admin", {"device_id": 1}, "not_found"),
        ("admin", "account_create", "account:Budi Besar",
         {"display_name": "B", "role": "admin"}, "payload"),
        ("admin", "account_update", "account:petugas_a", {"email": "bukan-alamat"}, "payload"),
        ("admin", "account_update", "account:petugas_a", {"role": "raja"}, "payload"),
        ("admin", "account_update", "account:petugas_a", {"password": "x"}, "payload"),
        ("admin", "account_update", "account:admin", {"disabled": True}, "self"),
        ("admin", "account_create", "account:baru",
         {"display_name": "Baru", "role": "petugas", "agency_code": "tidak_ada"}, "not_found"),
        ("admin", "account_create", "account:koor",
         {"display_name": "Dua", "role": "koordinator"}, "exists"),
        ("admin", "account_update", "account:siapa", {"disabled": True}, "not_found"),
        ("admin", "agency_save", "agency:dinas_pupr", {"contact_phone": "telepon"}, "payload"),
    ],
)  # fmt: skip
def test_refused_admin_ops_change_nothing_and_say_why(
    world: World, who: str, kind: str, target: str, payload: dict, reason: str
) -> None:
    world.token(who)  # signed in first: the sign-in is audited, the refused op is not
    before_users = _users(world)
    before_audit = _audit_count(world)
    res = world.op1(who, admin_op(kind, target, payload))
    assert (res["outcome"], res["reason"]) == ("rejected", reason), res
    assert res["detail"]
    assert _users(world) == before_users
    assert _audit_count(world) == before_audit


def _users(w: World) -> list[tuple]:
    with w.db.read() as s:
        return [tuple(r) for r in s.execute(
            sa.select(User.username, User.role, User.agency_code, User.disabled, User.email,
                      User.version, User.password_hash).order_by(User.id))]  # fmt: skip


def _audit_count(w: World) -> int:
    with w.db.read() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) or 0


# --- accounts ------------------------------------------------------------------------------------


def test_create_an_account_fetch_its_password_once_and_sign_in(world: World) -> None:
    w = world
    res, op_id = create(w, "budi.baru")
    assert (res["outcome"], res["report_version"]) == ("applied", 1)
    with w.db.read() as s:
        sealed = bytes(s.get(PendingSecret, op_id).ciphertext)
    # exactly once: the same op again is a duplicate, still one account and one secret
    again = w.op1("admin", admin_op("account_create", "account:budi.baru",
                                    {"display_name": "Budi.Baru", "role": "petugas",
                                     "agency_code": AGENCY_A, "email": "budi.baru@example.org"},
                                    op_id=op_id))  # fmt: skip
    assert again["outcome"] == "duplicate"
    # another device of the same admin cannot read it
    other = w.login("admin", device="laptop lain").json()["token"]
    r = w.client.get(f"/api/v1/admin/secrets/{op_id}",
                     headers={"Authorization": f"Bearer {other}"})  # fmt: skip
    assert r.status_code == 404
    r = w.get("admin", f"/api/v1/admin/secrets/{op_id}")
    assert r.status_code == 200, r.text
    password = r.json()["secret"]
    assert len(password) == 19 and password.encode() not in sealed  # kept sealed, not in clear
    assert (r.json()["kind"], r.json()["subject"]) == ("password", "budi.baru")
    assert w.get("admin", f"/api/v1/admin/secrets/{op_id}").status_code == 404  # once
    signed = w.client.post("/api/v1/session", json={"username": "budi.baru", "password": password,
                                                     "device_name": "PC PUPR 3"},
                           headers={"User-Agent": "lapor-desk/0.9.1"})  # fmt: skip
    assert signed.status_code == 201, signed.text
    devices = w.get("admin", "/api/v1/admin/accounts/budi.baru/devices").json()["devices"]
    assert [(d["name"], d["desk_version"], d["revoked_at"]) for d in devices] == [
        ("PC PUPR 3", "0.9.1", None)
    ]
    kinds = audit_kinds(w, account="budi.baru")
    assert [k for k, _, _ in kinds] == ["device_registered", "sign_in", "account_created"]
    fetched = audit_kinds(w, kind="secret_fetched")
    assert fetched == [("secret_fetched", "budi.baru", "ok")]
    with w.db.read() as s:
        assert s.get(PendingSecret, op_id) is None
        dump = " ".join(str(v) for e in s.scalars(sa.select(AuditEntry)) for v in e.detail.values())
    assert password not in dump


def test_two_admins_editing_one_account_conflict_instead_of_overwriting(world: World) -> None:
    w = world
    w.add_user("admin2", "admin")
    version = next(a["version"] for a in w.get("admin", "/api/v1/admin/accounts").json()["accounts"]
                   if a["username"] == "petugas_a")  # fmt: skip
    first = w.op1(
        "admin",
        admin_op(
            "account_update",
            "account:petugas_a",
            {"display_name": "Nama Pertama"},
            base_version=version,
        ),
    )
    second = w.op1(
        "admin2",
        admin_op(
            "account_update",
            "account:petugas_a",
            {"display_name": "Nama Kedua"},
            base_version=version,
        ),
    )
    assert first["outcome"] == "applied" and first["report_version"] == version + 1
    assert (second["outcome"], second["reason"], second["report_version"]) == (
        "conflict",
        "version",
        version + 1,
    )
    assert "diubah orang lain" in second["detail"]
    with w.db.read() as s:
        assert s.scalar(sa.select(User.display_name).where(User.username == "petugas_a")) == (
            "Nama Pertama"
        )
    # seen the new version, the second admin's change goes through
    third = w.op1(
        "admin2",
        admin_op(
            "account_update",
            "account:petugas_a",
            {"display_name": "Nama Kedua"},
            base_version=version + 1,
        ),
    )
    assert third["outcome"] == "applied"
    changed = [
        e
        for e in w.get("admin", "/api/v1/admin/audit", params={"kind": "account_changed"}).json()[
            "entries"
        ]
    ]
    assert [e["actor"] for e in changed] == ["admin2", "admin"]
    assert {e["device"] for e in changed} == {"uji"}  # the sending desk's device name
    assert changed[0]["detail"] == {"display_name": "Nama Pertama → Nama Kedua"}


def test_disable_role_change_and_reset_sign_the_devices_out(world: World) -> None:
    w = world
    w.token("petugas_a")
    res = w.op1("admin", admin_op("account_update", "account:petugas_a", {"disabled": True}))
    assert res["outcome"] == "applied"
    assert w.get("petugas_a", "/api/v1/session").status_code == 401
    assert w.login("petugas_a").status_code == 403
    w.op1("admin", admin_op("account_update", "account:petugas_a", {"disabled": False}))
    w.tokens.pop("petugas_a")
    assert w.get("petugas_a", "/api/v1/session").status_code == 200
    res = w.op1("admin", admin_op("account_update", "account:petugas_a",
                                  {"role": "koordinator"}))  # fmt: skip
    assert res["outcome"] == "applied"
    assert w.get("petugas_a", "/api/v1/session").status_code == 401
    with w.db.read() as s:
        assert s.execute(
            sa.select(User.role, User.agency_code).where(User.username == "petugas_a")
        ).one() == ("koordinator", None)
    res = w.op1("admin", admin_op("account_reset_password", "account:petugas_b"))
    assert res["outcome"] == "applied"
    assert w.login("petugas_b").status_code == 401  # the old password is gone
    kinds = [k for k, _, _ in audit_kinds(w, account="petugas_a")]
    assert kinds.count("device_revoked") == 2 and "sign_in_failed" in kinds


def test_a_koordinator_revokes_an_officers_device(world: World) -> None:
    w = world
    w.token("petugas_a")
    devices = w.get("koor", "/api/v1/admin/accounts/petugas_a/devices").json()["devices"]
    res = w.op1("koor", admin_op("device_revoke", "account:petugas_a",
                                 {"device_id": devices[0]["id"]}))  # fmt: skip
    assert res["outcome"] == "applied", res
    assert w.get("petugas_a", "/api/v1/session").status_code == 401
    entries = w.get("koor", "/api/v1/admin/audit").json()["entries"]
    assert ("device_revoked", "koor", "petugas_a") in {
        (e["kind"], e["actor"], e["subject"]) for e in entries
    }
    # the koordinator's log holds officers' entries and its own, nothing of the admin
    assert all(e["subject"] != "admin" for e in entries)


def test_the_last_admin_stays_and_the_cli_is_audited_too(world: World) -> None:
    w = world
    w.add_user("admin2", "admin")
    res = w.op1("admin2", admin_op("account_update", "account:admin", {"disabled": True}))
    assert res["outcome"] == "applied"
    res = w.op1("admin2", admin_op("account_update", "account:admin2", {"role": "pimpinan"}))
    assert (res["outcome"], res["reason"]) == ("rejected", "self")
    manage.set_disabled(w.db, username="admin", disabled=False)
    w.tokens.pop("admin", None)
    res = w.op1("admin", admin_op("account_update", "account:admin2", {"disabled": True}))
    assert res["outcome"] == "applied"
    w.tokens.pop("admin2", None)
    r = w.op1("admin", admin_op("account_update", "account:admin", {"role": "pimpinan"}))
    assert (r["outcome"], r["reason"]) == ("rejected", "self")
    cli = [e for e in w.get("admin", "/api/v1/admin/audit").json()["entries"]
           if e["actor"] == "lapor-server"]  # fmt: skip
    assert {e["kind"] for e in cli} >= {"account_created", "account_changed"}


# --- reference, calendar, channels ---------------------------------------------------------------


def test_opd_contact_category_and_calendar_through_ops(world: World) -> None:
    w = world
    agencies = {a["code"]: a for a in w.get("koor", "/api/v1/admin/agencies").json()["agencies"]}
    v = agencies[AGENCY_A]["version"]
    res = w.op1("koor", admin_op("agency_save", f"agency:{AGENCY_A}",
                                 {"contact_name": "Maria Beanal", "contact_email":
                                  "maria@pupr.example.org", "contact_phone": "0901 321 456"},
                                 base_version=v))  # fmt: skip
    assert res["outcome"] == "applied" and res["report_version"] == v + 1
    stale = w.op1("admin", admin_op("agency_save", f"agency:{AGENCY_A}", {"name": "PUPR Baru"},
                                    base_version=v))  # fmt: skip
    assert (stale["outcome"], stale["reason"]) == ("conflict", "version")
    res = w.op1("admin", admin_op("agency_save", "agency:dinas_baru", {"name": "Dinas Baru"}))
    assert res["outcome"] == "applied"
    res = w.op1(
        "admin",
        admin_op(
            "category_save",
            "category:jalan_rusak_baru",
            {"name": "Jalan rusak", "default_agency_code": "dinas_baru"},
        ),
    )
    assert res["outcome"] == "applied"
    ref = w.get("petugas_a", "/api/v1/reference").json()
    assert "Dinas Baru" in {a["name"] for a in ref["agencies"]}
    assert {"code": "jalan_rusak_baru", "default": "dinas_baru"} in [
        {"code": c["code"], "default": c["default_agency"]} for c in ref["categories"]
    ]
    # a calendar day moves open deadlines (the recompute of issue 11), and goes again
    rid = w.report("dispatched")
    before = w.snapshot("petugas_a", rid)["deadlines"]["respond_by"]
    day = (w.clock() + timedelta(days=1)).date().isoformat()
    res = w.op1("admin", admin_op("calendar_day_save", f"calendar:{day}", {"name": "Libur daerah"}))
    assert res["outcome"] == "applied"
    moved = w.snapshot("petugas_a", rid)["deadlines"]["respond_by"]
    assert moved > before
    assert w.get("koor", "/api/v1/admin/calendar").json()["days"] == [
        {"date": day, "name": "Libur daerah", "working": False}
    ]
    res = w.op1("admin", admin_op("calendar_day_remove", f"calendar:{day}"))
    assert res["outcome"] == "applied"
    assert w.snapshot("petugas_a", rid)["deadlines"]["respond_by"] == before
    kinds = [k for k, _, _ in audit_kinds(w)]
    assert kinds.count("calendar_changed") == 2 and "agency_saved" in kinds


def test_channel_keys_and_webhook_secrets_are_shown_once(world: World) -> None:
    w = world
    res = w.op1("admin", (op := admin_op("channel_key_create", "channel:sms")))
    assert res["outcome"] == "applied"
    key = w.get("admin", f"/api/v1/admin/secrets/{op['op_id']}").json()["secret"]
    assert key.startswith("lpk_")
    chans = {c["name"]: c for c in w.get("admin", "/api/v1/admin/channels").json()["channels"]}
    (listed,) = chans["sms"]["keys"]
    assert listed["prefix"] == key[:10] and key not in str(chans)
    res = w.op1("admin", admin_op("channel_key_revoke", "channel:sms", {"key_id": listed["id"]}))
    assert res["outcome"] == "applied"
    r = w.client.post("/api/v1/intake/reports", headers={"X-Api-Key": key}, json={})
    assert r.status_code in (401, 403)
    res = w.op1("admin", admin_op("webhook_secret_rotate", "channel:sms"))
    assert (res["outcome"], res["reason"]) == ("rejected", "not_found")
    kinds = [k for k, _, _ in audit_kinds(w, kind=["channel_key_created", "channel_key_revoked"])]
    assert kinds == ["channel_key_revoked", "channel_key_created"]


# --- the audit log -------------------------------------------------------------------------------


def test_sign_ins_privacy_changes_and_exports_are_audited_and_filterable(world: World) -> None:
    w = world
    evil = "=cmd|' /C calc'!A0"
    assert w.login("petugas_a", password="salah-sekali", device=evil).status_code == 401
    assert w.login("tidak.ada", password="salah-sekali").status_code == 401
    w.token("petugas_a")
    rid = w.report("unverified")
    res = w.op1("koor", make_op("verify", rid, {"is_anonymous": True}))
    assert res["outcome"] == "applied"
    res = w.op1("petugas_a", admin_op("export_recorded", "export:reports_csv",
                                      {"export": "reports_csv", "rows": 12}))  # fmt: skip
    assert res["outcome"] == "applied"
    failed = w.get("admin", "/api/v1/admin/audit", params={"kind": "sign_in_failed"}).json()
    assert {(e["subject"], e["remote_addr"] is not None) for e in failed["entries"]} == {
        ("petugas_a", True),
        ("tidak.ada", True),
    }
    assert "salah-sekali" not in str(failed)
    privacy = audit_kinds(w, kind="privacy_changed")
    assert len(privacy) == 1
    assert audit_kinds(w, account="tidak.ada") == [("sign_in_failed", "tidak.ada", "failed")]
    exports = w.get("admin", "/api/v1/admin/audit", params={"kind": "export"}).json()["entries"]
    assert [(e["actor"], e["detail"]["rows"]) for e in exports] == [("petugas_a", 12)]
    # time range: nothing before the world's clock, everything up to now
    now = w.clock()
    assert audit_kinds(w, until=(now - timedelta(hours=1)).isoformat()) == []
    assert len(audit_kinds(w, since=(now - timedelta(hours=1)).isoformat())) == len(audit_kinds(w))
    assert w.get("admin", "/api/v1/admin/audit", params={"kind": "bogus"}).status_code == 422
    # paging: newest first, the next page after the last id, no entry twice
    everything = [e["id"] for e in w.get("admin", "/api/v1/admin/audit").json()["entries"]]
    first = w.get("admin", "/api/v1/admin/audit", params={"limit": 3}).json()["entries"]
    rest = w.get("admin", "/api/v1/admin/audit",
                 params={"before_id": first[-1]["id"]}).json()["entries"]  # fmt: skip
    assert [e["id"] for e in first + rest] == everything == sorted(everything, reverse=True)
    # CSV: every row, inert cells, and the export itself is audited
    r = w.get("admin", "/api/v1/admin/audit.csv", params={"kind": "sign_in_failed"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["ID", "Waktu (WIT)", "Jenis"] and len(rows) == 3
    assert "'" + evil in [row[9] for row in rows[1:]]
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert audit_kinds(w, kind="export")[0][:2] == ("export", "audit_csv")


def test_the_audit_log_has_no_way_to_change_it(world: World) -> None:
    from lapor_server.admin import audit

    assert not [n for n in dir(audit) if n.startswith(("update", "delete", "remove", "purge"))]
    for method in ("PUT", "PATCH", "DELETE"):
        r = world.client.request(method, "/api/v1/admin/audit", headers=world.headers("admin"))
        assert r.status_code == 405
