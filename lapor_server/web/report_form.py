"""The report form (`GET/POST /buat-laporan`) and its confirmation page.

Works as a plain multipart form without script. A submission goes, in this order, through the
address rate limit, CSRF, the honeypot and minimum fill time, the field checks (the visitor's
language, every value kept), the human check, the photos (shared upload checks), and the intake
code path every channel uses (`routers.intake.create_from_intake`), with an `external_id` made
from the form instance: a retry after a cut link finds the report it already made instead of
making a second one. The confirmation shows the tracking id and the follow-up code (the intake's
reporter token) once; neither is ever in a URL.
"""

from __future__ import annotations

import math
import uuid
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from lapor_core.wire import CLASSIFICATIONS, MAX_TEXT, MAX_TITLE
from lapor_server.errors import Problem
from lapor_server.routers.intake import create_from_intake
from lapor_server.web import human, limits, photos
from lapor_server.web.channel import Choices, channel_of, choices
from lapor_server.web.edge import read_form
from lapor_server.web.guard import Csrf, sign, web_secret
from lapor_server.web.i18n import Lang, lang_of
from lapor_server.web.render import page

router = APIRouter()

PATH = "/buat-laporan"
TEXT_FIELDS = (
    "classification",
    "category",
    "district",
    "village",
    "title",
    "body",
    "incident_date",
    "address",
    "lat",
    "lon",
    "name",
    "phone",
    "email",
    "answer",
)
FLAGS = ("anonim", "rahasia")
_LIMITS = {
    "title": MAX_TITLE,
    "body": MAX_TEXT,
    "address": 500,
    "village": 200,
    "name": 200,
    "phone": 64,
    "email": 200,
}
_INTAKE_REASONS = {
    "future_date": ("incident_date", "err_date_future"),
    "date_too_old": ("incident_date", "err_date_old"),
    "unknown_code": ("category", "err_choice"),
    "attachment_missing": ("photos", "err_photo_again"),
}


def _form_state(request: Request, form_id: str | None = None) -> dict[str, Any]:
    secret = web_secret(request)
    form_id = form_id or str(uuid.uuid4())
    ts, signature = human.stamp(secret, form_id, request.app.state.clock())
    q = human.question(secret, form_id)
    return {"form_id": form_id, "ts": ts, "ts_sig": signature, "q": q}


def _render(
    request: Request,
    lang: Lang,
    *,
    values: dict[str, str],
    errors: dict[str, str],
    csrf: Csrf | None = None,
    form_id: str | None = None,
    status: int = 200,
    **extra: Any,
) -> HTMLResponse:
    ch = choices(request.app.state.db)
    return page(
        request,
        "report_form.html",
        lang=lang,
        csrf=csrf,
        status=status,
        values=values,
        errors=errors,
        choices=ch,
        classifications=CLASSIFICATIONS,
        max_photos=photos.MAX_PHOTOS,
        honeypot=human.HONEYPOT,
        **_form_state(request, form_id),
        **extra,
    )


@router.get(PATH, response_class=HTMLResponse)
def show_form(request: Request) -> HTMLResponse:
    return _render(request, lang_of(request), values={"classification": "pengaduan"}, errors={})


def _clean(form: FormData) -> dict[str, str]:
    values = {}
    for key in TEXT_FIELDS:
        raw = form.get(key)
        values[key] = raw.strip() if isinstance(raw, str) else ""
    for key in FLAGS:
        values[key] = "1" if form.get(key) in ("1", "on", "ya") else ""
    values["classification"] = values["classification"] or "pengaduan"  # the intake's default
    return values


def _number(text: str, low: float, high: float) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and low <= value <= high else None


def check_fields(values: dict[str, str], ch: Choices) -> dict[str, str]:
    """field -> catalogue key of what is wrong with it (empty when nothing is)."""
    errors: dict[str, str] = {}
    if not values["body"]:
        errors["body"] = "err_body_required"
    for key, limit in _LIMITS.items():
        if len(values[key]) > limit:
            errors[key] = "err_too_long"
    if any("\x00" <= c < " " and c not in "\t\n\r" for v in values.values() for c in v):
        errors["body"] = "err_control"
    if values["classification"] not in CLASSIFICATIONS:
        errors["classification"] = "err_choice"
    if values["category"] and values["category"] not in ch.category_codes():
        errors["category"] = "err_choice"
    district = ch.district(values["district"]) if values["district"] else None
    if values["district"] and district is None:
        errors["district"] = "err_choice"
    if values["village"]:
        if district is None:
            errors.setdefault("village", "err_village_needs_district")
        elif values["village"] not in district[2]:
            errors["village"] = "err_village"
    if values["incident_date"]:
        try:
            date.fromisoformat(values["incident_date"])
        except ValueError:
            errors["incident_date"] = "err_date"
    if values["lat"] or values["lon"]:
        lat = _number(values["lat"], -90, 90)
        lon = _number(values["lon"], -180, 180)
        if lat is None or lon is None:
            errors["location"] = "err_pin"
    phone = values["phone"]
    if phone and not all(c.isdigit() or c in "+-() " for c in phone):
        errors["phone"] = "err_phone"
    email = values["email"]
    if email and (email.count("@") != 1 or "." not in email.split("@")[1] or " " in email):
        errors["email"] = "err_email"
    return errors


