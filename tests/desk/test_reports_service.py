"""The report page (names, deadlines, allowed actions, no identity for anonymous reports), drafts
that survive a reopened store, and response templates with placeholders."""

from __future__ import annotations

from datetime import date

import pytest

from lapor_desk.errors import NotFoundError, ValidationError
from lapor_desk.models.account import Account
from lapor_desk.models.store import Store
from lapor_desk.services.reports import ReportService
from lapor_desk.services.templates import DEFAULTS, TemplateStore, render

OFFICER = Account("https://lapor.mimikakab.go.id", "petugas.pupr", "petugas", "dinas_pupr", "Rina")
TODAY = date(2026, 3, 10)


@pytest.fixture
def service(filled_store, snapshot):
    store = filled_store([snapshot(n) for n in range(1, 9)])
    return ReportService(store, OFFICER, today=lambda: TODAY)


def test_page_has_names_deadlines_and_allowed_actions(service):
    page = service.page("r000004")  # n=4: dispatched
    assert page.detail.status == "dispatched"
    assert page.district_name == "Mimika Timur"
    assert page.category_name.startswith("Pekerjaan Umum")
    assert set(page.allowed) == {"return", "respond", "note", "postpone"}
    respond = next(d for d in page.deadlines if d.stage == "respond")
    assert respond.due.isoformat() == page.detail.respond_by
    assert respond.days_left is not None
    assert "dinas_pupr" not in dict(page.agencies)


def test_postponed_report_offers_resume_and_stops_the_clock(service):
    page = service.page("r000002")  # n=2: postponed
    assert "resume" in page.allowed and "respond" in page.allowed
    assert "return" not in page.allowed
    assert all(d.days_left is None for d in page.deadlines)


def test_anonymous_report_carries_no_identity(service):
    page = service.page("r000007")  # n % 7 == 0: anonymous
    assert page.detail.is_anonymous
    assert page.detail.reporter_name is None and page.detail.reporter is None


def test_missing_report_is_a_typed_error(service):
    with pytest.raises(NotFoundError):
        service.page("nope")


def test_drafts_survive_reopening_the_store(service):
    service.save_draft("r000001", "public", "Terima kasih, tim kami", final=True)
    service.save_draft("r000001", "internal", "cek anggaran dulu")
    path = service.store.path
    service.store.close()  # like a desk that was killed: nothing kept in memory counts
    reopened = ReportService(Store.open(path), OFFICER, today=lambda: TODAY)
    try:
        drafts = reopened.drafts("r000001")
        assert drafts["public"].text == "Terima kasih, tim kami" and drafts["public"].final
        assert drafts["internal"].text == "cek anggaran dulu"
        assert reopened.reports_with_drafts() == ["r000001"]
        reopened.save_draft("r000001", "internal", "   ")
        assert set(reopened.drafts("r000001")) == {"public"}
    finally:
        reopened.store.close()


def test_templates_fill_placeholders_and_keep_unknown_ones():
    text = "Laporan {tracking_id} ditangani {opd} pada {tanggal}. {salah}"
    out = render(text, tracking_id="MMK-1", opd="Dinas PUPR", today=date(2026, 3, 10))
    assert out == "Laporan MMK-1 ditangani Dinas PUPR pada 10 Maret 2026. {salah}"


def test_template_store_crud(tmp_path):
    templates = TemplateStore(tmp_path)
    assert templates.list() == list(DEFAULTS)
    templates.save("Salam", "Selamat siang {tracking_id}")
    templates.save("Salam pagi", "Selamat pagi", replacing="Salam")
    names = [t.name for t in TemplateStore(tmp_path).list()]
    assert "Salam pagi" in names and "Salam" not in names
    templates.delete("Salam pagi")
    assert "Salam pagi" not in [t.name for t in templates.list()]
    with pytest.raises(ValidationError):
        templates.save(" ", "x")
