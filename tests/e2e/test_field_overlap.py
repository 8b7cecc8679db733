"""Photos go up while the feed comes down (issue 17, field day): a run with photos waiting reads the
feed (and fetches the previews it brings) during the uploads, then sends the ops and reads the
feed once more, so the convergence check sees the officer's own work. A failed upload loses
nothing: what was read is kept, the op waits for the next run and is applied exactly once."""

from __future__ import annotations

import io
import threading

import pytest

from tests.e2e.scripted_server import ScriptedTlsServer, http_response, tls_front
from tests.e2e.world import World


@pytest.fixture
def front(world: World, tmp_path):
    with tls_front(world, tmp_path, read_timeout=10) as front:
        yield front


def _photo(tmp_path, shade: int) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    im = Image.new("RGB", (800, 600), (shade, 200, 40))
    im.paste((10, 10, 250), (shade, 20, shade + 100, 120))
    im.save(buf, "JPEG", quality=90)
    return buf.getvalue()


def _kinds(srv: ScriptedTlsServer, since: int) -> list[str]:
    out = []
    for method, path, _, _ in srv.requests[since:]:
        p = path.split("?")[0]
        if p.startswith("/api/v1/feed"):
            out.append("feed")
        elif p == "/api/v1/ops":
            out.append("ops")
        elif method == "PUT":
            out.append("put")
    return out


def _answered_with_a_photo(world: World, make, tmp_path, name: str, news: int, shade: int):
    """A synced desk that then answers a report with a photo offline, while `news` new reports
    reach its OPD: (desk, the new reports' ids, the answer's op id)."""
    ids = world.create_reports(2)
    desk = make(name)
    assert desk.sync().error is None
    new_ids = world.create_reports(news, title="Laporan siang")
    path = tmp_path / f"foto-{shade}.jpg"
    path.write_bytes(_photo(tmp_path, shade))
    sha = desk.actions.attach_file(path).sha256
    op = desk.respond(ids[0], "Foto lokasi terlampir.", attachments=[sha])
    return desk, new_ids, op


def test_the_feed_is_read_while_a_photo_goes_up_and_again_after_the_ops(
    world: World, front, tmp_path
):
    srv, fwd, box, make = front
    desk, news, op = _answered_with_a_photo(world, make, tmp_path, "overlap-laptop", 3, 30)

    feed_seen = threading.Event()

    def hold_the_upload_until_the_feed(method, p, headers, body):
        if p.startswith("/api/v1/feed"):
            feed_seen.set()
        if method == "PUT":
            # A serial run would read the feed only after this answer: it would wait here in vain.
            feed_seen.wait(8)
        return fwd(method, p, headers, body)

    box["handler"] = hold_the_upload_until_the_feed
    since = len(srv.requests)
    r = desk.sync()
    assert r.error is None and r.pending_after == 0 and r.uploaded == 1
    kinds = _kinds(srv, since)
    assert kinds.index("feed") < kinds.index("ops")  # read during the upload ...
    assert "feed" in kinds[kinds.index("ops") :]  # ... and once more after the ops
    assert r.check == "ok"
    assert set(news) <= set(desk.reports())
    assert world.sql("SELECT count(*) FROM report_events WHERE op_id = :o", o=op)[0][0] == 1
    world.check(desk, converged=True)


def test_a_failed_upload_keeps_what_was_read_and_sends_the_op_next_time(
    world: World, front, tmp_path
):
    srv, fwd, box, make = front
    desk, news, op = _answered_with_a_photo(world, make, tmp_path, "refused-upload-laptop", 2, 90)

    busy = http_response(503, {"title": "busy", "status": 503}, "application/problem+json")
    box["handler"] = lambda m, p, h, b: busy if m == "PUT" else fwd(m, p, h, b)
    since = len(srv.requests)
    r = desk.sync()
    assert r.error is not None and r.error.status == 503
    assert "ops" not in _kinds(srv, since)  # the op never left without its photo
    assert set(news) <= set(desk.reports())  # what the read-ahead applied is kept
    assert desk.outbox()[op].state == "pending"
    assert world.sql("SELECT count(*) FROM report_events WHERE op_id = :o", o=op)[0][0] == 0

    box["handler"] = fwd
    r = desk.sync()
    assert r.error is None and r.pending_after == 0
    assert world.sql("SELECT count(*) FROM report_events WHERE op_id = :o", o=op)[0][0] == 1
    world.check(desk, converged=True)
