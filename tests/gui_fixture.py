"""A hand-built chronology over the sample articles, for GUI tests that must not wait
for the extraction pipeline. Offsets are found in the real texts, so panes show them."""
from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pandas as pd

from model.chronology import Chronology
from model.timevalue import value_interval
from model.types import Article, Event, EventMention, Sentence, TimeExpression

SAMPLES = Path(__file__).resolve().parent.parent / "resources" / "samples"

ARTICLES = {
    "bbc": ("bbc-iraqi-forces-fight-militants-in-anbar.txt", "BBC",
            "Iraqi security forces fight militants in Anbar province", date(2014, 1, 3)),
    "bloomberg": ("bloomberg-iraq-fights-to-retake-towns.txt", "Bloomberg",
                  "Iraq fights to retake towns", date(2014, 1, 4)),
    "cbn": ("cbn-us-wont-return-to-iraq.txt", "CBN",
            "US Won't Return to Iraq Despite al Qaeda Fight", date(2014, 1, 6)),
    "cbs": ("cbs-al-qaeda-backed-militants-storm-iraq-cities.txt", "CBS News",
            "Al Qaeda-backed militants storm Iraq cities", date(2014, 1, 5)),
    "voa": ("voa-islamic-militants-fight-in-iraq.txt", "VOA",
            "Islamic militants fight in Iraq", date(2014, 1, 4)),
}

#: (event id, label, [(article, timex text, value, relative, occurrence)], flags)
EVENTS = [
    ("e2004", "US forces fought a battle in Fallujah", [("cbs", "2004", "2004", False, 0)], []),
    ("e2006", "Tribes joined forces with the US", [("bbc", "2006 and 2007", "2006", False, 0)], []),
    ("e2011", "US withdrawal from Iraq", [("bbc", "2011", "2011", False, 0),
                                          ("cbs", "Two years after", "2011", True, 0)], []),
    ("e2013", "Deadliest year in Iraq since 2008", [("bbc", "2013", "2013", False, 0),
                                                    ("bloomberg", "2013", "2013", False, 0)],
     ["casualty figures differ"]),
    ("e0105", "Gunmen patrol Fallujah", [("cbs", "Sunday, Jan. 5, 2014", "2014-01-05", False, 0)],
     []),
    ("e0102", "Fighting in Ramadi eased", [("bbc", "Thursday", "2014-01-02", True, 0)], []),
    ("e1230", "Security forces broke up protest camp", [("bbc", "Monday", "2013-12-30", True, 0)],
     []),
]


def _article(key: str) -> Article:
    name, source, title, published = ARTICLES[key]
    path = SAMPLES / name
    text = path.read_text(encoding="utf-8")
    boiler = []
    for furniture in ("Skip to main content", "Share This article"):
        at = text.find(furniture)
        if at >= 0:
            boiler.append((at, at + len(furniture)))
    return Article(id=key, path=str(path), title=title, source=source, text=text,
                   content_hash=hashlib.sha1(text.encode()).hexdigest(), published=published,
                   published_basis="text", boilerplate=boiler)


def _sentence(text: str, start: int, end: int) -> Sentence:
    lo = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, 0)
    stops = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    hi = min(stops) + 1 if stops else len(text)
    return Sentence(lo, hi, text[lo:hi])


def _find(text: str, needle: str, occurrence: int) -> int:
    at = -1
    for _ in range(occurrence + 1):
        at = text.find(needle, at + 1)
    if at < 0:
        raise ValueError(needle)
    return at


def sample_chronology() -> Chronology:
    articles = {key: _article(key) for key in ARTICLES}
    expressions: dict[str, list[TimeExpression]] = {key: [] for key in ARTICLES}
    events = []
    for eid, label, mentions, flags in EVENTS:
        found = []
        for n, (key, needle, value, relative, occurrence) in enumerate(mentions):
            text = articles[key].text
            start = _find(text, needle, occurrence)
            timex = TimeExpression(start, start + len(needle), needle, "DATE", value,
                                   relative=relative)
            expressions[key].append(timex)
            interval = value_interval(value)
            if needle == "2006 and 2007":
                interval = value_interval("2006")
                interval = type(interval)(interval.start, date(2007, 12, 31), "year")
            found.append(EventMention(f"{eid}-m{n}", key, _sentence(text, timex.start, timex.end),
                                      0, 0, timex, label, interval, value, derived=relative))
        events.append(Event(eid, label, found[0].interval, found[0].value, found,
                            derived=all(m.derived for m in found), flags=list(flags)))
    unresolved = articles["voa"].text.find("Friday")
    if unresolved >= 0:
        expressions["voa"].append(TimeExpression(unresolved, unresolved + 6, "Friday", "DATE",
                                                 "XXXX-XX-XX", relative=True, resolved=False))
    for exprs in expressions.values():
        exprs.sort(key=lambda t: t.start)
    return Chronology(list(articles.values()), expressions, events)


def one_lane_frame(start: pd.Series) -> pd.DataFrame:
    """An events frame of one-day events at ``start`` (day numbers), all in one article
    'a' (source A)."""
    n = len(start)
    return pd.DataFrame({"id": [f"e{i}" for i in range(n)], "label": ["x"] * n,
                         "start": start, "end": start, "value": "", "granularity": "day",
                         "approximate": False, "derived": False, "flags": "", "n_sources": 1,
                         "sources": "A", "articles": [["a"]] * n, "category": ""})
