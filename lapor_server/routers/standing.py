"""`GET /api/v1/standing`: this region's national standing (its rank among the regions), asked
of the centre by this server with the region's signature, for coordinators, pimpinan and admins
(docs/api.md, "Centre"). The desk never talks to the centre itself.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

import requests
from fastapi import APIRouter, Query

from lapor_server.deps import Now, Settings, StatsReader
from lapor_server.errors import Problem
from lapor_server.pusat import signing

router = APIRouter(prefix="/api/v1", tags=["centre"])


def _ask_centre(settings: Any, path_qs: str, now: datetime) -> requests.Response:
    key = signing.load_private(settings.centre_key_file)
    stamp = now.isoformat()
    headers = {
        signing.REGION_HEADER: settings.region_code,
        signing.TIMESTAMP_HEADER: stamp,
        signing.SIGNATURE_HEADER: signing.sign(key, signing.request_message("GET", path_qs, stamp)),
    }
    verify: str | bool = str(settings.centre_ca_file) if settings.centre_ca_file else True
    return requests.get(
        settings.centre_url.rstrip("/") + path_qs,
        headers=headers,
        timeout=settings.centre_timeout_seconds,
        verify=verify,
    )


@router.get(
    "/standing",
    summary="This region's rank among the regions, from the centre",
    responses={
        404: {"description": "this server is not linked to a centre (reason no_centre)"},
        502: {"description": "the centre cannot be reached or refused (centre_unreachable, …)"},
    },
)
async def standing(
    user: StatsReader,
    settings: Settings,
    now: Now,
    from_: str | None = Query(default=None, alias="from", description="first month, YYYY-MM"),
    to: str | None = Query(default=None, description="last month, YYYY-MM"),
) -> dict[str, Any]:
    if not (settings.centre_url and settings.region_code and settings.centre_key_file):
        raise Problem(404, "no-centre", "server ini belum terhubung ke pusat", reason="no_centre")
    query = {k: v for k, v in (("from", from_), ("to", to)) if v}
    path_qs = f"/api/v1/centre/standing/{settings.region_code}"
    if query:
        path_qs += "?" + urlencode(query)
    try:
        resp = await asyncio.to_thread(_ask_centre, settings, path_qs, now)
    except (requests.RequestException, signing.KeyError_) as exc:
        raise Problem(
            502,
            "centre-unavailable",
            f"pusat tidak dapat dihubungi: {type(exc).__name__}",
            reason="centre_unreachable",
        ) from None
    if resp.status_code == 422:
        raise Problem(422, "validation-error", "months are written YYYY-MM", reason="period")
    if resp.status_code != 200:
        raise Problem(
            502,
            "centre-unavailable",
            f"pusat menolak permintaan (HTTP {resp.status_code})",
            reason="centre_refused",
        )
    return resp.json()
