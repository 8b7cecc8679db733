"""Refuse input no endpoint can store, up front, for every endpoint (issue 12 #6).

- NUL characters (U+0000) in request paths, query strings and text bodies;
- in JSON bodies: lone surrogates (`"\\ud800"`: valid JSON grammar, but not text — no UTF-8
  encoding, so orjson, the database and every desk would fail on it), integers outside the signed
  64-bit range (orjson cannot write them back, the database cannot store them), `NaN`/`Infinity`
  and numbers that overflow a double. Answered 422 `validation-error` with `reason`
  `lone_surrogate` / `number_out_of_range`, or 400 `malformed-json` (`malformed_json`).

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

import json
import re

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lapor_server.errors import PROBLEM_MEDIA_TYPE, problem_body

_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")
_DETAIL = "text must not contain NUL characters (U+0000)"
#: a run of digits long enough to be outside the signed 64-bit range (checked exactly then)
_LONG_DIGITS = re.compile(rb"\d{19,}")
INT_MIN, INT_MAX = -(2**63), 2**63 - 1


class _OutOfRange(ValueError):
    pass


def _checked_int(text: str) -> int:
    value = int(text)
    if not INT_MIN <= value <= INT_MAX:
        raise _OutOfRange(text[:30])
    return value


def _non_finite(text: str) -> float:
    raise _OutOfRange(text)


def _checked_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _OutOfRange(text[:30])
    return value


def json_body_problem(body: bytes) -> tuple[int, str, str, str] | None:
    """(status, slug, detail, reason) when a JSON body carries what no endpoint can take.

    Plainly malformed JSON is left to the endpoint (each answers it in its own format)."""
    if not body.strip():
        return None
    try:
        orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        if "surrogate" in str(exc):
            return (
                422,
                "validation-error",
                "text must be valid Unicode (a lone surrogate such as \\ud800 is not)",
                "lone_surrogate",
            )
        try:
            json.loads(body, parse_constant=_non_finite, parse_float=_checked_float)
        except _OutOfRange as bad:
            return (
                400,
                "malformed-json",
                f"the request body is not valid JSON ({bad} is not a finite number)",
                "malformed_json",
            )
        except ValueError:
            return None  # malformed: the endpoint says so in its own format
        detail = f"the request body is not valid JSON ({exc})"
        return 400, "malformed-json", detail, "malformed_json"
    if _LONG_DIGITS.search(body):
        try:
            json.loads(body, parse_int=_checked_int)
        except _OutOfRange as exc:
            return (
                422,
                "validation-error",
                f"number {exc}… is outside the range of a 64-bit integer",
                "number_out_of_range",
            )
    return None


_BINARY_PREFIXES = ("/api/v1/attachments/",)


def _content_type(scope: Scope) -> str:
    for key, value in scope.get("headers", ()):
        if key == b"content-type":
            return value.decode("latin-1").split(";")[0].strip().lower()
    return ""


async def _reject(
    send: Send,
    path: str,
    status: int = 422,
    slug: str = "validation-error",
    detail: str = _DETAIL,
    reason: str = "nul_character",
) -> None:
    if path.startswith("/open311/"):
        status, body, media = (
            400,
            orjson.dumps([{"code": 400, "description": detail}]),
            ("application/json"),
        )
    else:
        body = orjson.dumps(problem_body(status, slug, detail, reason=reason))
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
        if is_json:
            problem = json_body_problem(body)
            if problem is not None:
                await _reject(send, path, *problem)
                return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
