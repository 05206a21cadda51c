"""Draw a chronology as a still image (PNG, SVG, PDF) for reports and papers.

Matplotlib is used through ``Figure`` objects only, never pyplot, so that drawing is safe in
the GUI process and in worker threads. Everything is laid out in points measured on the
finished axes, so labels never overlap whatever the size or resolution of the image.
"""
from __future__ import annotations

import bisect
import io
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import matplotlib
import matplotlib.dates as mdates
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from . import palette
from .chronology import EVENT_COLUMNS, Chronology
from .day import Day, year_label
from .day_text import day_number, format_interval
from .entity_view import MAX_ENTITY_LANES, entity_lanes
from .exporters import ExportError, write_bytes_atomic

#: Source colours: the desktop timeline's (model.palette), one per outlet in article order.
SOURCE_COLOURS = list(palette.SOURCE_COLOURS)
FLAG_COLOUR = palette.FLAG
TEXT_COLOUR = "#222222"
MUTED_COLOUR = "#6b6b6b"
GRID_COLOUR = "#d9d9d9"
#: More marks than this are rasterised (axes and text stay vector).
RASTER_THRESHOLD = 2000
MAX_LANES = 10
#: Overlapping bars of one lane are stacked on up to this many tracks.
MAX_TRACKS = 3
#: Narrowest bar drawn (points), so that a month on a decade axis still shows.
MIN_BAR = 3.0
#: Label rows above the lanes; labels that do not fit in them are thinned.
MAX_ROWS = 14
MAX_LABEL_CHARS = 56
FORMATS = (".png", ".svg", ".pdf")

LABEL_SIZE = 8.0
DATE_SIZE = 7.0
_POINT_GRANULARITIES = ("time", "day")
#: Packings tried to swap a left-out label in for a less important one.
_MAX_SWAPS = 30
_EPS = 1e-6
_RC = {"svg.fonttype": "none", "svg.hashsalt": "timeline-explorer", "pdf.fonttype": 42,
       "ps.fonttype": 42, "font.size": 9.0, "axes.titlesize": 10.0, "figure.titlesize": 13.0,
       "axes.edgecolor": "#9a9a9a", "xtick.color": "#444444", "ytick.color": "#444444"}


# -- label packing ------------------------------------------------------------------------

@dataclass(frozen=True)
class LabelRequest:
    """A label to place: its event's x (points), its width (points), its importance."""

    anchor: float
    width: float
    priority: float = 0.0


@dataclass(frozen=True)
class PlacedLabel:
    index: int
    row: int
    x0: float
    x1: float


@dataclass
class _Row:
    spans: list[tuple[float, float]] = field(default_factory=list)
    #: x of leader lines passing through this row on their way up to a higher label.
    leaders: list[float] = field(default_factory=list)


def pack_labels(requests: Sequence[LabelRequest], rows: int, left: float, right: float,
                gap: float = 6.0, leader_gap: float = 3.0) -> list[PlacedLabel]:
    """Greedy interval packing of labels into ``rows`` stacked rows above their events.

    A label spans its own anchor, so its leader line is vertical, and no label covers
    another's leader line. Labels go to the lowest row with room, in an order that builds
    staircases out of clusters. Labels that fit nowhere are thinned; a left-out label is
    then swapped in for a less important neighbour whenever that raises the total
    importance shown. Returns the placed labels, by index.
    """
    active = _one_per_spot(requests, leader_gap)
    directions: dict = {}
    placed, failed = _pack_once(requests, active, rows, left, right, gap, leader_gap,
                                directions)
    tried: set[tuple[int, int]] = set()
    for _ in range(_MAX_SWAPS):
        swap = _next_swap(requests, placed, failed, gap, tried)
        if swap is None:
            break
        tried.add(swap)
        trial = active - {swap[1]}
        t_placed, t_failed = _pack_once(requests, trial, rows, left, right, gap, leader_gap,
                                        directions)
        if swap[0] not in t_failed and _score(requests, t_placed) > _score(requests, placed):
            active, placed, failed = trial, t_placed, t_failed
    return sorted(placed, key=lambda p: p.index)


def _score(requests, placed: list[PlacedLabel]) -> tuple[float, int]:
    return sum(requests[p.index].priority for p in placed), len(placed)


def _next_swap(requests, placed: list[PlacedLabel], failed: list[int], gap: float,
               tried: set[tuple[int, int]]) -> tuple[int, int] | None:
    """The most important left-out label and the least important placed one in its way."""
    for i in sorted(failed, key=lambda i: -requests[i].priority):
        req = requests[i]
        near = [p.index for p in placed if requests[p.index].priority < req.priority
                and (i, p.index) not in tried
                and p.x0 - gap < req.anchor + req.width and p.x1 + gap > req.anchor - req.width]
        if near:
            return i, min(near, key=lambda j: (requests[j].priority,
                                               abs(requests[j].anchor - req.anchor)))
    return None


def _one_per_spot(requests: Sequence[LabelRequest], leader_gap: float) -> set[int]:
    """Of events (nearly) at the same x only the most important can have a leader line."""
    order = sorted(range(len(requests)), key=lambda i: requests[i].anchor)
    keep: set[int] = set()
    group: list[int] = []
    for i in order + [None]:
        if i is not None and group and requests[i].anchor - requests[group[0]].anchor < leader_gap:
            group.append(i)
            continue
        if group:
            keep.add(min(group, key=lambda g: (-requests[g].priority, g)))
        group = [] if i is None else [i]
    return keep


def _pack_once(requests, active: set[int], rows: int, left: float, right: float, gap: float,
               leader_gap: float, directions: dict | None = None
               ) -> tuple[list[PlacedLabel], list[int]]:
    """One packing: clusters right to left, each in the direction that suits it best."""
    directions = {} if directions is None else directions
    args = (rows, left, right, gap, leader_gap)
    order: list[int] = []
    hanging: set[int] = set()
    for cluster in reversed(_clusters(requests, active)):
        key = tuple(cluster)
        if key not in directions:
            directions[key] = _hangs(requests, cluster, *args)
        if directions[key]:
            order += cluster
            hanging.update(cluster)
        else:
            order += reversed(cluster)
    return _pack_ordered(requests, order, hanging, *args)


