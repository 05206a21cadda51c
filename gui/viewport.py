"""Zoom and pan arithmetic for the timeline, kept free of Qt so it can be tested plainly.

Time is a float day number (``Day.ordinal``: 1 is 0001-01-01, BC days are below 1); x is a pixel
column. In the spirit of pyqtgraph's ViewBox, the view is a visible range [t0, t1]
mapped linearly onto [0, width].
"""
from __future__ import annotations

from model.day import FIRST_DAY as _FIRST, LAST_DAY as _LAST

HOUR = 1.0 / 24.0
MIN_SPAN = HOUR
MAX_SPAN = 1000 * 365.25
#: Representable calendar days, so that every visible time converts back to a date.
FIRST_DAY = float(_FIRST.ordinal)
LAST_DAY = float(_LAST.ordinal) + 1.0


class Viewport:
    """The visible time range of a widget ``width`` pixels wide."""

    def __init__(self, t0: float = 0.0, t1: float = 365.0, width: float = 800.0,
                 min_span: float = MIN_SPAN, max_span: float = MAX_SPAN):
        self.min_span = min_span
        self.max_span = max_span
        self.width = max(float(width), 1.0)
        #: Where the data lies, widened a little: zooming out and panning stop there.
        self.limits: tuple[float, float] | None = None
        self.t0, self.t1 = 0.0, 1.0
        self.set_range(t0, t1)

    def set_limits(self, limits: tuple[float, float] | None) -> None:
        self.limits = limits
        self.set_range(self.t0, self.t1)

    def _max_span(self) -> float:
        if self.limits is not None:  # the data's own range, however long
            return min(max(self.limits[1] - self.limits[0], self.min_span),
                       LAST_DAY - FIRST_DAY)
        return min(self.max_span, LAST_DAY - FIRST_DAY)

    @property
    def span(self) -> float:
        return self.t1 - self.t0

    @property
    def days_per_px(self) -> float:
        return self.span / self.width

    def resize(self, width: float) -> None:
        """Keep the same time range over a new width (a wider window shows more detail)."""
        self.width = max(float(width), 1.0)

    def x_of(self, t):
        """Pixel column of time ``t`` (scalar or numpy array)."""
        return (t - self.t0) * (self.width / self.span)

    def t_of(self, x):
        """Time under pixel column ``x`` (the inverse of ``x_of``)."""
        return self.t0 + x * (self.span / self.width)

    def set_range(self, t0: float, t1: float) -> None:
        """Show [t0, t1], clamped to the span limits and the calendar."""
        if t1 < t0:
            t0, t1 = t1, t0
        centre = (t0 + t1) / 2.0
        span = min(max(t1 - t0, self.min_span), self._max_span())
        t0, t1 = centre - span / 2.0, centre + span / 2.0
        self.t0, self.t1 = self._shift_inside(t0, t1)

    def zoom(self, factor: float, x: float | None = None) -> None:
        """Zoom in by ``factor`` (>1 in, <1 out) keeping the time under pixel ``x`` fixed."""
        if x is None:
            x = self.width / 2.0
        anchor = self.t_of(x)
        span = min(max(self.span / factor, self.min_span), self._max_span())
        fraction = x / self.width
        t0 = anchor - fraction * span
        self.t0, self.t1 = self._shift_inside(t0, t0 + span)

    def zoom_wheel(self, angle_delta: float, x: float) -> None:
        """One notch (120 eighths of a degree) zooms by a fifth; trackpads send smaller steps."""
        self.zoom(1.2 ** (angle_delta / 120.0), x)

    def pan(self, dx: float) -> None:
        """Drag the content ``dx`` pixels to the right: earlier times come into view."""
        dt = dx * self.days_per_px
        self.t0, self.t1 = self._shift_inside(self.t0 - dt, self.t1 - dt)

    def fit(self, t_min: float, t_max: float, margin: float = 0.05) -> None:
        """Show [t_min, t_max] with ``margin`` of the span free on either side."""
        span = max(t_max - t_min, 1.0)
        pad = span * margin
        self.set_range(t_min - pad, t_max + pad)

    def centre_on(self, t: float) -> None:
        half = self.span / 2.0
        self.t0, self.t1 = self._shift_inside(t - half, t + half)

    def contains(self, t: float) -> bool:
        return self.t0 <= t <= self.t1

    def _shift_inside(self, t0: float, t1: float) -> tuple[float, float]:
        first, last = self.limits if self.limits is not None else (FIRST_DAY, LAST_DAY)
        first, last = max(first, FIRST_DAY), min(last, LAST_DAY)
        if t1 - t0 >= last - first:
            half = (t1 - t0) / 2.0
            centre = (first + last) / 2.0
            return centre - half, centre + half
        if t0 < first:
            t0, t1 = first, t1 + (first - t0)
        if t1 > last:
            t0, t1 = t0 - (t1 - last), last
        return t0, t1
