"""The researcher's decisions about a chronology, replayed over whatever extraction finds.

Extraction proposes events; a Decision records what the researcher did to one (reject,
rename, redate, merge, split, add...). Decisions name events by the text that supports
them — an article's content hash and a character span — never by event ids, which change
whenever extraction runs again. Replaying the decisions over a fresh extraction keeps
every decision whose text is still found and reports the ones that no longer apply.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date

from .day import Day
from typing import Any

from .timevalue import interval_value
from .types import Article, Event, EventMention, Interval, Sentence, TimeExpression

#: Decisions about one event, named by the spans of its mentions.
EVENT_KINDS = ("accept", "reject", "rename", "redate", "category", "note")
KINDS = EVENT_KINDS + ("merge", "split", "add", "publication")


@dataclass(frozen=True)
class Anchor:
    """A stretch of one article's text: where a mention (or a cited passage) is."""

    content_hash: str
    start: int
    end: int

    def overlaps(self, other: Anchor) -> bool:
        if self.content_hash != other.content_hash:
            return False
        if self.start == self.end or other.start == other.end:
            return self.start == other.start and self.end == other.end
        return self.start < other.end and other.start < self.end

    def as_list(self) -> list:
        return [self.content_hash, self.start, self.end]


@dataclass
class Decision:
    """One edit: ``kind``, the anchors of the event(s) it acts on, and its new values."""

    kind: str
    target: tuple[Anchor, ...] = ()
    other: tuple[Anchor, ...] = ()
    payload: dict[str, Any] = field(default_factory=dict)
    created: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown decision kind {self.kind!r}")


@dataclass
class Change:
    """What an edit did to the event list, so views redraw only that."""

    added: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)
    changed: set[str] = field(default_factory=set)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass
class Unapplied:
    decision: Decision
    reason: str

    def __str__(self) -> str:
        return f"{describe(self.decision)}: {self.reason}"


# -- anchors ------------------------------------------------------------------------------

def mention_anchor(mention: EventMention, hashes: dict[str, str]) -> Anchor:
    """The date's span for a dated mention; the clause for an undated reference."""
    t = mention.timex
    if t.end > t.start:
        return Anchor(hashes[mention.article_id], t.start, t.end)
    return Anchor(hashes[mention.article_id], mention.clause_start, mention.clause_end)


def event_anchors(event: Event, hashes: dict[str, str]) -> tuple[Anchor, ...]:
    return tuple(mention_anchor(m, hashes) for m in event.mentions if m.article_id in hashes)


def _hashes(articles: list[Article]) -> dict[str, str]:
    return {a.id: a.content_hash for a in articles}


class _Finder:
    """Which event holds a mention at an anchor, by overlapping spans in the same text."""

    def __init__(self, events: list[Event], hashes: dict[str, str]):
        self.by_text: dict[str, list[tuple[Anchor, str, str]]] = defaultdict(list)
        for e in events:
            for m in e.mentions:
                if m.article_id in hashes:
                    a = mention_anchor(m, hashes)
                    self.by_text[a.content_hash].append((a, e.id, m.id))

    def hits(self, anchor: Anchor) -> list[tuple[str, str]]:
        return [(eid, mid) for a, eid, mid in self.by_text.get(anchor.content_hash, ())
                if a.overlaps(anchor)]

    def event(self, anchors: tuple[Anchor, ...]) -> str | None:
        """The event most of the anchors point to (first in order on a tie)."""
        votes: dict[str, int] = {}
        for anchor in anchors:
            for eid in dict.fromkeys(eid for eid, _ in self.hits(anchor)):
                votes[eid] = votes.get(eid, 0) + 1
        if not votes:
            return None
        return max(votes, key=lambda eid: votes[eid])


# -- replay -------------------------------------------------------------------------------

def apply_decisions(events: list[Event], decisions: list[Decision],
                    articles: list[Article]) -> tuple[list[Event], list[Unapplied]]:
    """The events after every decision, in order, and the decisions that found no event."""
    hashes = _hashes(articles)
    by_hash = {a.content_hash: a for a in articles}
    current = list(events)
    unapplied: list[Unapplied] = []
    for index, decision in enumerate(decisions):
        reason = _apply(current, decision, index, hashes, by_hash)
        if reason:
            unapplied.append(Unapplied(decision, reason))
    return current, unapplied


def _apply(events: list[Event], d: Decision, index: int, hashes: dict[str, str],
           by_hash: dict[str, Article]) -> str:
    """Apply ``d`` to ``events`` in place; the reason it could not, or ''."""
    if d.kind == "publication":
        return "" if d.target and d.target[0].content_hash in by_hash else \
            "the article is no longer in the project"
    if d.kind == "add":
        return _add(events, d, index, by_hash)
    finder = _Finder(events, hashes)
    position = {e.id: i for i, e in enumerate(events)}
    if d.kind == "split":
        return _split(events, d, index, finder, position)
    eid = finder.event(d.target)
    if eid is None:
        return "its event is no longer found in the articles"
    event = events[position[eid]]
    if d.kind == "merge":
        other = finder.event(d.other)
        if other is None:
            return "the event to merge is no longer found in the articles"
        if other != eid:
            absorbed = events[position[other]]
            events[position[eid]] = replace(event, mentions=event.mentions + absorbed.mentions,
                                            derived=event.derived and absorbed.derived)
            del events[position[other]]
        return ""
    events[position[eid]] = _edited(event, d)
    return ""