def _clusters(requests, active: set[int]) -> list[list[int]]:
    """Runs of labels whose neighbours' labels reach them, in anchor order."""
    clusters: list[list[int]] = []
    for i in sorted(active, key=lambda i: requests[i].anchor):
        if clusters:
            prev = requests[clusters[-1][-1]]
            if requests[i].anchor - prev.anchor < max(prev.width, requests[i].width):
                clusters[-1].append(i)
                continue
        clusters.append([i])
    return clusters


def _hangs(requests, cluster: list[int], rows, left, right, gap, leader_gap) -> bool:
    """Whether a cluster's labels should hang left of their anchors (placed left to
    right) rather than start at them (placed right to left): whichever shows more,
    hanging only when the right edge forces it otherwise."""
    last = requests[cluster[-1]]
    forced = last.anchor + last.width > right
    if len(cluster) == 1:
        return forced
    args = (rows, left, right, gap, leader_gap)
    starting = _score(requests, _pack_ordered(requests, cluster[::-1], set(), *args)[0])
    hanging = _score(requests, _pack_ordered(requests, cluster, set(cluster), *args)[0])
    return hanging > starting or (hanging == starting and forced)


def _pack_ordered(requests, order: list[int], hanging: set[int], rows: int, left: float,
                  right: float, gap: float, leader_gap: float
                  ) -> tuple[list[PlacedLabel], list[int]]:
    grid = [_Row() for _ in range(max(rows, 0))]
    pending = sorted(requests[i].anchor for i in order)
    placed, failed = [], []
    for i in order:
        req = requests[i]
        pending.pop(bisect.bisect_left(pending, req.anchor))
        spot = _place(req, grid, left, right, gap, leader_gap, i in hanging, pending)
        if spot is None:
            failed.append(i)
            continue
        row, x0 = spot
        grid[row].spans.append((x0, x0 + req.width))
        for below in grid[:row]:
            below.leaders.append(req.anchor)
        placed.append(PlacedLabel(i, row, x0, x0 + req.width))
    return placed, failed


def _place(req: LabelRequest, grid: list[_Row], left: float, right: float, gap: float,
           leader_gap: float, hangs: bool, pending: list[float]) -> tuple[int, float] | None:
    """The row and start for a label: covering as few anchors of labels still to be placed
    as possible (those could then only go below it), then as low as possible, then as near
    its preferred start (after its leader, or ending at it when it hangs left)."""
    w, a = req.width, req.anchor
    lo, hi = max(left, a - w), min(a, right - w)
    if lo > hi or not left <= a <= right:
        return None
    pref = min(max(a - w if hangs else a - 2.0, lo), hi)
    near = pending[bisect.bisect_left(pending, lo - leader_gap):
                   bisect.bisect_right(pending, hi + w + leader_gap)]
    edges = [v for x in near for v in (x - w - leader_gap, x + leader_gap)]

    def covered(x0: float) -> int:
        return (bisect.bisect_left(near, x0 + w + leader_gap - _EPS)
                - bisect.bisect_right(near, x0 - leader_gap + _EPS))

    best = None
    for r, row in enumerate(grid):
        if any(x0 - leader_gap + _EPS < a < x1 + leader_gap - _EPS
               for lower in grid[:r] for x0, x1 in lower.spans):
            break
        blocked = [(x0 - w - gap, x1 + gap) for x0, x1 in row.spans]
        blocked += [(x - w - leader_gap, x + leader_gap) for x in row.leaders]
        for x0 in _free_points(pref, lo, hi, blocked, edges):
            key = (covered(x0), r, abs(x0 - pref), x0)
            best = key if best is None or key < best else best
        if best is not None and best[0] == 0:
            break
    return None if best is None else (best[1], best[3])


def _free_points(pref: float, lo: float, hi: float, blocked: list[tuple[float, float]],
                 extra: list[float]) -> list[float]:
    """Candidate starts in [lo, hi] outside every open interval of ``blocked``."""
    candidates = [pref, lo, hi, *extra] + [v for a, b in blocked for v in (a, b)]
    return [c for c in candidates
            if lo - _EPS <= c <= hi + _EPS and not any(a + _EPS < c < b - _EPS
                                                      for a, b in blocked)]


# -- events as drawable items -------------------------------------------------------------

@dataclass
class _Item:
    id: str
    label: str
    date_text: str
    start: float  # matplotlib date number, inclusive
    end: float  # exclusive (end day + 1)
    point: bool
    uncertain: bool
    flagged: bool
    sources: list[str]
    #: An article's main news (its earliest dated sentence): its label is kept first.
    main: bool = False
    #: Dated only by the story or the article's date: drawn as a hollow dotted mark.
    context: bool = False
    #: Ids of the entities taking part (for lanes per entity).
    entities: tuple[str, ...] = ()

    @property
    def middle(self) -> float:
        return (self.start + self.end) / 2

    @property
    def priority(self) -> float:
        return (100 if self.main else 0) + len(self.sources) * 10 + (5 if self.flagged else 0) \
            + (0 if self.point else 1)


#: matplotlib's date numbers count days from 1970-01-01; a Day's ordinal minus this is one.
_EPOCH = 719163


def _num(value) -> float:
    """matplotlib date number of a Day, date, Timestamp or day number (any year, BC too)."""
    return float(day_number(value) - _EPOCH)


def _day(num: float) -> Day:
    return Day(int(math.floor(num)) + _EPOCH)


