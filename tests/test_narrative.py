"""Narrative dating, on texts written for these tests (history, business, sport, local news).

Each test states what a careful reader would date, and how (the anchor kind).
"""
import hashlib
from datetime import date

import pytest

from model.day import Day
from model.document import build_document
from model.narrative import date_mentions
from model.pipeline import chronology_from_articles
from model.types import Article


def article(text, published=date(2020, 5, 14), ident="a"):
    return Article(id=ident, path=f"{ident}.txt", title=text.split("\n")[0], source=ident,
                   text=text, content_hash=hashlib.sha256(text.encode()).hexdigest(),
                   published=published, published_basis="given" if published else "unknown")


def mentions(text, published=date(2020, 5, 14)):
    return date_mentions(build_document(article(text, published)))


def find(found, words, start=True):
    """The mention whose label holds every word (and starts with the first)."""
    first = words.split()[0].lower()
    hits = [m for m in found if all(w.lower() in m.label.lower() for w in words.split())
            and (m.label.lower().startswith(first) or not start)]
    assert hits, [(m.label, m.value) for m in found]
    return hits[0]


def span(m):
    return m.interval.start.isoformat(), m.interval.end.isoformat()


HISTORY = """The siege of the harbour fort

In 1861 the southern states left the union and the new government demanded the fort.
On 12 April, the shore batteries opened fire on the fort. Two days later, the garrison surrendered.
In October, the army marched south along the river.

The following year the navy blockaded the coast. In February, it captured the island.
The general then resigned his command.
"""


def test_history_paragraph_bare_months_take_the_year_told():
    found = mentions(HISTORY, published=date(2021, 3, 2))
    fire = find(found, "shore batteries opened fire")
    assert span(fire) == ("1861-04-12", "1861-04-12")
    assert fire.anchor.kind == "narrative" and "1861" in fire.anchor.explanation
    assert span(find(found, "garrison surrendered")) == ("1861-04-14", "1861-04-14")
    assert find(found, "army marched south").value == "1861-10"
    assert find(found, "navy blockaded").value == "1862"
    assert find(found, "captured the island", start=False).value == "1862-02"


def test_then_takes_the_time_of_the_event_just_told():
    found = mentions(HISTORY, published=date(2021, 3, 2))
    resigned = find(found, "general resigned", start=False)
    assert resigned.anchor.kind == "narrative"
    assert resigned.interval.start.year == 1862 and resigned.interval.start.month == 2


def test_months_before_counts_from_the_event_just_told():
    text = ("Harbour history\n\nThe old pier collapsed on 9 March 1987. "
            "A month before, engineers had inspected it.")
    inspected = find(mentions(text), "engineers inspected")
    assert inspected.value == "1987-02" and inspected.anchor.kind == "narrative"


def test_duration_after_an_event_dates_that_event_from_the_main_clause():
    text = ("Bank results\n\nThe bank confirmed the loss on 3 May, a week after auditors "
            "warned it.")
    found = mentions(text)
    assert find(found, "bank confirmed the loss").value == "2020-05-03"
    warned = find(found, "auditors warned")
    assert span(warned) == ("2020-04-26", "2020-04-26")
    assert warned.anchor.kind == "duration" and warned.anchor.source


def test_duration_before_an_event_dates_the_start_of_a_state():
    text = "Family history\n\nThey had lived there for six years before moving to Lyon in 2010."
    lived = [m for m in mentions(text) if m.anchor.kind == "duration"]
    assert len(lived) == 1 and "lived there" in lived[0].label
    assert lived[0].interval.start == Day.of(2004, 1, 1) and lived[0].interval.approximate


@pytest.mark.parametrize("sentence, start, end", [
    ("The museum was closed between March 2, 2019, and July 30, 2019.",
     "2019-03-02", "2019-07-30"),
    ("The league played its seasons from 2007 to 2009.", "2007-01-01", "2009-12-31"),
    ("The mill was rebuilt in 1990 or 1991.", "1990-01-01", "1991-12-31"),
])
def test_ranges_are_one_interval(sentence, start, end):
    found = mentions("Notes\n\n" + sentence)
    assert len(found) == 1, [(m.label, m.value) for m in found]
    assert span(found[0]) == (start, end)


def test_two_dates_joined_by_and_are_two_times():
    found = mentions("Notes\n\nThe singer toured Japan in March and June.")
    assert sorted(m.value for m in found) == ["2020-03", "2020-06"]


def test_until_spans_from_the_story_time():
    text = "Trade history\n\nIn 1986 the embargo began. It lasted until 1994."
    lasted = find(mentions(text, published=date(2019, 1, 1)), "lasted", start=False)
    assert span(lasted) == ("1986-01-01", "1994-12-31")


def test_reported_speech_the_saying_and_the_reported_event_have_their_own_times():
    text = ("Airline update\n\nThe airline said on Tuesday that passenger numbers fell in the "
            "third quarter.")
    found = mentions(text, published=date(2019, 10, 24))
    said = find(found, "airline said")
    assert said.value == "2019-10-22"
    fell = find(found, "passenger numbers fell")
    assert fell.value == "2019-Q3"


