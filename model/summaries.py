"""What the timeline shows of each event, small enough to store with a project and read
back at once.

A project file keeps the summaries of the events it showed when it was saved, so that
opening an archive paints its timeline from them while the articles' extractions (which
the events are made of) are still being read (model.project.read_stored_view). The
window's events frame is built from the same summaries, so both draw alike.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .day import FIRST_DAY, LAST_DAY
from .types import CONTEXT_KINDS, GRANULARITIES, Article, EntityRef, Event, LoadProblem


@dataclass(frozen=True)
class EventSummary:
    id: str
    label: str
    value: str
    #: Day.ordinal of the first and the last day.
    start: int
    end: int
    granularity: str
    approximate: bool
    derived: bool
    flags: tuple[str, ...]
    category: str
    status: str
    manual: bool
    note: str
    article_ids: tuple[str, ...]
    #: Every mention dated only by the story's time or the publication date.
    context: bool
    disputed: bool
    #: A decision of the researcher acts on it.
    edited: bool
    #: The event an article tells in its earliest sentence (that article's main news).
    main_news: bool
    entities: tuple[EntityRef, ...] = ()


def main_news(events: Iterable[Event]) -> set[str]:
    """Each article's main news: the event told in its earliest sentence."""
    first: dict[str, tuple[int, str]] = {}
    for e in events:
        for m in e.mentions:
            at = (m.sentence.start, e.id)
            if m.article_id not in first or at < first[m.article_id]:
                first[m.article_id] = at
    return {eid for _, eid in first.values()}


def dated_by_context(event: Event) -> bool:
    """Every mention dated only by the story or the article's publication date."""
    anchors = [m.anchor for m in event.mentions]
    return bool(anchors) and all(a is not None and a.kind in CONTEXT_KINDS for a in anchors)


def summarise(events: list[Event], edited: set[str] = frozenset()) -> list[EventSummary]:
    news = main_news(events)
    return [EventSummary(
        id=e.id, label=e.label, value=e.value, start=e.interval.start.ordinal,
        end=e.interval.end.ordinal, granularity=e.interval.granularity,
        approximate=bool(e.interval.approximate), derived=bool(e.derived),
        flags=tuple(e.flags), category=e.category, status=e.status, manual=bool(e.manual),
        note=e.note, article_ids=tuple(e.article_ids), context=dated_by_context(e),
        disputed=bool(e.claims), edited=bool(e.manual) or e.id in edited,
        main_news=e.id in news, entities=tuple(e.entities or ())) for e in events]


def summary_row(s: EventSummary) -> list:
    """A summary as a JSON array (a row of the project file's ``shown`` table)."""
    return [s.id, s.label, s.value, s.start, s.end, s.granularity, s.approximate, s.derived,
            list(s.flags), s.category, s.status, s.manual, s.note, list(s.article_ids),
            s.context, s.disputed, s.edited, s.main_news,
            [[r.id, r.name, r.type] for r in s.entities]]


_TEXT = (0, 1, 2, 5, 9, 10, 12)
_FLAG = (6, 7, 11, 14, 15, 16, 17)


def summary_from_row(row) -> EventSummary:
    """The summary a stored row holds; ValueError if it is not one."""
    if not isinstance(row, list) or len(row) != 19:
        raise ValueError("not an event summary")
    if not all(isinstance(row[i], str) for i in _TEXT) or \
            not all(isinstance(row[i], bool) for i in _FLAG):
        raise ValueError("an event summary's field has the wrong type")
    start, end = row[3], row[4]
    if not (type(start) is int and type(end) is int
            and FIRST_DAY.ordinal <= start <= end <= LAST_DAY.ordinal):
        raise ValueError("an event summary's days are out of order or off the calendar")
    if row[5] not in GRANULARITIES:
        raise ValueError(f"unknown granularity {row[5][:20]!r}")
    for i in (8, 13):
        if not isinstance(row[i], list) or not all(isinstance(x, str) for x in row[i]):
            raise ValueError("an event summary's list is not of text")
    refs = row[18]
    if not isinstance(refs, list) or not all(
            isinstance(r, list) and len(r) == 3 and all(isinstance(x, str) for x in r)
            for r in refs):
        raise ValueError("an event summary's participants are not names")
    return EventSummary(row[0], row[1], row[2], start, end, row[5], row[6], row[7],
                        tuple(row[8]), row[9], row[10], row[11], row[12], tuple(row[13]),
                        row[14], row[15], row[16], row[17],
                        tuple(EntityRef(*r) for r in refs))


@dataclass
class StoredView:
    """A project file's articles and the summaries of the events it showed when saved."""

    articles: list[Article]
    summaries: list[EventSummary]
    problems: list[LoadProblem]