def _truthy(value) -> bool:
    """A frame cell as a yes/no: missing (NaN, None) and empty are no."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, tuple)):
        return bool(value)
    return bool(value)


def _frame_of(chron_or_frame: Chronology | pd.DataFrame
              ) -> tuple[pd.DataFrame, list[list[str]], list[str]]:
    """The events frame, each event's outlet names, and every outlet in article order."""
    if isinstance(chron_or_frame, Chronology):
        frame = _chronology_frame(chron_or_frame)
        names = {a.id: a.source or a.id for a in chron_or_frame.articles}
        outlets = list(dict.fromkeys(names.values()))
        sources = [list(dict.fromkeys(names.get(a, a) for a in ids)) for ids in frame["articles"]]
        return frame, sources, outlets
    frame = chron_or_frame.reset_index(drop=True)
    column = frame["sources"] if "sources" in frame else [""] * len(frame)
    sources = [[s for s in str(v).split(", ") if s] for v in column]
    outlets = list(dict.fromkeys(s for ss in sources for s in ss))
    return frame, sources, outlets


def _entity_names(data) -> dict[str, str]:
    """Entity id -> name, from a Chronology (a frame names none)."""
    if not isinstance(data, Chronology):
        return {}
    names = {e.id: e.name for e in data.entities}
    for event in data.events:
        for ref in event.entities:
            names.setdefault(ref.id, ref.name)
    return names


def _chronology_frame(chron: Chronology) -> pd.DataFrame:
    """The events with day numbers for start and end (no timestamp limits on years)."""
    sources = {a.id: a.source for a in chron.articles}
    first: dict[str, tuple[int, str]] = {}
    for e in chron.events:
        for m in e.mentions:
            at = (m.sentence.start, e.id)
            if m.article_id not in first or at < first[m.article_id]:
                first[m.article_id] = at
    main = {eid for _, eid in first.values()}
    rows = [{"id": e.id, "main": e.id in main, "label": e.label, "start": day_number(e.interval.start),
             "end": day_number(e.interval.end), "value": e.value,
             "granularity": e.interval.granularity, "approximate": e.interval.approximate,
             "derived": e.derived, "flags": ", ".join(e.flags), "n_sources": len(e.article_ids),
             "sources": ", ".join(sources.get(i, i) for i in e.article_ids),
             "articles": e.article_ids, "category": e.category,
             "context": bool(e.mentions) and all(
                 m.anchor is not None and m.anchor.kind in ("narrative", "publication")
                 for m in e.mentions),
             "entity_ids": tuple(x.id for x in e.entities)}
            for e in chron.events]
    return pd.DataFrame(rows, columns=EVENT_COLUMNS + ["context", "main", "entity_ids"])


def _day_of_cell(value) -> int:
    if isinstance(value, (pd.Timestamp, date)):
        return value.toordinal()
    return day_number(value)


def _items(frame: pd.DataFrame, sources: list[list[str]]) -> list[_Item]:
    """Drawable events; rows without a start or end date are left out."""
    items = []
    for row, srcs in zip(frame.itertuples(index=False), sources):
        if pd.isna(row.start) or pd.isna(row.end):
            continue
        start, end = _day_of_cell(row.start), _day_of_cell(row.end)
        gran = str(getattr(row, "granularity", "day") or "day")
        approximate = _truthy(getattr(row, "approximate", False))
        items.append(_Item(
            id=str(row.id), label=_shorten(str(row.label)),
            date_text=format_interval(start, end, gran),
            start=float(start - _EPOCH), end=float(end + 1 - _EPOCH),
            point=gran in _POINT_GRANULARITIES and start == end,
            uncertain=approximate or _truthy(getattr(row, "derived", False)),
            flagged=_truthy(getattr(row, "flags", "")) or _truthy(getattr(row, "disputed", False)),
            sources=srcs or ["unknown source"], main=_truthy(getattr(row, "main", False)),
            context=_truthy(getattr(row, "context", False)),
            entities=tuple(getattr(row, "entity_ids", ()) or ())))
    return items