def test_reported_event_without_a_time_is_before_the_saying():
    text = "Port strike\n\nThe union said on Monday that dockers walked out."
    found = mentions(text, published=date(2019, 10, 24))
    said = find(found, "union said")
    walked = find(found, "dockers walked out")
    assert walked.interval.end < said.interval.start
    assert walked.anchor.kind == "relative" and walked.anchor.source == said.id


def test_weekdays_follow_the_tense():
    found = mentions("Elections\n\nVoters will vote on Sunday. The mayor resigned on Sunday.",
                     published=date(2019, 10, 24))  # a Thursday
    assert find(found, "voters will vote").value == "2019-10-27"
    assert find(found, "mayor resigned").value == "2019-10-20"


def test_a_weekday_with_an_article_is_not_pinned():
    found = mentions("Market\n\nThe market opened on a Monday in spring.",
                     published=date(2019, 10, 24))
    assert all(not m.value.startswith("2019-10") for m in found)


def test_present_commentary_with_now_or_today_is_no_event():
    text = ("Column\n\nPrices are high these days. Today the city is quieter than it was. "
            "\"Now we are worried,\" she said.")
    assert mentions(text) == []


def test_a_date_belongs_to_the_clause_it_modifies():
    found = mentions("Alliances\n\nFrance joined in 1792, Spain in 1793.")
    assert find(found, "Spain").value == "1793"
    found = mentions("Politics\n\nAfter losing the 1998 election, she won in 2002.")
    assert find(found, "she won").value == "2002"
    assert find(found, "election", start=False).value == "1998"


def test_every_event_clause_is_dated_and_says_how():
    text = ("Council news\n\nThe council approved the new budget. The mayor praised the vote "
            "and thanked residents.")
    found = mentions(text)
    assert {m.anchor.kind for m in found} == {"publication"}
    approved = find(found, "council approved the new budget")
    assert approved.interval.end == Day.of(2020, 5, 14) and approved.interval.approximate
    assert "published 14 May 2020 (given)" in approved.anchor.explanation


def test_states_opinions_hypotheticals_and_negations_are_not_events():
    text = ("Opinion\n\nThe bridge is old. Residents believe it is unsafe. "
            "The council would repair it. The mayor did not attend.")
    assert mentions(text) == []


@pytest.mark.parametrize("sentence, value", [
    ("William crossed the channel in 1066 with his army.", "1066"),
    ("Rome was sacked in 410, and the city never recovered.", "0410"),
    ("Caesar was murdered in 44 BC by senators.", "BC0044"),
    ("Colonists founded the port in the 3rd century BC.", "BC02"),
    ("Monks rebuilt the abbey in the twelfth century.", "11"),
    ("The plague reached the town in the 1340s.", "134"),
])
def test_deep_time(sentence, value):
    found = mentions("History\n\n" + sentence, published=date(2021, 3, 2))
    assert [m.value for m in found] == [value], [(m.label, m.value) for m in found]


def test_deep_time_goes_through_the_chronology_and_its_frames():
    a = article("History\n\nCaesar was murdered in 44 BC by senators. "
                "Monks rebuilt the abbey in the twelfth century.", date(2021, 3, 2))
    chron = chronology_from_articles([a], {"a": date(2021, 3, 2)})
    frame = chron.events_frame()
    assert list(frame["start"]) == sorted(frame["start"])
    assert Day(int(frame["start"].iloc[0])).year == -43


@pytest.mark.parametrize("sentence", [
    "The RTX 3080 card sold out quickly.",
    "A Boeing 747 landed at the airport.",
    "The screen is 1080 pixels wide.",
    "About 1,300 soldiers marched.",
    "Temperatures stayed in the low 30s.",
    "The shirt cost $1999 at the shop.",
])
def test_numbers_that_are_not_years(sentence):
    assert all(not m.value[:1].isdigit() or m.anchor.kind == "publication"
               for m in mentions("Notes\n\n" + sentence))


def test_labels_say_who_did_what_without_time_or_attribution():
    text = ("Club news\n\nOn Saturday, the club signed the Brazilian striker Ana Souza, "
            "according to the local paper. She scored twice on Sunday, officials said.")
    found = mentions(text)
    signed = find(found, "club signed")
    assert "saturday" not in signed.label.lower() and "according" not in signed.label.lower()
    scored = find(found, "Ana Souza scored")
    assert scored.label.startswith("Ana Souza") and "said" not in scored.label
    assert all(len(m.label.split()) <= 10 for m in found)


def test_a_saying_after_a_fronted_alternative_is_labelled_by_its_speaker():
    found = mentions("Fares\n\nRather than raise taxes or cut routes, the mayor said on Monday "
                     "that the city will offer free bus passes.")
    said = find(found, "mayor said")
    assert "free bus" in said.label and "rather" not in said.label.lower()


@pytest.mark.parametrize("sentence, lemma", [
    ("The chief executive underwent surgery in May.", "undergo"),
    ("The chief took office in May.", "take"),
    ("The Sunni-Muslim affiliated channel closed in May.", "close"),
])
def test_a_month_is_no_modal_and_an_irregular_past_is_a_verb(sentence, lemma):
    doc = build_document(article("Notes\n\n" + sentence))
    clause = doc.clauses[-1]
    assert (clause.lemma, clause.tense) == (lemma, "past")
