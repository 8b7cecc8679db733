"""Several previews in one answer (`POST /api/v1/attachments/previews`, issue 17): exactly the
single preview's access rule, read as an attacker would use it — other OPDs' files, files hidden
from the OPD, unknown digests, documents, duplicates, huge and malformed lists — with nothing in
the answer that tells an invisible file from a missing one."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from lapor_server import previews
from tests.server.conftest import World
from tests.server.test_transfers import _link, _put

URL = "/api/v1/attachments/previews"


def _jpeg(shade: int, size=(900, 700)) -> bytes:
    im = Image.new("RGB", size, (shade, 120, 40))
    for x in range(0, size[0], 40):
        im.paste(((x + shade) % 255, 30, 90), (x, 0, x + 15, size[1]))
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=90)
    return buf.getvalue()


def _hide(world: World, rid: str, sha: str) -> None:
    r = world.client.post(
        f"/api/v1/reports/{rid}/attachments/{sha}/visibility",
        json={"hidden_from_agency": True},
        headers=world.headers("koor"),
    )
    assert r.status_code == 200, r.text


def _ask(world: World, who: str, shas, **kw):
    return world.client.post(URL, json={"sha256": shas}, headers=world.headers(who), **kw)


def parse(body: bytes) -> tuple[dict[str, bytes], list[str], bool]:
    """(previews by digest, digests deferred with `more`, whether `end` arrived)."""
    got: dict[str, bytes] = {}
    more: list[str] = []
    pos = 0
    while pos < len(body):
        nl = body.index(b"\n", pos)
        head = body[pos:nl].decode()
        pos = nl + 1
        if head == "end":
            assert pos == len(body), "bytes after the end line"
            return got, more, True
        word, arg = head.split(" ")
        if word == "more":
            more.append(arg)
            continue
        size = int(arg)
        got[word] = body[pos : pos + size]
        pos += size
    return got, more, False


@pytest.fixture
def photos(world: World):
    """OPD A's report with two photos and a PDF; OPD B's report with one photo."""
    rid_a = world.report("dispatched")
    rid_b = world.report("dispatched", agency="dinkes")
    a1 = _put(world, "koor", _jpeg(10))
    a2 = _put(world, "koor", _jpeg(60))
    pdf = _put(world, "koor", b"%PDF-1.4\n" + b"x" * 2000, "application/pdf")
    b1 = _put(world, "koor", _jpeg(110))
    for sha, name in ((a1, "jalan.jpg"), (a2, "wajah-pelapor.jpg"), (pdf, "surat.pdf")):
        _link(world, rid_a, sha, name)
    _link(world, rid_b, b1, "puskesmas.jpg")
    return {"rid_a": rid_a, "rid_b": rid_b, "a1": a1, "a2": a2, "pdf": pdf, "b1": b1}


def test_the_visible_previews_arrive_in_order_byte_for_byte_as_the_single_get(world, photos):
    a1, a2 = photos["a1"], photos["a2"]
    r = world.client.post(
        URL,
        json={"sha256": [a2, a1]},
        headers={**world.headers("petugas_a"), "Accept-Encoding": "zstd, gzip"},
    )
    assert r.status_code == 200
    assert r.headers["content-type"] == previews.BATCH_MEDIA_TYPE
    assert "content-encoding" not in r.headers  # JPEGs: never compressed again
    assert r.headers["cache-control"] == "private, no-store"
    got, more, ended = parse(r.content)
    assert ended and not more
    assert list(got) == [a2, a1]
    for sha in (a1, a2):
        single = world.get("petugas_a", f"/api/v1/attachments/{sha}/preview")
        assert single.status_code == 200 and got[sha] == single.content
        assert len(got[sha]) <= previews.MAX_BYTES
    assert b"wajah" not in r.content and b"jalan.jpg" not in r.content  # no file names


def test_other_opds_hidden_missing_and_documents_are_absent_without_a_hint(world, photos):
    a1, a2, b1, pdf = photos["a1"], photos["a2"], photos["b1"], photos["pdf"]
    _hide(world, photos["rid_a"], a2)
    unknown = "0" * 64
    # an image uploaded but on no report yet, and an unreadable "image"
    loose = _put(world, "koor", _jpeg(200))
    broken = _put(world, "koor", b"\xff\xd8\xff\xe0" + b"\x00" * 3000)
    _link(world, photos["rid_a"], broken, "rusak.jpg")
    r = _ask(world, "petugas_a", [b1, a2, unknown, pdf, loose, broken, a1])
    assert r.status_code == 200
    got, more, ended = parse(r.content)
    assert ended and not more and list(got) == [a1]
    # Each kind of absence gives the very same answer: nothing tells them apart.
    answers = {
        why: _ask(world, "petugas_a", [sha]).content
        for why, sha in {
            "other OPD": b1,
            "hidden from the OPD": a2,
            "no such file": unknown,
            "not an image": pdf,
            "on no report": loose,
            "unreadable": broken,
        }.items()
    }
    assert set(answers.values()) == {b"end\n"}, answers
    # The other OPD's officer sees only their own; oversight roles see hidden files too.
    got_b, _, _ = parse(_ask(world, "petugas_b", [a1, a2, b1]).content)
    assert list(got_b) == [b1]
    for who in ("koor", "pimpinan", "admin"):
        got_o, _, _ = parse(_ask(world, who, [a1, a2, b1, pdf, unknown]).content)
        assert list(got_o) == [a1, a2, b1], who


def test_duplicates_are_served_once(world, photos):
    a1 = photos["a1"]
    got, _, ended = parse(_ask(world, "petugas_a", [a1, a1, a1]).content)
    assert ended and list(got) == [a1]
    assert _ask(world, "petugas_a", [a1] * previews.MAX_BATCH).content.count(a1.encode()) == 1


@pytest.mark.parametrize(
    "body",
    [
        {"sha256": []},
        {"sha256": ["0" * 64] * (previews.MAX_BATCH + 1)},
        {"sha256": ["A" * 64]},  # uppercase
        {"sha256": ["0" * 63]},
        {"sha256": ["0" * 64 + "\n"]},
        {"sha256": ["../../../etc/passwd"]},
        {"sha256": [None]},
        {"sha256": "0" * 64},
        ["0" * 64],
        {},
    ],
)
def test_malformed_lists_are_refused(world, body):
    r = world.client.post(URL, json=body, headers=world.headers("petugas_a"))
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")


def test_not_json_and_oversized_bodies_are_refused_before_any_lookup(world):
    h = {**world.headers("petugas_a"), "Content-Type": "application/json"}
    assert world.client.post(URL, content=b"{not json", headers=h).status_code == 422
    huge = b'{"sha256": ["' + b"0" * 64 + b'"], "pad": "' + b"x" * 20_000 + b'"}'
    assert world.client.post(URL, content=huge, headers=h).status_code == 413

    def chunks():  # no Content-Length: counted as it streams in
        yield b'{"sha256": ["' + b"0" * 64 + b'"], "pad": "'
        for _ in range(40):
            yield b"y" * 1000
        yield b'"}'

    assert world.client.post(URL, content=chunks(), headers=h).status_code == 413


def test_only_a_logged_in_desk_may_ask(world, photos):
    r = world.client.post(URL, json={"sha256": [photos["a1"]]})
    assert r.status_code == 401
    r = world.client.post(
        URL, json={"sha256": [photos["a1"]]}, headers={"Authorization": "Bearer nope"}
    )
    assert r.status_code == 401


def test_the_answer_stops_at_the_byte_cap_and_names_the_rest(world, photos, monkeypatch):
    a1, a2 = photos["a1"], photos["a2"]
    size = len(world.get("petugas_a", f"/api/v1/attachments/{a1}/preview").content)
    monkeypatch.setattr(previews, "MAX_BATCH_BYTES", size + 100)
    got, more, ended = parse(_ask(world, "petugas_a", [a1, a2, "0" * 64]).content)
    assert ended and list(got) == [a1] and more == [a2]  # the unknown one is not named
    got, more, ended = parse(_ask(world, "petugas_a", more).content)
    assert ended and list(got) == [a2] and not more


def test_a_preview_missing_on_disk_is_made_on_request(world, photos):
    a1 = photos["a1"]
    made = previews.preview_path(world.settings.attachments_dir, a1)
    made.unlink()
    got, _, _ = parse(_ask(world, "petugas_a", [a1]).content)
    assert a1 in got and made.is_file() and got[a1] == made.read_bytes()
