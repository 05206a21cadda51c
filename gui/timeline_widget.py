"""The zoomable timeline: one widget painting every visible event with QPainter.

Per frame it asks ``TimelineData`` for the events in view (``np.searchsorted``), stacks
labels greedily into rows in pixel space and collapses what does not fit into cluster
bubbles; when a lane holds too many events it draws a per-pixel density strip instead.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

import numpy as np

from . import axis
from .colours import CONTEXT, FLAG, REJECTED, category_colour, source_colour, source_shape
from .dates import format_interval
from .qt import (QColor, QEvent, QFont, QFontMetrics, QImage, QLinearGradient, QPainter,
                 QPainterPath, QPen, QPoint, QPointF, QPolygonF, QRect, QRectF,
                 QRubberBand, QSize, Qt, QToolTip, QWidget, Signal)
from .selection import Selection
from .timeline_data import TimelineData
from .viewport import Viewport

AXIS_H = 46
TOP_PAD = 8
ROW_H = 22
MARK = 10
LABEL_MAX_PX = 240
#: More events than this in one lane's view and the lane becomes a density strip.
DENSE_LIMIT = 600
CLUSTER_GAP = 26
BUCKET_PX = 90
EMPTY_LANE_H = 22
LEFTOVER_H = 14


#: Events listed by name in a cluster's tooltip.
CLUSTER_TIP_MAX = 12


@dataclass
class _Hit:
    rect: QRectF
    index: int = -1  # event index, or -1 for a cluster
    t0: float = 0.0
    t1: float = 0.0
    members: tuple = ()  # a cluster's event indices (empty for a density bucket)


class TimelineWidget(QWidget):
    """Zoom with the wheel, pinch or keys; drag to pan; click to select; F fits all."""

    viewChanged = Signal(float, float)
    #: (event id, global position): the window shows the event's context menu.
    eventMenuRequested = Signal(str, QPoint)
    #: Ctrl/Shift+click: add the event to (or take it from) the multiple selection.
    eventToggled = Signal(str)
    #: Shift+drag: the events inside the rubber band (ids).
    eventsBoxed = Signal(list)

    def __init__(self, selection: Selection, parent: QWidget | None = None):
        super().__init__(parent)
        self.selection = selection
        self.viewport = Viewport(730000, 736000, 800)
        self.data: TimelineData | None = None
        self._frame = None
        self._articles: list[tuple[str, str]] = []
        self._visible = None
        self._outlet_colours = None
        #: How lanes are laid out (model.session.LANES), and for lanes per entity the
        #: entities chosen and every entity's name.
        self.lanes = "single"
        self._chosen: tuple[str, ...] = ()
        self._entity_names: dict[str, str] = {}
        self._hits: list[_Hit] = []
        self._lane_colour = -1
        self._press: QPointF | None = None
        self._dragged = False
        self._hover = -1
        self._band = None
        self._band_origin = None
        self._label_font = QFont(self.font())
        self._bold_font = QFont(self._label_font)
        self._bold_font.setBold(True)
        self._small_font = QFont(self.font())
        self._small_font.setPointSizeF(max(self.font().pointSizeF() * 0.85, 7.0))
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.StrongFocus)
        self.setMinimumHeight(180)
        self.setAttribute(Qt.WA_AcceptTouchEvents, False)
        self.setAccessibleName("Timeline")
        self.setToolTip("")
        self.setWhatsThis("Wheel or pinch to zoom, drag to pan, click an event to select it, "
                          "F to fit all, Left/Right to step through events.")
        selection.eventSelected.connect(self._on_selected)

    # data ---------------------------------------------------------------
    def set_events(self, frame, articles: list[tuple[str, str]], visible=None,
                   fit: bool = False, colour_of: dict[str, int] | None = None) -> None:
        """Show the events of ``frame`` (an events DataFrame); ``visible`` is a row mask;
        ``colour_of``: each outlet's colour index."""
        self._frame, self._articles, self._visible = frame, articles, visible
        if colour_of is not None:
            self._outlet_colours = colour_of
        self._rebuild()
        if fit:
            self.fit_all()
        self.update()

    def set_lanes(self, lanes: str) -> None:
        """Lay the lanes out as ``lanes`` says (model.session.LANES)."""
        self.lanes = lanes
        self._rebuild()
        self.update()

    def set_entities(self, chosen: tuple[str, ...], entity_names: dict[str, str]) -> None:
        """The entities that get a lane each when lanes are per entity, and every entity's
        name; drawn from the next ``set_events``."""
        self._chosen = tuple(chosen)
        self._entity_names = entity_names

    def _rebuild(self) -> None:
        if self._frame is None:
            self.data = None
            return
        self.data = TimelineData(self._frame, self._articles, self.lanes, self._visible,
                                 self._outlet_colours, self._chosen, self._entity_names)
        self._set_limits()
        metrics = QFontMetrics(self._bold_font)
        self._labels = [metrics.elidedText(text, Qt.ElideRight, LABEL_MAX_PX)
                        for text in self.data.labels]
        self._label_w = np.array([metrics.horizontalAdvance(t) for t in self._labels], dtype=float)
        colours = {c: category_colour(c) for c in set(self.data.categories)}
        self._category_colours = [colours[c] for c in self.data.categories]

    def _set_limits(self) -> None:
        """Zooming out and panning stop a little beyond the data (all of it, not the filter)."""
        extent = None
        if self._frame is not None and len(self._frame):
            from .timeline_data import day_numbers
            extent = (float(day_numbers(self._frame["start"]).min()),
                      float(day_numbers(self._frame["end"]).max()) + 1.0)
        if extent is None:
            self.viewport.set_limits(None)
            return
        span = max(extent[1] - extent[0], 30.0)
        self.viewport.set_limits((extent[0] - 0.5 * span - 30.0, extent[1] + 0.7 * span + 30.0))

    # view ---------------------------------------------------------------
    def fit_all(self) -> None:
        """Show every event, leaving room on the right for the last labels."""
        extent = self.data.extent() if self.data is not None else None
        if extent:
            t_min, t_max = extent
            left, right = 30.0, min(LABEL_MAX_PX + 40.0, self.width() * 0.3)
            per_px = max(t_max - t_min, 1.0) / max(self.width() - left - right, 50.0)
            t0 = t_min - left * per_px
            self.viewport.set_range(t0, t0 + self.width() * per_px)
            self._view_changed()

    def centre_on(self, t: float) -> None:
        self.viewport.centre_on(t)
        self._view_changed()

    def show_range(self, t0: float, t1: float) -> None:
        self.viewport.set_range(t0, t1)
        self._view_changed()

    def zoom(self, factor: float, x: float | None = None) -> None:
        """Zoom about pixel ``x``; without one, about the selected event when it is in view
        (so keyboard zooming keeps it in view), else about the middle."""
        if x is None and self.data is not None:
            i = self.data.index_of.get(self.selection.event_id, -1)
            if i >= 0:
                middle = (self.data.start[i] + self.data.end[i]) / 2.0
                if self.viewport.contains(middle):
                    x = float(self.viewport.x_of(middle))
        self.viewport.zoom(factor, x)
        self._view_changed()

    def go_to(self, t: float) -> None:
        """Centre on ``t``, zooming in to about a month if the view is wider than years."""
        span = min(self.viewport.span, 60.0)
        self.viewport.set_range(t - span / 2, t + span / 2)
        self._view_changed()

    def _view_changed(self) -> None:
        self.update()
        self.viewChanged.emit(self.viewport.t0, self.viewport.t1)

    def _on_selected(self, event_id: str) -> None:
        if self.data is not None and event_id in self.data.index_of:
            i = self.data.index_of[event_id]
            s, e = self.data.start[i], self.data.end[i]
            v = self.viewport
            if e < v.t0 or s > v.t1:
                if e - s > v.span:
                    v.fit(s, e)
                else:
                    v.centre_on((s + e) / 2)
                self._view_changed()
        self.update()

    def step(self, direction: int) -> None:
        if self.data is not None:
            target = self.data.step(self.selection.event_id, direction)
            if target:
                self.selection.select(target)

    # geometry -------------------------------------------------------------
    def resizeEvent(self, event) -> None:
        self.viewport.resize(self.width())
        super().resizeEvent(event)

    def _lane_rects(self) -> list[QRectF]:
        """Lanes share the height; lanes without any event get a thin strip."""
        lanes = self.data.lanes if self.data is not None else []
        avail = self.height() - AXIS_H - TOP_PAD
        empty = [len(lane.order) == 0 for lane in lanes]
        full = max(len(lanes) - sum(empty), 1)
        h_full = max((avail - EMPTY_LANE_H * sum(empty)) / full, ROW_H + 6)
        rects, y = [], TOP_PAD
        for is_empty in empty:
            h = EMPTY_LANE_H if is_empty else h_full
            rects.append(QRectF(0, y, self.width(), h))
            y += h
        return rects

    # painting -------------------------------------------------------------
    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        pal = self.palette()
        p.fillRect(self.rect(), pal.base())
        self._hits = []
        if self.data is None or not len(self.data):
            self._paint_empty(p)
            p.end()
            return
        lanes = self._lane_rects()
        self._paint_grid(p, lanes)
        for lane, rect in zip(self.data.lanes, lanes):
            self._paint_lane(p, lane, rect)
        self._paint_selection_line(p)
        self._paint_axis(p)
        p.end()

    def _paint_empty(self, p: QPainter) -> None:
        self._paint_axis(p)
        p.setPen(self.palette().placeholderText().color())
        text = ("No dated events to show" if self.data is not None
                else "Open articles (Ctrl+O) or drop files and folders here")
        p.drawText(self.rect().adjusted(0, 0, 0, -AXIS_H), Qt.AlignCenter, text)

    def _paint_grid(self, p: QPainter, lanes: list[QRectF]) -> None:
        pal = self.palette()
        mid = pal.mid().color()
        for i, rect in enumerate(lanes):
            if i % 2 == 1:
                shade = QColor(pal.alternateBase().color())
                p.fillRect(rect, shade)
        grid = QColor(mid)
        grid.setAlpha(60)
        p.setPen(QPen(grid, 1))
        major, _ = axis.ticks(self.viewport.t0, self.viewport.t1, self.width())
        bottom = self.height() - AXIS_H
        for tick in major:
            x = round(self.viewport.x_of(tick.t)) + 0.5
            p.drawLine(QPointF(x, 0), QPointF(x, bottom))

    def _paint_axis(self, p: QPainter) -> None:
        pal = self.palette()
        top = self.height() - AXIS_H
        p.fillRect(QRectF(0, top, self.width(), AXIS_H), pal.window())
        text_colour = pal.windowText().color()
        p.setPen(QPen(pal.mid().color(), 1))
        p.drawLine(QPointF(0, top + 0.5), QPointF(self.width(), top + 0.5))
        major, context = axis.ticks(self.viewport.t0, self.viewport.t1, self.width())
        p.setFont(self._label_font)
        metrics = p.fontMetrics()
        for tick in major:
            x = self.viewport.x_of(tick.t)
            p.setPen(QPen(pal.mid().color(), 1))
            p.drawLine(QPointF(x, top), QPointF(x, top + 5))
            p.setPen(text_colour)
            w = metrics.horizontalAdvance(tick.label)
            p.drawText(QPointF(x - w / 2, top + 6 + metrics.ascent()), tick.label)
        if context:
            p.setFont(self._bold_font)
            metrics = p.fontMetrics()
            y = top + 8 + 2 * metrics.height() - metrics.descent()
            sticky, rest = context[0], context[1:]
            first_x = self.viewport.x_of(rest[0].t) if rest else self.width()
            if first_x > metrics.horizontalAdvance(sticky.label) + 16:
                p.drawText(QPointF(4, y), sticky.label)
            for tick in rest:
                x = self.viewport.x_of(tick.t)
                p.setPen(QPen(pal.mid().color(), 1))
                p.drawLine(QPointF(x, top + 22), QPointF(x, self.height()))
                p.setPen(text_colour)
                p.drawText(QPointF(x + 4, y), tick.label)

    def _paint_lane(self, p: QPainter, lane, rect: QRectF) -> None:
        v = self.viewport
        rows = self.data.visible(lane, v.t0, v.t1)
        if lane.title:
            self._paint_lane_title(p, lane, rect)
        if len(rows) > DENSE_LIMIT:
            self._paint_dense(p, lane, rows, rect)
        else:
            self._paint_sparse(p, rows, rect, top_offset=14 if lane.title else 0,
                               colour=lane.color_index)

    def _paint_lane_title(self, p: QPainter, lane, rect: QRectF) -> None:
        p.setFont(self._small_font)
        colour = source_colour(lane.color_index) if lane.color_index >= 0 else QColor(REJECTED)
        p.setPen(Qt.NoPen)
        p.setBrush(colour)
        p.drawRoundedRect(QRectF(6, rect.top() + 3, 8, 8), 2, 2)
        p.setPen(self.palette().placeholderText().color())
        p.drawText(QPointF(18, rect.top() + 11), lane.title)

    def _paint_dense(self, p: QPainter, lane, rows: np.ndarray, rect: QRectF) -> None:
        """Too many events: a density strip per pixel column and buckets with counts."""
        v, width = self.viewport, self.width()
        centres = v.x_of((self.data.start[rows] + self.data.end[rows]) / 2.0)
        cols = np.clip(centres.astype(int), 0, width - 1)
        counts = np.bincount(cols, minlength=width)
        nz = np.nonzero(counts)[0]
        base = rect.bottom() - 6
        strip_h = max(rect.height() - 40, 10)
        heights = np.log1p(counts[nz]) / np.log1p(counts.max()) * strip_h
        colour = source_colour(max(lane.color_index, 0))
        colour.setAlpha(170)
        column_h = np.zeros(width)
        column_h[nz] = np.maximum(heights, 1.5)
        strip = density_strip(column_h, colour.red(), colour.green(), colour.blue(),
                              colour.alpha())
        image = QImage(strip.data, width, strip.shape[0], width * 4,
                       QImage.Format_ARGB32_Premultiplied)
        p.drawImage(QPointF(0, base - strip.shape[0]), image)
        bucket_of = cols // BUCKET_PX
        buckets = np.bincount(bucket_of)
        for b in np.nonzero(buckets)[0].tolist():
            x = b * BUCKET_PX + BUCKET_PX / 2
            inside = rows[bucket_of == b]
            t0, t1 = float(self.data.start[inside].min()), float(self.data.end[inside].max())
            self._paint_bubble(p, QPointF(x, rect.top() + 20), int(buckets[b]), t0, t1)

    def _paint_sparse(self, p: QPainter, rows: np.ndarray, rect: QRectF, top_offset: int,
                      colour: int) -> None:
        d, v = self.data, self.viewport
        self._lane_colour = colour
        n_rows = max(int((rect.height() - top_offset - LEFTOVER_H) // ROW_H), 1)
        x0 = v.x_of(d.start[rows])
        x1 = v.x_of(d.end[rows])
        selected = d.index_of.get(self.selection.event_id, -1)
        leftovers = []
        # Where labels must be thinned, the most important events keep theirs (each
        # article's main news, the events told by most sources), whatever is selected.
        taken: list[list[tuple[float, float]]] = [[] for _ in range(n_rows)]
        placed = []
        for k in np.lexsort((x0, -d.importance[rows])).tolist():
            i = int(rows[k])
            point = bool(d.point[i]) or x1[k] - x0[k] < MARK
            if point:
                left = (x0[k] + x1[k]) / 2 - MARK / 2
                label_x = left + MARK + 4
            else:
                left = max(x0[k], 0.0)
                inside = self._label_w[i] + (12 if d.flagged[i] else 0) + 12 <= x1[k] - left
                label_x = left + 6 if inside else x1[k] + 5
            label_x += 12 if d.flagged[i] else 0
            dots = 8 * min(len(d.colours[i]), 5) + 4 if len(d.colours[i]) > 1 else 0
            need = max(x1[k], label_x + self._label_w[i] + dots) + 12
            r = next((r for r in range(n_rows) if _free(taken[r], left, need)), -1)
            if r < 0:
                leftovers.append(((x0[k] + x1[k]) / 2, i))
                continue
            bisect.insort(taken[r], (left, need))
            placed.append((k, i, r, point, label_x))
        for k, i, r, point, label_x in sorted(placed):
            y = rect.top() + top_offset + r * ROW_H
            self._paint_event(p, i, x0[k], x1[k], y, point, label_x, i == selected)
        self._paint_leftovers(p, leftovers, rect)

    def _paint_event(self, p: QPainter, i: int, x0: float, x1: float, y: float, point: bool,
                     label_x: float, selected: bool) -> None:
        d = self.data
        rejected = bool(d.rejected[i])
        context = bool(d.context[i])
        colour = QColor(REJECTED) if rejected else source_colour(self._colour_of(i))
        mid = y + ROW_H / 2
        outline = QColor(colour).darker(140)
        pen = QPen(outline, 2.2 if selected else 1.2)
        if d.derived[i]:
            pen.setStyle(Qt.DashLine)
        if context:
            pen = QPen(QColor(CONTEXT), 2.2 if selected else 1.4, Qt.DotLine)
        fill = QColor(colour)
        if d.approximate[i] or d.derived[i] or rejected:
            fill.setAlpha(90)
        if context:
            fill = QColor(Qt.transparent)
        if point:
            cx = (x0 + x1) / 2
            rect = QRectF(cx - MARK / 2, mid - MARK / 2, MARK, MARK)
            p.setPen(pen)
            p.setBrush(fill)
            draw_shape(p, source_shape(self._colour_of(i)), rect)
            hit = QRectF(rect)
        else:
            rect = QRectF(x0, mid - 8, max(x1 - x0, 2.0), 16)
            tint = QColor(colour)
            tint.setAlpha(45 if d.approximate[i] or d.derived[i] else 70)
            if d.approximate[i]:
                grad = QLinearGradient(rect.left(), 0, rect.right(), 0)
                faded = QColor(tint)
                faded.setAlpha(0)
                edge = min(0.25, 40.0 / max(rect.width(), 1.0))
                grad.setColorAt(0, faded)
                grad.setColorAt(edge, tint)
                grad.setColorAt(1 - edge, tint)
                grad.setColorAt(1, faded)
                p.setBrush(grad)
            else:
                p.setBrush(tint)
            p.setPen(pen)
            p.drawRoundedRect(rect, 4, 4)
            if not d.approximate[i]:
                p.setPen(Qt.NoPen)
                p.setBrush(colour)
                p.drawRoundedRect(QRectF(rect.left(), rect.top(), min(4, rect.width()),
                                         rect.height()), 2, 2)
            hit = QRectF(rect)
        if d.flagged[i]:
            self._paint_flag(p, label_x - 12, mid)
        p.setFont(self._bold_font if selected else self._label_font)
        metrics = p.fontMetrics()
        text_rect = QRectF(label_x - 3, mid - metrics.height() / 2 - 1,
                           self._label_w[i] + 6, metrics.height() + 2)
        if selected:
            highlight = QColor(self.palette().highlight().color())
            highlight.setAlpha(60)
            p.setPen(Qt.NoPen)
            p.setBrush(highlight)
            p.drawRoundedRect(text_rect, 4, 4)
        text_colour = self.palette().text().color()
        if rejected:
            text_colour = QColor(REJECTED)
        if i == self._hover and not selected:
            text_colour = self.palette().link().color()
        p.setPen(text_colour)
        font = p.font()
        font.setItalic(bool(d.derived[i]))
        font.setStrikeOut(rejected)
        p.setFont(font)
        p.drawText(QPointF(label_x, mid + metrics.ascent() / 2 - 1), self._labels[i])
        if d.edited[i]:
            p.setPen(QPen(self.palette().text().color(), 1.2))
            p.setBrush(self.palette().text().color())
            p.drawEllipse(QRectF(label_x + self._label_w[i] + 1, mid - metrics.ascent() / 2 - 1,
                                 4, 4))
        category = self._category_colours[i]
        if category is not None and not rejected:
            p.setPen(QPen(category, 2.5, Qt.SolidLine, Qt.RoundCap))
            under = mid + metrics.ascent() / 2 + 1.5
            p.drawLine(QPointF(label_x, under), QPointF(label_x + self._label_w[i], under))
        dots_x = label_x + self._label_w[i] + 6
        if len(d.colours[i]) > 1:
            p.setPen(Qt.NoPen)
            for n, c in enumerate(d.colours[i][:5]):
                p.setBrush(source_colour(c))
                p.drawEllipse(QRectF(dots_x + n * 8, mid - 3, 6, 6))
        self._hits.append(_Hit(hit.united(text_rect), i))

    def _colour_of(self, i: int) -> int:
        return self._lane_colour if self._lane_colour >= 0 else int(self.data.first_colour[i])

    def _paint_flag(self, p: QPainter, x: float, mid: float) -> None:
        path = QPainterPath()
        path.moveTo(x + 5, mid - 6)
        path.lineTo(x + 10.5, mid + 4.5)
        path.lineTo(x - 0.5, mid + 4.5)
        path.closeSubpath()
        p.setPen(Qt.NoPen)
        p.setBrush(QColor(FLAG))
        p.drawPath(path)
        p.setPen(QColor("white"))
        p.setFont(self._small_font)
        p.drawText(QRectF(x, mid - 4, 10, 9), Qt.AlignCenter, "!")

    def _paint_leftovers(self, p: QPainter, leftovers: list, rect: QRectF) -> None:
        """Events without room for a label: single ones as plain marks, groups as bubbles."""
        if not leftovers:
            return
        leftovers.sort()
        groups, current = [], [leftovers[0]]
        for item in leftovers[1:]:
            if item[0] - current[-1][0] < CLUSTER_GAP:
                current.append(item)
            else:
                groups.append(current)
                current = [item]
        groups.append(current)
        y = rect.bottom() - LEFTOVER_H / 2
        d = self.data
        for group in groups:
            idx = [i for _, i in group]
            x = float(np.mean([x for x, _ in group]))
            if len(idx) == 1:
                i = idx[0]
                colour = source_colour(self._colour_of(i))
                p.setPen(QPen(colour.darker(140), 1))
                p.setBrush(colour)
                r = QRectF(max(x, 3) - 3, y - 3, 6, 6)
                draw_shape(p, source_shape(self._colour_of(i)), r)
                self._hits.append(_Hit(r.adjusted(-3, -3, 3, 3), i))
            else:
                t0 = float(d.start[idx].min())
                t1 = float(d.end[idx].max())
                self._paint_bubble(p, QPointF(max(x, 12), y), len(idx), t0, t1, tuple(idx))

    def _paint_bubble(self, p: QPainter, centre: QPointF, count: int, t0: float, t1: float,
                      members: tuple = ()):
        p.setFont(self._small_font)
        text = str(count)
        w = max(p.fontMetrics().horizontalAdvance(text) + 12, 20)
        rect = QRectF(centre.x() - w / 2, centre.y() - 9, w, 18)
        colour = QColor(self.palette().highlight().color())
        p.setPen(QPen(colour.darker(120), 1))
        colour.setAlpha(200)
        p.setBrush(colour)
        p.drawRoundedRect(rect, 9, 9)
        p.setPen(self.palette().highlightedText().color())
        p.drawText(rect, Qt.AlignCenter, text)
        self._hits.append(_Hit(rect, -1, t0, t1, members))

    def _paint_selection_line(self, p: QPainter) -> None:
        i = self.data.index_of.get(self.selection.event_id, -1) if self.data else -1
        if i < 0:
            return
        x0, x1 = self.viewport.x_of(self.data.start[i]), self.viewport.x_of(self.data.end[i])
        colour = QColor(self.palette().highlight().color())
        colour.setAlpha(28)
        bottom = self.height() - AXIS_H
        p.fillRect(QRectF(x0, 0, max(x1 - x0, 2.0), bottom), colour)
        colour.setAlpha(160)
        p.setPen(QPen(colour, 1, Qt.DashLine))
        p.drawLine(QPointF(x0, 0), QPointF(x0, bottom))

    # interaction ----------------------------------------------------------
    def hit_at(self, pos: QPointF) -> _Hit | None:
        for hit in reversed(self._hits):
            if hit.rect.contains(pos):
                return hit
        return None

    def events_in(self, box: QRectF) -> list[str]:
        """Ids of the events drawn (last frame) inside or across ``box``."""
        found = [str(self.data.ids[h.index]) for h in self._hits
                 if h.index >= 0 and h.rect.intersects(box)]
        return list(dict.fromkeys(found))

    def event_rect(self, event_id: str) -> QRectF | None:
        """Where ``event_id`` was drawn in the last frame (for tests and accessibility)."""
        i = self.data.index_of.get(event_id, -2) if self.data else -2
        return next((h.rect for h in self._hits if h.index == i), None)

    def wheelEvent(self, event) -> None:
        delta = event.angleDelta()
        if delta.y():
            self.zoom(1.2 ** (delta.y() / 120.0), event.position().x())
        elif delta.x():
            self.viewport.pan(delta.x() / 2.0)
            self._view_changed()
        event.accept()

    def event(self, event) -> bool:
        if event.type() == QEvent.NativeGesture and \
                event.gestureType() == Qt.ZoomNativeGesture:
            self.zoom(1.0 + event.value(), event.position().x())
            return True
        return super().event(event)

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.LeftButton and event.modifiers() & Qt.ShiftModifier \
                and self.hit_at(event.position()) is None:
            self._band_origin = event.position().toPoint()
            if self._band is None:
                self._band = QRubberBand(QRubberBand.Rectangle, self)
            self._band.setGeometry(QRect(self._band_origin, QSize()))
            self._band.show()
            return
        if event.button() == Qt.LeftButton:
            self._press = event.position()
            self._dragged = False
            self.setFocus()

    def mouseMoveEvent(self, event) -> None:
        pos = event.position()
        if self._band_origin is not None:
            self._band.setGeometry(QRect(self._band_origin, pos.toPoint()).normalized())
            return
        if self._press is not None and event.buttons() & Qt.LeftButton:
            dx = pos.x() - self._press.x()
            if self._dragged or abs(dx) > 3:
                self._dragged = True
                self.setCursor(Qt.ClosedHandCursor)
                self.viewport.pan(dx)
                self._press = pos
                self._view_changed()
            return
        hit = self.hit_at(pos)
        index = hit.index if hit else -1
        if index != self._hover:
            self._hover = index
            self.update()
        if hit is not None:
            self.setCursor(Qt.PointingHandCursor)
            QToolTip.showText(event.globalPosition().toPoint(), self._tooltip(hit), self)
        else:
            self.unsetCursor()
            QToolTip.hideText()

    def mouseReleaseEvent(self, event) -> None:
        if self._band_origin is not None:
            box = QRectF(QRect(self._band_origin, event.position().toPoint()).normalized())
            self._band.hide()
            self._band_origin = None
            self.eventsBoxed.emit(self.events_in(box))
            return
        if event.button() != Qt.LeftButton or self._press is None:
            return
        was_drag, self._press, self._dragged = self._dragged, None, False
        self.unsetCursor()
        if was_drag:
            return
        hit = self.hit_at(event.position())
        if hit is None:
            return
        if hit.index >= 0:
            if event.modifiers() & (Qt.ControlModifier | Qt.ShiftModifier):
                self.eventToggled.emit(str(self.data.ids[hit.index]))
            else:
                self.selection.select(str(self.data.ids[hit.index]))
        else:
            self.zoom_to_cluster(hit)

    def zoom_to_cluster(self, hit: _Hit) -> None:
        """Show exactly the cluster's events (a little margin so marks are not cut)."""
        if hit.members:
            members = np.array(hit.members, dtype=int)
            t0, t1 = float(self.data.start[members].min()), float(self.data.end[members].max())
        else:
            t0, t1 = hit.t0, hit.t1
        self.viewport.set_range(t0 - (t1 - t0) * 0.08, t1 + (t1 - t0) * 0.35)
        self._view_changed()

    def contextMenuEvent(self, event) -> None:
        hit = self.hit_at(QPointF(event.pos()))
        if hit is not None and hit.index >= 0:
            self.eventMenuRequested.emit(str(self.data.ids[hit.index]), event.globalPos())
            event.accept()
        else:
            event.ignore()

    def mouseDoubleClickEvent(self, event) -> None:
        if self.hit_at(event.position()) is None:
            self.zoom(2.0, event.position().x())

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key == Qt.Key_Left:
            self.step(-1)
        elif key == Qt.Key_Right:
            self.step(1)
        elif key == Qt.Key_F:
            self.fit_all()
        elif key in (Qt.Key_Plus, Qt.Key_Equal):
            self.zoom(1.5)
        elif key == Qt.Key_Minus:
            self.zoom(1 / 1.5)
        else:
            super().keyPressEvent(event)

    def _tooltip(self, hit: _Hit) -> str:
        if hit.index < 0:
            if not hit.members:
                return "Events here – click to zoom in"
            names = [f"{_escape(format_interval(*self._interval_of(i)))}: "
                     f"{_escape(self.data.labels[i])}"
                     for i in sorted(hit.members, key=lambda i: self.data.start[i])]
            more = len(names) - CLUSTER_TIP_MAX
            lines = [f"<b>{len(names)} events</b> – click to zoom to them"] \
                + names[:CLUSTER_TIP_MAX] + ([f"… and {more} more"] if more > 0 else [])
            return "<qt>" + "<br>".join(lines) + "</qt>"
        row = self.data.frame.iloc[hit.index]
        when = format_interval(row["start"], row["end"], row["granularity"], row["approximate"])
        lines = [f"<b>{_escape(row['label'])}</b>", _escape(when),
                 f"Sources: {_escape(row['sources'])}"]
        if row.get("category", ""):
            lines.append(f"Category: {_escape(row['category'])}")
        if row.get("status", "") == "rejected":
            lines.append("<i>Rejected</i>")
        if row.get("note", ""):
            lines.append(f"Note: {_escape(row['note'])}")
        if row["derived"]:
            lines.append("<i>Date derived from a relative expression</i>")
        if self.data.context[hit.index]:
            lines.append("<i>Dated by context: by the story or the article's date</i>")
        if self.data.edited[hit.index]:
            lines.append("<i>Edited by you</i>")
        if row["flags"]:
            lines.append(f"<span style='color:{FLAG}'>⚠ {_escape(row['flags'])}</span>")
        return "<qt>" + "<br>".join(lines) + "</qt>"

    def _interval_of(self, i: int) -> tuple:
        row = self.data.frame.iloc[i]
        return row["start"], row["end"], row["granularity"], bool(row["approximate"])


def _free(spans: list[tuple[float, float]], left: float, right: float) -> bool:
    """No span of the sorted, non-overlapping ``spans`` meets [left, right)."""
    at = bisect.bisect_left(spans, (left, left))
    if at > 0 and spans[at - 1][1] > left:
        return False
    return at == len(spans) or spans[at][0] >= right


def draw_shape(p: QPainter, shape: str, rect: QRectF) -> None:
    """A source's mark: circle, square, diamond or triangle (sources beyond the palette)."""
    if shape == "square":
        p.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5))
    elif shape in ("diamond", "triangle"):
        c = rect.center()
        h = rect.height() / 2
        points = ([QPointF(c.x(), c.y() - h), QPointF(c.x() + h, c.y()),
                   QPointF(c.x(), c.y() + h), QPointF(c.x() - h, c.y())]
                  if shape == "diamond" else
                  [QPointF(c.x(), c.y() - h), QPointF(c.x() + h, c.y() + h),
                   QPointF(c.x() - h, c.y() + h)])
        p.drawPolygon(QPolygonF(points))
    else:
        p.drawEllipse(rect)


def density_strip(heights: np.ndarray, red: int, green: int, blue: int, alpha: int
                  ) -> np.ndarray:
    """A per-pixel-column bar chart as premultiplied ARGB32 pixels (rows x columns,
    bottom-aligned): column x is filled for its ``heights[x]`` pixels, rounded up, so the
    whole density strip is painted with one drawImage instead of a line per column."""
    rows = int(np.ceil(heights.max())) if len(heights) else 0
    rows = max(rows, 1)
    scale = alpha / 255.0
    pixel = (alpha << 24) | (round(red * scale) << 16) | (round(green * scale) << 8) \
        | round(blue * scale)
    filled = np.arange(rows)[::-1, None] < np.ceil(heights)[None, :]
    return np.ascontiguousarray(np.where(filled, np.uint32(pixel), np.uint32(0)),
                                dtype=np.uint32)


def _escape(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
