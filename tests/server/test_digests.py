"""Staff digests (docs/digests.md) through a real SMTP server (aiosmtpd) with a fixed clock: the
right reports to the right recipients in their scope, nothing of an anonymous reporter, once per
day and recipient, and the escalation threshold counted in working days across a holiday."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from lapor_core.calendar import MIMIKA_TZ
from lapor_server import manage
from lapor_server.citizen import worker
from lapor_server.config import ServerSettings
from lapor_server.digests import schedule
from lapor_server.digests.tables import DigestRecord
from lapor_server.models import Agency, Report, User
from tests.server.conftest import (
    AGENCY_A,
    AGENCY_B,
    CANARY_EMAIL,
    CANARY_NAME,
    CANARY_PHONE,
    World,
)
from tests.support.receivers import Mailbox

BODY = "Lubang besar di depan pasar, berbahaya bagi pengendara motor."


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    with Mailbox() as box:
        yield box


@pytest.fixture
def server_settings(server_db_url: str, tmp_path: Path, mailbox: Mailbox) -> ServerSettings:
    return ServerSettings(
        db_url=server_db_url,
        attachments_dir=tmp_path / "attachments",
        password_hash_profile="fast",
        run_jobs=False,
        deliveries=False,  # the test sends, so what was sent is known when it looks
        smtp_host="127.0.0.1",
        smtp_port=mailbox.port,
        smtp_security="none",
    )


def _at(day: date, hour: int = 8) -> datetime:
    """`hour` o'clock WIT on `day`."""
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=MIMIKA_TZ).astimezone(UTC)


def _emails(world: World, **by_username: str) -> None:
    with world.db.write() as s:
        for username, address in by_username.items():
            s.scalar(sa.select(User).where(User.username == username)).email = address


def _tracking(world: World, rid: str) -> str:
    with world.db.read() as s:
        return s.get(Report, rid).tracking_id


def _send(world: World, day: date) -> schedule.RunResult:
    world.clock.now = _at(day)
    result = schedule.run(world.db, world.settings, world.clock(), day=day)
    while worker.deliver_due(world.db, world.settings, world.clock, kind=schedule.KIND):
        pass
    return result


@pytest.fixture
def office(world: World) -> dict[str, str]:
    """Reports of two OPDs at known distances from their deadlines, and staff with addresses.

    Dispatched Wed 4 Nov → answer due Wed 11 Nov; dispatched Tue 10 Nov → due Tue 17 Nov;
    dispatched Fri 13 Nov → due Fri 20 Nov. Seen from Mon 16 Nov: 3 working days late
    (escalated), 1 left (due soon), 5 left (not listed)."""
    ids = {
        "late_anon": world.report(
            "dispatched",
            is_anonymous=True,
            reporter_name=CANARY_NAME,
            reporter_phone=CANARY_PHONE,
            reporter_email=CANARY_EMAIL,
            category_code="pekerjaan_umum",
        ),
        "late_b": world.report("in_progress", agency=AGENCY_B),
        "postponed": world.report("postponed"),
    }
    world.clock.now = _at(date(2026, 11, 10), 10)
    ids["soon"] = world.report("dispatched")
    ids["soon_b"] = world.report("dispatched", agency=AGENCY_B)
    world.clock.now = _at(date(2026, 11, 13), 10)
    ids["far"] = world.report("dispatched")
    world.add_user("petugas_a2", "petugas", AGENCY_A)
    world.add_user("petugas_a_off", "petugas", AGENCY_A)
    manage.set_disabled(world.db, username="petugas_a_off", disabled=True)
    _emails(
        world,
        petugas_a="petugas.a@mimikakab.go.id",
        petugas_a2="Petugas.A2@mimikakab.go.id",
        petugas_a_off="nonaktif@mimikakab.go.id",
        petugas_b="petugas.b@mimikakab.go.id",
        koor="koordinator@mimikakab.go.id",
        pimpinan="bupati@mimikakab.go.id",
        admin="admin@mimikakab.go.id",
    )
    with world.db.write() as s:
        s.get(Agency, AGENCY_A).contact_email = "kontak.pupr@mimikakab.go.id"
    world.clock.now = _at(date(2026, 11, 16), 8)
    return {k: _tracking(world, v) for k, v in ids.items()}


