"""CSRF for Akai Meno's forms: the CSRF cookie is the only cookie (docs/akai-meno.md, "Safety").

Double submit, signed: the browser holds a random value in `__Host-akai_csrf` (Secure, HttpOnly,
SameSite=Strict, Path=/, no Domain: a sub-domain cannot plant it); each form carries
HMAC(web secret, value) in its hidden `csrf` field. A POST is accepted only when the field matches
the cookie it came with. Another site can neither read the field nor send the cookie.

The web secret is random, made once per database (`server_meta.web_secret`), so every server
process of one installation shares it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from starlette.requests import Request
from starlette.responses import Response

from lapor_server.db import Database
from lapor_server.models import ServerMeta

COOKIE = "__Host-akai_csrf"
_VALUE = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
_SECRET_KEY = "web_secret"


def web_secret(request: Request) -> bytes:
    """The installation's web secret (created on first use, cached on the app)."""
    cached = getattr(request.app.state, "web_secret", None)
    if cached is None:
        cached = request.app.state.web_secret = load_secret(request.app.state.db)
    return cached


def load_secret(db: Database) -> bytes:
    for _ in range(2):
        with db.read() as s:
            value = s.scalar(sa.select(ServerMeta.value).where(ServerMeta.key == _SECRET_KEY))
        if value:
            return bytes.fromhex(value)
        try:
            with db.write() as s:
                s.add(ServerMeta(key=_SECRET_KEY, value=secrets.token_hex(32)))
        except IntegrityError:
            pass  # another process made it first: read theirs
    raise RuntimeError("could not create the web secret")  # pragma: no cover


def sign(secret: bytes, *parts: str) -> str:
    return hmac.new(secret, "|".join(parts).encode(), hashlib.sha256).hexdigest()


class Csrf:
    """The request's CSRF cookie value (a new one when it had none) and its form token."""

    def __init__(self, request: Request):
        value = request.cookies.get(COOKIE, "")
        self.had_cookie = bool(_VALUE.match(value))
        self.value = value if self.had_cookie else secrets.token_urlsafe(32)
        self.new = not self.had_cookie
        self.token = sign(web_secret(request), "csrf", self.value)

    def valid(self, token: str | None) -> bool:
        return self.had_cookie and bool(token) and hmac.compare_digest(self.token, token or "")

    def apply(self, response: Response) -> None:
        if self.new:
            response.set_cookie(
                COOKIE, self.value, path="/", secure=True, httponly=True, samesite="strict"
            )
