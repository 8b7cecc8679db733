"""Seeding: Mimika reference data and realistic reports for demos, tests and benchmarks.

Reports come from `lapor_core.generator` (intake + a planned history of actions) and are replayed
through the real op engine (`ops.apply_in_session`), so timelines, versions, deadlines, feed
positions and tombstones are exactly what live use would produce. Many reports share one
transaction (fast); every step still goes through the workflow checks.

Actors of the replay: the demo koordinator for coordinator steps, and for officer steps the
account of the report's agency if one exists, else a stand-in "Petugas <OPD>".
"""

from __future__ import annotations

import hashlib
import logging
import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from lapor_core.workflow import Action, NotAllowed, Role
from lapor_server import ops
from lapor_server import reports as rep
from lapor_server.db import Database
from lapor_server.models import Agency, Report, ServerMeta, User
from lapor_server.reference import seed_reference

log = logging.getLogger("lapor_server.seed")
BATCH = 100


@dataclass(frozen=True, slots=True)
class SeedResult:
    reports: int
    steps: int
    skipped_steps: int


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _aware(value: Any) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


def _photos(gen: Any) -> list[tuple[str, bytes, str]]:
    """The reporter's photos of a generated report as (filename, bytes, media type)."""
    n = getattr(gen, "photos", 0) or 0
    if not isinstance(n, int) or n <= 0:
        return []
    from lapor_core.generator import PHOTO_MEDIA_TYPE, make_photo

    ext = "png" if PHOTO_MEDIA_TYPE == "image/png" else "jpg"
    return [(f"foto-{k + 1}.{ext}", make_photo(gen.index, k), PHOTO_MEDIA_TYPE) for k in range(n)]


def _generate(count: int, seed: int, now: datetime):  # type: ignore[no-untyped-def]
    try:
        from lapor_core.generator import generate_reports
    except ImportError:
        return _fallback_reports(count, seed, now)
    return generate_reports(count, seed=seed, now=now)


def seed_database(
    db: Database,
    *,
    reports: int,
    seed: int = 1,
    now: datetime | None = None,
    attachments_dir: Path | None = None,
    koordinator_username: str | None = None,
) -> SeedResult:
    """Load reference data, then `reports` generated reports with their histories."""
    now = now or datetime.now(UTC)
    with db.write() as s:
        seed_reference(s)
    if reports <= 0:
        return SeedResult(0, 0, 0)
    rng = random.Random(seed)
    with db.read() as s:
        users = s.scalars(sa.select(User).where(User.disabled.is_(False))).all()
        agencies = {a.code: a for a in s.scalars(sa.select(Agency))}
    koordinator = next(
        (
            u
            for u in users
            if u.role == Role.KOORDINATOR
            and (koordinator_username is None or u.username == koordinator_username)
        ),
        None,
    )
    coord_actor = ops.OpActor(
        Role.KOORDINATOR,
        None,
        koordinator.display_name if koordinator else "Koordinator Diskominfo",
        koordinator.id if koordinator else None,
    )
    officers = {u.agency_code: u for u in users if u.role == Role.PETUGAS}

    def officer(agency_code: str | None) -> ops.OpActor:
        u = officers.get(agency_code)
        if u is not None:
            return ops.OpActor(Role.PETUGAS, agency_code, u.display_name, u.id)
        a = agencies.get(agency_code or "")
        name = (a.short_name or a.name) if a else (agency_code or "OPD")
        return ops.OpActor(Role.PETUGAS, agency_code, f"Petugas {name}", None)

    made = steps = skipped = 0
    ids: dict[int, str] = {}
    generated = iter(_generate(reports, seed, now))
    while True:
        batch = [g for _, g in zip(range(BATCH), generated, strict=False)]
        if not batch:
            break
        # One transaction per batch; no autoflush, so the batch's rows go out in few executemany
        # round trips at commit instead of one flush per step.
        with db.write() as s, s.no_autoflush:
            s.info[rep.NO_DELIVERIES] = True  # generated reporters get no e-mail, no webhooks
            calendar = rep.load_calendar(s)
            for g in batch:
                report = _create(s, g, calendar, attachments_dir, rng)
                ids[getattr(g, "index", made)] = report.id
                made += 1
                for step in g.history:
                    ok = _replay_step(s, report, step, coord_actor, officer, calendar, rng, ids)
                    steps += 1
                    skipped += 0 if ok else 1
    if skipped:
        log.warning("seed: %d planned step(s) did not fit the workflow and were skipped", skipped)
    return SeedResult(made, steps, skipped)