def _title(values: dict[str, str]) -> str:
    if values["title"]:
        return values["title"]
    first = values["body"].splitlines()[0].strip() if values["body"] else ""
    if len(first) <= 80:
        return first
    cut = first[:80].rsplit(" ", 1)[0]
    return (cut or first[:80]) + "…"


def intake_fields(values: dict[str, str]) -> dict[str, Any]:
    """The intake's fields for a checked form (what every channel sends)."""
    located = bool(values["lat"] and values["lon"])
    return dict(
        title=_title(values),
        body=values["body"],
        classification=values["classification"],
        channel="akai_meno",
        category_code=values["category"] or None,
        district_code=values["district"] or None,
        village=values["village"] or None,
        address=values["address"] or None,
        lat=float(values["lat"]) if located else None,
        lon=float(values["lon"]) if located else None,
        incident_date=date.fromisoformat(values["incident_date"])
        if values["incident_date"]
        else None,
        is_anonymous=bool(values["anonim"]),
        is_secret=bool(values["rahasia"]),
        reporter_name=values["name"] or None,
        reporter_phone=values["phone"] or None,
        reporter_email=values["email"] or None,
    )


@router.post(PATH, response_class=HTMLResponse)
async def submit(request: Request) -> HTMLResponse:
    limited = limits.per_address(request)
    if limited is not None and not limits.worth_reading(request):
        return limits.refusal_page(request, lang_of(request), limited)
    form = await read_form(request, max_fields=60)
    if form is None:
        return limits.unreadable(request)
    lang = lang_of(request, {"lang": str(form.get("lang") or "")})
    values = _clean(form)
    form_id = str(form.get("form_id") or "")
    try:
        uuid.UUID(form_id)
    except ValueError:
        form_id = ""
    csrf = Csrf(request)
    kept = {"values": values, "csrf": csrf, "form_id": form_id or None}
    if limited is not None:
        return _render(
            request, lang, errors={"form": "err_rate"}, status=429, minutes=limited.minutes, **kept
        )
    if not csrf.valid(str(form.get("csrf") or "")) or not form_id:
        return _render(request, lang, errors={"form": "err_csrf"}, status=403, **kept)
    secret = web_secret(request)
    served = human.served_at(secret, form_id, str(form.get("ts") or ""), str(form.get("ts_sig")))
    now = request.app.state.clock()
    settings = request.app.state.settings
    if (
        form.get(human.HONEYPOT)
        or served is None
        or now.timestamp() - served < settings.web_min_fill_seconds
    ):
        return _render(request, lang, errors={"form": "err_robot"}, status=400, **kept)
    db = request.app.state.db
    errors = await run_in_threadpool(check_fields, values, choices(db))
    if not human.answered(human.question(secret, form_id), values["answer"]):
        errors["answer"] = "err_answer"
    files = photos.chosen([f for f in form.getlist("photos") if isinstance(f, UploadFile)])
    if len(files) > photos.MAX_PHOTOS:
        errors["photos"] = "err_photo_count"
    if errors:
        if files:
            errors.setdefault("photos", "err_photo_again")
        return _render(request, lang, errors=errors, status=422, **kept)
    channel = channel_of(request)
    try:
        attachments = await photos.store(
            files, db, settings, channel, now, budget=lambda n: limits.photo_bytes(request, n)
        )
    except photos.PhotoError as exc:
        errors["photos"] = exc.key
        return _render(request, lang, errors=errors, status=422, photo_number=exc.number, **kept)
    external_id = "akai-" + sign(secret, "report", csrf.value, form_id)[:40]
    try:
        report, _created = await run_in_threadpool(
            lambda: create_from_intake(
                db,
                channel,
                now=now,
                fields=intake_fields(values),
                attachments=attachments,
                external_id=external_id,
            )
        )
    except Problem as exc:
        field, key = _INTAKE_REASONS.get(exc.extra.get("reason", ""), ("form", "err_intake"))
        return _render(request, lang, errors={field: key}, status=422, **kept)
    return page(
        request,
        "confirmation.html",
        lang=lang,
        csrf=csrf,
        tracking_id=report.tracking_id,
        code=report.reporter_token,
        anonymous=bool(values["anonim"]),
        secret=bool(values["rahasia"]),
        email=bool(values["email"]),
    )
