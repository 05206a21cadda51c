"""Merge mentions of one real event across articles into one Event.

Two mentions are the same event when their dates are compatible, they name the same
action and their participants agree:

* Dates: each mention reaches as far as the way it was dated allows. A date stated
  in the text ("on 3 March 2019", "in 2019", "last year") reaches exactly its
  interval; an approximate one ("about two years ago") a granularity's tolerance
  either way; a date the mention only takes from its context (the lead of the
  article, the narrative around it: anchor kinds "narrative" and "publication") or
  counts from another event ("a year after the bid collapsed") is weaker and reaches
  further. Mentions are compatible when their reaches overlap, so a group's dates
  are summed up by the intersection of its reaches (on a line, intervals that overlap
  pairwise share a point).
* Action: the action keys of model/lexicon.py (verbs and event nouns folded by
  morphology and by a general table of news actions). Two mentions that both name
  actions must share one.
* Participants: the entity ids of the mentions when both have them, else the
  capitalised names of their clauses: sharing them raises the score, naming only
  others halves it.
* Content: the rest of their words, weighted by how rare each is in the corpus.

Scale: mentions are taken firmest date first and each joins the group it fits best
or starts one. A group is compared through a running summary (how many of its
members have each keyword, action and participant, the intersection of their reaches)
and the groups a mention can join are found by blocking on its action keys (else its
keywords): the work grows with mentions times the groups of one action in one date
window, not with mentions squared. Labels are chosen from the summaries too.

An undated reference ("since U.S. troops pulled out") joins the event it names and
takes its date, marked derived. Where the sources of one event disagree on a date or
a figure, every source's claim is kept (``Event.claims``) and the event is flagged
"disputed"; nothing is averaged or picked.
"""
from __future__ import annotations

import gc
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import replace

from .lexicon import action_keys, names, spelling_variants, stem
from .timevalue import interval_value
from .types import Claim, Event, EventMention, Interval

SAME_EVENT = 0.5
#: How many mentions are placed between two progress reports.
STEP_EVERY = 500
REFERENCE_MATCH = 0.6
ACTION_BONUS = 0.25
PARTICIPANT_BONUS = 0.15
#: Share of the score kept when a mention and a group name participants (entity ids,
#: else capitalised names) and share none: a strong sign of another event, but
#: participants found by rules (a pronoun taken for the wrong person) can be wrong.
PARTICIPANTS_DISAGREE = 0.5
DISPUTED = "disputed"
_TOLERANCE_DAYS = {"century": 3650, "decade": 730, "year": 365, "half": 120, "quarter": 60,
                   "season": 60, "month": 31, "week": 7, "day": 3, "time": 1}
#: How far a date taken from the article's context (its lead, the narrative) may be
#: from the event's own date: news reports what happened in the days before.
_CONTEXT_DAYS = {"time": 7, "day": 7, "week": 7, "month": 15}
#: How directly each kind of anchor gives the date, most direct first.
_ANCHOR_RANK = {"explicit": 0, "relative": 1, "duration": 2, "narrative": 3,
                "publication": 3, "derived": 4}


def merge_mentions(mentions: list[EventMention],
                   references: list[EventMention] | None = None,
                   step: Callable[[int], None] | None = None) -> list[Event]:
    """Events from dated mentions, with undated references attached where they fit.

    ``step(n)`` is told every few hundred mentions how many are placed (it may raise to
    stop the merge: model.progress.StageMeter.advance).

    The cyclic garbage collector is paused meanwhile: the merge makes many small
    objects and no reference cycles, and the collector's passes over a heap that grows
    with the archive would make the merge's time grow faster than the archive."""
    paused = gc.isenabled()
    gc.disable()
    try:
        return _merge(mentions, references, step)
    finally:
        if paused:
            gc.enable()


def _merge(mentions: list[EventMention], references: list[EventMention] | None,
           step: Callable[[int], None] | None = None) -> list[Event]:
    dated = _canonical_spelling(list(mentions), references or [])
    references = dated[len(mentions):]
    dated = dated[:len(mentions)]
    idf = _idf(dated + references)
    features = [_Features(m, idf) for m in dated]
    groups = _cluster(features, step)
    events = [_event(i, group) for i, group in enumerate(groups)]
    if references:
        _attach(events, references, idf, _Weights(idf))
    events.sort(key=lambda e: (e.interval.start, e.interval.end, e.label))
    return [replace(e, id=f"e{i + 1}") for i, e in enumerate(events)]


