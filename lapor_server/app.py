"""The FastAPI application: `create_app(settings)` wires database, error handlers, limits, routers
and the periodic jobs together.

Routers live in `lapor_server/routers/`, one module per area, each exposing `router`. They are
included from the explicit list `ROUTER_MODULES` below; a module that does not exist (yet) is
skipped, so areas can be added independently.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from fastapi import FastAPI
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lapor_core import __version__
from lapor_server.compression import CompressionMiddleware
from lapor_server.config import ServerSettings
from lapor_server.db import Database
from lapor_server.errors import UnexpectedErrorMiddleware, install_handlers, problem_body
from lapor_server.feed_cache import PageCache
from lapor_server.input_guard import RejectNulMiddleware
from lapor_server.login_guard import LoginGate, LoginGateMiddleware
from lapor_server.routers.open311.edge import Open311ErrorFormat
from lapor_server.web.edge import send_too_large
from lapor_server.web.headers import WebHeadersMiddleware, is_web_path

log = logging.getLogger("lapor_server")

#: Router modules included in this order (each must define `router: APIRouter`).
ROUTER_MODULES = (
    "lapor_server.routers.health",
    "lapor_server.routers.session",
    "lapor_server.routers.reference",
    "lapor_server.routers.feed",
    "lapor_server.routers.bootstrap",
    "lapor_server.routers.ops",
    "lapor_server.routers.reports",
    # helper-4's areas:
    "lapor_server.routers.intake",
    "lapor_server.routers.reporter",
    "lapor_server.routers.reporter_page",
    "lapor_server.routers.open311",
    "lapor_server.routers.attachments",
    "lapor_server.routers.transfers",
    "lapor_server.routers.stats",
    "lapor_server.routers.presence",
    "lapor_server.routers.standing",
    # issue 15: the admin API (reads; changes are admin ops through /api/v1/ops)
    "lapor_server.routers.admin",
    # Akai Meno, the citizens' web channel (docs/akai-meno.md): pages, forms and assets
    "lapor_server.web",
)
#: Routers of the centre role only (`role = centre`, docs/pusat.md).
CENTRE_ROUTER_MODULES = ("lapor_server.routers.centre",)

#: Paths whose request bodies may be as large as an attachment (not just a JSON document):
#: the upload endpoint, and Akai Meno's forms that carry photos (lapor_server.web).
LARGE_BODY_PREFIXES = ("/api/v1/attachments/", "/buat-laporan", "/lacak/")


def utcnow() -> datetime:
    return datetime.now(UTC)


class BodyTooLarge(StarletteHTTPException):
    """Raised while a streamed body passes the limit. An HTTPException, so FastAPI's body
    parsing lets it through unchanged (it turns other errors into a 400)."""

    def __init__(self, limit: int):
        super().__init__(413, f"the request body is larger than the limit of {limit} bytes")


class BodyLimitMiddleware:
    """413 for request bodies above the limit, decided before the body is read.

    Content-Length is checked up front; chunked bodies are counted while they stream in.
    """

    def __init__(self, app: ASGIApp, settings: ServerSettings):
        self.app = app
        self.settings = settings

    def _limit(self, path: str) -> int:
        if path.startswith(LARGE_BODY_PREFIXES):
            return self.settings.max_attachment_bytes
        return self.settings.max_json_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit(scope.get("path", ""))
        length = None
        for key, value in scope.get("headers", ()):
            if key == b"content-length":
                try:
                    length = int(value)
                except ValueError:
                    await _send_problem(send, 400, "bad-request", "invalid Content-Length")
                    return
        if length is not None and length > limit:
            if is_web_path(scope.get("path", "")):
                await send_too_large(send, limit)  # a citizen's form: a page, not JSON
                return
            await _send_problem(
                send,
                413,
                "payload-too-large",
                f"the request body is larger than the limit of {limit} bytes",
            )
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge as exc:
            if started:
                raise
            if is_web_path(scope.get("path", "")):
                await send_too_large(send, limit)
                return
            await _send_problem(send, 413, "payload-too-large", str(exc.detail))


async def _send_problem(send: Send, status: int, slug: str, detail: str) -> None:
    import orjson

    body = orjson.dumps(problem_body(status, slug, detail))
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def _pusat_loop(app: FastAPI) -> None:
    """Push this region's aggregates to the centre on a schedule (lapor_server.pusat.push)."""
    from lapor_server.pusat import push

    settings: ServerSettings = app.state.settings
    while True:
        try:
            await asyncio.to_thread(push.run_round, app.state.db, settings, app.state.clock())
        except Exception:  # retried next round; the outbox keeps what was not confirmed
            log.exception("pushing the aggregates to the centre failed")
        await asyncio.sleep(settings.centre_push_seconds)


async def _jobs_loop(app: FastAPI) -> None:
    from lapor_server import jobs

    settings: ServerSettings = app.state.settings
    while True:
        try:
            await asyncio.to_thread(jobs.run_periodic, app.state.db, settings, app.state.clock())
        except Exception:  # a failing job must not stop the server; it is retried next round
            log.exception("periodic job failed")
        await asyncio.sleep(settings.jobs_interval_seconds)


async def _feed_pages_loop(app: FastAPI) -> None:
    """Feed pages built before desks ask (lapor_server.feed_pages_build), first right after start —
    in a worker thread, so startup and requests never wait for it — then every interval."""
    from lapor_server import feed_pages_build

    settings: ServerSettings = app.state.settings
    while True:
        try:
            await asyncio.to_thread(
                feed_pages_build.refresh,
                app.state.db,
                app.state.clock(),
                items=settings.feed_pages_items,
                days=settings.feed_pages_days,
            )
        except Exception:  # retried next round; desks get live pages meanwhile
            log.exception("building feed pages failed")
        await asyncio.sleep(settings.feed_pages_interval_seconds)


