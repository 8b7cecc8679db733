"""The national map of the 514 kabupaten/kota, coloured by one of the centre's measures.

Boundaries: `resources/maps/indonesia-kabkota.geojson` (cahyadsn/wilayah_boundaries, MIT; see
resources/maps/SOURCE.md), joined on the Kemendagri code (`kode`) the regions register with.
Equirectangular around the equator (Indonesia lies within 11° of it). Shapes are projected once
into QPainterPaths and cached per process; painting applies one transform, so the first paint is
the parse and projection (bench/pusat.py) and every later one is cheap.

Colours: sequential, colour-blind-safe 5-class scales (ColorBrewer Blues for volume, OrRd for the
overdue share, YlGnBu for compliance and satisfaction, where darker is better); a region that
sent nothing for the months shown is hatched grey, never painted as a value.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PySide6.QtCore import QLocale, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QPainter,
    QPainterPath,
    QPen,
    QTransform,
)
from PySide6.QtWidgets import QWidget

from lapor_desk.services.pusat import RegionFigure
from lapor_desk.views import palette
from lapor_desk.views.choropleth import Choropleth
from lapor_desk.views.coordinator.map import ColourClass, colour_classes, colour_for
from lapor_desk.views.coordinator.map import Metric as DistrictMetric
from lapor_desk.views.resources import resources_dir

CREDIT = "Batas wilayah: cahyadsn/wilayah_boundaries (MIT © 2024 Cahya DSN)"
# Fixed breaks, so that maps of different months compare.
_SHARE_BREAKS = (0.0, 0.1, 0.25, 0.5, 0.75, 1.0)
_COMPLIANCE_BREAKS = (0.0, 0.5, 0.7, 0.8, 0.9, 1.0)
_SATISFACTION_BREAKS = (1.0, 2.5, 3.0, 3.5, 4.0, 5.0)


@dataclass(frozen=True, slots=True)
class RegionShape:
    code: str
    name: str
    province: str
    path: QPainterPath
    label_point: tuple[float, float]


def geojson_path() -> Path:
    return resources_dir() / "maps" / "indonesia-kabkota.geojson"


@cache
def load_shapes(path: Path | None = None) -> tuple[RegionShape, ...]:
    """Every kabupaten/kota as a projected path (x = lon, y = −lat), read once per process."""
    data = json.loads((path or geojson_path()).read_bytes())
    shapes = []
    for feature in data["features"]:
        geometry = feature["geometry"]
        polys = geometry["coordinates"]
        if geometry["type"] == "Polygon":
            polys = [polys]
        path_ = QPainterPath()
        path_.setFillRule(Qt.FillRule.OddEvenFill)
        for poly in polys:
            for ring in poly:
                path_.moveTo(ring[0][0], -ring[0][1])
                for x, y in ring[1:]:
                    path_.lineTo(x, -y)
                path_.closeSubpath()
        props = feature["properties"]
        lx, ly = props["label_point"]
        shapes.append(
            RegionShape(props["kode"], props["nama"], props["provinsi"], path_, (lx, -ly))
        )
    return tuple(shapes)


def classes_for(values: Sequence[float], measure: str) -> list[ColourClass]:
    """The legend's classes of a measure (quantiles for volume, fixed breaks for the shares)."""
    if measure == "volume":
        return colour_classes(values, DistrictMetric.VOLUME)
    breaks, colours = {
        "overdue": (_SHARE_BREAKS, palette.MAP_OVERDUE),
        "compliance": (_COMPLIANCE_BREAKS, palette.MAP_GOOD),
        "satisfaction": (_SATISFACTION_BREAKS, palette.MAP_GOOD),
    }[measure]
    return [
        ColourClass(lo, hi, c) for lo, hi, c in zip(breaks[:-1], breaks[1:], colours, strict=True)
    ]


