"""The tracking page, `/lacak/MMK-…`: the report's public conversation, and with the follow-up
code the reporter's own actions (docs/akai-meno.md, "Tracking").

Without the code a page shows exactly what Open311 already publishes of that id
(`routers.open311.queries`: secret reports are not there at all; a report not verified yet only
exists with its stage) and the public entries `servicerequestupdates` carries. An id that Open311
does not show gets the same answer whether it exists or not.

With the code (POST bodies only, never a URL; checked against the report's hashed reporter
tokens) the reporter sees their whole conversation (`citizen.conversation`, as the channel feed
gives it) and may reply, add photos (the reply path every channel uses:
`routers.reporter.add_reply`, so a completed report re-opens in the officer's queue) and rate a
final answer (`routers.reporter.rate`). A wrong code reads the same as an unknown id.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from lapor_core.conversation import FROM_REPORTER
from lapor_core.wire import MAX_TEXT
from lapor_core.workflow import Status
from lapor_server.citizen import tokens
from lapor_server.citizen.conversation import conversation
from lapor_server.citizen.ratings import MAX_COMMENT
from lapor_server.citizen.tables import PublicUpdate
from lapor_server.db import Database
from lapor_server.errors import Problem
from lapor_server.models import Report, ReportAttachment, ReportEvent
from lapor_server.routers.open311 import queries
from lapor_server.routers.reporter import add_reply, rate
from lapor_server.web import limits, photos
from lapor_server.web.channel import channel_of
from lapor_server.web.edge import read_form
from lapor_server.web.guard import Csrf
from lapor_server.web.i18n import Lang, lang_of
from lapor_server.web.public import stage_label, when
from lapor_server.web.render import page

router = APIRouter()

_TRACKING_ID = re.compile(r"^[A-Z]{3}-[A-Z0-9-]{4,28}$")
_REFUSALS = {
    "closed": "err_reply_closed",
    "status": "err_reply_archived",
    "not_final": "err_rate_not_final",
    "already_rated": "err_rate_done",
    "score": "err_rate_score",
}


def normal_id(text: str) -> str | None:
    tid = text.strip().upper()
    return tid if _TRACKING_ID.match(tid) else None


@dataclass(frozen=True, slots=True)
class Public:
    """What Open311 shows of one id, and its public conversation."""

    request: Any  # open311 ServiceRequest
    status: Status
    entries: list[Any]


def public_view(db: Database, tid: str) -> Public | None:
    r = Report.__table__.c
    u = PublicUpdate.__table__.c
    with db.read() as s:
        row = s.execute(queries._select().where(r.tracking_id == tid)).first()
        if row is None:
            return None
        entries: list[Any] = []
        if row.verified_at is not None and row.status != Status.UNVERIFIED.value:
            entries = list(
                s.execute(
                    sa.select(u.kind, u.description, u.speaker, u.created_at)
                    .join(Report.__table__, r.id == u.report_id)
                    .where(r.tracking_id == tid, u.kind.not_in(sorted(FROM_REPORTER)))
                    .order_by(u.seq, u.id)
                ).all()
            )
    return Public(queries._to_request(row), Status(row.status), entries)


@dataclass(frozen=True, slots=True)
class Private:
    tracking_id: str
    status: Status
    submitted_at: Any
    entries: list[Any]
    may_reply: bool
    may_rate: bool
    photo_count: int
    #: the follow-up code the visitor gave (goes back only into this page's POST forms)
    code: str


def private_view(db: Database, tid: str, code: str) -> Private | None:
    """The reporter's view when `code` is a follow-up code of report `tid`, else None."""
    with db.read() as s:
        report = s.scalar(sa.select(Report).where(Report.tracking_id == tid))
        # the token is looked up whether or not the id exists: no timing tells a secret id
        if not tokens.valid(s, report.id if report else "", code) or report is None:
            return None
        rated = False
        if report.status == Status.COMPLETED.value and report.completed_at is not None:
            rated = (
                s.scalar(
                    sa.select(ReportEvent.id)
                    .where(
                        ReportEvent.report_id == report.id,
                        ReportEvent.kind == "rating",
                        ReportEvent.created_at >= report.completed_at,
                    )
                    .limit(1)
                )
                is not None
            )
        count = s.scalar(
            sa.select(sa.func.count())
            .select_from(ReportAttachment)
            .where(ReportAttachment.report_id == report.id)
        )
        return Private(
            tracking_id=report.tracking_id,
            status=Status(report.status),
            submitted_at=report.submitted_at,
            entries=conversation(s, report.id),
            may_reply=report.status != Status.ARCHIVED.value and report.closed_at is None,
            may_rate=report.status == Status.COMPLETED.value and not rated,
            photo_count=count or 0,
            code=code,
        )


