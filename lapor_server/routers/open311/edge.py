"""Open311 errors in Open311's format, whoever answered: the body limit, the NUL guard, FastAPI's
own 404/405/422, a refused header. Outermost middleware on `/open311/` paths: an error answer that
is not already in the endpoint's format is re-rendered (XML on `….xml` paths, else the JSON
array), keeping its status (422 becomes Open311's 400) and headers such as `Allow`.
"""

from __future__ import annotations

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lapor_server.routers.open311.encoding import render_error

PREFIX = "/open311/"


def _description(body: bytes, media: str) -> str:
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        text = body.decode("utf-8", "replace").strip()
        return text[:500] or "error"
    if isinstance(data, dict):
        return str(data.get("detail") or data.get("title") or "error")
    if isinstance(data, list) and data and isinstance(data[0], dict):
        return str(data[0].get("description") or "error")
    return "error"


class Open311ErrorFormat:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "") if scope["type"] == "http" else ""
        if not path.startswith(PREFIX):
            await self.app(scope, receive, send)
            return
        fmt = "xml" if path.endswith(".xml") else "json"
        start: Message | None = None
        chunks: list[bytes] = []

        async def send_wrapper(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start" and start is None:
                headers = {k.decode("latin-1").lower(): v for k, v in message.get("headers", ())}
                media = headers.get("content-type", b"").decode("latin-1").split(";")[0].strip()
                own = media == "application/xml" if fmt == "xml" else media == "application/json"
                if message["status"] < 400 or own:
                    await send(message)
                    start = {"type": "passed"}
                    return
                start = message
                return
            if start is None or start["type"] == "passed":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            media = ""
            keep: dict[str, str] = {}
            for key, value in start.get("headers", ()):
                name = key.decode("latin-1").lower()
                if name == "content-type":
                    media = value.decode("latin-1")
                elif name not in ("content-length", "content-encoding"):
                    keep[name] = value.decode("latin-1")
            status = 400 if start["status"] == 422 else start["status"]
            response = render_error(fmt, status, _description(b"".join(chunks), media), keep)
            await response(scope, receive, send)

        await self.app(scope, receive, send_wrapper)
