"""The chronology: every article, expression, mention and event of one build.

Views and exporters read it through two pandas frames (events, mentions), sorted
by start date, so that a table, a timeline and a CSV file all show the same thing.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .types import Article, ArticleAnalysis, Event, EventMention, LoadProblem, TimeExpression

EVENT_COLUMNS = ["id", "label", "start", "end", "value", "granularity", "approximate",
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

    def article(self, article_id: str) -> Article:
        for a in self.articles:
            if a.id == article_id:
                return a
        raise KeyError(article_id)

    def event(self, event_id: str) -> Event:
        for e in self.events:
            if e.id == event_id:
                return e
        raise KeyError(event_id)

    @property
    def mentions(self) -> list[EventMention]:
        return [m for e in self.events for m in e.mentions]

    def event_of_mention(self, mention_id: str) -> Event | None:
        for e in self.events:
            if any(m.id == mention_id for m in e.mentions):
                return e
        return None

    def events_at(self, article_id: str, offset: int) -> list[Event]:
        """Events with a mention whose sentence in ``article_id`` covers ``offset``."""
        return [e for e in self.events
                if any(m.article_id == article_id
                       and m.sentence.start <= offset < m.sentence.end for m in e.mentions)]

    def events_frame(self) -> pd.DataFrame:
        sources = {a.id: a.source for a in self.articles}
        rows = []
        for e in self.events:
            ids = e.article_ids
            rows.append({
                "id": e.id, "label": e.label,
                "start": pd.Timestamp(e.interval.start), "end": pd.Timestamp(e.interval.end),
                "value": e.value, "granularity": e.interval.granularity,
                "approximate": e.interval.approximate, "derived": e.derived,
                "flags": ", ".join(e.flags), "n_sources": len(ids),
                "sources": ", ".join(sources.get(i, i) for i in ids),
                "articles": ids, "category": e.category,
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
                    "start": pd.Timestamp(m.interval.start),
                    "end": pd.Timestamp(m.interval.end),
                    "granularity": m.interval.granularity, "label": m.label,
                    "derived": m.derived,
                })
        frame = pd.DataFrame(rows, columns=MENTION_COLUMNS)
        return frame.sort_values(["start", "article"], kind="stable").reset_index(drop=True)
