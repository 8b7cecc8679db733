"""Rate limits of Akai Meno's forms, per client address and per follow-up code.

Sliding one-hour windows kept in the process, like the login gate's per-address counters
(`lapor_server.login_guard`, whose `client_address` and trusted-proxy rule this reuses): several
server processes each have their own counters. A refusal is a page in the visitor's language with
the minutes to wait, never a bare 429.
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections import deque
from collections.abc import Callable

from fastapi.responses import HTMLResponse
from starlette.requests import Request

from lapor_server.config import ServerSettings
from lapor_server.login_guard import client_address
from lapor_server.web.i18n import Lang, lang_of
from lapor_server.web.render import page

WINDOW = 3600.0
_MAX_KEYS = 100_000


class Limited(Exception):
    """Over the limit; `wait` seconds until the next attempt is allowed."""

    def __init__(self, wait: int):
        super().__init__(f"rate limited for {wait} s")
        self.wait = wait

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.wait / 60))


class Limiter:
    """Sliding one-hour windows: how much (attempts, or bytes) each key used."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self._clock = clock
        self._hits: dict[str, deque[tuple[float, int]]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, limit: int, amount: int = 1) -> None:
        """Count `amount` under `key`; Limited when it would pass `limit` within the hour."""
        now = self._clock()
        with self._lock:
            hits = self._hits.get(key)
            if hits is None:
                if len(self._hits) >= _MAX_KEYS:
                    self._forget(now)
                hits = self._hits[key] = deque()
            while hits and hits[0][0] <= now - WINDOW:
                hits.popleft()
            if sum(a for _, a in hits) + amount > limit:
                raise Limited(int(hits[0][0] + WINDOW - now) + 1 if hits else int(WINDOW))
            hits.append((now, amount))

    def _forget(self, now: float) -> None:
        for key in [k for k, q in self._hits.items() if not q or q[-1][0] <= now - WINDOW]:
            del self._hits[key]


def limiter_of(request: Request) -> Limiter:
    state = request.app.state
    if getattr(state, "web_limiter", None) is None:
        state.web_limiter = Limiter()
    return state.web_limiter


def settings_of(request: Request) -> ServerSettings:
    return request.app.state.settings


#: a refused post is read (to give the form back with what was typed) only up to this size
READ_REFUSED_UP_TO = 256 * 1024


def per_address(request: Request) -> Limited | None:
    """Count this form post against its client address; the refusal when over the limit.

    Called before the body is read: a refused post larger than `READ_REFUSED_UP_TO` is not read
    at all (`worth_reading`), so an address over its limit cannot make the server parse more."""
    settings = settings_of(request)
    address = client_address(request, settings.trusted_proxy_networks())
    try:
        limiter_of(request).hit("addr:" + address, settings.web_posts_per_address_per_hour)
    except Limited as exc:
        return exc
    return None


def photo_bytes(request: Request, size: int) -> None:
    """A stored photo's bytes count against its client address (Limited over the budget), so
    one address cannot use up the channel's daily upload quota for every citizen."""
    settings = settings_of(request)
    address = client_address(request, settings.trusted_proxy_networks())
    budget = settings.web_photo_bytes_per_address_per_hour
    limiter_of(request).hit("photos:" + address, budget, size)


def worth_reading(request: Request) -> bool:
    """Whether a refused post is small enough to read for the values it carries."""
    length = request.headers.get("content-length", "")
    return length.isdigit() and int(length) <= READ_REFUSED_UP_TO


def per_code(request: Request, code: str) -> None:
    """A private action also counts against its follow-up code. Wrong codes count only against
    the address: a per-report count would let anyone lock a reporter out (ids are public)."""
    settings = settings_of(request)
    digest = hashlib.sha256(code.encode("utf-8", "replace")).hexdigest()
    limiter_of(request).hit("code:" + digest, settings.web_actions_per_code_per_hour)


def refusal_page(request: Request, lang: Lang, limited: Limited) -> HTMLResponse:
    """Over the limit with a body too large to read again: say when to come back."""
    return page(
        request,
        "message.html",
        lang=lang,
        status=429,
        heading=lang("error_title"),
        text=lang("err_rate_back", minutes=limited.minutes),
        next_url="/",
        next_label=lang("back_home"),
    )


def unreadable(request: Request) -> HTMLResponse:
    """A post that is not a form we can read: say what to do, in the visitor's language."""
    lang = lang_of(request)
    return page(
        request,
        "message.html",
        lang=lang,
        status=400,
        heading=lang("error_title"),
        text=lang("err_unreadable"),
        next_url="/",
        next_label=lang("back_home"),
    )
