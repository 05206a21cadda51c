"""TIMEX3 values as intervals of calendar days.

A value such as "2014-01-05", "2013-04", "2004", "199", "2014-SP", "2014-W01" or
"2013-Q1" names a stretch of time; the chronology places events by that stretch,
so that a day-precise mention and a year-precise one can be compared.
"""
from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from .types import Interval

_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "AU": (9, 11), "WI": (12, 2)}
_QUARTERS = {"Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9), "Q4": (10, 12)}
_HALVES = {"H1": (1, 6), "H2": (7, 12)}

_VALUE = re.compile(
    r"^(?P<year>\d{4}|\d{3}|\d{2})"
    r"(?:-(?:(?P<month>\d{2})(?:-(?P<day>\d{2})(?:T(?P<time>[\d:]+|MO|AF|EV|NI|DT))?)?"
    r"|W(?P<week>\d{2})(?:-(?P<wday>WE|\d))?"
    r"|(?P<part>SP|SU|FA|AU|WI|Q[1-4]|H[12])))?$"
)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _span(y1: int, m1: int, y2: int, m2: int) -> tuple[date, date]:
    return date(y1, m1, 1), _month_end(y2, m2)


def value_interval(value: str, mod: str = "") -> Interval | None:
    """The interval a TIMEX3 DATE/TIME value covers, or None if it names no fixed time.

    ``mod`` (TimeML START/MID/END/APPROX/...) narrows the interval to a part of it
    and marks it approximate.
    """
    m = _VALUE.match(value or "")
    if not m:
        return None
    try:
        ys = m["year"]
        if len(ys) == 2:  # century: "19" -> 1900-1999
            y = int(ys) * 100
            start, end, gran = date(max(y, 1), 1, 1), date(y + 99, 12, 31), "century"
        elif len(ys) == 3:  # decade: "199" -> 1990-1999
            y = int(ys) * 10
            start, end, gran = date(max(y, 1), 1, 1), date(y + 9, 12, 31), "decade"
        else:
            y = int(ys)
            if y < 1:
                return None
            if m["day"]:
                start = end = date(y, int(m["month"]), int(m["day"]))
                gran = "time" if m["time"] else "day"
            elif m["month"]:
                mo = int(m["month"])
                start, end, gran = date(y, mo, 1), _month_end(y, mo), "month"
            elif m["week"]:
                monday = date.fromisocalendar(y, int(m["week"]), 1)
                start, end, gran = monday, monday + timedelta(days=6), "week"
                if m["wday"] == "WE":
                    start = monday + timedelta(days=5)
            elif m["part"]:
                part = m["part"]
                if part in _SEASONS:
                    a, b = _SEASONS[part]
                    start, end = _span(y, a, y + 1 if b < a else y, b)
                    gran = "season"
                elif part in _QUARTERS:
                    start, end = _span(y, *_QUARTERS[part][:1], y, _QUARTERS[part][1])
                    gran = "quarter"
                else:
                    start, end = _span(y, _HALVES[part][0], y, _HALVES[part][1])
                    gran = "half"
            else:
                start, end, gran = date(y, 1, 1), date(y, 12, 31), "year"
    except ValueError:
        return None
    approximate = False
    if mod in ("START", "MID", "END") and end > start:
        length = (end - start).days + 1
        third = max(length // 3, 1)
        if mod == "START":
            end = start + timedelta(days=third - 1)
        elif mod == "MID":
            start, end = start + timedelta(days=third), start + timedelta(days=2 * third - 1)
        else:
            start = end - timedelta(days=third - 1)
        approximate = True
    elif mod in ("APPROX", "BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER",
                 "LESS_THAN", "MORE_THAN", "EQUAL_OR_LESS", "EQUAL_OR_MORE"):
        approximate = True
    return Interval(start, end, gran, approximate)


def span_interval(first: Interval, last: Interval) -> Interval:
    """One interval from the start of ``first`` to the end of ``last`` (2006 and 2007)."""
    gran = first.granularity if first.granularity == last.granularity else "year"
    return Interval(min(first.start, last.start), max(first.end, last.end), gran,
                    first.approximate or last.approximate)


def interval_value(interval: Interval) -> str:
    """The TIMEX3 value that best names an interval (inverse of value_interval)."""
    s, e = interval.start, interval.end
    g = interval.granularity
    if g in ("day", "time") or s == e:
        return s.isoformat()
    if g == "month" and s.year == e.year and s.month == e.month:
        return f"{s.year:04d}-{s.month:02d}"
    if g == "week":
        y, w, _ = s.isocalendar()
        return f"{y:04d}-W{w:02d}"
    if s.year == e.year and s.month == 1 and s.day == 1 and (e.month, e.day) == (12, 31):
        return f"{s.year:04d}"
    if g == "decade":
        return f"{s.year // 10:03d}"
    if g == "century":
        return f"{s.year // 100:02d}"
    if s.year == e.year:
        return f"{s.year:04d}-{s.month:02d}" if s.month == e.month else f"{s.year:04d}"
    return f"{s.year:04d}"
