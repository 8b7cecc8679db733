"""Previews and resumable transfers on the server: the preview obeys exactly the file's access
rule, carries no metadata, and fits the field limits; a resumable upload continues at the
server's offset, refuses bytes out of place, and checks the finished file like a PUT."""

from __future__ import annotations

import hashlib
import io

import pytest
from PIL import Image

from lapor_server import previews
from lapor_server import reports as rep
from lapor_server.models import Report
from tests.server.conftest import World


def _jpeg(size=(3000, 2000), exif_gps=True) -> bytes:
    im = Image.new("RGB", size, (200, 120, 40))
    for x in range(0, size[0], 50):  # some detail, so it does not compress to nothing
        im.paste((x % 255, 30, 90), (x, 0, x + 20, size[1]))
    buf = io.BytesIO()
    exif = Image.Exif()
    if exif_gps:
        exif[0x8825] = {1: "S", 2: (4.0, 33.0, 0.0), 3: "E", 4: (136.0, 53.0, 0.0)}
        exif[0x010F] = "KameraPelapor"
    im.save(buf, "JPEG", quality=95, exif=exif)
    return buf.getvalue()


def _put(world: World, who: str, data: bytes, media="image/jpeg"):
    sha = hashlib.sha256(data).hexdigest()
    r = world.client.put(
        f"/api/v1/attachments/{sha}",
        content=data,
        headers={**world.headers(who), "Content-Type": media},
    )
    assert r.status_code in (200, 201), r.text
    return sha


def _link(world: World, rid: str, sha: str, name: str) -> None:
    with world.db.write() as s:
        rep.link_attachments(s, s.get(Report, rid), None, [(sha, name)], world.clock())


def test_preview_made_at_upload_small_upright_and_without_metadata(world: World):
    data = _jpeg()
    sha = _put(world, "petugas_a", data)
    made = previews.preview_path(world.settings.attachments_dir, sha)
    assert made.is_file() and made.stat().st_size <= previews.MAX_BYTES
    with Image.open(made) as im:
        assert max(im.size) <= previews.LONG_SIDE
        assert not im.getexif()  # no GPS position, no camera owner
    assert b"KameraPelapor" not in made.read_bytes()


def test_preview_obeys_the_files_access_rule(world: World):
    rid = world.report("dispatched")
    sha = _put(world, "koor", _jpeg((800, 600)))
    not_yet = world.get("petugas_a", f"/api/v1/attachments/{sha}/preview")
    assert not_yet.status_code == 404  # uploaded, but no report shows it yet
    _link(world, rid, sha, "wajah-pelapor-maria.jpg")
    ok = world.get("petugas_a", f"/api/v1/attachments/{sha}/preview")
    assert ok.status_code == 200 and ok.headers["content-type"] == "image/jpeg"
    assert "wajah" not in ok.headers.get("content-disposition", "")  # no file name
    assert "content-encoding" not in ok.headers
    other = world.get("petugas_b", f"/api/v1/attachments/{sha}/preview")
    missing = world.get("petugas_b", f"/api/v1/attachments/{'0' * 64}/preview")
    assert other.status_code == missing.status_code == 404
    assert other.json() == missing.json()
    r = world.client.post(
        f"/api/v1/reports/{rid}/attachments/{sha}/visibility",
        json={"hidden_from_agency": True},
        headers=world.headers("koor"),
    )
    assert r.status_code == 200
    assert world.get("petugas_a", f"/api/v1/attachments/{sha}/preview").status_code == 404
    assert world.get("petugas_a", f"/api/v1/attachments/{sha}").status_code == 404
    for who in ("koor", "pimpinan", "admin"):
        assert world.get(who, f"/api/v1/attachments/{sha}/preview").status_code == 200


