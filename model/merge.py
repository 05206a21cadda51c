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
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterator
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
    weigh = _Weights(idf)
    clusters = _cluster(dated, idf, weigh)
    events = [_event(i, group, idf, weigh) for i, group in enumerate(clusters)]
    if references:
        _attach(events, references, idf, weigh)
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


def similarity(a: frozenset[str], b: frozenset[str], idf: dict[str, float],
               weigh: Callable[[frozenset[str]], float] | None = None) -> float:
    """Shared content, weighted by rarity, relative to the smaller mention; raised when
    both name the same action, lowered when they name different ones.

    ``weigh`` (a _Weights of the same ``idf``) remembers each set's total weight."""
    shared = a & b
    if len(shared) < 2:
        return 0.0
    weight = math.fsum(idf.get(k, 1.0) for k in shared)
    if weigh is None:
        smaller = min(_total(a, idf), _total(b, idf))
    else:
        smaller = min(weigh(a), weigh(b))
    score = weight / smaller if smaller else 0.0
    actions = action_keys()
    acts_a, acts_b = a & actions, b & actions
    if acts_a & acts_b:
        score += ACTION_BONUS
    elif acts_a and acts_b:
        score *= 0.5
    return score


def _total(keys: frozenset[str], idf: dict[str, float]) -> float:
    """Exactly rounded, so the order a set happens to iterate in (which differs between
    processes) can never tip a comparison: a build in worker processes or from the cache
    merges exactly as one in a single process."""
    return math.fsum(idf.get(k, 1.0) for k in keys)


class _Weights:
    """Total weight of each keyword set, computed once per set object (the set is kept
    so that its id stays its own)."""

    def __init__(self, idf: dict[str, float]):
        self.idf = idf
        self.known: dict[int, tuple[frozenset[str], float]] = {}

    def __call__(self, keys: frozenset[str]) -> float:
        hit = self.known.get(id(keys))
        if hit is None:
            hit = self.known[id(keys)] = (keys, _total(keys, self.idf))
        return hit[1]


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


def _cluster(mentions: list[EventMention], idf: dict[str, float],
             weigh: _Weights | None = None) -> list[list[EventMention]]:
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
    for i, j in _candidate_pairs(mentions):
        a, b = mentions[i], mentions[j]
        if a.article_id == b.article_id and a.sentence.start == b.sentence.start:
            continue
        if not compatible(a.interval, b.interval):
            continue
        s = similarity(a.keywords, b.keywords, idf, weigh)
        if s >= SAME_EVENT:
            pairs.append((s, i, j))
    # A group only grows, so (root, size) names its members; a join refused once is
    # refused again until one side has grown. Dates are compared through each group's
    # bounds (_Bounds), which says the same as comparing every cross pair.
    bounds = [_Bounds(m.interval) for m in mentions]
    refused: set[tuple[int, int, int, int]] = set()
    for _, i, j in sorted(pairs, reverse=True):
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        state = (ri, rj, len(members[ri]), len(members[rj]))
        if state in refused:
            continue
        if bounds[ri].compatible(bounds[rj]):
            cross = [(mentions[p], mentions[q]) for p in members[ri] for q in members[rj]]
            if sum(similarity(a.keywords, b.keywords, idf, weigh) for a, b in cross) / len(cross) \
                    >= CLUSTER_COHESION:
                parent[rj] = ri
                members[ri].extend(members.pop(rj))
                bounds[ri] = bounds[ri].union(bounds[rj])
                continue
        refused.add(state)
    return [[mentions[i] for i in sorted(group)] for group in members.values()]


_NONE_BELOW, _NONE_ABOVE = float("-inf"), float("inf")


class _Bounds:
    """Date bounds of a group of mentions, enough to tell whether every mention of one
    group is ``compatible`` with every mention of another: firm intervals are compared
    as stated; approximate ones widened against firm ones and as stated against each
    other (day ordinals; max of starts, min of ends, per kind)."""

    __slots__ = ("firm_start", "firm_end", "approx_start", "approx_end", "wide_start",
                 "wide_end")

    def __init__(self, interval: Interval | None = None):
        self.firm_start = self.approx_start = self.wide_start = _NONE_BELOW
        self.firm_end = self.approx_end = self.wide_end = _NONE_ABOVE
        if interval is None:
            return
        if interval.approximate:
            wide = _widened(interval)
            self.approx_start, self.approx_end = interval.start.ordinal, \
                interval.end.ordinal
            self.wide_start, self.wide_end = wide.start.ordinal, wide.end.ordinal
        else:
            self.firm_start, self.firm_end = interval.start.ordinal, \
                interval.end.ordinal

    def union(self, other: _Bounds) -> _Bounds:
        out = _Bounds()
        for name in ("firm_start", "approx_start", "wide_start"):
            setattr(out, name, max(getattr(self, name), getattr(other, name)))
        for name in ("firm_end", "approx_end", "wide_end"):
            setattr(out, name, min(getattr(self, name), getattr(other, name)))
        return out

    def compatible(self, other: _Bounds) -> bool:
        return (self.firm_start <= other.firm_end and other.firm_start <= self.firm_end
                and self.firm_start <= other.wide_end and other.wide_start <= self.firm_end
                and other.firm_start <= self.wide_end and self.wide_start <= other.firm_end
                and self.approx_start <= other.approx_end
                and other.approx_start <= self.approx_end)


