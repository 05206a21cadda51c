"""The temporal tagger on arbitrary text (never raises, spans inside the text, valid TIMEX3
values, deterministic) and on sentences for the TimeML conventions it follows."""
import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.tagger import default_tagger, tag

REFERENCE = date(2014, 1, 3)  # a Friday

_DATE = (r"(?:PRESENT_REF|PAST_REF|FUTURE_REF|[\dX]{2,3}|[\dX]{4}(?:-(?:[\dX]{2}(?:-[\dX]{2})?"
         r"|W[\dX]{2}(?:-(?:[1-7]|WE))?|Q[1-4X]|H[12]|SP|SU|FA|WI))?)")
_CLOCK = r"T(?:\d\d(?::\d\d)?|MO|AF|EV|NI|MI|DT)"
_AMOUNT = r"(?:X|\d+(?:\.\d+)?)"
_DURATION = (rf"P(?:(?:{_AMOUNT}(?:Y|M|W|D|Q))+(?:T(?:{_AMOUNT}[HMS])+)?|T(?:{_AMOUNT}[HMS])+)")
VALID = {
    "DATE": re.compile(rf"{_DATE}(?:{_CLOCK})?"),
    "TIME": re.compile(rf"{_DATE}{_CLOCK}"),
    "DURATION": re.compile(_DURATION),
    "SET": re.compile(rf"{_DURATION}|{_DATE}(?:{_CLOCK})?"),
}
MODS = {"", "START", "MID", "END", "APPROX", "LESS_THAN", "MORE_THAN", "EQUAL_OR_LESS",
        "EQUAL_OR_MORE", "BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER"}

# Words that make the rules fire, so that random sentences reach the normalisers.
VOCABULARY = """the a an last next this past previous following coming early late mid
mid- end of beginning year years month months week weeks day days decade decades century
quarter quarters half first second third fourth fiscal ago earlier later before after
since in on at by until for every each per daily weekly now recently today yesterday
tomorrow tonight morning night evening weekend Monday Friday Sunday Fridays January Jan.
May May. June Sept. December spring summer fall winter 1 3 12 30 31 32 99 1987 1999 2000
2014 2099 '80s 1990s 1/2 10:30 a.m. p.m. noon midnight Christmas Easter Thanksgiving 9/11
nineteen ninety-six two thousand twenty three several few couple dozen hundred , . ; -
$27 48, 1,300 % percent year-ago year-earlier third-quarter 10-year period that would
will said was is has been had""".split()

sentences = st.lists(st.sampled_from(VOCABULARY), max_size=25).map(" ".join)
references = st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))


def check(text, reference):
    found = tag(text, reference)
    assert found == tag(text, reference)  # deterministic
    last_end = 0
    for t in found:
        assert 0 <= t.start < t.end <= len(text)
        assert t.start >= last_end  # sorted, no overlaps
        last_end = t.end
        assert text[t.start:t.end] == t.text
        assert t.type in VALID
        assert VALID[t.type].fullmatch(t.value), (t.text, t.type, t.value)
        assert t.mod in MODS
    return found


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300), references)
def test_any_text(text, reference):
    check(text, reference)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sentences, references)
def test_sentences_of_time_words(text, reference):
    check(text, reference)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sentences, references)
def test_trigger_windows_change_nothing(text, reference):
    tagger = default_tagger()
    assert tagger.tag(text, reference) == tagger.tag(text, reference, windows=False)


def test_every_rule_names_a_trigger():
    assert all(rule.trigger for rule in default_tagger().rules)


@pytest.mark.parametrize("reference", [date(1, 1, 1), date(9999, 12, 31)])
def test_edges_of_the_calendar(reference):
    check("Sales rose in the fourth quarter, up from a year earlier. In December 2099, "
          "and the following month, last year, next year, the next decade, last century, "
          "next Christmas, next week, the first half of next year, tomorrow, next May, "
          "the weekend, Sunday, 1,300 decades ago, 9999 years later.", reference)


