"""The report view shows the facts the server sends (issue 11): the coordinator sees the
citizen's original title beside the new one, the timeline names the OPD an officer suggested, a
reassignment's from/to, the original of a duplicate, an offline answer's written and received
times, and why the system moved a deadline."""

from __future__ import annotations

from lapor_core.reference import load_reference
from lapor_desk.models import bulk
from lapor_desk.models.account import Account
from lapor_desk.models.store import Store
from lapor_desk.services.reports import ReportService
from lapor_desk.views.report_view import ReportView

KOOR = Account("https://lapor.example", "koor", "koordinator", None, "Koordinator")


def _ev(n, kind, at, data, agency="dinas_pupr", text=None, **extra):
    return {"id": n, "kind": kind, "actor": "Seseorang", "agency_code": agency, "text": text,
            "visibility": "public" if kind == "respond" else "internal", "created_at": at,
            "attachments": [], "data": data, **extra}  # fmt: skip


def _snap(rid, tracking, **extra):
    base = {
        "id": rid, "tracking_id": tracking, "title": "Jalan rusak di Jl. Budi Utomo",
        "body": "Lubang besar.", "classification": "pengaduan", "category_code": "pekerjaan_umum",
        "district_code": "mimika_baru", "submitted_at": "2026-03-02T01:00:00+00:00",
        "channel": "web", "status": "in_progress", "agency_code": "dinkes", "version": 7,
        "reporter": None, "deadlines": {}, "attachments": [],
    }  # fmt: skip
    base.update(extra)
    return base


def test_the_timeline_and_details_show_every_kept_fact(tmp_path, qtbot):
    from lapor_desk.tools import build_translations
    from lapor_desk.views.i18n import install_translators

    build_translations.release()
    install_translators("id")  # the desk's default language, whatever ran before
    events = [
        _ev(1, "submit", "2026-03-02T01:00:00+00:00", {"channel": "web"}, agency=None),
        _ev(2, "verify", "2026-03-02T02:00:00+00:00", {"changes": {"title": True}}, agency=None),
        _ev(3, "dispatch", "2026-03-02T03:00:00+00:00", {"to": "dinas_pupr"}),
        _ev(
            4,
            "return",
            "2026-03-03T03:00:00+00:00",
            {"suggested_agency_code": "dinkes"},
            text="Bukan wewenang PUPR.",
        ),
        _ev(
            5,
            "reassign",
            "2026-03-04T03:00:00+00:00",
            {"from": "dinas_pupr", "to": "dinkes"},
            agency="dinkes",
            text="Salah OPD",
        ),
        _ev(
            6,
            "respond",
            "2026-03-09T03:00:00+00:00",
            {"final": False},
            agency="dinkes",
            text="Sudah ditangani.",
            written_at="2026-03-05T06:30:00+00:00",
        ),
        _ev(
            7,
            "deadlines",
            "2026-03-09T04:00:00+00:00",
            {
                "day": "2026-03-10",
                "name": "Libur daerah",
                "working": False,
                "before": {"respond_by": "2026-03-11"},
                "after": {"respond_by": "2026-03-12"},
            },
            agency="dinkes",
        ),
    ]
    original = _snap("orig", "MMK-2603-ASLI1", status="verified", agency_code=None, version=2)
    report = _snap("r1", "MMK-2603-BARU1", events=events,
                   original_title="jalan rusak tolong pak")  # fmt: skip
    dup = _snap(
        "d1",
        "MMK-2603-DUPL1",
        status="archived",
        agency_code=None,
        version=2,
        archive_reason="duplicate",
        duplicate_of="orig",
        events=[
            _ev(
                8,
                "archive",
                "2026-03-03T01:00:00+00:00",
                {"reason": "duplicate", "duplicate_of": "orig"},
                agency=None,
            )
        ],
    )
    with Store.open(tmp_path / "q.sqlite3") as store:
        with store.write_conn() as conn:
            bulk.replace_reference(conn, load_reference().as_wire())
            bulk.upsert_reports(conn, [original, report, dup])
        service = ReportService(store, KOOR)
        view = ReportView()
        qtbot.addWidget(view)
        view.show_page(service.page("r1"))
        text = view.plain_text()
        view.show_page(service.page("d1"))
        dup_text = view.plain_text()
    names = {a.code: a.name for a in load_reference().agencies}
    assert "jalan rusak tolong pak" in text and "Jalan rusak di Jl. Budi Utomo" in text
    assert f"Usulan OPD: {names['dinkes']}" in text
    assert f"Dari {names['dinas_pupr']} ke {names['dinkes']}" in text
    assert "ditulis 05-03-2026 15:30 WIT · diterima 09-03-2026 12:00 WIT" in text
    assert "Libur daerah, 10-03-2026): tindak lanjut 11-03-2026 → 12-03-2026" in text
    assert "Diubah: judul" in text and "Judul asli dari pelapor" in text
    assert "Duplikat dari MMK-2603-ASLI1" in dup_text
