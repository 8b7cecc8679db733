"""Answers Akai Meno gets from the server's edge, before any page code runs, and reading a post.

A form post larger than the body limit is refused by `app.BodyLimitMiddleware` before it is read;
on a web path the citizen gets this small page (both languages: the form's language field was
never read) instead of problem+json, saying what to do next. The browser's Back button returns
to the form with what they typed.
"""

from __future__ import annotations

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import Send

from lapor_server.web.headers import HEADERS


def too_large_page(limit: int) -> bytes:
    mb = max(1, limit // (1024 * 1024))
    text = (
        '<!doctype html><html lang="id"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Kiriman terlalu besar · Akai Meno</title></head><body>"
        "<h1>Kiriman terlalu besar</h1>"
        f"<p>Foto yang dipilih lebih dari {mb} MB seluruhnya. Tekan tombol Kembali di peramban: "
        "isian Anda masih ada. Pilih lebih sedikit foto atau foto yang lebih kecil, lalu kirim "
        "lagi.</p>"
        '<h2 lang="en">Too large</h2>'
        f'<p lang="en">The chosen photos are more than {mb} MB in all. Press the browser\'s Back '
        "button: what you wrote is still there. Choose fewer or smaller photos, then send "
        "again.</p></body></html>"
    )
    return text.encode()


async def send_too_large(send: Send, limit: int) -> None:
    body = too_large_page(limit)
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"text/html; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
                (b"cache-control", b"no-store"),
                *HEADERS,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


#: file parts read from one post: more than the 5 photos a form takes, so choosing too many gets
#: "at most 5 photos" with the text kept instead of an unreadable form (the body limit still holds)
FILES_READ = 20


async def read_form(request: Request, max_fields: int) -> FormData | None:
    """The post's fields, or None when it is not a form we can read (malformed, or far too many
    parts): the caller answers with a page, never Starlette's JSON 400."""
    try:
        return await request.form(max_files=FILES_READ, max_fields=max_fields)
    except HTTPException:
        return None
