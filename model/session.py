"""What the researcher is doing, without the screen: the project, the history of their
decisions, the selection and the view (range, lanes, filters), and who wants to know.

Every change goes through a Session method and is reported once to each subscriber as a
SessionChange saying what changed ("events", "selection", "view", "filters", "history",
"project") and, for edits, which events were added, removed or changed. Widgets redraw
only that. Nothing here imports Qt, so all of it is tested plainly (tests/test_session.py).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from .edits import Change, Decision, describe

WHAT = ("project", "events", "history", "selection", "view", "filters")
#: A single lane, one lane per outlet, or one lane per entity.
LANES = ("single", "outlet", "entity")


@dataclass(frozen=True)
class Filters:
    """What the views leave out: words, outlets, a date range (day numbers), kinds."""

    words: str = ""
    hidden_outlets: frozenset[str] = frozenset()
    first_day: int | None = None
    last_day: int | None = None
    show_context: bool = True
    show_rejected: bool = False
    hidden_categories: frozenset[str] = frozenset()
    #: Only the events any of these entities (their ids, in the order chosen) takes part
    #: in; every event when empty.
    entities: tuple[str, ...] = ()


@dataclass(frozen=True)
class ViewState:
    """The visible range (day numbers) and how lanes are laid out."""

    t0: float = 0.0
    t1: float = 0.0
    lanes: str = "single"  # one of LANES


@dataclass(frozen=True)
class SessionChange:
    what: frozenset[str]
    events: Change | None = None

    def __contains__(self, name: str) -> bool:
        return name in self.what


@dataclass
class _Step:
    decision: Decision
    #: The selection before the decision, and the event to select after it (if any).
    before: tuple[str, ...]
    after: str | None


class Session:
    """The project on screen and the state around it; ``subscribe`` to hear changes."""

    def __init__(self, project=None):
        self.project = project
        self._steps: list[_Step] = []
        self._done = 0
        self.selected: tuple[str, ...] = ()
        self.view = ViewState()
        self.filters = Filters()
        self._subscribers: list[Callable[[SessionChange], None]] = []
        self._quiet = 0
        self._pending: set[str] = set()
        self._pending_events: Change | None = None

    # -- subscribers -----------------------------------------------------------------------
    def subscribe(self, callback: Callable[[SessionChange], None]) -> Callable[[], None]:
        """Call ``callback`` after every change; returns the function that stops it."""
        self._subscribers.append(callback)
        return lambda: self._subscribers.remove(callback) if callback in self._subscribers \
            else None

    def _report(self, *what: str, events: Change | None = None) -> None:
        self._pending.update(what)
        if events is not None:
            self._pending_events = _union(self._pending_events, events)
        if self._quiet:
            return
        change = SessionChange(frozenset(self._pending), self._pending_events)
        self._pending, self._pending_events = set(), None
        for callback in list(self._subscribers):
            callback(change)

    def batch(self) -> _Batch:
        """``with session.batch():`` reports the changes made inside once, at the end."""
        return _Batch(self)

    # -- project ---------------------------------------------------------------------------
    def set_project(self, project) -> None:
        """Another project: its own history; the selection keeps only events it still has."""
        self.project = project
        self._steps, self._done = [], 0
        self.selected = tuple(e for e in self.selected if self._exists(e))
        self._report("project", "events", "history", "selection")

    def _exists(self, event_id: str) -> bool:
        return self.project is not None and any(e.id == event_id for e in self.project.events)

    # -- history ---------------------------------------------------------------------------
    def apply(self, decision: Decision, select_after: str | None = None) -> Change:
        """Make ``decision`` on the project; it can be undone. Later undone steps are dropped."""
        if self.project is None:
            raise ValueError("no project to edit")
        del self._steps[self._done:]
        step = _Step(decision, self.selected, select_after)
        change = self.project.apply(decision)
        self._steps.append(step)
        self._done += 1
        self._after_edit(change, step.after, prefer_added=decision.kind in ("split", "add"))
        return change

    def undo(self) -> Change:
        if not self.can_undo:
            return Change()
        self._done -= 1
        step = self._steps[self._done]
        change = self.project.undo_last()
        self._after_edit(change, step.before[0] if step.before else None, False,
                         restore=step.before)
        return change

    def redo(self) -> Change:
        if not self.can_redo:
            return Change()
        step = self._steps[self._done]
        change = self.project.apply(step.decision)
        self._done += 1
        self._after_edit(change, step.after, prefer_added=step.decision.kind in ("split", "add"))
        return change

    @property
    def can_undo(self) -> bool:
        return self._done > 0

    @property
    def can_redo(self) -> bool:
        return self._done < len(self._steps)

    @property
    def undo_text(self) -> str:
        return describe(self._steps[self._done - 1].decision) if self.can_undo else ""

    @property
    def redo_text(self) -> str:
        return describe(self._steps[self._done].decision) if self.can_redo else ""

    @property
    def next_decision(self) -> Decision | None:
        """The decision redo would make again."""
        return self._steps[self._done].decision if self.can_redo else None

    def _after_edit(self, change: Change, select: str | None, prefer_added: bool,
                    restore: tuple[str, ...] = ()) -> None:
        shown = {e.id for e in self.project.events}
        added = sorted(i for i in change.added if i in shown)
        if prefer_added and added:
            select = added[0]
        if restore and all(e in shown for e in restore):
            chosen = restore
        elif select and select in shown:
            chosen = (select,)
        else:
            chosen = tuple(e for e in self.selected if e in shown)
        what = ["events", "history"]
        if chosen != self.selected:
            self.selected = chosen
            what.append("selection")
        self._report(*what, events=change)

    # -- selection -------------------------------------------------------------------------
    @property
    def selected_event(self) -> str:
        """The event the inspector shows: the one chosen last."""
        return self.selected[-1] if self.selected else ""

    def select(self, event_id: str) -> None:
        """Select just ``event_id`` ("" clears the selection)."""
        chosen = (event_id,) if event_id else ()
        if chosen != self.selected:
            self.selected = chosen
            self._report("selection")

    def toggle(self, event_id: str) -> None:
        """Ctrl/Shift+click: add ``event_id`` to the selection, or take it out."""
        if event_id in self.selected:
            self.selected = tuple(e for e in self.selected if e != event_id)
        else:
            self.selected = self.selected + (event_id,)
        self._report("selection")

    def select_many(self, event_ids: Iterable[str]) -> None:
        chosen = tuple(dict.fromkeys(event_ids))
        if chosen != self.selected:
            self.selected = chosen
            self._report("selection")

    # -- view and filters --------------------------------------------------------------------
    def set_view(self, t0: float, t1: float) -> None:
        if (t0, t1) != (self.view.t0, self.view.t1):
            self.view = replace(self.view, t0=t0, t1=t1)
            self._report("view")

    def set_lanes(self, lanes: str) -> None:
        if lanes not in LANES:
            raise ValueError(f"lanes must be one of {', '.join(LANES)}, not {lanes!r}")
        if lanes != self.view.lanes:
            self.view = replace(self.view, lanes=lanes)
            self._report("view")

    def set_filters(self, **changes) -> None:
        """Change some filters (the names of Filters' fields)."""
        for name in ("hidden_outlets", "hidden_categories"):
            if name in changes:
                changes[name] = frozenset(changes[name])
        if "entities" in changes:
            changes["entities"] = tuple(dict.fromkeys(changes["entities"]))
        filters = replace(self.filters, **changes)
        if filters != self.filters:
            self.filters = filters
            self._report("filters")

    def shows(self, event, outlet_of: dict[str, str]) -> bool:
        """Whether ``event`` passes the filters (``outlet_of``: article id -> outlet)."""
        f = self.filters
        if event.status == "rejected" and not f.show_rejected:
            return False
        if not f.show_context and event.mentions and all(
                m.anchor is not None and m.anchor.kind in ("narrative", "publication")
                for m in event.mentions):
            return False
        if f.hidden_outlets and all(outlet_of.get(a, "") in f.hidden_outlets
                                    for a in event.article_ids):
            return False
        if f.hidden_categories and event.category in f.hidden_categories:
            return False
        if f.entities and not any(e.id in f.entities for e in event.entities):
            return False
        start, end = _ordinal(event.interval.start), _ordinal(event.interval.end)
        if f.first_day is not None and end < f.first_day:
            return False
        if f.last_day is not None and start > f.last_day:
            return False
        words = f.words.lower().split()
        if words:
            hay = " ".join([event.label, event.value, event.category,
                            " ".join(outlet_of.get(a, "") for a in event.article_ids)]).lower()
            return all(w in hay for w in words)
        return True


class _Batch:
    def __init__(self, session: Session):
        self.session = session

    def __enter__(self) -> Session:
        self.session._quiet += 1
        return self.session

    def __exit__(self, *exc) -> None:
        self.session._quiet -= 1
        if not self.session._quiet and self.session._pending:
            self.session._report()


def _ordinal(day) -> int:
    return day.ordinal if hasattr(day, "ordinal") else day.toordinal()


def _union(a: Change | None, b: Change) -> Change:
    if a is None:
        return Change(set(b.added), set(b.removed), set(b.changed))
    return Change(a.added | b.added, a.removed | b.removed, a.changed | b.changed)


__all__ = ["Filters", "LANES", "Session", "SessionChange", "ViewState", "WHAT"]
