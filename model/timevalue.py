"""TIMEX3 values as intervals of calendar days.

A value such as "2014-01-05", "2013-04", "2004", "199", "2014-SP", "2014-W01" or
"2013-Q1" names a stretch of time; the chronology places events by that stretch,
so that a day-precise mention and a year-precise one can be compared. Years before
Christ carry the TIMEX2 prefix "BC" on the year as written: "BC0044" is 44 BC, "BC02" the
third century BC (300-201 BC), "BC004" the 40s BC (49-40 BC).
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from .day import Day, month_days
from .types import Interval

_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "AU": (9, 11), "WI": (12, 2)}
_QUARTERS = {"Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9), "Q4": (10, 12)}
_HALVES = {"H1": (1, 6), "H2": (7, 12)}

_VALUE = re.compile(
    r"^(?P<bc>BC)?(?P<year>\d{4}|\d{3}|\d{2})"
    r"(?:-(?:(?P<month>\d{2})(?:-(?P<day>\d{2})(?:T(?P<time>[\d:]+|MO|AF|EV|NI|DT))?)?"
    r"|W(?P<week>\d{2})(?:-(?P<wday>WE|\d))?"
    r"|(?P<part>SP|SU|FA|AU|WI|Q[1-4]|H[12])))?$"
)


def _month_end(year: int, month: int) -> Day:
    return Day.of(year, month, month_days(year, month))


def _span(y1: int, m1: int, y2: int, m2: int) -> tuple[Day, Day]:
    return Day.of(y1, m1, 1), _month_end(y2, m2)


def bc_year(written: int) -> int:
    """Astronomical year of a year written BC (44 BC is -43)."""
    return 1 - written


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
        bc = bool(m["bc"])
        if len(ys) == 2:  # century: "19" -> 1900-1999; "BC02" -> 300-201 BC
            n = int(ys)
            if bc:
                first, last = bc_year((n + 1) * 100), bc_year(n * 100 + 1)
            else:
                first, last = max(n * 100, 1) if n else 1, n * 100 + 99
            start, end, gran = Day.of(first), Day.of(last, 12, 31), "century"
        elif len(ys) == 3:  # decade: "199" -> 1990-1999; "BC004" -> 49-40 BC
            n = int(ys) * 10
            first, last = (bc_year(n + 9), bc_year(n)) if bc else (max(n, 1), n + 9)
            start, end, gran = Day.of(first), Day.of(last, 12, 31), "decade"
        else:
            y = bc_year(int(ys)) if bc else int(ys)
            if y < 1 and not bc:
                return None
            if m["day"]:
                start = end = Day.of(y, int(m["month"]), int(m["day"]))
                gran = "time" if m["time"] else "day"
            elif m["month"]:
                mo = int(m["month"])
                start, end, gran = Day.of(y, mo, 1), _month_end(y, mo), "month"
            elif m["week"]:
                monday = Day.from_date(date.fromisocalendar(y, int(m["week"]), 1))
                start, end, gran = monday, monday + 6, "week"
                if m["wday"] == "WE":
                    start = monday + 5
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
                start, end, gran = Day.of(y), Day.of(y, 12, 31), "year"
    except ValueError:
        return None
    approximate = False
    if mod in ("START", "MID", "END") and end > start:
        length = (end - start).days + 1
        third = max(length // 3, 1)
        if mod == "START":
            end = start + (third - 1)
        elif mod == "MID":
            start, end = start + third, start + (2 * third - 1)
        else:
            start = end - (third - 1)
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


def year_value(year: int) -> str:
    """A year as a TIMEX value: "2014", "0410", "BC0044"."""
    return f"{year:04d}" if year >= 1 else f"BC{1 - year:04d}"


def interval_value(interval: Interval) -> str:
    """The TIMEX3 value that best names an interval (inverse of value_interval)."""
    s, e = interval.start, interval.end
    g = interval.granularity
    if s.year < 1:
        if g == "century":
            return f"BC{(bc_year(s.year) - 1) // 100:02d}"
        if g == "decade":
            return f"BC{bc_year(e.year) // 10:03d}"
        return year_value(s.year)
    if g in ("day", "time") or s == e:
        return s.isoformat()
    if g == "month" and s.year == e.year and s.month == e.month:
        return f"{s.year:04d}-{s.month:02d}"
    if g == "week":
        y, w, _ = s.to_date().isocalendar()
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
