"""Reference data in the database: seeding it from `lapor_core.reference` and serving it.

The database is the authority (an admin can add agencies and calendar days); the shipped Mimika
data is the starting point.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.orm import Session

from lapor_core.wire import ARCHIVE_REASONS, CHANNELS, CLASSIFICATIONS
from lapor_core.workflow import LABELS_ID, Status
from lapor_server.forwarding import partners
from lapor_server.models import Agency, CalendarDay, Category, District


def _labels() -> dict[str, list[dict[str, str]]]:
    try:
        from lapor_core.reference import load_reference

        ref = load_reference()
        return {
            "classifications": [{"code": c.code, "name": c.name} for c in ref.classifications],
            "channels": [{"code": c.code, "name": c.name} for c in ref.channels],
            "archive_reasons": [{"code": c.code, "name": c.name} for c in ref.archive_reasons],
        }
    except ImportError:  # pragma: no cover - the shipped reference is part of lapor_core
        return {
            "classifications": [{"code": c, "name": c} for c in CLASSIFICATIONS],
            "channels": [{"code": c, "name": c} for c in CHANNELS],
            "archive_reasons": [{"code": c, "name": c} for c in ARCHIVE_REASONS],
        }


def seed_reference(s: Session) -> int:
    """Insert the shipped Mimika agencies, districts and categories that are not there yet."""
    from lapor_core.reference import load_reference

    ref = load_reference()
    added = 0
    have = set(s.scalars(sa.select(Agency.code)))
    for a in ref.agencies:
        if a.code not in have:
            s.add(
                Agency(
                    code=a.code,
                    name=a.name,
                    short_name=a.short_name,
                    kind=a.kind,
                    district_code=a.district_code,
                    active=True,
                )
            )
            added += 1
    have = set(s.scalars(sa.select(District.code)))
    for d in ref.districts:
        if d.code not in have:
            s.add(
                District(
                    code=d.code,
                    name=d.name,
                    villages=list(d.villages),
                    population=d.population,
                    geo_name=d.geo_name,
                )
            )
            added += 1
    have = set(s.scalars(sa.select(Category.code)))
    for c in ref.categories:
        if c.code not in have:
            s.add(
                Category(
                    code=c.code,
                    name=c.name,
                    description=c.description or None,
                    default_agency_code=c.default_agency,
                    group=c.group or None,
                )
            )
            added += 1
    s.flush()
    return added


def reference_body(
    s: Session, now: datetime, deadline_rules: dict[str, int] | None = None
) -> dict[str, Any]:
    """The body of `GET /api/v1/reference` (contract fields plus extras). `deadline_rules`: the
    digest thresholds of the server's settings (`lapor_core.digests.Rules.as_dict`), so desks
    flag and notify by the same numbers (docs/digests.md)."""
    agencies = s.scalars(sa.select(Agency).where(Agency.active.is_(True)).order_by(Agency.name))
    districts = s.scalars(sa.select(District).order_by(District.name))
    categories = s.scalars(sa.select(Category).order_by(Category.name))
    days = s.scalars(sa.select(CalendarDay).order_by(CalendarDay.day))
    body: dict[str, Any] = {
        "agencies": [
            {
                "code": a.code,
                "name": a.name,
                "short_name": a.short_name or a.name,
                "kind": a.kind,
                "district_code": a.district_code,
            }
            for a in agencies
        ],
        "districts": [
            {
                "code": d.code,
                "name": d.name,
                "villages": list(d.villages or []),
                "population": d.population,
                "geo_name": d.geo_name or d.name,
            }
            for d in districts
        ],
        "categories": [
            {
                "code": c.code,
                "name": c.name,
                "default_agency": c.default_agency_code,
                "group": c.group,
            }
            for c in categories
        ],
        "statuses": [{"code": st.value, "name": LABELS_ID[st]} for st in Status],
        "calendar": [
            {"date": d.day.isoformat(), "name": d.name, "working": d.working} for d in days
        ],
        "server_time": now,
        # partner instansi a coordinator may forward to (docs/forwarding.md): never a URL or key
        "partners": partners.reference_list(s),
    }
    if deadline_rules is not None:
        body["deadline_rules"] = deadline_rules
    body.update(_labels())
    return body


def reference_version(s: Session) -> str:
    """A short fingerprint of what `GET /api/v1/reference` serves (all but the clock).

    Sent on the feed's last page (`reference_version`): a desk fetches the reference again when
    it changes, so an extra holiday reaches its days-left counts with the next sync.
    """
    body = reference_body(s, datetime.fromtimestamp(0).astimezone())
    body.pop("server_time", None)
    digest = hashlib.sha256(orjson.dumps(body, option=orjson.OPT_SORT_KEYS)).hexdigest()
    return digest[:16]
