"""The timeline's events as sorted numpy arrays, grouped into lanes (Qt-free).

Built once per data or filter change, so that painting a frame only needs
``np.searchsorted`` on these arrays instead of visiting every event. Times are day
numbers (``Day.ordinal``), so any year from 9999 BC to AD 9999 is drawn.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from model.entity_view import entity_lanes
from model.session import LANES

from .dates import day_number

POINT_GRANULARITIES = ("time", "day")
#: Lanes per outlet beyond this share one last lane.
MAX_LANES = 12
#: Anchor kinds of events dated only by their story or by when the article appeared.
CONTEXT_KINDS = ("narrative", "publication")


def day_numbers(column) -> np.ndarray:
    """A frame's start or end column as float day numbers (ints, Days or dates inside)."""
    values = column.to_numpy() if hasattr(column, "to_numpy") else np.asarray(column)
    if values.dtype.kind in "iuf":
        return values.astype(float)
    return np.array([day_number(v) for v in values], dtype=float)


@dataclass
class Lane:
    """Events of one lane (a source outlet, an entity, or all), in order of start."""

    key: str
    title: str
    color_index: int
    order: np.ndarray  # indices into the TimelineData arrays, sorted by start
    starts: np.ndarray = field(default_factory=lambda: np.empty(0))
    reach: np.ndarray = field(default_factory=lambda: np.empty(0))  # running max of ends


def _bool_column(frame: pd.DataFrame, name: str) -> np.ndarray:
    if name not in frame:
        return np.zeros(len(frame), dtype=bool)
    return frame[name].fillna(False).astype(bool).to_numpy()


class TimelineData:
    """Arrays of the events shown (after filtering), plus per-lane sorted indices.

    ``article_order`` is [(article id, outlet)]; ``colour_of`` maps an outlet to its colour
    index (one colour per outlet everywhere). ``lanes`` is "single", "outlet" (lanes per
    source are lanes per outlet) or "entity": one lane per entity of ``chosen`` (else per
    busiest entity, see model.entity_view), titled from ``entity_names``.
    """

    def __init__(self, frame: pd.DataFrame, article_order: list[tuple[str, str]],
                 lanes: str = "single", visible: np.ndarray | None = None,
                 colour_of: dict[str, int] | None = None, chosen: tuple[str, ...] = (),
                 entity_names: dict[str, str] | None = None):
        if lanes not in LANES:
            raise ValueError(f"lanes must be one of {', '.join(LANES)}, not {lanes!r}")
        if visible is not None:
            frame = frame[visible]
        frame = frame.reset_index(drop=True)
        self.frame = frame
        self.ids = frame["id"].to_numpy(dtype=object)
        self.labels = frame["label"].astype(str).tolist()
        self.start = day_numbers(frame["start"])
        self.end = day_numbers(frame["end"]) + 1.0
        self.point = frame["granularity"].isin(POINT_GRANULARITIES).to_numpy() \
            | (self.end - self.start <= 1.0)
        self.approximate = _bool_column(frame, "approximate")
        self.derived = _bool_column(frame, "derived")
        self.context = _bool_column(frame, "context")
        self.disputed = _bool_column(frame, "disputed")
        self.edited = _bool_column(frame, "edited")
        self.flagged = (frame["flags"].astype(str).str.len() > 0).to_numpy() | self.disputed
        self.rejected = (frame["status"] == "rejected").to_numpy() if "status" in frame \
            else np.zeros(len(frame), dtype=bool)
        self.importance = frame["importance"].to_numpy(dtype=float) if "importance" in frame \
            else frame["n_sources"].to_numpy(dtype=float) if "n_sources" in frame \
            else np.zeros(len(frame))
        self.categories = frame["category"].fillna("").astype(str).tolist() \
            if "category" in frame else [""] * len(frame)
        outlet_of = dict(article_order)
        if colour_of is None:
            colour_of = {}
            for _, outlet in article_order:
                colour_of.setdefault(outlet, len(colour_of))
        # per distinct outlet (an event of an archive names thousands of articles)
        self.colours = [list(dict.fromkeys(colour_of.get(o, 0) for o in dict.fromkeys(
            map(outlet_of.get, arts, [""] * len(arts))))) for arts in frame["articles"]]
        self.first_colour = np.array([c[0] if c else 0 for c in self.colours], dtype=int)
        self.index_of = {eid: i for i, eid in enumerate(self.ids)}
        self.lanes: list[Lane] = []
        if lanes == "outlet":
            rows_of: dict[str, list[int]] = {outlet: [] for outlet in colour_of}
            for k, arts in enumerate(frame["articles"]):
                for outlet in dict.fromkeys(outlet_of.get(a, "") for a in arts):
                    rows_of.setdefault(outlet, []).append(k)
            present = set(outlet_of.values())
            outlets = [o for o in rows_of if o in present]
            if len(outlets) > MAX_LANES:  # the outlets telling most events get a lane each
                busiest = sorted(outlets, key=lambda o: -len(rows_of[o]))[:MAX_LANES - 1]
                rest = sorted({k for o in outlets if o not in busiest for k in rows_of[o]})
                outlets = [o for o in outlets if o in busiest]
            else:
                rest = None
            for outlet in outlets:
                self.lanes.append(self._lane(outlet, outlet, colour_of.get(outlet, 0),
                                             np.array(rows_of[outlet], dtype=int)))
            if rest is not None:
                n_other = len(present) - len(outlets)
                self.lanes.append(self._lane("", f"{n_other} other outlets", -1,
                                             np.array(rest, dtype=int)))
        elif lanes == "entity":
            event_entities = frame["entities"] if "entities" in frame else [()] * len(frame)
            for lane in entity_lanes(list(event_entities), chosen, entity_names):
                n = len(lane.rows)
                self.lanes.append(self._lane(lane.key, f"{lane.title} · {n} event{'s' * (n != 1)}",
                                             -1, np.array(lane.rows, dtype=int)))
        else:
            self.lanes.append(self._lane("", "", -1, np.arange(len(frame), dtype=int)))

    def _lane(self, key: str, title: str, colour: int, rows: np.ndarray) -> Lane:
        order = rows[np.argsort(self.start[rows], kind="stable")] if len(rows) else rows
        lane = Lane(key, title, colour, order)
        lane.starts = self.start[order]
        lane.reach = np.maximum.accumulate(self.end[order]) if len(order) else np.empty(0)
        return lane

    def __len__(self) -> int:
        return len(self.ids)

    def visible(self, lane: Lane, t0: float, t1: float) -> np.ndarray:
        """Indices of the lane's events overlapping [t0, t1], in order of start."""
        lo = int(np.searchsorted(lane.reach, t0, side="right"))
        hi = int(np.searchsorted(lane.starts, t1, side="right"))
        if hi <= lo:
            return lane.order[:0]
        rows = lane.order[lo:hi]
        return rows[self.end[rows] > t0]

    def extent(self) -> tuple[float, float] | None:
        if not len(self.ids):
            return None
        return float(self.start.min()), float(self.end.max())

    def step(self, event_id: str, direction: int) -> str | None:
        """The event before (-1) or after (+1) ``event_id`` in time; the first/last if none."""
        if not len(self.ids):
            return None
        order = np.lexsort((self.end, self.start))
        if event_id not in self.index_of:
            return str(self.ids[order[0] if direction > 0 else order[-1]])
        pos = int(np.nonzero(order == self.index_of[event_id])[0][0]) + direction
        pos = min(max(pos, 0), len(order) - 1)
        return str(self.ids[order[pos]])