def test_junk_and_long_lines():
    check(bytes(range(256)).decode("latin-1") * 20, REFERENCE)
    check("\x00\ufffd" * 1000 + "on Jan. 5, 2014" + "\udcff" * 10, REFERENCE)
    line = "The talks opened on 12 June 2010 and lasted three days. " * 20000
    found = check(line, REFERENCE)
    assert len(found) == 40000


def values(text, reference=REFERENCE):
    return [(t.text, t.type, t.value) for t in tag(text, reference)]


@pytest.mark.parametrize("sentence, expected", [
    # bare months: a window around the reference date, leaning to the past
    ("The plant closed in December.", ("December", "DATE", "2013-12")),
    ("The plant will reopen in March.", ("March", "DATE", "2014-03")),
    ("The plant reopened in April.", ("April", "DATE", "2013-04")),
    ("The shares will be paid on Feb. 1.", ("Feb. 1", "DATE", "2014-02-01")),
    # quarters: the current quarter or one already past is this year's
    ("Earnings rose in the first quarter.", ("the first quarter", "DATE", "2014-Q1")),
    # spans as TimeML draws them
    ("Net rose in the nine months.", ("the nine months", "DURATION", "P9M")),
    ("Profit rose in the third-quarter results.", ("third-quarter", "DATE", "2013-Q3")),
    ("The deal must close within a week.", ("a week", "DURATION", "P1W")),
    ("It took about five hours.", ("five hours", "DURATION", "PT5H")),
    ("The company was founded last May.", ("last May", "DATE", "2013-05")),
    ("He will be back this coming March.", ("this coming March", "DATE", "2014-03")),
    ("The mill opened in June last year.", ("June last year", "DATE", "2013-06")),
    ("The house was bought last Christmas.", ("last Christmas", "DATE", "2013-12-25")),
    ("The vote is on hold for now.", ("now", "DATE", "PRESENT_REF")),
    ("Prices are falling now that supply is up.", ("now", "DATE", "PRESENT_REF")),
    ("He met her the previous Friday.", ("the previous Friday", "DATE", "2013-12-27")),
    # values
    ("The empire lasted two decades.", ("two decades", "DURATION", "P20Y")),
    ("The war ended in nineteen forty-five.", ("nineteen forty-five", "DATE", "1945")),
    ("Sales for the year ended June 30 rose.", ("the year", "DURATION", "P1Y")),
    ("The 1988 budget was cut.", ("1988", "DATE", "1988")),
    ("It lasted 2 1/2 years.", ("2 1/2 years", "DURATION", "P2Y6M")),
    ("The jury took a minute and a half.", ("a minute and a half", "DURATION", "PT1M30S")),
    ("The storm lasted one and a half days.", ("one and a half days", "DURATION", "P1DT12H")),
    ("The shooting on Oct. 23 as he stood at home.", ("Oct. 23", "DATE", "2013-10-23")),
])
def test_conventions(sentence, expected):
    assert expected in values(sentence)


def test_year_earlier_takes_the_quarter_under_discussion():
    text = ("Net income rose in the third quarter. Sales rose 5% from a year earlier. "
            "In the year-ago period, the company lost money. Sales were flat in the 2012 "
            "period.")
    found = values(text)
    assert ("the third quarter", "DATE", "2013-Q3") in found
    assert ("a year earlier", "DATE", "2012-Q3") in found
    assert ("the year-ago period", "DATE", "2012-Q3") in found
    assert ("the 2012 period", "DATE", "2012-Q3") in found
    assert ("a year earlier", "DATE", "2013") in values("Sales rose 5% from a year earlier.")


def test_following_month_follows_the_month_named():
    found = values("The plan was announced in March 2010. The following month, it failed.")
    assert ("The following month", "DATE", "2010-04") in found


@pytest.mark.parametrize("sentence", [
    "Foreign Minister Jan Kavan said so.",
    "The results were announced previously.",
    "The company pays a quarterly dividend.",
    "Mr. Smith, 52 years old, will succeed him.",
])
def test_not_time_expressions(sentence):
    assert values(sentence) == []


