"""Helpers for Akai Meno's tests: a browser-like client and form filling as a person does."""

from __future__ import annotations

import html
import re
from typing import Any

from fastapi.testclient import TestClient

_HIDDEN = re.compile(r'<input type="hidden" name="([a-z_]+)" (?:id="[^"]*" )?value="([^"]*)"')
_SUM = re.compile(r"(?:berapa|what is) (\d+) (?:tambah|plus) (\d+)")


def browser(world: Any) -> TestClient:
    """A client over https (the CSRF cookie is Secure) on the world's app."""
    return TestClient(
        world.client.app, base_url="https://testserver", raise_server_exceptions=False
    )


def hidden_fields(page: str) -> dict[str, str]:
    return {k: html.unescape(v) for k, v in _HIDDEN.findall(page)}


def answer_of(page: str) -> str:
    m = _SUM.search(page)
    assert m, "no safety question on the page"
    return str(int(m.group(1)) + int(m.group(2)))


def fill(page: str, **values: Any) -> dict[str, Any]:
    """The form's hidden fields plus a right answer and `values` (a person's typing)."""
    data: dict[str, Any] = {**hidden_fields(page), "answer": answer_of(page)}
    data.update(values)
    return {k: v for k, v in data.items() if v is not None}


def open_form(client: TestClient, world: Any, lang: str = "") -> str:
    r = client.get("/buat-laporan" + (f"?lang={lang}" if lang else ""))
    assert r.status_code == 200, r.text
    world.clock.advance(seconds=30)  # a person takes a while to fill it
    return r.text


def jpeg(size: int = 2000) -> bytes:
    """A small real JPEG (the magic bytes are checked)."""
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buf, "JPEG")
    return buf.getvalue()


def file_report(client: TestClient, world: Any, **values: Any) -> tuple[str, str]:
    """File a report through the form as a citizen; (tracking id, follow-up code)."""
    page = open_form(client, world)
    r = client.post("/buat-laporan", data=fill(page, **values))
    assert r.status_code == 200, r.text[:2000]
    tid = r.text.split('id="nomor">')[1].split("<")[0]
    code = r.text.split('id="kode">')[1].split("<")[0]
    return tid, code


def walk(world: Any, tracking_id: str, *steps: str, agency: str = "dinas_pupr") -> None:
    """Move a report through the op engine as the desks would (verify, dispatch, answer…)."""
    import uuid

    import sqlalchemy as sa

    from lapor_server.models import Report
    from lapor_server.ops import OpActor, OpIn, apply_in_session

    koor = OpActor("koordinator", None, "Koordinator Uji", None)
    petugas = OpActor("petugas", agency, "Petugas Uji", None)
    known = {
        "verify": (koor, "verify", {}),
        "secret": (koor, "verify", {"is_secret": True}),
        "dispatch": (koor, "dispatch", {"agency_code": agency}),
        "answer": (petugas, "respond", {"text": "Tim sudah meninjau lokasi.", "final": False}),
        "final": (petugas, "respond", {"text": "Lampu sudah diganti.", "final": True}),
        "note": (petugas, "note", {"text": "Catatan internal Zqx rahasia."}),
        "archive": (koor, "archive", {"reason": "spam"}),
    }
    with world.db.read() as s:
        report_id = s.scalar(sa.select(Report.id).where(Report.tracking_id == tracking_id))
    for step in steps:
        actor, kind, payload = known[step]
        with world.db.write() as s:
            res = apply_in_session(
                s, actor, OpIn(str(uuid.uuid4()), kind, report_id, payload), world.clock()
            )
            assert res.outcome == "applied", (step, res)
