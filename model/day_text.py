"""Dates written as a reader writes them ("5 Jan 2014", "Jan 2014", "2006–2007", "44 BC"),
for the window and the exported image alike. Accepts Days, dates, and day numbers."""
from __future__ import annotations

import math

from .day import FIRST_DAY, LAST_DAY, Day, day_label, year_label

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_number(value) -> int:
    """The day number (``Day.ordinal``) of an int, a Day, a date or anything with
    ``toordinal``."""
    if isinstance(value, Day):
        return value.ordinal
    if hasattr(value, "toordinal"):
        return int(value.toordinal())
    return int(value)


def as_day(value) -> Day:
    return value if isinstance(value, Day) else Day(day_number(value))


def day_of(t: float) -> Day:
    """The calendar day holding time ``t`` (clamped to the calendar)."""
    return Day(min(max(int(math.floor(t)), FIRST_DAY.ordinal), LAST_DAY.ordinal))


def format_day(d) -> str:
    return day_label(as_day(d))


def month_label(d: Day) -> str:
    return f"{MONTHS[d.month - 1]} {year_label(d.year)}"


def format_interval(start, end, granularity: str, approximate: bool = False) -> str:
    """How a person would write the interval: "5 Jan 2014", "Jan 2014", "2006–2007", "44 BC"."""
    start, end = as_day(start), as_day(end)
    after = end + 1
    if start == end:
        text = format_day(start)
    elif granularity in ("month", "season", "quarter", "half") and start.year == end.year \
            and start.month == end.month:
        text = month_label(start)
    elif start.month == 1 and start.day == 1 and end.month == 12 and end.day == 31:
        text = year_label(start.year) if start.year == end.year \
            else f"{year_label(start.year)}–{year_label(end.year)}"
    elif start.day == 1 and after.day == 1:
        first, last = month_label(start), month_label(end)
        text = first if first == last else (
            f"{MONTHS[start.month - 1]}–{last}" if start.year == end.year else f"{first}–{last}")
    else:
        text = f"{format_day(start)} – {format_day(end)}"
    return f"c. {text}" if approximate else text
