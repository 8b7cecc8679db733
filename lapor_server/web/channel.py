"""Akai Meno's channel identity and what its forms need from the database.

Reports from the web form are filed by the channel `akai_meno` (a `channels` row made on first
use; it has no API key, so nothing outside this process speaks as it). Its reporter tokens are the
citizens' follow-up codes: issued by the intake, stored hashed (`citizen.tokens`).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from starlette.requests import Request

from lapor_server.db import Database
from lapor_server.models import Category, Channel, District

NAME = "akai_meno"


def channel_of(request: Request) -> Channel:
    state = request.app.state
    cached = getattr(state, "web_channel", None)
    if cached is None:
        cached = state.web_channel = ensure_channel(state.db, state.clock())
    return cached


def ensure_channel(db: Database, now) -> Channel:  # type: ignore[no-untyped-def]
    for _ in range(2):
        with db.read() as s:
            found = s.scalar(sa.select(Channel).where(Channel.name == NAME))
            if found is not None:
                s.expunge(found)
                return found
        try:
            with db.write() as s:
                s.add(Channel(name=NAME, created_at=now, active=True))
        except IntegrityError:
            pass  # made by another process meanwhile
    raise RuntimeError("could not create the akai_meno channel")  # pragma: no cover


@dataclass(frozen=True, slots=True)
class Choices:
    """The form's lists, from the reference data the desks use."""

    categories: list[tuple[str, str]]
    districts: list[tuple[str, str, list[str]]]

    def district(self, code: str) -> tuple[str, str, list[str]] | None:
        return next((d for d in self.districts if d[0] == code), None)

    def category_codes(self) -> set[str]:
        return {c for c, _ in self.categories}


def choices(db: Database) -> Choices:
    with db.read() as s:
        cats = s.execute(sa.select(Category.code, Category.name).order_by(Category.name)).all()
        dists = s.execute(
            sa.select(District.code, District.name, District.villages).order_by(District.name)
        ).all()
    return Choices(
        categories=[(c, n) for c, n in cats],
        districts=[(c, n, sorted(v or [])) for c, n, v in dists],
    )
