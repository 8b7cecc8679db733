"""Deterministic generator of realistic demo reports for Kabupaten Mimika (demo, tests, benchmarks).

`generate_reports(count, seed=..., now=..., months=...)` yields `GeneratedReport`s lazily, in
submission order, with constant memory (10 or 1,000,000 reports alike). Each carries the body a
channel would POST to the intake endpoint, its submission time and the planned workflow steps
(verify, dispatch, respond, ...) that, replayed in order through the server's op engine, bring it to
a realistic status relative to `now`: recent reports mostly waiting, older ones mostly answered,
some postponed, returned, reassigned, archived or overdue. The same arguments give the same
reports in any process; only one `random.Random` subclass seeded with `seed` is used. Text comes
from `lapor_core.corpus`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lapor_core.calendar import DEFAULT_CALENDAR, MIMIKA_TZ
from lapor_core.corpus import writer
from lapor_core.corpus.history import Draft, StoryMixin
from lapor_core.corpus.photo import MEDIA_TYPE as PHOTO_MEDIA_TYPE
from lapor_core.corpus.photo import make_photo
from lapor_core.corpus.timeline import DAY, Clock, Story
from lapor_core.corpus.writer import (
    KINDS,
    Corpus,
    FastRandom,
    Picker,
    Place,
    Slots,
    Topic,
    load_corpus,
)
from lapor_core.reference import Reference, load_reference
from lapor_core.workflow import Action, Actor, Role, Status

__all__ = [
    "PHOTO_MEDIA_TYPE",
    "GeneratedReport",
    "PlannedStep",
    "generate_reports",
    "make_photo",
]

DEFAULT_SEED = 1708  # the SMS number of LAPOR!


@dataclass(frozen=True, slots=True)
class PlannedStep:
    """One workflow op to replay: who (role, and agency for an officer) does what, when."""

    at: datetime
    action: Action
    role: Role
    #: the op payload; passes `lapor_core.wire.validate_op_payload(action, payload)`
    payload: dict[str, Any]
    #: the officer's agency for `petugas` steps (None for the coordinator)
    agency_code: str | None = None
    #: for an archive as duplicate: the index of the earlier generated report it duplicates.
    #: `payload["duplicate_of"]` then holds a placeholder; use `payload_for` to put the real id in.
    duplicate_of_index: int | None = None

    @property
    def actor(self) -> Actor:
        return Actor(self.role, self.agency_code)

    def payload_for(self, report_id_of: Callable[[int], str]) -> dict[str, Any]:
        """The payload with `duplicate_of` mapped from a generated index to a stored report id."""
        if self.duplicate_of_index is None:
            return self.payload
        return {**self.payload, "duplicate_of": report_id_of(self.duplicate_of_index)}


@dataclass(frozen=True, slots=True)
class GeneratedReport:
    #: position in the generated sequence (0-based; reports come in submission order)
    index: int
    #: body of POST /api/v1/intake/reports (docs/api.md, Intake)
    intake: dict[str, Any]
    submitted_at: datetime
    history: tuple[PlannedStep, ...]
    #: how many photos the reporter attached (make_photo(index, n) for n in range(photos))
    photos: int
    #: corpus topic code (e.g. "jalan_rusak"), or "spam", "too_general", "not_public_service"
    topic: str
    #: status after replaying the whole history
    status: Status
    #: the agency the report is at after the history (None unless dispatched)
    agency_code: str | None


# -- tunables ---------------------------------------------------------------------------------

_CHANNELS = Picker(
    ("web", "mobile", "whatsapp", "sms", "walk_in", "facebook", "instagram", "twitter", "open311"),
    (28, 22, 20, 12, 6, 4, 3, 2, 3),
)
_CHANNELS_OFF_HOURS = Picker(
    ("web", "mobile", "whatsapp", "sms", "facebook", "instagram", "twitter", "open311"),
    (28, 22, 20, 12, 4, 3, 2, 3),
)
_COORD_SHARE = {"web": 0.6, "mobile": 0.95, "open311": 0.9, "whatsapp": 0.4}
_PHOTO_SHARE = {
    "mobile": 0.3,
    "whatsapp": 0.3,
    "instagram": 0.4,
    "open311": 0.2,
    "web": 0.12,
    "facebook": 0.15,
    "twitter": 0.05,
    "walk_in": 0.03,
}
_EMAIL_SHARE = {"web": 0.7, "mobile": 0.5, "open311": 0.5, "facebook": 0.2, "instagram": 0.2}
_PHONE_PREFIXES = ("0811", "0812", "0813", "0821", "0822", "0823", "0852", "0853")
#: Indonesia has no reserved range of fictional phone numbers (as example.com is for mail), so
#: generated numbers put an obviously artificial "0000" block after the operator prefix: nobody
#: reading demo data or a screenshot takes them for a citizen's number, and random dialling of
#: real subscribers' numbers from a demo is avoided.
_PHONE_BLOCK = "0000"
_EMAIL_DOMAINS = ("example.com", "example.org", "example.net")  # reserved: never a real inbox
_FATES = Picker(
    ("normal", "duplicate", "spam", "too_general", "not_public_service", "other"),
    (0.924, 0.03, 0.012, 0.015, 0.012, 0.007),
)
_INCIDENT_LAG = Picker((0, 1, 2, 3, 5, 7, 14, 30, None), (35, 20, 10, 8, 8, 6, 5, 3, 5))


class _Generator(StoryMixin):
    def __init__(self, count: int, seed: int, now: datetime, months: int):
        self.count = count
        self.rng = FastRandom(seed)
        self.ref: Reference = load_reference()
        self.corpus: Corpus = load_corpus()
        self.clock = Clock(now, months, DEFAULT_CALENDAR)
        self.districts = Picker(
            [self.corpus.places[d.code] for d in self.ref.districts],
            [d.population for d in self.ref.districts],
        )
        self.short = {a.code: a.short_name for a in self.ref.agencies}
        self.categories: dict[str, Picker] = {}
        self.topics: dict[tuple[str, str], Picker] = {}
        for kind in KINDS:
            cats, weights = [], []
            for c in self.ref.categories:
                mine = [t for t in self.corpus.topics if t.category == c.code and kind in t.areas]
                if mine:
                    cats.append(c.code)
                    weights.append(c.weight)
                    self.topics[kind, c.code] = Picker(mine, [t.weight for t in mine])
            self.categories[kind] = Picker(cats, weights)
        self.category_codes = [c.code for c in self.ref.categories]
        # recent normal reports a duplicate can copy (bounded: memory stays constant)
        self.recent: deque[Draft] = deque(maxlen=64)
        self.memo: dict = {}
        self.confusions: dict[tuple[str, str], tuple[str, ...]] = {}

    # -- one report -------------------------------------------------------------------------

    def __iter__(self) -> Iterator[GeneratedReport]:
        for i in range(self.count):
            yield self._one(i)

    def _one(self, i: int) -> GeneratedReport:
        rng = self.rng
        sub_s = self.clock.submission(i, self.count, rng)
        fate = _FATES(rng)
        if fate == "duplicate" and not self.recent:
            fate = "normal"
        channel = self._channel(sub_s)
        if fate == "duplicate":
            draft = self._duplicate(i, rng.choice(self.recent), channel)
        elif fate == "normal":
            draft = self._normal(i, channel)
        else:
            draft = self._special(i, fate, channel)
        if fate == "normal":
            self.recent.append(draft)
        draft.sub_day = sub_s // DAY
        self._fill_intake(draft, channel, sub_s)
        story = Story(self.clock, rng, sub_s, self.memo)
        self._history(draft, story)
        photos = 0
        if draft.topic is not None and rng.random() < _PHOTO_SHARE.get(channel, 0.0):
            photos = 1 + (rng.random() < 0.35) + (rng.random() < 0.15)
        return GeneratedReport(
            index=i,
            intake=draft.intake,
            submitted_at=self.clock.moment(sub_s),
            history=tuple(
                PlannedStep(self.clock.moment(t), action, role, payload, agency, dup)
                for t, action, role, payload, agency, dup in story.steps
            ),
            photos=photos,
            topic=draft.topic.code if draft.topic else fate,
            status=story.state.status,
            agency_code=story.state.agency_code,
        )

    def _channel(self, sub_s: int) -> str:
        day, tod = divmod(sub_s, DAY)
        office = self.clock.working[day] and 8 * 3600 <= tod < 15 * 3600
        return (_CHANNELS if office else _CHANNELS_OFF_HOURS)(self.rng)

    def _agency(self, code: str, place: Place) -> str:
        return f"distrik_{place.code}" if code == "distrik" else code

    def _normal(self, i: int, channel: str) -> Draft:
        rng = self.rng
        place: Place = self.districts(rng)
        category = self.categories[place.kind](rng)
        topic: Topic = self.topics[place.kind, category](rng)
        village = rng.choice(place.villages)
        slots = Slots(self.corpus, place, rng, village)
        agency = self._agency(topic.agency, place)
        slots["agency_short"] = self.short[agency]
        confused = self.confusions.get((topic.code, place.code))
        if confused is None:
            mixed = (self._agency(c, place) for c in topic.confused_with)
            confused = tuple(c for c in mixed if c != agency and c in self.short)
            self.confusions[topic.code, place.code] = confused
        clean = writer.title(topic, slots)
        body = writer.body(self.corpus, topic, slots)
        return Draft(
            index=i,
            place=place,
            topic=topic,
            fate="normal",
            slots=slots,
            clean_title=clean,
            category=category,
            classification=topic.classification,
            village=village,
            agency=agency,
            confused=rng.choice(confused) if confused else None,
            intake={"title": clean, "body": body},
        )

    def _duplicate(self, i: int, orig: Draft, channel: str) -> Draft:
        """The same problem sent again (by the same or another reporter), in other words."""
        rng = self.rng
        assert orig.topic is not None
        slots = Slots(self.corpus, orig.place, rng, orig.village)
        slots.update({k: v for k, v in orig.slots.items() if k not in writer.STEP_SLOTS})
        slots["agency_short"] = self.short[orig.agency] if orig.agency else ""
        clean = writer.title(orig.topic, slots)
        body = writer.body(self.corpus, orig.topic, slots)
        draft = Draft(
            index=i,
            place=orig.place,
            topic=orig.topic,
            fate="duplicate",
            slots=slots,
            clean_title=clean,
            category=orig.category,
            classification=orig.classification,
            village=orig.village,
            agency=orig.agency,
            confused=orig.confused,
            intake={"title": clean, "body": body},
            dup_of=orig.index,
        )
        if rng.random() < 0.3:  # the same reporter again, through another channel
            draft.intake["reporter"] = dict(orig.intake["reporter"])
        return draft

    def _special(self, i: int, fate: str, channel: str) -> Draft:
        rng = self.rng
        if fate == "other":  # a real problem the reporter withdraws before screening
            draft = self._normal(i, channel)
            draft.fate = "other"
            return draft
        place: Place = self.districts(rng)
        village = rng.choice(place.villages)
        slots = Slots(self.corpus, place, rng, village)
        title, body = writer.special_text(self.corpus, fate, slots)
        category = None
        if fate == "too_general" and rng.random() < 0.6:
            category = "pekerjaan_umum"
        elif fate == "not_public_service" and rng.random() < 0.5:
            category = "topik_lainnya"
        return Draft(
            index=i,
            place=place,
            topic=None,
            fate=fate,
            slots=slots,
            clean_title=title,
            category=category,
            classification="pengaduan",
            village=village,
            agency=None,
            confused=None,
            intake={"title": title, "body": body},
        )

    def _fill_intake(self, d: Draft, channel: str, sub_s: int) -> None:
        rng, intake = self.rng, d.intake
        sensitive = bool(d.topic and d.topic.sensitive)
        if channel == "sms":
            intake["body"] = writer.styled(self.corpus, channel, intake["body"], rng)
            intake["title"] = writer.sms_title(intake["body"], rng)
        elif d.topic is not None:
            intake["body"] = writer.styled(self.corpus, channel, intake["body"], rng)
        # what the reporter chose can differ from the truth; the coordinator fixes it at verify
        category = d.category
        if d.topic is not None:
            u = rng.random()
            if u < 0.04:
                category = None
            elif u < 0.08:
                category = rng.choice(self.category_codes)
        classification = d.classification
        if d.topic is not None and rng.random() < 0.03:
            classification = "aspirasi" if classification == "pengaduan" else "pengaduan"
        village: str | None = d.village if rng.random() < 0.95 else None
        lat = lon = None
        if d.topic is not None and rng.random() < _COORD_SHARE.get(channel, 0.0):
            lon0, lat0, r = rng.choice(d.place.anchors)
            lon = round(lon0 + rng.uniform(-r, r), 6)
            lat = round(lat0 + rng.uniform(-r, r), 6)
        lag = _INCIDENT_LAG(rng)
        incident = None if lag is None else self.clock.iso_of(sub_s // DAY - lag)
        reporter = intake.get("reporter") or self._reporter(d.place, channel)
        # the contract's key order, so dumps read the same way as the API description
        d.intake = {
            "title": intake["title"],
            "body": intake["body"],
            "classification": classification,
            "category_code": category,
            "district_code": d.place.code,
            "village": village,
            "address": self._address(d),
            "lat": lat,
            "lon": lon,
            "incident_date": incident,
            "channel": channel,
            "is_anonymous": rng.random() < (0.3 if sensitive else 0.085),
            "is_secret": rng.random() < (0.2 if sensitive else 0.03),
            "reporter": reporter,
        }

    def _address(self, d: Draft) -> str | None:
        rng, s = self.rng, d.slots
        u = rng.random()
        if d.topic is None or u < 0.12:
            return None
        if d.place.kind in ("kota", "pinggiran"):
            if u < 0.75:
                return f"{s['street']} RT {s['rt']}/RW {s['rw']}, {d.village}"
            return f"Dekat {s['landmark']}, {d.village}"
        if u < 0.6:
            return f"Kampung {d.village}, Distrik {d.place.name}"
        return f"Dekat {s['landmark']}, Kampung {d.village}"

    def _reporter(self, place: Place, channel: str) -> dict[str, Any]:
        rng = self.rng
        name = self.corpus.person(rng, place.kind)
        phone = None
        if channel in ("sms", "whatsapp", "walk_in") or rng.random() < 0.7:
            phone = rng.choice(_PHONE_PREFIXES) + _PHONE_BLOCK + f"{rng.below(10_000):04d}"
        email = None
        if rng.random() < _EMAIL_SHARE.get(channel, 0.0):
            local = name.lower().replace(" ", ".").replace("'", "")
            email = f"{local}{rng.randint(1, 99)}@{rng.choice(_EMAIL_DOMAINS)}"
        return {"name": name, "phone": phone, "email": email}

    # -- history ----------------------------------------------------------------------------


def generate_reports(
    count: int,
    *,
    seed: int = DEFAULT_SEED,
    now: datetime | None = None,
    months: int = 6,
) -> Iterator[GeneratedReport]:
    """Yield `count` realistic Mimika reports submitted during the `months` before `now`.

    Lazy and constant in memory. `now` must carry a time zone; None means the current time cut to
    the hour (so calls within the same hour agree). Same arguments, same reports.
    """
    if count < 0:
        raise ValueError("count must not be negative")
    if months < 1:
        raise ValueError("months must be at least 1")
    if now is None:
        now = datetime.now(MIMIKA_TZ).replace(minute=0, second=0, microsecond=0)
    elif now.tzinfo is None:
        raise ValueError("now must carry a time zone")
    if count == 0:
        return iter(())
    return iter(_Generator(count, seed, now, months))
