"""Where sources disagree on an event's figures or date, every claim is kept, with its
source and sentence, and the event is flagged disputed; nothing is averaged or picked."""
import hashlib
from datetime import date

from model.merge import DISPUTED, merge_mentions
from model.pipeline import chronology_from_articles
from model.types import Article
from tests.merge_fixture import day

FIRE = date(2021, 6, 4)


def test_two_sources_disagreeing_on_a_figure_give_one_disputed_event_with_both_claims():
    first = day("m1", "gazette", "The fire at the Rexford warehouse killed 12 workers.",
                FIRE, figures=("12 workers",))
    second = day("m1", "observer", "A fire at the Rexford warehouse killed 19 workers.",
                 FIRE, figures=("19 workers",))
    [event] = merge_mentions([first, second])
    assert event.disputed and DISPUTED in event.flags
    claims = {(c.kind, c.value, c.article_id, c.mention_id, c.sentence) for c in event.claims}
    assert claims == {
        ("figure", "12 workers", "gazette", "gazette:m1", first.sentence.text),
        ("figure", "19 workers", "observer", "observer:m1", second.sentence.text),
    }
    assert not any("15" in c.value or "16" in c.value for c in event.claims)


def test_an_approximate_figure_close_to_an_exact_one_is_no_dispute():
    first = day("m1", "gazette", "The flood in Dunmore displaced 7,818 residents.", FIRE,
                figures=("7,818 residents",))
    second = day("m1", "observer", "The Dunmore flood displaced nearly 8,000 residents.",
                 FIRE, figures=("nearly 8,000 residents",))
    [event] = merge_mentions([first, second])
    assert not event.disputed and DISPUTED not in event.flags


def test_sources_giving_different_days_keep_both_dates_as_claims():
    tuesday = day("m1", "gazette", "Fire gutted the Rexford warehouse on Tuesday.",
                  date(2021, 6, 1), "relative")
    wednesday = day("m1", "observer", "Fire gutted the Rexford warehouse on Wednesday.",
                    date(2021, 6, 2), "relative")
    [event] = merge_mentions([tuesday, wednesday])
    assert event.disputed
    assert {(c.kind, c.value, c.article_id) for c in event.claims} == {
        ("date", "2021-06-01", "gazette"), ("date", "2021-06-02", "observer")}
    assert event.value in ("2021-06-01", "2021-06-02")  # one stated value, not a mean


def test_agreeing_sources_make_no_claims():
    a = day("m1", "gazette", "The fire at the Rexford warehouse killed 12 workers.", FIRE,
            figures=("12 workers",))
    b = day("m1", "observer", "Fire at the Rexford warehouse killed 12 workers.", FIRE,
            figures=("12 workers",))
    [event] = merge_mentions([a, b])
    assert event.claims == [] and not event.disputed


def test_disputed_figures_through_the_whole_pipeline():
    texts = {"gazette": "Warehouse fire\n\nThe fire at the Rexford warehouse killed 12 "
                        "workers on June 4, 2021, officials said.",
             "observer": "Rexford mourns\n\nA fire that killed 19 workers at the Rexford "
                         "warehouse on June 4 shocked the town."}
    articles = [Article(id=k, path=f"{k}.txt", title=t.split("\n")[0], source=k, text=t,
                        content_hash=hashlib.sha256(t.encode()).hexdigest())
                for k, t in texts.items()]
    chronology = chronology_from_articles(articles, {k: date(2021, 6, 8) for k in texts})
    [event] = [e for e in chronology.events if e.value == "2021-06-04"]
    assert set(event.article_ids) == {"gazette", "observer"}
    assert event.disputed
    by_source = {c.article_id: c for c in event.claims}
    assert "12" in by_source["gazette"].value and "19" in by_source["observer"].value
    assert "Rexford" in by_source["observer"].sentence
