"""Writes the Indonesian text of demo reports from the JSON corpus: titles, bodies, officer answers.

Templates carry slots in braces (`{street}`, `{puskesmas}`, `{plan_date}` ...). A report's slots are
drawn lazily from its distrik's places the first time a template uses them and then kept, so the
title, body, address and the officers' answers of one report talk about the same street.
Everything draws from the caller's `random.Random`; nothing here touches global state.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from random import Random

from lapor_core.reference import load_reference, read_json

PKG = "lapor_core.corpus"
TOPIC_FILES = ("topics_infra.json", "topics_services.json")
KINDS = ("kota", "pinggiran", "pesisir", "pedalaman")


@dataclass(frozen=True, slots=True)
class Topic:
    """One case of a corpus topic: a concrete problem with its own titles, openings, answers."""

    code: str
    category: str
    #: the OPD that really handles it; "distrik" = the office of the report's distrik
    agency: str
    confused_with: tuple[str, ...]
    weight: float
    areas: tuple[str, ...]
    classification: str
    sensitive: bool
    titles: tuple[str, ...]
    openings: tuple[str, ...]
    details: tuple[str, ...]
    progress: tuple[str, ...]
    final: tuple[str, ...]
    notes: tuple[str, ...]
    postpone: tuple[str, ...]
    #: index of the case within the topic
    case: int = 0


def _cases(t: dict) -> list[Topic]:
    """The cases of a topic row, each merged with the topic's shared fields."""
    cases = t.get("cases") or [{}]
    total = sum(float(c.get("weight", 1.0)) for c in cases)

    def pick(case: dict, key: str) -> tuple[str, ...]:
        return tuple(case.get(key) or t.get(key) or ())

    return [
        Topic(
            code=t["code"],
            category=t["category"],
            agency=t["agency"],
            confused_with=_t(t, "confused_with"),
            weight=float(t["weight"]) * float(c.get("weight", 1.0)) / total,
            areas=tuple(c.get("areas") or t.get("areas") or KINDS),
            classification=c.get("classification", t.get("classification", "pengaduan")),
            sensitive=bool(t.get("sensitive", False)),
            titles=pick(c, "titles"),
            openings=pick(c, "openings"),
            details=pick(c, "details"),
            progress=pick(c, "progress"),
            final=pick(c, "final"),
            notes=pick(c, "notes"),
            postpone=pick(c, "postpone"),
            case=i,
        )
        for i, c in enumerate(cases)
    ]


@dataclass(frozen=True, slots=True)
class Place:
    """What the generator knows about one distrik's places."""

    code: str
    name: str
    kind: str
    villages: tuple[str, ...]
    streets: tuple[str, ...]
    landmarks: tuple[str, ...]
    puskesmas: tuple[str, ...]
    schools: tuple[str, ...]
    markets: tuple[str, ...]
    routes: tuple[str, ...]
    #: (lon, lat, radius in degrees)
    anchors: tuple[tuple[float, float, float], ...]


class FastRandom(Random):
    """`random.Random` whose choice and randint draw one float each.

    The standard versions go through rejection sampling on random bits and dominate the generator's
    profile; this is several times cheaper and just as deterministic for a given seed.
    """

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def below(self, n: int) -> int:
        """An integer in [0, n)."""
        return int(self.random() * n)


