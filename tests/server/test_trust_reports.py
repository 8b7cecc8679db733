"""Reports and their files under attack (issue 12 #2, #3, #7, #8, #13, #15): anonymity one way,
file linking by hash, duplicate cycles, anonymous file names, uploads by read-only roles and the
daily quota, hostile file names and absurd dates at intake.
"""

from __future__ import annotations

import hashlib
import os
from typing import Any

import pytest

from lapor_server import manage
from tests.server.conftest import AGENCY_A, AGENCY_B, World, make_op


def _png(tag: str) -> tuple[bytes, str]:
    data = b"\x89PNG\r\n\x1a\n" + tag.encode() + os.urandom(16)
    return data, hashlib.sha256(data).hexdigest()


def _put(world: World, data: bytes, sha: str, *, who: str | None = None, **kw: Any) -> Any:
    headers = {"Content-Type": "image/png"}
    if who is not None:
        headers.update(world.headers(who))
    headers.update(kw.pop("headers", {}))
    return world.client.put(f"/api/v1/attachments/{sha}", content=data, headers=headers, **kw)


def _download(world: World, who: str, sha: str) -> Any:
    return world.get(who, f"/api/v1/attachments/{sha}")


# --- #2 anonymity is one way for staff -------------------------------------------------------


@pytest.mark.parametrize("flag", ["is_anonymous", "is_secret"])
def test_staff_cannot_lift_the_reporters_privacy_choice(world: World, flag: str):
    rid = world.report("unverified", **{flag: True})
    res = world.op1("koor", make_op("verify", rid, {flag: False}))
    assert res["outcome"] == "rejected"
    assert res["reason"] == "privacy_one_way"
    snap = world.snapshot("koor", rid)
    assert snap[flag] is True
    if flag == "is_anonymous":
        assert snap["reporter"] is None
    # Staff may make a report anonymous or secret (the other direction).
    other = world.report("unverified")
    res = world.op1("koor", make_op("verify", other, {flag: True}))
    assert res["outcome"] == "applied"
    assert world.snapshot("koor", other)[flag] is True


# --- #3 linking a known hash -----------------------------------------------------------------


def _detail_without_hash(res: dict[str, Any], sha: str) -> str:
    return res["detail"].replace(sha[:12], "<hash>")


def test_a_known_hash_of_another_opd_cannot_be_linked(world: World):
    theirs = world.report("dispatched", agency=AGENCY_B)
    mine = world.report("dispatched", agency=AGENCY_A)
    data, sha = _png("ktp")
    assert _put(world, data, sha, who="petugas_b").status_code == 201
    res = world.op1("petugas_b", make_op("note", theirs, {"text": "foto", "attachments": [sha]}))
    assert res["outcome"] == "applied"

    stolen = world.op1("petugas_a", make_op("note", mine, {"text": "x", "attachments": [sha]}))
    _, nowhere = _png("tidak-pernah-diunggah")
    absent = world.op1("petugas_a", make_op("note", mine, {"text": "x", "attachments": [nowhere]}))
    assert stolen["outcome"] == absent["outcome"] == "rejected"
    assert stolen["reason"] == absent["reason"] == "attachment_missing"
    # The answer does not tell whether the file exists on the server.
    assert _detail_without_hash(stolen, sha) == _detail_without_hash(absent, nowhere)
    assert _download(world, "petugas_a", sha).status_code == 404
    assert _download(world, "petugas_b", sha).status_code == 200


def test_a_hidden_file_cannot_be_made_visible_by_linking_it_again(world: World):
    rid = world.report("dispatched", agency=AGENCY_A)
    data, sha = _png("wajah")
    assert _put(world, data, sha, who="koor").status_code == 201
    res = world.op1("koor", make_op("note", rid, {"text": "foto pelapor", "attachments": [sha]}))
    assert res["outcome"] == "applied"
    r = world.client.post(
        f"/api/v1/reports/{rid}/attachments/{sha}/visibility",
        json={"hidden_from_agency": True},
        headers=world.headers("koor"),
    )
    assert r.status_code == 200
    assert _download(world, "petugas_a", sha).status_code == 404
    # The officer knows the hash (e.g. from an export) and links it on the same report.
    res = world.op1("petugas_a", make_op("note", rid, {"text": "x", "attachments": [sha]}))
    assert res["outcome"] == "rejected" and res["reason"] == "attachment_missing"
    # Even the coordinator linking it again keeps it hidden from the OPD.
    res = world.op1("koor", make_op("note", rid, {"text": "lagi", "attachments": [sha]}))
    assert res["outcome"] == "applied"
    assert _download(world, "petugas_a", sha).status_code == 404
    snap = world.snapshot("petugas_a", rid)
    assert sha not in str(snap)