def _canonical_spelling(mentions: list[EventMention], references: list[EventMention]
                        ) -> list[EventMention]:
    everything = mentions + references
    variants = spelling_variants({k for m in everything for k in m.keywords})
    if not variants:
        return everything
    return [_respelled(m, variants) for m in everything]


def _respelled(m: EventMention, variants: dict[str, str]) -> EventMention:
    """The mention with its keywords in their canonical spelling; the same object when
    none changes, so an archive's mentions are not held twice."""
    if not any(k in variants for k in m.keywords):
        return m
    return replace(m, keywords=frozenset(variants.get(k, k) for k in m.keywords))


def _idf(mentions: list[EventMention]) -> dict[str, float]:
    df = Counter(k for m in mentions for k in m.keywords)
    n = max(len(mentions), 1)
    return {k: math.log(1 + n / c) for k, c in df.items()}


# --- dates --------------------------------------------------------------------------

def _ordinal(day) -> int:
    ordinal = getattr(day, "ordinal", None)
    return ordinal if isinstance(ordinal, int) else day.toordinal()


def anchor_rank(m: EventMention) -> int:
    """0 for a date the text states, up to 4 for one derived from another event."""
    if m.derived:
        return 4
    if m.anchor is None:
        return 1
    return _ANCHOR_RANK.get(m.anchor.kind, 1)