class Picker:
    """Weighted choice with precomputed cumulative weights (cheaper than Random.choices)."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, items: Sequence, weights: Sequence[float]):
        if not items or len(items) != len(weights):
            raise ValueError("a picker needs as many weights as items, and at least one")
        self.items = tuple(items)
        self.cum = list(accumulate(weights))
        self.total = self.cum[-1]

    def __call__(self, rng: Random):
        return self.items[bisect_right(self.cum, rng.random() * self.total)]


def _t(row: dict, key: str) -> tuple[str, ...]:
    return tuple(row.get(key) or ())


class Corpus:
    """The loaded corpus with its lookup tables (one per process; see `load_corpus`)."""

    def __init__(self) -> None:
        ref = load_reference()
        places = read_json(PKG, "places.json")
        self.officer: dict = read_json(PKG, "officer.json")
        people = read_json(PKG, "people.json")
        self.generic_landmarks = tuple(places["generic_landmarks"])
        self.generic_streets = tuple(places["generic_streets"])
        self.durations = tuple(places["durations"])
        self.drugs = tuple(places["drugs"])
        self.rivers = tuple(places["rivers"])
        self.places: dict[str, Place] = {}
        for d in ref.districts:
            p = places["districts"].get(d.code, {})
            anchors = p.get("anchors") or [[*d.label_point, 0.01]]
            self.places[d.code] = Place(
                d.code,
                d.name,
                d.kind,
                d.villages,
                _t(p, "streets"),
                _t(p, "landmarks"),
                _t(p, "puskesmas"),
                _t(p, "schools"),
                _t(p, "markets"),
                _t(p, "routes"),
                tuple((float(a[0]), float(a[1]), float(a[2])) for a in anchors),
            )
        self.topics: list[Topic] = []
        #: archived-report texts by reason: (title, body) pairs
        self.special: dict[str, list[tuple[str, str]]] = {}
        for name in TOPIC_FILES:
            data = read_json(PKG, name)
            for kind, pairs in data.get("special", {}).items():
                self.special[kind] = [(a, b) for a, b in pairs]
            for t in data["topics"]:
                self.topics.extend(_cases(t))
        self.groups: dict[str, dict] = people["groups"]
        self.group_pickers = {
            kind: Picker(list(mix), list(mix.values())) for kind, mix in people["mix"].items()
        }
        self._sms = re.compile(
            r"\b(" + "|".join(map(re.escape, self.officer["sms_abbreviations"])) + r")\b"
        )

    # -- people -------------------------------------------------------------------------------

    def person(self, rng: Random, kind: str) -> str:
        group = self.groups[self.group_pickers[kind](rng)]
        first = rng.choice(group["male"] if rng.random() < 0.5 else group["female"])
        return f"{first} {rng.choice(group['surnames'])}".strip()

    # -- channel styles -----------------------------------------------------------------------

    def sms_style(self, text: str) -> str:
        """How a report typed on a phone keypad looks: lower case, common abbreviations."""
        abbr = self.officer["sms_abbreviations"]
        return self._sms.sub(lambda m: abbr[m.group(1)], text.lower())


@cache
def load_corpus() -> Corpus:
    return Corpus()


# -- slots ------------------------------------------------------------------------------------

_DEPTHS = (
    "sekitar 30 cm",
    "sekitar 50 cm",
    "hampir selutut",
    "sebetis orang dewasa",
    "hampir satu meter",
)
_AMOUNTS = ("Rp 20.000", "Rp 50.000", "Rp 100.000", "Rp 150.000", "Rp 250.000", "Rp 500.000")
_METERS = ("50", "100", "150", "200", "300", "500")


class Slots(dict):
    """Template values of one report, drawn on first use and then kept."""

    __slots__ = ("corpus", "dates", "place", "rng")

    def __init__(self, corpus: Corpus, place: Place, rng: Random, village: str):
        super().__init__(village=village, district=place.name)
        self.corpus = corpus
        self.place = place
        self.rng = rng
        #: supplies the step's `date_check` / `plan_date` when an officer text uses them
        self.dates: Callable[[str], str] | None = None

    def __missing__(self, key: str) -> str:
        value = _SLOT[key](self)  # an unknown slot is a corpus bug: KeyError names it
        self[key] = value
        return value


def _street(s: Slots) -> str:
    p = s.place
    if p.streets and s.rng.random() < 0.9:
        return s.rng.choice(p.streets)
    return s.rng.choice(s.corpus.generic_streets)


def _landmark(s: Slots) -> str:
    p = s.place
    if p.landmarks and s.rng.random() < 0.6:
        return s.rng.choice(p.landmarks)
    return s.rng.choice(s.corpus.generic_landmarks).format(village=s["village"])


_SLOT: dict[str, Callable[[Slots], str]] = {
    "street": _street,
    "landmark": _landmark,
    "rt": lambda s: f"{s.rng.randint(1, 12):02d}",
    "rw": lambda s: f"{s.rng.randint(1, 6):02d}",
    "duration": lambda s: s.rng.choice(s.corpus.durations),
    "depth": lambda s: s.rng.choice(_DEPTHS),
    "meters": lambda s: s.rng.choice(_METERS),
    "amount": lambda s: s.rng.choice(_AMOUNTS),
    "nhouses": lambda s: str(s.rng.randint(8, 60)),
    "nfamilies": lambda s: str(s.rng.randint(5, 40)),
    "river": lambda s: s.rng.choice(s.corpus.rivers),
    "drug": lambda s: s.rng.choice(s.corpus.drugs),
    "market": lambda s: s.rng.choice(s.place.markets) if s.place.markets else "pasar kampung",
    "route": lambda s: s.rng.choice(s.place.routes) if s.place.routes else "angkutan ke kota",
    "puskesmas": lambda s: (
        s.rng.choice(s.place.puskesmas) if s.place.puskesmas else f"Puskesmas {s.place.name}"
    ),
    "school": lambda s: (
        s.rng.choice(s.place.schools) if s.place.schools else f"SD Inpres {s['village']}"
    ),
    "date_check": lambda s: _step_date(s, "date_check"),
    "plan_date": lambda s: _step_date(s, "plan_date"),
}


def _step_date(s: Slots, key: str) -> str:
    if s.dates is None:
        raise KeyError(key)  # only officer texts of a planned step have dates
    return s.dates(key)


#: slots an officer text may use that the step (not the place) supplies
STEP_SLOTS = ("agency_short", "target_short", "date_check", "plan_date", "title")


def fill(template: str, slots: Slots) -> str:
    """The template with its slots filled, starting with a capital letter."""
    if "{" not in template:
        return template
    text = template.format_map(slots)
    return text[:1].upper() + text[1:]


# -- report text ------------------------------------------------------------------------------

_DETAIL_COUNTS = Picker((0, 1, 2, 3), (0.22, 0.43, 0.25, 0.10))


def title(topic: Topic, slots: Slots) -> str:
    return fill(slots.rng.choice(topic.titles), slots)


def body(corpus: Corpus, topic: Topic, slots: Slots) -> str:
    """One to four sentences: what and where, then details, maybe a request."""
    rng = slots.rng
    parts = [fill(rng.choice(topic.openings), slots)]
    details = topic.details
    k = min(_DETAIL_COUNTS(rng), len(details))
    if k == 1:
        parts.append(fill(rng.choice(details), slots))
    elif k:
        parts.extend(fill(t, slots) for t in rng.sample(details, k))
    if k < 3 and rng.random() < 0.5:
        parts.append(fill(rng.choice(corpus.officer["requests"]), slots))
    return " ".join(parts)


def styled(corpus: Corpus, channel: str, text: str, rng: Random) -> str:
    """The body as it arrives through a channel (SMS shorthand, a greeting on WhatsApp...)."""
    if channel == "sms":
        return corpus.sms_style(text)
    prefixes = corpus.officer["channel_prefixes"].get(channel)
    if not prefixes:
        return text
    prefix = rng.choice(prefixes)
    if channel == "twitter":
        first = text.split(". ")[0].rstrip(".") + "."
        return (prefix + first)[:280]
    if prefix.endswith(", "):
        text = text[:1].lower() + text[1:]
    return prefix + text


def sms_title(text: str, rng: Random) -> str:
    """SMS reports have no title; the intake takes the first words of the message."""
    words = text.split()
    return " ".join(words[: rng.randint(5, 8)]).rstrip(".,")


def special_text(corpus: Corpus, kind: str, slots: Slots) -> tuple[str, str]:
    """Title and body of a spam, too-general or not-public-service report."""
    title, text = slots.rng.choice(corpus.special[kind])
    return fill(title, slots), fill(text, slots)


# -- officer text -----------------------------------------------------------------------------


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def progress_text(corpus: Corpus, topic: Topic, slots: Slots) -> str:
    rng, off = slots.rng, corpus.officer
    pool = topic.progress if topic.progress and rng.random() < 0.85 else off["generic_progress"]
    return _join(
        fill(rng.choice(off["greetings"]), slots),
        fill(rng.choice(pool), slots),
        fill(rng.choice(off["progress_closings"]), slots),
    )


def final_text(corpus: Corpus, topic: Topic, slots: Slots) -> str:
    rng, off = slots.rng, corpus.officer
    pool = topic.final if topic.final and rng.random() < 0.9 else off["generic_final"]
    return _join(
        fill(rng.choice(off["greetings"]), slots),
        fill(rng.choice(pool), slots),
        fill(rng.choice(off["final_closings"]), slots),
    )


def officer_line(corpus: Corpus, key: str, slots: Slots) -> str:
    """One phrase from a generic officer pool (notes, reasons, postponements...)."""
    return fill(slots.rng.choice(corpus.officer[key]), slots)


def petugas_note(corpus: Corpus, topic: Topic, slots: Slots) -> str:
    if topic.notes and slots.rng.random() < 0.5:
        return fill(slots.rng.choice(topic.notes), slots)
    return officer_line(corpus, "petugas_notes", slots)


def postpone_text(corpus: Corpus, topic: Topic, slots: Slots) -> str:
    if topic.postpone and slots.rng.random() < 0.7:
        return fill(slots.rng.choice(topic.postpone), slots)
    return officer_line(corpus, "postpone_petugas", slots)


def archive_note(corpus: Corpus, reason: str, slots: Slots) -> str:
    return fill(slots.rng.choice(corpus.officer["archive_notes"][reason]), slots)
