"""The centre's side: registered regions and their keys, and the ingest of signed aggregates.

A submission is accepted once per (region, month, version): the same one again is answered as
already there (idempotent), a different body under a version already taken is refused, an older
version than the one kept is acknowledged but changes nothing. The latest version of a month
replaces the region's figures and cells of that month in one transaction (docs/pusat.md). The
figures of the map are `centre_queries.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.orm import Session

from lapor_core.workflow import OPEN_STATUSES, values
from lapor_server.db import Database
from lapor_server.pusat import aggregate, signing
from lapor_server.pusat.disclosure import DIMENSIONS
from lapor_server.pusat.tables import (
    CentreCell,
    CentrePeriod,
    CentreRegion,
    CentreRegionKey,
    CentreSubmission,
)

#: a Kemendagri kabupaten/kota code: province and regency, two digits each (`94.04`)
REGION_CODE = re.compile(r"^\d{2}\.\d{2}$")
PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
DEFAULT_GRACE = timedelta(days=7)
_OPEN = set(values(OPEN_STATUSES))


class CentreError(ValueError):
    """A refused request: `status` (HTTP), `reason` (machine code) and a sentence."""

    def __init__(self, status: int, reason: str, message: str):
        super().__init__(message)
        self.status = status
        self.reason = reason


# -- regions ---------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class RegionInfo:
    code: str
    name: str
    keys: list[dict[str, Any]]
    last_received: datetime | None
    periods: int


def add_region(db: Database, *, code: str, name: str, public_key: str, now: datetime) -> None:
    code = code.strip()
    if not REGION_CODE.match(code):
        raise CentreError(422, "region_code", "the region code is Kemendagri's, e.g. 94.04")
    if not name.strip():
        raise CentreError(422, "name", "the region needs a name")
    signing.parse_public(public_key)
    with db.write() as s:
        if s.get(CentreRegion, code) is not None:
            raise CentreError(409, "exists", f"region {code} is already registered")
        s.add(CentreRegion(code=code, name=name.strip(), created_at=now))
        s.flush()
        s.add(CentreRegionKey(region_code=code, public_key=public_key.strip(), added_at=now))


def rotate_key(
    db: Database, *, code: str, public_key: str, now: datetime, grace: timedelta = DEFAULT_GRACE
) -> datetime:
    """Register a region's new key; its current keys stay valid for `grace`. When they expire."""
    signing.parse_public(public_key)
    until = now + grace
    with db.write() as s:
        if s.get(CentreRegion, code) is None:
            raise CentreError(404, "unknown_region", f"region {code} is not registered")
        keys = s.scalars(sa.select(CentreRegionKey).where(CentreRegionKey.region_code == code))
        for key in keys:
            if key.public_key == public_key.strip():
                raise CentreError(409, "same_key", "that key is already registered")
            if key.valid_until is None or key.valid_until > until:
                key.valid_until = until
        s.add(CentreRegionKey(region_code=code, public_key=public_key.strip(), added_at=now))
    return until


def list_regions(db: Database, now: datetime) -> list[RegionInfo]:
    with db.read() as s:
        regions = s.scalars(sa.select(CentreRegion).order_by(CentreRegion.code)).all()
        keys = s.scalars(sa.select(CentreRegionKey).order_by(CentreRegionKey.id)).all()
        received = dict(
            s.execute(
                sa.select(
                    CentreSubmission.region_code, sa.func.max(CentreSubmission.received_at)
                ).group_by(CentreSubmission.region_code)
            ).all()
        )
        periods = dict(
            s.execute(
                sa.select(CentrePeriod.region_code, sa.func.count()).group_by(
                    CentrePeriod.region_code
                )
            ).all()
        )
        out = []
        for r in regions:
            mine = [
                {
                    "public_key": k.public_key,
                    "added_at": k.added_at.isoformat(),
                    "valid_until": k.valid_until.isoformat() if k.valid_until else None,
                    "valid": k.valid_until is None or k.valid_until > now,
                }
                for k in keys
                if k.region_code == r.code
            ]
            out.append(
                RegionInfo(r.code, r.name, mine, received.get(r.code), periods.get(r.code, 0))
            )
        return out


