"""Days as floats (the timeline's unit) and readable dates, without Qt."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def to_days(d) -> float:
    """Day number of a date, datetime or pandas Timestamp (0001-01-01 is 1.0)."""
    if isinstance(d, pd.Timestamp):
        d = d.to_pydatetime()
    if isinstance(d, datetime):
        return d.toordinal() + (d.hour * 3600 + d.minute * 60 + d.second) / 86400.0
    return float(d.toordinal())


def from_days(t: float) -> datetime:
    day = int(t // 1)
    return datetime.fromordinal(max(day, 1)) + timedelta(days=t - day)


def format_day(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def format_interval(start: date, end: date, granularity: str, approximate: bool = False) -> str:
    """How a person would write the interval: "5 Jan 2014", "Jan 2014", "2006–2007"."""
    if isinstance(start, pd.Timestamp):
        start, end = start.date(), end.date()
    if start == end:
        text = format_day(start)
    elif granularity in ("month", "season", "quarter", "half") and start.year == end.year \
            and start.month == end.month:
        text = f"{MONTHS[start.month - 1]} {start.year}"
    elif start.month == 1 and start.day == 1 and end.month == 12 and end.day == 31:
        text = str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    elif start.day == 1 and (end + timedelta(days=1)).day == 1:
        first = f"{MONTHS[start.month - 1]} {start.year}"
        last = f"{MONTHS[end.month - 1]} {end.year}"
        text = first if first == last else (
            f"{MONTHS[start.month - 1]}–{last}" if start.year == end.year else f"{first}–{last}")
    else:
        text = f"{format_day(start)} – {format_day(end)}"
    return f"c. {text}" if approximate else text
