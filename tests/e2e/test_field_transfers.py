"""Photos over a field link (issue 17): a 5 MB photo goes up and comes down through a link that is
cut again and again, each transfer continuing where the cut left it (never from the start), and the
file that arrives has the right hash; the queue's photo previews are fetched ahead."""

from __future__ import annotations

import hashlib
import io
import os

import pytest

from lapor_desk.sync import attachments
from lapor_server.previews import preview_path
from tests.e2e.world import World
from tests.support.faultproxy import FaultProxy, Faults

SIZE = 5 * 1024 * 1024


@pytest.fixture
def proxy(world: World):
    with FaultProxy(("127.0.0.1", world.srv.port), seed=17) as p:
        yield p


def _sync_until_done(desk, rounds: int = 12):
    for _ in range(rounds):
        r = desk.sync()
        if r.error is None and r.pending_after == 0:
            return r
    raise AssertionError(f"still not through after {rounds} runs: {r.error!r}")


def test_a_5_mb_photo_survives_a_link_cut_again_and_again(world: World, proxy, tmp_path):
    [rid] = world.create_reports(1)
    desk = world.desk(url=f"https://127.0.0.1:{proxy.port}")
    desk.timeouts = (5.0, 10.0)
    assert desk.sync().error is None
    photo = tmp_path / "foto-jalan.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(SIZE - 4))
    sha = desk.actions.attach_file(photo).sha256
    op = desk.respond(rid, "Foto lokasi terlampir.", attachments=[sha])

    # ~1 MB/s, every connection cut about every 1.5 s: a 5 MB file needs ~5 s, so a transfer
    # that started over after each cut would never finish.
    proxy.set(Faults(bandwidth=1_000_000, cut_every=1.5, cut_jitter=0.2))
    before = proxy.stats()
    _sync_until_done(desk)
    up = proxy.stats()
    assert up.cuts - before.cuts >= 2, "the link was never cut during the upload"
    assert up.bytes_up - before.bytes_up < 1.6 * SIZE  # resumed, not resent
    stored = world.srv.attachments_dir / sha[:2] / sha[2:4] / sha
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == sha
    assert world.sql("SELECT count(*) FROM report_events WHERE op_id = :o", o=op)[0][0] == 1

    # The coordinator's desk, on the same cut link, opens the photo: resumed with Range.
    koord = world.desk("koord", url=f"https://127.0.0.1:{proxy.port}", name="koord-field")
    koord.timeouts = (5.0, 10.0)
    proxy.reset_faults(live=True)
    assert koord.sync().error is None
    proxy.set(Faults(bandwidth=1_000_000, cut_every=1.5, cut_jitter=0.2))
    before = proxy.stats()
    transport = koord.transport_factory(__import__("threading").Event())
    transport.token = koord.token
    got = None
    for _ in range(10):  # each call resumes the `.part` file the previous one left
        try:
            got = attachments.fetch(koord.store, transport, sha)
            break
        except Exception as err:
            last = err
    else:
        raise AssertionError(f"download never finished: {last!r}")
    transport.close()
    down = proxy.stats()
    assert down.cuts - before.cuts >= 2, "the link was never cut during the download"
    assert down.bytes_down - before.bytes_down < 1.6 * SIZE
    kept = attachments.read_file(koord.store, got, sha)  # verified (and opened when sealed)
    assert hashlib.sha256(kept).hexdigest() == sha
    assert not any((got.parent / attachments.PARTIAL_DIR).iterdir())  # no leftover piece
    proxy.reset_faults(live=True)
    world.check(desk, converged=True)


def test_previews_of_the_queue_are_fetched_ahead_within_the_budget(world: World, tmp_path):
    from PIL import Image

    ids = world.create_reports(3)
    desk = world.desk()
    assert desk.sync().error is None
    shas = []
    for i, rid in enumerate(ids):
        buf = io.BytesIO()
        Image.new("RGB", (2400, 1800), (40 * i, 120, 200)).save(buf, "JPEG", quality=95)
        path = tmp_path / f"foto-{i}.jpg"
        path.write_bytes(buf.getvalue())
        sha = desk.actions.attach_file(path).sha256
        desk.respond(rid, f"Foto {i}", attachments=[sha])
        shas.append(sha)
    r = _sync_until_done(desk)
    # made at upload, on the server
    for sha in shas:
        made = preview_path(world.srv.attachments_dir, sha)
        assert made.is_file() and made.stat().st_size <= 30_000
        with Image.open(made) as im:
            assert max(im.size) <= 640
    # fetched ahead by the desk that answered (its own photos come back in its queue) ...
    fresh = world.desk(name="second-laptop")
    fresh.engine.preview_budget = 10**6
    r = fresh.sync()
    assert r.error is None and r.previews == 3
    for sha in shas:
        have = attachments.read_preview(fresh.store, sha)
        assert have is not None and have[:3] == b"\xff\xd8\xff"
    # ... and never past the budget: with room for one, one arrives
    third = world.desk(name="third-laptop")
    third.engine.preview_budget = 1
    assert third.sync().previews == 1