def valid_keys(s: Session, code: str, now: datetime) -> list[str]:
    return list(
        s.scalars(
            sa.select(CentreRegionKey.public_key).where(
                CentreRegionKey.region_code == code,
                sa.or_(CentreRegionKey.valid_until.is_(None), CentreRegionKey.valid_until > now),
            )
        )
    )


def authenticate(
    db: Database, code: str | None, message: bytes, signature: str | None, now: datetime
) -> str:
    """The region whose valid key signed `message`; CentreError 401/403 otherwise."""
    if not code or not signature:
        raise CentreError(401, "unsigned", "the request must carry the region and its signature")
    with db.read() as s:
        keys = valid_keys(s, code, now)
        if not keys and s.get(CentreRegion, code) is None:
            raise CentreError(403, "unknown_region", f"region {code} is not registered")
    if not signing.verify(keys, message, signature):
        raise CentreError(403, "bad_signature", "the signature does not match the region's key")
    return code


# -- ingest ----------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Ingested:
    outcome: str  # "stored", "duplicate", "stale"
    version: int


def _int(value: Any, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**31:
        raise CentreError(422, "invalid_aggregate", f"{what} must be a count")
    return value


def _check(body: Any, region: str) -> dict[str, Any]:
    if not isinstance(body, dict) or body.get("format") != aggregate.FORMAT:
        raise CentreError(
            422, "invalid_aggregate", f"not an aggregate of format {aggregate.FORMAT}"
        )
    if body.get("region") != region:
        raise CentreError(403, "region_mismatch", "the aggregate is of another region")
    if not isinstance(body.get("period"), str) or not PERIOD.match(body["period"]):
        raise CentreError(422, "invalid_aggregate", "period must be YYYY-MM")
    _int(body.get("version"), "version")
    if body["version"] < 1:
        raise CentreError(422, "invalid_aggregate", "version starts at 1")
    try:
        date.fromisoformat(body.get("as_of"))
    except (TypeError, ValueError):
        raise CentreError(422, "invalid_aggregate", "as_of must be a date") from None
    cells = body.get("cells")
    totals = body.get("totals")
    if not isinstance(cells, list) or not isinstance(totals, dict):
        raise CentreError(422, "invalid_aggregate", "cells and totals are required")
    for cell in cells:
        if not isinstance(cell, dict):
            raise CentreError(422, "invalid_aggregate", "a cell is an object")
        for dim in DIMENSIONS:
            if not isinstance(cell.get(dim), str) or not 0 < len(cell[dim]) <= 64:
                raise CentreError(422, "invalid_aggregate", f"a cell's {dim} is a short code")
        _int(cell.get("n"), "n")
        _int(cell.get("overdue"), "overdue")
    threshold = _int(body.get("threshold"), "threshold")
    if threshold < 2:
        raise CentreError(422, "invalid_aggregate", "the disclosure threshold is at least 2")
    for name in ("total", "overdue", "responded", "within", "measurable"):
        _int(totals.get(name), name)
    opd = body.get("opd", [])
    if not isinstance(opd, list) or not all(isinstance(o, dict) for o in opd):
        raise CentreError(422, "invalid_aggregate", "opd is a list of rows")
    for row in opd:
        if not isinstance(row.get("agency"), str) or not 0 < len(row["agency"]) <= 64:
            raise CentreError(422, "invalid_aggregate", "an OPD row's agency is a short code")
        for name in ("total", "overdue", "responded", "within", "measurable", "ratings"):
            if row.get(name) is not None:
                _int(row[name], f"opd {name}")
        if row.get("rating_sum") is not None:
            _int(row["rating_sum"], "opd rating_sum")
    labels = body.get("labels", {})
    if not isinstance(labels, dict) or not all(
        isinstance(names, dict)
        and all(
            isinstance(k, str) and isinstance(v, str) and len(v) <= 200 for k, v in names.items()
        )
        for names in labels.values()
    ):
        raise CentreError(422, "invalid_aggregate", "labels name codes with short texts")
    return body


def ingest(db: Database, raw: bytes, region: str, now: datetime) -> Ingested:
    """Store a verified region's aggregate (the signature was checked over `raw`).

    One short write transaction of Core statements (bench/pusat.py: a day's submissions of all
    514 regions); a twin submission racing this one meets the unique constraint and is answered
    as the duplicate it is."""
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise CentreError(400, "bad_json", "the body is not JSON") from None
    body = _check(body, region)
    period, version = body["period"], body["version"]
    digest = aggregate.content_hash(body)
    sub = CentreSubmission.__table__.c
    per = CentrePeriod.__table__.c
    try:
        with db.write() as s:
            same = s.execute(
                sa.select(sub.content_sha256).where(
                    sub.region_code == region, sub.period == period, sub.version == version
                )
            ).first()
            if same is not None:
                if same[0] != digest:
                    raise CentreError(
                        409, "version_taken", "this version was sent with other figures"
                    )
                return Ingested("duplicate", version)
            s.execute(
                sa.insert(CentreSubmission.__table__).values(
                    region_code=region,
                    period=period,
                    version=version,
                    content_sha256=digest,
                    as_of=date.fromisoformat(body["as_of"]),
                    received_at=now,
                )
            )
            current = s.execute(
                sa.select(per.version)
                .where(per.region_code == region, per.period == period)
                .with_for_update()
            ).scalar()
            if current is not None and current > version:
                return Ingested("stale", version)
            _store_figures(s, body, current is not None)
    except sa.exc.IntegrityError:
        with db.read() as s:
            twin = s.execute(
                sa.select(sub.content_sha256).where(
                    sub.region_code == region, sub.period == period, sub.version == version
                )
            ).scalar()
        if twin == digest:
            return Ingested("duplicate", version)
        raise CentreError(
            409, "version_taken", "this version was sent with other figures"
        ) from None
    return Ingested("stored", version)


def _store_figures(s: Session, body: dict[str, Any], exists: bool) -> None:
    region, period = body["region"], body["period"]
    t = body["totals"]
    by_status = {k: int(v) for k, v in (t.get("by_status") or {}).items()}
    values_ = {
        "version": body["version"],
        "as_of": date.fromisoformat(body["as_of"]),
        "total": t["total"],
        "open": sum(n for st, n in by_status.items() if st in _OPEN),
        "overdue": t["overdue"],
        "responded": t["responded"],
        "within": t["within"],
        "measurable": t["measurable"],
        "median_days": t.get("median_days"),
        "ratings": int(t.get("ratings") or 0),
        "rating_sum": int(t.get("rating_sum") or 0),
        "by_status": by_status,
        "days": t.get("days") or {},
        "opd": body.get("opd") or [],
        "labels": body.get("labels") or {},
    }
    table = CentrePeriod.__table__
    if exists:
        s.execute(
            sa.update(table)
            .where(table.c.region_code == region, table.c.period == period)
            .values(**values_)
        )
        s.execute(
            sa.delete(CentreCell.__table__).where(
                CentreCell.region_code == region, CentreCell.period == period
            )
        )
    else:
        s.execute(sa.insert(table).values(region_code=region, period=period, **values_))
    if body["cells"]:
        s.execute(
            sa.insert(CentreCell.__table__),
            [
                {"region_code": region, "period": period, **{d: c[d] for d in DIMENSIONS}}
                | {"n": c["n"], "overdue": c["overdue"]}
                for c in body["cells"]
            ],
        )
