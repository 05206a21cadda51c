"""What the views show of one chronology, computed before any view changes (Qt-free).

The window first prepares a ViewUpdate (the events frame with day numbers, the outlets'
colours, the formatted dates); only when that succeeded does it hand it to every view.
A failure while preparing leaves every view on the previous chronology.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from model.chronology import EVENT_COLUMNS, Chronology
from model.summaries import EventSummary, StoredView, summarise
from model.types import Article
from model.palette import outlet_indices

from .dates import format_interval

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


def events_frame(chron: Chronology, edited: set[str] = frozenset()) -> pd.DataFrame:
    """The chronology's events with day numbers (``Day.ordinal``) for start and end."""
    return summary_frame(summarise(chron.events, edited), chron.articles)


def summary_frame(summaries: list[EventSummary], articles: list[Article]) -> pd.DataFrame:
    """The events frame of stored or computed summaries (model.summaries).

    Built here rather than read from ``Chronology.events_frame`` so that no view depends
    on how the model stores dates: any year from 9999 BC to AD 9999 is an int.
    """
    sources = {a.id: a.source for a in articles}
    n_sources = [len(s.article_ids) for s in summaries]
    columns = {
        "id": [s.id for s in summaries], "label": [s.label for s in summaries],
        "start": [s.start for s in summaries], "end": [s.end for s in summaries],
        "value": [s.value for s in summaries],
        "granularity": [s.granularity for s in summaries],
        "approximate": [s.approximate for s in summaries],
        "derived": [s.derived for s in summaries],
        "flags": [", ".join(s.flags) for s in summaries], "n_sources": n_sources,
        "sources": [", ".join(dict.fromkeys(map(sources.get, s.article_ids, s.article_ids)))
                    for s in summaries],
        "articles": [list(s.article_ids) for s in summaries],
        "category": [s.category for s in summaries], "status": [s.status for s in summaries],
        "manual": [s.manual for s in summaries], "note": [s.note for s in summaries],
        "context": [s.context for s in summaries],
        "disputed": [s.disputed for s in summaries], "edited": [s.edited for s in summaries],
        "importance": [n * 10.0 + (100.0 if s.main_news else 0.0) + (5.0 if s.flags else 0.0)
                       for n, s in zip(n_sources, summaries)],
        "entities": [[ref.id for ref in s.entities] for s in summaries],
    }
    frame = pd.DataFrame(columns, columns=VIEW_COLUMNS)
    if len(frame):
        frame["start"] = frame["start"].astype("int64")
        frame["end"] = frame["end"].astype("int64")
    return frame.sort_values(["start", "end"], kind="stable").reset_index(drop=True)


def prepare_view(chron: Chronology, edited: set[str] = frozenset()) -> ViewUpdate:
    """Everything the views need, or an exception naming the stage that failed."""
    stage = "events table"
    try:
        frame = events_frame(chron, edited)
        stage = "entities"
        entity_names = {e.id: e.name for e in chron.entities}
        for event in chron.events:
            for ref in event.entities:
                entity_names.setdefault(ref.id, ref.name)
    except Exception as error:
        raise ViewError(stage, error) from error
    return _view_update(chron, frame, entity_names)


def prepare_stored_view(view: StoredView, include_rejected: bool = False) -> ViewUpdate:
    """The views of a project as it was saved, before its events are read: the timeline,
    the events table and the articles; no event is found by a click until they are."""
    stage = "events table"
    try:
        shown = [s for s in view.summaries if include_rejected or s.status != "rejected"]
        frame = summary_frame(shown, view.articles)
        entity_names = {ref.id: ref.name for s in shown for ref in s.entities}
    except Exception as error:
        raise ViewError(stage, error) from error
    return _view_update(Chronology(list(view.articles), {}, [], list(view.problems)),
                        frame, entity_names)


def _view_update(chron: Chronology, frame: pd.DataFrame, entity_names: dict[str, str]
                 ) -> ViewUpdate:
    stage = "dates"
    try:
        written: dict[tuple, str] = {}  # an archive's events share their dates
        dates = [written.get(r) or written.setdefault(r, format_interval(*r)) for r in zip(
            frame["start"].tolist(), frame["end"].tolist(), frame["granularity"].tolist(),
            frame["approximate"].tolist())]
        stage = "sources"
        article_order = [(a.id, a.source) for a in chron.articles]
        colour_of = outlet_indices(source for _, source in article_order)
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
