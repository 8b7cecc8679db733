"""Hiding an attachment from the OPD (real HTTPS server, two desks): the coordinator hides a photo
of an anonymous report; after the disposisi the officer's desk does not receive it and the server
refuses it to the officer; without a connection the action says so and changes nothing."""

from __future__ import annotations

import hashlib
import struct
import zlib

import pytest

from lapor_desk.services.coordinator import CoordinatorService
from lapor_desk.services.screening import OnlineOnlyError
from lapor_desk.sync import attachments
from lapor_desk.sync.transport import Transport
from tests.e2e.world import AGENCY, World
from tests.support.servers import start_server
from tests.support.world import intake_body


def _png() -> bytes:
    """A real 1×1 PNG (the server checks media types)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def world(tmp_path):
    srv = start_server(f"sqlite:///{tmp_path / 'lapor.sqlite3'}", tmp_path / "server")
    try:
        yield World(srv, tmp_path)
    finally:
        srv.stop()


def test_hidden_attachment_never_reaches_the_opd(world):
    key = world.srv.admin.issue_channel_key("web")
    photo = _png()
    sha = hashlib.sha256(photo).hexdigest()
    with world.srv.client(headers={"X-Api-Key": key}) as channel:
        put = channel.put(
            f"/api/v1/attachments/{sha}", content=photo, headers={"Content-Type": "image/png"}
        )
        assert put.status_code in (200, 201), put.text
        body = intake_body(
            category_code="kesehatan",
            is_anonymous=True,
            reporter=None,
            attachments=[{"sha256": sha, "filename": "wajah-pelapor.png"}],
        )
        made = channel.post("/api/v1/intake/reports", json=body)
        assert made.status_code == 201, made.text
        report_id = made.json()["id"]

    coord = world.desk("koord", name="coordinator")
    officer = world.desk("budi", name="officer")
    try:
        coord.sync()
        service = CoordinatorService(coord.store, coord.account, actions=coord.actions)
        # Offline: refused with a sentence, nothing changes locally.
        with pytest.raises(OnlineOnlyError):
            service.screening.set_attachment_hidden(None, report_id, sha, True)
        assert coord.q("SELECT hidden_from_agency FROM attachments WHERE sha256 = ?", sha) == [(0,)]
        client = Transport(world.srv.url, ca_bundle=str(world.srv.ca_path))
        client.token = coord.token
        try:
            service.screening.set_attachment_hidden(client, report_id, sha, True)
        finally:
            client.close()
        assert coord.q("SELECT hidden_from_agency FROM attachments WHERE sha256 = ?", sha) == [(1,)]
        service.screening.verify_and_dispatch(report_id, AGENCY)
        coord.sync()

        officer.sync()
        assert officer.q("SELECT status FROM reports WHERE id = ?", report_id) == [("dispatched",)]
        assert officer.q("SELECT count(*) FROM attachments WHERE report_id = ?", report_id) == [
            (0,)
        ]
        with world.srv.client(officer.token) as api:
            assert api.get(f"/api/v1/attachments/{sha}").status_code == 404
        with world.srv.client(coord.token) as api:
            assert api.get(f"/api/v1/attachments/{sha}").content == photo
    finally:
        coord.close()
        officer.close()


def test_hidden_or_departed_photos_leave_the_officers_cache_at_the_next_sync(world):
    """Issue 12, item 16: the officer's desk had opened the photos; the coordinator then hides
    one and moves the other report to another OPD: the next sync deletes both cached files."""
    key = world.srv.admin.issue_channel_key("web")
    photos = [_png() + bytes([n]) * 16 for n in range(2)]  # bytes after IEND: still a PNG
    shas = [hashlib.sha256(p).hexdigest() for p in photos]
    report_ids = []
    with world.srv.client(headers={"X-Api-Key": key}) as channel:
        for photo, sha in zip(photos, shas, strict=True):
            put = channel.put(
                f"/api/v1/attachments/{sha}", content=photo, headers={"Content-Type": "image/png"}
            )
            assert put.status_code in (200, 201), put.text
            made = channel.post(
                "/api/v1/intake/reports",
                json=intake_body(
                    category_code="kesehatan",
                    attachments=[{"sha256": sha, "filename": "foto.png"}],
                ),
            )
            assert made.status_code == 201, made.text
            report_ids.append(made.json()["id"])
    coord = world.desk("koord", name="coordinator")
    officer = world.desk("budi", name="officer")
    try:
        coord.sync()
        service = CoordinatorService(coord.store, coord.account, actions=coord.actions)
        for rid in report_ids:
            service.screening.verify_and_dispatch(rid, AGENCY)
        coord.sync()
        officer.sync()
        with Transport(world.srv.url, ca_bundle=str(world.srv.ca_path)) as t:
            t.token = officer.token
            for photo, sha in zip(photos, shas, strict=True):
                assert attachments.fetch_bytes(officer.store, t, sha) == photo
        cache = officer.store.path.parent / "cache"

        def cached_files() -> list:  # whole files, previews, partial downloads
            return [f for f in cache.rglob("*") if f.is_file()]

        assert len([f for f in cache.iterdir() if f.is_file()]) == 2
        client = Transport(world.srv.url, ca_bundle=str(world.srv.ca_path))
        client.token = coord.token
        try:
            service.screening.set_attachment_hidden(client, report_ids[0], shas[0], True)
        finally:
            client.close()
        service.screening.reassign(report_ids[1], "dinas_pupr", "Bukan kewenangan Dinkes")
        coord.sync()
        officer.sync()
        assert officer.q("SELECT count(*) FROM reports WHERE id = ?", report_ids[1]) == [(0,)]
        assert cached_files() == []  # nothing of either photo, not even a preview
        assert all(attachments.cached_path(officer.store, sha) is None for sha in shas)
    finally:
        coord.close()
        officer.close()
