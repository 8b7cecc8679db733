"""The map of Mimika's 18 distrik, coloured by report volume or overdue share (the "pemetaan").

Boundaries come from `resources/maps/mimika-distrik.geojson` (BIG via
Zxce3/papua-geojson-collections, simplified). The projection is equirectangular around the
kabupaten's middle latitude, accurate enough for an area 3° wide at 4–5° south. Shapes are
projected once into QPainterPaths; painting only applies a transform, so resizing and hovering
stay cheap.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QLocale, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QTransform,
)
from PySide6.QtWidgets import QWidget

from lapor_desk.views import palette
from lapor_desk.views.choropleth import Choropleth
from lapor_desk.views.resources import resources_dir

CREDIT = "Batas wilayah: BIG via Zxce3/papua-geojson-collections"


class Metric(StrEnum):
    VOLUME = "volume"
    OVERDUE = "overdue"


class DistrictFigure(Protocol):
    """What the map needs per distrik (services.dashboard.DistrictFigure has these)."""

    code: str
    name: str
    geo_name: str
    reports: int
    overdue: int
    open_reports: int


@dataclass(frozen=True, slots=True)
class DistrictShape:
    """One distrik's outline in lon/lat: its polygons as rings (outer ring first)."""

    geo_name: str
    polygons: tuple[tuple[tuple[tuple[float, float], ...], ...], ...]
    label_point: tuple[float, float]


def geojson_path() -> Path:
    return resources_dir() / "maps" / "mimika-distrik.geojson"


@cache
def load_shapes(path: Path | None = None) -> tuple[DistrictShape, ...]:
    """The distrik outlines of the shipped GeoJSON (Polygon and MultiPolygon features)."""
    data = json.loads((path or geojson_path()).read_text(encoding="utf-8"))
    shapes = []
    for feature in data["features"]:
        geometry = feature["geometry"]
        polys = geometry["coordinates"]
        if geometry["type"] == "Polygon":
            polys = [polys]
        props = feature["properties"]
        shapes.append(
            DistrictShape(
                geo_name=props["distrik"],
                polygons=tuple(
                    tuple(tuple((float(x), float(y)) for x, y in ring) for ring in poly)
                    for poly in polys
                ),
                label_point=(float(props["label_point"][0]), float(props["label_point"][1])),
            )
        )
    return tuple(shapes)


# -- colour scale --------------------------------------------------------------------------------
#: Sequential 5-class scales (ColorBrewer Blues and OrRd): light = few, dark = many.
_VOLUME_COLOURS = palette.MAP_VOLUME
_OVERDUE_COLOURS = palette.MAP_OVERDUE
NO_DATA_COLOUR = palette.MAP_NO_DATA
ZERO_COLOUR = palette.MAP_ZERO
#: Fixed breaks for the overdue share, so maps of different months compare.
_SHARE_BREAKS = (0.0, 0.1, 0.25, 0.5, 0.75, 1.0)


@dataclass(frozen=True, slots=True)
class ColourClass:
    """A legend entry: values in [lower, upper] get `colour`."""

    lower: float
    upper: float
    colour: str


def colour_classes(values: Sequence[float], metric: Metric) -> list[ColourClass]:
    """The classes of the legend for these values.

    Volume uses quantile breaks (Mimika Baru alone has about half the population, so equal steps
    would paint every other distrik the same pale blue); the overdue share uses fixed breaks.
    """
    if metric == Metric.OVERDUE:
        return [
            ColourClass(lo, hi, colour)
            for lo, hi, colour in zip(
                _SHARE_BREAKS[:-1], _SHARE_BREAKS[1:], _OVERDUE_COLOURS, strict=True
            )
        ]
    positive = sorted(v for v in values if v > 0)
    if not positive:
        return []
    n = len(_VOLUME_COLOURS)
    breaks = [positive[0]]
    for i in range(1, n):
        candidate = positive[min(len(positive) - 1, math.ceil(i * len(positive) / n) - 1)]
        if candidate > breaks[-1]:
            breaks.append(candidate)
    if positive[-1] > breaks[-1] or len(breaks) == 1:
        breaks.append(positive[-1])
    classes = []
    colours = _VOLUME_COLOURS[n - (len(breaks) - 1) :]
    for i, colour in enumerate(colours):
        lower = breaks[i] if i == 0 else breaks[i] + 1
        classes.append(ColourClass(lower, breaks[i + 1], colour))
    return classes


