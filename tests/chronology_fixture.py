"""A small hand-built chronology (the sample Anbar story) for tests that need no extraction.

Every offset is computed from the article text, so the records are consistent with what the
tagger and event extractor would produce: sentences and time expressions index the text.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from model.chronology import Chronology
from model.timevalue import interval_value, value_interval
from model.types import (Article, Event, EventMention, Interval, LoadProblem, Sentence,
                         TimeExpression)

BBC_TEXT = (
    "Iraqi security forces fight militants in Anbar province\n\n"
    "Special forces clashed with hundreds of Sunni militants in Fallujah & Ramadi on Friday.\n\n"
    "At least 23 people were killed in militant attacks elsewhere in Iraq.\n\n"
    "The tribes joined forces with the US in 2006 and 2007 to fight al-Qaeda, but Sunnis "
    "feel alienated since the US withdrawal in 2011.\n"
)
BLOOMBERG_TEXT = (
    "Iraq Fights to Retake Towns From Al-Qaeda Amid Violence\n\n"
    "Prime Minister Nouri al-Maliki sent reinforcements on Jan. 1 to dislodge the militants "
    "from the cities, which were one focus of the 2007 \u201csurge\u201d of U.S. forces.\n\n"
    "At least 32 people have been killed in the latest clashes in Anbar, Arabiya said today.\n\n"
    "The fighting follows an upsurge in violence, with 2013 proving the bloodiest year "
    "for civilians in five years.\n\n"
    "The U.S., which last month described ISIL as the \u201ccommon enemy\u201d of Iraq and "
    "the U.S., has stepped up arms supplies (helicopters <AH-64>, missiles & drones).\n"
)
CBS_TEXT = (
    "Al Qaeda-backed Sunni militants storm into Iraq cities\n\n"
    "Islamic extremists have taken the city of Fallujah \u2013 where U.S. forces fought a "
    "ferocious battle in 2004.\n\n"
    "Last week, the Iraqi military went on the attack, firing at extremists who had overrun "
    "mosques, jails and police stations.\n\n"
    "Now, two years after the U.S. withdrawal, they\u2019re back.\n"
)
VOA_TEXT = (
    "Islamic Militants Fight in Iraq; War in Syria Spills Over\n\n"
    "On Saturday, al-Qaida-linked militants seized parts of Fallujah and Ramadi.\n\n"
    "The uprising against Damascus has been going on for about three years.\n"
)
CBN_TEXT = (
    "US Won't Return to Iraq Despite al Qaeda Fight\n\n"
    "Will the violence spread? Our analyst has more on CBN Newswatch, Jan. 6.\n"
)


def _article(aid: str, source: str, text: str, published: date | None, basis: str) -> Article:
    return Article(id=aid, path=f"/data/news/{aid}.txt", title=text.split("\n", 1)[0],
                   source=source, text=text, content_hash=f"hash-{aid}",
                   published=published, published_basis=basis,
                   published_evidence="" if published is None else f"{basis} date")


def _timex(text: str, phrase: str, value: str, type_: str = "DATE", mod: str = "",
           relative: bool = False, resolved: bool = True) -> TimeExpression:
    start = text.index(phrase)
    return TimeExpression(start, start + len(phrase), phrase, type_, value, mod,
                          relative=relative, resolved=resolved)


def _sentence(text: str, offset: int) -> Sentence:
    """The line (each paragraph here is one sentence) around ``offset``."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    end = len(text) if end < 0 else end
    return Sentence(start, end, text[start:end])


def _mention(mid: str, article: Article, timex: TimeExpression, label: str,
             interval: Interval | None = None, derived: bool = False,
             figures: tuple[str, ...] = ()) -> EventMention:
    """A mention; a derived one ("three years" ago) carries the value it was computed to."""
    sentence = _sentence(article.text, timex.start)
    interval = interval or value_interval(timex.value, timex.mod)
    value = interval_value(interval) if derived else timex.value
    return EventMention(id=mid, article_id=article.id, sentence=sentence,
                        clause_start=sentence.start, clause_end=sentence.end, timex=timex,
                        label=label, interval=interval, value=value,
                        figures=figures, derived=derived)


def _event(eid: str, mentions: list[EventMention], label: str | None = None,
           interval: Interval | None = None, flags: list[str] | None = None,
           derived: bool = False, category: str = "") -> Event:
    first = mentions[0]
    return Event(id=eid, label=label or first.label, interval=interval or first.interval,
                 value=first.value, mentions=mentions, derived=derived,
                 flags=list(flags or []), category=category)


def sample_articles() -> list[Article]:
    return [
        _article("bbc", "BBC", BBC_TEXT, date(2014, 1, 4), "metadata"),
        _article("bloomberg", "Bloomberg", BLOOMBERG_TEXT, date(2014, 1, 2), "text"),
        _article("cbs", "CBS News", CBS_TEXT, date(2014, 1, 4), "given"),
        _article("voa", "VOA", VOA_TEXT, date(2014, 1, 6), "inferred"),
        _article("cbn", "CBN", CBN_TEXT, None, "unknown"),
    ]