def test_own_uploads_link_and_a_named_report_must_be_writable(world: World):
    mine = world.report("dispatched", agency=AGENCY_A)
    theirs = world.report("dispatched", agency=AGENCY_B)
    data, sha = _png("jalan")
    # Naming a report the officer cannot write to: the answer for a missing report.
    r = _put(world, data, sha, who="petugas_a", params={"report_id": theirs})
    assert r.status_code == 404
    assert _put(world, data, sha, who="petugas_a", params={"report_id": mine}).status_code == 201
    res = world.op1("petugas_a", make_op("note", mine, {"text": "foto", "attachments": [sha]}))
    assert res["outcome"] == "applied"
    # Uploaded for `mine`: an op on another report may not link it.
    other = world.report("dispatched", agency=AGENCY_A)
    res = world.op1("petugas_a", make_op("note", other, {"text": "foto", "attachments": [sha]}))
    assert res["outcome"] == "rejected" and res["reason"] == "attachment_missing"


def test_a_channel_links_only_what_it_uploaded(world: World):
    key = manage.issue_channel_key(world.db, channel="web")
    other_key = manage.issue_channel_key(world.db, channel="sms")
    data, sha = _png("sms")
    assert _put(world, data, sha, headers={"X-Api-Key": other_key}).status_code == 201
    body = {
        "title": "Jalan rusak",
        "body": "Jalan rusak parah di depan sekolah.",
        "channel": "web",
        "attachments": [{"sha256": sha, "filename": "jalan.png"}],
    }
    r = world.client.post("/api/v1/intake/reports", json=body, headers={"X-Api-Key": key})
    assert r.status_code == 422 and r.json()["reason"] == "attachment_missing"
    assert _put(world, data, sha, headers={"X-Api-Key": key}).status_code == 200
    r = world.client.post("/api/v1/intake/reports", json=body, headers={"X-Api-Key": key})
    assert r.status_code == 201, r.text


# --- #7 duplicates ---------------------------------------------------------------------------


def test_no_duplicate_cycles_or_chains(world: World):
    a, b, c = (world.report("unverified", title=f"Lampu mati {i}") for i in range(3))

    def archive(rid: str, original: str) -> dict[str, Any]:
        return world.op1(
            "koor", make_op("archive", rid, {"reason": "duplicate", "duplicate_of": original})
        )

    assert archive(a, b)["outcome"] == "applied"
    # B is A's original: archiving B as a duplicate of A would make a cycle, of C a chain.
    for original in (a, c):
        res = archive(b, original)
        assert res["outcome"] == "rejected" and res["reason"] == "duplicate_chain", res
    # A is archived as a duplicate: it cannot be anyone's original (by id or tracking id).
    tracking_a = world.snapshot("koor", a)["tracking_id"]
    for original in (a, tracking_a):
        res = archive(c, original)
        assert res["outcome"] == "rejected" and res["reason"] == "duplicate_chain", res
    assert archive(c, b)["outcome"] == "applied"
    assert world.snapshot("koor", b)["status"] == "unverified"


# --- #8 anonymous file names -----------------------------------------------------------------


