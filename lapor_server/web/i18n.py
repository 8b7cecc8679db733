"""Language of a page: Indonesian first, English available (docs/akai-meno.md).

`?lang=en` / `?lang=id` (or the hidden `lang` field of a form) wins; otherwise the browser's
`Accept-Language`; otherwise Indonesian. No cookie: the choice travels in the links and forms of
the page (the CSRF cookie is the only cookie). The strings are in `messages.CATALOGUE`, every one
in both languages (tested).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from starlette.requests import Request

from lapor_server.web.messages import CATALOGUE

LANGS = ("id", "en")
DEFAULT = "id"


def from_accept_language(header: str) -> str:
    """The first of our languages the browser prefers (q-values honoured), else Indonesian."""
    best, best_q = DEFAULT, -1.0
    for position, part in enumerate(header.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        code = tag.strip().lower().split("-")[0]
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if code in LANGS and q > best_q:
            best, best_q = code, q - position * 1e-6
    return best


@dataclass(frozen=True, slots=True)
class Lang:
    """The page's language and whether it was chosen explicitly (then links carry it)."""

    code: str
    explicit: bool

    def __call__(self, key: str, **values: object) -> str:
        text = CATALOGUE[key][0 if self.code == "id" else 1]
        return text.format(**values) if values else text

    @property
    def query(self) -> str:
        """`?lang=xx` for links when the visitor chose the language, else nothing."""
        return f"?lang={self.code}" if self.explicit else ""

    def url(self, path: str) -> str:
        return path + self.query

    @property
    def other(self) -> str:
        return "en" if self.code == "id" else "id"


def lang_of(request: Request, form: Mapping[str, str] | None = None) -> Lang:
    chosen = (form or {}).get("lang") or request.query_params.get("lang")
    if chosen in LANGS:
        return Lang(chosen, True)
    return Lang(from_accept_language(request.headers.get("accept-language", "")), False)
