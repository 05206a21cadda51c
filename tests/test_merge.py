"""One event across sources: same action, compatible dates, agreeing participants."""
import hashlib
from datetime import date

import pytest

from model.lexicon import actions_of, content_keywords
from model.merge import compatible, merge_mentions
from model.pipeline import chronology_from_articles
from model.types import Article
from tests.merge_fixture import day, mention, year

PUBLISHED = date(2020, 3, 10)


def four_outlets_on_the_failed_takeover():
    return [
        year("m1", "ledger", "The fund has been cautious since the failed takeover of "
                             "Harbor Mills last year.", 2019, "relative"),
        year("m1", "herald", "Shareholders still remember the 2019 takeover attempt by "
                             "Northwind Capital.", 2019),
        year("m1", "wire", "Northwind Capital's unsuccessful bid for Harbor Mills in 2019 "
                           "left its chief executive under pressure.", 2019),
        mention("m1", "times", "Its bid for Harbor Mills collapsed.", date(2019, 3, 10),
                date(2019, 3, 10), "day", "duration", value="2019-03-10", approximate=True,
                derived=True),
    ]


def test_background_event_told_four_ways_is_one_event():
    events = merge_mentions(four_outlets_on_the_failed_takeover())
    assert len(events) == 1
    [event] = events
    assert sorted(event.article_ids) == ["herald", "ledger", "times", "wire"]
    assert event.value == "2019" and not event.derived


def test_background_event_told_four_ways_merges_through_the_whole_pipeline():
    texts = {
        "ledger": "Northwind returns to the market\n\nNorthwind Capital said on Monday it "
                  "would buy a stake in Calder Foods. The fund has been cautious since the "
                  "failed takeover of Harbor Mills last year, which cost it $40 million in fees.",
        "herald": "Harbor Mills posts record profit\n\nHarbor Mills reported a record profit "
                  "on Tuesday. Shareholders still remember the 2019 takeover attempt by "
                  "Northwind Capital, which the board fought off.",
        "wire": "Northwind chief under pressure\n\nNorthwind Capital's unsuccessful bid for "
                "Harbor Mills in 2019 has left its chief executive, Dana Whitcombe, under "
                "pressure from investors, analysts said on Wednesday.",
        "times": "Northwind buys again\n\nA year after its bid for Harbor Mills collapsed, "
                 "Northwind Capital agreed on Thursday to buy Calder Foods for $300 million.",
    }
    articles = [Article(id=k, path=f"{k}.txt", title=t.split("\n")[0], source=k, text=t,
                        content_hash=hashlib.sha256(t.encode()).hexdigest())
                for k, t in texts.items()]
    chronology = chronology_from_articles(articles, {a.id: PUBLISHED for a in articles})
    takeover = [e for e in chronology.events if e.interval.start.year == 2019
                and any("acquire" in m.keywords for m in e.mentions)]
    assert len(takeover) == 1, [(e.value, e.label) for e in chronology.events]
    assert set(takeover[0].article_ids) == set(texts)


def test_other_events_of_the_story_stay_apart():
    mentions = four_outlets_on_the_failed_takeover() + [
        # same participants and year, another action
        year("m2", "ledger", "Workers at Harbor Mills went on strike in 2019.", 2019),
        # same action and participants, another year
        year("m2", "herald", "Northwind Capital made a takeover bid for Harbor Mills in "
                             "2015.", 2015),
    ]
    events = merge_mentions(mentions)
    assert len(events) == 3
    assert sorted(len(e.mentions) for e in events) == [1, 1, 4]


def test_mentions_naming_different_actions_stay_apart():
    events = merge_mentions([
        day("a", "one", "Police arrested the mayor of Westbury in his office.",
            date(2016, 5, 2)),
        day("b", "two", "The mayor of Westbury resigned in his office.", date(2016, 5, 2)),
    ])
    assert len(events) == 2


def test_entity_ids_weigh_on_participants_when_known():
    first = "The regulator fined the bank over the failed merger."
    second = "The regulator fined a lender over fees."
    same = merge_mentions([year("a", "one", first, 2018, entities=("org:1",)),
                           year("b", "two", second, 2018, entities=("org:1", "org:7"))])
    other = merge_mentions([year("a", "one", first, 2018, entities=("org:1",)),
                            year("b", "two", second, 2018, entities=("org:2",))])
    assert len(same) == 1 and len(other) == 2


def test_a_date_taken_from_the_article_lead_is_weaker_than_a_stated_one():
    stated = day("a", "one", "Flood waters breached the Marlow levee on Friday.",
                 date(2021, 7, 9), "relative")
    from_lead = day("b", "two", "Flood waters breached the Marlow levee.",
                    date(2021, 7, 12), "publication")
    stated_elsewhere = day("b", "two", "Flood waters breached the Marlow levee.",
                           date(2021, 7, 12), "explicit")
    assert compatible(stated, from_lead)
    assert not compatible(stated, stated_elsewhere)
    assert len(merge_mentions([stated, from_lead])) == 1
    assert len(merge_mentions([stated, stated_elsewhere])) == 2


@pytest.mark.parametrize("words,key", [
    (("launch", "launched", "launching", "relaunch", "relaunched"), "launch"),
    (("acquire", "acquired", "acquisition", "acquisitions", "takeover", "bid"), "acquire"),
    (("resign", "resigned", "resignation", "stepped down"), "resign"),
    (("withdraw", "withdrew", "withdrawal", "pulled out"), "withdraw"),
    (("invade", "invaded", "invasion"), "invade"),
    (("elect", "election", "re-elected", "vote"), "elect"),
    (("negotiate", "negotiations", "talks"), "negotiate"),
])
def test_forms_of_one_action_share_its_key(words, key):
    for word in words:
        assert key in content_keywords(f"They {word} it"), word


def test_words_that_name_no_general_news_action_have_no_action_key():
    for word in ("awakening", "surge", "boots", "stormed", "said", "announced", "market"):
        assert not actions_of(word), word


def test_a_precise_date_narrows_the_event_but_an_approximate_one_does_not():
    in_year = year("a", "one", "Calder Foods recalled its flour in 2019.", 2019)
    on_day = day("b", "two", "Calder Foods recalled its flour.", date(2019, 8, 14), "relative")
    about = mention("c", "three", "Calder Foods recalled its flour.", date(2019, 5, 1),
                    date(2019, 5, 1), "day", "duration", approximate=True, derived=True)
    [narrowed] = merge_mentions([in_year, on_day])
    assert narrowed.value == "2019-08-14"
    [kept] = merge_mentions([in_year, about])
    assert kept.value == "2019"


def test_a_lifetime_is_not_one_event_with_a_month_inside_it():
    life = mention("a", "one", "Inventor Mara Quill founded Quill Optics (1950-2011).",
                   date(1950, 1, 1), date(2011, 12, 31), "year", value="1950/2011")
    month = mention("b", "two", "Inventor Mara Quill founded Quill Optics.",
                    date(1978, 6, 1), date(1978, 6, 30), "month", value="1978-06")
    decade = mention("c", "three", "Inventor Mara Quill founded Quill Optics in the 1970s.",
                     date(1970, 1, 1), date(1979, 12, 31), "decade", value="197")
    assert not compatible(life, month) and len(merge_mentions([life, month])) == 2
    assert compatible(decade, year("d", "four", "Mara Quill founded Quill Optics in 1978.",
                                   1978))
