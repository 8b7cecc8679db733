"""The desk's previews fetched several per request (issue 17, field day): an answer cut in the
middle keeps every preview that arrived whole and asks only for the rest; an older server
without the batch endpoint gets one GET per preview, as before. Through a TLS front that relays
to the real server and cuts or rewrites what the test says."""

from __future__ import annotations

import io
import json

import pytest

from lapor_desk.sync import previews
from lapor_server.previews import preview_path
from tests.e2e.scripted_server import ScriptedTlsServer, http_response, tls_front
from tests.e2e.world import World

BATCH = "/api/v1/attachments/previews"
_shade = 0


def _photos(world: World, tmp_path, n: int) -> list[str]:
    """`n` reports of budi's OPD answered with a photo each (uploaded by a first desk)."""
    global _shade
    from PIL import Image

    ids = world.create_reports(n)
    desk = world.desk(name="camera-laptop")
    assert desk.sync().error is None
    shas = []
    for i, rid in enumerate(ids):
        buf = io.BytesIO()
        _shade += 1  # every photo of the module differs
        im = Image.new("RGB", (1200, 900), (37 * _shade % 256, 90, 160))
        im.paste((250, 250, 20), (10 * _shade, 10, 10 * _shade + 80, 90))
        im.save(buf, "JPEG", quality=90)
        path = tmp_path / f"foto-{_shade}.jpg"
        path.write_bytes(buf.getvalue())
        sha = desk.actions.attach_file(path).sha256
        desk.respond(rid, f"Foto {i}", attachments=[sha])
        shas.append(sha)
    r = desk.sync()
    assert r.error is None and r.pending_after == 0
    desk.close()
    return shas


@pytest.fixture
def front(world: World, tmp_path, monkeypatch):
    """A desk behind a TLS front that relays to the real server through `handler`."""
    monkeypatch.setattr(previews, "_no_batch", set())
    with tls_front(world, tmp_path, read_timeout=5) as front:
        yield front


def _asked(srv: ScriptedTlsServer) -> list[list[str]]:
    return [json.loads(body)["sha256"] for m, p, _, body in srv.requests if p == BATCH]


def test_a_batch_cut_in_the_middle_keeps_what_arrived_and_asks_only_for_the_rest(
    world: World, front, tmp_path, monkeypatch
):
    monkeypatch.setattr(previews, "WIDTH", 1)  # one request carries all of them
    srv, fwd, box, make = front
    shas = _photos(world, tmp_path, 4)
    cut = {"done": False, "first": None}

    def cut_first_batch(method, path, headers, body):
        out = fwd(method, path, headers, body)
        if path != BATCH or cut["done"]:
            return out
        cut["done"] = True
        head, _, payload = out.partition(b"\r\n\r\n")
        line = payload.index(b"\n")
        first, size = payload[:line].decode().split(" ")
        cut["first"] = first
        end = line + 1 + int(size)
        # the first preview whole, the second half-way: then the link drops
        return head + b"\r\n\r\n" + payload[: end + 40 + int(size) // 2]

    box["handler"] = cut_first_batch
    desk = make("field-laptop")
    r = desk.sync()
    asked = _asked(srv)  # (the module's world may hold photos of earlier tests too)
    assert len(asked) == 2 and set(shas) <= set(asked[0])
    assert r.error is None and r.previews == len(asked[0])
    assert cut["first"] in asked[0] and cut["first"] not in asked[1]  # kept, never fetched again
    assert sorted(asked[1]) == sorted(set(asked[0]) - {cut["first"]})
    for sha in asked[0]:
        have = previews.read_preview(desk.store, sha)
        assert have == preview_path(world.srv.attachments_dir, sha).read_bytes()
    assert not any("/preview" in p and p != BATCH for _, p, _, _ in srv.requests)
    before = len(srv.requests)
    assert desk.sync().previews == 0
    assert not any(p == BATCH for _, p, _, _ in srv.requests[before:])  # all there: no request
    desk.close()


def test_an_older_server_without_the_batch_gets_one_get_per_preview(world: World, front, tmp_path):
    srv, fwd, box, make = front
    shas = _photos(world, tmp_path, 3)
    # What a server before the endpoint answers: the path only matches the PUT/GET of a file.
    old = http_response(
        405,
        {"title": "Method Not Allowed", "status": 405, "reason": "method_not_allowed"},
        "application/problem+json",
    )
    box["handler"] = lambda m, p, h, b: old if p == BATCH else fwd(m, p, h, b)
    desk = make("old-server-laptop")
    r = desk.sync()
    singles = [p for _, p, _, _ in srv.requests if p.endswith("/preview")]
    # (the module's world may hold photos of earlier tests too)
    assert {f"/api/v1/attachments/{s}/preview" for s in shas} <= set(singles)
    assert r.error is None and r.previews == len(singles) == len(set(singles))
    tried = len(_asked(srv))  # one batch, split over requests side by side; then remembered
    assert 1 <= tried <= previews.WIDTH
    for sha in shas:
        assert previews.read_preview(desk.store, sha) is not None
    # a new photo later: straight to the single GET, no second try of the batch
    more = _photos(world, tmp_path, 1)
    assert desk.sync().previews == 1
    assert len(_asked(srv)) == tried
    assert previews.read_preview(desk.store, more[0]) is not None
    desk.close()


def test_a_frame_the_desk_did_not_ask_for_is_refused(world: World, front, tmp_path):
    _srv, fwd, box, make = front
    [sha] = _photos(world, tmp_path, 1)
    forged = preview_path(world.srv.attachments_dir, sha).read_bytes()
    other = "ab" * 32
    body = f"{other} {len(forged)}\n".encode() + forged + b"end\n"
    answer = http_response(200, body, "application/vnd.lapor.previews")
    box["handler"] = lambda m, p, h, b: answer if p == BATCH else fwd(m, p, h, b)
    desk = make("forged-laptop")
    r = desk.sync()
    assert r.error is None  # prefetching never fails a run
    assert r.previews == 0
    assert previews.read_preview(desk.store, other) is None
    assert previews.read_preview(desk.store, sha) is None
    desk.close()
