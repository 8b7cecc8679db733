"""The reporter's page, linked from each e-mail: `/lapor/{tracking_id}?t=<reporter token>`.

Shows the report's public conversation (exactly the entries every other output carries) and two
forms: a reply (re-opens a completed report inside its window, like any reply) and, after a final
answer, the rating. Plain HTML in Indonesian, no script, every text escaped; the token travels
in the query on the first visit and in a hidden field after; `Referrer-Policy: no-referrer` and a
strict CSP keep it on this page. A wrong token answers 404, as for a report that does not exist.
"""

from __future__ import annotations

import html
import logging
import re
import urllib.parse

import sqlalchemy as sa
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from lapor_core.workflow import LABELS_ID, Status
from lapor_server.citizen import tokens
from lapor_server.citizen.conversation import conversation
from lapor_server.conflicts import format_time
from lapor_server.db import Database
from lapor_server.deps import Db, Now
from lapor_server.errors import Problem
from lapor_server.models import Report

router = APIRouter(prefix="/lapor", tags=["reporter page"], include_in_schema=False)

_TOKEN_IN_QUERY = re.compile(r"([?&]t=)[^&\s]*")


class _RedactTokens(logging.Filter):
    """The access log shows `/lapor/<id>?t=…` without the token (it speaks for the reporter)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and any(
            isinstance(a, str) and "t=" in a for a in record.args
        ):
            record.args = tuple(
                _TOKEN_IN_QUERY.sub(r"\1…", a) if isinstance(a, str) else a for a in record.args
            )
        return True


_REDACT = _RedactTokens()
logging.getLogger("uvicorn.access").addFilter(_REDACT)

_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
}
e = html.escape


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    doc = (
        '<!doctype html><html lang="id"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(title)}</title><style>body{{font-family:sans-serif;max-width:40em;"
        "margin:1em auto;padding:0 1em}li{margin:.6em 0}.who{color:#555;font-size:.9em}"
        "textarea{width:100%}</style></head><body>"
        f"<h1>{e(title)}</h1>{body}<p><small>SP4N-LAPOR! Kabupaten Mimika</small></p></body></html>"
    )
    return HTMLResponse(doc, status_code=status, headers=_HEADERS)


def _not_found() -> HTMLResponse:
    return _page(
        "Laporan tidak ditemukan",
        "<p>Tautan ini tidak berlaku. Periksa kembali tautan dari e-mail Anda, atau hubungi kanal "
        "tempat Anda melapor dengan menyebut nomor pelacakan.</p>",
        404,
    )


def _load(db: Database, tracking_id: str, token: str | None) -> Report | None:
    tid = tracking_id.strip().upper()[:32]
    with db.read() as s:
        report = s.scalar(sa.select(Report).where(Report.tracking_id == tid))
        if report is None or not tokens.valid(s, report.id, token):
            return None
        s.expunge(report)
        return report


def _render(db: Database, report: Report, token: str, notice: str = "") -> HTMLResponse:
    with db.read() as s:
        entries = conversation(s, report.id)
    items = "".join(
        f"<li><div class=who>{e(format_time(u.created_at))}"
        f"{' — ' + e(u.speaker) if u.speaker else ''}</div>{e(u.description)}</li>"
        for u in entries
    )
    status = LABELS_ID[Status(report.status)]
    action = f"/lapor/{urllib.parse.quote(report.tracking_id)}"
    hidden = f'<input type=hidden name=t value="{e(token)}">'
    forms = ""
    if report.status != Status.ARCHIVED.value and report.closed_at is None:
        forms += (
            f'<h2>Tanggapi</h2><form method=post action="{e(action)}">{hidden}'
            "<input type=hidden name=action value=reply>"
            "<textarea name=text rows=4 required maxlength=20000></textarea>"
            "<p><button>Kirim tanggapan</button></p></form>"
        )
    if report.status == Status.COMPLETED.value:
        options = "".join(
            f'<label><input type=radio name=score value="{n}" required> {n}</label> '
            for n in range(1, 6)
        )
        forms += (
            f'<h2>Beri penilaian</h2><form method=post action="{e(action)}">{hidden}'
            "<input type=hidden name=action value=rating>"
            f"<p>1 = sangat tidak puas, 5 = sangat puas<br>{options}</p>"
            "<textarea name=text rows=3 maxlength=2000 placeholder=Komentar></textarea>"
            "<p><button>Kirim penilaian</button></p></form>"
        )
    body = (
        (f"<p><b>{e(notice)}</b></p>" if notice else "")
        + f"<p>Nomor pelacakan: <b>{e(report.tracking_id)}</b><br>Status: {e(status)}</p>"
        + f"<h2>Percakapan</h2><ol>{items}</ol>{forms}"
    )
    return _page(f"Laporan {report.tracking_id}", body)


@router.get("/{tracking_id}", response_class=HTMLResponse)
def show(*, tracking_id: str, t: str | None = None, db: Db) -> HTMLResponse:
    report = _load(db, tracking_id, t)
    if report is None:
        return _not_found()
    return _render(db, report, t or "")


@router.post("/{tracking_id}", response_class=HTMLResponse)
async def act(
    tracking_id: str,
    request: Request,
    db: Db,
    now: Now,
) -> HTMLResponse:
    from starlette.concurrency import run_in_threadpool

    raw = (await request.body()).decode("utf-8", "replace")
    form = dict(urllib.parse.parse_qsl(raw, keep_blank_values=True, max_num_fields=10))
    token = form.get("t", "")
    report = await run_in_threadpool(_load, db, tracking_id, token)
    if report is None:
        return _not_found()
    text = form.get("text", "").strip()
    try:
        if form.get("action") == "rating":
            from lapor_server.routers.reporter import rate

            score = int(form.get("score", "0")) if form.get("score", "").isdigit() else 0
            await run_in_threadpool(
                lambda: rate(
                    db, report.tracking_id, score, text, now, channel=None, reporter_token=token
                )
            )
            notice = "Terima kasih, penilaian Anda sudah kami terima."
        elif text:
            from lapor_server.routers.reporter import add_reply

            await run_in_threadpool(
                lambda: add_reply(
                    db,
                    report.tracking_id,
                    text[:20000],
                    None,
                    now,
                    channel=None,
                    reporter_token=token,
                )
            )
            notice = "Terima kasih, tanggapan Anda sudah kami terima."
        else:
            notice = "Tulis tanggapan Anda terlebih dahulu."
    except Problem as exc:
        notice = exc.detail
    fresh = await run_in_threadpool(_load, db, tracking_id, token)
    return await run_in_threadpool(_render, db, fresh or report, token, notice)
