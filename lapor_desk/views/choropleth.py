"""What the desk's two choropleth maps share — the coordinator's distrik map
(`views.coordinator.map`) and the centre's national map (`views.pusat.map`): fitting the shapes
into the widget, hover with a tooltip, a click that names an area, and the legend with its
boundary credit. Each map says what its areas are (`area_at`, `tooltip_text`, `activate`), how a
value is coloured, and what its legend reads (`legend_title`, `legend_entries`); every
translated text stays in the map's own class, so Qt Linguist finds it there.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTransform,
)
from PySide6.QtWidgets import QToolTip, QWidget

from lapor_desk.views import palette


class Choropleth(QWidget):
    _MARGIN = 12.0
    _LEGEND_HEIGHT = 44.0
    #: the boundary data's credit, drawn on the legend's title line
    CREDIT = ""
    #: legend swatches of this colour are hatched (the map hatches areas without data)
    HATCHED: str | None = None

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMouseTracking(True)
        self._bounds = QRectF()
        self._hover: str | None = None

    # -- what each map says ------------------------------------------------------------------
    def area_at(self, pos: QPointF) -> str | None:
        """The area under a widget position (the key `tooltip_text` and `activate` take)."""
        raise NotImplementedError

    def tooltip_text(self, area: str) -> str:
        raise NotImplementedError

    def activate(self, area: str) -> None:
        """The area was clicked."""

    def legend_title(self) -> str:
        raise NotImplementedError

    def legend_entries(self) -> list[tuple[str, str]]:
        """(colour, label) of each legend swatch."""
        raise NotImplementedError

    # -- geometry ----------------------------------------------------------------------------
    def _map_rect(self, rect: QRectF) -> QRectF:
        m = self._MARGIN
        return rect.adjusted(m, m, -m, -(m + self._LEGEND_HEIGHT))

    def _transform(self, rect: QRectF) -> QTransform:
        """Shape coordinates -> pixels, keeping the aspect ratio, centred in `rect`."""
        area = self._map_rect(rect)
        b = self._bounds
        scale = min(area.width() / b.width(), area.height() / b.height())
        dx = area.left() + (area.width() - b.width() * scale) / 2 - b.left() * scale
        dy = area.top() + (area.height() - b.height() * scale) / 2 - b.top() * scale
        return QTransform(scale, 0, 0, scale, dx, dy)

    def _to_shape(self, pos: QPointF) -> QPointF | None:
        """A widget position in shape coordinates (None while the widget has no size)."""
        inverse, ok = self._transform(QRectF(self.rect())).inverted()
        return inverse.map(pos) if ok else None

    # -- events ------------------------------------------------------------------------------
    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        area = self.area_at(event.position())
        if area != self._hover:
            self._hover = area
            self.setCursor(
                Qt.CursorShape.PointingHandCursor if area else Qt.CursorShape.ArrowCursor
            )
            self.update()
        if area is None:
            QToolTip.hideText()
            return
        QToolTip.showText(event.globalPosition().toPoint(), self.tooltip_text(area), self)

    def leaveEvent(self, event) -> None:
        self._hover = None
        self.update()
        super().leaveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        area = self.area_at(event.position())
        if area:
            self.activate(area)

    # -- painting ----------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().base())
        self.render_map(painter, QRectF(self.rect()))
        painter.end()

    def render_map(self, painter: QPainter, rect: QRectF) -> None:
        raise NotImplementedError

    def _draw_legend(self, painter: QPainter, rect: QRectF) -> None:
        font = QFont(painter.font())
        font.setPointSizeF(8.0)
        painter.setFont(font)
        metrics = QFontMetricsF(font, painter.device())
        top = rect.bottom() - self._LEGEND_HEIGHT
        x = rect.left() + self._MARGIN
        painter.setPen(self.palette().text().color())
        painter.drawText(QPointF(x, top + metrics.ascent()), self.legend_title())
        y = top + metrics.height() + 4
        swatch = 12.0
        hatch = QBrush(QColor(palette.MAP_HATCH), Qt.BrushStyle.BDiagPattern)
        for colour, label in self.legend_entries():
            painter.setPen(QPen(QColor(palette.MAP_LEGEND_LINE), 0.8))
            painter.setBrush(QColor(colour))
            box = QRectF(x, y, swatch, swatch)
            painter.drawRect(box)
            if colour == self.HATCHED:
                painter.setBrush(hatch)
                painter.drawRect(box)
            painter.setPen(self.palette().text().color())
            painter.drawText(QPointF(x + swatch + 4, y + swatch - 2), label)
            x += swatch + 10 + metrics.horizontalAdvance(label)
        small = QFont(font)
        small.setPointSizeF(7.0)
        painter.setFont(small)
        painter.setPen(QColor(palette.MAP_LEGEND_TEXT))
        # on the title's line, right-aligned: a narrow map (the centre's drill-down) never runs
        # it into the swatches
        width = QFontMetricsF(small, painter.device()).horizontalAdvance(self.CREDIT)
        painter.drawText(
            QPointF(rect.right() - self._MARGIN - width, top + metrics.ascent()), self.CREDIT
        )