def test_the_right_reports_reach_the_right_people_and_nothing_of_the_reporter(
    world: World, office: dict[str, str], mailbox: Mailbox
) -> None:
    result = _send(world, date(2026, 11, 16))
    assert result.working_day
    got = {(to, subject.split(":")[0]): (text, rich) for to, subject, text, rich in mailbox.texts()}
    to_a = {"petugas.a@mimikakab.go.id", "petugas.a2@mimikakab.go.id",
            "kontak.pupr@mimikakab.go.id"}  # fmt: skip
    leaders = {"koordinator@mimikakab.go.id", "bupati@mimikakab.go.id"}
    by_kind: dict[str, set[str]] = {}
    for o in result.outcomes:
        by_kind.setdefault(f"{o.kind}:{o.scope}", set()).add(o.recipient)
        assert o.state == "queued"
    assert by_kind == {
        f"opd:{AGENCY_A}": to_a,
        f"opd:{AGENCY_B}": {"petugas.b@mimikakab.go.id"},
        "escalation:all": leaders,
        "league:all": leaders,  # Monday: the first working day of the week
    }
    assert {to for to, *_ in mailbox.texts()} == to_a | leaders | {"petugas.b@mimikakab.go.id"}
    assert len(mailbox.messages) == 8

    for to, subject, text, rich in mailbox.texts():
        for canary in (CANARY_NAME, CANARY_PHONE, CANARY_EMAIL, "Maria Beanal", BODY):
            assert canary not in text and canary not in rich, (to, subject)
        if to in to_a:
            assert subject.startswith("Tenggat ")
            assert office["late_anon"] in text and office["soon"] in text
            assert "terlambat 3 hari kerja" in text and "sisa 1 hari kerja" in text
            for other in ("late_b", "soon_b", "postponed", "far"):
                assert office[other] not in text and office[other] not in rich
            assert office["late_anon"] in rich and "<table" in rich
        elif to == "petugas.b@mimikakab.go.id":
            assert office["late_b"] in text and office["soon_b"] in text
            for other in ("late_anon", "soon", "postponed", "far"):
                assert office[other] not in text
        elif subject.startswith("Eskalasi"):
            assert office["late_anon"] in text and office["late_b"] in text
            for other in ("soon", "soon_b", "postponed", "far"):
                assert office[other] not in text
        else:
            assert subject.startswith("Peringkat OPD")
    for raw in mailbox.raw:
        for canary in (CANARY_NAME, CANARY_PHONE, CANARY_EMAIL):
            assert canary.encode() not in raw
    assert got  # every message had text and HTML
    assert all(text and rich for text, rich in got.values())


def test_once_per_day_and_recipient_whatever_runs_again(
    world: World, office: dict[str, str], mailbox: Mailbox
) -> None:
    day = date(2026, 11, 16)
    first = _send(world, day)
    sent = len(mailbox.messages)
    assert sent == len(first.outcomes) > 0
    again = _send(world, day)
    assert {o.state for o in again.outcomes} == {"already"}
    # the daily job on the same day (a restart, a second process) queues nothing either
    assert schedule.run_due(world.db, world.settings, _at(day, 9)) is not None
    assert schedule.run_due(world.db, world.settings, _at(day, 10)) is None
    while worker.deliver_due(world.db, world.settings, world.clock, kind=schedule.KIND):
        pass
    assert len(mailbox.messages) == sent
    with world.db.read() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(DigestRecord)) == sent + 1
    # the next working day is a new day
    _send(world, date(2026, 11, 17))
    assert len(mailbox.messages) > sent


def test_the_job_waits_for_the_hour_and_skips_non_working_days(
    world: World, office: dict[str, str], mailbox: Mailbox
) -> None:
    assert schedule.run_due(world.db, world.settings, _at(date(2026, 11, 17), 6)) is None
    saturday = schedule.run_due(world.db, world.settings, _at(date(2026, 11, 21), 8))
    assert saturday is not None and not saturday.working_day and saturday.outcomes == []
    tuesday = schedule.run_due(world.db, world.settings, _at(date(2026, 11, 17), 7))
    assert tuesday is not None and tuesday.outcomes
    assert "league" not in {o.kind for o in tuesday.outcomes}  # Monday's, not Tuesday's