def _shorten(text: str, limit: int = MAX_LABEL_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(" ", 1)[0]
    return (cut if len(cut) > limit // 2 else text[:limit - 1]).rstrip(" ,;:-") + "\u2026"


def _to_num(value) -> float | None:
    if value is None:
        return None
    if isinstance(value, str):  # "2013-12-15", "-0043-03-15"
        return _num(Day.fromisoformat(value))
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    return _num(value)


# -- ranges -------------------------------------------------------------------------------

def _view_range(items: list[_Item], start, end) -> tuple[float, float]:
    """The range to draw: ``start``..``end`` where given, else every event plus a margin."""
    if items:
        first, last = min(i.start for i in items), max(i.end for i in items)
    else:
        first = last = _num(date.today())
    span = max(last - first, 14.0)
    middle = (first + last) / 2
    margin = span * 0.03
    lo, hi = _to_num(start), _to_num(end)
    if lo is not None and hi is not None and hi <= lo:
        raise ValueError("the image range ends before it starts")
    if lo is None:
        lo = middle - span / 2 - margin if hi is None or hi > first else hi - span
    if hi is None:
        hi = middle + span / 2 + margin if lo < last else lo + span
    return lo, hi


def find_dense_window(items_or_spans: Sequence[tuple[float, float]], view: tuple[float, float],
                      share: float = 0.4, max_width: float = 0.1) -> tuple[float, float] | None:
    """A short stretch holding a large share of the events, worth a panel of its own.

    In the typical story (2004 ... 2011 ... most events in Dec 2013 - Jan 2014) the recent
    events would otherwise crowd into a few points of a decade-wide axis.
    """
    spans = sorted(items_or_spans)
    n = len(spans)
    full = view[1] - view[0]
    k = max(4, math.ceil(share * n))
    if n < 6 or k > n or full <= 0:
        return None
    middles = sorted((a + b) / 2 for a, b in spans)
    width, i = min((middles[i + k - 1] - middles[i], i) for i in range(n - k + 1))
    pad = max(1.5, 0.15 * width)
    lo, hi = middles[i] - pad, middles[i + k - 1] + pad
    lo, hi = _grow_window(spans, lo, hi)
    margin = 0.04 * (hi - lo)
    lo, hi = lo - margin, hi + margin
    inside = sum(1 for a, b in spans if lo <= a and b <= hi)
    if hi - lo > max_width * full or inside < 4 or inside == n:
        return None
    return lo, hi


def _grow_window(spans: list[tuple[float, float]], lo: float, hi: float) -> tuple[float, float]:
    """Take in events that overlap the window and are not much longer than it."""
    changed = True
    while changed:
        changed = False
        for a, b in spans:
            if a < hi and b > lo and b - a <= 3 * (hi - lo) and (a < lo or b > hi):
                lo, hi, changed = min(lo, a), max(hi, b), True
    return lo, hi


# -- lanes and colours --------------------------------------------------------------------

@dataclass
class _Lanes:
    names: list[str]
    colours: dict[str, str]
    #: Source name -> lane index (top lane is 0).
    index: dict[str, int]
    #: Lanes per entity: each event's lanes (by event id); events keep their outlet's
    #: colour, as in a single lane.
    by_event: dict[str, list[int]] | None = None

    @property
    def single(self) -> bool:
        return len(self.names) == 1 and self.names[0] == ""

    @property
    def outlet_coloured(self) -> bool:
        """Events take their first outlet's colour, not their lane's."""
        return self.single or self.by_event is not None

    def of(self, item: _Item) -> list[int]:
        if self.by_event is not None:
            return self.by_event.get(item.id, [len(self.names) - 1])
        return sorted({self.index.get(s, len(self.names) - 1) for s in item.sources})


def _entity_lanes(items: list[_Item], colours: dict[str, str], chosen: Sequence[str],
                  names: dict[str, str]) -> _Lanes:
    """One lane per chosen entity (else per entity in most events), as the window draws
    them (model.entity_view); an event of several entities is in each of their lanes."""
    lanes = entity_lanes([i.entities for i in items], chosen, names, MAX_ENTITY_LANES)
    if not lanes:
        return _Lanes([""], colours, {name: 0 for name in colours})
    by_event: dict[str, list[int]] = {}
    for k, lane in enumerate(lanes):
        for row in lane.rows:
            by_event.setdefault(items[row].id, []).append(k)
    return _Lanes([lane.title for lane in lanes], colours, {}, by_event)


def _lanes(items: list[_Item], outlets: list[str], mode: str, chosen: Sequence[str] = (),
           names: dict[str, str] | None = None) -> _Lanes:
    if mode not in ("source", "single", "entity"):
        raise ValueError(f"lanes must be 'source', 'single' or 'entity', not {mode!r}")
    used = [o for o in outlets if any(o in i.sources for i in items)]
    used += [s for i in items for s in i.sources if s not in used]
    used = list(dict.fromkeys(used))
    every = palette.outlet_colours(list(outlets) + used)  # the window's colour of each
    colours = {name: every[name] for name in used}
    if mode == "entity":
        return _entity_lanes(items, colours, chosen, names or {})
    if mode == "single" or not used:
        return _Lanes([""], colours, {name: 0 for name in used})
    names = used if len(used) <= MAX_LANES else used[:MAX_LANES - 1] + ["other sources"]
    index = {name: min(k, len(names) - 1) for k, name in enumerate(used)}
    return _Lanes(names, colours, index)


def _colour(item: _Item, lane: int, lanes: _Lanes) -> str:
    """The lane's outlet colour; in a single lane or lanes per entity, the colour of the
    event's first outlet."""
    name = item.sources[0] if lanes.outlet_coloured else lanes.names[lane]
    return lanes.colours.get(name, MUTED_COLOUR)


# -- one panel (overview or detail) -------------------------------------------------------

@dataclass
class _Geometry:
    """An axes measured in points: lanes at the bottom, label rows above them."""

    width: float
    height: float
    lane_height: float
    band_top: float
    rows: int
    row_height: float
    label_base: float
    n_lanes: int
    view: tuple[float, float]

    def lane_y(self, lane: int) -> float:
        return self.band_top - (lane + 0.5) * self.lane_height

    def x(self, num: float) -> float:
        lo, hi = self.view
        return (num - lo) / (hi - lo) * self.width

    def num(self, x_points: float) -> float:
        lo, hi = self.view
        return lo + x_points / self.width * (hi - lo)

    def row_y(self, row: int) -> float:
        return self.label_base + (row + 0.5) * self.row_height


def _geometry(ax, n_lanes: int, view: tuple[float, float], depth: int = 1) -> _Geometry:
    """Lanes get taller when they hold stacked tracks, within 40% of the axes."""
    box = ax.get_window_extent()
    scale = 72.0 / ax.figure.dpi
    width, height = box.width * scale, box.height * scale
    wanted = 18.0 * (1 + 0.5 * (depth - 1))
    lane_height = min(max(height * 0.4 / n_lanes, 8.0), wanted)
    band_top = 4.0 + n_lanes * lane_height
    row_height = LABEL_SIZE * 1.9
    label_base = band_top + 5.0
    rows = min(max(int((height - label_base - 3.0) // row_height), 0), MAX_ROWS)
    return _Geometry(width, height, lane_height, band_top, rows, row_height, label_base,
                     n_lanes, view)


def _prepare_axes(ax, view: tuple[float, float], lanes: _Lanes) -> None:
    ax.set_xlim(*view)
    if view[0] > _num(Day.of(2)) and view[1] < _num(Day.of(9998)):
        locator = mdates.AutoDateLocator(minticks=4, maxticks=11)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(
            locator, offset_formats=["", "%Y", "%b %Y", "%d %b %Y", "%d %b %Y",
                                     "%d %b %Y %H:%M"]))
    else:  # years BC or near the calendar's ends: matplotlib's date axis stops at AD 1
        from matplotlib.ticker import FixedLocator, FuncFormatter
        years = _year_ticks(_day(view[0]).year, _day(view[1]).year)
        ax.xaxis.set_major_locator(FixedLocator([_num(Day.of(y)) for y in years]))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: year_label(_day(x).year)))
    ax.grid(axis="x", color=GRID_COLOUR, linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0, labelsize=8)
    _lane_ticks(ax, list(range(len(lanes.names))), lanes)


def _lane_ticks(ax, ys: list[float], lanes: _Lanes) -> None:
    """Lane names in their outlet's colour; none for a single lane."""
    if lanes.single:
        ax.set_yticks([])
        return
    ax.set_yticks(ys, labels=lanes.names)
    for tick, name in zip(ax.get_yticklabels(), lanes.names):
        tick.set_color(lanes.colours.get(name, MUTED_COLOUR))
        tick.set_fontweight("bold")


def _finish_axes(ax, geo: _Geometry, lanes: _Lanes) -> None:
    ax.set_ylim(0, geo.height)
    _lane_ticks(ax, [geo.lane_y(k) for k in range(len(lanes.names))], lanes)
    for k in range(0, len(lanes.names), 2):
        y = geo.lane_y(k)
        ax.axhspan(y - geo.lane_height / 2, y + geo.lane_height / 2, color="#f3f3f3",
                   zorder=0, linewidth=0)


Slot = tuple[int, float, float]  # lane, y, bar height


def _slots(items: list[_Item], lanes: _Lanes, geo: _Geometry) -> list[list[Slot]]:
    """Where each event is drawn: (lane, y, bar height) in every lane it belongs to.

    Bars that overlap in one lane (2013, and December 2013 from the same outlet) go on
    thinner stacked tracks, so that neither hides the other; points sit on the lane's line.
    """
    out: list[list[Slot]] = [[] for _ in items]
    of = [lanes.of(item) for item in items]
    for lane in range(len(lanes.names)):
        members = [k for k in range(len(items)) if lane in of[k]]
        tracks, n = _tracks([k for k in members if not items[k].point], items, geo)
        usable = geo.lane_height * (0.74 if n > 1 else 0.55)
        step = usable / n
        y0 = geo.lane_y(lane)
        for k in members:
            if items[k].point:
                out[k].append((lane, y0, 0.0))
            else:
                y = y0 + usable / 2 - (tracks[k] + 0.5) * step
                out[k].append((lane, y, step * (0.84 if n > 1 else 1.0)))
    return out


def _depth(items: list[_Item], lanes: _Lanes, geo: _Geometry) -> int:
    """The most tracks any lane needs."""
    of = [lanes.of(item) for item in items]
    return max((_tracks([k for k, item in enumerate(items) if lane in of[k] and not item.point],
                        items, geo)[1] for lane in range(len(lanes.names))), default=1)


def _tracks(bars: list[int], items: list[_Item], geo: _Geometry) -> tuple[dict[int, int], int]:
    """Greedy interval colouring of one lane's bars into at most MAX_TRACKS tracks."""
    ends: list[float] = []
    track: dict[int, int] = {}
    for k in sorted(bars, key=lambda k: (items[k].start, -items[k].end)):
        x0 = geo.x(items[k].start)
        x1 = max(geo.x(items[k].end), x0 + MIN_BAR)
        free = [t for t, e in enumerate(ends) if e + 2.0 <= x0]
        if free:
            t = free[0]
        elif len(ends) < MAX_TRACKS:
            t = len(ends)
            ends.append(-math.inf)
        else:
            t = min(range(len(ends)), key=ends.__getitem__)
        ends[t] = max(ends[t], x1)
        track[k] = t
    return track, max(len(ends), 1)


def _draw_marks(ax, items: list[_Item], slots: list[list[Slot]], anchors: list[float],
                geo: _Geometry, lanes: _Lanes) -> None:
    """Points for days, bars for longer spans; uncertain ones light; flagged ones ringed;
    an event from several outlets joined across their lanes (or badged in a single lane)."""
    n_marks = sum(len(s) for s in slots)
    raster = n_marks > RASTER_THRESHOLD
    points: dict[bool, list[tuple[float, float, str]]] = {True: [], False: []}
    bars, bar_style, rings, connectors, badges, hollow = [], [], [], [], [], []
    min_width = geo.num(MIN_BAR) - geo.num(0.0)
    for item, slot, x in zip(items, slots, anchors):
        ys = [y for _, y, _ in slot]
        if len(ys) > 1:
            connectors.append([(x, min(ys)), (x, max(ys))])
        elif len(item.sources) > 1:
            badges.append((x, ys[0], len(item.sources)))
        for lane, y, height in slot:
            colour = _colour(item, lane, lanes)
            if item.context:
                hollow.append((item.middle if item.point else item.start, y))
                if item.point:
                    continue
            if item.point:
                points[item.uncertain].append((item.middle, y, colour))
            else:
                width = max(item.end - item.start, min_width)
                bars.append(Rectangle((item.start, y - height / 2), width, height))
                bar_style.append((colour, item.uncertain, item.flagged))
        if item.flagged:
            rings.append((x, max(ys)))
    if connectors:
        ax.add_collection(LineCollection(connectors, colors="#555555", linewidths=0.9,
                                         zorder=2, rasterized=raster))
    if bars:
        _add_bars(ax, bars, bar_style, raster)
    _add_points(ax, points, n_marks, raster)
    if hollow:
        xs, ys = zip(*hollow)
        ax.scatter(xs, ys, s=34, facecolors="none", edgecolors=palette.CONTEXT,
                   linewidths=1.1, linestyle=(0, (1, 1)), zorder=4, rasterized=raster)
    if rings:
        xs, ys = zip(*rings)
        ax.scatter(xs, ys, s=110, facecolors="none", edgecolors=FLAG_COLOUR, linewidths=1.3,
                   zorder=5, rasterized=raster)
    for x, y, n in badges[:200]:
        _badge(ax, x, y, n)


def _add_points(ax, points: dict[bool, list[tuple[float, float, str]]], n_marks: int,
                raster: bool) -> None:
    size = 30 if n_marks <= 300 else 14
    for uncertain, pts in points.items():
        if not pts:
            continue
        xs, ys, cs = zip(*pts)
        if uncertain:
            faces, edges, width = "white", list(cs), 1.2
        else:
            faces, edges, width = list(cs), ("white" if size > 20 else "none"), 0.5
        ax.scatter(xs, ys, s=size, c=faces, edgecolors=edges, linewidths=width, zorder=4,
                   rasterized=raster)


def _add_bars(ax, bars: list[Rectangle], style: list[tuple[str, bool, bool]], raster: bool):
    faces = [matplotlib.colors.to_rgba(c, 0.3 if unc else 0.85) for c, unc, _ in style]
    edges = [FLAG_COLOUR if flag else c for c, _, flag in style]
    dashes = ["--" if unc else "-" for _, unc, _ in style]
    ax.add_collection(PatchCollection(bars, facecolors=faces, edgecolors=edges,
                                      linestyles=dashes, linewidths=0.9, zorder=3,
                                      rasterized=raster))


def _badge(ax, x: float, y: float, count: int) -> None:
    """How many outlets report an event, where a single lane cannot show it."""
    artist = ax.text(x, y, str(count), fontsize=6, color="white", fontweight="bold",
                     ha="center", va="center", zorder=7,
                     bbox={"boxstyle": "circle,pad=0.25", "fc": "#333333", "ec": "white",
                           "lw": 0.6})
    artist.set_in_layout(False)


def _anchors(items: list[_Item], geo: _Geometry, lanes: _Lanes) -> list[float]:
    """Each event's leader x; bars that would share one move along themselves, so that
    each keeps a leader (and label) of its own."""
    anchors = [_anchor(item, geo, lanes) for item in items]
    step = geo.num(5.0) - geo.num(0.0)
    previous = -math.inf
    for k in sorted(range(len(items)), key=anchors.__getitem__):
        item = items[k]
        if not item.point and anchors[k] - previous < step:
            moved = previous + step
            if moved < min(item.end, geo.view[1]) - step / 5:
                anchors[k] = moved
        previous = anchors[k]
    return anchors


def _anchor(item: _Item, geo: _Geometry, lanes: _Lanes) -> float:
    """Where an event's leader line meets it: a point's centre, near a bar's start.

    Bars starting together (2011 in two lanes) get leaders a few points apart, by lane,
    so that each can still carry its own label.
    """
    if item.point:
        return item.middle
    lane = min(lanes.of(item))
    offset = geo.num(2.0 + 5.0 * lane) - geo.num(0.0)
    start = max(item.start, geo.view[0])
    end = min(item.end, geo.view[1])
    return start + min(offset, (end - start) / 2)


# -- labels -------------------------------------------------------------------------------

@dataclass
class _Label:
    head: str  # the date (and source count), muted or red
    text: str
    anchor: float  # date number
    top: float  # y (points) of the mark the leader ends on
    priority: float
    flagged: bool = False


class _Measure:
    """Text widths in points, from the font at the given size (the figure's own renderer)."""

    def __init__(self, fig: Figure):
        self.renderer = fig.canvas.get_renderer()
        self.scale = 72.0 / fig.dpi
        self.props = {size: FontProperties(size=size) for size in (LABEL_SIZE, DATE_SIZE)}

    def __call__(self, text: str, size: float) -> float:
        if not text:
            return 0.0
        w, _, _ = self.renderer.get_text_width_height_descent(text, self.props[size],
                                                              ismath=False)
        return w * self.scale


def _event_label(item: _Item, slot: list[Slot], anchor: float) -> _Label:
    head = item.date_text
    if len(item.sources) > 1:
        head += f" \u00b7 {len(item.sources)} sources"
    if item.flagged:
        head = "! " + head
    top = max(y for _, y, _ in slot)
    return _Label(head, item.label, anchor, top, item.priority, item.flagged)


def _merge_coincident(labels: list[_Label], geo: _Geometry, within: float = 3.0) -> list[_Label]:
    """Events at the same spot share one leader: keep the most important label, say how
    many more there are."""
    out: list[_Label] = []
    group: list[_Label] = []
    for label in sorted(labels, key=lambda lb: lb.anchor) + [None]:
        if label is not None and group and geo.x(label.anchor) - geo.x(group[0].anchor) < within:
            group.append(label)
            continue
        if group:
            best = max(group, key=lambda lb: lb.priority)
            if len(group) > 1:
                best = replace(best, text=f"{best.text} (+{len(group) - 1} more)",
                               top=min(lb.top for lb in group))
            out.append(best)
        group = [] if label is None else [label]
    return out


def _draw_labels(ax, labels: list[_Label], geo: _Geometry, measure: _Measure) -> int:
    """Place labels without overlap (thinning the least important); returns how many fit."""
    space = measure(" ", LABEL_SIZE) * 1.5
    budget = max(geo.rows * 15, 15)
    labels = sorted(_merge_coincident(labels, geo), key=lambda lb: -lb.priority)[:budget]
    widths = [(measure(lb.head, DATE_SIZE) + (space if lb.head else 0.0),
               measure(lb.text, LABEL_SIZE)) for lb in labels]
    requests = [LabelRequest(geo.x(lb.anchor), hw + tw, lb.priority)
                for lb, (hw, tw) in zip(labels, widths)]
    placed = pack_labels(requests, geo.rows, 0.0, geo.width)
    leaders = []
    for p in placed:
        label, (head_w, _) = labels[p.index], widths[p.index]
        y = geo.row_y(p.row)
        _text(ax, geo.num(p.x0), y, label.head, DATE_SIZE,
              FLAG_COLOUR if label.flagged else MUTED_COLOUR)
        _text(ax, geo.num(p.x0 + head_w), y, label.text, LABEL_SIZE, TEXT_COLOUR)
        leaders.append([(label.anchor, y - geo.row_height * 0.42), (label.anchor, label.top)])
    if leaders:
        ax.add_collection(LineCollection(leaders, colors="#b5b5b5", linewidths=0.6, zorder=1))
    return len(placed)


def _text(ax, x: float, y: float, text: str, size: float, colour: str) -> None:
    artist = ax.text(x, y, text, fontsize=size, color=colour, ha="left", va="center",
                     parse_math=False, zorder=6, clip_on=False)
    artist.set_in_layout(False)


# -- the figure ---------------------------------------------------------------------------

@dataclass
class _Panel:
    ax: object
    view: tuple[float, float]
    items: list[_Item]
    #: Events shown in the detail panel: marked here, summarised by one label.
    grouped: list[_Item] = field(default_factory=list)


def _legend_handles(lanes: _Lanes, items: list[_Item]) -> list:
    handles = [Patch(facecolor=colour, edgecolor="none", label=name)
               for name, colour in lanes.colours.items()]
    grey = "#8a8a8a"
    if any(i.point for i in items):
        handles.append(Line2D([], [], ls="", marker="o", ms=6, mfc=grey, mec="white",
                              label="day"))
    if any(not i.point for i in items):
        handles.append(Patch(facecolor=grey, edgecolor=grey, label="week / month / year"))
    if any(i.uncertain for i in items):
        handles.append(Patch(facecolor=matplotlib.colors.to_rgba(grey, 0.3), edgecolor=grey,
                             linestyle="--", label="approximate or derived"))
    badge = Line2D([], [], ls="", marker="o", ms=8, mfc="#333333", mec="white",
                   label="(n) reported by n sources")
    if lanes.by_event is not None:
        if any(len(i.sources) > 1 and len(lanes.of(i)) == 1 for i in items):
            handles.append(badge)
        if any(len(lanes.of(i)) > 1 for i in items):
            handles.append(Line2D([], [], ls="", marker="$|$", ms=9, color="#555555",
                                  label="one event of several entities"))
    elif any(len(i.sources) > 1 for i in items):
        handles.append(badge if lanes.single else
                       Line2D([], [], ls="", marker="$|$", ms=9, color="#555555",
                              label="reported by several sources"))
    if any(i.context for i in items):
        handles.append(Line2D([], [], ls="", marker="o", ms=6, mfc="none", mec=palette.CONTEXT,
                              mew=1.1, label="dated by context"))
    if any(i.flagged for i in items):
        handles.append(Line2D([], [], ls="", marker="o", ms=8, mfc="none",
                              mec=FLAG_COLOUR, mew=1.3, label="flagged: check sources"))
    return handles


def _add_legend(fig: Figure, handles: list, width_in: float) -> None:
    """One row when it fits the width, else as few balanced rows as needed."""
    if not handles:
        return
    measure = _Measure(fig)
    widths = [measure(h.get_label(), LABEL_SIZE) + 34.0 for h in handles]
    rows = 1
    while rows < len(handles):
        ncols = math.ceil(len(handles) / rows)
        columns = [widths[c * rows:(c + 1) * rows] for c in range(ncols)]
        if sum(max(col) for col in columns if col) <= width_in * 72 * 0.95:
            break
        rows += 1
    ncols = math.ceil(len(handles) / rows)
    fig.legend(handles=handles, loc="outside lower center", frameon=False, fontsize=8,
               ncols=ncols)


def _year_ticks(first: int, last: int, most: int = 9) -> list[int]:
    """Round years between ``first`` and ``last`` (astronomical), at most ``most``."""
    span = max(last - first, 1)
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000)
                if span / s <= most)
    start = first + (-first) % step
    return list(range(start, last + 1, step))


