"""Days as floats (the timeline's unit) and readable dates, without Qt."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from model.day import MONTHS, Day, year_label


def to_days(d) -> float:
    """Day number of a day number, Day, date or datetime (0001-01-01 is 1.0)."""
    if isinstance(d, (int, float)):
        return float(d)
    if isinstance(d, Day):
        return float(d.ordinal)
    if isinstance(d, datetime):
        return d.toordinal() + (d.hour * 3600 + d.minute * 60 + d.second) / 86400.0
    return float(d.toordinal())


def from_days(t: float) -> datetime:
    day = int(t // 1)
    return datetime.fromordinal(max(day, 1)) + timedelta(days=t - day)


def as_day(d) -> Day:
    """A Day from a frame's day number, a Day or a date."""
    if isinstance(d, Day):
        return d
    if isinstance(d, date):
        return Day.from_date(d)
    return Day(int(d))


def format_day(d) -> str:
    d = as_day(d)
    return f"{d.day} {MONTHS[d.month - 1]} {year_label(d.year)}"


def format_interval(start, end, granularity: str, approximate: bool = False) -> str:
    """How a person would write the interval: "5 Jan 2014", "Jan 2014", "2006–2007", "44 BC"."""
    start, end = as_day(start), as_day(end)
    if start == end:
        text = format_day(start)
    elif granularity in ("month", "season", "quarter", "half") and start.year == end.year \
            and start.month == end.month:
        text = f"{MONTHS[start.month - 1]} {year_label(start.year)}"
    elif start.month == 1 and start.day == 1 and end.month == 12 and end.day == 31:
        text = year_label(start.year) if start.year == end.year else \
            f"{year_label(start.year)}–{year_label(end.year)}"
    elif start.day == 1 and (end + timedelta(days=1)).day == 1:
        first = f"{MONTHS[start.month - 1]} {year_label(start.year)}"
        last = f"{MONTHS[end.month - 1]} {year_label(end.year)}"
        text = first if first == last else (
            f"{MONTHS[start.month - 1]}–{last}" if start.year == end.year else f"{first}–{last}")
    else:
        text = f"{format_day(start)} – {format_day(end)}"
    return f"c. {text}" if approximate else text