def test_an_anonymous_reports_file_names_never_reach_staff(world: World):
    key = manage.issue_channel_key(world.db, channel="web")
    data, sha = _png("ktp")
    assert _put(world, data, sha, headers={"X-Api-Key": key}).status_code == 201
    body = {
        "title": "Pungutan liar",
        "body": "Ada pungutan liar di loket.",
        "channel": "web",
        "is_anonymous": True,
        "reporter": {"name": "Agustina Kogoya"},
        "attachments": [{"sha256": sha, "filename": "KTP_Agustina_Kogoya.png"}],
    }
    r = world.client.post("/api/v1/intake/reports", json=body, headers={"X-Api-Key": key})
    assert r.status_code == 201, r.text
    rid = r.json()["id"]
    for kind, payload in (("verify", {}), ("dispatch", {"agency_code": AGENCY_A})):
        assert world.op1("koor", make_op(kind, rid, payload))["outcome"] == "applied"
    for who in ("koor", "pimpinan", "admin", "petugas_a"):
        items, _ = world.feed_all(who)
        page = str(items)
        assert "KTP" not in page and "Kogoya" not in page, who
        snap = world.snapshot(who, rid)
        assert snap["attachments"][0]["filename"] == "lampiran-1.png"
        one = world.get(who, f"/api/v1/reports/{rid}")
        assert one.status_code == 200 and "KTP" not in one.text
        got = _download(world, who, sha)
        assert got.status_code == 200
        assert "KTP" not in got.headers["content-disposition"]
        assert "lampiran-1.png" in got.headers["content-disposition"]


# --- #13 uploads: writing roles only, daily quota --------------------------------------------


@pytest.mark.parametrize("role", ["pimpinan", "admin"])
def test_read_only_roles_cannot_upload(world: World, role: str):
    data, sha = _png(role)
    r = _put(world, data, sha, who=role)
    assert r.status_code == 403
    assert r.json()["reason"] == "read_only_role"


@pytest.mark.parametrize("role", ["pimpinan", "admin"])
def test_read_only_roles_cannot_upload_in_pieces_either(world: World, role: str):
    data, sha = _png(role)
    r = world.client.patch(
        f"/api/v1/attachments/{sha}/partial",
        content=data,
        headers={
            **world.headers(role),
            "Content-Type": "image/png",
            "Upload-Offset": "0",
            "Upload-Length": str(len(data)),
        },
    )
    assert r.status_code == 403
    assert r.json()["reason"] == "read_only_role"


def test_daily_upload_quota_per_account(world: World):
    app = world.client.app
    app.state.settings = world.settings.replace(upload_quota_bytes_per_day=100)
    first, sha1 = _png("a" * 40)
    second, sha2 = _png("b" * 40)
    assert _put(world, first, sha1, who="petugas_a").status_code == 201
    r = _put(world, second, sha2, who="petugas_a")
    assert r.status_code == 429
    assert r.json()["reason"] == "upload_quota"
    assert int(r.headers["Retry-After"]) > 0
    # Another account has its own quota; tomorrow the account may upload again.
    assert _put(world, second, sha2, who="petugas_b").status_code == 201
    world.clock.advance(days=1)
    third, sha3 = _png("c" * 40)
    assert _put(world, third, sha3, who="petugas_a").status_code == 201


# --- #15 hostile file names and absurd dates at intake ---------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "foto\x07.png",
        "foto\nbaris-palsu.png",
        "foto\u202egnp.exe",
        "laporan.pdf.exe",
        "skrip.JS",
        "setup.msi. ",
        "../../etc/passwd.png",
        "a\\b.png",
    ],
)
def test_intake_refuses_hostile_file_names(world: World, name: str):
    key = manage.issue_channel_key(world.db, channel="web")
    data, sha = _png("x")
    assert _put(world, data, sha, headers={"X-Api-Key": key}).status_code == 201
    body = {
        "title": "Jalan rusak",
        "body": "Jalan rusak parah.",
        "channel": "web",
        "attachments": [{"sha256": sha, "filename": name}],
    }
    r = world.client.post("/api/v1/intake/reports", json=body, headers={"X-Api-Key": key})
    assert r.status_code == 422, (name, r.text)
    assert r.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize("day", ["0001-01-01", "1900-05-05", "2015-12-31"])
def test_intake_refuses_absurd_incident_dates(world: World, day: str):
    key = manage.issue_channel_key(world.db, channel="web")
    body = {"title": "Jalan", "body": "Rusak.", "channel": "web", "incident_date": day}
    r = world.client.post("/api/v1/intake/reports", json=body, headers={"X-Api-Key": key})
    assert r.status_code == 422, r.text
    assert r.json()["reason"] == "date_too_old"
    body["incident_date"] = "2026-10-01"
    r = world.client.post("/api/v1/intake/reports", json=body, headers={"X-Api-Key": key})
    assert r.status_code == 201
