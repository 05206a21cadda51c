"""The timeline's zoom and pan arithmetic, without Qt."""
from datetime import date

import pytest

from gui.axis import choose_level, ticks
from gui.viewport import MAX_SPAN, MIN_SPAN, Viewport

T0 = float(date(2000, 1, 1).toordinal())
T1 = float(date(2015, 1, 1).toordinal())


def test_maps_time_and_pixels_both_ways():
    v = Viewport(T0, T1, width=1000)
    assert v.x_of(T0) == pytest.approx(0)
    assert v.x_of(T1) == pytest.approx(1000)
    assert v.t_of(v.x_of(T0 + 1234.5)) == pytest.approx(T0 + 1234.5)


@pytest.mark.parametrize("x", [0, 137, 500, 999])
@pytest.mark.parametrize("factor", [1.2, 3.0, 0.5])
def test_zoom_keeps_time_under_cursor(x, factor):
    v = Viewport(T0, T1, width=1000)
    before = v.t_of(x)
    v.zoom(factor, x)
    assert v.t_of(x) == pytest.approx(before)
    assert v.span == pytest.approx((T1 - T0) / factor)


def test_wheel_zoom_in_then_out_returns_to_start():
    v = Viewport(T0, T1, width=800)
    v.zoom_wheel(120, 300)
    assert v.span < T1 - T0
    v.zoom_wheel(-120, 300)
    assert (v.t0, v.t1) == pytest.approx((T0, T1))


def test_pan_moves_range_by_dx_in_time_units():
    v = Viewport(T0, T1, width=1000)
    per_px = (T1 - T0) / 1000
    v.pan(100)
    assert v.t0 == pytest.approx(T0 - 100 * per_px)
    assert v.t1 == pytest.approx(T1 - 100 * per_px)
    v.pan(-250)
    assert v.t0 == pytest.approx(T0 + 150 * per_px)


def test_zoom_limits_clamp_between_an_hour_and_a_millennium():
    v = Viewport(T0, T1, width=1000)
    for _ in range(200):
        v.zoom(2.0, 400)
    assert v.span == pytest.approx(MIN_SPAN)
    for _ in range(200):
        v.zoom(0.5, 400)
    assert v.span == pytest.approx(MAX_SPAN)
    assert v.t0 >= 1.0


def test_fit_shows_range_with_margins():
    v = Viewport(0, 10, width=500)
    v.fit(T0, T1, margin=0.1)
    pad = (T1 - T0) * 0.1
    assert (v.t0, v.t1) == pytest.approx((T0 - pad, T1 + pad))


def test_fit_of_single_day_is_not_degenerate():
    v = Viewport(0, 10, width=500)
    v.fit(T0, T0)
    assert v.span > 0 and v.contains(T0)


def test_resize_keeps_range():
    v = Viewport(T0, T1, width=500)
    v.resize(1000)
    assert (v.t0, v.t1) == (T0, T1)
    assert v.x_of(T1) == pytest.approx(1000)


@pytest.mark.parametrize("span,unit", [(15 * 365, "year"), (60, "week"), (2, "hour"),
                                       (700 * 365, "year"), (365, "month")])
def test_axis_level_follows_zoom(span, unit):
    assert choose_level(span, 1000)[0] == unit


def test_ticks_are_inside_range_and_labelled():
    major, context = ticks(T0, T1, 1000)
    assert [t.label for t in major][:2] == ["2000", "2002"]
    assert all(T0 <= t.t <= T1 for t in major)
    major, context = ticks(float(date(2014, 1, 1).toordinal()),
                           float(date(2014, 3, 1).toordinal()), 1000)
    assert context[0].label == "Jan 2014"
