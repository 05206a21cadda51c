"""Day: calendar days from 9999 BC to AD 9999, agreeing with datetime.date where both exist."""
import random
from datetime import date, timedelta

import pytest

from model.day import Day, day_label, year_label


def test_agrees_with_date_on_random_days():
    rng = random.Random(7)
    for ordinal in [1, 719163, 3652059] + [rng.randint(1, 3652059) for _ in range(2000)]:
        d, day = date.fromordinal(ordinal), Day(ordinal)
        assert (day.year, day.month, day.day) == (d.year, d.month, d.day)
        assert Day.of(d.year, d.month, d.day).ordinal == ordinal
        assert day.isoweekday() == d.isoweekday()
        assert day.isoformat() == d.isoformat()


def test_before_christ():
    ides = Day.of(-43, 3, 15)
    assert ides.isoformat() == "-0043-03-15"
    assert Day.fromisoformat("-0043-03-15") == ides
    assert year_label(-43) == "44 BC" and day_label(ides) == "15 Mar 44 BC"
    assert ides.to_date() is None
    assert Day.of(1, 1, 1) - Day.of(0, 12, 31) == timedelta(days=1)


def test_arithmetic_and_order():
    a = Day.of(2014, 1, 3)
    assert a + 30 == Day.of(2014, 2, 2) and a - timedelta(days=3) == Day.of(2013, 12, 31)
    assert sorted([Day.of(2014, 1, 1), Day.of(-500, 6, 1), Day.of(1066, 10, 14)])[0].year == -500


@pytest.mark.parametrize("ymd", [(2023, 2, 29), (2014, 4, 31), (2014, 13, 1), (10000, 1, 1)])
def test_impossible_days_are_refused(ymd):
    with pytest.raises(ValueError):
        Day.of(*ymd)


def test_arithmetic_stops_at_the_ends_of_the_calendar():
    from model.day import FIRST_DAY, LAST_DAY
    assert LAST_DAY + 7 == LAST_DAY and FIRST_DAY - 7 == FIRST_DAY
    assert Day.of(9999, 12, 30) + 1 == LAST_DAY
