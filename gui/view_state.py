"""What the views show of one chronology, computed before any view changes (Qt-free).

The window first prepares a ViewUpdate (the events frame with day numbers, the outlets'
colours, the formatted dates); only when that succeeded does it hand it to every view.
A failure while preparing leaves every view on the previous chronology.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from model.chronology import EVENT_COLUMNS, Chronology
from model.palette import outlet_indices

from .dates import day_number, format_interval
from .timeline_data import CONTEXT_KINDS

VIEW_COLUMNS = [c for c in EVENT_COLUMNS if c != "entities"] + [
    "status", "manual", "note", "context", "disputed", "edited", "importance", "entities"]


@dataclass
class ViewUpdate:
    chronology: Chronology
    frame: pd.DataFrame
    article_order: list[tuple[str, str]]
    colour_of: dict[str, int]
    dates: list[str] = field(default_factory=list)
    stage: str = ""
    #: Entity id -> name, for the filter bar, the panes' tooltips and the lanes per entity.
    entity_names: dict[str, str] = field(default_factory=dict)


def dated_by_context(event) -> bool:
    """Every mention dated only by the story or the article's publication date."""
    anchors = [m.anchor for m in event.mentions]
    return bool(anchors) and all(a is not None and a.kind in CONTEXT_KINDS for a in anchors)


def main_news(chron: Chronology) -> set[str]:
    """Each article's main news: the event told in its earliest dated sentence."""
    first: dict[str, tuple[int, str]] = {}
    for e in chron.events:
        for m in e.mentions:
            at = (m.sentence.start, e.id)
            if m.article_id not in first or at < first[m.article_id]:
                first[m.article_id] = at
    return {eid for _, eid in first.values()}


def events_frame(chron: Chronology, edited: set[str] = frozenset()) -> pd.DataFrame:
    """The chronology's events with day numbers (``Day.ordinal``) for start and end.

    Built here rather than read from ``Chronology.events_frame`` so that no view depends
    on how the model stores dates: any year from 9999 BC to AD 9999 is an int.
    """
    sources = {a.id: a.source for a in chron.articles}
    news = main_news(chron)
    rows = []
    for e in chron.events:
        ids = e.article_ids
        n_sources = len(ids)
        rows.append({
            "id": e.id, "label": e.label,
            "start": day_number(e.interval.start), "end": day_number(e.interval.end),
            "value": e.value, "granularity": e.interval.granularity,
            "approximate": bool(e.interval.approximate), "derived": bool(e.derived),
            "flags": ", ".join(e.flags), "n_sources": n_sources,
            "sources": ", ".join(dict.fromkeys(sources.get(i, i) for i in ids)),
            "articles": ids, "category": e.category, "status": e.status,
            "manual": bool(e.manual), "note": e.note, "context": dated_by_context(e),
            "disputed": bool(getattr(e, "claims", None)),
            "edited": bool(e.manual) or e.id in edited,
            "importance": n_sources * 10.0 + (100.0 if e.id in news else 0.0)
            + (5.0 if e.flags else 0.0),
            "entities": [ref.id for ref in getattr(e, "entities", []) or []],
        })
    frame = pd.DataFrame(rows, columns=VIEW_COLUMNS)
    if len(frame):
        frame["start"] = frame["start"].astype("int64")
        frame["end"] = frame["end"].astype("int64")
    return frame.sort_values(["start", "end"], kind="stable").reset_index(drop=True)


def prepare_view(chron: Chronology, edited: set[str] = frozenset()) -> ViewUpdate:
    """Everything the views need, or an exception naming the stage that failed."""
    stage = "events table"
    try:
        frame = events_frame(chron, edited)
        stage = "dates"
        dates = [format_interval(r.start, r.end, r.granularity, r.approximate)
                 for r in frame.itertuples()]
        stage = "sources"
        article_order = [(a.id, a.source) for a in chron.articles]
        colour_of = outlet_indices(source for _, source in article_order)
        stage = "entities"
        entity_names = {e.id: e.name for e in chron.entities}
        for event in chron.events:
            for ref in getattr(event, "entities", []) or []:
                entity_names.setdefault(ref.id, ref.name)
    except Exception as error:
        raise ViewError(stage, error) from error
    return ViewUpdate(chron, frame, article_order, colour_of, dates,
                      entity_names=entity_names)


class ViewError(Exception):
    """Preparing the views failed at ``stage``."""

    def __init__(self, stage: str, error: Exception):
        super().__init__(f"{stage}: {type(error).__name__}: {error}")
        self.stage = stage
        self.error = error