def _show(
    request: Request,
    lang: Lang,
    tid: str,
    *,
    csrf: Csrf | None = None,
    private: Private | None = None,
    errors: dict[str, str] | None = None,
    notice: str | None = None,
    typed: dict[str, str] | None = None,
    status: int | None = None,
) -> HTMLResponse:
    public = None if private else public_view(request.app.state.db, tid)
    if status is None:
        status = 200 if (public or private) else 404
    return page(
        request,
        "tracking.html",
        lang=lang,
        csrf=csrf,
        status=status,
        tid=tid,
        public=public,
        private=private,
        code_value=private.code if private else "",
        errors=errors or {},
        notice=notice,
        typed=typed or {},
        reply_id=str(uuid.uuid4()),
        stage=lambda st: stage_label(st, lang),
        when=lambda t: when(t if isinstance(t, str) else t.isoformat(), lang),
        max_photos=photos.MAX_PHOTOS,
        max_text=MAX_TEXT,
        max_comment=MAX_COMMENT,
    )


@router.get("/lacak", response_class=HTMLResponse)
def find(request: Request) -> HTMLResponse:
    lang = lang_of(request)
    given = request.query_params.get("nomor")
    if given is not None:
        tid = normal_id(given[:40])
        if tid:
            return RedirectResponse(lang.url(f"/lacak/{tid}"), status_code=303)  # type: ignore[return-value]
    return page(
        request,
        "track_find.html",
        lang=lang,
        status=422 if given is not None else 200,
        given=(given or "")[:40],
        error="err_tracking_id" if given is not None else None,
    )


@router.get("/lacak/{tracking_id}", response_class=HTMLResponse)
def show(request: Request, tracking_id: str) -> HTMLResponse:
    lang = lang_of(request)
    tid = normal_id(tracking_id[:40]) or "MMK-?"
    return _show(request, lang, tid)


def _text(form: FormData, key: str) -> str:
    value = form.get(key)
    return value.strip() if isinstance(value, str) else ""


@router.post("/lacak/{tracking_id}", response_class=HTMLResponse)
async def act(request: Request, tracking_id: str) -> HTMLResponse:
    limited = limits.per_address(request)
    if limited is not None and not limits.worth_reading(request):
        return limits.refusal_page(request, lang_of(request), limited)
    form = await read_form(request, max_fields=20)
    if form is None:
        return limits.unreadable(request)
    lang = lang_of(request, {"lang": _text(form, "lang")})
    tid = normal_id(tracking_id[:40]) or "MMK-?"
    code = _text(form, "kode")[:200]
    action = _text(form, "aksi")
    typed = {"teks": _text(form, "teks"), "skor": _text(form, "skor")}
    csrf = Csrf(request)
    db = request.app.state.db
    if limited is not None:
        private = await run_in_threadpool(private_view, db, tid, code) if code else None
        return _show(
            request, lang, tid, csrf=csrf, private=private, errors={"form": "err_rate_track"},
            typed=typed, status=429, notice=lang("err_rate_track", minutes=limited.minutes),
        )  # fmt: skip
    if not csrf.valid(_text(form, "csrf")):
        private = await run_in_threadpool(private_view, db, tid, code) if code else None
        return _show(
            request, lang, tid, csrf=csrf, private=private, typed=typed, status=403,
            errors={"form": "err_csrf_track"},
        )  # fmt: skip
    private = await run_in_threadpool(private_view, db, tid, code)
    if private is None:
        return _show(request, lang, tid, csrf=csrf, errors={"kode": "err_code"}, status=403)
    if action not in ("balas", "nilai"):
        return _show(request, lang, tid, csrf=csrf, private=private)
    try:
        limits.per_code(request, code)
    except limits.Limited as exc:
        notice = lang("err_rate_track", minutes=exc.minutes)
        return _show(
            request, lang, tid, csrf=csrf, private=private, typed=typed, status=429,
            errors={"form": "err_rate_track"}, notice=notice,
        )  # fmt: skip
    if action == "balas":
        return await _reply(request, lang, csrf, private, code, form, typed)
    return await _rate(request, lang, csrf, private, code, typed)


