"""RFC 9457 problem details for every error the server returns.

Routers raise `Problem(status, slug, detail)`; the handlers installed by `install_handlers` turn
it — and FastAPI's validation errors, unknown routes, wrong methods and unexpected exceptions —
into `application/problem+json` with `type`, `title`, `status`, `detail` and `reason`. `reason`
is the stable machine code a program decides on (the `detail` is for people and may change): a
more specific code where the router gives one, else the type's slug with underscores
(`full-resync-required` → `full_resync_required`). An unexpected exception is logged with its
traceback once and answered with a plain 500 problem (no internals leak), by
`UnexpectedErrorMiddleware`. See docs/api.md (Errors).
"""

from __future__ import annotations

import logging
import time
from http import HTTPStatus
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("lapor_server")

PROBLEM_BASE = "https://lapor-desk.example/problems/"
PROBLEM_MEDIA_TYPE = "application/problem+json"

#: default slug per status, for errors raised without one
_SLUGS = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    409: "conflict",
    410: "gone",
    411: "length-required",
    413: "payload-too-large",
    415: "unsupported-media-type",
    422: "validation-error",
    429: "too-many-requests",
    500: "internal-error",
    503: "unavailable",
}


class Problem(Exception):
    """An error answer. `extra` adds members to the problem object (e.g. `errors`, `reason`)."""

    def __init__(
        self,
        status: int,
        slug: str | None = None,
        detail: str | None = None,
        *,
        title: str | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ):
        self.status = status
        self.slug = slug or _SLUGS.get(status, "error")
        self.title = title or _title(status)
        self.detail = detail or self.title
        self.headers = headers or {}
        self.extra = extra
        super().__init__(f"{status} {self.slug}: {self.detail}")


def _title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def problem_body(
    status: int, slug: str, detail: str, *, title: str | None = None, **extra: Any
) -> dict[str, Any]:
    body = {
        "type": PROBLEM_BASE + slug,
        "title": title or _title(status),
        "status": status,
        "detail": detail,
        "reason": reason_of(slug),
    }
    body.update(extra)
    if not isinstance(body["reason"], str) or not body["reason"]:
        body["reason"] = reason_of(slug)
    return body


def reason_of(slug: str) -> str:
    """The default machine `reason` of a problem type: its slug with underscores."""
    return slug.replace("-", "_")


def problem_response(
    status: int,
    slug: str | None = None,
    detail: str | None = None,
    *,
    title: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response:
    p = Problem(status, slug, detail, title=title, headers=headers, **extra)
    return _render(p)


def _render(p: Problem) -> Response:
    body = problem_body(p.status, p.slug, p.detail, title=p.title, **p.extra)
    return Response(
        orjson.dumps(body, default=str),
        status_code=p.status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=p.headers,
    )


def _validation_detail(errors: list[dict[str, Any]]) -> tuple[int, str, str, list[dict]]:
    """(status, slug, detail, cleaned errors) for a request validation failure."""
    cleaned = []
    for e in errors:
        loc = [str(x) for x in e.get("loc", ())]
        cleaned.append({"loc": loc, "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))})
    if any(e["type"] == "json_invalid" for e in cleaned):
        return 400, "malformed-json", "the request body is not valid JSON", cleaned
    first = cleaned[0] if cleaned else {"loc": [], "msg": "invalid request"}
    where = ".".join(x for x in first["loc"] if x not in ("body",)) or "request"
    return 422, "validation-error", f"{where}: {first['msg']}", cleaned


def _allowed_methods(request: Request) -> str:
    """Every documented method on this path (Starlette's own 405 names only one route's)."""
    import re

    app = request.app
    table = getattr(app.state, "_allow_table", None)
    if table is None:
        table = []
        for template, item in app.openapi().get("paths", {}).items():
            pattern = re.compile("^" + re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(template)) + "$")
            table.append((pattern, {m.upper() for m in item if m.isalpha()}))
        app.state._allow_table = table
    path = request.url.path
    methods: set[str] = set()
    for pattern, ms in table:
        if pattern.match(path):
            methods |= ms
    return ", ".join(sorted(methods))


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(_request: Request, exc: Problem) -> Response:
        return _render(exc)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> Response:
        status, slug, detail, cleaned = _validation_detail(list(exc.errors()))
        return problem_response(status, slug, detail, errors=cleaned)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else _title(exc.status_code)
        headers = dict(exc.headers or {})
        if exc.status_code == 404 and detail == "Not Found":
            detail = "no such resource"
        elif exc.status_code == 405:
            detail = "this method is not allowed on this resource"
            headers["Allow"] = _allowed_methods(request) or headers.get("Allow", "")
        return problem_response(exc.status_code, None, detail, headers=headers)

    # Unexpected exceptions: `UnexpectedErrorMiddleware` (below), not an exception handler —
    # Starlette re-raises after its handler, so uvicorn logged a second traceback and closed the
    # connection on every 500.


#: the same failure (type and place) within this many seconds is logged as one line, no traceback
REPEAT_WINDOW_SECONDS = 60.0


class UnexpectedErrorMiddleware:
    """The last line of defence: an exception no handler turned into an answer becomes a 500
    problem (no internals), logged with one traceback; repeats of the same failure within a minute
    are one line each (a client cannot flood the log); the connection stays open (keep-alive)."""

    def __init__(self, app: ASGIApp):
        self.app = app
        self._last_logged: dict[tuple[str, str], float] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            self._log(scope, exc)
            if started:
                raise  # half an answer went out: only closing the connection is honest
            response = problem_response(
                500, "internal-error", "the server could not handle this request"
            )
            await response(scope, receive, send)

    def _log(self, scope: Scope, exc: Exception) -> None:
        tb = exc.__traceback__
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        where = f"{tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}" if tb else "?"
        key = (type(exc).__name__, where)
        now = time.monotonic()
        method, path = scope.get("method", "?"), scope.get("path", "?")
        if now - self._last_logged.get(key, -REPEAT_WINDOW_SECONDS - 1) < REPEAT_WINDOW_SECONDS:
            log.error("unhandled error on %s %s again: %s at %s", method, path, key[0], where)
            return
        if len(self._last_logged) > 1000:
            self._last_logged.clear()
        self._last_logged[key] = now
        log.error("unhandled error on %s %s", method, path, exc_info=exc)
