"""Adding articles to a merged chronology without merging it all again.

A project of thousands of articles is merged once; each later batch of articles is
offered to the events already there, by the rules of model/merge.py (its group summaries,
candidate index, scores and event making are used as they are): the new dated mentions,
firmest first, each join the group they fit best or start one; a new mention left alone
then moves to the group it fits best; undated references (the new ones, those of changed
events and those no event took before) are attached as merge.py attaches them. Only the
events whose dates and words a new mention could reach are summarised, and only those a
new mention joined are made again; every other event is kept as it was.

A full merge of the grown corpus can differ, because it decides again what this keeps:
* order: a new mention firmer than old ones is merged before them in a full merge, and may
  start or take a group that old mentions then join differently;
* weights: keyword rarity is counted over the grown corpus for the new mentions and the
  groups they are compared with, but earlier groupings are not re-decided with them;
* spellings: a near-identical spelling first seen now is folded in the new mentions only;
* crowding: merge.py's CROWD limit counts the candidates of the groups indexed here (the
  reachable ones), not of every group;
* an old lone mention moves only into a group that changed, and a reference an unchanged
  event holds stays with it.
When the new articles share no dates or words with the old ones the events are the same
as a full merge's except in what rarer keyword weights tip (tested on a generated corpus).
"""
from __future__ import annotations

import gc
from collections.abc import Iterable
from dataclasses import replace

from .entities import resolve_entities
from .lexicon import spelling_variants
from .merge import (_WIDE, SAME_EVENT, _attach, _Blocks, _event, _Features, _idf, _Summary,
                    _Weights, anchor_rank, reach)
from .pipeline import _participants, _resolved_participants, participant_ids
from .types import Article, ArticleAnalysis, Event, EventMention


def _key(m: EventMention) -> tuple[str, str]:
    return m.article_id, m.id


def merge_added(events: list[Event], mentions: list[EventMention],
                references: list[EventMention], unattached: list[EventMention],
                reference_keys: set[tuple[str, str]]) -> tuple[list[Event], set[int]]:
    """``events`` (a previous merge's, not changed in place) with the new dated
    ``mentions`` and undated ``references`` merged in; ``unattached``: earlier references
    no event took; ``reference_keys``: (article id, mention id) of every undated
    reference, to tell them from dated members. Returns the events, sorted and numbered
    as merge.py numbers them, and the positions of those made or changed here."""
    paused = gc.isenabled()
    gc.disable()
    try:
        return _merge_added(events, mentions, references, unattached, reference_keys)
    finally:
        if paused:
            gc.enable()


def _merge_added(events, mentions, references, unattached, reference_keys):
    vocabulary = {k for e in events for m in e.mentions for k in m.keywords}
    vocabulary.update(k for m in (*mentions, *references, *unattached) for k in m.keywords)
    variants = spelling_variants(vocabulary)
    if variants:
        mentions = [_spelled(m, variants) for m in mentions]
        references = [_spelled(m, variants) for m in references]
        unattached = [_spelled(m, variants) for m in unattached]
    idf = _idf([m for e in events for m in e.mentions] + unattached + mentions + references)
    new = [_Features(m, idf) for m in mentions]
    dated = [[m for m in e.mentions if _key(m) not in reference_keys] for e in events]
    touched = _reachable(dated, new)

    groups: list[_Summary] = []
    origin: list[int] = []  # the event each group was, or -1 for a new one
    blocks = _Blocks()

    def join(f: _Features, g: int) -> None:
        group = groups[g]
        had_actions = bool(group.n_acts)
        blocks.add(g, group, f, group.add(f), had_actions)

    def best_group(f: _Features, skip: int = -1, only: set[int] | None = None) -> int:
        best, best_score = -1, -1.0
        for g in blocks.candidates(f):
            if g == skip or not groups[g].members or (only is not None and g not in only):
                continue
            s = groups[g].score(f)
            if s >= SAME_EVENT and s > best_score:
                best, best_score = g, s
        return best

    for e in touched:
        members = sorted((_Features(m, idf) for m in dated[e]), key=lambda f: f.order)
        g = len(groups)
        groups.append(_Summary())
        origin.append(e)
        blocks.open(g, members[0])
        for f in members:
            join(f, g)
    grown: set[int] = set()
    for f in sorted(new, key=lambda f: f.order):
        g = best_group(f)
        if g < 0:
            g = len(groups)
            groups.append(_Summary())
            origin.append(-1)
            blocks.open(g, f)
        join(f, g)
        grown.add(g)
    # As merge.py's second pass: a lone mention moves to the group it fits best; an old
    # one only into a group that changed (it fitted none of the others before).
    for g in range(len(groups)):
        group = groups[g]
        if len(group.members) != 1 or (origin[g] >= 0 and g in grown):
            continue
        best = best_group(group.members[0], skip=g,
                          only=None if origin[g] < 0 else set(grown))
        if best >= 0:
            f = group.members[0]
            groups[g] = _Summary()
            grown.add(g)
            join(f, best)
            grown.add(best)

    kept = [replace(e, mentions=list(e.mentions)) for e in events]
    replaced = {origin[g] for g in grown if origin[g] >= 0}
    pool = list(unattached) + references
    out: list[Event] = []
    changed_ids: set[int] = set()
    for i, e in enumerate(kept):
        if i in replaced:
            pool += [m for m in e.mentions if _key(m) in reference_keys]
        else:
            out.append(e)
    for g in sorted(grown):
        if groups[g].members:
            changed_ids.add(id(_append(out, _event(0, [f.mention for f in groups[g].members]))))
    if pool:
        changed_ids |= _attached(out, pool, idf)
    out.sort(key=lambda e: (e.interval.start, e.interval.end, e.label))
    numbered = [replace(e, id=f"e{i + 1}") for i, e in enumerate(out)]
    return numbered, {i for i, e in enumerate(out) if id(e) in changed_ids}