def _subtitle(items: list[_Item], lanes: _Lanes) -> str:
    n_sources = len(lanes.colours)
    if not items:
        return "No dated events in this range"
    first = year_label(_day(min(i.start for i in items)).year)
    last = year_label(_day(max(i.end for i in items) - 1).year)
    years = f"{first}" if first == last else f"{first}\u2013{last}"
    return (f"{years} \u00b7 {len(items)} event{'s' * (len(items) != 1)} \u00b7 "
            f"{n_sources} source{'s' * (n_sources != 1)}")


def _window_title(window: tuple[float, float], items: list[_Item]) -> str:
    lo, hi = (_day(v) for v in window)
    span = format_interval(lo, hi, "day")
    return f"Detail: {span} \u00b7 {len(items)} events (shaded above)"


def _split(items: list[_Item],
           window: tuple[float, float] | None) -> tuple[list[_Item], list[_Item]]:
    """Events outside and inside the detail window."""
    if window is None:
        return items, []
    inside = [i for i in items if window[0] <= i.start and i.end <= window[1]]
    ids = {id(i) for i in inside}
    return [i for i in items if id(i) not in ids], inside


def _resolve_window(detail, items: list[_Item], view: tuple[float, float]):
    if detail in (None, False):
        return None
    if detail == "auto":
        return find_dense_window([(i.start, i.end) for i in items], view)
    lo, hi = (_to_num(v) for v in detail)
    return (lo, hi) if hi > lo else None


