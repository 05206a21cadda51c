"""Tick marks for the time axis: decades, years, months, weeks, days or hours as the zoom requires.

Qt-free: given the visible range and width it returns tick times and labels, plus a
coarser "context" row (the year above months, the month above days).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .dates import MONTHS, from_days

YEAR = 365.2425
MONTH = YEAR / 12.0

#: (unit, step, approximate length in days), finest first.
LEVELS = [("hour", h, h / 24.0) for h in (1, 3, 6, 12)] \
    + [("day", 1, 1.0), ("day", 2, 2.0), ("week", 1, 7.0)] \
    + [("month", m, m * MONTH) for m in (1, 3, 6)] \
    + [("year", y, y * YEAR) for y in (1, 2, 5, 10, 20, 50, 100, 200, 500)]


@dataclass(frozen=True)
class Tick:
    t: float
    label: str


def choose_level(span: float, width: float, min_px: float = 70.0) -> tuple[str, int]:
    """The finest tick unit whose ticks stay at least ``min_px`` apart."""
    days_per_px = span / max(width, 1.0)
    for unit, step, length in LEVELS:
        if length / days_per_px >= min_px:
            return unit, step
    return LEVELS[-1][0], LEVELS[-1][1]


def ticks(t0: float, t1: float, width: float, min_px: float = 70.0) -> tuple[list[Tick], list[Tick]]:
    """Major ticks with labels, and context ticks (start of each year / month / day shown)."""
    unit, step = choose_level(t1 - t0, width, min_px)
    major = list(_generate(unit, step, t0, t1))
    context_unit = {"hour": "day", "day": "month", "week": "month", "month": "year"}.get(unit)
    context = [Tick(t.t, _label(context_unit, from_days(t.t)))
               for t in _generate(context_unit, 1, t0, t1)] if context_unit else []
    if context_unit:
        first = from_days(max(t0, 1.0))
        context.insert(0, Tick(t0, _label(context_unit, first)))
    return major, context


def _generate(unit: str, step: int, t0: float, t1: float):
    lo, hi = from_days(max(t0, 1.0)), from_days(min(t1, 3652060.0))
    if unit == "year":
        year = max(int(math.ceil(lo.year / step) * step), 1)
        if datetime(year, 1, 1) < lo:
            year += step
        while year <= min(hi.year, 9999):
            d = datetime(year, 1, 1)
            yield Tick(float(d.toordinal()), str(year))
            year += step
    elif unit == "month":
        y, m = lo.year, lo.month
        while True:
            d = datetime(y, m, 1)
            if d > hi:
                break
            if d >= lo and (m - 1) % step == 0:
                yield Tick(float(d.toordinal()), _label("month", d) if m == 1 or step > 1
                           else MONTHS[m - 1])
            m += 1
            if m > 12:
                y, m = y + 1, 1
            if y > 9999:
                break
    elif unit in ("day", "week"):
        d = datetime(lo.year, lo.month, lo.day)
        if unit == "week":
            d -= timedelta(days=d.weekday())
        while d <= hi:
            if d >= lo and (unit == "week" or d.toordinal() % step == 0):
                yield Tick(float(d.toordinal()), f"{d.day} {MONTHS[d.month - 1]}")
            d += timedelta(days=7 if unit == "week" else 1)
    elif unit == "hour":
        d = datetime(lo.year, lo.month, lo.day)
        while d <= hi:
            if d >= lo and d.hour % step == 0:
                yield Tick(d.toordinal() + d.hour / 24.0, f"{d.hour:02d}:00")
            d += timedelta(hours=1)


def _label(unit: str, d: datetime | date) -> str:
    if unit == "year":
        return str(d.year)
    if unit == "month":
        return f"{MONTHS[d.month - 1]} {d.year}"
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
