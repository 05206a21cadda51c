"""Merge mentions of one real event across articles into one Event.

Two mentions are the same event when their dates are compatible (aware of
granularity and approximation: "2011" holds "Dec. 18, 2011"; "about two years ago"
stretches a year either way) and their content words agree (weighted by how rare
each word is in the corpus). An undated reference ("since U.S. troops pulled out")
joins the event it names and takes its date, marked derived. Where the sources of
one event disagree on a date or a figure, both are kept and the event is flagged.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import replace
from datetime import timedelta

from .lexicon import action_keys, spelling_variants, stem
from .timevalue import interval_value
from .types import Event, EventMention, Interval

SAME_EVENT = 0.5
REFERENCE_MATCH = 0.6
ACTION_BONUS = 0.15
CLUSTER_COHESION = 0.3
_TOLERANCE_DAYS = {"century": 3650, "decade": 730, "year": 365, "half": 120, "quarter": 60,
                   "season": 60, "month": 31, "week": 7, "day": 3, "time": 1}


def merge_mentions(mentions: list[EventMention],
                   references: list[EventMention] | None = None) -> list[Event]:
    """Events from dated mentions, with undated references attached where they fit."""
    dated = _canonical_spelling(list(mentions), references or [])
    references = dated[len(mentions):]
    dated = dated[:len(mentions)]
    idf = _idf(dated + references)
    clusters = _cluster(dated, idf)
    events = [_event(i, group, idf) for i, group in enumerate(clusters)]
    if references:
        _attach(events, references, idf)
    events.sort(key=lambda e: (e.interval.start, e.interval.end, e.label))
    return [replace(e, id=f"e{i + 1}") for i, e in enumerate(events)]


def _canonical_spelling(mentions: list[EventMention], references: list[EventMention]
                        ) -> list[EventMention]:
    everything = mentions + references
    variants = spelling_variants({k for m in everything for k in m.keywords})
    if not variants:
        return everything
    return [replace(m, keywords=frozenset(variants.get(k, k) for k in m.keywords))
            for m in everything]


def _idf(mentions: list[EventMention]) -> dict[str, float]:
    df = Counter(k for m in mentions for k in m.keywords)
    n = max(len(mentions), 1)
    return {k: math.log(1 + n / c) for k, c in df.items()}


def similarity(a: frozenset[str], b: frozenset[str], idf: dict[str, float]) -> float:
    """Shared content, weighted by rarity, relative to the smaller mention; raised when
    both name the same action, lowered when they name different ones."""
    shared = a & b
    if not shared:
        return 0.0
    weight = sum(idf.get(k, 1.0) for k in shared)
    if len(shared) < 2:
        return 0.0
    smaller = min(sum(idf.get(k, 1.0) for k in a), sum(idf.get(k, 1.0) for k in b))
    score = weight / smaller if smaller else 0.0
    actions = action_keys()
    acts_a, acts_b = a & actions, b & actions
    if acts_a & acts_b:
        score += ACTION_BONUS
    elif acts_a and acts_b:
        score *= 0.5
    return score


def _widened(interval: Interval) -> Interval:
    if not interval.approximate:
        return interval
    pad = timedelta(days=_TOLERANCE_DAYS.get(interval.granularity, 3))
    return Interval(interval.start - pad, interval.end + pad, interval.granularity, True)


def compatible(a: Interval, b: Interval) -> bool:
    """Dates that can name the same event; two approximate ones must overlap as stated."""
    if a.approximate and b.approximate:
        return a.overlaps(b)
    return _widened(a).overlaps(_widened(b))


def _cluster(mentions: list[EventMention], idf: dict[str, float]) -> list[list[EventMention]]:
    """Strongest pairs first; two groups join when every date is compatible across them
    and their mentions are, on average, alike (no chaining through one shared word)."""
    parent = list(range(len(mentions)))
    members = {i: [i] for i in range(len(mentions))}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    pairs = []
    order = sorted(range(len(mentions)), key=lambda i: mentions[i].interval.start)
    for x, i in enumerate(order):
        wi = _widened(mentions[i].interval)
        for j in order[x + 1:]:
            if _widened(mentions[j].interval).start > wi.end:
                break
            a, b = mentions[i], mentions[j]
            if a.article_id == b.article_id and a.sentence.start == b.sentence.start:
                continue
            if not compatible(a.interval, b.interval):
                continue
            s = similarity(a.keywords, b.keywords, idf)
            if s >= SAME_EVENT:
                pairs.append((s, i, j))
    for _, i, j in sorted(pairs, reverse=True):
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        cross = [(mentions[p], mentions[q]) for p in members[ri] for q in members[rj]]
        if all(compatible(a.interval, b.interval) for a, b in cross) and \
                sum(similarity(a.keywords, b.keywords, idf) for a, b in cross) / len(cross) \
                >= CLUSTER_COHESION:
            parent[rj] = ri
            members[ri].extend(members.pop(rj))
    return [[mentions[i] for i in sorted(group)] for group in members.values()]


def _event(index: int, group: list[EventMention], idf: dict[str, float]) -> Event:
    firm = [m for m in group if not m.derived] or group
    interval, disagree = _common_interval([m.interval for m in firm])
    single_value = {m.value for m in firm}
    value = firm[0].value if len(single_value) == 1 else interval_value(interval)
    flags = []
    if disagree:
        flags.append("dates differ: " + "; ".join(sorted({m.value for m in firm})))
    flags.extend(_figure_disagreements(group))
    return Event(id=f"e{index + 1}", label=_best_label(group, idf), interval=interval,
                 value=value, mentions=sorted(group, key=lambda m: (m.article_id, m.sentence.start)),
                 derived=all(m.derived for m in group), flags=flags)


def _common_interval(intervals: list[Interval]) -> tuple[Interval, bool]:
    """The stretch all firm mentions agree on; the most precise one if they don't."""
    start = max(i.start for i in intervals)
    end = min(i.end for i in intervals)
    precise = min(intervals, key=lambda i: (i.days, i.approximate))
    if start > end:
        return precise, True
    return Interval(start, end, precise.granularity,
                    all(i.approximate for i in intervals)), False