def render_figure(chron_or_frame: Chronology | pd.DataFrame, *, width_in: float = 12,
                  height_in: float = 6.75, dpi: float = 150, title: str | None = None,
                  start=None, end=None, lanes: str = "source", detail="auto",
                  entities: Sequence[str] = ()) -> Figure:
    """The chronology as a matplotlib Figure (no pyplot; save it with ``save_figure``).

    ``lanes`` is "source" (one lane per outlet), "single" or "entity" (one lane per entity
    of ``entities``, else per entity in most events; a Chronology names them). ``detail`` is "auto" (add a
    panel for a short stretch holding most events, if there is one), None, or a
    (start, end) pair.
    """
    with matplotlib.rc_context(_RC):
        return _build_figure(chron_or_frame, width_in, height_in, dpi, title, start, end,
                             lanes, detail, entities)


def _build_figure(data, width_in, height_in, dpi, title, start, end, lane_mode, detail,
                  chosen=()):
    frame, sources, outlets = _frame_of(data)
    items = _items(frame, sources)
    view = _view_range(items, start, end)
    items = [i for i in items if i.end > view[0] and i.start < view[1]]
    lanes = _lanes(items, outlets, lane_mode, chosen, _entity_names(data))
    window = _resolve_window(detail, items, view)
    outside, inside = _split(items, window)

    fig = Figure(figsize=(width_in, height_in), dpi=dpi, layout="constrained")
    FigureCanvasAgg(fig)
    fig.get_layout_engine().set(h_pad=0.06, w_pad=0.08, hspace=0.12)
    panels = _make_panels(fig, items, view, window, outside, inside, lanes)
    fig.suptitle(title or "Chronology", x=0.01, ha="left", fontweight="bold")
    _add_legend(fig, _legend_handles(lanes, items), width_in)
    fig.get_layout_engine().execute(fig)
    fig.set_layout_engine("none")
    measure = _Measure(fig)
    for panel in panels:
        _draw_panel(panel, lanes, measure)
    if window is not None:
        _link_panels(fig, panels[0], panels[1], window)
    return fig


