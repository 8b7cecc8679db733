"""Attachments over real HTTPS, on SQLite and PostgreSQL: content-addressed upload with hash,
size and content checks; downloads only through a report the caller may see; hiding from the OPD."""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from pathlib import Path

import pytest

from tests.support.servers import start_server
from tests.support.world import AGENCY_A, populate

PROBLEM = "application/problem+json"


def png(tag: bytes = b"") -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + os.urandom(64) + tag


def jpeg() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + os.urandom(256)


def docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
        z.writestr("nonce.txt", os.urandom(8).hex())
    return buf.getvalue()


def odt() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.text",
            compress_type=zipfile.ZIP_STORED,
        )
        z.writestr("content.xml", f"<office:document-content>{os.urandom(8).hex()}</>")
    return buf.getvalue()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def put(client, data: bytes, media_type: str, digest: str | None = None):
    return client.put(
        f"/api/v1/attachments/{digest or sha(data)}",
        content=data,
        headers={"Content-Type": media_type},
    )


@pytest.mark.parametrize(
    ("maker", "media_type"),
    [
        (png, "image/png"),
        (jpeg, "image/jpeg"),
        (lambda: b"GIF89a" + os.urandom(32), "image/gif"),
        (lambda: b"RIFF\x10\x00\x00\x00WEBPVP8 " + os.urandom(32), "image/webp"),
        (lambda: b"%PDF-1.7\n" + os.urandom(32), "application/pdf"),
        (docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (odt, "application/vnd.oasis.opendocument.text"),
        (
            lambda: b"Kronologi: jalan rusak sejak Oktober.\n" + os.urandom(4).hex().encode(),
            "text/plain; charset=utf-8",
        ),
    ],
)
def test_upload_allowed_types_then_again(module_world, maker, media_type):
    data = maker()
    c = module_world.client("petugas_a")
    first = put(c, data, media_type)
    assert first.status_code == 201, first.text
    assert first.json() == {
        "sha256": sha(data),
        "size": len(data),
        "media_type": media_type.split(";")[0],
    }
    again = put(c, data, media_type)
    assert again.status_code == 200, again.text
    path = module_world.server.attachments_dir / sha(data)[:2] / sha(data)[2:4] / sha(data)
    assert path.read_bytes() == data


def test_uploading_does_not_make_a_file_visible(module_world):
    data = png(b"private")
    c = module_world.client("petugas_a")
    assert put(c, data, "image/png").status_code == 201
    for who in ("petugas_a", "petugas_b", "koordinator"):
        r = module_world.client(who).get(f"/api/v1/attachments/{sha(data)}")
        assert r.status_code == 404, who


def test_hash_mismatch_is_422_and_stores_nothing(module_world):
    data = png()
    r = put(module_world.client("petugas_a"), data, "image/png", digest=sha(b"other"))
    assert r.status_code == 422
    assert r.headers["content-type"].startswith(PROBLEM)
    assert r.json()["reason"] == "hash_mismatch"
    assert not list((module_world.server.attachments_dir / "tmp").iterdir())


@pytest.mark.parametrize(
    ("data", "media_type"),
    [
        (b"MZ\x90\x00" + os.urandom(64), "image/jpeg"),  # a program called foto.jpg
        (b"\x7fELF" + os.urandom(64), "application/pdf"),
        (b"%PDF-1.4 but says png", "image/png"),
        (
            b"PK\x03\x04" + os.urandom(64),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (b"plain\x00with nul", "text/plain"),
        (b"\xff\xfe\xfd not utf-8", "text/plain"),
        (b"\xff\xd8\xff\xe0 jpeg labelled as text", "text/plain"),
    ],
)
def test_mislabelled_content_is_415(module_world, data, media_type):
    r = put(module_world.client("petugas_a"), data, media_type)
    assert r.status_code == 415, r.text
    assert r.json()["reason"] == "content_mismatch"


@pytest.mark.parametrize(
    "media_type", ["application/x-msdownload", "text/html", "image/svg+xml", "video/mp4", ""]
)
def test_media_types_outside_the_allow_list_are_415(module_world, media_type):
    r = put(module_world.client("petugas_a"), b"<svg onload=alert(1)>", media_type)
    assert r.status_code == 415
    assert r.headers["content-type"].startswith(PROBLEM)


def test_empty_file_is_refused(module_world):
    r = put(module_world.client("petugas_a"), b"", "text/plain")
    assert r.status_code == 422


def test_upload_needs_authentication(module_world):
    data = png()
    r = put(module_world.client(None), data, "image/png")
    assert r.status_code == 401
    assert (
        module_world.sql("SELECT COUNT(*) FROM attachments WHERE sha256 = :s", s=sha(data))[0][0]
        == 0
    )


@pytest.mark.parametrize("path", ["/api/v1/attachments/XYZ", "/api/v1/attachments/" + "A" * 64])
def test_bad_address_is_422(module_world, path):
    assert module_world.client("koordinator").get(path).status_code == 422


def test_chunked_upload_streams_and_round_trips(module_world):
    w = module_world
    data = b"%PDF-1.5\n" + os.urandom(3 * 1024 * 1024)

    def chunks():
        for i in range(0, len(data), 50_000):
            yield data[i : i + 50_000]

    r = w.client("petugas_a").put(
        f"/api/v1/attachments/{sha(data)}",
        content=chunks(),
        headers={"Content-Type": "application/pdf"},
    )
    assert r.status_code == 201, r.text
    rep = w.submit()
    w.dispatch(rep["id"], AGENCY_A)
    res = w.op(
        "petugas_a",
        "respond",
        rep["id"],
        {"text": "Berita acara terlampir.", "final": False, "attachments": [sha(data)]},
    )
    assert res["outcome"] == "applied", res
    got = w.client("koordinator").get(f"/api/v1/attachments/{sha(data)}")
    assert got.status_code == 200
    assert got.content == data
    assert got.headers["content-type"] == "application/pdf"
    assert got.headers["x-content-type-options"] == "nosniff"


# --- visibility ------------------------------------------------------------------------------


@pytest.fixture
def linked(module_world):
    """A report at OPD A whose officer attached a photo to a response: (report id, sha, bytes)."""
    w = module_world
    data = jpeg()
    assert put(w.client("petugas_a"), data, "image/jpeg").status_code == 201
    rep = w.submit()
    w.dispatch(rep["id"], AGENCY_A)
    res = w.op(
        "petugas_a",
        "respond",
        rep["id"],
        {"text": "Foto perbaikan.", "final": False, "attachments": [sha(data)]},
    )
    assert res["outcome"] == "applied", res
    return rep["id"], sha(data), data


def test_who_may_download(module_world, linked):
    _report_id, digest, data = linked
    w = module_world
    for who in ("petugas_a", "koordinator", "pimpinan", "admin"):
        r = w.client(who).get(f"/api/v1/attachments/{digest}")
        assert (r.status_code, r.content) == (200, data), who
    other = w.client("petugas_b").get(f"/api/v1/attachments/{digest}")
    missing = w.client("petugas_b").get(f"/api/v1/attachments/{'0' * 64}")
    assert other.status_code == missing.status_code == 404
    assert other.json() == missing.json()
    # Uploading the same bytes does not give OPD B a way in.
    assert put(w.client("petugas_b"), data, "image/jpeg").status_code == 200
    assert w.client("petugas_b").get(f"/api/v1/attachments/{digest}").status_code == 404


def test_coordinator_hides_an_attachment_from_the_agency(module_world, linked):
    report_id, digest, _ = linked
    w = module_world
    before = w.feed("koordinator")[report_id]["version"]
    url = f"/api/v1/reports/{report_id}/attachments/{digest}/visibility"
    r = w.client("koordinator").post(url, json={"hidden_from_agency": True})
    assert r.status_code == 200, r.text
    assert r.json()["version"] == before + 1 and r.json()["hidden_from_agency"] is True

    assert w.client("petugas_a").get(f"/api/v1/attachments/{digest}").status_code == 404
    snap = w.feed("petugas_a")[report_id]
    assert digest not in str(snap["attachments"]) and digest not in str(snap["events"])
    assert snap["version"] == before + 1
    coord = w.feed("koordinator")[report_id]
    assert coord["attachments"][0]["hidden_from_agency"] is True
    assert w.client("koordinator").get(f"/api/v1/attachments/{digest}").status_code == 200

    # Idempotent: the same setting again changes nothing.
    again = w.client("koordinator").post(url, json={"hidden_from_agency": True})
    assert again.json()["version"] == before + 1
    shown = w.client("koordinator").post(url, json={"hidden_from_agency": False})
    assert shown.json()["version"] == before + 2
    assert w.client("petugas_a").get(f"/api/v1/attachments/{digest}").status_code == 200


def test_only_the_coordinator_changes_visibility(module_world, linked):
    report_id, digest, _ = linked
    url = f"/api/v1/reports/{report_id}/attachments/{digest}/visibility"
    for who in ("petugas_a", "petugas_b", "pimpinan", "admin"):
        r = module_world.client(who).post(url, json={"hidden_from_agency": True})
        assert r.status_code == 403, who
    c = module_world.client("koordinator")
    assert c.post(url, json={"hidden_from_agency": "yes"}).status_code == 422
    assert (
        c.post(
            f"/api/v1/reports/nope/attachments/{digest}/visibility",
            json={"hidden_from_agency": True},
        ).status_code
        == 404
    )
    assert (
        c.post(
            f"/api/v1/reports/{report_id}/attachments/{'1' * 64}/visibility",
            json={"hidden_from_agency": True},
        ).status_code
        == 404
    )


# --- size limit (a server with a small limit) -----------------------------------------------


@pytest.fixture(scope="module")
def small_limit_world(tmp_path_factory):
    base: Path = tmp_path_factory.mktemp("small-limit")
    srv = start_server(
        f"sqlite:///{base / 'lapor.sqlite3'}",
        base / "server",
        env={"LAPOR_SERVER_MAX_ATTACHMENT_BYTES": "100000"},
    )
    w = populate(srv)
    try:
        yield w
    finally:
        w.close()
        srv.stop()


def test_too_large_with_content_length_is_413(small_limit_world):
    data = b"%PDF-1.4\n" + os.urandom(150_000)
    r = put(small_limit_world.client("petugas_a"), data, "application/pdf")
    assert r.status_code == 413
    assert r.headers["content-type"].startswith(PROBLEM)


def test_too_large_while_streaming_is_413_and_leaves_nothing(small_limit_world):
    w = small_limit_world
    data = b"%PDF-1.4\n" + os.urandom(150_000)

    def chunks():
        for i in range(0, len(data), 10_000):
            yield data[i : i + 10_000]

    r = w.client("petugas_a").put(
        f"/api/v1/attachments/{sha(data)}",
        content=chunks(),
        headers={"Content-Type": "application/pdf"},
    )
    assert r.status_code == 413
    assert w.sql("SELECT COUNT(*) FROM attachments WHERE sha256 = :s", s=sha(data))[0][0] == 0
    assert not list((w.server.attachments_dir / "tmp").iterdir())
    assert not (w.server.attachments_dir / sha(data)[:2] / sha(data)[2:4] / sha(data)).exists()


def test_exactly_the_limit_is_accepted(small_limit_world):
    data = b"%PDF-1.4\n" + os.urandom(100_000 - 9)
    assert len(data) == 100_000
    assert put(small_limit_world.client("petugas_a"), data, "application/pdf").status_code == 201


def test_upload_cut_mid_stream_leaves_nothing_and_can_be_retried(module_world):
    """A connection dropped halfway through an upload (through the fault proxy) stores nothing;
    the retry of the same bytes succeeds."""
    import time

    import httpx

    from tests.support.faultproxy import FaultProxy, Faults

    w = module_world
    data = b"%PDF-1.6\n" + os.urandom(1_000_000)
    digest = sha(data)
    headers = {
        "Content-Type": "application/pdf",
        "Authorization": f"Bearer {w.tokens['petugas_a']}",
    }
    with FaultProxy(("127.0.0.1", w.server.port), faults=Faults(cut_up_after=300_000)) as proxy:
        url = f"https://127.0.0.1:{proxy.port}/api/v1/attachments/{digest}"
        with httpx.Client(verify=w.server.ssl_context(), timeout=30) as c:
            with pytest.raises(httpx.TransportError):
                c.put(url, content=data, headers=headers)
            assert proxy.connection_log()[0].end_reason == "cut_up_after"
            tmp = w.server.attachments_dir / "tmp"
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and tmp.exists() and list(tmp.iterdir()):
                time.sleep(0.05)  # the server notices the disconnect asynchronously
            assert not tmp.exists() or not list(tmp.iterdir())
            assert w.sql("SELECT COUNT(*) FROM attachments WHERE sha256 = :s", s=digest)[0][0] == 0
            proxy.set(Faults())
            r = c.put(url, content=data, headers=headers)
    assert r.status_code == 201, r.text
    assert (w.server.attachments_dir / digest[:2] / digest[2:4] / digest).read_bytes() == data
