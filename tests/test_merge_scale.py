"""The indexed merge gives exactly the events of the plain all-pairs merge.

``reference_merge`` below is the straightforward version (every pair in the date window,
every cross pair on each join, every event for each reference); the real one blocks
candidates by date window and shared keywords, keeps date bounds per group and indexes
events by action. Their results must be identical on varied input.
"""
import random
from dataclasses import replace
from datetime import date, timedelta

import pytest

from model import merge
from model.lexicon import action_keys
from model.merge import (CLUSTER_COHESION, REFERENCE_MATCH, SAME_EVENT, _canonical_spelling,
                         _event, _idf, _widened, compatible, merge_mentions, similarity)
from model.types import EventMention, Interval, Sentence, TimeExpression


def reference_cluster(mentions, idf):
    parent = list(range(len(mentions)))
    members = {i: [i] for i in range(len(mentions))}

    def find(i):
        while parent[i] != i:
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


def reference_attach(events, references, idf):
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


def reference_merge(mentions, references):
    dated = _canonical_spelling(list(mentions), references)
    references = dated[len(mentions):]
    dated = dated[:len(mentions)]
    idf = _idf(dated + references)
    events = [_event(i, group, idf) for i, group in enumerate(reference_cluster(dated, idf))]
    if references:
        reference_attach(events, references, idf)
    events.sort(key=lambda e: (e.interval.start, e.interval.end, e.label))
    return [replace(e, id=f"e{i + 1}") for i, e in enumerate(events)]


ACTIONS = sorted(action_keys())[:6]
WORDS = ["council", "budget", "bridge", "flood", "court", "ruling", "minister", "harbour",
         "election", "rebels", "city", "border", "treaty", "bank", "prices", "storm",
         "mohammed", "mohamed", "factory", "strike", "talks"]
GRANULARITY_DAYS = [("day", 0), ("day", 0), ("week", 6), ("month", 30), ("year", 364),
                    ("quarter", 90), ("decade", 3650)]


def synthetic(seed, n_mentions, n_refs):
    rng = random.Random(seed)
    first = date(2000, 1, 1)

    def keywords():
        words = rng.sample(WORDS, rng.randint(1, 5))
        if rng.random() < 0.6:
            words.append(rng.choice(ACTIONS))
        return frozenset(words)

    mentions, references = [], []
    for k in range(n_mentions):
        granularity, days = rng.choice(GRANULARITY_DAYS)
        start = first + timedelta(days=rng.randrange(0, 3 * 365))
        interval = Interval(start, start + timedelta(days=days), granularity,
                            rng.random() < 0.25)
        article = f"a{rng.randrange(8)}"
        sentence = Sentence(rng.randrange(6) * 100, 0, "")
        figures = (f"{rng.choice([10, 12, 100])} people",) if rng.random() < 0.2 else ()
        mentions.append(EventMention(
            id=f"{article}:m{k}", article_id=article, sentence=sentence, clause_start=0,
            clause_end=0, timex=TimeExpression(0, 0, "", "DATE", start.isoformat()),
            label=" ".join(sorted(keywords())).capitalize(), interval=interval,
            value=start.isoformat(), keywords=keywords(), figures=figures,
            derived=rng.random() < 0.1))
    for k in range(n_refs):
        article = f"a{rng.randrange(8)}"
        references.append(EventMention(
            id=f"{article}:r{k}", article_id=article, sentence=Sentence(rng.randrange(6) * 100,
                                                                        0, ""),
            clause_start=0, clause_end=0,
            timex=TimeExpression(0, 0, "", "DATE", "", relative=True, resolved=False),
            label="ref", interval=Interval(date.min, date.max, "unknown", True), value="",
            keywords=keywords(), derived=True))
    return mentions, references


def signature(events):
    return [(e.id, e.label, e.interval, e.value, e.derived, e.flags,
             [(m.id, m.value, m.interval, m.derived, m.keywords) for m in e.mentions])
            for e in events]


@pytest.mark.parametrize("seed", range(6))
def test_indexed_merge_equals_all_pairs_merge(seed):
    mentions, references = synthetic(seed, 260, 60)
    expected = reference_merge(mentions, references)
    got = merge_mentions(mentions, references)
    assert signature(got) == signature(expected)
    assert any(len(e.mentions) > 2 for e in got)  # the input does merge
    assert any(m.id.split(":")[1].startswith("r") for e in got for m in e.mentions)


def test_window_stops_find_first_start_past_each_end():
    rng = random.Random(3)
    starts = sorted(rng.randrange(100) for _ in range(57))
    starts = [s - rng.choice([0, 0, 20]) for s in starts]  # widened starts are not sorted
    ends = [s + rng.randrange(30) for s in starts]
    expected = [next((y for y in range(x + 1, len(starts)) if starts[y] > ends[x]),
                     len(starts)) for x in range(len(starts))]
    assert merge._window_stops(starts, ends) == expected