def _candidate_pairs(mentions: list[EventMention]) -> Iterator[tuple[int, int]]:
    """Pairs (i, j) worth comparing: in order of start date, each mention meets the ones
    after it up to the first whose widened start is past its own widened end, and of
    those only the ones sharing at least two keywords (``similarity`` is 0 otherwise).

    The window end of every position is found at once by binary lifting over a table
    of range maxima of the widened starts; the keyword test uses an inverted index of
    positions, so the work follows the candidates, not all pairs.
    """
    n = len(mentions)
    if n < 2:
        return
    order = sorted(range(n), key=lambda i: mentions[i].interval.start)
    widened = [_widened(mentions[i].interval) for i in order]
    stops = _window_stops([w.start.ordinal for w in widened],
                          [w.end.ordinal for w in widened])
    postings: dict[str, list[int]] = {}
    for x, i in enumerate(order):
        for k in mentions[i].keywords:
            postings.setdefault(k, []).append(x)
    for x, i in enumerate(order):
        stop = stops[x]
        if stop <= x + 1:
            continue
        seen: set[int] = set()
        twice: set[int] = set()
        for k in mentions[i].keywords:
            post = postings[k]
            lo = bisect_right(post, x)
            hi = bisect_left(post, stop, lo)
            if hi > lo:
                block = post[lo:hi]
                twice.update(seen.intersection(block))
                seen.update(block)
        for y in sorted(twice):
            yield i, order[y]


def _window_stops(starts: list[int], ends: list[int]) -> list[int]:
    """For each position x, the first y > x with starts[y] > ends[x] (len when none)."""
    n = len(starts)
    table = [starts]
    width = 1
    while width * 2 <= n:
        prev = table[-1]
        table.append([max(prev[p], prev[p + width]) for p in range(len(prev) - width)])
        width *= 2
    stops = []
    for x in range(n):
        pos, limit = x + 1, ends[x]
        for level in range(len(table) - 1, -1, -1):
            row = table[level]
            if pos < len(row) and row[pos] <= limit:
                pos += 1 << level
        stops.append(min(pos, n))
    return stops


def _event(index: int, group: list[EventMention], idf: dict[str, float],
           weigh: _Weights | None = None) -> Event:
    firm = [m for m in group if not m.derived] or group
    interval, disagree = _common_interval([m.interval for m in firm])
    single_value = {m.value for m in firm}
    value = firm[0].value if len(single_value) == 1 else interval_value(interval)
    flags = []
    if disagree:
        flags.append("dates differ: " + "; ".join(sorted({m.value for m in firm})))
    flags.extend(_figure_disagreements(group))
    return Event(id=f"e{index + 1}", label=_best_label(group, idf, weigh), interval=interval,
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


def _best_label(group: list[EventMention], idf: dict[str, float],
                weigh: _Weights | None = None) -> str:
    """The label of the mention that shares most with the others, preferring firm dates."""
    def score(m: EventMention) -> tuple[float, int, int]:
        shared = sum(similarity(m.keywords, o.keywords, idf, weigh) for o in group if o is not m)
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
            idf: dict[str, float], weigh: _Weights | None = None) -> None:
    """Give each undated reference to the event it names, if one clearly fits.

    Only events sharing an action key with the reference can take it, so each reference
    is compared with those alone (an index from action key to events, kept up to date as
    references join events and bring their own keywords)."""
    verbs = action_keys()
    keys = [frozenset().union(*(m.keywords for m in event.mentions)) for event in events]
    sentences = [{(m.article_id, m.sentence.start) for m in event.mentions} for event in events]
    by_action: dict[str, set[int]] = {}
    for e, event_keys in enumerate(keys):
        for verb in event_keys & verbs:
            by_action.setdefault(verb, set()).add(e)
    for ref in references:
        acts = ref.keywords & verbs
        if not acts:
            continue
        candidates = set().union(*(by_action.get(verb, ()) for verb in acts))
        best, best_score = -1, 0.0
        for e in sorted(candidates):
            if (ref.article_id, ref.sentence.start) in sentences[e]:
                continue
            s = similarity(ref.keywords, keys[e], idf, weigh)
            if s > best_score:
                best, best_score = e, s
        if best >= 0 and best_score >= REFERENCE_MATCH:
            event = events[best]
            timex = replace(ref.timex, value=event.value, resolved=True)
            event.mentions.append(replace(ref, interval=event.interval, value=event.value,
                                          timex=timex, derived=True))
            keys[best] = frozenset().union(*(m.keywords for m in event.mentions))
            sentences[best].add((ref.article_id, ref.sentence.start))
            for verb in keys[best] & verbs:
                by_action.setdefault(verb, set()).add(best)
