"""Creating a service request (`POST requests.{json,xml}`): parse the form, check it, file a report.

A POST needs a channel API key (`api_key` or `X-Api-Key`), like the native intake. The body is
form-encoded (the spec) or a JSON object (accepted too). Refusals are `Refusal`s, which the route
renders in the endpoint's format.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from datetime import datetime
from typing import Any

from fastapi import Request

from lapor_core.wire import MAX_TITLE
from lapor_server.db import Database
from lapor_server.models import Category
from lapor_server.routers.intake import create_from_intake
from lapor_server.routers.open311.encoding import Refusal
from lapor_server.routers.open311.queries import posting_channel
from lapor_server.routers.open311.schemas import MAX_DESCRIPTION, CreatedRequest

_SURROGATE = re.compile("[\ud800-\udfff]")

POST_SCHEMA = {
    "type": "object",
    "required": ["api_key", "service_code"],
    "properties": {
        "api_key": {"type": "string"},
        "jurisdiction_id": {"type": "string"},
        "service_code": {"type": "string"},
        "lat": {"type": "number"},
        "long": {"type": "number"},
        "address_string": {"type": "string"},
        "address_id": {"type": "string"},
        "email": {"type": "string"},
        "device_id": {"type": "string"},
        "account_id": {"type": "string"},
        "first_name": {"type": "string"},
        "last_name": {"type": "string"},
        "phone": {"type": "string"},
        "description": {"type": "string", "maxLength": MAX_DESCRIPTION},
        "media_url": {"type": "string"},
        "attribute[anonim]": {"type": "string", "enum": ["true", "false"]},
        "attribute[rahasia]": {"type": "string", "enum": ["true", "false"]},
    },
}
POST_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/x-www-form-urlencoded": {"schema": POST_SCHEMA},
            "application/json": {"schema": POST_SCHEMA},
        },
    }
}


async def read_form(request: Request) -> dict[str, str]:
    """The POST parameters, form-encoded (the spec) or a JSON object (accepted too)."""
    raw = await request.body()
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "application/json":
        data = json.loads(raw or b"{}")
        if not isinstance(data, dict):
            raise ValueError("the JSON body must be an object")
        form = {str(k): "" if v is None else str(v) for k, v in data.items()}
    elif ctype in ("application/x-www-form-urlencoded", ""):
        pairs = urllib.parse.parse_qsl(
            raw.decode("utf-8"), keep_blank_values=True, strict_parsing=False, max_num_fields=100
        )
        form = dict(pairs)
    else:
        raise ValueError("send application/x-www-form-urlencoded (or application/json)")
    for key, value in form.items():
        # A lone surrogate (JSON `"\ud800"`) is no Unicode text: no database can store it.
        if _SURROGATE.search(key) or _SURROGATE.search(value):
            raise ValueError(f"{key[:40]!a} is not valid Unicode text (lone surrogate)")
    return form


def _title_from(description: str, service_name: str) -> str:
    first = description.strip().splitlines()[0] if description.strip() else service_name
    if len(first) > 100:
        first = first[:99].rstrip() + "…"
    return first[:MAX_TITLE] or service_name


def _float(form: dict[str, str], key: str, low: float, high: float) -> float | None:
    raw = form.get(key, "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{key} must be a number") from None
    if not (low <= value <= high):  # also refuses nan
        raise ValueError(f"{key} must be between {low:g} and {high:g}")
    return value


def _flag(form: dict[str, str], code: str) -> bool:
    """An `attribute[code]` of the service definition (true/false; absent: false)."""
    raw = form.get(f"attribute[{code}]", "").strip().lower()
    if raw in ("", "false"):
        return False
    if raw == "true":
        return True
    raise Refusal(400, f"attribute[{code}] must be true or false")


def create(request: Request, form: dict[str, str], db: Database, now: datetime) -> Any:
    """Create the report a POST describes (runs in a worker thread); refusals as `Refusal`."""
    channel = posting_channel(request, form, db)
    code = form.get("service_code", "").strip()
    if not code:
        raise Refusal(400, "service_code is required")
    with db.read() as s:
        category = s.get(Category, code) if len(code) <= 64 else None
    if category is None:
        raise Refusal(404, f"service_code '{code[:64]}' not found")
    try:
        lat = _float(form, "lat", -90, 90)
        lon = _float(form, "long", -180, 180)
    except ValueError as exc:
        raise Refusal(400, str(exc)) from None
    address = form.get("address_string", "").strip()[:500] or None
    address_id = form.get("address_id", "").strip()[:200] or None
    if (lat is None) != (lon is None):
        raise Refusal(400, "lat and long must be given together")
    if lat is None and not address and not address_id:
        raise Refusal(400, "a location is required: lat and long, address_string or address_id")
    description = form.get("description", "").strip()
    if not description:
        raise Refusal(400, "description is required")
    if len(description) > MAX_DESCRIPTION:
        raise Refusal(400, f"description may have at most {MAX_DESCRIPTION} characters")
    anonymous = _flag(form, "anonim")
    secret = _flag(form, "rahasia")
    if address_id and not address:
        address = f"address_id {address_id}"
    name = " ".join(
        p for p in (form.get("first_name", "").strip(), form.get("last_name", "").strip()) if p
    )[:200]
    body = description
    media = form.get("media_url", "").strip()
    if media:
        # Kept as text for the coordinator; the server never fetches outside URLs.
        body += f"\n\nFoto/media dari pelapor: {media[:1000]}"
    fields = dict(
        title=_title_from(description, category.name),
        body=body,
        classification="pengaduan",
        channel="open311",
        category_code=category.code,
        address=address,
        lat=lat,
        lon=lon,
        is_anonymous=anonymous,
        is_secret=secret,
        reporter_name=name or None,
        reporter_phone=form.get("phone", "").strip()[:64] or None,
        reporter_email=form.get("email", "").strip()[:200] or None,
    )
    report, _created = create_from_intake(
        db, channel, now=now, fields=fields, attachments=[], external_id=None
    )
    return [
        CreatedRequest(
            service_request_id=report.tracking_id,
            service_notice=(
                f"Laporan diterima dan akan diverifikasi paling lambat {report.verify_by:%d-%m-%Y}."
                if report.verify_by
                else None
            ),
            account_id=form.get("account_id") or None,
            reporter_token=getattr(report, "reporter_token", None),
        )
    ]
