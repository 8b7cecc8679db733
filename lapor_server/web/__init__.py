"""Akai Meno: the citizens' own web channel, served by `lapor-server` (docs/akai-meno.md).

Server-rendered pages (Jinja2, no script needed; a little self-hosted script adds the map pin and
downscales photos), every asset served from `static/` by this process. A report filed here goes
through the same intake code path as every channel (`routers.intake.create_from_intake`) under
the channel `akai_meno`, so the desk, webhooks, e-mail and the public conversation see it like any
other. Routes: `pages` (home), `report_form` (form, confirmation),
`tracking` (the tracking page and the reporter's actions), `public` (the public list,
counts and map of non-secret reports), assets: `assets`.
Safety machinery (CSRF, headers, human check, rate limits): `guard` and `headers`.
"""

from __future__ import annotations

from fastapi import APIRouter

from lapor_server.web import assets, pages, public, report_form, tracking

router = APIRouter(include_in_schema=False)
router.include_router(assets.router)
router.include_router(pages.router)
router.include_router(public.router)
router.include_router(report_form.router)
router.include_router(tracking.router)

__all__ = ["router"]
