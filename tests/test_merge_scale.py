"""The indexed merge gives exactly the events of the plain all-pairs merge.

``reference_merge`` below is the straightforward version (each mention, firmest date
first, compared with every group by counting over all the group's members; every event
for each reference); the real one finds candidate groups by blocking on action keys and
keywords and compares through running summaries. Their results must be identical on
varied input.
"""
import math
import random
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta

import pytest

from model import merge
from model.lexicon import action_keys
from model.merge import (ACTION_BONUS, PARTICIPANTS_DISAGREE, PARTICIPANT_BONUS, REFERENCE_MATCH,
                         SAME_EVENT, _canonical_spelling, _event, _Features, _idf,
                         merge_mentions, similarity, spans_agree)
from model.types import Anchor, EventMention, Interval, Sentence, TimeExpression


def reference_score(f, members):
    """``f``'s fit to a group, counted over every member."""
    if any(f.hi < g.lo or g.hi < f.lo for g in members):
        return 0.0
    if any(g.spot == f.spot for g in members):
        return 0.0
    if not all(spans_agree(f.span, g.span) for g in members):
        return 0.0
    n = len(members)
    counts = Counter(k for g in members for k in g.keys)
    shared = [(w, counts[k]) for k, w in zip(f.keys, f.weights) if counts[k]]
    if len(shared) < 2 or not f.total:
        return 0.0
    weight = 0.0
    for g in members:
        weight += g.total
    smaller = min(f.total, weight / n)
    score = math.fsum(w * c for w, c in shared) / n / smaller
    with_acts = [g for g in members if g.acts]
    if f.acts and with_acts:
        acting = max(sum(a in g.acts for g in with_acts) for a in f.acts)
        if not acting:
            return 0.0
        score += ACTION_BONUS * acting / len(with_acts)
    with_entities = [g for g in members if g.entities]
    with_names = [g for g in members if g.names]
    if f.entities and with_entities:
        parts, field = f.entities, "entities"
    elif f.names and with_names:
        parts, field = f.names, "names"
    else:
        return score
    taking_part = sum(any(x in getattr(g, field) for g in members) for x in parts)
    if taking_part:
        score += PARTICIPANT_BONUS * taking_part / len(parts)
    else:
        score *= PARTICIPANTS_DISAGREE
    return score


def reference_cluster(mentions, idf):
    groups = []
    for f in sorted((_Features(m, idf) for m in mentions), key=lambda f: f.order):
        scores = [reference_score(f, g) for g in groups]
        best = max(range(len(groups)), key=lambda g: (scores[g], -g), default=-1)
        if best >= 0 and scores[best] >= SAME_EVENT:
            groups[best].append(f)
        else:
            groups.append([f])
    for g, group in enumerate(groups):
        if len(group) == 1:
            f = group[0]
            scores = [reference_score(f, other) if other and o != g else 0.0
                      for o, other in enumerate(groups)]
            best = max(range(len(groups)), key=lambda o: (scores[o], -o))
            if scores[best] >= SAME_EVENT:
                groups[g] = []
                groups[best].append(f)
    return [[f.mention for f in g] for g in groups if g]


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
    events = [_event(i, group) for i, group in enumerate(reference_cluster(dated, idf))]
    if references:
        reference_attach(events, references, idf)
    events.sort(key=lambda e: (e.interval.start, e.interval.end, e.label))
    return [replace(e, id=f"e{i + 1}") for i, e in enumerate(events)]


ACTIONS = sorted(action_keys())[:6]
WORDS = ["council", "budget", "bridge", "flood", "court", "ruling", "minister", "harbour",
         "election", "rebels", "city", "border", "treaty", "bank", "prices", "storm",
         "mohammed", "mohamed", "factory", "strike", "talks"]