def reach(m: EventMention) -> tuple[int, int]:
    """First and last day (ordinals) the mention's event may fall on, given how its
    date was found (see the module docstring)."""
    interval = m.interval
    granularity = interval.granularity
    rank = anchor_rank(m)
    if interval.approximate or rank in (2, 4):
        pad = _TOLERANCE_DAYS.get(granularity, 3)
    elif rank == 3:
        pad = _CONTEXT_DAYS.get(granularity, _TOLERANCE_DAYS.get(granularity, 3) // 4)
    elif rank == 1 and granularity in ("day", "time"):
        pad = 1
    else:
        pad = 0
    return _ordinal(interval.start) - pad, _ordinal(interval.end) + pad


#: A stretch longer than this (a life, an era, a decade)...
LONG_SPAN_DAYS = 3 * 365
#: ...is not one event with a date this many times more precise inside it ("1955-2011"
#: and "June 2007"; "the 2000s" and "6 June 2005"), while "2019" holds "5 March 2019".
SPAN_RATIO = 12


def spans_agree(a_days: int, b_days: int) -> bool:
    """Whether intervals this long can date one event (granularity, not position)."""
    longer, shorter = max(a_days, b_days), min(a_days, b_days)
    return longer <= LONG_SPAN_DAYS or shorter * SPAN_RATIO >= longer


def compatible(a: EventMention, b: EventMention) -> bool:
    """Dates that can name the same event."""
    a_lo, a_hi = reach(a)
    b_lo, b_hi = reach(b)
    return a_lo <= b_hi and b_lo <= a_hi and spans_agree(a.interval.days, b.interval.days)


# --- what a mention brings to the comparison ----------------------------------------

class _Features:
    """A mention as the clustering sees it: weighted keywords, actions, participants,
    reach and where it stands in its article."""

    __slots__ = ("mention", "keys", "weights", "total", "acts", "entities", "names",
                 "lo", "hi", "span", "spot", "order")

    def __init__(self, m: EventMention, idf: dict[str, float]):
        self.mention = m
        self.keys = tuple(sorted(m.keywords))
        self.weights = tuple(idf.get(k, 1.0) for k in self.keys)
        self.total = math.fsum(self.weights)
        self.acts = m.keywords & action_keys()
        self.entities = frozenset(m.entities)
        self.names = frozenset() if m.entities else _clause_names(m)
        self.lo, self.hi = reach(m)
        self.span = m.interval.days
        self.spot = (m.article_id, m.sentence.start)
        self.order = (anchor_rank(m), m.interval.approximate, self.hi - self.lo, self.lo,
                      m.article_id, m.id)


def _clause_names(m: EventMention) -> frozenset[str]:
    offset = m.sentence.start
    text = m.sentence.text
    lo, hi = m.clause_start - offset, m.clause_end - offset
    clause = text[lo:hi] if 0 <= lo < hi <= len(text) else text
    return names(clause) & m.keywords if m.keywords else names(clause)


class _Summary:
    """A group of mentions as later mentions are compared with it: how many members
    have each keyword, action, entity and name, and the intersection of their reaches.
    Every count is an integer, so a summary kept up to date and one counted afresh
    give exactly the same scores."""

    __slots__ = ("members", "keys", "acts", "entities", "names", "n_acts", "n_entities",
                 "n_names", "lo", "hi", "shortest", "longest", "spots", "weight")

    def __init__(self) -> None:
        self.members: list[_Features] = []
        self.keys: Counter[str] = Counter()
        self.acts: Counter[str] = Counter()
        self.entities: Counter[str] = Counter()
        self.names: Counter[str] = Counter()
        self.n_acts = self.n_entities = self.n_names = 0
        self.lo, self.hi = -math.inf, math.inf
        self.shortest, self.longest = math.inf, 0
        self.spots: set[tuple[str, int]] = set()
        #: Sum of the members' keyword weights, added in member order.
        self.weight = 0.0

    def add(self, f: _Features) -> list[str]:
        """Add ``f``; the keywords and actions the group did not have before."""
        self.members.append(f)
        new = [k for k in f.keys if k not in self.keys]
        self.keys.update(f.keys)
        self.acts.update(f.acts)
        self.entities.update(f.entities)
        self.names.update(f.names)
        self.n_acts += bool(f.acts)
        self.n_entities += bool(f.entities)
        self.n_names += bool(f.names)
        self.lo, self.hi = max(self.lo, f.lo), min(self.hi, f.hi)
        self.shortest, self.longest = min(self.shortest, f.span), max(self.longest, f.span)
        self.spots.add(f.spot)
        self.weight += f.total
        return new

    def score(self, f: _Features) -> float:
        """How well ``f`` fits the group: the weight of its keywords in the group's
        centroid relative to the smaller of the mention and an average member, plus
        the share of members naming its action and the share of its participants the
        group has; 0 when it cannot join (dates, action, entities,
        same sentence, fewer than two shared keywords)."""
        if f.hi < self.lo or self.hi < f.lo or f.spot in self.spots:
            return 0.0
        if not (spans_agree(f.span, self.shortest) and spans_agree(f.span, self.longest)):
            return 0.0
        keys = self.keys
        shared = [(w, keys[k]) for k, w in zip(f.keys, f.weights) if k in keys]
        if len(shared) < 2 or not f.total:
            return 0.0
        n = len(self.members)
        smaller = min(f.total, self.weight / n)
        score = math.fsum(w * c for w, c in shared) / n / smaller if smaller else 0.0
        if f.acts and self.n_acts:
            acting = max(self.acts[a] for a in f.acts)
            if not acting:
                return 0.0
            score += ACTION_BONUS * acting / self.n_acts
        if f.entities and self.n_entities:
            parts, known = f.entities, self.entities
        elif f.names and self.n_names:
            parts, known = f.names, self.names
        else:
            return score
        taking_part = sum(x in known for x in parts)
        if taking_part:
            score += PARTICIPANT_BONUS * taking_part / len(parts)
        else:
            score *= PARTICIPANTS_DISAGREE
        return score

    def fit(self, f: _Features) -> float:
        """How typical member ``f`` is of the group (to choose its label)."""
        if not f.total:
            return 0.0
        keys = self.keys
        return math.fsum(w * keys[k] for k, w in zip(f.keys, f.weights)) / \
            len(self.members) / f.total


def _cluster(features: list[_Features], step: Callable[[int], None] | None = None
             ) -> list[list[EventMention]]:
    """Firmest dates first, each mention joins the group it fits best (the earliest
    group on ties) or starts a new one; then each mention left alone moves to the
    group it fits best, if any. Candidate groups come from a _Blocks index."""
    groups: list[_Summary] = []
    blocks = _Blocks()

    def best_group(f: _Features, skip: int = -1) -> int:
        best, best_score = -1, -1.0
        for g in blocks.candidates(f):
            if g == skip or not groups[g].members:
                continue
            s = groups[g].score(f)
            if s >= SAME_EVENT and s > best_score:
                best, best_score = g, s
        return best

    def join(f: _Features, g: int) -> None:
        group = groups[g]
        had_actions = bool(group.n_acts)
        new_keys = group.add(f)
        blocks.add(g, group, f, new_keys, had_actions)

    for n, f in enumerate(sorted(features, key=lambda f: f.order)):
        if step is not None and n % STEP_EVERY == 0:
            step(n)
        best = best_group(f)
        if best < 0:
            best = len(groups)
            groups.append(_Summary())
            blocks.open(best, f)
        join(f, best)
    if step is not None:
        step(len(features))
    # A mention that came before the mentions it belongs with started a group of its
    # own: now that every group is formed, it moves to the one it fits best.
    for g, group in enumerate(groups):
        if len(group.members) == 1:
            f = group.members[0]
            best = best_group(f, skip=g)
            if best >= 0:
                groups[g] = _Summary()
                join(f, best)
    return [[f.mention for f in g.members] for g in groups if g.members]


#: Days per date block; a reach over more than _MAX_BLOCKS blocks counts as wide.
_BLOCK_DAYS = 128
_MAX_BLOCKS = 64
_WIDE = -1
#: Candidate groups per mention beyond which groups of one are looked up by rarer words.
CROWD = 64


class _Blocks:
    """Which groups a mention could join, without looking at the others.

    A mention naming actions can only join a group sharing one of them or naming none;
    one naming none, a group sharing two keywords; and only a group whose dates reach
    its own. Groups are indexed by action and by keyword within blocks of _BLOCK_DAYS
    days: a group under every block its first member reaches (later members only
    narrow a group's reach), a group reaching very far under _WIDE. A mention looks in
    the blocks it reaches and in _WIDE; one reaching very far looks in the indexes
    without blocks. So the candidates are exactly the groups that pass those three
    tests' necessary conditions, and their number follows the events of one action in
    one date window, not the size of the archive."""

    def __init__(self) -> None:
        self.where: list[tuple[int, ...]] = []
        self.by_action: dict[tuple[str, int], set[int]] = {}
        self.actionless: dict[int, set[int]] = {}
        self.by_key: dict[tuple[str, int], list[int]] = {}
        # The same for groups of two or more mentions only ("many"), and the keywords
        # of groups of one ("lone"), for crowded blocks (see ``candidates``).
        self.many_by_action: dict[tuple[str, int], set[int]] = {}
        self.many_actionless: dict[int, set[int]] = {}
        self.many_by_key: dict[tuple[str, int], list[int]] = {}
        self.lone_by_key: dict[tuple[str, int], list[int]] = {}

    @staticmethod
    def _blocks(f: _Features) -> tuple[int, ...]:
        first, last = int(f.lo) // _BLOCK_DAYS, int(f.hi) // _BLOCK_DAYS
        if last - first >= _MAX_BLOCKS:
            return (_WIDE,)
        return tuple(range(first, last + 1))

    def open(self, g: int, f: _Features) -> None:
        """Group ``g`` starts with ``f``: it stays under the blocks ``f`` reaches."""
        self.where.append(self._blocks(f))
        for b in self.where[g] + (None,):
            for k in f.keys:
                self.lone_by_key.setdefault((k, b), []).append(g)

    def add(self, g: int, group: _Summary, f: _Features, new_keys: list[str],
            had_actions: bool) -> None:
        where = self.where[g] + (None,)
        size = len(group.members)
        for b in where:
            for k in new_keys:
                self.by_key.setdefault((k, b), []).append(g)
            for a in f.acts:
                self.by_action.setdefault((a, b), set()).add(g)
            if not group.n_acts:
                self.actionless.setdefault(b, set()).add(g)
            elif not had_actions and size > 1:
                self.actionless.get(b, set()).discard(g)
                self.many_actionless.get(b, set()).discard(g)
            if size == 2:
                for k in group.keys:
                    self.many_by_key.setdefault((k, b), []).append(g)
                for a in group.acts:
                    self.many_by_action.setdefault((a, b), set()).add(g)
                if not group.n_acts:
                    self.many_actionless.setdefault(b, set()).add(g)
            elif size > 2:
                for k in new_keys:
                    self.many_by_key.setdefault((k, b), []).append(g)
                for a in f.acts:
                    self.many_by_action.setdefault((a, b), set()).add(g)

    def candidates(self, f: _Features) -> list[int]:
        """Every group passing the tests above, while a block holds at most CROWD of
        them. Beyond that (an archive on one story puts thousands of one-mention
        groups in one action and month) the candidates are every group of two or more
        mentions and the groups of one that share one of the mention's keywords held
        by at most CROWD such groups: the work per mention stays bounded, at the cost
        of a lone mention sharing only common words with another not being tried."""
        blocks = self._blocks(f)
        looked = (None,) if blocks == (_WIDE,) else blocks + (_WIDE,)
        if f.acts:
            sets = [self.actionless.get(b, ()) for b in looked] + \
                [self.by_action.get((a, b), ()) for b in looked for a in f.acts]
            if sum(map(len, sets)) > CROWD:
                sets = [self.many_actionless.get(b, ()) for b in looked] + \
                    [self.many_by_action.get((a, b), ()) for b in looked for a in f.acts]
                sets += self._rare_lone(f, looked)
            found: set[int] = set()
            found.update(*sets)
            return sorted(found)
        postings = [[self.by_key.get((k, b), ()) for b in looked] for k in f.keys]
        if sum(len(p) for per_key in postings for p in per_key) > CROWD:
            postings = [[self.many_by_key.get((k, b), ()) for b in looked] for k in f.keys]
            lone = self._rare_lone(f, looked)
        else:
            lone = []
        seen: set[int] = set()
        twice: set[int] = set()
        for per_key in postings:
            here: set[int] = set()
            here.update(*per_key)
            twice.update(seen.intersection(here))
            seen.update(here)
        twice.update(*lone)
        return sorted(twice)

    def _rare_lone(self, f: _Features, looked: tuple) -> list:
        found = []
        for k in f.keys:
            for b in looked:
                posting = self.lone_by_key.get((k, b), ())
                if len(posting) <= CROWD:
                    found.append(posting)
        return found


# --- events -------------------------------------------------------------------------

def _event(index: int, group: list[EventMention]) -> Event:
    firm = [m for m in group if not m.derived] or group
    best_rank = min(anchor_rank(m) for m in firm)
    stated = [m for m in firm if anchor_rank(m) == best_rank]
    interval, disagree = _common_interval([m.interval for m in stated])
    single_value = {m.value for m in stated}
    value = stated[0].value if len(single_value) == 1 else interval_value(interval)
    told = [m for m in group if m.anchor is None or m.anchor.kind not in _COUNTED]
    if not disagree and len(stated) < len(told):
        # "in 2010" and "yesterday" (or the news of the day): the event is where all agree;
        # a date counted from another ("a year after the bid collapsed") is too loose
        narrower, apart = _common_interval([m.interval for m in told])
        if not apart and narrower.days < interval.days:
            interval, value = narrower, interval_value(narrower)
    flags: list[str] = []
    claims: list[Claim] = []
    if disagree:
        flags.append("dates differ: " + "; ".join(sorted({m.value for m in stated})))
        claims.extend(_claim("date", m.value, m) for m in _one_per_source(stated))
    figure_flags, figure_claims = _figure_disagreements(group)
    flags.extend(figure_flags)
    claims.extend(figure_claims)
    if claims:
        flags.insert(0, DISPUTED)
    return Event(id=f"e{index + 1}", label=_best_label(group), interval=interval,
                 value=value, mentions=sorted(group, key=lambda m: (m.article_id, m.sentence.start)),
                 derived=all(m.derived for m in group), flags=flags, claims=claims)


#: Anchors that count a date from another event's: too loose to narrow an event's date.
_COUNTED = ("duration", "derived")


def _claim(kind: str, value: str, m: EventMention) -> Claim:
    return Claim(kind=kind, value=value, article_id=m.article_id, mention_id=m.id,
                 sentence=m.sentence.text)


def _one_per_source(mentions: list[EventMention]) -> list[EventMention]:
    """One mention per (article, value): a source saying the same thing twice is one claim."""
    seen: dict[tuple[str, str], EventMention] = {}
    for m in sorted(mentions, key=lambda m: (m.article_id, m.sentence.start, m.id)):
        seen.setdefault((m.article_id, m.value), m)
    return list(seen.values())


def _common_interval(intervals: list[Interval]) -> tuple[Interval, bool]:
    """The stretch all firm mentions agree on; the most precise one if they don't."""
    start = max(i.start for i in intervals)
    end = min(i.end for i in intervals)
    precise = min(intervals, key=lambda i: (i.days, i.approximate))
    if start > end:
        return precise, True
    return Interval(start, end, precise.granularity,
                    all(i.approximate for i in intervals)), False


def _best_label(group: list[EventMention]) -> str:
    """The label of the mention most typical of the group (measured against the group's
    keyword summary), preferring labels of a readable length and firm dates."""
    keys = Counter(k for m in group for k in m.keywords)
    n = len(group)

    def score(m: EventMention) -> tuple:
        fit = sum(keys[k] for k in m.keywords) / n / len(m.keywords) if m.keywords else 0.0
        words = len(m.label.split())
        return (3 <= words <= 10, round(fit, 1), not m.derived, -abs(words - 6),
                -anchor_rank(m))

    return max(group, key=score).label


_NUMBER = re.compile(r"(?P<qual>[a-z ]+ )?(?P<num>[\d,.]+)(?: (?P<scale>million|billion))?"
                     r" (?P<noun>\w+)$")
_SCALE = {None: 1, "million": 1e6, "billion": 1e9}


def _figure_disagreements(group: list[EventMention]) -> tuple[list[str], list[Claim]]:
    """Figures for the same thing that differ between articles ("7,818" vs "8,000"
    agree when one is approximate; "40 people" vs "25 people" do not): a flag per
    thing counted, and every source's figure for it as a claim."""
    stated: dict[str, list[tuple[float, bool, str, EventMention]]] = {}
    for m in group:
        for figure in m.figures:
            parsed = _NUMBER.match(figure)
            if not parsed:
                continue
            try:
                value = float(parsed["num"].replace(",", "")) * _SCALE[parsed["scale"]]
            except ValueError:
                continue
            stated.setdefault(stem(parsed["noun"]), []).append(
                (value, bool(parsed["qual"]), figure, m))
    flags: list[str] = []
    claims: list[Claim] = []
    for noun in sorted(stated):
        values = stated[noun]
        if len({v[3].article_id for v in values}) < 2:
            continue
        lo = min(values, key=lambda v: (v[0], v[3].article_id))
        hi = max(values, key=lambda v: (v[0], v[3].article_id))
        if lo[3].article_id == hi[3].article_id or lo[0] == hi[0]:
            continue
        if (lo[1] or hi[1]) and hi[0] <= lo[0] * 1.05:
            continue
        flags.append(f"figures differ: {lo[2]} ({lo[3].article_id}) vs "
                     f"{hi[2]} ({hi[3].article_id})")
        seen: set[tuple[str, str]] = set()
        for _, _, figure, m in sorted(values, key=lambda v: (v[3].article_id, v[0], v[2])):
            if (m.article_id, figure) not in seen:
                seen.add((m.article_id, figure))
                claims.append(_claim("figure", figure, m))
    return flags, claims


# --- undated references -------------------------------------------------------------

def similarity(a: frozenset[str], b: frozenset[str], idf: dict[str, float],
               weigh: Callable[[frozenset[str]], float] | None = None) -> float:
    """Shared content of two keyword sets, weighted by rarity, relative to the smaller;
    raised when both name the same action, lowered when they name different ones.

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
    processes) can never tip a comparison."""
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
    many_by_action: dict[str, set[int]] = {}
    lone_by_key: dict[str, list[int]] = {}
    for e, event_keys in enumerate(keys):
        many = len(events[e].mentions) > 1
        for verb in event_keys & verbs:
            by_action.setdefault(verb, set()).add(e)
            if many:
                many_by_action.setdefault(verb, set()).add(e)
        if not many:
            for k in event_keys:
                lone_by_key.setdefault(k, []).append(e)
    for ref in references:
        acts = ref.keywords & verbs
        if not acts:
            continue
        sets = [by_action.get(verb, ()) for verb in acts]
        if sum(map(len, sets)) > CROWD:
            # as in _Blocks.candidates: events of one mention only through rarer words
            sets = [many_by_action.get(verb, ()) for verb in acts] + \
                [p for p in (lone_by_key.get(k, ()) for k in ref.keywords) if len(p) <= CROWD]
        candidates: set[int] = set()
        candidates.update(*sets)
        best, best_score = -1, 0.0
        for e in sorted(candidates):
            if (ref.article_id, ref.sentence.start) in sentences[e] or not keys[e] & acts:
                continue
            s = similarity(ref.keywords, keys[e], idf, weigh)
            if s > best_score:
                best, best_score = e, s
        if best >= 0 and best_score >= REFERENCE_MATCH:
            event = events[best]
            timex = replace(ref.timex, value=event.value, resolved=True)
            event.mentions.append(replace(ref, interval=event.interval, value=event.value,
                                          timex=timex, derived=True))
            keys[best] = keys[best] | ref.keywords
            sentences[best].add((ref.article_id, ref.sentence.start))
            for verb in keys[best] & verbs:
                by_action.setdefault(verb, set()).add(best)
                many_by_action.setdefault(verb, set()).add(best)
