"""Sunting teks publik over the real sync (HTTPS, real server; issue 12 #17): a coordinator's desk
queues `redact` offline, sends it with its next sync, and the officer's desk then reads only the
public text while the coordinator's desk keeps the citizen's original beside it."""

from __future__ import annotations

from lapor_desk.services.reports import ReportService
from lapor_desk.services.screening import Screening

ORIGINAL = "Jalan berlubang besar dekat puskesmas, mohon segera diperbaiki."
PUBLIC = "Jalan berlubang besar dekat puskesmas."


def _detail(desk, rid):
    return ReportService(desk.store, desk.account).page(rid).detail


def test_the_redacted_body_reaches_the_officer_and_the_coordinator_keeps_the_original(world):
    [rid] = world.create_reports(1)  # verified and dispatched to the officer's OPD
    koord, budi = world.desk("koord"), world.desk()
    assert koord.sync().error is None and budi.sync().error is None
    assert _detail(koord, rid).body == ORIGINAL and _detail(budi, rid).body == ORIGINAL

    # queued on the coordinator's desk before any network: the local effect shows at once
    Screening(koord.store, koord.actions).redact(rid, PUBLIC, None)
    local = _detail(koord, rid)
    assert (local.body, local.public_body, local.sync_state) == (ORIGINAL, PUBLIC, "pending")
    assert koord.sync().error is None
    synced = _detail(koord, rid)
    assert (synced.body, synced.public_body, synced.sync_state) == (ORIGINAL, PUBLIC, "synced")
    assert [e.kind for e in synced.events if e.kind == "redact"] == ["redact"]

    assert budi.sync().error is None
    officer = _detail(budi, rid)
    assert officer.body == PUBLIC and officer.public_body is None  # never the original
    assert ORIGINAL not in " ".join(e.text or "" for e in officer.events)

    # restoring: the original is public again, everywhere
    Screening(koord.store, koord.actions).redact(rid, ORIGINAL, None)
    assert koord.sync().error is None and budi.sync().error is None
    assert _detail(koord, rid).public_body is None
    assert _detail(budi, rid).body == ORIGINAL
