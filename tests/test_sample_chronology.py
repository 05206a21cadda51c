"""Acceptance on the shipped samples: the chronology a researcher expects from them."""
from datetime import date
from pathlib import Path

import pytest

from model.day import Day
from model.pipeline import build_chronology

SAMPLES = Path(__file__).resolve().parent.parent / "resources" / "samples"
GIVEN = {
    "voa-islamic-militants-fight-in-iraq.txt": date(2014, 1, 4),
    "cbs-al-qaeda-backed-militants-storm-iraq-cities.txt": date(2014, 1, 6),
    "bloomberg-iraq-fights-to-retake-towns.txt": date(2014, 1, 3),
    "cbn-us-wont-return-to-iraq.txt": date(2014, 1, 6),
    "bbc-iraqi-forces-fight-militants-in-anbar.txt": date(2014, 1, 3),
}


@pytest.fixture(scope="module")
def chronology():
    return build_chronology([SAMPLES], GIVEN)


def outlets(chronology, event):
    return {chronology.article(a).source.split()[0].lower() for a in event.article_ids}


def find(chronology, value_prefix, *words):
    """Events whose value starts with ``value_prefix`` and whose sentences hold all words."""
    found = []
    for e in chronology.events:
        if not e.value.startswith(value_prefix):
            continue
        text = " ".join(m.sentence.text for m in e.mentions).lower()
        if all(w in text for w in words):
            found.append(e)
    return found


def test_battle_of_2004(chronology):
    [battle] = find(chronology, "2004", "battle")
    assert battle.interval.start == Day.of(2004, 1, 1) and battle.interval.end == Day.of(2004, 12, 31)
    assert "fought" in battle.label.lower() or "battle" in battle.label.lower()
    assert "cbs" in outlets(chronology, battle)


def test_tribal_alliance_spans_2006_to_2007(chronology):
    [alliance] = find(chronology, "2006", "tribes joined forces")
    assert (alliance.interval.start, alliance.interval.end) == (Day.of(2006, 1, 1), Day.of(2007, 12, 31))
    assert alliance.value == "2006/2007"


def test_us_withdrawal_2011_linked_to_several_sources(chronology):
    [withdrawal] = find(chronology, "2011", "withdr")
    assert withdrawal.interval.start.year == 2011 and withdrawal.interval.end.year == 2011
    assert {"bbc", "cbs", "voa"} <= outlets(chronology, withdrawal)
    voa = [m for m in withdrawal.mentions if m.article_id.startswith("voa")]
    assert voa and voa[0].derived and "pulled out of Iraq" in voa[0].sentence.text


def test_seizures_of_january_2014_from_at_least_three_sources(chronology):
    seizures = [e for e in chronology.events
                if e.interval.start >= Day.of(2013, 12, 25) and e.interval.end <= Day.of(2014, 1, 7)
                and any(w in " ".join(m.sentence.text for m in e.mentions).lower()
                        for w in ("seized", "have taken", "lost control"))]
    best = max(seizures, key=lambda e: len(e.article_ids))
    assert len(outlets(chronology, best)) >= 3


@pytest.mark.parametrize("value,words", [
    ("2003", ("invaded",)),
    ("2007", ("surge",)),
    ("2013", ("7,818",)),
    ("2013-04", ("raid", "hawija")),
    ("2013-12-30", ("camp", "ramadi")),
    ("2014-01-01", ("reinforcements",)),
    ("2014-01-02", ("bomb", "baladruz")),
])
def test_other_dated_events(chronology, value, words):
    assert find(chronology, value, *words), (value, words)


def test_no_event_from_counts_or_page_furniture(chronology):
    values = {e.value for e in chronology.events}
    assert not any(v.startswith(("1300", "7818", "2015")) for v in values)
    # The BBC page's "Copyright © 2015" line is boilerplate, not an event.
    assert not find(chronology, "2015")


def test_publication_dates_without_given_dates():
    chronology = build_chronology([SAMPLES])
    by_outlet = {a.source.split()[0].lower(): a for a in chronology.articles}
    for outlet in ("cbs", "bloomberg", "cbn", "bbc"):
        article = by_outlet[outlet]
        assert (article.published.year, article.published.month) == (2014, 1), outlet
        assert article.published_basis in ("text", "inferred")
    assert by_outlet["cbs"].published == date(2014, 1, 5)
    assert by_outlet["cbs"].published_basis == "text"
    assert by_outlet["voa"].published is None and by_outlet["voa"].published_basis == "unknown"
