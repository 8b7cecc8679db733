"""The HTTP protocol the server speaks: uvicorn's h11 protocol, with its own error answers as
RFC 9457 problem details too.

uvicorn answers a request it cannot parse (a malformed request line, a header block larger than
h11's buffer — `MAX_HEADER_BYTES` — and the like) itself, before the application sees it, with a
plain-text 400. Every other error of this server is `application/problem+json` (docs/api.md), so
this class renders those the same way (the connection is closed: the stream cannot be trusted).
"""

from __future__ import annotations

import h11
import orjson
from uvicorn.protocols.http.h11_impl import H11Protocol

from lapor_server.errors import PROBLEM_MEDIA_TYPE, problem_body

#: the largest request line + header block accepted (h11's buffer; larger gets a 400 problem)
MAX_HEADER_BYTES = 64 * 1024


class ProblemH11Protocol(H11Protocol):
    def send_400_response(self, msg: str) -> None:
        body = orjson.dumps(
            problem_body(
                400,
                "bad-request",
                "the request could not be read as HTTP/1.1 (malformed, or its headers are "
                f"larger than {MAX_HEADER_BYTES // 1024} KB)",
                reason="malformed_http",
            )
        )
        headers = [
            (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        try:
            self.transport.write(
                self.conn.send(
                    h11.Response(status_code=400, headers=headers, reason=b"Bad Request")
                )
            )
            self.transport.write(self.conn.send(h11.Data(data=body)))
            self.transport.write(self.conn.send(h11.EndOfMessage()))
        except h11.LocalProtocolError:  # h11 cannot answer in this state: fall back
            super().send_400_response(msg)
            return
        self.transport.close()
