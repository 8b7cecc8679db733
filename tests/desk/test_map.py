"""The distrik map: all 18 shapes drawn from the shipped GeoJSON, colours from the sequential scale
(dark for many reports, light for few), legend and credit painted, click → the distrik's code."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from lapor_core.reference import load_reference
from lapor_desk.views.coordinator.map import (
    NO_DATA_COLOUR,
    DistrictMap,
    Metric,
    colour_classes,
    load_shapes,
)


@dataclass(frozen=True)
class Fig:
    code: str
    name: str
    geo_name: str
    reports: int
    overdue: int
    open_reports: int


def _figures() -> list[Fig]:
    out = []
    for i, d in enumerate(load_reference().districts):
        n = 900 if d.code == "mimika_baru" else 2 + i
        late = 0 if d.code == "mimika_baru" else i
        out.append(
            Fig(d.code, d.name, d.geo_name, n, late, max(i, 1) if d.code != "mimika_baru" else 50)
        )
    return out


@pytest.fixture
def district_map(qtbot):
    m = DistrictMap()
    qtbot.addWidget(m)
    m.resize(900, 460)
    m.set_figures(_figures())
    return m


def _render(m: DistrictMap) -> QImage:
    image = QImage(m.size(), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        m.render_map(painter, QRectF(image.rect()))
    finally:
        painter.end()
    return image


def _pixel_at(image: QImage, m: DistrictMap, code: str) -> QColor:
    p = m.label_point_px(code).toPoint()
    # The label text sits on the label point; sample a little beside it, still inside the polygon.
    for dx, dy in ((0, 14), (0, -14), (14, 0), (-14, 0), (0, 22)):
        c = image.pixelColor(p.x() + dx, p.y() + dy)
        if c.name() not in ("#ffffff", "#1a1a1a"):
            return c
    return image.pixelColor(p)


def test_every_distrik_has_a_shape_and_a_reference_entry():
    shapes = load_shapes()
    assert len(shapes) == 18
    ref = load_reference()
    assert {s.geo_name for s in shapes} == {d.geo_name for d in ref.districts}


def test_high_and_low_districts_get_distinct_colours(district_map):
    image = _render(district_map)
    busy = _pixel_at(image, district_map, "mimika_baru")
    quiet = _pixel_at(image, district_map, "agimuga")
    assert busy == QColor(district_map.fill_colour("Mimika Baru"))
    assert quiet == QColor(district_map.fill_colour("Agimuga"))
    # Darker means more reports on a sequential scale.
    assert busy.lightness() < quiet.lightness() - 60
    # The legend has a swatch per class plus "no data", and the credit line is painted.
    assert len(district_map.legend()) >= 3
    non_white = sum(
        image.pixelColor(x, y) != QColor("white")
        for x in range(0, image.width(), 3)
        for y in range(image.height() - 40, image.height(), 3)
    )
    assert non_white > 50


def test_overdue_share_recolours(district_map):
    before = district_map.fill_colour("Mimika Baru")
    district_map.set_metric(Metric.OVERDUE)
    after = district_map.fill_colour("Mimika Baru")
    assert before != after
    # Mimika Baru has no overdue report in this data: the lightest class of the overdue scale.
    assert after == QColor(colour_classes([], Metric.OVERDUE)[0].colour)


def test_district_without_figures_has_zero_reports_and_no_overdue_share(qtbot):
    # The dashboard lists only distrik with reports: one left out had none (issue 18, item 10),
    # which is a count (0), not missing data; its overdue share does not exist (no open reports).
    m = DistrictMap()
    qtbot.addWidget(m)
    m.set_figures([f for f in _figures() if f.code != "jita"])
    assert m.value_of("Jita") == 0 and m.fill_colour("Jita") != QColor(NO_DATA_COLOUR)
    m.set_metric(Metric.OVERDUE)
    assert m.fill_colour("Jita") == QColor(NO_DATA_COLOUR)


@pytest.mark.parametrize("code", ["mimika_baru", "agimuga", "mimika_barat_jauh", "kwamki_narama"])
def test_click_at_label_point_activates_the_distrik(district_map, qtbot, code):
    district_map.show()
    qtbot.waitExposed(district_map)
    point = district_map.label_point_px(code).toPoint()
    with qtbot.waitSignal(district_map.district_activated, timeout=2000) as blocker:
        qtbot.mouseClick(district_map, Qt.MouseButton.LeftButton, pos=point)
    assert blocker.args == [code]


def test_tooltip_names_the_distrik_and_its_counts(district_map):
    text = district_map.tooltip_text("Mimika Baru")
    assert "Mimika Baru" in text and "900" in text
