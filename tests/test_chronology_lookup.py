"""Chronology lookups by id and by sentence agree with a scan of every event."""
from datetime import date

import pytest

from model.chronology import Chronology
from model.types import Article, Event, EventMention, Interval, Sentence, TimeExpression


def mention(mid, article, start, end):
    day = Interval(date(2014, 1, 2), date(2014, 1, 2), "day")
    return EventMention(id=mid, article_id=article, sentence=Sentence(start, end, ""),
                        clause_start=start, clause_end=end,
                        timex=TimeExpression(start, start, "", "DATE", "2014-01-02"),
                        label=mid, interval=day, value="2014-01-02")


def chronology():
    articles = [Article(id=a, path=f"{a}.txt", title=a, source=a, text="x" * 100,
                        content_hash=a) for a in ("a", "b")]
    day = Interval(date(2014, 1, 2), date(2014, 1, 2), "day")
    events = [Event("e1", "one", day, "2014-01-02", [mention("a:m1", "a", 0, 40),
                                                       mention("b:m1", "b", 10, 30)]),
              Event("e2", "two", day, "2014-01-02", [mention("a:m2", "a", 20, 60)]),
              Event("e3", "three", day, "2014-01-02", [mention("a:m3", "a", 0, 40),
                                                        mention("a:m4", "a", 30, 50)])]
    return Chronology(articles, {}, events)


def scan(chron, article_id, offset):
    return [e for e in chron.events if any(m.article_id == article_id and
                                           m.sentence.start <= offset < m.sentence.end
                                           for m in e.mentions)]


def test_events_at_matches_a_scan_in_event_order():
    chron = chronology()
    for article in ("a", "b", "c"):
        for offset in range(-1, 70):
            assert chron.events_at(article, offset) == scan(chron, article, offset)
    assert [e.id for e in chron.events_at("a", 35)] == ["e1", "e2", "e3"]


def test_lookups_by_id_and_after_the_lists_change():
    chron = chronology()
    assert chron.event("e2").label == "two"
    assert chron.article("b").id == "b"
    assert chron.event_of_mention("a:m4").id == "e3"
    assert chron.event_of_mention("nope") is None
    with pytest.raises(KeyError):
        chron.event("e9")
    with pytest.raises(KeyError):
        chron.article("z")
    chron.events[1].mentions.append(mention("b:m2", "b", 50, 90))
    assert [e.id for e in chron.events_at("b", 60)] == ["e2"]
    chron.events = chron.events[:1]
    assert [e.id for e in chron.events_at("a", 35)] == ["e1"]
    with pytest.raises(KeyError):
        chron.event("e3")