async def _reply(
    request: Request,
    lang: Lang,
    csrf: Csrf,
    private: Private,
    code: str,
    form: FormData,
    typed: dict[str, str],
) -> HTMLResponse:
    db, settings, now = request.app.state.db, request.app.state.settings, request.app.state.clock()
    tid = private.tracking_id
    files = photos.chosen([f for f in form.getlist("photos") if isinstance(f, UploadFile)])
    text = typed["teks"]
    errors: dict[str, str] = {}
    if not text and not files:
        errors["teks"] = "err_reply_empty"
    elif len(text) > MAX_TEXT:
        errors["teks"] = "err_too_long"
    if len(files) > photos.MAX_PHOTOS:
        errors["photos"] = "err_photo_count"
    reply_id = _text(form, "reply_id")
    try:
        uuid.UUID(reply_id)
    except ValueError:
        errors["form"] = "err_csrf_track"
    if errors:
        return _show(
            request, lang, tid, csrf=csrf, private=private, errors=errors, typed=typed, status=422
        )
    try:
        stored = await photos.store(
            files,
            db,
            settings,
            channel_of(request),
            now,
            first=private.photo_count + 1,
            budget=lambda n: limits.photo_bytes(request, n),
        )
    except photos.PhotoError as exc:
        return _show(
            request, lang, tid, csrf=csrf, private=private, typed=typed, status=422,
            errors={"photos": exc.key}, notice=lang(exc.key, n=exc.number),
        )  # fmt: skip
    body = text or ("Pelapor menambahkan foto." if stored else "")
    try:
        await run_in_threadpool(
            lambda: add_reply(
                db,
                tid,
                body,
                reply_id,
                now,
                channel=None,
                reporter_token=code,
                attachments=stored,
            )
        )
    except Problem as exc:
        key = _REFUSALS.get(exc.extra.get("reason", ""), "err_reply_refused")
        return _show(
            request, lang, tid, csrf=csrf, private=private, typed=typed, status=409,
            errors={"teks": key},
        )  # fmt: skip
    fresh = await run_in_threadpool(private_view, db, tid, code)
    return _show(request, lang, tid, csrf=csrf, private=fresh, notice=lang("done_reply"))


async def _rate(
    request: Request,
    lang: Lang,
    csrf: Csrf,
    private: Private,
    code: str,
    typed: dict[str, str],
) -> HTMLResponse:
    db, now = request.app.state.db, request.app.state.clock()
    tid = private.tracking_id
    score = int(typed["skor"]) if typed["skor"] in ("1", "2", "3", "4", "5") else 0
    comment = typed["teks"]
    errors = {}
    if not score:
        errors["skor"] = "err_rate_score"
    if len(comment) > MAX_COMMENT:
        errors["teks"] = "err_too_long"
    if errors:
        return _show(
            request, lang, tid, csrf=csrf, private=private, errors=errors, typed=typed, status=422
        )
    try:
        await run_in_threadpool(
            lambda: rate(db, tid, score, comment or None, now, channel=None, reporter_token=code)
        )
    except Problem as exc:
        key = _REFUSALS.get(exc.extra.get("reason", ""), "err_reply_refused")
        return _show(
            request, lang, tid, csrf=csrf, private=private, typed=typed, status=409,
            errors={"skor": key},
        )  # fmt: skip
    fresh = await run_in_threadpool(private_view, db, tid, code)
    return _show(request, lang, tid, csrf=csrf, private=fresh, notice=lang("done_rating"))