def _edited(event: Event, d: Decision) -> Event:
    p = d.payload
    if d.kind in ("accept", "reject"):
        return replace(event, status="accepted" if d.kind == "accept" else "rejected")
    if d.kind == "rename":
        return replace(event, label=str(p["label"]))
    if d.kind == "redate":
        interval = interval_from_payload(p)
        return replace(event, interval=interval, value=interval_value(interval), derived=False)
    if d.kind == "category":
        return replace(event, category=str(p["category"]))
    return replace(event, note=str(p["note"]))


def _split(events: list[Event], d: Decision, index: int, finder: _Finder,
           position: dict[str, int]) -> str:
    hits = [hit for anchor in d.target for hit in finder.hits(anchor)]
    if not hits:
        return "the mention is no longer found in the articles"
    eid, mid = hits[0]
    event = events[position[eid]]
    if len(event.mentions) == 1:
        return ""
    mention = next(m for m in event.mentions if m.id == mid)
    events[position[eid]] = replace(event, mentions=[m for m in event.mentions
                                                     if m.id != mid])
    events.insert(position[eid] + 1, Event(
        id=f"s{index + 1}", label=mention.label, interval=mention.interval,
        value=mention.value, mentions=[mention], derived=mention.derived,
        category=event.category, status="accepted"))
    return ""


def _add(events: list[Event], d: Decision, index: int, by_hash: dict[str, Article]) -> str:
    p = d.payload
    interval = interval_from_payload(p)
    value = interval_value(interval)
    mentions, reason = [], ""
    for anchor in d.target:
        article = by_hash.get(anchor.content_hash)
        if article is None or anchor.end > len(article.text):
            reason = "the cited article is no longer in the project; added without it"
            continue
        text = article.text[anchor.start:anchor.end]
        timex = TimeExpression(anchor.start, anchor.end, text, "DATE", value)
        mentions.append(EventMention(
            id=f"{article.id}:u{index + 1}", article_id=article.id,
            sentence=Sentence(anchor.start, anchor.end, text), clause_start=anchor.start,
            clause_end=anchor.end, timex=timex, label=str(p["label"]), interval=interval,
            value=value))
    events.append(Event(id=f"u{index + 1}", label=str(p["label"]), interval=interval,
                        value=value, mentions=mentions, category=str(p.get("category", "")),
                        note=str(p.get("note", "")), status="accepted", manual=True))
    return reason


def interval_from_payload(p: dict[str, Any]) -> Interval:
    start, end = Day.fromisoformat(p["start"]), Day.fromisoformat(p["end"])
    if end < start:
        raise ValueError("the end date is before the start date")
    return Interval(start, end, str(p.get("granularity", "day")),
                    bool(p.get("approximate", False)))


def interval_payload(interval: Interval) -> dict[str, Any]:
    return {"start": interval.start.isoformat(), "end": interval.end.isoformat(),
            "granularity": interval.granularity, "approximate": interval.approximate}


def publication_dates(decisions: list[Decision], articles: list[Article]) -> dict[str, date]:
    """Publication dates set by hand, by article id (the latest decision wins)."""
    ids = {a.content_hash: a.id for a in articles}
    out: dict[str, date] = {}
    for d in decisions:
        if d.kind == "publication" and d.target and d.target[0].content_hash in ids:
            article_id, day = ids[d.target[0].content_hash], d.payload.get("published")
            if day:
                out[article_id] = date.fromisoformat(day)
            else:
                out.pop(article_id, None)
    return out


def diff(before: list[Event], after: list[Event]) -> Change:
    old = {e.id: e for e in before}
    new = {e.id: e for e in after}
    return Change(added=set(new) - set(old), removed=set(old) - set(new),
                  changed={i for i in set(old) & set(new) if old[i] != new[i]})


def describe(d: Decision) -> str:
    """A short line for undo menus and reports: 'rename to "Talks collapse"'."""
    p = d.payload
    return {
        "accept": "accept event", "reject": "reject event",
        "rename": f"rename to \"{p.get('label', '')}\"",
        "redate": f"change date to {p.get('start', '')}"
                  + (f"/{p['end']}" if p.get("end") not in (None, p.get("start")) else ""),
        "category": f"set category \"{p.get('category', '')}\"", "note": "edit note",
        "merge": "merge events", "split": "split mention into its own event",
        "add": f"add event \"{p.get('label', '')}\"",
        "publication": f"set publication date {p.get('published', '')}",
    }[d.kind]
