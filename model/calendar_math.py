"""Calendar arithmetic on TIMEX3 units: shift a reference date by whole weeks, months,
quarters, years; format the result at the unit's granularity; holidays by rule."""
from __future__ import annotations

from datetime import date, timedelta


def add_months(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, 1)


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def shifted_value(reference: date, unit: str, n: int) -> str | None:
    """TIMEX3 value of the ``unit``-long period ``n`` units from the one holding ``reference``.

    shifted_value(2014-01-03, "M", -1) == "2013-12"; ("Y", 0) == "2014"; ("W", -1) == "2013-W52".
    """
    try:
        if unit == "D":
            return (reference + timedelta(days=n)).isoformat()
        if unit == "W":
            y, w, _ = (reference + timedelta(weeks=n)).isocalendar()
            return f"{y:04d}-W{w:02d}"
        if unit == "M":
            d = add_months(reference, n)
            return f"{d.year:04d}-{d.month:02d}"
        if unit == "Q":
            index = reference.year * 4 + quarter_of(reference) - 1 + n
            year, q = divmod(index, 4)
            return f"{year:04d}-Q{q + 1}"
        if unit == "Y":
            return f"{reference.year + n:04d}" if 0 <= reference.year + n <= 9999 else None
        if unit == "DE":
            decade = reference.year // 10 + n
            return f"{decade:03d}" if 0 <= decade <= 999 else None
        if unit == "CE":
            century = reference.year // 100 + n
            return f"{century:02d}" if 0 <= century <= 99 else None
        if unit == "H":
            return f"{reference.isoformat()}"
    except (ValueError, OverflowError):
        return None
    return None


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th ISO ``weekday`` (Monday=1) of a month; n = -1 for the last one."""
    if n > 0:
        first = date(year, month, 1)
        offset = (weekday - first.isoweekday()) % 7
        return first + timedelta(days=offset + 7 * (n - 1))
    last = add_months(date(year, month, 1), 1) - timedelta(days=1)
    return last - timedelta(days=(last.isoweekday() - weekday) % 7)


def easter(year: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def computed_holiday(rule: str, year: int) -> date | None:
    rules = {
        "thanksgiving": lambda: nth_weekday(year, 11, 4, 4),
        "easter": lambda: easter(year),
        "good_friday": lambda: easter(year) - timedelta(days=2),
        "labor_day": lambda: nth_weekday(year, 9, 1, 1),
        "memorial_day": lambda: nth_weekday(year, 5, 1, -1),
        "mothers_day": lambda: nth_weekday(year, 5, 7, 2),
        "fathers_day": lambda: nth_weekday(year, 6, 7, 3),
        "mlk_day": lambda: nth_weekday(year, 1, 1, 3),
        "presidents_day": lambda: nth_weekday(year, 2, 1, 3),
        "election_day": lambda: nth_weekday(year, 11, 1, 1) + timedelta(days=1),
    }
    make = rules.get(rule)
    return make() if make else None
