"""Calendar days as plain values, from 9999 BC to AD 9999.

``datetime.date`` stops at year 1 and pandas' nanosecond timestamps at 1677 and 2262;
history needs "44 BC" and "the 12th century". A Day is a day number on the proleptic
Gregorian calendar (``Day.ordinal`` equals ``date.toordinal()`` where both exist, so
0001-01-01 is 1 and 1 BC is year 0, astronomical numbering) with its year, month and
day. Days order, hash and subtract like dates, so interval code reads the same.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

MIN_YEAR, MAX_YEAR = -9998, 9999  # 9999 BC is year -9998
_EPOCH = 719163  # date(1970, 1, 1).toordinal()
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_FIRST_ORDINAL, _LAST_ORDINAL = -3652059, 3652059  # set again below from FIRST_DAY, LAST_DAY


def is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def month_days(year: int, month: int) -> int:
    return 29 if month == 2 and is_leap(year) else _MONTH_DAYS[month - 1]


def _ordinal_of(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 (H. Hinnant's days_from_civil), shifted to date's ordinals."""
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468 + _EPOCH


def _civil_of(ordinal: int) -> tuple[int, int, int]:
    z = ordinal - _EPOCH + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (month <= 2), month, day


@dataclass(frozen=True, order=True, slots=True)
class Day:
    """One calendar day; compare, hash and subtract by ``ordinal``."""

    ordinal: int
    year: int = field(compare=False, default=0)
    month: int = field(compare=False, default=0)
    day: int = field(compare=False, default=0)

    def __post_init__(self) -> None:
        if not self.month:
            y, m, d = _civil_of(self.ordinal)
            object.__setattr__(self, "year", y)
            object.__setattr__(self, "month", m)
            object.__setattr__(self, "day", d)
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise ValueError(f"year {self.year} is out of range")

    @classmethod
    def of(cls, year: int, month: int = 1, day: int = 1) -> Day:
        """The day, or ValueError for an impossible one (31 April, 29 Feb 2023)."""
        if not 1 <= month <= 12 or not 1 <= day <= month_days(year, month):
            raise ValueError(f"no day {year}-{month}-{day}")
        return cls(_ordinal_of(year, month, day), year, month, day)

    @classmethod
    def from_date(cls, d: date) -> Day:
        return cls(d.toordinal(), d.year, d.month, d.day)

    @classmethod
    def fromisoformat(cls, text: str) -> Day:
        """'2014-01-03', '-0043-03-15' (44 BC), '+10000' never."""
        sign = -1 if text.startswith("-") else 1
        y, m, d = text.lstrip("+-").split("-")
        return cls.of(sign * int(y), int(m), int(d))

    def to_date(self) -> date | None:
        """The ``datetime.date``, or None before AD 1."""
        return date(self.year, self.month, self.day) if self.year >= 1 else None

    def isoformat(self) -> str:
        year = f"{self.year:04d}" if self.year >= 0 else f"-{-self.year:04d}"
        return f"{year}-{self.month:02d}-{self.day:02d}"

    def __str__(self) -> str:
        return self.isoformat()

    def isoweekday(self) -> int:
        return (self.ordinal - 1) % 7 + 1  # 0001-01-01 was a Monday

    def weekday(self) -> int:
        return self.isoweekday() - 1

    def __add__(self, other: int | timedelta) -> Day:
        """Days later; arithmetic stops at the calendar's ends (9999 BC, AD 9999) rather
        than fail on "a week after 31 December 9999"."""
        days = other.days if isinstance(other, timedelta) else other
        if not isinstance(days, int):
            return NotImplemented
        return Day(min(max(self.ordinal + days, _FIRST_ORDINAL), _LAST_ORDINAL))

    __radd__ = __add__

    def __sub__(self, other):
        if isinstance(other, Day):
            return timedelta(days=self.ordinal - other.ordinal)
        if isinstance(other, timedelta):
            return self + (-other.days)
        if isinstance(other, int):
            return self + (-other)
        return NotImplemented


def as_day(value: Day | date) -> Day:
    """A Day from either kind (publication dates are plain ``date``s)."""
    return value if isinstance(value, Day) else Day.from_date(value)


def year_label(year: int) -> str:
    """How a reader writes a year: 2014, 1066, 44 BC (astronomical year -43)."""
    return str(year) if year >= 1 else f"{1 - year} BC"


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_label(day: Day) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {year_label(day.year)}"


def century_label(last_year: int) -> str:
    """"20th century" for 1900-1999 (by its last year), "3rd century BC" for 300-201 BC."""
    n = (last_year // 100 + 1) if last_year >= 1 else (1 - last_year - 1) // 100 + 1
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix} century" + ("" if last_year >= 1 else " BC")


FIRST_DAY = Day.of(MIN_YEAR, 1, 1)
LAST_DAY = Day.of(MAX_YEAR, 12, 31)
_FIRST_ORDINAL, _LAST_ORDINAL = FIRST_DAY.ordinal, LAST_DAY.ordinal
