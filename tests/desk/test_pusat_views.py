"""The centre's desk (docs/pusat.md) over a real centre app and database: the national map
coloured by each measure (no data hatched, not painted as a value), the drill-down to a region's
distrik (Mimika on its own boundaries), the ranking best first, the recap export, and a
coordinator's national standing line."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from PySide6.QtCore import Qt

from lapor_core.calendar import local_date
from lapor_desk.services.exports import ExportFormat, read_back
from lapor_desk.services.pusat import PusatService, Standing
from lapor_desk.views import palette
from lapor_desk.views.pusat.desk import PusatDesk, recent_months
from lapor_desk.views.pusat.map import NationalMap, load_shapes
from lapor_desk.views.pusat.standing import StandingBar
from tests.support.centre import CentreClient, centre_app, kabkota, login, make_centre

TODAY = local_date(datetime.now(UTC))
MONTHS = sorted(recent_months(TODAY, 2))
#: Papua Tengah, a few other provinces' regions; the rest are registered but never sent
SENDING = [r for r in kabkota() if r[0].startswith(("94.", "91.", "31.", "73.", "51."))]


@pytest.fixture(scope="module")
def centre(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("centre-desk")
    silent = [("92.01", "Kabupaten Sorong")]
    url = make_centre(tmp / "centre.sqlite3", SENDING, MONTHS, registered_only=silent)
    with TestClient(centre_app(url, tmp / "att")) as client:
        token = login(client)
        yield PusatService(lambda: CentreClient(client, token))


@pytest.fixture
def desk(qtbot, runner, centre):
    d = PusatDesk(centre, today=TODAY)
    qtbot.addWidget(d)
    d.resize(1360, 720)
    d.show()
    qtbot.waitUntil(lambda: d.data is not None, timeout=20000)
    return d


def test_the_shipped_map_has_every_kabupaten_and_kota():
    shapes = load_shapes()
    assert len(shapes) == 514
    assert {s.code for s in shapes} == {code for code, _ in kabkota()}
    assert next(s for s in shapes if s.code == "94.04").name == "Kabupaten Mimika"


def test_the_national_map_colours_the_regions_by_the_chosen_measure(desk):
    m: NationalMap = desk.map
    figures = desk.data.by_code()
    sending = [c for c, f in figures.items() if f.months]
    assert len(sending) == len(SENDING)
    biggest = max(sending, key=lambda c: figures[c].total)
    smallest = min(sending, key=lambda c: figures[c].total)
    assert m.value_of(biggest) == figures[biggest].total
    assert m.fill_colour(biggest) != m.fill_colour(smallest)
    assert m.fill_colour(biggest).name() == m.legend()[-1].colour
    # registered but silent, and not registered at all: no data, hatched, never a value
    for code in ("92.01", "11.01"):
        assert m.value_of(code) is None and not m.has_data(code)
        assert m.fill_colour(code).name() == palette.MAP_NO_DATA
    assert m.legend_entries()[-1][0] == palette.MAP_NO_DATA
    desk.measure.setCurrentIndex(desk.measure.findData("overdue"))
    assert m.measure() == "overdue"
    f = figures[biggest]
    assert m.value_of(biggest) == pytest.approx(f.overdue / f.open)
    assert m.legend_title() == m.tr("Overdue share of open reports")
    desk.measure.setCurrentIndex(desk.measure.findData("satisfaction"))
    rated = [c for c in sending if figures[c].ratings]
    assert rated and all(1 <= m.value_of(c) <= 5 for c in rated)
    assert all(m.value_of(c) is None for c in sending if not figures[c].ratings)


def test_the_summary_and_trend_add_up_the_regions(desk):
    national = desk.data.national
    assert national.total == sum(r.total for r in desk.data.regions)
    assert desk.trend.rowCount() == len(MONTHS)
    assert sum(int(desk.trend.item(i, 2).data(Qt.ItemDataRole.UserRole)) for i in range(2)) == (
        national.total
    )
    assert str(len(SENDING)) in desk.summary.text()
    # the trend as bars too: one bar a month, the national total of each
    (series,) = desk.trend_chart.chart().series()
    (bars,) = series.barSets()
    assert [bars.at(i) for i in range(bars.count())] == [
        float(desk.trend.item(i, 2).data(Qt.ItemDataRole.UserRole)) for i in range(len(MONTHS))
    ]


def test_clicking_a_region_on_the_map_drills_down_to_its_distrik(desk, qtbot):
    point = desk.map.label_point_px("94.04").toPoint()
    assert desk.map.code_at(desk.map.label_point_px("94.04")) == "94.04"
    qtbot.mouseClick(desk.map, Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: desk.drilldown is not None, timeout=20000)
    d = desk.drilldown
    assert d.code == "94.04" and desk.tabs.currentIndex() == desk.detail_index
    assert sum(r.total for r in d.districts) == desk.data.by_code()["94.04"].total
    assert desk.districts.rowCount() == len(d.districts)
    assert "Mimika Baru" in {desk.districts.item(i, 0).text() for i in range(len(d.districts))}
    # compliance and satisfaction per OPD, as the region sent them
    assert d.opd and desk.opd.rowCount() == len(d.opd)
    assert sum(o.total for o in d.opd) <= d.totals.total
    # Mimika on its own distrik boundaries, coloured from the centre's figures
    assert desk.district_map.isVisible()
    top = max((r for r in d.districts if r.code != "*"), key=lambda r: r.total)
    assert desk.district_map.value_of(top.name) == top.total
    # another region: its distrik as a table, no map
    desk.drilldown = None
    desk.open_region("94.01")
    qtbot.waitUntil(lambda: desk.drilldown is not None, timeout=20000)
    assert not desk.district_map.isVisible() and desk.districts.rowCount() > 0


def test_the_ranking_lists_regions_best_first_and_opens_one(desk, qtbot):
    values = [desk.ranking.item(i, 2).data(Qt.ItemDataRole.UserRole) for i in range(5)]
    assert values == sorted(values, reverse=True)  # volume: most first
    assert desk.ranking.item(0, 0).text() == "1"
    assert desk.ranking.rowCount() == len(SENDING)
    desk.measure.setCurrentIndex(desk.measure.findData("overdue"))
    shares = [
        desk.ranking.item(i, 2).data(Qt.ItemDataRole.UserRole)
        for i in range(desk.ranking.rowCount())
    ]
    assert shares == sorted(shares)  # overdue share: lowest (best) first
    code = desk.ranking.item(0, 1).data(Qt.ItemDataRole.UserRole)
    desk.drilldown = None
    desk._on_ranking_double_clicked(0, 1)
    qtbot.waitUntil(lambda: desk.drilldown is not None, timeout=20000)
    assert desk.drilldown.code == code


@pytest.mark.parametrize("fmt", [ExportFormat.CSV, ExportFormat.XLSX])
def test_the_national_recap_is_exported_one_row_per_region(desk, qtbot, tmp_path, fmt):
    path = tmp_path / f"rekap.{fmt.value}"
    written = []
    desk.recap_written.connect(lambda p, n: written.append(n))
    desk.export_to(str(path), fmt)
    qtbot.waitUntil(lambda: bool(written), timeout=20000)
    desk.last_saved_notice.close()
    rows = read_back(path)
    assert rows[0][:3] == ["Kode", "Kabupaten/Kota", "Laporan"]
    assert len(rows) - 1 == len(desk.data.regions) == written[0]
    mimika = next(r for r in rows if r[0] == "94.04")
    assert int(float(mimika[2])) == desk.data.by_code()["94.04"].total


def test_the_standing_line_names_the_ranks(qtbot, runner):
    bar = StandingBar(PusatService(lambda: None))
    qtbot.addWidget(bar)
    text = bar.text_for(
        Standing("94.04", "Kabupaten Mimika", 3, {"volume": (2, 3), "satisfaction": None})
    )
    assert "Kabupaten Mimika" in text and "2" in text and "3" in text


def test_the_centre_window_credits_the_boundaries_and_logs_out(qtbot, runner, centre):
    from PySide6.QtWidgets import QMessageBox

    from lapor_desk.views.pusat.window import PusatWindow

    window = PusatWindow(centre, account_name="Pusat")
    qtbot.addWidget(window)
    window.about_action.trigger()
    boxes = window.findChildren(QMessageBox)
    assert boxes and "cahyadsn/wilayah_boundaries" in boxes[-1].text()
    for b in boxes:
        b.close()
    with qtbot.waitSignal(window.logout_requested, timeout=5000):
        window.logout_action.trigger()
