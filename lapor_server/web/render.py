"""Rendering a page: Jinja2 templates (autoescaped), the language, the CSRF cookie."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from fastapi.responses import HTMLResponse
from starlette.requests import Request

from lapor_server.web import assets
from lapor_server.web.guard import Csrf
from lapor_server.web.i18n import Lang, lang_of

_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).resolve().parent / "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)
_ENV.globals["asset"] = assets.url


def page(
    request: Request,
    template: str,
    *,
    lang: Lang | None = None,
    csrf: Csrf | None = None,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    """The page `template` in the visitor's language, with a CSRF token for its forms."""
    lang = lang or lang_of(request)
    csrf = csrf or Csrf(request)
    html = _ENV.get_template(template).render(
        _=lang, lang=lang, csrf=csrf.token, path=request.url.path, **context
    )
    response = HTMLResponse(html, status_code=status)
    csrf.apply(response)
    return response