class NationalMap(Choropleth):
    """A choropleth of the kabupaten/kota; hover shows the figures, a click drills down."""

    region_activated = Signal(str)
    """A region was clicked: (Kemendagri code)."""

    _MARGIN = 10.0
    _LEGEND_HEIGHT = 40.0
    CREDIT = CREDIT
    HATCHED = palette.MAP_NO_DATA

    def __init__(self, parent: QWidget | None = None, *, shapes: Sequence[RegionShape] = ()):
        super().__init__(parent)
        self.setMinimumSize(480, 240)
        self.setAccessibleName(self.tr("National map"))
        self._shapes = tuple(shapes) or load_shapes()
        self._by_code = {s.code: s for s in self._shapes}
        bounds = QRectF()
        for shape in self._shapes:
            bounds = bounds.united(shape.path.boundingRect())
        self._bounds = bounds
        self._boxes = {s.code: s.path.boundingRect() for s in self._shapes}
        self._figures: dict[str, RegionFigure] = {}
        self._measure = "volume"
        self._classes: list[ColourClass] = []
        self._selected: str | None = None

    # -- data --------------------------------------------------------------------------------
    def set_figures(self, figures: Mapping[str, RegionFigure], measure: str | None = None) -> None:
        self._figures = dict(figures)
        if measure is not None:
            self._measure = measure
        self._recolour()

    def set_measure(self, measure: str) -> None:
        self._measure = measure
        self._recolour()

    def measure(self) -> str:
        return self._measure

    def select(self, code: str | None) -> None:
        self._selected = code
        self.update()

    def codes(self) -> list[str]:
        return [s.code for s in self._shapes]

    def _recolour(self) -> None:
        values = [v for v in (self.value_of(c) for c in self._by_code) if v is not None]
        self._classes = classes_for(values, self._measure)
        self.update()

    def value_of(self, code: str) -> float | None:
        fig = self._figures.get(code)
        return fig.value(self._measure) if fig is not None else None

    def has_data(self, code: str) -> bool:
        fig = self._figures.get(code)
        return fig is not None and fig.months > 0

    def fill_colour(self, code: str) -> QColor:
        value = self.value_of(code)
        if value is None:
            return QColor(palette.MAP_NO_DATA)
        return QColor(colour_for(value, self._classes))

    def legend(self) -> list[ColourClass]:
        return list(self._classes)

    # -- geometry ----------------------------------------------------------------------------
    def label_point_px(self, code: str) -> QPointF:
        """Where a region's label point is on the widget (tests click there)."""
        x, y = self._by_code[code].label_point
        return self._transform(QRectF(self.rect())).map(QPointF(x, y))

    def code_at(self, pos: QPointF) -> str | None:
        point = self._to_shape(pos)
        if point is None:
            return None
        for code, box in self._boxes.items():
            if box.contains(point) and self._by_code[code].path.contains(point):
                return code
        return None

    area_at = code_at

    def activate(self, area: str) -> None:
        self.region_activated.emit(area)

    # -- events ------------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return QSize(900, 420)

    def tooltip_text(self, code: str) -> str:
        shape = self._by_code[code]
        fig = self._figures.get(code)
        if fig is None or not fig.months:
            return (
                self.tr("%1 (%2)\nno data for these months")
                .replace("%1", shape.name)
                .replace("%2", shape.province)
            )
        locale = QLocale()
        share = fig.overdue_share
        return (
            self.tr("%1 (%2)\n%3 reports, %4 overdue (%5)")
            .replace("%1", shape.name)
            .replace("%2", shape.province)
            .replace("%3", locale.toString(fig.total))
            .replace("%4", locale.toString(fig.overdue))
            .replace("%5", "–" if share is None else locale.toString(share * 100, "f", 0) + " %")
        )

    # -- painting ----------------------------------------------------------------------------
    def render_map(self, painter: QPainter, rect: QRectF) -> None:
        """Paint the map, legend and credit into `rect`."""
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        transform = self._transform(rect)
        outline = QPen(QColor(palette.MAP_REGION_OUTLINE), 0.4)
        outline.setCosmetic(True)
        hatch = QBrush(QColor(palette.MAP_HATCH), Qt.BrushStyle.BDiagPattern)
        hatch.setTransform(QTransform())
        painter.setPen(outline)
        for shape in self._shapes:
            mapped = transform.map(shape.path)
            painter.setBrush(self.fill_colour(shape.code))
            painter.drawPath(mapped)
            if not self.has_data(shape.code):
                painter.setBrush(hatch)
                painter.drawPath(mapped)
        for code, width in ((self._selected, 2.2), (self._hover, 1.6)):
            if code is not None and code in self._by_code:
                pen = QPen(QColor(palette.MAP_SELECTED), width)
                pen.setCosmetic(True)
                painter.setPen(pen)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawPath(transform.map(self._by_code[code].path))
        self._draw_legend(painter, rect)
        painter.restore()

    def legend_title(self) -> str:
        return {
            "volume": self.tr("Reports"),
            "overdue": self.tr("Overdue share of open reports"),
            "compliance": self.tr("Answered within 5 working days"),
            "satisfaction": self.tr("Mean satisfaction rating (1–5)"),
        }[self._measure]

    def legend_entries(self) -> list[tuple[str, str]]:
        entries = [(c.colour, self._legend_label(c)) for c in self._classes]
        entries.append((palette.MAP_NO_DATA, self.tr("no data")))
        return entries

    def _legend_label(self, cls: ColourClass) -> str:
        locale = QLocale()
        if self._measure in ("overdue", "compliance"):
            low = locale.toString(cls.lower * 100, "f", 0)
            return f"{low}–{locale.toString(cls.upper * 100, 'f', 0)} %"
        if self._measure == "satisfaction":
            return f"{locale.toString(cls.lower, 'f', 1)}–{locale.toString(cls.upper, 'f', 1)}"
        if cls.lower == cls.upper:
            return locale.toString(int(cls.lower))
        return f"{locale.toString(int(cls.lower))}–{locale.toString(int(cls.upper))}"
