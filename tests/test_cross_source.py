"""One event told differently by several sources: sayings, possessive pronouns, occasion
phrases and background events dated in passing (texts written for these tests)."""
import hashlib
from datetime import date

from model.document import build_document
from model.entities import find_entities
from model.narrative import date_mentions
from model.pipeline import analyse_article, chronology_from_articles
from model.types import Article


def article(text, ident="a", published=date(2021, 9, 8)):
    return Article(id=ident, path=f"{ident}.txt", title=text.split("\n")[0], source=ident,
                   text=text, content_hash=hashlib.sha256(text.encode()).hexdigest(),
                   published=published, published_basis="given")


def chronology(texts, published=date(2021, 9, 8)):
    articles = [article(t, k, published) for k, t in texts.items()]
    return chronology_from_articles(articles, {a.id: published for a in articles})


def events_with(chron, *words):
    return [e for e in chron.events
            if any(all(w in m.keywords for w in words) for m in e.mentions)]


def test_two_reports_of_one_saying_merge_by_what_was_said():
    texts = {
        "post": "Transit fares\n\nRather than raise taxes or cut routes, Mayor Ines Talavera "
                "said on Monday that the city will offer free bus passes to every pensioner.",
        "courier": "Free passes\n\nAt a news conference on Monday, Mayor Ines Talavera said "
                   "that every pensioner would receive a free bus pass from October.",
    }
    chron = chronology(texts, published=date(2021, 9, 7))
    said = events_with(chron, "pensioner", "offer")
    assert len(said) == 1, [(e.label, e.value) for e in chron.events]
    assert set(said[0].article_ids) == {"post", "courier"}


def test_a_saying_keeps_what_it_reports_among_its_keywords():
    found = date_mentions(build_document(article(
        "Budget\n\nThe minister said on Tuesday that the dam project would be cancelled.")))
    saying = next(m for m in found if m.value == "2021-09-07")
    assert {"dam", "project"} <= saying.keywords


def test_an_occasion_phrase_counts_among_its_clause_keywords():
    found = date_mentions(build_document(article(
        "Bridge\n\nWhile opening the new harbour bridge, the governor announced on Friday a "
        "second crossing.")))
    opening = next(m for m in found if "governor" in m.label.lower())
    assert {"harbour", "bridge"} <= opening.keywords


def test_a_preposition_ending_in_ing_is_no_occasion():
    found = date_mentions(build_document(article(
        "Vote\n\nAccording to the ballot count, the council approved the budget on Friday.")))
    approval = next(m for m in found if "council" in m.label.lower())
    assert "ballot" not in approval.keywords


def test_its_event_takes_its_owner_after_an_opening_phrase():
    text = ("Airline results\n\nSix years after its founding, Kestrel Airways carried more "
            "passengers than any rival in August.")
    found = analyse_article(article(text)).mentions
    founding = next(m for m in found if m.label.lower() == "its founding")
    assert founding.interval.start.year == 2015
    assert "kestrel" in founding.keywords
    doc = build_document(article(text))
    names = {n.start: n.text for n in find_entities(text, doc.sentences)}
    assert "Kestrel Airways" in {names.get(int(e[1:])) for e in founding.entities}


def test_since_its_launch_in_a_year_is_a_dated_event_of_its_own():
    found = analyse_article(article(
        "Streaming\n\nThe company said more than 9 million films had been streamed from the "
        "Lumen service since its launch in 2016.")).mentions
    launch = next(m for m in found if m.label.lower().startswith("its launch"))
    assert launch.value == "2016"
    assert "lumen" in launch.keywords


def test_an_undated_reference_stops_at_its_event_noun():
    refs = analyse_article(article(
        "Streaming\n\nThe Lumen service opened in Porto. Since its launch the service has "
        "streamed 9 million films.")).references
    launch = next(r for r in refs if "launch" in r.keywords)
    assert launch.label.lower() == "its launch"
    assert "stream" not in launch.keywords


def test_a_launch_told_three_ways_is_one_event():
    texts = {
        "daily": "Lumen at five\n\nThe Lumen streaming service launched in Porto on "
                 "3 March 2016, with 400 films.",
        "weekly": "Lumen grows\n\nFive years after its launch, the Lumen streaming service "
                  "passed 9 million subscribers in August.",
        "review": "Screens\n\nThe company said more than 9 million films had been streamed "
                  "from the Lumen service since its launch in 2016.",
    }
    chron = chronology(texts)
    launch = [e for e in chron.events if e.interval.start.year == 2016
              and any("launch" in m.keywords for m in e.mentions)]
    assert len(launch) == 1, [(e.label, e.value, e.article_ids) for e in chron.events]
    assert set(launch[0].article_ids) == set(texts)


def test_a_surname_after_a_full_name_stays_a_person_where_its_context_says_place():
    text = ("Clinic\n\nDr. Amara Osei, the clinic's director, took leave on Monday. Her deputy "
            "ran the ward in Osei ' absence, as in Osei ' last leave.")
    types = {n.text: n.type for n in find_entities(text, build_document(article(text)).sentences)}
    assert types["Osei"] == "person"
