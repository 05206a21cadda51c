"""What every mark on the timeline means, drawn with the timeline's own painter code."""
from __future__ import annotations

from .colours import CONTEXT, FLAG, REJECTED, source_colour
from .qt import (QColor, QFont, QHBoxLayout, QLabel, QLinearGradient, QPainter, QPen, QPixmap,
                 QPointF, QRectF, Qt, QWidget)

#: (key, text, tooltip) in the order shown.
MARKS = [
    ("point", "day", "A dot: an event dated to a day"),
    ("span", "period", "A bar: an event spanning weeks, months or years"),
    ("approximate", "approximate", "Faded ends: an approximate date (about, early, late)"),
    ("derived", "derived", "Dashed outline and italic label: a date worked out from a "
                           "relative expression"),
    ("context", "by context", "Dotted hollow mark: dated only by the story or the "
                                    "article's publication date"),
    ("disputed", "disputed", "Red warning sign: the sources give different dates "
                                     "or figures"),
    ("edited", "edited", "A dot after the label: you changed this event"),
    ("rejected", "rejected", "Grey struck-out label: an event you rejected"),
    ("cluster", "events here", "A number: events too close to label; click to zoom to them"),
]


def mark_pixmap(key: str, base: QColor | None = None) -> QPixmap:
    pix = QPixmap(26, 16)
    pix.fill(Qt.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.Antialiasing)
    colour = QColor(base or source_colour(0))
    outline = QPen(colour.darker(140), 1.2)
    if key == "point":
        p.setPen(outline)
        p.setBrush(colour)
        p.drawEllipse(QRectF(8, 3, 10, 10))
    elif key in ("span", "approximate", "derived"):
        rect = QRectF(1, 3, 24, 10)
        tint = QColor(colour)
        tint.setAlpha(70 if key == "span" else 45)
        if key == "approximate":
            grad = QLinearGradient(rect.left(), 0, rect.right(), 0)
            faded = QColor(tint)
            faded.setAlpha(0)
            grad.setColorAt(0, faded)
            grad.setColorAt(0.3, tint)
            grad.setColorAt(0.7, tint)
            grad.setColorAt(1, faded)
            p.setBrush(grad)
        else:
            p.setBrush(tint)
        if key == "derived":
            outline.setStyle(Qt.DashLine)
        p.setPen(outline)
        p.drawRoundedRect(rect, 3, 3)
    elif key == "context":
        p.setPen(QPen(QColor(CONTEXT), 1.4, Qt.DotLine))
        p.setBrush(Qt.NoBrush)
        p.drawEllipse(QRectF(8, 3, 10, 10))
    elif key == "disputed":
        p.setPen(Qt.NoPen)
        p.setBrush(QColor(FLAG))
        p.drawPolygon([QPointF(13, 2), QPointF(19, 13), QPointF(7, 13)])
        p.setPen(QColor("white"))
        font = QFont()
        font.setPixelSize(9)
        font.setBold(True)
        p.setFont(font)
        p.drawText(QRectF(7, 4, 12, 10), Qt.AlignCenter, "!")
    elif key == "edited":
        p.setPen(Qt.NoPen)
        p.setBrush(QColor("#333333"))
        p.drawEllipse(QRectF(11, 6, 4, 4))
    elif key == "rejected":
        p.setPen(QPen(QColor(REJECTED), 1.2))
        p.setBrush(QColor(REJECTED))
        p.drawEllipse(QRectF(8, 3, 10, 10))
    elif key == "cluster":
        p.setPen(Qt.NoPen)
        p.setBrush(QColor("#3a78c3"))
        p.drawRoundedRect(QRectF(3, 1, 20, 14), 7, 7)
        p.setPen(QColor("white"))
        font = QFont()
        font.setPixelSize(9)
        p.setFont(font)
        p.drawText(QRectF(3, 1, 20, 14), Qt.AlignCenter, "17")
    p.end()
    return pix


class TimelineLegend(QWidget):
    """One row under the timeline: each kind of mark with its name (details in tooltips)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Timeline legend")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 1, 6, 1)
        layout.setSpacing(3)
        self.keys = []
        for key, text, tooltip in MARKS:
            icon = QLabel()
            icon.setPixmap(mark_pixmap(key))
            icon.setToolTip(tooltip)
            label = QLabel(text)
            label.setToolTip(tooltip)
            layout.addWidget(icon)
            layout.addWidget(label)
            layout.addSpacing(6)
            self.keys.append(key)
        layout.addStretch(1)


def never_widens(widget: QWidget) -> QWidget:
    """Let ``widget`` be clipped rather than set the window's minimum width."""
    from .qt import QSizePolicy
    policy = widget.sizePolicy()
    policy.setHorizontalPolicy(QSizePolicy.Ignored)
    widget.setSizePolicy(policy)
    widget.setMinimumWidth(0)
    return widget