def colour_for(value: float | None, classes: Sequence[ColourClass]) -> str:
    if value is None:
        return NO_DATA_COLOUR
    if value == 0 and (not classes or classes[0].lower > 0):
        return ZERO_COLOUR  # none reported there: a figure, not a gap in the data
    if not classes or value < classes[0].lower:
        return NO_DATA_COLOUR
    for cls in classes:
        if value <= cls.upper:
            return cls.colour
    return classes[-1].colour


# -- the widget ----------------------------------------------------------------------------------
class DistrictMap(Choropleth):
    """A choropleth of the distrik; hover shows name and counts, a click drills down."""

    district_activated = Signal(str)
    """A distrik was clicked: (district code)."""

    CREDIT = CREDIT

    def __init__(self, parent: QWidget | None = None, *, shapes: Sequence[DistrictShape] = ()):
        super().__init__(parent)
        self.setMinimumSize(360, 220)
        self.setAccessibleName(self.tr("District map"))
        self._shapes = tuple(shapes) or load_shapes()
        # Equirectangular: x = lon * cos(mid latitude), y = -lat (north up).
        lats = [y for s in self._shapes for poly in s.polygons for ring in poly for _, y in ring]
        self._kx = math.cos(math.radians((min(lats) + max(lats)) / 2))
        self._paths = {s.geo_name: self._project(s) for s in self._shapes}
        bounds = QRectF()
        for path in self._paths.values():
            bounds = bounds.united(path.boundingRect())
        self._bounds = bounds
        self._figures: dict[str, DistrictFigure] = {}
        self._metric = Metric.VOLUME
        self._classes: list[ColourClass] = []

    def _project(self, shape: DistrictShape) -> QPainterPath:
        path = QPainterPath()
        path.setFillRule(Qt.FillRule.OddEvenFill)
        for poly in shape.polygons:
            for ring in poly:
                path.moveTo(ring[0][0] * self._kx, -ring[0][1])
                for x, y in ring[1:]:
                    path.lineTo(x * self._kx, -y)
                path.closeSubpath()
        return path

    # -- data ------------------------------------------------------------------------------------
    def set_figures(self, figures: Sequence[DistrictFigure], metric: Metric | None = None) -> None:
        """Show these per-distrik figures (matched to shapes by `geo_name`)."""
        self._figures = {f.geo_name: f for f in figures}
        if metric is not None:
            self._metric = Metric(metric)
        self._recolour()

    def set_metric(self, metric: Metric) -> None:
        self._metric = Metric(metric)
        self._recolour()

    def current_metric(self) -> Metric:
        return self._metric

    def _recolour(self) -> None:
        values = [v for v in (self.value_of(g) for g in self._paths) if v is not None]
        self._classes = colour_classes(values, self._metric)
        self.update()

    def value_of(self, geo_name: str) -> float | None:
        """The value the colour shows for a distrik (count, or overdue share of open reports)."""
        fig = self._figures.get(geo_name)
        if self._metric == Metric.VOLUME:
            # The figures list the distrik with reports; one that is not there had none.
            if fig is None:
                return 0.0 if self._figures else None
            return float(fig.reports)
        if fig is None:
            return None
        return fig.overdue / fig.open_reports if fig.open_reports else None

    def fill_colour(self, geo_name: str) -> QColor:
        return QColor(colour_for(self.value_of(geo_name), self._classes))

    def legend(self) -> list[ColourClass]:
        return list(self._classes)

    # -- geometry --------------------------------------------------------------------------------
    def label_point_px(self, code: str) -> QPointF:
        """Where a distrik's label point is on the widget (tests click there)."""
        shape = next(s for s in self._shapes if self._code_of(s.geo_name) == code)
        x, y = shape.label_point
        return self._transform(QRectF(self.rect())).map(QPointF(x * self._kx, -y))

    def geo_name_at(self, pos: QPointF) -> str | None:
        point = self._to_shape(pos)
        if point is None:
            return None
        for name, path in self._paths.items():
            if path.contains(point):
                return name
        return None

    def _code_of(self, geo_name: str) -> str | None:
        fig = self._figures.get(geo_name)
        return fig.code if fig is not None else None

    area_at = geo_name_at

    def activate(self, area: str) -> None:
        code = self._code_of(area)
        if code:
            self.district_activated.emit(code)

    # -- events ----------------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return QSize(880, 460)

    def tooltip_text(self, geo_name: str) -> str:
        fig = self._figures.get(geo_name)
        locale = QLocale()
        if fig is None:
            return self.tr("%1: no reports").replace("%1", geo_name)
        share = fig.overdue / fig.open_reports if fig.open_reports else 0.0
        return (
            self.tr("%1\n%2 reports, %3 open, %4 overdue (%5)")
            .replace("%1", fig.name)
            .replace("%2", locale.toString(fig.reports))
            .replace("%3", locale.toString(fig.open_reports))
            .replace("%4", locale.toString(fig.overdue))
            .replace("%5", locale.toString(share * 100, "f", 0) + " %")
        )

    # -- painting --------------------------------------------------------------------------------
    def render_map(self, painter: QPainter, rect: QRectF, *, labels: bool = True) -> None:
        """Paint the map, legend and credit into `rect` (also used by the PDF recap)."""
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        transform = self._transform(rect)
        outline = QPen(QColor(palette.MAP_OUTLINE), 1.2)
        outline.setCosmetic(True)
        for name, path in self._paths.items():
            painter.setPen(outline)
            painter.setBrush(self.fill_colour(name))
            painter.drawPath(transform.map(path))
        if self._hover is not None and self._hover in self._paths:
            pen = QPen(QColor(palette.MAP_SELECTED), 2.0)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(transform.map(self._paths[self._hover]))
        if labels:
            self._draw_labels(painter, transform, rect)
        self._draw_legend(painter, rect)
        painter.restore()

    def _draw_labels(self, painter: QPainter, transform: QTransform, rect: QRectF) -> None:
        font = QFont(painter.font())
        font.setPointSizeF(max(6.5, min(9.0, rect.width() / 110)))
        metrics = QFontMetricsF(font, painter.device())
        # Bigger districts first; a label that would overlap one already placed is left to the
        # tooltip (the tiny distrik around Timika cannot all carry a name at this scale).
        order = sorted(
            self._shapes,
            key=lambda s: (
                -(self._figures[s.geo_name].reports if s.geo_name in self._figures else 0)
            ),
        )
        placed: list[QRectF] = []
        halo = QPen(QColor(255, 255, 255, 220), 3.0)
        halo.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        for shape in order:
            x, y = shape.label_point
            centre = transform.map(QPointF(x * self._kx, -y))
            fig = self._figures.get(shape.geo_name)
            text = fig.name if fig is not None else shape.geo_name
            width = metrics.horizontalAdvance(text)
            box = QRectF(
                centre.x() - width / 2, centre.y() - metrics.height() / 2, width, metrics.height()
            )
            if any(box.adjusted(-3, -1, 3, 1).intersects(p) for p in placed):
                continue
            placed.append(box)
            path = QPainterPath()
            path.addText(QPointF(box.left(), box.top() + metrics.ascent()), font, text)
            painter.setPen(halo)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(palette.INK))
            painter.drawPath(path)

    def legend_title(self) -> str:
        if self._metric == Metric.VOLUME:
            return self.tr("Reports")
        return self.tr("Overdue share of open reports")

    def legend_entries(self) -> list[tuple[str, str]]:
        """(colour, label) of each legend swatch: 0 has its own, "no data" only where a value
        cannot exist (no open reports to take an overdue share of)."""
        entries = [(c.colour, self._legend_label(c)) for c in self._classes]
        if self._metric == Metric.VOLUME:
            entries.insert(0, (ZERO_COLOUR, QLocale().toString(0)))
        else:
            entries.append((NO_DATA_COLOUR, self.tr("no open reports")))
        return entries

    def _legend_label(self, cls: ColourClass) -> str:
        locale = QLocale()
        if self._metric == Metric.OVERDUE:
            low = locale.toString(cls.lower * 100, "f", 0)
            return f"{low}–{locale.toString(cls.upper * 100, 'f', 0)} %"
        if cls.lower == cls.upper:
            return locale.toString(int(cls.lower))
        return f"{locale.toString(int(cls.lower))}–{locale.toString(int(cls.upper))}"
