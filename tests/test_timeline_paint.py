"""What the timeline paints when a lane is dense: one pixel column per bin."""
from __future__ import annotations

import numpy as np
import pandas as pd

from gui import axis
from gui.qt import QColor, QImage
from gui.timeline_widget import AXIS_H, density_strip
from tests.gui_fixture import one_lane_frame
from model.day import Day


def test_density_strip_fills_each_column_from_the_bottom():
    strip = density_strip(np.array([0.0, 1.5, 3.0, 0.2]), 255, 0, 0, 255)
    assert strip.shape == (3, 4) and strip.dtype == np.uint32
    red = np.uint32(0xFFFF0000)
    assert (strip[:, 0] == 0).all()
    assert list(strip[:, 1]) == [0, red, red]  # 1.5 px rounds up to 2
    assert list(strip[:, 2]) == [red, red, red]
    assert list(strip[:, 3]) == [0, 0, red]


def test_density_strip_is_premultiplied():
    strip = density_strip(np.array([1.0]), 200, 100, 0, 128)
    assert int(strip[0, 0]) == (128 << 24) | (100 << 16) | (50 << 8) | 0


def test_dense_lane_paints_only_the_columns_holding_events(qtbot):
    from gui.selection import Selection
    from gui.timeline_widget import TimelineWidget
    n = 3000  # two bunches of events, one day each: far above the dense limit
    start = pd.Series([Day.of(2001, 1, 10).ordinal] * (n // 2)
                      + [Day.of(2010, 6, 1).ordinal] * (n - n // 2))
    frame = one_lane_frame(start)
    timeline = TimelineWidget(Selection())
    qtbot.addWidget(timeline)
    timeline.resize(800, 300)
    timeline.set_events(frame, [("a", "A")])
    v = timeline.viewport
    t0 = Day.of(2000, 1, 1).ordinal
    timeline.show_range(t0, t0 + 12 * 365.25)
    image = QImage(800, 300, QImage.Format_ARGB32)
    timeline.render(image)
    background = timeline.palette().base().color().rgb()
    y = 300 - AXIS_H - 10  # just above the strip's base line
    grid = {round(v.x_of(tick.t)) for tick in axis.ticks(v.t0, v.t1, 800)[0]}
    painted = [x for x in range(800)
               if x not in grid and QColor(image.pixel(x, y)).rgb() != background]
    expected = {int(v.x_of(Day.fromisoformat(d).ordinal + 0.5))
                for d in ("2001-01-10", "2010-06-01")}
    assert set(painted) == expected and not expected & grid
    bubbles = [h for h in timeline._hits if h.index < 0]
    assert len(bubbles) == 2
