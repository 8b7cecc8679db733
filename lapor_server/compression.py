"""Content-Encoding both ways: compressed JSON answers, and compressed JSON bodies from desks.

Answers. A JSON, problem+json, XML or text answer of at least `MIN_SIZE` bytes is compressed when
the client's `Accept-Encoding` allows it: `zstd` first (when the `zstandard` package is installed,
level 3: a 2.7 MB feed page becomes ~260 kB in ~5 ms), else `gzip` (level 6; level 1 above
`FAST_GZIP_FROM` bytes, where level 6 costs ~40 ms a page for little gain). `Vary:
Accept-Encoding` is always set on those answers. Never compressed: attachments and previews
(already-compressed media, and byte ranges of files must stay byte ranges of the file), partial
answers (206), errors (small, and the Open311 error formatter outside reads them), answers that
already carry a `Content-Encoding`, and anything a client did not ask to be compressed (an old
desk sends no `Accept-Encoding`, and gets what it always got).

Requests. A JSON body may come with `Content-Encoding: gzip` or `zstd`; it is decompressed here,
before the NUL guard and the endpoints see it, and the JSON size limit applies to the
*decompressed* size too (a 2 kB bomb that inflates to gigabytes stops at the limit: 413). An
unknown coding, or any coding on an attachment upload, is refused with 415; a body that does not
decompress is a 400. The server announces what it accepts in the `Accept-Encoding` header of its
answers (RFC 7694), so a desk compresses only what this server can read.
"""

from __future__ import annotations

from typing import Any

import anyio
import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lapor_core import encoding
from lapor_server.errors import PROBLEM_MEDIA_TYPE, problem_body

#: smaller answers gain nothing (gzip's header and trailer are 18 bytes)
MIN_SIZE = 512
#: bigger answers are compressed in a worker thread, not on the event loop
_THREAD_FROM = 64 * 1024
#: paths whose answers are files (never compressed here) and whose uploads are raw bytes
FILE_PREFIXES = ("/api/v1/attachments/",)
_COMPRESSIBLE = ("application/json", "application/xml", "text/")
ACCEPTED_HEADER = encoding.accept_header().encode()


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return ""


async def _problem(send: Send, status: int, slug: str, detail: str) -> None:
    body = orjson.dumps(problem_body(status, slug, detail))
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
                (b"content-length", str(len(body)).encode()),
                (b"accept-encoding", ACCEPTED_HEADER),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class CompressionMiddleware:
    """See the module docstring. Sits inside the body-size limit and outside the NUL guard."""

    def __init__(self, app: ASGIApp, max_json_bytes: int):
        self.app = app
        self.max_json_bytes = max_json_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        is_file = path.startswith(FILE_PREFIXES)
        request_coding = _header(scope, b"content-encoding").strip().lower()
        if request_coding and request_coding != "identity":
            if is_file or request_coding not in encoding.SUPPORTED:
                await _problem(
                    send,
                    415,
                    "unsupported-media-type",
                    f"Content-Encoding {request_coding!r} is not accepted here; "
                    f"JSON bodies may use {encoding.accept_header()}",
                )
                return
            chunks: list[bytes] = []
            while True:
                message = await receive()
                if message["type"] != "http.request":
                    return  # the client went away
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    break
            try:
                body = encoding.decompress(b"".join(chunks), request_coding, self.max_json_bytes)
            except encoding.TooLarge:
                await _problem(
                    send,
                    413,
                    "payload-too-large",
                    f"the decompressed body is larger than the limit of {self.max_json_bytes} "
                    "bytes",
                )
                return
            except encoding.DecodeError as exc:
                await _problem(send, 400, "bad-request", f"the {request_coding} body: {exc}")
                return
            headers = [
                (k, v)
                for k, v in scope["headers"]
                if k not in (b"content-encoding", b"content-length")
            ]
            headers.append((b"content-length", str(len(body)).encode()))
            scope = {**scope, "headers": headers}
            receive = _replay(body, receive)

        coding = None if is_file else encoding.choose(_header(scope, b"accept-encoding"))
        await self.app(scope, receive, _CompressingSend(send, coding) if coding else send)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


class _CompressingSend:
    """Buffers a compressible answer and sends it compressed; passes anything else through."""

    def __init__(self, send: Send, coding: str):
        self.send = send
        self.coding = coding
        self.start: dict[str, Any] | None = None
        self.buffering = False
        self.chunks: list[bytes] = []

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = message.get("headers", [])
            names = {k.lower(): v for k, v in headers}
            ctype = names.get(b"content-type", b"").decode("latin-1").lower()
            self.buffering = (
                # errors stay plain (Open311ErrorFormat reads them); 204/206 are never touched
                message.get("status", 200) in (200, 201, 202, 203)
                and b"content-encoding" not in names
                and (ctype.startswith(_COMPRESSIBLE) or "+json" in ctype or "+xml" in ctype)
            )
            if self.buffering:
                self.start = message
                return
            await self.send(message)
            return
        if message["type"] != "http.response.body" or not self.buffering:
            await self.send(message)
            return
        self.chunks.append(message.get("body", b""))
        if message.get("more_body", False):
            return
        await self._finish(b"".join(self.chunks))

    async def _finish(self, body: bytes) -> None:
        assert self.start is not None
        headers = [
            (k, v)
            for k, v in self.start.get("headers", [])
            if k.lower() not in (b"content-length", b"vary", b"accept-encoding")
        ]
        vary = [v for k, v in self.start.get("headers", []) if k.lower() == b"vary"]
        vary_values = {x.strip().lower() for v in vary for x in v.split(b",")}
        vary_values.discard(b"")
        vary_values.add(b"accept-encoding")
        headers.append((b"vary", b", ".join(sorted(vary_values))))
        headers.append((b"accept-encoding", ACCEPTED_HEADER))
        if len(body) >= _THREAD_FROM:
            body = await anyio.to_thread.run_sync(encoding.compress, body, self.coding)
            headers.append((b"content-encoding", self.coding.encode()))
        elif len(body) >= MIN_SIZE:
            body = encoding.compress(body, self.coding)
            headers.append((b"content-encoding", self.coding.encode()))
        headers.append((b"content-length", str(len(body)).encode()))
        await self.send({**self.start, "headers": headers})
        await self.send({"type": "http.response.body", "body": body})