def _append(events: list[Event], event: Event) -> Event:
    events.append(event)
    return event


def _attached(events: list[Event], pool: list[EventMention], idf) -> set[int]:
    """Attach ``pool`` as merge.py does (in article and reading order); the ids of the
    events that took one."""
    before = [len(e.mentions) for e in events]
    pool = sorted(pool, key=lambda m: (m.article_id, m.sentence.start, m.id))
    _attach(events, pool, idf, _Weights(idf))
    return {id(e) for e, n in zip(events, before) if len(e.mentions) != n}


def _spelled(m: EventMention, variants: dict[str, str]) -> EventMention:
    keys = frozenset(variants.get(k, k) for k in m.keywords)
    return m if keys == m.keywords else replace(m, keywords=keys)


def _reachable(dated: list[list[EventMention]], new: list[_Features]) -> list[int]:
    """The events a new mention could be compared with (merge.py's candidates need a
    date block in common and shared words, so the others need no summary), in the order
    a full merge opens their groups (its ties go to the group opened first)."""
    if not new:
        return []
    blocks: set[int] = set()
    for f in new:
        blocks.update(_Blocks._blocks(f))
    words = {k for f in new for k in f.keys}
    reachable = []
    for e, members in enumerate(dated):
        if not members or not any(m.keywords & words for m in members):
            continue
        first = min(map(_Reach, members))
        where = _Blocks._blocks(first)
        if _WIDE in blocks or _WIDE in where or blocks.intersection(where):
            reachable.append((first.order, e))
    return [e for _, e in sorted(reachable)]


class _Reach:
    """Just enough of a mention for ``_Blocks._blocks`` and the merge order (a group is
    indexed under the blocks of its firmest member, the one that opened it)."""

    __slots__ = ("lo", "hi", "order")

    def __init__(self, m: EventMention):
        self.lo, self.hi = reach(m)
        self.order = (anchor_rank(m), m.interval.approximate, self.hi - self.lo, self.lo,
                      m.article_id, m.id)

    def __lt__(self, other: _Reach) -> bool:
        return self.order < other.order


def merged_events_added(events: list[Event], articles: list[Article],
                        analyses: dict[str, ArticleAnalysis], added: Iterable[str]
                        ) -> tuple[list[Event], list]:
    """What pipeline.merged_events gives, for ``articles`` of which only ``added`` (ids)
    are new since ``events`` were merged: the corpus's entities are resolved again, the
    participants of the old mentions follow them, and the new mentions are merged in."""
    added = set(added)
    entities, of_name = resolve_entities({a.id: analyses[a.id].entities for a in articles})
    by_id = {e.id: e for e in entities}
    raw = {_key(m): m for a in articles if a.id not in added
           for m in (*analyses[a.id].mentions, *analyses[a.id].references)}
    events = [_with_entities(e, raw, of_name, by_id) for e in events]
    reference_keys = {_key(m) for a in articles for m in analyses[a.id].references}
    held = {_key(m) for e in events for m in e.mentions}
    unattached = [m for a in articles if a.id not in added
                  for m in analyses[a.id].references if _key(m) not in held]
    new = [a for a in articles if a.id in added]
    mentions = [_resolved_participants(m, of_name) for a in new
                for m in analyses[a.id].mentions]
    references = [m for a in new for m in analyses[a.id].references]
    merged, changed = merge_added(events, mentions, references, unattached, reference_keys)
    for i in changed:
        merged[i].entities = _participants(merged[i], by_id)
    return merged, entities


def _with_entities(event: Event, raw: dict, of_name: dict, by_id: dict) -> Event:
    """``event`` with its mentions' participants resolved by the corpus as it is now."""
    mentions, moved = [], False
    for m in event.mentions:
        found = raw.get(_key(m))
        ids = m.entities if found is None else \
            participant_ids(found, of_name) if found.entities else found.entities
        if ids != m.entities:
            m, moved = replace(m, entities=ids), True
        mentions.append(m)
    stale = any(by_id.get(r.id) is None or (by_id[r.id].name, by_id[r.id].type)
                != (r.name, r.type) for r in event.entities)
    if not (moved or stale):
        return event
    event = replace(event, mentions=mentions)
    event.entities = _participants(event, by_id)
    return event
