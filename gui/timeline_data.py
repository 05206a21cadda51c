"""The timeline's events as sorted numpy arrays, grouped into lanes (Qt-free).

Built once per data or filter change, so that painting a frame only needs
``np.searchsorted`` on these arrays instead of visiting every event.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .dates import to_days

POINT_GRANULARITIES = ("time", "day")


@dataclass
class Lane:
    """Events of one lane (a source article, or all), in order of start."""

    key: str
    title: str
    color_index: int
    order: np.ndarray  # indices into the TimelineData arrays, sorted by start
    starts: np.ndarray = field(default_factory=lambda: np.empty(0))
    reach: np.ndarray = field(default_factory=lambda: np.empty(0))  # running max of ends


class TimelineData:
    """Arrays of the events shown (after filtering), plus per-lane sorted indices."""

    def __init__(self, frame: pd.DataFrame, article_order: list[tuple[str, str]],
                 by_source: bool = False, visible: np.ndarray | None = None):
        if visible is not None:
            frame = frame[visible]
        frame = frame.reset_index(drop=True)
        self.frame = frame
        self.ids = frame["id"].to_numpy(dtype=object)
        self.labels = frame["label"].astype(str).tolist()
        self.start = np.array([to_days(t) for t in frame["start"]], dtype=float)
        self.end = np.array([to_days(t) + 1.0 for t in frame["end"]], dtype=float)
        self.point = frame["granularity"].isin(POINT_GRANULARITIES).to_numpy() \
            | (self.end - self.start <= 1.0)
        self.approximate = frame["approximate"].astype(bool).to_numpy()
        self.derived = frame["derived"].astype(bool).to_numpy()
        self.flagged = (frame["flags"].astype(str).str.len() > 0).to_numpy()
        self.rejected = (frame["status"] == "rejected").to_numpy() if "status" in frame \
            else np.zeros(len(frame), dtype=bool)
        self.categories = frame["category"].fillna("").astype(str).tolist() \
            if "category" in frame else [""] * len(frame)
        colour_of = {aid: i for i, (aid, _) in enumerate(article_order)}
        self.colours = [[colour_of.get(a, 0) for a in arts] for arts in frame["articles"]]
        self.first_colour = np.array([c[0] if c else 0 for c in self.colours], dtype=int)
        self.index_of = {eid: i for i, eid in enumerate(self.ids)}
        self.lanes: list[Lane] = []
        if by_source:
            for i, (aid, title) in enumerate(article_order):
                rows = np.array([k for k, arts in enumerate(frame["articles"]) if aid in arts],
                                dtype=int)
                self.lanes.append(self._lane(aid, title, i, rows))
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
