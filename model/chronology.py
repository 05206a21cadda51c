"""The chronology: every article, expression, mention and event of one build.

Views and exporters read it through two pandas frames (events, mentions), sorted
by start date, so that a table, a timeline and a CSV file all show the same thing.
Dates in the frames are day numbers (``Day.ordinal``: 0001-01-01 is 1, BCE below 1),
never pandas timestamps, which stop at 1677 and 2262.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .types import Article, ArticleAnalysis, Event, EventMention, LoadProblem, TimeExpression

EVENT_COLUMNS = ["id", "label", "start", "end", "value", "granularity", "approximate",
                 "dated_by", "context_dated", "entities",
                 "derived", "flags", "n_sources", "sources", "articles", "category"]
MENTION_COLUMNS = ["id", "event", "article", "sentence", "sentence_start", "sentence_end",
                   "timex_start", "timex_end", "timex_text", "value", "start", "end",
                   "granularity", "label", "derived"]


@dataclass
class Chronology:
    articles: list[Article]
    expressions: dict[str, list[TimeExpression]]
    events: list[Event]
    problems: list[LoadProblem] = field(default_factory=list)
    #: Each article's own extraction, before merging: what a project or cache keeps.
    analyses: dict[str, ArticleAnalysis] = field(default_factory=dict)
    #: People, organisations, places, groups and things named across the articles
    #: (model.entities.Entity), with their aliases.
    entities: list = field(default_factory=list)

    _lookup: tuple | None = field(default=None, init=False, repr=False, compare=False)

    def _index(self) -> tuple:
        """Dictionaries for the lookups below, rebuilt when the lists are replaced or
        change length (a click on a sentence must not scan every event)."""
        key = (id(self.articles), len(self.articles), id(self.events), len(self.events),
               sum(len(e.mentions) for e in self.events))
        if self._lookup is None or self._lookup[0] != key:
            articles: dict[str, Article] = {}
            for a in self.articles:
                articles.setdefault(a.id, a)
            events: dict[str, Event] = {}
            of_mention: dict[str, Event] = {}
            spans: dict[str, list[tuple[int, int, int]]] = {}
            for n, e in enumerate(self.events):
                events.setdefault(e.id, e)
                for m in e.mentions:
                    of_mention.setdefault(m.id, e)
                    spans.setdefault(m.article_id, []).append(
                        (n, m.sentence.start, m.sentence.end))
            self._lookup = (key, articles, events, of_mention, spans)
        return self._lookup

    def entities_named(self, names) -> list:
        """The entities called any of ``names`` (their name, id or an alias, any case)."""
        wanted = {n.casefold() for n in names}
        return [e for e in self.entities
                if wanted & {n.casefold() for n in (e.name, e.id, *e.aliases)}]

    def only_entities(self, ids: set[str]) -> Chronology:
        """The chronology of these entities' events alone (its articles and entities kept)."""
        events = [e for e in self.events if any(x.id in ids for x in e.entities)]
        return Chronology(self.articles, self.expressions, events, self.problems,
                          self.analyses, self.entities)

    def article(self, article_id: str) -> Article:
        try:
            return self._index()[1][article_id]
        except KeyError:
            raise KeyError(article_id) from None

    def event(self, event_id: str) -> Event:
        try:
            return self._index()[2][event_id]
        except KeyError:
            raise KeyError(event_id) from None

    @property
    def mentions(self) -> list[EventMention]:
        return [m for e in self.events for m in e.mentions]

    def event_of_mention(self, mention_id: str) -> Event | None:
        return self._index()[3].get(mention_id)

    def events_at(self, article_id: str, offset: int) -> list[Event]:
        """Events with a mention whose sentence in ``article_id`` covers ``offset``."""
        spans = self._index()[4].get(article_id, ())
        found = sorted({n for n, start, end in spans if start <= offset < end})
        return [self.events[n] for n in found]

    def events_frame(self) -> pd.DataFrame:
        sources = {a.id: a.source for a in self.articles}
        rows = []
        for e in self.events:
            ids = e.article_ids
            rows.append({
                "id": e.id, "label": e.label,
                "start": e.interval.start.ordinal, "end": e.interval.end.ordinal,
                "value": e.value, "granularity": e.interval.granularity,
                "approximate": e.interval.approximate, "derived": e.derived,
                "flags": ", ".join(e.flags), "n_sources": len(ids),
                "sources": ", ".join(sources.get(i, i) for i in ids),
                "articles": ids, "category": e.category,
                "dated_by": e.anchor.kind if e.anchor else "",
                "context_dated": e.context_dated,
                "entities": ", ".join(x.name for x in e.entities),
            })
        frame = pd.DataFrame(rows, columns=EVENT_COLUMNS)
        return frame.sort_values(["start", "end"], kind="stable").reset_index(drop=True)

    def mentions_frame(self) -> pd.DataFrame:
        rows = []
        for e in self.events:
            for m in e.mentions:
                rows.append({
                    "id": m.id, "event": e.id, "article": m.article_id,
                    "sentence": m.sentence.text, "sentence_start": m.sentence.start,
                    "sentence_end": m.sentence.end, "timex_start": m.timex.start,
                    "timex_end": m.timex.end, "timex_text": m.timex.text, "value": m.value,
                    "start": m.interval.start.ordinal,
                    "end": m.interval.end.ordinal,
                    "granularity": m.interval.granularity, "label": m.label,
                    "derived": m.derived,
                })
        frame = pd.DataFrame(rows, columns=MENTION_COLUMNS)
        return frame.sort_values(["start", "article"], kind="stable").reset_index(drop=True)