def _create(
    s: Session, g: Any, calendar: Any, attachments_dir: Path | None, rng: random.Random
) -> Report:
    intake = dict(g.intake)
    reporter = intake.get("reporter") or {}
    submitted = _aware(g.submitted_at)
    files = []
    if attachments_dir is not None:
        from lapor_server.storage import store_bytes

        for filename, data, media in _photos(g):
            sha, _ = store_bytes(s, attachments_dir, data, media, submitted)
            files.append((sha, filename))
    return rep.create_report(
        s,
        title=intake["title"],
        body=intake["body"],
        classification=intake.get("classification", "pengaduan"),
        channel=intake.get("channel", "web"),
        submitted_at=submitted,
        now=submitted,
        calendar=calendar,
        category_code=intake.get("category_code"),
        district_code=intake.get("district_code"),
        village=intake.get("village"),
        address=intake.get("address"),
        lat=intake.get("lat"),
        lon=intake.get("lon"),
        incident_date=_date(intake.get("incident_date")),
        is_anonymous=bool(intake.get("is_anonymous", False)),
        is_secret=bool(intake.get("is_secret", False)),
        reporter_name=reporter.get("name"),
        reporter_phone=reporter.get("phone"),
        reporter_email=reporter.get("email"),
        attachments=files,
        report_id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
    )


def _replay_step(
    s: Session,
    report: Report,
    step: Any,
    coord: ops.OpActor,
    officer: Any,
    calendar: Any,
    rng: random.Random,
    ids: dict[int, str],
) -> bool:
    action = str(getattr(step.action, "value", step.action))
    role = str(getattr(step.role, "value", step.role))
    at = _aware(step.at)
    if hasattr(step, "payload_for"):
        try:
            payload = dict(step.payload_for(ids.__getitem__))
        except KeyError:  # a duplicate of a report outside this run: leave it unarchived
            return False
    else:
        payload = dict(step.payload or {})
    if action in (Action.REPORTER_REPLY, Action.CLOSE):
        actor = ops.OpActor(
            "reporter" if action == Action.REPORTER_REPLY else "system",
            None,
            rep.REPORTER_ACTOR if action == Action.REPORTER_REPLY else rep.SYSTEM_ACTOR,
        )
        try:
            ops.apply_system_action(
                s, report, Action(action), actor, at, calendar, text=payload.get("text")
            )
        except NotAllowed:
            return False
        return True
    agency = getattr(step, "agency_code", None) or report.agency_code
    actor = coord if role == Role.KOORDINATOR else officer(agency)
    op = ops.OpIn(
        op_id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        kind=action,
        report_id=report.id,
        payload=payload,
        base_version=report.version,
        created_at=at,
    )
    result = ops.apply_in_session(s, actor, op, at, calendar=calendar, known_new=True)
    return result.outcome == "applied"


def mark_seeded(s: Session, key: str, value: str) -> None:
    row = s.get(ServerMeta, key)
    if row is None:
        s.add(ServerMeta(key=key, value=value))
    else:
        row.value = value


# --- a small stand-in generator (used only if lapor_core.generator is not available) -------------


@dataclass(frozen=True, slots=True)
class _Step:
    at: datetime
    action: str
    role: str
    payload: dict[str, Any]


@dataclass(frozen=True, slots=True)
class _Gen:
    index: int
    intake: dict[str, Any]
    submitted_at: datetime
    history: list[_Step]
    photos: list[Any]


def _fallback_reports(count: int, seed: int, now: datetime) -> list[_Gen]:
    from lapor_core.reference import load_reference

    ref = load_reference()
    rng = random.Random(seed)
    out = []
    for i in range(count):
        cat = rng.choice(ref.categories)
        dist = rng.choice(ref.districts)
        sub = now - timedelta(days=rng.uniform(0, 60), hours=rng.uniform(0, 12))
        anonymous = rng.random() < 0.15
        intake = {
            "title": f"{cat.name} di {dist.name}",
            "body": f"Mohon perhatian: masalah {cat.name.lower()} di distrik {dist.name}.",
            "classification": "pengaduan",
            "category_code": cat.code,
            "district_code": dist.code,
            "village": rng.choice(dist.villages) if dist.villages else None,
            "channel": rng.choice(["web", "sms", "mobile", "whatsapp"]),
            "is_anonymous": anonymous,
            "is_secret": rng.random() < 0.05,
            "reporter": {
                "name": f"Warga {hashlib.sha1(str(i).encode()).hexdigest()[:6]}",
                "phone": f"0812{rng.randrange(10**7, 10**8)}",
            },
        }
        steps: list[_Step] = []
        t = sub
        stage = rng.random()
        if stage > 0.15:
            t += timedelta(hours=rng.uniform(1, 30))
            steps.append(_Step(t, Action.VERIFY, Role.KOORDINATOR, {}))
            if stage > 0.25:
                t += timedelta(hours=rng.uniform(1, 30))
                steps.append(
                    _Step(t, Action.DISPATCH, Role.KOORDINATOR, {"agency_code": cat.default_agency})
                )
                if stage > 0.5:
                    t += timedelta(hours=rng.uniform(2, 60))
                    steps.append(
                        _Step(
                            t,
                            Action.RESPOND,
                            Role.PETUGAS,
                            {"text": "Laporan sedang kami tindak lanjuti.", "final": stage > 0.75},
                        )
                    )
        out.append(_Gen(i, intake, sub, [st for st in steps if st.at < now], []))
    return out
