"""The planned workflow of a generated report: who does what, when, with which text.

`StoryMixin` is the half of the generator (`lapor_core.generator`) that turns a drafted report
into planned steps — screening, dispatch (sometimes to the wrong OPD first, then returned or
reassigned), answers, postponements, archiving — each checked with the workflow rules as it is
added (`timeline.Story`), with officers' texts written from the corpus. Split from the generator
so each half reads on its own; the numbers (delays in working days, shares) are the generator's
model of how Mimika's offices work.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from lapor_core.corpus import writer
from lapor_core.corpus.timeline import DAY, Clock, Story
from lapor_core.corpus.writer import Corpus, FastRandom, Picker, Place, Slots, Topic
from lapor_core.workflow import Action, Role

_VERIFY_DELAY = Picker((0, 1, 2, 3, 4, 5, 7), (45, 28, 12, 7, 4, 2, 2))
_DISPATCH_DELAY = Picker((0, 1, 2, 3, 5), (55, 25, 11, 6, 3))
_RESPOND_DELAY = Picker((0, 1, 2, 3, 4, 5, 6, 8, 12), (8, 20, 20, 15, 12, 9, 6, 6, 4))
_FINAL_DELAY = Picker(tuple(range(1, 26)), tuple(26 - d for d in range(1, 26)))


@dataclass(slots=True)
class Draft:
    """What the story needs to know about the report being generated."""

    index: int
    place: Place
    topic: Topic | None
    fate: str
    slots: Slots
    clean_title: str
    category: str | None
    classification: str
    village: str
    agency: str | None
    confused: str | None
    intake: dict[str, Any]
    dup_of: int | None = None
    sub_day: int = 0


class StoryMixin:
    """The planned steps of a drafted report (mixed into the generator, which owns the state)."""

    rng: FastRandom
    clock: Clock
    short: dict[str, str]
    corpus: Corpus

    def _officer_slots(self, d: Draft, s: int, agency: str | None) -> Slots:
        """The report's slots, set up for an officer text written at moment `s`."""
        slots = d.slots
        slots.pop("date_check", None)
        slots.pop("plan_date", None)
        slots.dates = partial(self._step_date, s // DAY, d.sub_day)
        slots["agency_short"] = self.short.get(agency or "", "OPD")
        return slots

    def _step_date(self, day: int, sub_day: int, key: str) -> str:
        clock, rng = self.clock, self.rng
        if key == "date_check":
            # the field check happened on one of the last few working days, after submission
            back = clock.rank[day + 1] - 1 - rng.randint(0, 2)
            return clock.text_of(max(clock.wd_list[back] if back >= 0 else day, sub_day))
        plan = clock.add_working_days(day, rng.randint(2, 10)) or day + 14
        return clock.text_of(plan)

    def _history(self, d: Draft, st: Story) -> None:
        rng = self.rng
        koor = Role.KOORDINATOR
        if d.fate in ("spam", "too_general", "not_public_service", "other") or (
            d.fate == "duplicate" and rng.random() < 0.85
        ):
            self._archive(d, st)
            return
        u = rng.random()
        if u < 0.012:
            return  # never screened: overdue once it is old
        if u < 0.04:  # the coordinator first asks the reporter for details
            if not st.add(_VERIFY_DELAY(rng), Action.POSTPONE, koor, self._text(d, None, "k")):
                return
            if rng.random() < 0.35 or not st.add(rng.randint(1, 6), Action.RESUME, koor, {}):
                return
        if not st.add(_VERIFY_DELAY(rng), Action.VERIFY, koor, self._verify_payload(d)):
            return
        if rng.random() < 0.012:
            return  # verified but never dispatched
        assert d.agency is not None
        right, wrong = d.agency, d.confused
        plan = rng.random()
        mode = "direct"
        if wrong and plan < 0.06:
            mode = "return"
        elif wrong and plan < 0.10:
            mode = "reassign"
        first = right if mode == "direct" else wrong
        if not st.add(_DISPATCH_DELAY(rng), Action.DISPATCH, koor, self._dispatch(d, first)):
            return
        if mode == "return":
            assert wrong is not None
            if rng.random() < 0.2:
                note = self._text(d, wrong, "note")
                if not st.add(rng.randint(0, 2), Action.NOTE, Role.PETUGAS, note, wrong):
                    return
            reason = self._return_payload(d, wrong, right)
            if not st.add(rng.randint(1, 4), Action.RETURN, Role.PETUGAS, reason, wrong):
                return
            if not st.add(rng.randint(0, 2), Action.DISPATCH, koor, self._dispatch(d, right)):
                return
        elif mode == "reassign":
            assert wrong is not None
            if rng.random() < 0.3:
                text = self._text(d, wrong, "progress")
                if not st.add(_RESPOND_DELAY(rng), Action.RESPOND, Role.PETUGAS, text, wrong):
                    return
            reason = self._reassign_payload(d, wrong, right)
            if not st.add(rng.randint(1, 5), Action.REASSIGN, koor, reason):
                return
        self._agency_work(d, st, right)

    def _agency_work(self, d: Draft, st: Story, ag: str) -> None:
        rng, pet = self.rng, Role.PETUGAS
        if rng.random() < 0.07:  # the OPD never answers: overdue, the coordinator nudges
            if rng.random() < 0.5:
                st.add(rng.randint(5, 9), Action.NOTE, Role.KOORDINATOR, self._text(d, ag, "knote"))
            return
        if rng.random() < 0.25 and not st.add(rng.randint(0, 2), Action.NOTE, pet,
                                              self._text(d, ag, "note"), ag):  # fmt: skip
            return
        if rng.random() < 0.06:  # waiting for the reporter's information
            if not st.add(rng.randint(1, 3), Action.POSTPONE, pet, self._text(d, ag, "p"), ag):
                return
            if rng.random() < 0.4 or not st.add(rng.randint(1, 8), Action.RESUME, pet, {}, ag):
                return
        final_now = rng.random() < 0.38
        kind = "final" if final_now else "progress"
        if not st.add(_RESPOND_DELAY(rng), Action.RESPOND, pet, self._text(d, ag, kind), ag):
            return
        if final_now:
            return
        if rng.random() < 0.12:
            st.add(rng.randint(1, 6), Action.NOTE, Role.KOORDINATOR, self._text(d, ag, "knote"))
        if rng.random() < 0.2:
            st.add(rng.randint(2, 8), Action.RESPOND, pet, self._text(d, ag, "progress"), ag)
        if rng.random() < 0.12:
            return  # long works: stays in progress
        st.add(_FINAL_DELAY(rng), Action.RESPOND, pet, self._text(d, ag, "final"), ag)

    def _archive(self, d: Draft, st: Story) -> None:
        rng, koor = self.rng, Role.KOORDINATOR
        reason = {"duplicate": "duplicate", "other": "other"}.get(d.fate, d.fate)
        if reason in ("too_general", "not_public_service") and rng.random() < 0.3:
            # asked for details first; the reporter did not answer
            if not st.add(_VERIFY_DELAY(rng), Action.POSTPONE, koor, self._text(d, None, "k")):
                return
            if not st.add(rng.randint(3, 8), Action.RESUME, koor, {}):
                return
        elif (
            reason == "duplicate"
            and rng.random() < 0.2
            and not st.add(_VERIFY_DELAY(rng), Action.VERIFY, koor, self._verify_payload(d))
        ):
            return

        def payload(s: int) -> dict[str, Any]:
            body: dict[str, Any] = {"reason": reason}
            if reason == "duplicate":
                body["duplicate_of"] = f"generated:{d.dup_of}"
            if rng.random() < 0.8:
                body["note"] = writer.archive_note(
                    self.corpus, reason, self._officer_slots(d, s, None)
                )
            return body

        dup = d.dup_of if reason == "duplicate" else None
        st.add(_VERIFY_DELAY(rng), Action.ARCHIVE, koor, payload, dup=dup)

    # -- payloads ---------------------------------------------------------------------------

    def _text(self, d: Draft, agency: str | None, kind: str) -> Callable[[int], dict[str, Any]]:
        """A payload maker for a text op; officer text needs the step's date, known later."""

        def make(s: int) -> dict[str, Any]:
            slots = self._officer_slots(d, s, agency)
            c, t = self.corpus, d.topic
            match kind:
                case "k":
                    return {"text": writer.officer_line(c, "postpone_koordinator", slots)}
                case "knote":
                    return {"text": writer.officer_line(c, "koordinator_notes", slots)}
                case "note":
                    assert t is not None
                    return {"text": writer.petugas_note(c, t, slots)}
                case "p":
                    assert t is not None
                    return {"text": writer.postpone_text(c, t, slots)}
                case "progress":
                    assert t is not None
                    return {"text": writer.progress_text(c, t, slots), "final": False}
                case "final":
                    assert t is not None
                    return {"text": writer.final_text(c, t, slots), "final": True}
            raise AssertionError(kind)

        return make

    def _verify_payload(self, d: Draft) -> Callable[[int], dict[str, Any]]:
        rng, intake = self.rng, d.intake

        def make(s: int) -> dict[str, Any]:
            body: dict[str, Any] = {}
            if intake["channel"] in ("sms", "twitter") or rng.random() < 0.15:
                slots = self._officer_slots(d, s, None)
                slots["title"] = d.clean_title
                body["title"] = writer.officer_line(self.corpus, "title_rewrites", slots)
            if d.category and intake["category_code"] != d.category:
                body["category_code"] = d.category
            if intake["classification"] != d.classification:
                body["classification"] = d.classification
            if intake["village"] is None:
                body["village"] = d.village
            sensitive = bool(d.topic and d.topic.sensitive)
            if sensitive and not intake["is_secret"] and rng.random() < 0.3:
                body["is_secret"] = True
            if sensitive and not intake["is_anonymous"] and rng.random() < 0.05:
                body["is_anonymous"] = True
            return body

        return make

    def _dispatch(self, d: Draft, agency: str) -> Callable[[int], dict[str, Any]]:
        def make(s: int) -> dict[str, Any]:
            body: dict[str, Any] = {"agency_code": agency}
            if self.rng.random() < 0.25:
                slots = self._officer_slots(d, s, agency)
                body["note"] = writer.officer_line(self.corpus, "dispatch_notes", slots)
            return body

        return make

    def _return_payload(self, d: Draft, wrong: str, right: str) -> Callable[[int], dict]:
        def make(s: int) -> dict[str, Any]:
            slots = self._officer_slots(d, s, wrong)
            slots["target_short"] = self.short[right]
            body: dict[str, Any] = {
                "reason": writer.officer_line(self.corpus, "return_reasons", slots)
            }
            if self.rng.random() < 0.8:
                body["suggested_agency_code"] = right
            return body

        return make

    def _reassign_payload(self, d: Draft, wrong: str, right: str) -> Callable[[int], dict]:
        def make(s: int) -> dict[str, Any]:
            slots = self._officer_slots(d, s, wrong)
            slots["target_short"] = self.short[right]
            reason = writer.officer_line(self.corpus, "reassign_reasons", slots)
            return {"agency_code": right, "reason": reason}

        return make