def _make_panels(fig, items, view, window, outside, inside, lanes) -> list[_Panel]:
    if window is None:
        ax = fig.add_subplot()
        panels = [_Panel(ax, view, items)]
    else:
        top, bottom = fig.subplots(2, 1, height_ratios=[1.0, 1.3])
        panels = [_Panel(top, view, outside, inside), _Panel(bottom, window, inside)]
        bottom.set_title(_window_title(window, inside), loc="left", fontsize=9,
                         color=MUTED_COLOUR)
    panels[0].ax.set_title(_subtitle(items, lanes), loc="left", fontsize=9,
                           color=MUTED_COLOUR)
    for panel in panels:
        _prepare_axes(panel.ax, panel.view, lanes)
    return panels


def _draw_panel(panel: _Panel, lanes: _Lanes, measure: _Measure) -> None:
    ax = panel.ax
    everything = panel.items + panel.grouped
    geo = _geometry(ax, len(lanes.names), panel.view)
    geo = _geometry(ax, len(lanes.names), panel.view, _depth(everything, lanes, geo))
    _finish_axes(ax, geo, lanes)
    slots = _slots(everything, lanes, geo)
    anchors = _anchors(everything, geo, lanes)
    _draw_marks(ax, everything, slots, anchors, geo, lanes)
    labels = [_event_label(*args) for args in zip(panel.items, slots, anchors)]
    if panel.grouped:
        labels.append(_group_label(panel.grouped, geo))
    _draw_labels(ax, labels, geo, measure)
    if not everything:
        ax.text(0.5, 0.5, "No dated events", transform=ax.transAxes, ha="center",
                va="center", color=MUTED_COLOUR, fontsize=11)