def test_no_preview_for_documents_or_unreadable_images_and_backfill(world: World):
    rid = world.report("dispatched")
    pdf = _put(world, "petugas_a", b"%PDF-1.4\n" + b"x" * 2000, "application/pdf")
    broken = _put(world, "petugas_a", b"\xff\xd8\xff\xe0" + b"\x00" * 3000)
    good = _put(world, "petugas_a", _jpeg((1200, 900), exif_gps=False))
    for sha, name in ((pdf, "surat.pdf"), (broken, "rusak.jpg"), (good, "jalan.jpg")):
        _link(world, rid, sha, name)
    assert world.get("petugas_a", f"/api/v1/attachments/{pdf}/preview").status_code == 404
    assert world.get("petugas_a", f"/api/v1/attachments/{broken}/preview").status_code == 404
    # an image stored before previews existed gets one from the periodic job
    previews.preview_path(world.settings.attachments_dir, good).unlink()
    assert previews.backfill(world.db, world.settings.attachments_dir) == 1
    assert previews.preview_path(world.settings.attachments_dir, good).is_file()
    assert previews.backfill(world.db, world.settings.attachments_dir) == 0  # nothing retried


def _patch(
    world: World, who: str, sha: str, data: bytes, offset: int, total: int, media="image/jpeg"
):
    return world.client.patch(
        f"/api/v1/attachments/{sha}/partial",
        content=data,
        headers={
            **world.headers(who),
            "Content-Type": media,
            "Upload-Offset": str(offset),
            "Upload-Length": str(total),
        },
    )


def _offset(world: World, who: str, sha: str) -> int:
    r = world.client.head(f"/api/v1/attachments/{sha}/partial", headers=world.headers(who))
    assert r.status_code == 200
    return int(r.headers["upload-offset"])


def test_resumable_upload_continues_at_the_servers_offset(world: World):
    data = _jpeg((1600, 1200))
    sha = hashlib.sha256(data).hexdigest()
    third = len(data) // 3
    assert _offset(world, "petugas_a", sha) == 0
    r = _patch(world, "petugas_a", sha, data[:third], 0, len(data))
    assert r.status_code == 204 and int(r.headers["upload-offset"]) == third
    # another uploader neither sees nor continues my partial file
    assert _offset(world, "petugas_b", sha) == 0
    # a piece out of place is refused with where to continue
    r = _patch(world, "petugas_a", sha, data[2 * third :], 2 * third, len(data))
    assert r.status_code == 409 and int(r.headers["upload-offset"]) == third
    assert _offset(world, "petugas_a", sha) == third
    r = _patch(world, "petugas_a", sha, data[third:], third, len(data))
    assert r.status_code == 201, r.text
    assert r.json() == {"sha256": sha, "size": len(data), "media_type": "image/jpeg"}
    head = world.client.head(
        f"/api/v1/attachments/{sha}/partial", headers=world.headers("petugas_a")
    )
    assert head.headers["upload-complete"] == "?1"
    # Someone who never sent the bytes is not told the file exists (nor may they skip sending
    # it: an upload is what lets an op link a file, issue 12 #3).
    head = world.client.head(
        f"/api/v1/attachments/{sha}/partial", headers=world.headers("petugas_b")
    )
    assert "upload-complete" not in head.headers and head.headers["upload-offset"] == "0"
    assert previews.preview_path(world.settings.attachments_dir, sha).is_file()


@pytest.mark.parametrize("damage", ["hash", "type", "too_long"])
def test_resumable_upload_checks_the_finished_file_like_a_put(world: World, damage):
    data = _jpeg((400, 300))
    sha = hashlib.sha256(data).hexdigest()
    if damage == "hash":
        body, media = data[:-1] + b"\x00", "image/jpeg"
        expect = 422
    elif damage == "type":
        body, media = data, "application/pdf"
        expect = 415
    else:
        body, media = data + b"extra", "image/jpeg"
        expect = 413
    total = len(data)
    r = _patch(world, "petugas_a", sha, body, 0, total, media)
    assert r.status_code == expect, r.text
    assert world.get("koor", f"/api/v1/attachments/{sha}").status_code == 404


def test_full_download_resumes_with_range(world: World):
    rid = world.report("dispatched")
    data = _jpeg((900, 700))
    sha = _put(world, "petugas_a", data)
    _link(world, rid, sha, "jalan.jpg")
    r = world.client.get(
        f"/api/v1/attachments/{sha}",
        headers={**world.headers("petugas_a"), "Range": "bytes=1000-"},
    )
    assert r.status_code == 206 and r.content == data[1000:]
    assert r.headers["content-range"] == f"bytes 1000-{len(data) - 1}/{len(data)}"
