"""Event mentions and merging on general English news sentences."""
import hashlib
from datetime import date

from model.day import Day
from model.chronology import Chronology
from model.pipeline import chronology_from_articles
from model.types import Article


def article(ident, text, published=date(2016, 5, 10), source=None):
    return Article(id=ident, path=f"{ident}.txt", title=text.split("\n")[0], source=source or ident,
                   text=text, content_hash=hashlib.sha256(text.encode()).hexdigest())


def build(*articles) -> Chronology:
    given = {a.id: date(2016, 5, 10) for a in articles}
    return chronology_from_articles(list(articles), given)


def only(events, value):
    matching = [e for e in events if e.value == value]
    assert len(matching) == 1, [(e.value, e.label) for e in events]
    return matching[0]


def test_dated_clause_gives_mention_with_label_interval_and_offsets():
    text = "Budget talks\n\nThe regional council approved the new budget on March 3, 2015."
    chron = build(article("a", text))
    event = only(chron.events, "2015-03-03")
    assert event.label == "Regional council approved the new budget"
    assert (event.interval.start, event.interval.end) == (Day.of(2015, 3, 3), Day.of(2015, 3, 3))
    [mention] = event.mentions
    assert text[mention.sentence.start:mention.sentence.end].startswith("The regional council")
    assert text[mention.timex.start:mention.timex.end] == "March 3, 2015"


def test_range_of_years_is_one_event():
    chron = build(article("a", "Notes\n\nShe served as mayor of the town from 2007 to 2009."))
    event = only(chron.events, "2007/2009")
    assert (event.interval.start, event.interval.end) == (Day.of(2007, 1, 1), Day.of(2009, 12, 31))
    assert "served as mayor" in event.label


def test_duration_after_an_event_dates_that_event():
    text = "Notes\n\nThree years after the dam burst, the valley is farmed again."
    chron = build(article("a", text))
    event = only(chron.events, "2013")
    assert event.derived and event.interval.approximate
    assert "dam burst" in event.label.lower()


def test_state_duration_dates_its_start():
    text = "Notes\n\nThe strike by dock workers has been going on for two years and shows no end."
    event = only(build(article("a", text)).events, "2014")
    assert event.label.endswith("begins") and event.interval.approximate


def test_bare_month_in_past_tense_is_last_year():
    text = "Notes\n\nIn August, a flood in the river valley destroyed hundreds of homes."
    event = only(build(article("a", text, published=date(2016, 5, 10))).events, "2015-08")
    assert "flood" in event.label.lower()


def test_mentions_of_one_event_merge_across_articles_and_disagreeing_figures_are_flagged():
    first = article("first", "Quake report\n\nThe earthquake killed 40 people on May 2, 2016, "
                             "officials said.", source="Daily")
    second = article("second", "Aftermath\n\nAn earthquake that killed 25 people on May 2 "
                               "destroyed the old market.", source="Weekly")
    chron = build(first, second)
    event = only(chron.events, "2016-05-02")
    assert set(event.article_ids) == {"first", "second"}
    assert any("figures differ" in f and "40" in f and "25" in f for f in event.flags)


def test_different_events_on_one_day_stay_apart():
    first = article("first", "News\n\nPolice arrested the mayor on May 2, 2016 in his office.")
    second = article("second", "News\n\nA storm flooded the harbour on May 2, 2016, "
                                "sinking two boats.")
    chron = build(first, second)
    assert len([e for e in chron.events if e.value == "2016-05-02"]) == 2


def test_undated_reference_takes_the_date_of_the_event_it_names():
    first = article("first", "History\n\nThe army withdrew from the province in 2012.")
    second = article("second", "Today\n\nSince the army pulled out of the province, "
                               "trade has collapsed.")
    event = only(build(first, second).events, "2012")
    derived = [m for m in event.mentions if m.article_id == "second"]
    assert derived and derived[0].derived and derived[0].interval.start == Day.of(2012, 1, 1)


def test_numbers_are_not_events():
    text = "Report\n\nSome 1,300 soldiers and 7,818 civilians lived 45 miles from the border."
    assert build(article("a", text)).events == []


def test_a_line_without_sentence_ends_is_cut_into_bounded_pieces():
    from model.sentences import MAX_SENTENCE_CHARS, split_sentences
    text = "word " * 2000 + "The council met on March 3, 2015 and voted."
    pieces = split_sentences(text)
    assert all(len(p.text) <= MAX_SENTENCE_CHARS for p in pieces)
    assert all(text[p.start:p.end] == p.text for p in pieces)
    assert " ".join(p.text for p in pieces) == " ".join(text.split())