def _best_label(group: list[EventMention], idf: dict[str, float]) -> str:
    """The label of the mention that shares most with the others, preferring firm dates."""
    def score(m: EventMention) -> tuple[float, int, int]:
        shared = sum(similarity(m.keywords, o.keywords, idf) for o in group if o is not m)
        n = len(m.label.split())
        fits = 3 <= n <= 10
        return (fits, round(shared, 1), not m.derived, -abs(n - 6))

    return max(group, key=score).label


_NUMBER = re.compile(r"(?P<qual>[a-z ]+ )?(?P<num>[\d,.]+) (?P<noun>\w+)$")


def _figure_disagreements(group: list[EventMention]) -> list[str]:
    """Figures for the same thing that differ between articles ("7,818" vs "8,000")."""
    stated: dict[str, list[tuple[float, bool, str, str]]] = {}
    for m in group:
        for figure in m.figures:
            parsed = _NUMBER.match(figure)
            if not parsed:
                continue
            value = float(parsed["num"].replace(",", ""))
            stated.setdefault(stem(parsed["noun"]), []).append(
                (value, bool(parsed["qual"]), figure, m.article_id))
    flags = []
    for noun, values in stated.items():
        articles = {v[3] for v in values}
        if len(articles) < 2:
            continue
        lo, hi = min(values), max(values)
        if lo[3] == hi[3] or lo[0] == hi[0]:
            continue
        approximate = lo[1] or hi[1]
        if approximate and hi[0] <= lo[0] * 1.05:
            continue
        flags.append(f"figures differ: {lo[2]} ({lo[3]}) vs {hi[2]} ({hi[3]})")
    return flags


def _attach(events: list[Event], references: list[EventMention],
            idf: dict[str, float]) -> None:
    """Give each undated reference to the event it names, if one clearly fits."""
    verbs = action_keys()
    for ref in references:
        best, best_score = None, 0.0
        for event in events:
            if any(m.article_id == ref.article_id and m.sentence.start == ref.sentence.start
                   for m in event.mentions):
                continue
            keys = frozenset().union(*(m.keywords for m in event.mentions))
            if not (ref.keywords & keys & verbs):
                continue
            s = similarity(ref.keywords, keys, idf)
            if s > best_score:
                best, best_score = event, s
        if best is not None and best_score >= REFERENCE_MATCH:
            timex = replace(ref.timex, value=best.value, resolved=True)
            best.mentions.append(replace(ref, interval=best.interval, value=best.value,
                                         timex=timex, derived=True))
