"""The chosen entities as the views show them (Qt-free): which lanes the timeline draws
when it has one lane per entity, and where each article names each entity.

A researcher choosing entities asks "what happened to them?", so every view keeps the
events any chosen entity takes part in (their union: choosing a company and its chief
executive shows what happened to either, side by side in their lanes).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .entities import resolve_entities
from .types import Article, ArticleAnalysis

#: At most this many lanes per entity; the rest share one last lane.
MAX_ENTITY_LANES = 8


@dataclass(frozen=True)
class EntityLane:
    """One lane: the entity's id ("" for the shared last lane), its title and its events
    (positions in the sequence given to ``entity_lanes``, in that order)."""

    key: str
    title: str
    rows: tuple[int, ...]


def entity_lanes(event_entities: Sequence[Iterable[str]], chosen: Sequence[str] = (),
                 names: Mapping[str, str] | None = None,
                 limit: int = MAX_ENTITY_LANES) -> list[EntityLane]:
    """Lanes for events whose entity ids are ``event_entities`` (one iterable per event).

    With entities ``chosen``: one lane per chosen entity, in the order chosen. Without:
    one lane per entity, those taking part in most events first. Either way at most
    ``limit`` lanes: past it, the entities with fewest events give up theirs. One last lane
    holds the events in no other lane (those of no entity among them), so no event is
    lost; an event of several laned entities is drawn in each of their lanes.
    """
    if limit < 1:
        raise ValueError(f"at least one lane, not {limit}")
    names = names or {}
    entities = [tuple(dict.fromkeys(ids)) for ids in event_entities]
    counts = Counter(i for ids in entities for i in ids)
    if chosen:
        candidates = list(dict.fromkeys(chosen))
    else:
        candidates = sorted(counts, key=lambda i: (-counts[i], names.get(i, i).casefold(), i))
    laned = set(candidates)
    if len(candidates) > limit or (len(candidates) == limit and any(
            laned.isdisjoint(ids) for ids in entities)):
        busiest = set(sorted(candidates, key=lambda i: -counts[i])[:limit - 1])
        candidates = [i for i in candidates if i in busiest]
    rows_of: dict[str, list[int]] = {i: [] for i in candidates}
    rest: list[int] = []
    for row, ids in enumerate(entities):
        inside = [i for i in ids if i in rows_of]
        for i in inside:
            rows_of[i].append(row)
        if not inside:
            rest.append(row)
    lanes = [EntityLane(i, names.get(i, i), tuple(rows_of[i])) for i in candidates]
    if rest:
        lanes.append(EntityLane("", "other events", tuple(rest)))
    return lanes


def entity_spans(articles: Sequence[Article], analyses: Mapping[str, ArticleAnalysis]
                 ) -> dict[str, list[tuple[int, int, str]]]:
    """Where each article names an entity: article id -> [(start, end, entity id)] by start.

    The corpus's names are resolved again as the merge resolved them (the same function
    over the same per-article names), so the ids are those the events carry.
    """
    per_article = {a.id: analyses[a.id].entities for a in articles if a.id in analyses}
    _, of_name = resolve_entities(per_article)
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for article_id, mentions in per_article.items():
        found = [(m.start, m.end, of_name[(article_id, m.start)]) for m in mentions
                 if (article_id, m.start) in of_name]
        spans[article_id] = sorted(found)
    return spans


__all__ = ["EntityLane", "MAX_ENTITY_LANES", "entity_lanes", "entity_spans"]
