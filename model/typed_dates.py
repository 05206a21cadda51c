"""Dates as a researcher types them: "3 Jan 2014", "2014-01-03", "Jan 2014", "1066", "44 BC".

Every date field of the window (Go to date, the From/To range, Change date) reads its text
here, so they all accept the same forms and say the same thing when they cannot. Qt's date
edits are not used: they start at 14 September 1752 and cannot hold a year BC.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .day import MAX_YEAR, MIN_YEAR, Day, day_label, month_days, year_label

MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december")
EXAMPLES = "3 Jan 2014, 2014-01-03, Jan 2014, 2014, 44 BC"

_ERA = re.compile(r"\s*\b(b\.?\s?c\.?(?:\s?e\.?)?|a\.?\s?d\.?|c\.?\s?e\.?)\s*", re.I)
_ISO = re.compile(r"^([+-]?)(\d{1,4})-(\d{1,2})(?:-(\d{1,2}))?$")


@dataclass(frozen=True)
class TypedDate:
    """What the text names: a day, a month or a year, as its first and last day."""

    start: Day
    end: Day
    granularity: str  # "day", "month" or "year"

    def label(self) -> str:
        if self.granularity == "day":
            return day_label(self.start)
        if self.granularity == "month":
            return f"{MONTH_NAMES[self.start.month - 1][:3].title()} {year_label(self.start.year)}"
        return year_label(self.start.year)


class DateTextError(ValueError):
    """The text is not a date; the message says why, in words a person reads."""


def parse_date(text: str) -> TypedDate:
    """The day, month or year ``text`` names, or DateTextError saying what is wrong."""
    raw = " ".join(str(text).replace(",", " ").split())
    if not raw:
        raise DateTextError(f"Type a date, for example {EXAMPLES}")
    iso = _ISO.match(raw)
    if iso:
        sign, y, m, d = iso.groups()
        year = -int(y) if sign == "-" else int(y)
        return _build(year, int(m), int(d) if d else None, raw)
    era = ""
    found = _ERA.search(raw)
    if found:
        era = found.group(1).lower().replace(".", "").replace(" ", "")
        raw = (raw[:found.start()] + " " + raw[found.end():]).strip()
    words = raw.replace("/", " ").replace(".", " ").split()
    numbers = [w for w in words if w.isdigit()]
    names = [w for w in words if not w.isdigit()]
    if not names and len(numbers) in (2, 3):
        raise DateTextError(f"“{text}”: write the month as a word (3 Jan 2014) or as "
                            "2014-01-03, so day and month cannot be mixed up")
    if len(names) > 1 or len(numbers) > 2:
        raise DateTextError(f"“{text}” is not a date I can read; try {EXAMPLES}")
    month = _month(names[0], text) if names else None
    if not numbers:
        raise DateTextError(f"“{text}” needs a year, for example {EXAMPLES}")
    year_text = numbers[-1]
    day = int(numbers[0]) if len(numbers) == 2 else None
    if len(numbers) == 2 and len(numbers[0]) > 2 and len(year_text) <= 2:
        year_text, day = numbers[0], int(numbers[1])  # "2014 Jan 3"
    if day is not None and month is None:
        raise DateTextError(f"“{text}” has no month")
    year = int(year_text)
    if era.startswith("b"):
        if year < 1:
            raise DateTextError("There is no year 0 BC; 1 BC is followed by AD 1")
        year = 1 - year
    elif year < 1:
        raise DateTextError("There is no year 0: write 1 BC or AD 1")
    return _build(year, month, day, text)


def _month(word: str, text: str) -> int:
    w = word.lower().rstrip(".")
    if len(w) >= 3:
        for n, name in enumerate(MONTH_NAMES, 1):
            if name.startswith(w) or (w == "sept" and n == 9):
                return n
    raise DateTextError(f"“{word}” in “{text}” is not a month")


def _build(year: int, month: int | None, day: int | None, text: str) -> TypedDate:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateTextError(f"{year_label(year)} is outside the calendar this tool covers "
                            f"({year_label(MIN_YEAR)} to {year_label(MAX_YEAR)})")
    if month is None:
        return TypedDate(Day.of(year, 1, 1), Day.of(year, 12, 31), "year")
    if not 1 <= month <= 12:
        raise DateTextError(f"“{text}”: there is no month {month}")
    last = month_days(year, month)
    if day is None:
        return TypedDate(Day.of(year, month, 1), Day.of(year, month, last), "month")
    if not 1 <= day <= last:
        raise DateTextError(f"{MONTH_NAMES[month - 1].title()} {year_label(year)} has "
                            f"{last} days, not {day}")
    found = Day.of(year, month, day)
    return TypedDate(found, found, "day")
