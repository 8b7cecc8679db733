"""Refuse NUL characters (U+0000) in request paths, query strings and text bodies, up front.

PostgreSQL cannot store NUL in text columns: psycopg refuses such a value when it is bound, deep
inside a transaction, which would surface as a 500. SQLite would store it, so the same request
would behave differently on the two databases. No legitimate complaint text, code or id contains
NUL, so every request carrying one is refused before any endpoint runs: 422 problem details
(Open311 paths: its own error array with 400).

Bodies checked: JSON (`\\u0000` escapes; raw control characters are invalid JSON anyway) and
form-encoded (`%00`). Attachment uploads are binary and are not inspected. The body is buffered
(the JSON endpoints read it whole anyway) and handed on unchanged; the size limit of
`BodyLimitMiddleware`, which wraps this one, still applies while it is read.
"""

from __future__ import annotations

import re

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lapor_server.errors import PROBLEM_MEDIA_TYPE, problem_body

_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")
_DETAIL = "text must not contain NUL characters (U+0000)"
_BINARY_PREFIXES = ("/api/v1/attachments/",)


def _content_type(scope: Scope) -> str:
    for key, value in scope.get("headers", ()):
        if key == b"content-type":
            return value.decode("latin-1").split(";")[0].strip().lower()
    return ""


async def _reject(send: Send, path: str) -> None:
    if path.startswith("/open311/"):
        status, body, media = (
            400,
            orjson.dumps([{"code": 400, "description": _DETAIL}]),
            ("application/json"),
        )
    else:
        status = 422
        body = orjson.dumps(problem_body(422, "validation-error", _DETAIL, reason="nul_character"))
        media = PROBLEM_MEDIA_TYPE
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", media.encode()),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class RejectNulMiddleware:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        if "\x00" in path or b"%00" in scope.get("query_string", b""):
            await _reject(send, path)
            return
        ctype = _content_type(scope)
        is_json = ctype == "application/json" or ctype.endswith("+json")
        is_form = ctype == "application/x-www-form-urlencoded"
        if path.startswith(_BINARY_PREFIXES) or not (is_json or is_form):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] != "http.request":
                # The client went away before the body was complete: nothing to answer.
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if (is_json and _JSON_NUL.search(body)) or (is_form and b"%00" in body):
            await _reject(send, path)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