def test_escalation_counts_working_days_across_an_extra_holiday(
    world: World, office: dict[str, str]
) -> None:
    """Due Wed 11 Nov; on Fri 13 Nov two working days late (escalated at 2). With Thu 12 Nov an
    extra holiday of the admin's, only one: not escalated, still in the OPD's digest."""
    fri = date(2026, 11, 13)

    def kinds() -> set[str]:
        return {
            o.kind for o in schedule.run(world.db, world.settings, _at(fri), dry_run=True).outcomes
        }

    assert kinds() == {"opd", "escalation"}
    manage.add_calendar_day(
        world.db, day=date(2026, 11, 12), name="Libur daerah", now=world.clock()
    )
    with world.db.read() as s:
        assert s.scalar(
            sa.select(Report.respond_by).where(Report.tracking_id == office["late_anon"])
        ) == date(2026, 11, 11)  # a holiday after the deadline does not move it
    assert kinds() == {"opd"}
    strict = world.settings.replace(escalate_after_days=1)
    result = schedule.run(world.db, strict, _at(fri), dry_run=True)
    assert "escalation" in {o.kind for o in result.outcomes}


def test_cli_send_json_dry_run_and_twice(
    world: World, office: dict[str, str], mailbox: Mailbox, monkeypatch, capsys
) -> None:
    from lapor_server.cli import main

    for key, value in world.settings.to_env().items():
        monkeypatch.setenv(key, value)
    assert main(["digests", "send", "--date", "2026-11-16", "--dry-run", "--json"]) == 0
    dry = json.loads(capsys.readouterr().out)
    assert dry["dry_run"] and {m["state"] for m in dry["messages"]} == {"dry_run"}
    assert mailbox.messages == []
    assert main(["digests", "send", "--date", "2026-11-16", "--json"]) == 0
    sent = json.loads(capsys.readouterr().out)
    assert {m["state"] for m in sent["messages"]} == {"queued"} and sent["pending"] == 0
    assert len(mailbox.messages) == len(sent["messages"]) == 8
    assert main(["digests", "send", "--date", "2026-11-16"]) == 0
    assert "already" in capsys.readouterr().out
    assert len(mailbox.messages) == 8
    assert main(["digests", "send", "--date", "16-11-2026"]) == 2
    assert "not a date" in capsys.readouterr().err


def test_desks_get_the_thresholds_in_the_reference(world: World) -> None:
    body = world.get("petugas_a", "/api/v1/reference").json()
    assert body["deadline_rules"] == {"digest_due_soon_days": 2, "escalate_after_days": 2}


def test_two_processes_at_once_queue_each_digest_once(
    world: World, office: dict[str, str], mailbox: Mailbox
) -> None:
    """Two server processes (threads here, each with its own connections) reaching the digest hour
    at the same moment: every recipient's digest is queued once, by one of them."""
    import threading

    from lapor_server.citizen.tables import Delivery
    from lapor_server.db import Database

    day = date(2026, 11, 16)
    results: list[schedule.RunResult] = []
    start = threading.Barrier(2)

    def process() -> None:
        db = Database(world.settings.db_url)
        try:
            start.wait()
            results.append(schedule.run(db, world.settings, _at(day), day=day))
        finally:
            db.dispose()

    threads = [threading.Thread(target=process) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    states = [o.state for r in results for o in r.outcomes]
    assert len(results) == 2 and states.count("queued") == 8 and states.count("already") == 8
    with world.db.read() as s:
        n = s.scalar(
            sa.select(sa.func.count()).select_from(Delivery).where(Delivery.kind == "digest")
        )
    assert n == 8


def test_letters_escape_names_and_speak_english_when_asked() -> None:
    from lapor_core.digests import Urgency
    from lapor_server.digests import letters
    from lapor_server.digests.content import Item

    item = Item("MMK-2611-00001", "x", '<img src=x onerror="alert(1)">', "Jalan <b>", "Wania",
                date(2026, 11, 11), Urgency.OVERDUE, 3, True)  # fmt: skip
    letter = letters.opd_digest(item.agency_name, date(2026, 11, 16), [item], "id")
    assert "<img" not in letter.html and "&lt;img" in letter.html
    assert "Jalan &lt;b&gt;" in letter.html
    assert "Senin, 16 November 2026" in letter.subject and "terlambat 3 hari kerja" in letter.text
    english = letters.escalation_digest(date(2026, 11, 16), [("x", [item])], 2, "en")
    assert english.subject.startswith("Escalation Monday, 16 November 2026")
    assert "overdue 3 working days" in english.text and 'lang="en"' in english.html
