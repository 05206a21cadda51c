"""The overview strip (minimap): every event over the whole range, with the part shown.

Shows where the rest of the chronology lies when the timeline is zoomed to the news;
click or drag to move the view there.
"""
from __future__ import annotations

import numpy as np

from model.day import year_label

from .dates import day_of
from .qt import QColor, QPainter, QPen, QPointF, QRectF, Qt, QWidget, Signal

STRIP_H = 26


class OverviewStrip(QWidget):
    """``moveTo(t)`` asks the timeline to centre on day ``t``."""

    moveTo = Signal(float)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFixedHeight(STRIP_H)
        self.setAccessibleName("Overview of the whole chronology")
        self.setToolTip("The whole chronology; the frame is what the timeline shows. "
                        "Click or drag to move there.")
        self.setCursor(Qt.PointingHandCursor)
        self.range: tuple[float, float] | None = None
        self.view: tuple[float, float] = (0.0, 1.0)
        self._counts = np.zeros(0)

    def set_events(self, start: np.ndarray, end: np.ndarray) -> None:
        if not len(start):
            self.range = None
            self.update()
            return
        lo, hi = float(start.min()), float(end.max())
        pad = max((hi - lo) * 0.02, 1.0)
        self.range = (lo - pad, hi + pad)
        self._start, self._end = start, end
        self._bin()
        self.update()

    def _bin(self) -> None:
        if self.range is None:
            return
        width = max(self.width(), 1)
        lo, hi = self.range
        cols = ((self._start + self._end) / 2 - lo) / (hi - lo) * width
        self._counts = np.bincount(np.clip(cols.astype(int), 0, width - 1), minlength=width)

    def set_view(self, t0: float, t1: float) -> None:
        self.view = (t0, t1)
        self.update()

    def resizeEvent(self, event) -> None:
        self._bin()
        super().resizeEvent(event)

    def _x(self, t: float) -> float:
        lo, hi = self.range
        return (t - lo) / (hi - lo) * self.width()

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        pal = self.palette()
        p.fillRect(self.rect(), pal.alternateBase())
        if self.range is None:
            p.end()
            return
        h = self.height()
        counts = self._counts
        if counts.max() > 0:
            colour = QColor(pal.text().color())
            colour.setAlpha(150)
            p.setPen(QPen(colour, 1))
            heights = np.log1p(counts) / np.log1p(counts.max()) * (h - 12)
            for x in np.nonzero(counts)[0].tolist():
                p.drawLine(QPointF(x + 0.5, h - 2), QPointF(x + 0.5, h - 2 - max(heights[x], 2)))
        p.setPen(pal.placeholderText().color())
        lo, hi = self.range
        p.drawText(QPointF(3, 11), year_label(day_of(lo).year))
        last = year_label(day_of(hi).year)
        p.drawText(QPointF(self.width() - p.fontMetrics().horizontalAdvance(last) - 3, 11), last)
        x0, x1 = self._x(self.view[0]), self._x(self.view[1])
        frame = QRectF(x0, 1, max(x1 - x0, 3.0), h - 2)
        highlight = QColor(pal.highlight().color())
        highlight.setAlpha(50)
        p.fillRect(frame, highlight)
        highlight.setAlpha(220)
        p.setPen(QPen(highlight, 1.5))
        p.setBrush(Qt.NoBrush)
        p.drawRect(frame)
        p.end()

    def _move(self, x: float) -> None:
        if self.range is not None:
            lo, hi = self.range
            self.moveTo.emit(lo + x / max(self.width(), 1) * (hi - lo))

    def mousePressEvent(self, event) -> None:
        self._move(event.position().x())

    def mouseMoveEvent(self, event) -> None:
        if event.buttons() & Qt.LeftButton:
            self._move(event.position().x())