@pytest.mark.parametrize("sentence, expected", [
    # the nearest tense cue before the expression decides, not the reporting verb
    ("Officials said he will begin the withdrawal on Monday.", ("Monday", "DATE", "2014-01-06")),
    ("The minister met the envoy on Tuesday.", ("Tuesday", "DATE", "2013-12-31")),
    # "-ed" adjectives, passives after "is" and capitalised names are not past verbs
    ("The shares will be paid on a still unspecified date in March.",
     ("March", "DATE", "2014-03")),
    ("The ruling, which is expected in March, may be appealed.", ("March", "DATE", "2014-03")),
    ("Delegates will travel to the United States on Monday.", ("Monday", "DATE", "2014-01-06")),
    ("Mr. Smith, 52, will succeed him Feb. 1.", ("Feb. 1", "DATE", "2014-02-01")),
    # a deadline is ahead, unless the clause is in the past perfect
    ("Investors have until Monday to respond.", ("Monday", "DATE", "2014-01-06")),
    ("Until Tuesday, they had not named a suspect.", ("Tuesday", "DATE", "2013-12-31")),
    # a reporting clause after a comma does not set the tense
    ("The group might leave as soon as Tuesday, the minister said.",
     ("Tuesday", "DATE", "2014-01-07")),
    ("He didn't say it on Tuesday.", ("Tuesday", "DATE", "2013-12-31")),
    ("She won't go there on Tuesday.", ("Tuesday", "DATE", "2014-01-07")),
])
def test_clause_tense(sentence, expected):
    assert expected in values(sentence)


def test_quarter_of_a_relative_year():
    text = "Net rose in the third quarter. Sales in last year's quarter were lower."
    assert ("last year's quarter", "DATE", "2013-Q3") in values(text)
    assert ("next year's first quarter", "DATE", "2015-Q1") in values(
        "The unit could be sold as early as next year's first quarter.")


def test_weekday_with_part_of_day_is_that_day():
    assert ("Friday night", "DATE", "2014-01-03") in values("Shots were heard Friday night.")
    assert ("Thursday morning", "DATE", "2014-01-02") in values(
        "The police arrested him on Thursday morning.")


def test_sentence_opening_expression_takes_the_tense_of_the_clause_after_it():
    assert ("Tuesday", "DATE", "2014-01-07") in values(
        "On Tuesday, the league plans to hold a news conference.")
    assert ("Tuesday", "DATE", "2013-12-31") in values(
        "On Tuesday, the league held a news conference.")


@pytest.mark.parametrize("sentence, expected", [
    ("The company adopted the plan earlier this year.", ("earlier this year", "DATE", "2014")),
    ("Later this month, the army moved in.", ("Later this month", "DATE", "2014-01")),
    ("Earlier yesterday, the shares fell.", ("Earlier yesterday", "DATE", "2014-01-02")),
    ("Earlier Sunday, the police clashed with protesters.",
     ("Earlier Sunday", "DATE", "2013-12-29")),
])
def test_earlier_and_later_belong_to_the_expression(sentence, expected):
    assert expected in values(sentence)


def test_latest_period_is_the_quarter_under_discussion():
    found = values("Profit fell in the third quarter. Sales in the latest period were flat.")
    assert ("the latest period", "DATE", "2013-Q3") in found


def test_clock_time_with_a_date_and_the_last_half():
    assert ("5 p.m. EST Nov. 9", "TIME", "2013-11-09T17:00") in values(
        "The offer was extended until 5 p.m. EST Nov. 9.")
    assert ("the last half of 2013", "DATE", "2013-H2") in values(
        "Earnings will be lower for the last half of 2013.")


@pytest.mark.parametrize("sentence", [
    "The move should save $2 million a year in costs.",
    "The airline will add 700 seats a week on the route.",
    "Guards were posted 24 hours a day.",
    "The chip runs 15 million instructions per second.",
])
def test_rates_are_not_durations(sentence):
    assert not any(t.text in ("a year", "a week", "a day", "per second")
                   for t in tag(sentence, REFERENCE))


def test_a_window_ending_mid_word_finds_nothing_the_whole_text_lacks():
    text = "day yesterday several the a Thanksgiving percent twenty weekend"
    tagger = default_tagger()
    assert tagger.tag(text, date(2014, 1, 3)) == tagger.tag(text, date(2014, 1, 3),
                                                           windows=False)