def _group_label(items: list[_Item], geo: _Geometry) -> _Label:
    lo, hi = min(i.start for i in items), max(i.end for i in items)
    anchor = (lo + hi) / 2
    return _Label("", f"{len(items)} events: see detail below", anchor, geo.band_top,
                  priority=1e9)


def _link_panels(fig: Figure, over: _Panel, detail: _Panel, window: tuple[float, float]):
    """Shade the detail's stretch on the overview and join it to the detail panel by a
    funnel running below the overview's dates and above the detail's title."""
    over.ax.axvspan(*window, color="#f6d55c", alpha=0.45, zorder=0, linewidth=0)
    detail.ax.set_facecolor("#fffbea")
    renderer = fig.canvas.get_renderer()
    to_figure = fig.transFigure.inverted()
    top = over.ax.get_tightbbox(renderer).y0 - 2
    bottom = detail.ax.get_tightbbox(renderer).y1 + 2
    box = detail.ax.get_window_extent()
    for x, corner in ((window[0], box.x0), (window[1], box.x1)):
        x_over = over.ax.transData.transform((x, 0))[0]
        (xa, ya), (xb, yb) = to_figure.transform([(x_over, top), (corner, bottom)])
        fig.add_artist(Line2D([xa, xb], [ya, yb], transform=fig.transFigure,
                              color="#d9b84a", linewidth=0.8, linestyle="--"))


def save_figure(fig: Figure, path: str | os.PathLike, dpi: float | None = None) -> None:
    """Save as PNG, SVG or PDF (by suffix), text kept as text, written atomically."""
    target = Path(path)
    fmt = target.suffix.lower()
    if fmt not in FORMATS:
        raise ExportError(f"cannot write {target}: use a .png, .svg or .pdf file name")
    buffer = io.BytesIO()
    with matplotlib.rc_context(_RC):
        fig.savefig(buffer, format=fmt[1:], dpi=dpi or fig.dpi,
                    metadata=_metadata(fmt), facecolor="white")
    write_bytes_atomic(target, buffer.getvalue())


def _metadata(fmt: str) -> dict:
    """Metadata without dates, so the same chronology gives the same file."""
    if fmt == ".svg":
        return {"Date": None, "Creator": "Timeline Explorer"}
    if fmt == ".pdf":
        return {"CreationDate": None, "Creator": "Timeline Explorer"}
    return {"Software": "Timeline Explorer"}


def render_timeline(chron_or_frame: Chronology | pd.DataFrame, path: str | os.PathLike, *,
                    width_in: float = 12, height_in: float = 6.75, dpi: float = 150,
                    title: str | None = None, start=None, end=None, lanes: str = "source",
                    detail="auto", entities: Sequence[str] = ()) -> None:
    """Render the chronology to an image file; ExportError if it cannot be written."""
    fig = render_figure(chron_or_frame, width_in=width_in, height_in=height_in, dpi=dpi,
                        title=title, start=start, end=end, lanes=lanes, detail=detail,
                        entities=entities)
    save_figure(fig, path, dpi)
