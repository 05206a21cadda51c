"""Tick marks for the time axis: centuries, years, months, weeks, days or hours as the zoom
requires, from 9999 BC to AD 9999.

Qt-free: given the visible range and width it returns tick times and labels, plus a
coarser "context" row (the year above months, the month above days).
"""
from __future__ import annotations

from dataclasses import dataclass

from model.day import FIRST_DAY, LAST_DAY, MAX_YEAR, MIN_YEAR, Day, year_label

from .dates import MONTHS, day_of, format_day, month_label

YEAR = 365.2425
MONTH = YEAR / 12.0

#: (unit, step, approximate length in days), finest first.
LEVELS = [("hour", h, h / 24.0) for h in (1, 3, 6, 12)] \
    + [("day", 1, 1.0), ("day", 2, 2.0), ("week", 1, 7.0)] \
    + [("month", m, m * MONTH) for m in (1, 3, 6)] \
    + [("year", y, y * YEAR) for y in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000)]

#: Never more ticks than this per call, whatever the range asked for.
MAX_TICKS = 400


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
    context = [Tick(t.t, _label(context_unit, day_of(t.t)))
               for t in _generate(context_unit, 1, t0, t1)] if context_unit else []
    if context_unit:
        context.insert(0, Tick(t0, _label(context_unit, day_of(t0))))
    return major, context


def _year_ticked(year: int, step: int) -> bool:
    """Round years as a reader counts them: 2000, 1500, 100 BC (astronomical -99)."""
    return (year if year >= 1 else 1 - year) % step == 0


def _generate(unit: str, step: int, t0: float, t1: float):
    lo = max(t0, float(FIRST_DAY.ordinal))
    hi = min(t1, float(LAST_DAY.ordinal) + 1.0)
    if hi <= lo:
        return
    first, last = day_of(lo), day_of(hi)
    count = 0
    if unit == "year":
        y = first.year if Day.of(first.year).ordinal >= lo else first.year + 1
        if step > 1:
            while y <= last.year and not _year_ticked(y, step):
                y += 1
        while y <= min(last.year, MAX_YEAR) and count < MAX_TICKS:
            if y >= MIN_YEAR and _year_ticked(y, step):
                yield Tick(float(Day.of(y).ordinal), year_label(y))
                count += 1
                y += step if (y >= 1) == (y + step >= 1) else 1
            else:
                y += 1
    elif unit == "month":
        y, m = first.year, first.month
        while count < MAX_TICKS and y <= MAX_YEAR:
            d = Day.of(y, m, 1)
            if d.ordinal > hi:
                break
            if d.ordinal >= lo and (m - 1) % step == 0:
                yield Tick(float(d.ordinal), month_label(d) if m == 1 or step > 1
                           else MONTHS[m - 1])
                count += 1
            m += 1
            if m > 12:
                y, m = y + 1, 1
    elif unit in ("day", "week"):
        d = first
        if unit == "week":
            d = d - d.weekday()
        while d.ordinal <= hi and count < MAX_TICKS:
            if d.ordinal >= lo and (unit == "week" or d.ordinal % step == 0):
                yield Tick(float(d.ordinal), f"{d.day} {MONTHS[d.month - 1]}")
                count += 1
            if d.ordinal + 7 > LAST_DAY.ordinal:
                break
            d = d + (7 if unit == "week" else 1)
    elif unit == "hour":
        t = float(first.ordinal)
        while t <= hi and count < MAX_TICKS:
            hour = round((t - int(t)) * 24) % 24
            if t >= lo and hour % step == 0:
                yield Tick(t, f"{hour:02d}:00")
                count += 1
            t = first.ordinal + round((t - first.ordinal) * 24 + 1) / 24.0


def _label(unit: str, d: Day) -> str:
    if unit == "year":
        return year_label(d.year)
    if unit == "month":
        return month_label(d)
    return format_day(d)
