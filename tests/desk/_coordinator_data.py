"""Realistic coordinator-desk data for the coordinator tests and the dashboard benchmark.

`make_snapshots(n, today, seed)` builds report snapshots in the shape of the feed (docs/api.md,
Report snapshot):
a life cycle per report (submitted → verified → dispatched → answered, returned, reassigned,
postponed, archived) with event times, and deadlines computed by `lapor_core.deadlines` as the
server would. `load(store, snapshots)` writes them with the models' bulk upsert, so the coordinator
services are tested against the same rows a real sync produces.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, time, timedelta
from typing import Any

from lapor_core import deadlines
from lapor_core.calendar import DEFAULT_CALENDAR, MIMIKA_TZ
from lapor_core.reference import load_reference

TITLES = (
    (
        "pekerjaan_umum",
        "Jalan berlubang di {v}",
        "Jalan di depan pasar {v} rusak parah dan berlubang, motor sering jatuh saat hujan.",
    ),
    (
        "pekerjaan_umum",
        "Drainase tersumbat di {v}",
        "Saluran air tersumbat sampah sehingga banjir setiap hujan deras di {v}.",
    ),
    (
        "perhubungan",
        "Lampu jalan padam di {v}",
        "Lampu penerangan jalan di {v} sudah dua minggu mati.",
    ),
    (
        "kesehatan",
        "Obat kosong di puskesmas {v}",
        "Puskesmas {v} tidak punya obat malaria sejak bulan lalu.",
    ),
    ("lingkungan_hidup", "Sampah menumpuk di {v}", "Sampah tidak diangkut sudah seminggu di {v}."),
    (
        "kependudukan",
        "KTP elektronik belum jadi",
        "Sudah tiga bulan menunggu KTP elektronik di {v}.",
    ),
    ("pendidikan", "Guru jarang masuk di SD {v}", "Guru di SD {v} jarang datang mengajar."),
    ("sosial", "Bantuan sosial tidak sampai", "Warga {v} belum menerima bantuan sosial tahun ini."),
)


def _iso(moment: datetime) -> str:
    return moment.astimezone(MIMIKA_TZ).isoformat()


def _at(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(rng.randint(7, 16), rng.randint(0, 59)), MIMIKA_TZ)


def _working_after(day: date, n: int) -> date:
    return DEFAULT_CALENDAR.add_working_days(day, n) if n > 0 else day


def make_snapshots(
    n: int, today: date, seed: int = 7, days_back: int = 150
) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    ref = load_reference()
    districts = ref.districts
    weights = [max(d.population, 500) for d in districts]
    agencies = [a.code for a in ref.agencies]
    now = datetime.combine(today, time(12, 0), MIMIKA_TZ)
    out = []
    for i in range(n):
        cat_code, title_t, body_t = rng.choice(TITLES)
        district = rng.choices(districts, weights)[0]
        village = rng.choice(district.villages) if district.villages else district.name
        submitted = _at(today - timedelta(days=rng.randint(0, days_back)), rng)
        events = [
            _event("submitted", submitted, None, "Pelapor", "public", body_t.format(v=village))
        ]
        status, agency, postponed_from = "unverified", None, None
        verified_at = dispatched_at = completed_at = None
        pauses: list[deadlines.Pause] = []
        age = DEFAULT_CALENDAR.working_days_between(submitted.date(), today)
        fate = rng.random()
        if age >= 1 or fate < 0.5:
            if fate < 0.05 and age >= 1:
                status = "archived"
                events.append(
                    _event(
                        "archive",
                        submitted + timedelta(hours=5),
                        None,
                        "Koordinator",
                        "internal",
                        "spam",
                    )
                )
            elif (age >= 1 and fate > 0.065) or age >= 4:
                verified_at = _at(
                    _working_after(submitted.date(), rng.randint(0, min(age, 3))), rng
                )
                verified_at = max(verified_at, submitted + timedelta(minutes=5))
                status = "verified"
                events.append(_event("verify", verified_at, None, "Koordinator", "internal", None))
                if (fate > 0.09 or age >= 6) and verified_at < now:
                    agency = ref.category(cat_code).default_agency
                    dispatched_at = verified_at + timedelta(hours=rng.randint(1, 30))
                    if dispatched_at > now:
                        dispatched_at = verified_at + timedelta(minutes=30)
                    status = "dispatched"
                    events.append(
                        _event("dispatch", dispatched_at, agency, "Koordinator", "internal", None)
                    )
                    if rng.random() < 0.08:
                        # Returned as bukan wewenang: back to the coordinator.
                        events.append(
                            _event(
                                "return",
                                dispatched_at + timedelta(hours=20),
                                agency,
                                "Petugas",
                                "internal",
                                "Bukan kewenangan kami, mohon ke OPD lain.",
                            )
                        )
                        returned_at = dispatched_at + timedelta(hours=20)
                        status, old_agency, agency, dispatched_at = "verified", agency, None, None
                        if age > 10 and rng.random() < 0.8:
                            # Most returned reports went to the right OPD a day later.
                            agency = rng.choice([a for a in agencies if a != old_agency])
                            dispatched_at = returned_at + timedelta(hours=24)
                            status = "dispatched"
                            events.append(
                                _event("dispatch", dispatched_at, agency, "Koordinator",
                                       "internal", None)
                            )  # fmt: skip
                    elif rng.random() < 0.07:
                        new_agency = rng.choice([a for a in agencies if a != agency])
                        dispatched_at = dispatched_at + timedelta(hours=26)
                        events.append(
                            _event(
                                "reassign",
                                dispatched_at,
                                new_agency,
                                "Koordinator",
                                "internal",
                                "Salah OPD",
                            )
                        )
                        agency = new_agency
                    if dispatched_at is not None and dispatched_at < now:
                        lag = rng.choice((0, 1, 1, 1, 2, 2, 3, 3, 4, 5, 6, 8, 12, 99))
                        if lag == 99 and age > 30 and rng.random() < 0.7:
                            lag = 15  # very old reports were mostly answered, late
                        answer_day = _working_after(dispatched_at.date(), lag)
                        if lag != 99 and answer_day <= today:
                            answered = max(
                                _at(answer_day, rng), dispatched_at + timedelta(minutes=10)
                            )
                            # Older answers have mostly become final by now.
                            final = rng.random() < (0.9 if (today - answer_day).days > 20 else 0.5)
                            events.append(
                                _event(
                                    "respond",
                                    answered,
                                    agency,
                                    "Petugas OPD",
                                    "public",
                                    "Sudah kami tindak lanjuti.",
                                )
                            )
                            status = "completed" if final else "in_progress"
                            if final:
                                completed_at = answered
                            elif rng.random() < 0.2:
                                pause_at = answered + timedelta(hours=2)
                                events.append(
                                    _event(
                                        "postpone",
                                        pause_at,
                                        agency,
                                        "Petugas OPD",
                                        "public",
                                        "Mohon kirim foto lokasi.",
                                    )
                                )
                                postponed_from, status = "in_progress", "postponed"
                                pauses.append(deadlines.Pause(pause_at))
        d = deadlines.compute(
            submitted_at=submitted,
            now=now,
            verified_at=verified_at,
            dispatched_at=dispatched_at,
            completed_at=completed_at,
            pauses=pauses,
        )
        if status == "archived":
            d = deadlines.Deadlines()
        rid = str(uuid.UUID(int=rng.getrandbits(128)))
        out.append(
            {
                "id": rid,
                "tracking_id": f"MMK-{submitted:%y%m}-{i:06d}",
                "title": title_t.format(v=village),
                "body": body_t.format(v=village),
                "classification": "pengaduan",
                "category_code": cat_code,
                "district_code": district.code,
                "village": village,
                "address": None,
                "lat": None,
                "lon": None,
                "incident_date": None,
                "submitted_at": _iso(submitted),
                "channel": rng.choice(("web", "sms", "whatsapp", "open311")),
                "status": status,
                "agency_code": agency,
                "postponed_from": postponed_from,
                "version": len(events),
                "is_anonymous": rng.random() < 0.1,
                "is_secret": rng.random() < 0.05,
                "reporter": None,
                "deadlines": d.as_dict(),
                "events": [dict(e, id=f"{rid}-{k}") for k, e in enumerate(events)],
                "attachments": [],
            }
        )
    return out


def _event(kind, at, agency, actor, visibility, text_) -> dict[str, Any]:
    return {
        "kind": kind,
        "actor": actor,
        "agency_code": agency,
        "text": text_,
        "visibility": visibility,
        "created_at": _iso(at),
        "attachments": [],
    }


def reference_rows() -> dict[str, list[dict[str, Any]]]:
    ref = load_reference()
    return {
        "agencies": [{"code": a.code, "name": a.name} for a in ref.agencies],
        "districts": [
            {"code": d.code, "name": d.name, "villages": list(d.villages)} for d in ref.districts
        ],
        "categories": [
            {"code": c.code, "name": c.name, "default_agency": c.default_agency}
            for c in ref.categories
        ],
    }


def load(store, snapshots, *, index: bool = True) -> None:
    """Write the reference data and `snapshots` into `store` as a sync would."""
    from lapor_desk.models import bulk

    with store.write_conn() as conn:
        bulk.replace_reference(conn, load_reference().as_wire())
        bulk.upsert_reports(conn, snapshots, index=index)