def sample_chronology() -> Chronology:
    """Five articles, twelve events from 2004 to January 2014, one unreadable file.

    Covers every drawing case: day, week, month, year and multi-year (2006-2007) intervals,
    an approximate derived date, a flagged event, events with several sources, an article
    without a publication date, and text needing XML escaping.
    """
    bbc, bloomberg, cbs, voa, cbn = arts = sample_articles()
    x = {a.id: [] for a in arts}

    def t(article: Article, *args, **kwargs) -> TimeExpression:
        found = _timex(article.text, *args, **kwargs)
        x[article.id].append(found)
        return found

    friday = t(bbc, "on Friday", "2014-01-03", relative=True)
    y2006 = t(bbc, "2006", "2006")
    t(bbc, "2007", "2007")
    bbc2011 = t(bbc, "2011", "2011")
    jan1 = t(bloomberg, "Jan. 1", "2014-01-01")
    surge = t(bloomberg, "2007", "2007")
    today = t(bloomberg, "today", "2014-01-02", relative=True)
    y2013 = t(bloomberg, "2013", "2013")
    t(bloomberg, "five years", "P5Y", "DURATION")
    last_month = t(bloomberg, "last month", "2013-12", relative=True)
    y2004 = t(cbs, "2004", "2004")
    last_week = t(cbs, "Last week", "2013-W52", relative=True)
    two_years = t(cbs, "two years", "P2Y", "DURATION")
    saturday = t(voa, "On Saturday", "2014-01-04", relative=True)
    three_years = t(voa, "about three years", "P3Y", "DURATION", mod="APPROX")
    t(cbn, "Jan. 6", "XXXX-01-06", relative=True, resolved=False)
    for found in x.values():
        found.sort(key=lambda e: e.start)

    alliance = Interval(date(2006, 1, 1), date(2007, 12, 31), "year")
    withdrawal_cbs = _mention("m-cbs-3", cbs, two_years, "US withdrawal from Iraq",
                              interval=value_interval("2012"), derived=True)
    uprising = Interval(date(2011, 1, 1), date(2011, 12, 31), "year", approximate=True)
    events = [
        _event("e01", [_mention("m-cbs-1", cbs, y2004, "US forces fight battle of Fallujah")]),
        _event("e02", [_mention("m-bbc-3", bbc, y2006, "Sunni tribes join forces with the US",
                                interval=alliance)], category="alliance"),
        _event("e03", [_mention("m-bloomberg-1b", bloomberg, surge, "US troop surge in Anbar")]),
        _event("e04", [_mention("m-voa-2", voa, three_years, "Syrian uprising begins",
                                interval=uprising, derived=True)],
               interval=uprising, derived=True),
        _event("e05", [_mention("m-bbc-4", bbc, bbc2011, "US withdrawal from Iraq"),
                       withdrawal_cbs]),
        _event("e06", [_mention("m-bloomberg-3", bloomberg, y2013,
                                "2013 bloodiest year for civilians")]),
        _event("e07", [_mention("m-bloomberg-4", bloomberg, last_month,
                                "US calls ISIL the \u201ccommon enemy\u201d")]),
        _event("e08", [_mention("m-cbs-2", cbs, last_week, "Iraqi military goes on the attack")]),
        _event("e09", [_mention("m-bloomberg-1", bloomberg, jan1,
                                "Maliki sends reinforcements to Anbar")]),
        _event("e10", [_mention("m-bloomberg-2", bloomberg, today,
                                "At least 32 killed in Anbar clashes", figures=("32",))],
               flags=["casualty figures differ between sources (23, 32)"]),
        _event("e11", [_mention("m-bbc-1", bbc, friday,
                                "Special forces clash with militants in Fallujah & Ramadi",
                                figures=("23",))],
               flags=["casualty figures differ between sources (23, 32)"]),
        _event("e12", [_mention("m-voa-1", voa, saturday, "Militants seize parts of Fallujah")]),
    ]
    problems = [LoadProblem("/data/news/broken.pdf", "not a PDF file (damaged header)")]
    return Chronology(arts, x, events, problems)


def dense_chronology(n: int, seed: int = 7) -> Chronology:
    """``n`` single-day events spread over 2003-2014, for rasterisation and thinning tests."""
    rng = random.Random(seed)
    sources = ["Reuters", "AP", "AFP", "BBC"]
    arts = [_article(f"a{i}", s, f"Article {i}\n\nSomething happened on a day.\n", None,
                     "unknown") for i, s in enumerate(sources)]
    events = []
    for i in range(n):
        art = arts[i % len(arts)]
        day = date(2003, 1, 1) + timedelta(days=rng.randrange(4000))
        timex = TimeExpression(art.text.index("a day"), art.text.index("a day") + 5, "a day",
                               "DATE", day.isoformat())
        sentence = _sentence(art.text, timex.start)
        interval = Interval(day, day, "day")
        mention = EventMention(f"m{i}", art.id, sentence, sentence.start, sentence.end, timex,
                               f"Event number {i}", interval, day.isoformat())
        events.append(Event(f"e{i}", f"Event number {i}", interval, day.isoformat(), [mention]))
    return Chronology(arts, {a.id: [] for a in arts}, events)