ANCHORS = [None, "explicit", "explicit", "relative", "narrative", "publication", "duration"]
ENTITIES = ["org:1", "org:2", "per:3"]
GRANULARITY_DAYS = [("day", 0), ("day", 0), ("week", 6), ("month", 30), ("year", 364),
                    ("quarter", 90), ("decade", 3650), ("century", 36499)]


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
        words = keywords()
        named = [w.capitalize() for w in sorted(words) if rng.random() < 0.3]
        sentence = Sentence(rng.randrange(6) * 100, 0, "Reports say " + " and ".join(named))
        figures = (f"{rng.choice([10, 12, 100])} people",) if rng.random() < 0.2 else ()
        kind = rng.choice(ANCHORS)
        entities = tuple(rng.sample(ENTITIES, rng.randint(1, 2))) if rng.random() < 0.3 else ()
        mentions.append(EventMention(
            id=f"{article}:m{k}", article_id=article, sentence=sentence, clause_start=0,
            clause_end=0, timex=TimeExpression(0, 0, "", "DATE", start.isoformat()),
            label=" ".join(sorted(keywords())).capitalize(), interval=interval,
            value=start.isoformat(), keywords=words, figures=figures,
            derived=rng.random() < 0.1, anchor=Anchor(kind, "") if kind else None,
            entities=entities))
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
    return [(e.id, e.label, e.interval, e.value, e.derived, e.flags, e.claims,
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


STORY_EVENTS = [
    ("acquire", ["northwind", "harbor", "mill", "offer", "board"], 2019),
    ("fail", ["northwind", "harbor", "mill", "regulator", "objection"], 2019),
    ("walkout", ["harbor", "mill", "worker", "union", "wage"], 2020),
    ("resign", ["whitcombe", "northwind", "chief", "executive", "investor"], 2020),
    ("launch", ["harbor", "mill", "bakery", "brand", "flour"], 2021),
    ("sue", ["northwind", "harbor", "mill", "court", "damage"], 2021),
    ("sell", ["northwind", "stake", "calder", "food", "fund"], 2022),
    ("appoint", ["harbor", "mill", "chairman", "board", "reyes"], 2022),
]
NOISE = ["analyst", "market", "share", "price", "week", "statement", "percent", "town",
         "region", "profit", "loss", "quarter", "plan", "deal", "report"]


def same_story(n_articles, seed=7):
    """``n_articles`` articles each retelling most events of one story, worded differently."""
    rng = random.Random(seed)
    mentions = []
    for a in range(n_articles):
        article = f"art{a}"
        for e, (action, words, y) in enumerate(STORY_EVENTS):
            if rng.random() < 0.2:
                continue
            keys = set(rng.sample(words, 3)) | set(rng.sample(NOISE, 2)) | {action}
            kind = rng.choice(["explicit", "relative", "narrative"])
            start = date(y, 1 + e, 10 + rng.randint(-3, 3)) if kind == "narrative" \
                else date(y, 1, 1)
            end = start if kind == "narrative" else date(y, 12, 31)
            mentions.append(EventMention(
                id=f"{article}:m{e}", article_id=article, sentence=Sentence(e * 100, 0, ""),
                clause_start=0, clause_end=0,
                timex=TimeExpression(0, 0, "", "DATE", str(y)), label=" ".join(sorted(keys)),
                interval=Interval(start, end, "day" if kind == "narrative" else "year"),
                value=str(y), keywords=frozenset(keys),
                figures=(f"{rng.choice([40, 45, 60])} workers",),
                anchor=Anchor(kind, "")))
    return mentions


def test_same_story_archive_merges_in_bounded_time():
    """Generous bound: about 19,000 mentions of one story; the earlier pairwise merge took
    13 s for a third of them and four times as long for each doubling, the merge by
    blocking and summaries takes about a second."""
    import time
    mentions = same_story(3000)
    started = time.perf_counter()
    events = merge_mentions(mentions)
    elapsed = time.perf_counter() - started
    assert elapsed < 20, elapsed
    assert len(events) <= 2 * len(STORY_EVENTS)
    assert max(len(e.article_ids) for e in events) > 2000
