"""A human check that needs no third-party service (docs/akai-meno.md, "Safety").

Three signs, all checked on the server:
- a small sum in words and digits ("Berapa 3 + 4?"), its numbers derived from the form instance
  and the web secret, so the page carries no answer and a robot cannot work it out offline;
- a honeypot field people never see or reach (hidden from screen readers, out of the tab order);
- a minimum fill time: the form's serving time travels signed with it; a form sent back sooner
  than `web_min_fill_seconds` is a robot's.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime

from lapor_server.web.guard import sign

HONEYPOT = "situs_web"


@dataclass(frozen=True, slots=True)
class Question:
    a: int
    b: int

    @property
    def answer(self) -> int:
        return self.a + self.b


def question(secret: bytes, form_id: str) -> Question:
    digest = bytes.fromhex(sign(secret, "sum", form_id))
    return Question(2 + digest[0] % 8, 1 + digest[1] % 9)


def stamp(secret: bytes, form_id: str, served: datetime) -> tuple[str, str]:
    """The signed serving time of a form: (timestamp, signature) for two hidden fields."""
    ts = str(int(served.timestamp()))
    return ts, sign(secret, "served", form_id, ts)


def served_at(secret: bytes, form_id: str, ts: str, signature: str) -> int | None:
    """The form's serving time (epoch seconds) when its signature holds, else None."""
    if not ts.isdigit() or len(ts) > 12:
        return None
    if not hmac.compare_digest(sign(secret, "served", form_id, ts), signature or ""):
        return None
    return int(ts)


def answered(q: Question, given: str) -> bool:
    given = given.strip()
    return given.isdigit() and len(given) < 4 and int(given) == q.answer