#: error statuses any /api/v1 operation may answer (documented so clients and schemathesis know)
_COMMON_ERRORS = {
    400: "malformed request (e.g. body is not JSON)",
    401: "missing, invalid, expired or revoked token",
    403: "the caller's role may not do this",
    404: "no such resource, or not visible to the caller",
    405: "method not allowed",
    413: "request body too large",
    415: "unsupported media type",
    422: "validation error",
    429: "too many requests",
    500: "unexpected server error",
}
_PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "description": "URI identifying the problem type"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
    },
    "additionalProperties": True,
}


def _document_problems(app: FastAPI) -> None:
    """Every /api/v1 operation documents its RFC 9457 error answers (application/problem+json)."""

    def openapi() -> dict:
        if app.openapi_schema:
            return app.openapi_schema
        from fastapi.openapi.utils import get_openapi

        doc = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        schemas = doc.setdefault("components", {}).setdefault("schemas", {})
        schemas["Problem"] = _PROBLEM_SCHEMA
        ref = {"$ref": "#/components/schemas/Problem"}
        for path, item in doc.get("paths", {}).items():
            if not path.startswith("/api/"):
                continue  # Open311 has its own error format
            for op in item.values():
                if not isinstance(op, dict) or "responses" not in op:
                    continue
                responses = op["responses"]
                for code, text in _COMMON_ERRORS.items():
                    entry = responses.setdefault(str(code), {"description": text})
                    entry["content"] = {"application/problem+json": {"schema": ref}}
                if path.endswith("/feed"):
                    responses.setdefault("410", {"description": "full resync required"})
                    responses["410"]["content"] = {"application/problem+json": {"schema": ref}}
        app.openapi_schema = doc
        return doc

    app.openapi = openapi  # type: ignore[method-assign]


def create_app(
    settings: ServerSettings,
    *,
    db: Database | None = None,
    clock: Callable[[], datetime] | None = None,
) -> FastAPI:
    """The ASGI application for `settings`. The schema must already be migrated (`init-db`).

    `clock` returns the current aware time (tests move it to expire tokens, close reports).
    """
    database = db or Database(settings.db_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from lapor_server.citizen import worker

        tasks = []
        if settings.run_jobs:
            tasks.append(asyncio.create_task(_jobs_loop(app)))
        if settings.feed_pages and settings.feed_pages_interval_seconds > 0:
            tasks.append(asyncio.create_task(_feed_pages_loop(app)))
        if settings.run_jobs and settings.centre_url and settings.region_code:
            tasks.append(asyncio.create_task(_pusat_loop(app)))
        if settings.deliveries:
            tasks.append(asyncio.create_task(worker.run(app.state.db, settings, app.state.clock)))
        if settings.forwarding:
            from lapor_server.forwarding import worker as forwarding

            tasks.append(
                asyncio.create_task(forwarding.run(app.state.db, settings, app.state.clock))
            )
        app.state.login_gate = LoginGate(settings)  # bound to this event loop
        try:
            yield
        finally:
            app.state.login_gate.close()
            for task in tasks:
                task.cancel()
                try:
                    await task
                except asyncio.CancelledError:
                    pass
            if db is None:
                database.dispose()

    app = FastAPI(
        title="LAPOR Desk central server",
        version=__version__,
        description=(
            "Central server of LAPOR Desk (SP4N-LAPOR! back office, Kabupaten Mimika): sessions, "
            "reference data, the change feed, workflow ops with exactly-once semantics, intake "
            "channels, attachments and statistics. Errors are RFC 9457 problem details."
        ),
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.db = database
    app.state.clock = clock or utcnow
    if settings.feed_cache_mb > 0:
        app.state.feed_cache = PageCache(settings.feed_cache_mb * 1024 * 1024)
    install_handlers(app)
    # Added first = runs innermost. The body limit (outermost) counts the bytes on the wire;
    # compression decodes request bodies under the same limit and compresses answers; the NUL
    # guard reads the decoded body.
    app.add_middleware(RejectNulMiddleware)
    app.add_middleware(CompressionMiddleware, max_json_bytes=settings.max_json_bytes)
    app.add_middleware(BodyLimitMiddleware, settings=settings)
    # Any exception no handler answered: one 500 problem, one traceback, connection kept.
    app.add_middleware(UnexpectedErrorMiddleware)
    # A refused login costs nothing beyond HTTP parsing (lapor_server.login_guard).
    app.add_middleware(LoginGateMiddleware)
    # The web pages' security headers (CSP, nosniff, no-referrer, no framing) on every answer
    # outside /api and /open311, error answers included.
    app.add_middleware(WebHeadersMiddleware)
    # Outermost: every error on an Open311 path in Open311's format (XML for `.xml`).
    app.add_middleware(Open311ErrorFormat)
    modules = ROUTER_MODULES + (CENTRE_ROUTER_MODULES if settings.role == "centre" else ())
    for name in modules:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue  # that area is not part of this build (yet)
            raise
        app.include_router(module.router)
    _document_problems(app)
    return app


def create_app_from_env() -> FastAPI:
    """Factory for `uvicorn --factory` worker processes: settings from LAPOR_SERVER_* variables."""
    from lapor_server import file_modes

    file_modes.private_umask()  # a worker started by uvicorn directly: private files too
    return create_app(ServerSettings.from_env())
